"""The built site in real headless Chromium: every page loads cleanly and accessibly."""

from __future__ import annotations

import pytest

from tests.support import AXE, Recorder, diagram_count, quick_transitions, site_pages, use_scheme

pytestmark = pytest.mark.browser


def test_missing_page_gets_the_helpful_404(recorded_page, server):
    page, recorder = recorded_page
    response = page.goto(server.url + "no/such/page/")
    assert response.status == 404
    # The simple test server does not serve 404.html itself: load it as a host would.
    page.goto(server.url + "404.html", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("article a").count() >= 10
    assert not recorder.foreign_requests()


WIDTHS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


# The two schemes differ in colours only (Material swaps its colour variables), so the dark
# scheme needs only the rules that read colours; every other rule runs once per width.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SERIOUS = """async (options) => {
    const result = await axe.run(document, { ...options, resultTypes: ["violations"] });
    return result.violations
      .filter(v => v.impact === "serious" || v.impact === "critical")
      .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


# axe-core reaches the page from the site's own address, so the page keeps its Content-Security-Policy
# (script-src 'self') and a script the policy refused would show up as a console error below.
AXE_URL = "__tests__/axe.min.js"


def with_axe(context, server) -> None:
    context.route(server.url + AXE_URL, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))


def add_axe(page, server) -> None:
    page.add_script_tag(url=server.url + AXE_URL)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_loads_cleanly_and_accessibly_in_both_schemes(browser, server, built_site, width):
    """Every page at this width, under its own Content-Security-Policy: no console or page error, no
    request to another host, its diagrams drawn without downloading Mermaid, and no serious or
    critical axe-core violation, light (every rule) then dark (the colour rules)."""
    context = browser.new_context(color_scheme="light", **WIDTHS[width])
    with_axe(context, server)
    page = context.new_page()
    quick_transitions(page)  # the colours settle after each switch to dark without waiting 250 ms
    recorder = Recorder(server.url)
    recorder.attach(page)
    failures, checked = [], 0
    try:
        for path in site_pages(built_site):
            recorder.clear()
            page.emulate_media(color_scheme="light")  # each page opens in light: no switch to wait for
            page.goto(server.url + path.lstrip("/"), wait_until="load")
            use_scheme(page, "light")
            expected = diagram_count((built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
            shown = page.locator("article div.diagram > svg").count()
            if shown != expected:
                failures.append(f"{path}: {shown} of {expected} diagrams shown")
            add_axe(page, server)
            failures += [f"{path} [light, {width}]: {v}" for v in page.evaluate(SERIOUS, {})]
            use_scheme(page, "dark")
            failures += [f"{path} [dark, {width}]: {v}"
                         for v in page.evaluate(SERIOUS, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})]
            # Whatever the page did meanwhile (loading, switching to dark) counts.
            failures += [f"{path}: {problem}" for problem in recorder.console_errors + recorder.page_errors]
            failures += [f"{path}: request to another host: {url}" for url in recorder.foreign_requests()]
            failures += [f"{path}: downloaded the diagram library {url}"
                         for url in recorder.requests if "/vendor/mermaid" in url]
            checked += 1
    finally:
        context.close()
    assert checked >= 60
    assert not failures, "\n".join(failures)


def test_the_dark_scheme_pass_finds_a_contrast_failure(browser, server):
    """The colour-only pass is not blind: dark text on the dark scheme is reported."""
    context = browser.new_context(**WIDTHS["desktop"])
    with_axe(context, server)
    page = context.new_page()
    try:
        page.goto(server.url + "networking/ip-addressing/", wait_until="load")
        add_axe(page, server)
        use_scheme(page, "dark")
        page.add_style_tag(content="article p { color: #222 !important; }")
        found = page.evaluate(SERIOUS, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    finally:
        context.close()
    assert any(v.startswith("color-contrast (serious)") for v in found), found
