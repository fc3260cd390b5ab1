"""Dialogs: file choosers that never open a file, preferences, shortcuts, search, login, dataset import."""
