#!/usr/bin/env python3
"""Serve a built site the way a static host does: cache headers, gzip, the 404 page.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.serve`:
`python3 scripts/serve.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.serve", needs="site")
