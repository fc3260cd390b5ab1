"""The text view: the article as a coder reads it, with spans drawn over it.

``view`` (the widget), ``highlighter`` (category fills, lazily per block), ``layout`` (room for
stacked underlines), ``positions`` (Qt's UTF-16 positions <-> code points: the only converter),
``review_overlay`` (review mode's marks).
"""
