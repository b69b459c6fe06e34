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
    page.wait_for_function("() => location.hash === '#new'")
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
        self.meta, self.title, self.scripts, self._in_title, self._in_body = {}, "", [], False, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        # The document's title, not an SVG diagram's <title> (its accessible name) in the body.
        self._in_body = self._in_body or tag == "body"
        self._in_title = tag == "title" and not self._in_body
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
        page.wait_for_function("() => document.querySelector('article h1')")  # redirects have landed
        assert page.evaluate("document.querySelector('meta[name=description]').content") in (QUOTED, "x " + INJECTED) \
            or path == "reference/glossary/"
        assert page.evaluate("document.title").startswith(INJECTED) == (path.endswith("sns/"))
        # Nothing of the front matter leaked into the page as markup: the body starts with the site.
        assert not page.evaluate("document.body.innerText.trimStart()").startswith('">')
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert dialogs == []


# -- Security headers: one policy, served everywhere ----------------------------------------

import json  # noqa: E402
import re  # noqa: E402
import urllib.request  # noqa: E402
from urllib.error import HTTPError  # noqa: E402

from awsnotes import http_policy, payload, serve  # noqa: E402
from tests.support import Recorder  # noqa: E402


def fetch_headers(url: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return dict(response.headers)
    except HTTPError as error:
        return dict(error.headers)


def test_the_local_server_sends_the_security_headers_on_every_response(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": "<p>home</p>", "404.html": "<p>gone</p>",
                                         "assets/site.css": "body{}", "folder/index.html": "<p>x</p>"})
    expected = http_policy.security_headers()
    with serve.CachingServer(site) as server:
        for path in ("", "assets/site.css", "no/such/page/"):
            headers = fetch_headers(server.url + path)
            assert {name: headers.get(name) for name in expected} == expected, path
        # A redirect (folder without slash) carries them too.
        request = urllib.request.Request(server.url + "folder", method="GET")
        opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                                  {"redirect_request": lambda *a, **k: None}))
        try:
            opener.open(request, timeout=30)
        except HTTPError as error:
            assert error.code == 301 and error.headers["Content-Security-Policy"] == expected["Content-Security-Policy"]


def test_the_policy_allows_nothing_from_other_hosts():
    policy = http_policy.content_security_policy()
    # Scripts: the site's own files, and Material's two inline start-up scripts by their hashes only.
    assert re.search(r"script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+;", policy)
    assert "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "'unsafe-eval'" not in policy and "*" not in policy and "http" not in policy
    assert "frame-ancestors 'none'" in policy and "frame-ancestors" not in http_policy.content_security_policy(meta=True)


def test_the_deploy_files_are_generated_from_the_policy():
    for rel, render in http_policy.DEPLOY_FILES.items():
        assert (ROOT / rel).read_text(encoding="utf-8") == render(), \
            f"{rel} is out of date: run `.venv/bin/python -m awsnotes.http_policy --write`"
    assert http_policy.main([]) == 0


def test_nginx_sends_every_header_in_every_location():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    locations = re.findall(r"\n    location [^{]*\{(.*?)\n    \}", conf, re.S)
    assert len(locations) == 2
    for block in locations:
        sent = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', block))
        assert {k: v for k, v in sent.items() if k != "Cache-Control"} == http_policy.security_headers()
    assert conf.count("{") == conf.count("}")


def test_the_cloudfront_policy_is_a_valid_request_carrying_the_policy():
    import botocore.session
    from botocore.validate import validate_parameters

    config = json.loads((ROOT / "deploy" / "cloudfront-response-headers.json").read_text(encoding="utf-8"))
    model = botocore.session.get_session().get_service_model("cloudfront")
    validate_parameters({"ResponseHeadersPolicyConfig": config},
                        model.operation_model("CreateResponseHeadersPolicy").input_shape)
    security = config["SecurityHeadersConfig"]
    headers = http_policy.security_headers()
    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"] == headers["Content-Security-Policy"]
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == headers["Referrer-Policy"]
    assert config["CustomHeadersConfig"]["Items"][0]["Value"] == headers["Permissions-Policy"]


def test_the_theme_start_scripts_are_materials_own():
    """Material's inline scripts, served as files or inline with the page's root in `data-scope`,
    stay in step with the installed theme."""
    import material

    templates = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    theirs = "".join(re.findall(r"<script>(.*?)</script>", (templates / "content.html").read_text(encoding="utf-8"), re.S))
    ours = "".join((ROOT / "docs" / "assets" / "javascripts" / name).read_text(encoding="utf-8").split(" */\n", 1)[1]
                   .strip() for name in ("theme-tabs.js", "theme-target.js"))
    assert ours == theirs
    head = re.search(r"<script>(.*?)</script>", (templates / "base.html").read_text(encoding="utf-8"), re.S)[1]
    materials = head.replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                             "new URL(document.currentScript.dataset.scope,location)").strip().rstrip(";")
    assert payload.HEAD_SCRIPT == materials + ";" + payload.ROOT_MARKS


