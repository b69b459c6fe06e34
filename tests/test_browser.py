"""The built site in real headless Chromium: every page loads cleanly and accessibly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import site_pages

pytestmark = pytest.mark.browser
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


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


def use_scheme(page, scheme: str) -> None:
    """Set the system colour scheme and wait until Material's automatic palette follows it and
    the colours have finished their transitions (links fade to their new colour)."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("""(want) => document.body.getAttribute("data-md-color-scheme") === want
        && document.getAnimations().every(animation => !(animation instanceof CSSTransition))""",
                           arg="slate" if scheme == "dark" else "default")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_accessibility_violations_in_either_scheme(browser, server, built_site, width):
    # axe is injected as an inline script, which the site's own CSP refuses: let it in.
    context = browser.new_context(bypass_csp=True, **WIDTHS[width])
    page = context.new_page()
    failures = []
    try:
        for path in site_pages(built_site):
            page.emulate_media(color_scheme="light")
            page.goto(server.url + path.lstrip("/"), wait_until="load")
            use_scheme(page, "light")
            page.add_script_tag(path=str(AXE))
            failures += [f"{path} [light, {width}]: {v}" for v in page.evaluate(SERIOUS, {})]
            use_scheme(page, "dark")
            failures += [f"{path} [dark, {width}]: {v}"
                         for v in page.evaluate(SERIOUS, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})]
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_the_dark_scheme_pass_finds_a_contrast_failure(browser, server):
    """The colour-only pass is not blind: dark text on the dark scheme is reported."""
    context = browser.new_context(bypass_csp=True, **WIDTHS["desktop"])
    page = context.new_page()
    try:
        page.goto(server.url + "networking/ip-addressing/", wait_until="load")
        page.add_script_tag(path=str(AXE))
        use_scheme(page, "dark")
        page.add_style_tag(content="article p { color: #222 !important; }")
        found = page.evaluate(SERIOUS, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    finally:
        context.close()
    assert any(v.startswith("color-contrast (serious)") for v in found), found
