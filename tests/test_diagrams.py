"""Diagrams in real Chromium: prerendered SVGs, the client-side path, syntax errors, no CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awsnotes import diagrams
from tests.support import diagram_count, diagram_syntax_errors, site_pages, use_scheme, wait_for_diagrams

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
BROKEN_DIAGRAM = 'flowchart LR\n  a["Unclosed --> b\n  b -->> c'
CLIENT_DIAGRAM = 'flowchart LR\n  users["Users"] --> alb["Load balancer"]\n  alb --> app["App"]'
FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid\s*\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)
STATIC_DIAGRAM = re.compile(r'<div class="diagram"[^>]*>.*?</svg></div>', re.S)


def diagram_pages(site: Path) -> dict[str, int]:
    """URL path -> number of diagrams, for every page that has any."""
    counts = {path: diagram_count((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
              for path in site_pages(site)}
    return {path: count for path, count in counts.items() if count}


def markdown_diagrams() -> list[tuple[str, str]]:
    """(file:line, source) of every Mermaid fence in the Markdown sources."""
    found = []
    for path in sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "includes").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            indent = len(match.group("indent"))
            body = "\n".join(row[indent:] for row in match.group("body").splitlines())
            found.append((f"{path.relative_to(ROOT)}:{line}", body))
    return found


def client_rendered(html: str) -> str:
    """A built page with its prerendered diagrams turned back into Mermaid source blocks."""
    return STATIC_DIAGRAM.sub(f'<pre class="mermaid"><code>{CLIENT_DIAGRAM}</code></pre>', html)


def test_site_has_diagrams(built_site):
    assert len(diagram_pages(built_site)) >= 10


def test_only_pages_with_a_diagram_wait_for_the_diagrams_stylesheet(built_site):
    link = re.compile(r'<link rel="stylesheet" href="[^"]*/stylesheets/diagrams\.[0-9a-f]{8}\.css">')
    with_diagrams = diagram_pages(built_site)
    linked = {path for path in site_pages(built_site)
              if link.search((built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))}
    assert with_diagrams and linked == set(with_diagrams)


def test_a_page_without_diagrams_loads_no_diagram_styles_and_a_page_with_them_draws_them(recorded_page, server,
                                                                                        built_site):
    page, recorder = recorded_page
    without = next(path for path in site_pages(built_site) if path not in diagram_pages(built_site) and path != "/")
    with_one = next(iter(diagram_pages(built_site)))
    page.goto(server.url + without.lstrip("/"), wait_until="networkidle")
    assert not [url for url in recorder.requests if "/stylesheets/diagrams." in url], without
    page.goto(server.url + with_one.lstrip("/"), wait_until="networkidle")
    assert [url for url in recorder.requests if "/stylesheets/diagrams." in url], with_one
    drawn = page.eval_on_selector(".md-typeset .diagram", """d => ({scrolls: getComputedStyle(d).overflowX,
        stroke: getComputedStyle(d).getPropertyValue("--diagram-vpc-line").trim() !== ""})""")
    assert drawn == {"scrolls": "auto", "stroke": True}


def test_every_diagram_is_prerendered(built_site):
    missing = [path for path in site_pages(built_site)
               if 'data-diagram="' in (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")]
    assert not missing, ("diagrams without a stored SVG on " + ", ".join(missing)
                         + ": run `python3 scripts/render_diagrams.py` and commit diagrams/")


def test_every_diagram_fits_a_desktop_column_at_a_readable_size(built_site):
    too_wide = [f"{path}#{diagram.heading}: {diagram.width} px wide"
                for path in diagram_pages(built_site)
                for diagram in diagrams.embedded_diagrams(
                    (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
                if diagram.width > diagrams.MAX_WIDTH]
    assert not too_wide, (f"diagrams wider than {diagrams.MAX_WIDTH} px must scroll sideways on a "
                          "desktop; reflow them (flowchart TB, stacked subgraphs, shorter labels) or "
                          "split them:\n" + "\n".join(too_wide))


# What the content issues ask of the three named architecture drawings: page, heading above
# the diagram(s), and labels that must appear (a label listed twice must appear twice).
ARCHITECTURES = {
    # The review's corrections: an ALB node and a NAT gateway in each public subnet, the
    # database tier in its own subnets, each private subnet routed to its own zone's NAT.
    ("/networking/vpc/", "topology"): [
        "VPC 10.0.0.0/16", "us-east-1a", "us-east-1b", "Public 10.0.1.0/24", "Public 10.0.2.0/24",
        "App 10.0.11.0/24", "App 10.0.12.0/24", "DB 10.0.21.0/24", "DB 10.0.22.0/24", "Internet users",
        "Internet gateway", "NAT gateway", "NAT gateway", "ALB", "ALB", "App server", "App server",
        "Primary DB", "Standby DB"],
    ("/networking/vpc/", "architecture-route-tables"): [
        "Public route table", "App route table A", "App route table B", "Main route table",
        "0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", "Internet gateway", "NAT gateway A", "NAT gateway B",
        "DB subnets"],
    ("/compute/auto-scaling/", "architecture"): [
        "Users", "Route 53", "Public subnet", "Public subnet", "ALB node", "ALB node",
        "listener rule", "Target group", "Private subnet", "Private subnet", "web-asg",
        "Launch template", "CloudWatch alarm", "Scaling policy"],
    # NAT gateways serve the worker nodes (image pulls), not the pods.
    ("/containers/eks/", "architecture"): [
        "Internet users", "VPC 10.0.0.0/16", "AZ a", "AZ b", "Public 10.0.1.0/24", "Public 10.0.2.0/24",
        "Private 10.0.11.0/24", "Private 10.0.12.0/24", "LB node", "LB node", "NAT gateway", "NAT gateway",
        "Worker node with app pods", "Worker node with app pods", "image pulls", "image pulls",
        "Managed node group", "Auto Scaling group", "EKS control plane"],
}


def diagram_text(page_html: str) -> dict[str, str]:
    """Heading id -> the text of the diagrams under it (labels only, no style)."""
    texts: dict[str, str] = {}
    for diagram in diagrams.embedded_diagrams(page_html):
        svg = re.sub(r"<style>.*?</style>", "", diagram.svg, flags=re.S)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", svg))
        texts[diagram.heading] = texts.get(diagram.heading, "") + " " + text
    return texts


def test_the_architecture_diagrams_hold_what_the_issues_list(built_site):
    missing = []
    for (path, heading), labels in ARCHITECTURES.items():
        text = diagram_text((built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
        found = text.get(heading, "").lower()
        missing += [f"{path}#{heading}: '{label}'" for label in set(labels)
                    if found.count(label.lower()) < labels.count(label)]
    assert not missing, "labels missing from the architecture diagrams:\n" + "\n".join(sorted(missing))


def test_every_diagram_parses(recorded_page, server):
    page, _ = recorded_page
    page.goto(server.url)
    diagrams = markdown_diagrams()
    assert diagrams
    errors = diagram_syntax_errors(page, [source for _, source in diagrams])
    assert not errors, "\n".join(f"{diagrams[i][0]}: Mermaid syntax error: {message}" for i, message in errors)


def test_a_broken_diagram_is_reported(recorded_page, server):
    page, _ = recorded_page
    page.goto(server.url)
    errors = diagram_syntax_errors(page, [CLIENT_DIAGRAM, BROKEN_DIAGRAM])
    assert [index for index, _ in errors] == [1], errors


def test_a_broken_diagram_on_a_page_stays_unrendered_and_raises(recorded_page, server, built_site):
    page, recorder = recorded_page
    path = next(iter(diagram_pages(built_site)))
    html = (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    broken = client_rendered(html).replace(CLIENT_DIAGRAM, BROKEN_DIAGRAM)
    page.route(server.url + path.lstrip("/"), lambda route: route.fulfill(
        status=200, content_type="text/html", body=broken))
    page.goto(server.url + path.lstrip("/"))
    state = wait_for_diagrams(page, 1, timeout_ms=8000)
    assert state["pending"] >= 1, "the broken diagram was replaced"
    assert recorder.page_errors, "a Mermaid syntax error raised no page error"


def test_browser_rendering_on_full_load_and_in_dark_mode(recorded_page, server, built_site):
    """A diagram without a stored SVG is drawn by the self-hosted library, in every case."""
    page, recorder = recorded_page
    path, count = max(diagram_pages(built_site).items(), key=lambda item: item[1])
    html = client_rendered((built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
    assert html.count("<pre class=\"mermaid\">") == count
    page.route(server.url + path.lstrip("/"), lambda route: route.fulfill(
        status=200, content_type="text/html", body=html))

    page.goto(server.url + path.lstrip("/"))
    assert wait_for_diagrams(page, count)["rendered"] == count, "full load"

    for _ in range(3):  # the palette cycles: system, light, dark
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
        page.locator("form[data-awsnotes-palette] label:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert wait_for_diagrams(page, count)["rendered"] == count, "dark mode"
    assert any("/vendor/mermaid" in url for url in recorder.requests), "library not self-hosted"
    assert not recorder.page_errors and not recorder.foreign_requests()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_colours_follow_the_scheme(browser, server, built_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(server.url + "networking/vpc/", wait_until="load")
        use_scheme(page, scheme)  # Material's palette follows the system scheme: wait until it has
        colours = page.evaluate("""() => {
            const label = document.querySelector("article div.diagram svg .nodeLabel, article div.diagram svg text");
            const rgb = c => c.match(/\\d+/g).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
            return { text: lum(rgb(getComputedStyle(label).color)),
                     page: lum(rgb(getComputedStyle(document.body).backgroundColor)) };
        }""")
    finally:
        context.close()
    # Labels are dark on the light scheme and light on the dark one.
    assert (colours["text"] < colours["page"]) == (scheme == "light"), colours


def test_diagrams_that_share_a_stylesheet_are_drawn_with_it(context, server, built_site):
    """A page keeps each kind of diagram's Mermaid stylesheet once: every diagram still gets it."""
    html = (built_site / "storage/s3/index.html").read_text(encoding="utf-8")
    assert html.count("<style>") < len(diagrams.embedded_diagrams(html))  # some diagrams share one
    page = context.new_page()
    page.goto(server.url + "storage/s3/", wait_until="load")
    unstyled = page.evaluate("""() => [...document.querySelectorAll("article .diagram > svg")].flatMap((svg, i) => {
        const shapes = [...svg.querySelectorAll(".node > rect, .node > path, .actor, .messageLine0, .messageLine1")];
        const black = shapes.filter(s => ["rgb(0, 0, 0)", "none"].includes(getComputedStyle(s).stroke));
        const font = getComputedStyle(svg).fontFamily;
        return (shapes.length && !black.length && /trebuchet/i.test(font)) ? [] : [`diagram ${i + 1}: ${shapes.length} shapes, ${black.length} without Mermaid's stroke, font ${font}`];
    })""")
    assert not unstyled, unstyled
