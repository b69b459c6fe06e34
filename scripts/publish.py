#!/usr/bin/env python3
"""Publish the built site: to a directory, a gh-pages branch or an S3 bucket.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.publish.cli`:
`python3 scripts/publish.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.publish.cli", needs="site")
