"""The built site in real headless Chromium: every page, every diagram, search, accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import diagram_sources, diagram_syntax_errors, site_pages, wait_for_diagrams

pytestmark = pytest.mark.browser
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
BROKEN_DIAGRAM = "flowchart LR\n  a[\"Unclosed --> b\n  b -->> c"


def diagram_pages(site: Path) -> dict[str, list[str]]:
    """URL path -> Mermaid sources, for every page that has diagrams."""
    pages = {}
    for path in site_pages(site):
        sources = diagram_sources((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
        if sources:
            pages[path] = sources
    return pages


def test_every_page_loads_cleanly_from_this_host_only(recorded_page, server, built_site):
    page, recorder = recorded_page
    failures = []
    for path in site_pages(built_site):
        recorder.clear()
        page.goto(server.url + path.lstrip("/"), wait_until="networkidle")
        problems = recorder.console_errors + recorder.page_errors + \
            [f"request to another host: {url}" for url in recorder.foreign_requests()]
        failures += [f"{path}: {problem}" for problem in problems]
    assert not failures, "\n".join(failures)


def test_missing_page_gets_the_helpful_404(recorded_page, server):
    page, recorder = recorded_page
    response = page.goto(server.url + "no/such/page/")
    assert response.status == 404
    # The simple test server does not serve 404.html itself: load it as a host would.
    page.goto(server.url + "404.html", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("article a").count() >= 10
    assert not recorder.foreign_requests()


def test_site_has_diagrams(built_site):
    assert diagram_pages(built_site), "no page has a Mermaid diagram"


def test_every_diagram_renders_on_full_load(recorded_page, server, built_site):
    page, recorder = recorded_page
    failures = []
    for path, sources in diagram_pages(built_site).items():
        recorder.clear()
        page.goto(server.url + path.lstrip("/"))
        state = wait_for_diagrams(page, len(sources))
        if state["rendered"] != len(sources) or state["pending"]:
            failures.append(f"{path}: {state['rendered']} of {len(sources)} diagrams rendered "
                            f"{recorder.page_errors[:2]}")
        failures += [f"{path}: {error}" for error in recorder.page_errors]
        failures += [f"{path}: request to another host {url}" for url in recorder.foreign_requests()]
    assert not failures, "\n".join(failures)


def test_every_diagram_parses(recorded_page, server, built_site):
    page, _ = recorded_page
    page.goto(server.url)
    failures = []
    for path, sources in diagram_pages(built_site).items():
        markdown = "docs" + path.rstrip("/") + ".md"
        for index, error in diagram_syntax_errors(page, sources):
            failures.append(f"{markdown} (or its index.md), diagram {index + 1}: Mermaid syntax error: {error}")
    assert not failures, "\n".join(failures)


def test_a_broken_diagram_is_reported(recorded_page, server):
    page, _ = recorded_page
    page.goto(server.url)
    errors = diagram_syntax_errors(page, ["flowchart LR\n  a --> b", BROKEN_DIAGRAM])
    assert [index for index, _ in errors] == [1], errors


def test_a_broken_diagram_on_a_page_stays_unrendered_and_raises(recorded_page, server, built_site):
    page, recorder = recorded_page
    path, sources = next(iter(diagram_pages(built_site).items()))
    original = (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    broken = original.replace(sources[0].split("\n")[0], BROKEN_DIAGRAM, 1)

    page.route(server.url + path.lstrip("/"), lambda route: route.fulfill(
        status=200, content_type="text/html", body=broken))
    page.goto(server.url + path.lstrip("/"))
    state = wait_for_diagrams(page, len(sources), timeout_ms=8000)
    assert state["rendered"] < len(sources)
    assert recorder.page_errors, "a Mermaid syntax error raised no page error"


def test_diagrams_render_after_instant_navigation_and_in_dark_mode(recorded_page, server, built_site):
    page, recorder = recorded_page
    path, sources = max(diagram_pages(built_site).items(), key=lambda item: len(item[1]))
    page.goto(server.url + "reference/glossary/")  # a page without diagrams
    assert page.locator("pre.mermaid, div.mermaid").count() == 0
    # Click a link to the diagram page: Material's instant navigation swaps the content in.
    page.evaluate("""(href) => {
        const a = document.createElement("a"); a.href = href; a.id = "go"; a.textContent = "go";
        document.querySelector("article").appendChild(a); }""", path)
    page.click("#go")
    page.wait_for_url("**" + path)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert wait_for_diagrams(page, len(sources))["rendered"] == len(sources)

    # Toggle through the palette until the dark scheme is on; diagrams stay drawn.
    for _ in range(3):
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert wait_for_diagrams(page, len(sources))["rendered"] == len(sources)
    assert not recorder.page_errors and not recorder.foreign_requests()


def test_diagrams_render_on_a_dark_full_load(browser, server, built_site):
    context = browser.new_context(color_scheme="dark")
    context.add_init_script(__import__("tests.support", fromlist=["x"]).OPEN_SHADOW_ROOTS)
    page = context.new_page()
    try:
        for path, sources in list(diagram_pages(built_site).items())[:3]:
            page.goto(server.url + path.lstrip("/"))
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
            assert wait_for_diagrams(page, len(sources))["rendered"] == len(sources), path
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, server, built_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = []
    try:
        for path in site_pages(built_site):
            page.goto(server.url + path.lstrip("/"), wait_until="networkidle")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => {
                const result = await axe.run(document, { resultTypes: ["violations"] });
                return result.violations
                  .filter(v => v.impact === "serious" || v.impact === "critical")
                  .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
            }""")
            failures += [f"{path} [{scheme}]: {v}" for v in violations]
    finally:
        context.close()
    assert not failures, "\n".join(failures)
