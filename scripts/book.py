#!/usr/bin/env python3
"""Print the whole site as one PDF book (headless Chromium): cover, contents, every page.

Sets up .venv/ and Debian's chromium on first use (scripts/bootstrap.py), then runs
`python -m awsnotes.book`: `python3 scripts/book.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.book", needs="test", browser=True)
