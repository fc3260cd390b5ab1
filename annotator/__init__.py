"""The Qt-free core of the annotator: project store, codebook, importers, exporters, agreement.

Nothing in this package imports PySide6 or ``ui``; a test enforces it, so the core stays usable
from a notebook, the command line or a server.
"""

__version__ = "0.1.0"
