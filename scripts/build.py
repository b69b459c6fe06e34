#!/usr/bin/env python3
"""Build AWS Notes: check the pages, build strictly, check the result; --serve to read it.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.build`:
`python3 scripts/build.py --help` lists the options.
"""
import sys

import bootstrap

downloads = "--downloads" in sys.argv[1:]  # the book needs Playwright and chromium
bootstrap.run("awsnotes.build", needs="test" if downloads else "site", browser=downloads)
