"""Diagrams every reader can read, measured in real Chromium on every diagram of the site.

- No container title collides with another title, a node, an arrow label or an
  arrow, and none sits on its container's border.
- Every label has at least 4.5:1 contrast against what is drawn behind it, in
  both colour schemes.
- Every diagram has an accessible name and description, and its smallest label
  is drawn at 12 px or more on a desktop and on a phone.
- The site's diagram classes look alike on every page and the legend shows them.
- A diagram wider than a phone says so and opens full size; print fits the page.

Each failure names the page, the heading above the diagram and the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import pytest

from awsnotes import diagram_styles
from tests.support import diagram_count, quick_transitions, site_pages, use_scheme

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
WIDTHS = [1280, 390]
SCHEMES = ["light", "dark"]
MIN_CONTRAST = 4.5


def diagram_pages(site: Path) -> list[str]:
    return [path for path in site_pages(site)
            if diagram_count((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))]


def open_page(browser, server, path: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server.url + path.lstrip("/"), wait_until="load")
    use_scheme(page, scheme)  # the palette follows the system preference: wait until Material applied it
    return context, page


@dataclass
class DiagramPage:
    """What one load of a diagram page measured; lists have one entry per diagram."""
    path: str
    headings: list[str]          # the id of the heading above each diagram
    labels: list[list[dict]]     # MEASURE_LABELS
    looks: list[list]            # CLASS_LOOKS (at 1280 px)
    geometry: list[list[str]] = field(default_factory=list)     # GEOMETRY (light scheme)
    alternatives: list[dict] = field(default_factory=list)      # TEXT_ALTERNATIVES (light scheme)
    printed: tuple = ((), False)                                 # PRINTED (light scheme)
    sizes: list[float] = field(default_factory=list)            # LABEL_SIZES (light scheme)


PRINTED = """() => [[...document.querySelectorAll("article div.diagram")].map(d => [
    d.scrollWidth - d.clientWidth, d.querySelector("svg").getBoundingClientRect().width, d.getBoundingClientRect().width]),
  [...document.querySelectorAll("p.diagram-cue")].some(p => p.getClientRects().length > 0)]"""


@pytest.fixture(scope="module")
def measured(browser, server, built_site) -> dict[tuple[int, str], list[DiagramPage]]:
    """Every diagram page loaded once per width and measured in both schemes on that load.

    Light first: the measurements that only read the page, print emulation (undone again),
    then the labels, which scrolls the page and hides the header. The page then follows the
    system scheme to dark, as Material's automatic palette does, and is measured again.
    """
    results: dict[tuple[int, str], list[DiagramPage]] = {key: [] for key in product(WIDTHS, SCHEMES)}
    names = list(diagram_styles.STYLES)
    for width in WIDTHS:
        # One tab per width, as a reader moves from page to page: the site's files come from its cache.
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light")
        page = context.new_page()
        quick_transitions(page)  # the colours settle after each switch to dark without waiting 250 ms
        try:
            for path in diagram_pages(built_site):
                page.emulate_media(color_scheme="light")  # each page opens in light: no switch to wait for
                page.goto(server.url + path.lstrip("/"), wait_until="load")
                headings = page.evaluate(LOCATE)
                for scheme in SCHEMES:
                    use_scheme(page, scheme)
                    measured_page = DiagramPage(path, headings, [],
                                                page.evaluate(CLASS_LOOKS, names) if width == 1280 else [])
                    if scheme == "light":
                        measured_page.geometry = page.evaluate(GEOMETRY)
                        measured_page.alternatives = page.evaluate(TEXT_ALTERNATIVES)
                        measured_page.sizes = page.evaluate(LABEL_SIZES)
                        page.emulate_media(media="print")
                        measured_page.printed = tuple(page.evaluate(PRINTED))
                        page.emulate_media(media="screen")
                    measured_page.labels = page.evaluate(MEASURE_LABELS)
                    results[width, scheme].append(measured_page)
        finally:
            context.close()
    return results


# The drawn size of each diagram's smallest label, in CSS pixels.
LABEL_SIZES = """() => [...document.querySelectorAll("article div.diagram svg")].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const labels = [...svg.querySelectorAll(".nodeLabel, .edgeLabel, text")]
        .filter(label => label.textContent.trim());
    return Math.min(...labels.map(label => parseFloat(getComputedStyle(label).fontSize) * scale));
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_diagram_labels_stay_readable_on_desktop_and_phone(measured, width):
    """However wide the diagram, its smallest label is drawn at 12 px or more."""
    small = [f"{found.path}#{heading}: {size:.1f} px" for found in measured[width, "light"]
             for heading, size in zip(found.headings, found.sizes) if size < 11.9]
    assert sum(len(found.sizes) for found in measured[width, "light"]) >= 60
    assert not small, f"labels too small at {width} px:\n" + "\n".join(small)


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
    // Another box's border drawn across the title: the title overlaps that box without being inside it.
    titles.forEach(o => {
      const inside = b.x >= o.frame.x && b.y >= o.frame.y && b.x + b.w <= o.frame.x + o.frame.w && b.y + b.h <= o.frame.y + o.frame.h;
      if (o !== t && hit(b, o.frame) && !inside) problems.push(`the border of '${o.name}' crosses container title '${t.name}'`);
    });
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
def test_container_titles_collide_with_nothing(measured, width):
    failures = [f"{found.path}#{heading}: {problem}" for found in measured[width, "light"]
                for heading, problems in zip(found.headings, found.geometry) for problem in problems]
    assert not failures, f"diagram collisions at {width} px:\n" + "\n".join(failures)


