"""Hostile input in the reader's browser: anchor redirects, escaped front matter, the CSP."""

from __future__ import annotations

import pytest

from pathlib import Path

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


# -- Front matter reaches HTML escaped ------------------------------------------------

QUOTED = "SQS & SNS \"fan-out\" isn't <hard>"
INJECTED = "'\"><script>alert(9)</script>"


def set_front_matter(page: Path, **values: str) -> None:
    import yaml

    text = page.read_text(encoding="utf-8")
    head, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head)
    meta.update(values)
    page.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The project with quotes, ampersands, angle brackets and a script in front matter, built."""
    import subprocess
    import sys

    from tests.support import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    set_front_matter(project / "docs" / "messaging" / "sqs.md", description=QUOTED)
    set_front_matter(project / "docs" / "messaging" / "sns.md", title=INJECTED, description="x " + INJECTED)
    result = subprocess.run([sys.executable, "scripts/build.py", "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project / "site"


class Head(__import__("html.parser").parser.HTMLParser):
    """The <title> text and the meta tags of a page, as a browser parses them."""

    def __init__(self, text: str):
        super().__init__()
        self.meta, self.title, self.scripts, self._in_title = {}, "", [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        self._in_title = tag == "title"
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.scripts.append(self.getpos())

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_front_matter_is_escaped_in_the_built_html(hostile_site):
    sqs = Head((hostile_site / "messaging" / "sqs" / "index.html").read_text(encoding="utf-8"))
    for name in ("description", "og:description", "twitter:description"):
        assert sqs.meta[name] == QUOTED, name
    sns_html = (hostile_site / "messaging" / "sns" / "index.html").read_text(encoding="utf-8")
    sns = Head(sns_html)
    assert sns.title == f"{INJECTED} - AWS Notes"
    for name in ("og:title", "twitter:title"):
        assert sns.meta[name] == f"{INJECTED} - AWS Notes", name
    assert sns.meta["description"] == "x " + INJECTED
    assert "<script>alert(9)" not in sns_html
    # The short links' redirect pages carry the same exact text.
    stub = Head((hostile_site / "sqs" / "index.html").read_text(encoding="utf-8"))
    assert stub.meta["description"] == stub.meta["og:description"] == QUOTED
    stub = Head((hostile_site / "sns" / "index.html").read_text(encoding="utf-8"))
    assert stub.title == f"{INJECTED} - AWS Notes" and stub.meta["og:description"] == "x " + INJECTED


@pytest.mark.browser
@pytest.mark.parametrize("path", ["messaging/sqs/", "messaging/sns/", "sns/", "reference/glossary/"])
def test_front_matter_runs_nothing_in_the_browser(context, hostile_site, path):
    dialogs = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with SiteServer(hostile_site) as server:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        page.wait_for_function("document.querySelector('article h1')")  # redirects have landed
        assert page.evaluate("document.querySelector('meta[name=description]').content") in (QUOTED, "x " + INJECTED) \
            or path == "reference/glossary/"
        assert page.evaluate("document.title").startswith(INJECTED) == (path.endswith("sns/"))
        # Nothing of the front matter leaked into the page as markup: the body starts with the site.
        assert not page.evaluate("document.body.innerText.trimStart()").startswith('">')
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert dialogs == []
