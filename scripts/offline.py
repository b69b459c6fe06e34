#!/usr/bin/env python3
"""Build the offline copy of the site: a zip that works opened from the file system.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.offline`:
`python3 scripts/offline.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.offline", needs="site")
