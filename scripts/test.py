#!/usr/bin/env python3
"""Set up and run the test suite: `--quick` for the tests that need no browser.

    python3 scripts/test.py            # everything (what CI runs)
    python3 scripts/test.py --quick    # no browser, no full builds: under 3 minutes
    python3 scripts/test.py -k search  # other arguments go to pytest

Sets up .venv/ and Debian's chromium on first use (scripts/bootstrap.py), then
runs `python -m awsnotes.run_tests`.
"""
import sys

import bootstrap

bootstrap.run("awsnotes.run_tests", needs="test", browser="--quick" not in sys.argv[1:])
