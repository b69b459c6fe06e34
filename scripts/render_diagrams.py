#!/usr/bin/env python3
"""Prerender every Mermaid diagram of the site to SVG in diagrams/.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.render_diagrams`:
`python3 scripts/render_diagrams.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.render_diagrams", needs="test", browser=True)