def test_pages_carry_materials_two_inline_scripts_and_the_policy_allows_exactly_those(built_site):
    page = (built_site / "networking" / "vpc" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")([^>]*)>(.*?)</script>", page, re.S)
    assert [code for _, code in inline] == list(payload.INLINE_SCRIPTS)
    assert inline[0][0] == ' data-scope="../.."'  # the page's root, two levels up
    policy = http_policy.content_security_policy()
    assert re.search(r"script-src ('[^']+'(?: |;))+", policy)[0] == (
        "script-src 'self' " + " ".join(http_policy.script_hash(code) for code in payload.INLINE_SCRIPTS) + ";")


def test_the_palette_toggle_is_materials_own_markup():
    """overrides/partials/palette.html is Material's palette form with two changes only: the mark
    palette.js looks for in place of the one Material mounts its component on, and escaped values."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "palette.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "palette.html").read_text(encoding="utf-8")

    def body(template: str) -> str:
        return re.sub(r"^\{#-.*?-#\}\s*", "", template, flags=re.S).strip()

    assert body(ours).replace(" | e }}", " }}").replace(
        "data-awsnotes-palette>", 'data-md-component="palette">') == body(theirs)


# -- The site works under its own policy --------------------------------------------------------

REPORT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
               + `at ${event.sourceFile}:${event.lineNumber} (${location.pathname})`;
  window.__violations.push(text);
  window.reportViolation(text);
});
"""
INJECT_SCRIPT = """() => { const s = document.createElement("script");
                           s.textContent = "window.ran = true"; document.body.appendChild(s); }"""
REFUSED = "() => window.__violations.some(v => v.startsWith('script-src'))"


@pytest.fixture
def csp_page(browser, built_site, request):
    """A page of the built site served with its security headers; CSP violations and console
    errors recorded across navigations."""
    width = getattr(request, "param", 1280)
    context = browser.new_context(viewport={"width": width, "height": 900})
    violations: list[str] = []
    context.expose_binding("reportViolation", lambda _source, text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    with serve.CachingServer(built_site) as server:
        page = context.new_page()
        recorder = Recorder(server.url)
        recorder.attach(page)
        yield page, server.url, violations, recorder
    context.close()


def settle(page) -> None:
    page.wait_for_load_state("load")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def diagram_page(site: Path) -> str:
    from awsnotes import diagrams, site as built

    return next(p.url for p in built.pages(site) if diagrams.diagram_count(p.html()))


@pytest.mark.browser
@pytest.mark.parametrize("csp_page", [1280, 390], indirect=True, ids=["desktop", "phone"])
def test_the_site_works_under_its_own_content_security_policy(csp_page, built_site):
    page, base, violations, recorder = csp_page
    page.goto(base)
    settle(page)
    assert fetch_headers(base)["Content-Security-Policy"] == http_policy.content_security_policy()

    # The palette toggle: light, dark, back to the system's; the choice survives a reload.
    toggle = "form[data-awsnotes-palette] label:not([hidden])"
    schemes = []
    for _ in range(2):
        before = page.evaluate("document.body.getAttribute('data-md-color-media')")
        page.locator(toggle).first.click()
        page.wait_for_function("(before) => document.body.getAttribute('data-md-color-media') !== before",
                               arg=before)
        schemes.append(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
    assert set(schemes) == {"default", "slate"}
    page.reload()
    settle(page)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == schemes[-1]

    # Search (a same-origin worker) finds pages; the next page opens under the same policy.
    page.evaluate("() => { document.getElementById('__search').checked = true; }")  # open, as the button does
    page.locator("input.md-search__input").focus()
    page.locator("input.md-search__input").press_sequentially("lambda", delay=15)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item > a').length > 0", timeout=20000)
    page.evaluate("() => { document.getElementById('__search').checked = false; }")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function("() => location.pathname !== '/'")
    settle(page)

    # Prerendered diagrams with their own <style>; a short link's redirect page; anchor redirects.
    page.goto(base + diagram_page(built_site).lstrip("/"))
    page.wait_for_function("() => document.querySelector('article div.diagram > svg')")
    settle(page)
    page.goto(base + "sqs/")
    page.wait_for_function("() => location.pathname === '/messaging/sqs/'")
    settle(page)
    page.goto(base + "messaging/sqs/#__proto__")
    settle(page)
    assert page.evaluate("location.pathname") == "/messaging/sqs/"

    assert violations == []
    assert recorder.console_errors == [] and recorder.page_errors == []
    assert recorder.foreign_requests() == []

    # The listener is live: an inline script is refused and reported.
    page.evaluate(INJECT_SCRIPT)
    page.wait_for_function(REFUSED)
    assert page.evaluate("window.ran === undefined")


@pytest.mark.browser
def test_pages_carry_the_policy_for_hosts_without_headers(context, built_site):
    """GitHub Pages sends no custom headers: the <meta> policy alone blocks an injected script."""
    violations = []
    context.expose_binding("reportViolation", lambda _source, text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    with SiteServer(built_site) as server:  # a plain static server: no security headers
        assert "Content-Security-Policy" not in fetch_headers(server.url)
        page = context.new_page()
        page.goto(server.url + "messaging/sqs/")
        settle(page)
        assert page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content") == \
            http_policy.content_security_policy(meta=True)
        page.evaluate(INJECT_SCRIPT)
        page.wait_for_function(REFUSED)
        assert page.evaluate("window.ran === undefined")
