#!/usr/bin/env python3
"""Publish the built site: to a directory, a gh-pages branch or an S3 bucket.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.publish.cli`:
`python3 scripts/publish.py --help` lists the options.
"""
import sys

import bootstrap

downloads = "--downloads" in sys.argv[1:]  # the book needs Playwright and chromium
bootstrap.run("awsnotes.publish.cli", needs="test" if downloads else "site", browser=downloads)
