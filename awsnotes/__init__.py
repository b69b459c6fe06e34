"""AWS Notes' own library: checks, the built-site reader, the HTTP policy, publishers.

The commands in scripts/ are thin entry points over this package; tests import
it directly. ROOT is the project this copy of the package belongs to.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
