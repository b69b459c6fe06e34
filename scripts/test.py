#!/usr/bin/env python3
"""Set up and run the full test suite: unit, build and browser tests.

From a fresh clone, with only Python 3:

    python3 scripts/test.py            # everything
    python3 scripts/test.py -k search  # extra arguments go to pytest

The first run creates .venv/ with requirements.txt and
requirements-test.txt, and installs Debian's `chromium` package when no
Chromium is on the PATH (this needs root, as in CI; otherwise install it
yourself: `sudo apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import bootstrap  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def ensure_chromium() -> str | None:
    """Path of Chromium, installing Debian's package when missing and allowed."""
    found = shutil.which("chromium")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium package", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        return shutil.which("chromium")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # Every argument this script does not know goes to pytest (-k, -x, -q, paths).
    _, pytest_args = parser.parse_known_args(argv)
    bootstrap.ensure(["requirements.txt", "requirements-test.txt"], "scripts/test.py",
                     sys.argv[1:] if argv is None else argv)
    if ensure_chromium() is None:
        print("error: Chromium is required for the browser tests: "
              "install Debian's package with `sudo apt-get install chromium`", file=sys.stderr)
        return 1
    return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
