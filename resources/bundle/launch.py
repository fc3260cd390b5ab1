"""The bundle's entry point: the same ``annotator`` command as the installed console script."""

import sys

from annotator.ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
