"""Hostile input in the reader's browser: anchor redirects, escaped front matter, the CSP."""

from __future__ import annotations

import pytest

from awsnotes import ROOT
from tests.support import SiteServer, write_site

ANCHOR_SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "anchor-redirects.js"


@pytest.fixture
def anchor_site(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("links_hook", ROOT / "overrides" / "hooks" / "links.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    script = hook.fill_map(ANCHOR_SCRIPT.read_text(encoding="utf-8"),
                           {"networking/vpc/": {"old": "networking/vpc/#new"}})
    page = ('<!doctype html><title>VPC</title><h2 id="new">New</h2>'
            '<script src="../../assets/javascripts/anchor-redirects.js"></script>')
    site = write_site(tmp_path / "site", {"networking/vpc/index.html": page, "404.html": "<p>not found</p>",
                                         "assets/javascripts/anchor-redirects.js": script})
    with SiteServer(site) as server:
        yield server


@pytest.mark.browser
@pytest.mark.parametrize("anchor", ["__proto__", "constructor", "toString", "hasOwnProperty"])
def test_anchor_redirects_ignore_inherited_properties(context, anchor_site, anchor):
    page = context.new_page()
    page.goto(anchor_site.url + f"networking/vpc/#{anchor}")
    page.wait_for_load_state("load")
    page.evaluate("location.hash = 'old'")  # the script is live and answers a real redirect ...
    page.wait_for_function("location.hash === '#new'")
    # ... on the same page: the inherited name sent the reader nowhere.
    assert page.evaluate("location.pathname") == "/networking/vpc/"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert page.title() == "VPC"
