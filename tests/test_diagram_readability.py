"""Diagrams every reader can read, measured in real Chromium on every diagram of the site.

- No container title collides with another title, a node, an arrow label or an
  arrow, and none sits on its container's border.
- Every label has at least 4.5:1 contrast against what is drawn behind it, in
  both colour schemes.
- Every diagram has an accessible name and description.
- The site's diagram classes look alike on every page and the legend shows them.
- A diagram wider than a phone says so and opens full size; print fits the page.

Each failure names the page, the heading above the diagram and the label.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from awsnotes import diagram_styles
from tests.support import diagram_count, site_pages

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
WIDTHS = [1280, 390]
MIN_CONTRAST = 4.5


def diagram_pages(site: Path) -> list[str]:
    return [path for path in site_pages(site)
            if diagram_count((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))]


def open_page(browser, server, path: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server.url + path.lstrip("/"), wait_until="load")
    # The palette follows the system preference: wait until Material applied it.
    want = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{want}'")
    return context, page


# Where each diagram is: the id of the heading above it (or the page title).
LOCATE = """() => {
  let heading = "top";
  const found = [];
  document.querySelectorAll("article :is(h1, h2, h3)[id], article div.diagram").forEach(el => {
    if (el.matches("div.diagram")) found.push(heading); else heading = el.id;
  });
  return found;
}"""

GEOMETRY = """() => [...document.querySelectorAll("article div.diagram > svg")].map(svg => {
  const toRoot = el => svg.getScreenCTM().inverse().multiply(el.getScreenCTM());
  const box = el => {
    const b = el.getBBox(), m = toRoot(el);
    const p = [[b.x, b.y], [b.x + b.width, b.y + b.height]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
    return { x: Math.min(p[0].x, p[1].x), y: Math.min(p[0].y, p[1].y),
             w: Math.abs(p[1].x - p[0].x), h: Math.abs(p[1].y - p[0].y) };
  };
  const text = el => el.textContent.replace(/\\s+/g, " ").trim();
  const hit = (a, b) => a.x + 1 < b.x + b.w && b.x + 1 < a.x + a.w && a.y + 1 < b.y + b.h && b.y + 1 < a.y + a.h;
  const problems = [];
  const titles = [...svg.querySelectorAll("g.cluster")].map(g => ({
      g, rect: g.querySelector(":scope > rect"), label: g.querySelector(":scope > .cluster-label") }))
    .filter(c => c.rect && c.label && text(c.label))
    .map(c => ({ name: text(c.label), box: box(c.label), frame: box(c.rect) }));
  const nodes = [...svg.querySelectorAll("g.node")].map(g => ({ name: text(g) || g.id, box: box(g) }));
  const edgeLabels = [...svg.querySelectorAll("g.edgeLabel")].filter(g => text(g))
    .map(g => ({ name: text(g), box: box(g) })).filter(l => l.box.w > 0);
  // An invisible link (`a ~~~ b`) only places boxes: nothing is drawn that could hide a title.
  const edges = [...svg.querySelectorAll("path.flowchart-link:not(.edge-thickness-invisible)")].map(path => {
    const m = toRoot(path), total = path.getTotalLength(), points = [];
    for (let at = 0; at <= total; at += 2) points.push(new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(m));
    return { name: path.id, points };
  });
  titles.forEach((t, i) => {
    const f = t.frame, b = t.box;
    if (b.x < f.x || b.y < f.y || b.x + b.w > f.x + f.w || b.y + b.h > f.y + f.h)
      problems.push(`container title '${t.name}' is not inside its box (on the border)`);
    titles.slice(i + 1).forEach(o => { if (hit(t.box, o.box)) problems.push(`container titles '${t.name}' and '${o.name}' overlap`); });
    nodes.forEach(n => { if (hit(t.box, n.box)) problems.push(`container title '${t.name}' overlaps node '${n.name}'`); });
    edgeLabels.forEach(l => { if (hit(t.box, l.box)) problems.push(`container title '${t.name}' overlaps arrow label '${l.name}'`); });
    edges.forEach(e => {
      if (e.points.some(p => p.x > b.x + 1 && p.x < b.x + b.w - 1 && p.y > b.y + 1 && p.y < b.y + b.h - 1))
        problems.push(`arrow ${e.name} passes through container title '${t.name}'`);
    });
  });
  return problems;
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_container_titles_collide_with_nothing(browser, server, built_site, width):
    failures = []
    for path in diagram_pages(built_site):
        context, page = open_page(browser, server, path, width)
        try:
            for heading, problems in zip(page.evaluate(LOCATE), page.evaluate(GEOMETRY)):
                failures += [f"{path}#{heading}: {problem}" for problem in problems]
        finally:
            context.close()
    assert not failures, f"diagram collisions at {width} px:\n" + "\n".join(failures)


# Every label of every diagram: its box on the screen and the colour its text is drawn in.
LABELS = """() => [...document.querySelectorAll("article div.diagram > svg")].map((svg, index) => {
  const labels = [...svg.querySelectorAll("foreignObject p, foreignObject span.nodeLabel, foreignObject span.edgeLabel, text")]
    .filter(el => el.textContent.trim() && !el.querySelector("p") && !(el.matches("text") && el.closest("foreignObject")));
  return labels.map(el => {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    return { diagram: index, text: el.textContent.replace(/\\s+/g, " ").trim(),
             colour: el.matches("text, tspan") ? style.fill : style.color,
             x: r.x, y: r.y, w: r.width, h: r.height };
  }).filter(l => l.w > 2 && l.h > 2);
})"""
HIDE_TEXT = """() => { const s = document.createElement("style"); s.id = "hide-diagram-text";
  s.textContent = `article div.diagram svg text, article div.diagram svg tspan { fill: transparent !important; stroke: none !important; }
                   article div.diagram svg foreignObject * { color: transparent !important; }
                   .diagram-cue { visibility: hidden; }`;
  document.head.appendChild(s); }"""
# Colours behind one label: every colour covering at least a fifth of its box
# (thin lines crossing a label do not count, a box it straddles does).
BACKGROUNDS = """async ([png, boxes]) => {
  const image = await createImageBitmap(new Blob([Uint8Array.from(atob(png), c => c.charCodeAt(0))], { type: "image/png" }));
  const canvas = new OffscreenCanvas(image.width, image.height), ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return boxes.map(([x, y, w, h]) => {
    x = Math.max(0, Math.round(x)); y = Math.max(0, Math.round(y));
    w = Math.min(image.width - x, Math.round(w)); h = Math.min(image.height - y, Math.round(h));
    if (w < 1 || h < 1) return [];
    const data = ctx.getImageData(x, y, w, h).data, counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    return [...counts].filter(([, n]) => n >= w * h / 5).map(([key]) => key.split(",").map(Number));
  });
}"""


def parse_colour(css: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text_css: str, background) -> float:
    r, g, b, a = parse_colour(text_css)
    seen = [a * c + (1 - a) * bg for c, bg in zip((r, g, b), background)]
    high, low = sorted([luminance(seen), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def label_contrasts(page) -> list[tuple[int, str, float]]:
    """(diagram index, label, worst contrast) for every visible label on the page."""
    labels = page.evaluate(LABELS)
    page.evaluate(HIDE_TEXT)
    results = []
    diagrams = page.locator("article div.diagram")
    for index, group in enumerate(labels):
        if not group:
            continue
        wrap = diagrams.nth(index)
        wrap.scroll_into_view_if_needed()
        scroll_width = wrap.evaluate("el => el.scrollWidth - el.clientWidth")
        measured: set[int] = set()
        for left in range(0, max(scroll_width, 0) + 1, 150) or [0]:
            wrap.evaluate("(el, left) => el.scrollLeft = left", left)
            visible = wrap.evaluate("el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }")
            current = page.evaluate(LABELS)[index]
            todo = [(i, label) for i, label in enumerate(current) if i not in measured
                    and label["x"] >= visible[0] - 0.5 and label["x"] + label["w"] <= visible[0] + visible[2] + 0.5]
            if not todo:
                continue
            # Within the viewport when the diagram fits in it (fast), else from the whole page.
            tall = visible[1] < 0 or visible[1] + visible[3] > page.viewport_size["height"]
            scroll = page.evaluate("[window.scrollX, window.scrollY]") if tall else [0, 0]
            png = page.screenshot(full_page=tall, animations="disabled", clip={
                "x": visible[0] + scroll[0], "y": visible[1] + scroll[1], "width": visible[2], "height": visible[3]})
            boxes = [[label["x"] - visible[0], label["y"] - visible[1], label["w"], label["h"]] for _, label in todo]
            backgrounds = page.evaluate(BACKGROUNDS, [base64.b64encode(png).decode(), boxes])
            for (i, label), behind in zip(todo, backgrounds):
                measured.add(i)
                colour = group[i]["colour"]  # read before the text was hidden
                if behind:
                    results.append((index, label["text"], min(contrast(colour, bg) for bg in behind)))
        missing = len(group) - len(measured)
        assert missing == 0, f"{missing} labels of diagram {index + 1} could not be measured"
    return results


TEXT_ALTERNATIVES = """() => [...document.querySelectorAll("article div.diagram")].map(wrap => {
  const svg = wrap.querySelector(":scope > svg");
  const byIds = attr => (svg.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(el => el.textContent.trim()).join(" ");
  return { role: svg.getAttribute("role") || "", name: byIds("aria-labelledby"), description: byIds("aria-describedby"),
           wrapperName: wrap.getAttribute("aria-label"), wrapperRole: wrap.getAttribute("role") };
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_diagram_has_an_accessible_name_and_description(browser, server, built_site, width):
    failures, checked = [], 0
    for path in diagram_pages(built_site):
        context, page = open_page(browser, server, path, width)
        try:
            for heading, found in zip(page.evaluate(LOCATE), page.evaluate(TEXT_ALTERNATIVES)):
                where = f"{path}#{heading}"
                if found["wrapperName"] is not None and found["wrapperName"] != found["name"]:
                    failures.append(f"{where}: the scrolling region is named '{found['wrapperName']}', "
                                    f"not the diagram's title '{found['name']}'")
                checked += 1
                if "img" not in found["role"] and "graphics-document" not in found["role"]:
                    failures.append(f"{where}: the SVG is not exposed as an image (role '{found['role']}')")
                if len(found["name"]) < 8:
                    failures.append(f"{where}: no accessible name (add `accTitle:` to the fence)")
                if len(found["description"]) < 40 or not found["description"].rstrip().endswith((".", ")")):
                    failures.append(f"{where}: description '{found['description']}' is not a sentence "
                                    "(add `accDescr:` saying what connects to what and why)")
        finally:
            context.close()
    assert checked >= 30
    assert not failures, "\n".join(failures)


# The computed look of every element that carries a site class, keyed by class.
CLASS_LOOKS = """(names) => {
  const looks = [];
  document.querySelectorAll("article div.diagram svg :is(g.cluster, g.node)").forEach(g => {
    const name = names.find(n => g.classList.contains(n));
    if (!name) return;
    const shape = g.querySelector(":scope > :is(rect, path, polygon, circle, ellipse), :scope > g > path");
    const s = getComputedStyle(shape);
    looks.push([name, [s.fill, s.stroke, s.strokeDasharray, s.strokeWidth].join(" / "), g.textContent.trim()]);
  });
  return looks;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_diagram_class_looks_alike_on_every_page(browser, server, built_site, scheme):
    names = list(diagram_styles.STYLES)
    looks: dict[str, dict[str, str]] = {}
    for path in diagram_pages(built_site):
        context, page = open_page(browser, server, path, 1280, scheme)
        try:
            for name, look, label in page.evaluate(CLASS_LOOKS, names):
                looks.setdefault(name, {}).setdefault(look, f"{path} '{label[:40]}'")
        finally:
            context.close()
    assert set(looks) == set(names), f"classes no diagram uses (the legend must): {set(names) - set(looks)}"
    differing = {name: variants for name, variants in looks.items() if len(variants) > 1}
    assert not differing, "\n".join(f"class {name} is drawn {len(v)} ways: {v}" for name, v in differing.items())
    # Each kind is told apart from the others, and from Material's default look.
    assert len({next(iter(v)) for v in looks.values()}) == len(names), looks


def test_the_legend_page_shows_every_class(built_site):
    page = (built_site / "reference" / "diagram-legend" / "index.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'<g class="(?:cluster|node default) ([\w ]+)"', page))
    missing = [name for name in diagram_styles.STYLES if not any(name in found.split() for found in shown)]
    assert not missing, f"the legend's diagrams do not show: {missing}"
    for name in diagram_styles.STYLES:
        assert f"<code>{name}</code>" in page, f"the legend's tables do not name the class {name}"


def wide_diagram(browser, server, built_site):
    """A page (and context) at phone width with a diagram that scrolls sideways."""
    for path in diagram_pages(built_site):
        context, page = open_page(browser, server, path, 390)
        if page.locator("article div.diagram.diagram--scrolls").count():
            return context, page
        context.close()
    raise AssertionError("no diagram scrolls sideways at 390 px: nothing to test the cue on")


VIEWER = """() => { const d = document.querySelector("dialog.diagram-viewer");
  if (!d) return null;
  const c = d.querySelector(".diagram-viewer__canvas"), svg = c.querySelector("svg");
  return { open: d.open, title: document.getElementById(d.getAttribute("aria-labelledby")).textContent,
           transform: c.style.transform, svgWidth: svg ? svg.getBoundingClientRect().width : 0,
           natural: svg ? svg.viewBox.baseVal.width : 0 }; }"""


def test_a_wide_diagram_shows_a_cue_and_opens_full_size(browser, server, built_site):
    context, page = wide_diagram(browser, server, built_site)
    try:
        url = page.url.split("#")[0]
        entries = page.evaluate("history.length")
        wide = page.locator("article div.diagram.diagram--scrolls").first
        cue = page.locator("article div.diagram.diagram--scrolls + p.diagram-cue").first
        assert cue.is_visible() and "Scroll sideways or open full size" in cue.inner_text()
        title = wide.evaluate("el => el.querySelector('svg > title')?.textContent.trim() || 'Diagram'")
        navigations = page.evaluate("performance.getEntriesByType('navigation').length")

        cue.get_by_role("button", name=re.compile("Open full size")).click()
        page.wait_for_function("document.querySelector('dialog.diagram-viewer')?.open === true")
        state = page.evaluate(VIEWER)
        assert state["title"] == title
        assert abs(state["svgWidth"] - state["natural"]) < 2, state   # natural size, not shrunk
        page.get_by_role("button", name="Zoom in").click()
        zoomed = page.evaluate(VIEWER)["transform"]
        assert "scale(1.25)" in zoomed, zoomed
        stage = page.locator(".diagram-viewer__stage").bounding_box()
        page.mouse.move(stage["x"] + 100, stage["y"] + 100)
        page.mouse.down()
        page.mouse.move(stage["x"] + 40, stage["y"] + 60, steps=4)
        page.mouse.up()
        assert page.evaluate(VIEWER)["transform"] != zoomed, "dragging did not pan"

        page.keyboard.press("Escape")
        page.wait_for_function("document.querySelector('dialog.diagram-viewer').open === false")
        # The extra history entry the view added is gone again: Back does not need pressing twice.
        page.wait_for_function(f"location.href.split('#')[0] === {url!r}")
        assert page.evaluate("history.length") == entries + 1  # forward entry kept, as after any Back

        cue.get_by_role("button", name=re.compile("Open full size")).click()
        page.wait_for_function("document.querySelector('dialog.diagram-viewer').open === true")
        page.go_back()
        page.wait_for_function("document.querySelector('dialog.diagram-viewer').open === false")
        assert page.url.split("#")[0] == url
        assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations
        assert page.locator("dialog.diagram-viewer svg").count() == 0, "the copy stays in the page"
    finally:
        context.close()


def test_the_cue_works_after_instant_navigation(browser, server, built_site):
    context, page = wide_diagram(browser, server, built_site)
    try:
        path = "/" + page.url.split("/", 3)[3]
        page.goto(server.url + "reference/glossary/")
        page.evaluate("""(href) => { const a = document.createElement("a"); a.href = href; a.id = "go";
            a.textContent = "go"; document.querySelector("article").appendChild(a); }""", path)
        page.click("#go")
        page.wait_for_url("**" + path)
        page.wait_for_selector("article p.diagram-cue button")
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "not instant"
        page.locator("article p.diagram-cue button").first.click()
        page.wait_for_function("document.querySelector('dialog.diagram-viewer')?.open === true")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_diagrams_fit_the_printed_page(browser, server, built_site, width):
    overflowing = []
    for path in diagram_pages(built_site):
        context, page = open_page(browser, server, path, width)
        try:
            page.emulate_media(media="print")
            sizes = page.evaluate("""() => [...document.querySelectorAll("article div.diagram")].map(d => [
                d.scrollWidth - d.clientWidth, d.querySelector("svg").getBoundingClientRect().width,
                d.getBoundingClientRect().width, getComputedStyle(d.nextElementSibling || d).display])""")
            overflowing += [f"{path} diagram {i}: {svg:.0f} px in {box:.0f} px" for i, (over, svg, box, _) in
                            enumerate(sizes, 1) if over > 1 or svg > box + 1]
            assert page.locator("p.diagram-cue:visible").count() == 0, f"{path}: cue printed"
        finally:
            context.close()
    assert not overflowing, "diagrams wider than the printed page:\n" + "\n".join(overflowing)
