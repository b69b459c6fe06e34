#!/usr/bin/env python3
"""Refresh the lock files from requirements.txt and requirements-test.txt.

    python3 scripts/lock.py

Resolves every package, pins it and records its hashes with uv in a
throwaway environment: requirements.lock (the site) and
requirements-test.lock (the site plus the tests, the same versions). Commit
both; every install uses them with `pip install --require-hashes`.
"""
import bootstrap

bootstrap.lock()
