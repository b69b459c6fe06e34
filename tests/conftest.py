"""Shared fixtures: one real build of the site, a local server, and headless Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import CHROMIUM_ARGS, OPEN_SHADOW_ROOTS, Recorder, SiteServer, chromium_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built by the same command users run.

    AWSNOTES_TEST_SITE=DIR reuses a site already built with
    `python3 scripts/build.py --site-dir DIR` (quicker reruns while working).
    """
    reuse = os.environ.get("AWSNOTES_TEST_SITE")
    if reuse:
        return Path(reuse)
    site = tmp_path_factory.mktemp("build") / "site"
    result = subprocess.run([sys.executable, "scripts/build.py", "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def server(built_site):
    with SiteServer(built_site) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    yield context
    context.close()


@pytest.fixture
def recorded_page(context, server):
    """A page whose requests, console errors and page errors are recorded."""
    page = context.new_page()
    recorder = Recorder(server.url)
    recorder.attach(page)
    return page, recorder


BUILDING_FIXTURES = {"built_site", "project_copy", "redirected_site", "hostile_site"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Tests that need a whole build are in the `build` tier (left out by --quick).

    Tests that share a module-scoped fixture (a measured set of pages, a broken
    build) form one xdist group, so one worker computes the fixture once.
    """
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
        definitions = getattr(item, "_fixtureinfo", None)
        shared = sorted(name for name, defs in (definitions.name2fixturedefs.items() if definitions else ())
                        if defs and defs[-1].scope == "module")
        if shared:
            item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}:{shared[0]}"))


def pytest_terminal_summary(terminalreporter):
    """Print the search evaluation's hit rate whether it passed or failed.

    The test records it as a user property of its report.
    """
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "search evaluation" and getattr(report, "when", "") == "call":
                    terminalreporter.write_line(value)
