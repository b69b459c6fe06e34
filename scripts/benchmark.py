#!/usr/bin/env python3
"""Measure the built site's speed, page weight and build time; prints figures.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.benchmark`:
`python3 scripts/benchmark.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.benchmark", needs="test", browser=True)
