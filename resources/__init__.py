"""Data files shipped with the app: the default codebook, the dataset JSON Schema, stylesheets.

A package only so that ``importlib.resources`` finds these files in an installed copy too.
"""
