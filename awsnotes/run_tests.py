"""Run the test suite with pytest: the full suite, or the quick tier.

    python3 scripts/test.py            # everything: unit, build and browser tests (CI)
    python3 scripts/test.py --quick    # what needs no browser and no full build
    python3 scripts/test.py -k search  # other arguments go to pytest

Tests marked `browser` drive headless Chromium; tests marked `build` run the
whole site build. The quick tier leaves both out and finishes in well under
three minutes on a 2-core machine.

Tests run on every core (pytest-xdist, one worker per CPU). Tests that share
a module-scoped fixture (a measured set of pages, a broken build) stay on one
worker, which computes it once (tests/conftest.py). `-n 0` runs everything
in this process (for `--pdb`, or to read one test's output).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from awsnotes import ROOT

QUICK = ["-m", "not browser and not build"]


def parallel(pytest_args: list[str], cpus: int | None) -> list[str]:
    """One worker per CPU, a module's `xdist_group` kept on one worker; the caller's `-n` wins."""
    if any(arg.startswith(("-n", "--numprocesses")) for arg in pytest_args):
        return []
    return ["-n", str(max(1, cpus or 1)), "--dist", "loadgroup"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/test.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the tests that need no browser and no build")
    args, pytest_args = parser.parse_known_args(argv)
    command = [sys.executable, "-m", "pytest", *(QUICK if args.quick else []),
               *parallel(pytest_args, os.cpu_count()), *pytest_args]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
