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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, server, built_site, scheme, width):
    # axe is injected as an inline script, which the site's own CSP refuses: let it in.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, **WIDTHS[width])
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
            failures += [f"{path} [{scheme}, {width}]: {v}" for v in violations]
    finally:
        context.close()
    assert not failures, "\n".join(failures)
