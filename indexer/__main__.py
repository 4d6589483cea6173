"""`python -m indexer` runs the `minutes` command."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
