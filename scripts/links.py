#!/usr/bin/env python3
"""Links that never break: check the built site against links/registry.json; --update to record new ones.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.links`:
`python3 scripts/links.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.links", needs="site")