# Every label of every diagram, scrolled into view the way a reader would, and what is painted
# behind it: the shapes and backgrounds under three points of the label (elementsFromPoint),
# composited from the page background up. Lines under 3 px (an arrow or lifeline crossing
# behind) are not a background. Returns, per diagram, the label, its colour and the worst
# background found, or `problem` when the background cannot be known (a gradient, say).
MEASURE_LABELS = """() => {
  const style = document.createElement("style");
  style.textContent = `article div.diagram svg * { pointer-events: visiblePainted !important; }
                       article div.diagram svg foreignObject * { pointer-events: auto !important; }
                       .diagram-cue, .md-header, .md-tabs { visibility: hidden !important; }`;
  document.head.appendChild(style);
  const rgba = css => {
    if (!css || css === "none" || css === "transparent") return [0, 0, 0, 0];
    const v = css.match(/[\\d.]+/g);
    if (!css.startsWith("rgb") || !v) return null;
    return [+v[0], +v[1], +v[2], v.length > 3 ? +v[3] : 1];
  };
  const opacity = el => { let o = 1; for (let e = el; e && e instanceof SVGElement; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; };
  const SHAPES = "rect, path, polygon, circle, ellipse, line, polyline";
  const isLabel = el => el.matches("text, tspan");
  // The paint of one element at one point: [r, g, b, a], [0,0,0,0] for nothing, null if unknown.
  const paint = (el, x, y) => {
    const s = getComputedStyle(el);
    if (!(el instanceof SVGElement) || el.matches("svg, foreignObject")) return rgba(s.backgroundColor);
    if (!el.matches(SHAPES) || isLabel(el)) return [0, 0, 0, 0];
    const m = el.getScreenCTM();
    const local = new DOMPoint(x, y).matrixTransform(m.inverse());
    let colour = null;
    if (s.fill !== "none" && el.isPointInFill(local)) colour = rgba(s.fill), colour && (colour[3] *= +s.fillOpacity);
    else if (s.stroke !== "none" && el.isPointInStroke(local) && parseFloat(s.strokeWidth) * Math.hypot(m.a, m.b) >= 3)
      colour = rgba(s.stroke), colour && (colour[3] *= +s.strokeOpacity);
    else return [0, 0, 0, 0];
    if (colour) colour[3] *= opacity(el);
    return colour;
  };
  const behind = (x, y) => {
    const layers = [];
    for (const el of document.elementsFromPoint(x, y)) {
      const p = paint(el, x, y);
      if (p === null) return { problem: `cannot read the paint of <${el.tagName.toLowerCase()}> behind it` };
      if (p[3] > 0) layers.push(p);
      if (p[3] >= 1) break;
    }
    let colour = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) colour = [r * a + colour[0] * (1 - a), g * a + colour[1] * (1 - a), b * a + colour[2] * (1 - a)];
    return { colour };
  };
  const luminance = ([r, g, b]) => [r, g, b].map(c => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (hi + 0.05) / (lo + 0.05); };
  return [...document.querySelectorAll("article div.diagram > svg")].map(svg =>
    [...svg.querySelectorAll("foreignObject p, foreignObject span.nodeLabel, foreignObject span.edgeLabel, text")]
      .filter(el => el.textContent.trim() && !el.querySelector("p") && !(el.matches("text") && el.closest("foreignObject")))
      .filter(el => { const r = el.getBoundingClientRect(); return r.width > 2 && r.height > 2; })
      .map(el => {
        const text = el.textContent.replace(/\\s+/g, " ").trim();
        // SVG text is drawn in its tspans' fill (the site styles the tspans), HTML in its colour.
        const s = getComputedStyle(el.matches("text") ? el.querySelector("tspan") || el : el);
        const ink = rgba(el.matches("text") ? s.fill : s.color);
        el.scrollIntoView({ block: "center", inline: "center" });
        const r = el.getBoundingClientRect();
        let worst = null;
        for (const fx of [0.25, 0.5, 0.75]) {
          const found = behind(r.x + r.width * fx, r.y + r.height / 2);
          if (found.problem || !ink) return { text, problem: found.problem || `its colour '${s.color}' is not rgb()` };
          const [ir, ig, ib, ia] = ink, bg = found.colour;
          const seen = [ir * ia + bg[0] * (1 - ia), ig * ia + bg[1] * (1 - ia), ib * ia + bg[2] * (1 - ia)];
          const contrast = ratio(seen, bg);
          if (!worst || contrast < worst.contrast) worst = { contrast, ink: seen.map(Math.round), background: bg.map(Math.round) };
        }
        return { text, ...worst };
      }));
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_diagram_label_has_enough_contrast(measured, width, scheme):
    failures, count, worst = [], 0, None
    for found in measured[width, scheme]:
        for heading, labels in zip(found.headings, found.labels):
            for label in labels:
                where = f"{found.path}#{heading} '{label['text'][:50]}'"
                if "problem" in label:
                    failures.append(f"{where}: {label['problem']}")
                    continue
                count += 1
                if worst is None or label["contrast"] < worst[0]:
                    worst = (label["contrast"], where)
                if label["contrast"] < MIN_CONTRAST:
                    failures.append(f"{where}: {label['contrast']:.2f}:1, text rgb{tuple(label['ink'])} "
                                    f"on rgb{tuple(label['background'])}")
    assert count > 500, f"only {count} labels measured"
    assert not failures, (f"diagram labels under {MIN_CONTRAST}:1 at {width} px, {scheme} "
                          f"(worst: {worst[1]} at {worst[0]:.2f}:1):\n" + "\n".join(failures))


def test_the_contrast_measure_catches_a_label_drawn_in_its_own_background(browser, server, built_site):
    """The measure can fail: paint one class's boxes in the colour of their own text."""
    path = next(p for p in diagram_pages(built_site) if "networking/vpc" in p)
    context, page = open_page(browser, server, path, 1280)
    try:
        page.evaluate("""() => document.querySelectorAll("article div.diagram svg g.node.compute").forEach(g => {
            g.querySelectorAll(":scope > :is(rect, path, polygon)").forEach(s => s.style.setProperty("fill", "#000", "important"));
            g.querySelectorAll("foreignObject *").forEach(e => e.style.setProperty("color", "#111", "important"));
        })""")
        labels = [label for group in page.evaluate(MEASURE_LABELS) for label in group]
    finally:
        context.close()
    poor = [label for label in labels if label.get("contrast", 99) < 1.5]
    assert poor and all(label["background"] == [0, 0, 0] for label in poor), poor


