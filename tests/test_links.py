"""Links that never break: the registry, page and anchor redirects, short links, the sitemap."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from awsnotes import links
from awsnotes.links import Redirect
from awsnotes.problems import Problem
from tests.support import Recorder, SiteServer, is_redirect_stub, normalize, site_pages
from tests.support import AXE, copy_project, load_hook
from tests.test_build import build

ROOT = Path(__file__).resolve().parent.parent
# The short links the issue asked for (each is `/<name>/`); more may exist.
REQUIRED_SHORT_LINKS = [
    "vpc", "sg", "nacl", "iam", "alb", "nlb", "elb", "asg", "ec2", "ami", "ebs", "efs", "s3", "rds",
    "aurora", "dynamodb", "sqs", "sns", "ses", "ecs", "ecr", "eks", "fargate", "lambda", "api-gateway",
    "apigw", "cloudfront", "route53", "cloudwatch", "eventbridge", "cognito", "appsync", "step-functions",
    "sfn", "firehose", "secrets-manager", "nat", "igw", "cidr", "tgw", "glossary",
]


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


# -- Pure functions -----------------------------------------------------------------

@pytest.mark.parametrize("src, url", [
    ("index.md", "/"), ("networking/index.md", "/networking/"), ("networking/vpc.md", "/networking/vpc/"),
    ("vpc.md", "/vpc/"), ("networking.md", "/networking/"),
])
def test_url_of_follows_directory_urls(src, url):
    assert links.url_of(src) == url


def test_anchors_are_headings_and_explicit_ids_in_the_content_only():
    html = """<nav><a id="__drawer"></a><h2 id="menu">Menu</h2></nav>
    <article class="md-content__inner"><h1 id="amazon-vpc">Amazon VPC</h1>
    <h2 id="subnets">Subnets</h2><h3 id="nat-gateway">NAT</h3><input id="__tabbed_1_1">
    <a id="__codelineno-0-1"></a><sup id="fnref:1"></sup><li id="fn:1"></li><pre id="__mermaid_0"></pre>
    <p><strong id="vpc">VPC</strong></p><h2 id="tag:dns">DNS</h2>
    <div class="diagram"><svg id="diagram-0a1b"><g id="regiona"><path id="L_a_b_0"/></g></svg></div></article>"""
    assert links.page_anchors(html) == {"subnets", "nat-gateway", "vpc", "tag:dns"}


def test_collect_lists_redirect_stubs_without_anchors(tmp_path):
    (tmp_path / "networking" / "vpc").mkdir(parents=True)
    (tmp_path / "vpc").mkdir()
    (tmp_path / "index.html").write_text('<article><h2 id="start">Start</h2></article>')
    (tmp_path / "networking" / "vpc" / "index.html").write_text('<article><h2 id="nacl">x</h2></article>')
    (tmp_path / "vpc" / "index.html").write_text('<meta http-equiv="refresh" content="0; url=../networking/vpc/">')
    assert links.collect(tmp_path) == {"/": {"start"}, "/networking/vpc/": {"nacl"}, "/vpc/": set()}


def test_registry_dump_is_stable_and_merge_never_drops():
    registry = {"/b/": {"y", "x"}, "/a/": set()}
    assert links.dump_registry(registry) == '{\n  "/a/": [],\n  "/b/": [\n    "x",\n    "y"\n  ]\n}\n'
    built = {"/b/": {"x", "z"}, "/c/": {"w"}}
    assert links.merge(registry, built) == {"/a/": set(), "/b/": {"x", "y", "z"}, "/c/": {"w"}}
    assert links.unregistered(registry, built) == ["/b/#z", "/c/", "/c/#w"]


REGISTRY = {"/networking/vpc/": {"nat-gw", "nacl"}, "/serverless/data-firehose/": {"buffering"}}
SOURCES = {"/networking/vpc/": "networking/vpc.md", "/serverless/firehose-streams/": "serverless/firehose-streams.md"}


def test_renamed_anchor_fails_with_the_fix_spelled_out():
    built = {"/networking/vpc/": {"nat-gateway", "nacl"}, "/serverless/data-firehose/": {"buffering"}}
    assert messages(links.check(REGISTRY, built, [], [], SOURCES)) == [
        "docs/networking/vpc.md: /networking/vpc/#nat-gw was published and is gone: restore `{ #nat-gw }` "
        "on its heading, or add `networking/vpc.md#nat-gw: networking/vpc.md#nat-gateway` to "
        "links/anchor-redirects.yml"]


def test_removed_page_fails_naming_the_redirect_to_add():
    built = {"/networking/vpc/": {"nat-gw", "nacl"}, "/serverless/firehose-streams/": {"buffering"}}
    assert messages(links.check(REGISTRY, built, [], [], SOURCES)) == [
        "docs/serverless/data-firehose.md: /serverless/data-firehose/ was published and is gone: restore the "
        "page, or add `serverless/data-firehose.md: serverless/firehose-streams.md` under "
        "`redirects: redirect_maps:` in mkdocs.yml"]


def test_declared_redirects_keep_registered_links():
    built = {"/networking/vpc/": {"nat-gateway", "nacl"}, "/serverless/firehose-streams/": {"buffering"}}
    pages = [Redirect("serverless/data-firehose.md", "serverless/firehose-streams.md", "mkdocs.yml", 9)]
    anchors = [Redirect("networking/vpc.md#nat-gw", "networking/vpc.md#nat-gateway", links.ANCHOR_REDIRECTS, 3)]
    assert links.check(REGISTRY, built, pages, anchors, SOURCES) == []


def test_anchors_of_a_moved_page_are_checked_where_readers_land():
    built = {"/networking/vpc/": {"nat-gw", "nacl"}, "/serverless/firehose-streams/": {"buffers"}}
    pages = [Redirect("serverless/data-firehose.md", "serverless/firehose-streams.md", "mkdocs.yml", 9)]
    [problem] = links.check(REGISTRY, built, pages, [], SOURCES)
    assert "/serverless/data-firehose/#buffering was published and is gone" in str(problem)
    assert "`serverless/data-firehose.md#buffering: serverless/firehose-streams.md#buffers`" in str(problem)
    moved = [Redirect("serverless/data-firehose.md#buffering", "serverless/firehose-streams.md#buffers")]
    assert links.check(REGISTRY, built, pages, moved, SOURCES) == []
    assert links.anchor_map(pages, moved) == {
        "serverless/firehose-streams/": {"buffering": "serverless/firehose-streams/#buffers"}}


@pytest.mark.parametrize("redirect, expected", [
    (Redirect("networking/vpc.md#old", "networking/vpc.md#nowhere", "links/anchor-redirects.yml", 4),
     "links/anchor-redirects.yml:4: anchor redirect `networking/vpc.md#old: networking/vpc.md#nowhere` points "
     "at /networking/vpc/#nowhere, which is not an anchor on that page: fix the target"),
    (Redirect("networking/vpc.md#old", "networking/gone.md", "links/anchor-redirects.yml", 5),
     "points at /networking/gone/, which is not a page"),
    (Redirect("networking/vpc.md#nacl", "networking/vpc.md#nat-gw", "links/anchor-redirects.yml", 6),
     "never applies: /networking/vpc/#nacl exists on the page, so remove this line"),
    (Redirect("nowhere.md#old", "networking/vpc.md#nacl", "links/anchor-redirects.yml", 7),
     "/nowhere/ is not a page and no page redirect moves it"),
])
def test_anchor_redirect_must_land_on_something_real(redirect, expected):
    built = {"/networking/vpc/": {"nat-gw", "nacl"}}
    assert [expected in message for message in messages(links.check({}, built, [], [redirect]))] == [True]


@pytest.mark.parametrize("redirect, expected", [
    (Redirect("nat.md", "networking/vpc.md#nat-gateway", "mkdocs.yml", 12),
     "mkdocs.yml:12: redirect `nat.md: networking/vpc.md#nat-gateway` points at /networking/vpc/#nat-gateway, "
     "which is not an anchor on that page"),
    (Redirect("sqs.md", "messaging/sqs.md", "mkdocs.yml", 13), "points at /messaging/sqs/, which is not a page"),
    (Redirect("networking/vpc.md", "networking/vpc.md", "mkdocs.yml", 14),
     "would replace the page docs/networking/vpc.md"),
])
def test_page_redirect_must_land_on_something_real(redirect, expected):
    built = {"/networking/vpc/": {"nat-gw", "nacl"}}
    assert [expected in message for message in messages(links.check({}, built, [redirect], [], SOURCES))] == [True]


def test_anchor_redirects_file_format():
    good = "# comment only\n"
    assert links.parse_anchor_redirects(good) == ([], [])
    redirects, problems = links.parse_anchor_redirects(
        "# Renames\nnetworking/vpc.md#nat-gw: networking/vpc.md#nat-gateway\ncompute/ec2.md#old: compute/ami.md\n")
    assert redirects == [Redirect("networking/vpc.md#nat-gw", "networking/vpc.md#nat-gateway", links.ANCHOR_REDIRECTS, 2),
                         Redirect("compute/ec2.md#old", "compute/ami.md", links.ANCHOR_REDIRECTS, 3)]
    assert problems == []
    _, problems = links.parse_anchor_redirects(
        "networking/vpc.md: networking/vpc.md#x\na.md#x: b\na.md#y: b.md#z\na.md#y: b.md#w\n")
    assert messages(problems) == [
        "links/anchor-redirects.yml:4: 'a.md#y' is redirected twice: keep one entry",
        "links/anchor-redirects.yml:1: 'networking/vpc.md' must name a page and an anchor, like "
        "`networking/vpc.md#nat-gw`",
        "links/anchor-redirects.yml:2: 'b' must name a page, optionally with an anchor, like "
        "`networking/vpc.md#nat-gateway`"]
    _, [problem] = links.parse_anchor_redirects("a.md#x: b.md#y\n  c: [\n")
    assert str(problem).startswith("links/anchor-redirects.yml:") and "not valid YAML" in str(problem)


def test_malformed_anchor_redirects_stop_the_build(tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    hook = load_hook("links")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "anchor-redirects.yml").write_text("networking/vpc.md: elsewhere\n")
    monkeypatch.setattr(hook, "ROOT", tmp_path)
    with pytest.raises(PluginError, match=r"links/anchor-redirects.yml:1: 'networking/vpc.md' must name"):
        hook.on_files(files=None, config=None)


def test_hook_fills_the_browser_script_and_writes_safe_stubs():
    hook = load_hook("links")
    script = (ROOT / "docs" / hook.SCRIPT).read_text(encoding="utf-8")
    assert hook.PLACEHOLDER in script
    filled = hook.fill_map(script, {"networking/vpc/": {"nat-gw": "networking/vpc/#nat-gateway"}})
    assert 'var MOVED = {"networking/vpc/":{"nat-gw":"networking/vpc/#nat-gateway"}};' in filled
    target = {"url": "networking/vpc/", "title": "Amazon VPC", "description": 'Subnets & "gateways"',
              "canonical": "https://notes.example.org/networking/vpc/", "headings": {"nat-gateway": "NAT gateway"}}
    stub = hook.stub_html("../networking/vpc/", "nat-gateway", target, "AWS Notes")
    assert is_redirect_stub(stub) and links.is_redirect_stub(stub)
    assert "<title>NAT gateway - Amazon VPC - AWS Notes</title>" in stub
    assert '<meta name="description" content="Subnets &amp; &#34;gateways&#34;">' in stub
    assert '<link rel="canonical" href="https://notes.example.org/networking/vpc/">' in stub
    assert ('<script src="assets/javascripts/redirect.js" data-to="../networking/vpc/" '
            'data-hash="#nat-gateway"></script>') in stub
    assert "<script>" not in stub, "the CSP allows no inline script"
    assert '<a href="../networking/vpc/#nat-gateway">NAT gateway - Amazon VPC</a>' in stub


# -- The real project -------------------------------------------------------------------

def short_links() -> list[Redirect]:
    redirects, problems = links.read_page_redirects(ROOT / "mkdocs.yml")
    assert not problems
    return redirects


def test_every_required_short_link_is_declared():
    declared = {links.url_of(redirect.source) for redirect in short_links()}
    missing = [name for name in REQUIRED_SHORT_LINKS if f"/{name}/" not in declared]
    assert not missing, f"add to redirect_maps in mkdocs.yml: {missing}"


def test_committed_registry_is_current(built_site):
    problems, new_links = links.verify(built_site)
    assert not problems, "\n".join(messages(problems))
    assert not new_links, (f"{len(new_links)} link(s) missing from {links.REGISTRY}, e.g. {new_links[:5]}: "
                           "run `python3 scripts/links.py --update` and commit the result")


def test_sitemap_lists_every_nav_page_and_no_redirect(built_site):
    from awsnotes import config

    nav = {links.url_of(src) for _, src in config.nav_pages(config.load()["nav"])}
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(built_site / "sitemap.xml")
    listed = [urlsplit(loc.text).path for loc in tree.findall("s:url/s:loc", namespace)]
    site_path = urlsplit(tree.find("s:url/s:loc", namespace).text).path  # the site's own prefix: "/"
    listed = ["/" + path[len(site_path):] for path in listed]
    stubs = {links.url_of(redirect.source) for redirect in short_links()}
    assert sorted(listed) == sorted(nav)
    assert not stubs & set(listed)
    assert {normalize(path) for path in site_pages(built_site)} == nav


def test_every_page_has_its_own_canonical_url(built_site):
    for path in map(normalize, site_pages(built_site)):
        html = (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        tag = re.search(r'<link [^>]*rel="canonical"[^>]*>', html)
        href = re.search(r'href="([^"]+)"', tag.group(0)).group(1) if tag else ""
        assert href.startswith("http") and href.endswith(path), f"{path}: canonical URL '{href}'"


def test_redirect_pages_are_small_and_self_contained(built_site):
    for redirect in short_links():
        html = (built_site / links.url_of(redirect.source).lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert is_redirect_stub(html), redirect
        assert '<html lang="en">' in html and "<title>" in html and "<main>" in html and "<h1>" in html
        # Nothing else to load: one small script of the site's own (inline code would break the
        # Content-Security-Policy), no stylesheet, and the only <link> is the canonical URL.
        sources = re.findall(r'src="([^"]*)"', html)
        assert len(sources) == 1 and sources[0].endswith("assets/javascripts/redirect.js"), (redirect, sources)
        assert len(re.findall("<link ", html)) == 1, redirect


# -- In Chromium: short links ---------------------------------------------------------

def expected_landing(redirect: Redirect) -> tuple[str, str]:
    path, fragment = links.split_link(redirect.target)
    return path, f"#{fragment}" if fragment else ""


def html_only(route):
    """Serve documents; answer everything else empty, so each redirect is checked in milliseconds."""
    if route.request.resource_type == "document":
        route.continue_()
    else:
        route.fulfill(status=200, body="")


@pytest.mark.browser
def test_every_short_link_lands_on_its_page(recorded_page, server):
    page, recorder = recorded_page
    page.route("**/*", html_only)  # the target pages themselves load fully in tests/test_browser.py
    failures = []
    for redirect in short_links():
        path, fragment = expected_landing(redirect)
        try:
            page.goto(server.url + links.url_of(redirect.source).lstrip("/"), wait_until="commit")
            page.wait_for_url(server.url + path.lstrip("/") + fragment, wait_until="domcontentloaded",
                              timeout=10000)
            if fragment and not page.evaluate("(id) => !!document.getElementById(id)", fragment[1:]):
                failures.append(f"{redirect}: no element {fragment} on {path}")
        except Exception as error:  # noqa: BLE001 - report every link, not just the first
            landed = page.evaluate("location.pathname + location.hash")
            failures.append(f"{redirect}: ended at {landed} ({str(error).splitlines()[0]})")
    failures += recorder.console_errors + recorder.page_errors + \
        [f"request to another host: {url}" for url in recorder.foreign_requests()]
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_short_link_keeps_an_explicit_anchor_on_a_full_load(recorded_page, server):
    page, recorder = recorded_page
    page.goto(server.url + "vpc/#nacl", wait_until="commit")
    page.wait_for_function("() => location.pathname === '/networking/vpc/' && location.hash === '#nacl'",
                           timeout=10000)
    page.wait_for_load_state("networkidle")
    assert not (recorder.console_errors + recorder.page_errors + recorder.foreign_requests())


@pytest.mark.browser
def test_redirect_pages_have_no_serious_accessibility_violations(browser, built_site):
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    failures = []
    # Every stub comes from one template: check one to a page and one to an anchor.
    samples = [next(r for r in short_links() if "#" not in r.target), next(r for r in short_links() if "#" in r.target)]
    try:
        for redirect in samples:
            html = (built_site / links.url_of(redirect.source).lstrip("/") / "index.html").read_text(encoding="utf-8")
            # The markup as a reader without JavaScript and refresh would see it.
            still = re.sub(r'<script\b[^>]*>.*?</script>|<meta http-equiv="refresh"[^>]*>', "", html)
            page.set_content(still)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => (await axe.run(document, { resultTypes: ["violations"] }))
                .violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id)""")
            failures += [f"{redirect}: {violation}" for violation in violations]
    finally:
        page.close()
    assert not failures, "\n".join(failures)


