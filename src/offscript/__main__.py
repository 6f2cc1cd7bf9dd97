"""`python -m offscript` runs the same command line as `offscript`."""

import sys

from offscript.cli import main

if __name__ == "__main__":
    sys.exit(main())
