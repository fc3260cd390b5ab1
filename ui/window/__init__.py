"""The main window and what only it uses: the find bar, the location bar, the watcher."""
