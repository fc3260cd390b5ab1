"""The window's panes: documents, annotations, inspector, codebook, review; each a widget of its own.

A pane talks to the window through its signals and a few methods; it never reaches into the
window, and the window reaches into no pane's private members.
"""
