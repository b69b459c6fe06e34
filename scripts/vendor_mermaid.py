#!/usr/bin/env python3
"""Refresh the self-hosted Mermaid library from the npm registry.

Sets up .venv/ on first use (scripts/bootstrap.py), then runs `python -m awsnotes.vendor_mermaid`:
`python3 scripts/vendor_mermaid.py --help` lists the options.
"""
import bootstrap

bootstrap.run("awsnotes.vendor_mermaid", needs="site")