TEXT_ALTERNATIVES = """() => [...document.querySelectorAll("article div.diagram")].map(wrap => {
  const svg = wrap.querySelector(":scope > svg");
  const byIds = attr => (svg.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(el => el.textContent.trim()).join(" ");
  return { role: svg.getAttribute("role") || "", name: byIds("aria-labelledby"), description: byIds("aria-describedby"),
           wrapperName: wrap.getAttribute("aria-label"), wrapperRole: wrap.getAttribute("role") };
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_diagram_has_an_accessible_name_and_description(measured, width):
    failures, checked = [], 0
    for page in measured[width, "light"]:
        for heading, found in zip(page.headings, page.alternatives):
            where = f"{page.path}#{heading}"
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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_diagram_class_looks_alike_on_every_page(measured, scheme):
    names = list(diagram_styles.STYLES)
    looks: dict[str, dict[str, str]] = {}
    for found in measured[1280, scheme]:
        for name, look, label in found.looks:
            looks.setdefault(name, {}).setdefault(look, f"{found.path} '{label[:40]}'")
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


# Waits are functions, not expression strings: Playwright evaluates a string with eval() while it
# polls, which the page's Content-Security-Policy refuses (no 'unsafe-eval').
VIEWER_OPEN = "(open) => document.querySelector('dialog.diagram-viewer')?.open === open"


def viewer_fetches(page) -> list[str]:
    """The page's requests for the full-size view's script."""
    return page.evaluate("""() => performance.getEntriesByType("resource").map(entry => entry.name)
                                  .filter(name => /diagram-viewer[.][0-9a-f]{8}[.]js$/.test(name))""")


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
        assert viewer_fetches(page) == [], "the full-size view was fetched before anyone asked for it"

        cue.get_by_role("button", name=re.compile("Open full size")).click()
        page.wait_for_function(VIEWER_OPEN, arg=True)
        assert len(viewer_fetches(page)) == 1
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
        page.wait_for_function(VIEWER_OPEN, arg=False)
        # The extra history entry the view added is gone again: Back does not need pressing twice.
        page.wait_for_function("(url) => location.href.split('#')[0] === url", arg=url)
        assert page.evaluate("history.length") == entries + 1  # forward entry kept, as after any Back

        cue.get_by_role("button", name=re.compile("Open full size")).click()
        page.wait_for_function(VIEWER_OPEN, arg=True)
        page.go_back()
        page.wait_for_function(VIEWER_OPEN, arg=False)
        assert page.url.split("#")[0] == url
        assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations
        # The copy goes when the dialog's close event runs, a task after `open` turns false.
        page.wait_for_function("() => !document.querySelector('dialog.diagram-viewer svg')")
        assert len(viewer_fetches(page)) == 1, "the full-size view was fetched again"
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_diagrams_fit_the_printed_page(measured, width):
    overflowing, cues = [], []
    for found in measured[width, "light"]:
        sizes, cue_printed = found.printed
        overflowing += [f"{found.path} diagram {i}: {svg:.0f} px in {box:.0f} px" for i, (over, svg, box) in
                        enumerate(sizes, 1) if over > 1 or svg > box + 1]
        cues += [found.path] if cue_printed else []
    assert not cues, f"the scroll cue is printed on: {cues}"
    assert not overflowing, "diagrams wider than the printed page:\n" + "\n".join(overflowing)