# -- Renaming on purpose, in a copy of the project ----------------------------------------

RENAMED_PAGE = ("serverless/data-firehose.md", "serverless/firehose-streams.md")
RENAMED_ANCHOR = ("networking/vpc.md", "nat-gateway", "nat-gw")
MOVED_ANCHOR = ("networking/vpc.md", "nat-instance", "nat-instance-setup",
                "reference/comparisons.md#nat-instance-vs-nat-gateway")


def rewrite_everywhere(project: Path, pattern: str, replacement: str) -> int:
    """Replace in every page, snippet and mkdocs.yml, as a contributor fixing internal links would."""
    count = 0
    for path in [project / "mkdocs.yml", *(project / "docs").rglob("*.md"), *(project / "includes").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        new, n = re.subn(pattern, replacement, text)
        if n:
            path.write_text(new, encoding="utf-8")
            count += n
    return count


def rename_anchor(project: Path, page: str, old: str, new: str) -> None:
    source = project / "docs" / page
    text = source.read_text(encoding="utf-8")
    assert f"{{ #{old} }}" in text, f"precondition: docs/{page} has no '{{ #{old} }}' any more; pick another"
    source.write_text(text.replace(f"{{ #{old} }}", f"{{ #{new} }}"), encoding="utf-8")
    name = re.escape(Path(page).name)
    rewrite_everywhere(project, rf"\b({name})#{re.escape(old)}\b(?!-)", rf"\g<1>#{new}")
    rewrite_everywhere(project, rf"\]\(#{re.escape(old)}\)", f"](#{new})")


def rename_page(project: Path, old: str, new: str) -> None:
    assert len(list((project / "docs").rglob(Path(old).name))) == 1, "precondition: a unique file name"
    (project / "docs" / old).rename(project / "docs" / new)
    assert rewrite_everywhere(project, rf"\b{re.escape(Path(old).name)}", Path(new).name)


def break_links(project: Path) -> None:
    rename_page(project, *RENAMED_PAGE)
    rename_anchor(project, *RENAMED_ANCHOR)
    rename_anchor(project, *MOVED_ANCHOR[:3])


def declare_redirects(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      redirect_maps:\n" in text
    config.write_text(text.replace("      redirect_maps:\n",
                                   f"      redirect_maps:\n        {RENAMED_PAGE[0]}: {RENAMED_PAGE[1]}\n", 1),
                      encoding="utf-8")
    page, old, new = RENAMED_ANCHOR
    with (project / links.ANCHOR_REDIRECTS).open("a", encoding="utf-8") as file:
        file.write(f"{page}#{old}: {page}#{new}\n{MOVED_ANCHOR[0]}#{MOVED_ANCHOR[1]}: {MOVED_ANCHOR[3]}\n")


@pytest.mark.build
def test_renaming_without_redirects_fails_the_build_naming_each_link(tmp_path):
    project = copy_project(tmp_path / "project")
    break_links(project)
    bad_line = len((project / links.ANCHOR_REDIRECTS).read_text(encoding="utf-8").splitlines()) + 1
    with (project / links.ANCHOR_REDIRECTS).open("a", encoding="utf-8") as file:
        file.write("networking/vpc.md#old-nat: networking/vpc.md#no-such-anchor\n")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed"
    for expected in [
        "docs/networking/vpc.md: /networking/vpc/#nat-gateway was published and is gone: restore "
        "`{ #nat-gateway }` on its heading, or add `networking/vpc.md#nat-gateway: networking/vpc.md#NEW-ANCHOR` "
        "to links/anchor-redirects.yml (new anchors on that page: #nat-gw, #nat-instance-setup)",
        "/networking/vpc/#nat-instance was published and is gone",
        "docs/serverless/data-firehose.md: /serverless/data-firehose/ was published and is gone: restore the "
        "page, or add `serverless/data-firehose.md: serverless/firehose-streams.md` under "
        "`redirects: redirect_maps:` in mkdocs.yml",
        f"links/anchor-redirects.yml:{bad_line}: anchor redirect `networking/vpc.md#old-nat: "
        "networking/vpc.md#no-such-anchor` points at /networking/vpc/#no-such-anchor",
    ]:
        assert expected in output, f"missing from the build output: {expected}\n{output[-3000:]}"


@pytest.fixture(scope="module")
def redirected_site(tmp_path_factory):
    """A copy of the project with a page and two anchors renamed, redirects declared, built and served."""
    project = copy_project(tmp_path_factory.mktemp("redirected") / "project")
    break_links(project)
    declare_redirects(project)
    result = build(project)
    assert result.returncode == 0, f"the build failed with redirects declared:\n{result.stdout[-2000:]}{result.stderr}"
    assert "not yet in links/registry.json" in result.stdout, "no notice about the new page and anchors"
    with SiteServer(project / "site") as running:
        yield running


@pytest.fixture
def redirected_page(context, redirected_site):
    page = context.new_page()
    recorder = Recorder(redirected_site.url)
    recorder.attach(page)
    yield page, redirected_site.url
    problems = recorder.console_errors + recorder.page_errors + recorder.foreign_requests()
    assert not problems, problems


def wait_for(page, path: str, hash_: str) -> None:
    page.wait_for_function("([path, hash]) => location.pathname === path && location.hash === hash",
                           arg=[path, hash_], timeout=10000)


def in_view(page, anchor: str) -> bool:
    return page.evaluate("""(id) => { const r = document.getElementById(id).getBoundingClientRect();
                                      return r.top >= 0 && r.top < innerHeight; }""", anchor)


@pytest.mark.browser
def test_renamed_anchor_lands_on_the_new_heading(redirected_page):
    page, base = redirected_page
    page.goto(base + "reference/glossary/")
    entries = page.evaluate("history.length")
    page.goto(base + "networking/vpc/#nat-gateway")
    wait_for(page, "/networking/vpc/", "#nat-gw")
    page.wait_for_function("() => document.getElementById('nat-gw').getBoundingClientRect().top < innerHeight")
    page.wait_for_load_state("load")
    assert in_view(page, "nat-gw")
    # The dead address is replaced, not added: Back returns to the previous page.
    assert page.evaluate("history.length") == entries + 1


@pytest.mark.browser
def test_moved_anchor_lands_on_the_other_page(redirected_page):
    page, base = redirected_page
    page.goto(base + "networking/vpc/#nat-instance")
    wait_for(page, "/reference/comparisons/", "#nat-instance-vs-nat-gateway")
    page.wait_for_load_state("load")
    assert in_view(page, "nat-instance-vs-nat-gateway")


@pytest.mark.browser
def test_renamed_anchor_after_following_a_link_and_a_hash_change(redirected_page):
    page, base = redirected_page
    page.goto(base + "reference/glossary/")
    page.evaluate("""() => { const a = document.createElement("a"); a.id = "go"; a.textContent = "go";
        a.href = "../../networking/vpc/#nat-gateway"; document.querySelector("article").appendChild(a); }""")
    page.click("#go")
    wait_for(page, "/networking/vpc/", "#nat-gw")
    page.evaluate("location.hash = 'nat-instance'")
    wait_for(page, "/reference/comparisons/", "#nat-instance-vs-nat-gateway")


@pytest.mark.browser
def test_renamed_page_lands_on_the_new_page_keeping_the_anchor(redirected_page):
    page, base = redirected_page
    page.goto(base + "serverless/data-firehose/", wait_until="commit")
    wait_for(page, "/serverless/firehose-streams/", "")
    page.goto(base + "serverless/data-firehose/#buffering", wait_until="commit")
    wait_for(page, "/serverless/firehose-streams/", "#buffering")
    page.wait_for_load_state("load")
    assert page.title().startswith("Amazon Data Firehose")


def test_links_command_reports_ok_on_the_built_site(built_site):
    result = subprocess.run([sys.executable, "scripts/links.py", "--site-dir", str(built_site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Published links: OK" in result.stdout


def test_removing_a_short_link_fails_like_removing_a_page(tmp_path):
    stub = '<!doctype html><meta http-equiv="refresh" content="0; url=../messaging/sqs/"><p>Redirecting</p>'
    page = '<!doctype html><article><h1>SQS</h1><h2 id="fifo">FIFO</h2></article>'
    site = tmp_path / "site"
    for rel, text in {"sqs/index.html": stub, "messaging/sqs/index.html": page}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    published = links.collect(site)
    assert published == {"/sqs/": set(), "/messaging/sqs/": {"fifo"}}
    short = [links.Redirect("sqs.md", "messaging/sqs.md", "mkdocs.yml", 7)]
    assert links.check(published, published, short, []) == []
    # The `sqs.md: messaging/sqs.md` line is removed: the stub is no longer built.
    (site / "sqs" / "index.html").unlink()
    found = [str(p) for p in links.check(published, links.collect(site), [], [])]
    assert len(found) == 1 and found[0].startswith("mkdocs.yml: /sqs/ was published and is gone"), found
    assert "`sqs.md: TARGET.md`" in found[0]


def test_the_registry_lists_every_short_link():
    registry = links.load_registry(ROOT / links.REGISTRY)
    redirects, problems = links.read_page_redirects(ROOT / links.CONFIG)
    assert not problems and redirects
    missing = [str(r) for r in redirects if links.url_of(r.source) not in registry]
    assert missing == [], "run `python3 scripts/links.py --update` and commit links/registry.json"


def test_the_short_link_table_lists_short_links_by_section_and_leaves_moved_pages_out():
    redirects = [Redirect("sqs.md", "messaging/sqs.md"), Redirect("nacl.md", "networking/vpc.md#nacl"),
                 Redirect("serverless/old.md", "serverless/new.md")]
    table = links.short_links_table(redirects, {"messaging": "Messaging"})
    assert "| Messaging | [`/sqs/`](messaging/sqs.md) |" in table
    assert "| Networking | [`/nacl/`](networking/vpc.md#nacl) |" in table
    assert "old" not in table
