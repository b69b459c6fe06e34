/*
 * Finishing touches the render command (awsnotes/render_diagrams.py) applies
 * to each rendered flowchart in Chromium, before it stores the SVG.
 *
 * Container (subgraph) titles: AWS's group convention puts a group's name at
 * its top left. Mermaid centres it, where an arrow entering the container from
 * above often runs straight through it. Each title is moved along the title
 * band Mermaid reserves for it (flowchart.subGraphTitleMargin in
 * diagram-loader.js) to the leftmost place where it touches no arrow, node,
 * arrow label or other title; if there is none, to the place with the fewest.
 *
 * Nested containers first get a title band of their own (see below).
 *
 * Called as finishDiagram(svg); returns the number of titles moved. This file
 * is part of every diagram's key (awsnotes/diagrams.py): editing it re-renders
 * every diagram.
 */
(svg) => {
  "use strict";
  const toRoot = (el) => svg.getScreenCTM().inverse().multiply(el.getScreenCTM());
  const box = (el) => {
    const b = el.getBBox(), m = toRoot(el);
    const pts = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
    const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
    return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
  };
  const overlaps = (a, b, gap) => a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
  const inside = (p, b, gap) => p.x > b.x - gap && p.x < b.x + b.w + gap && p.y > b.y - gap && p.y < b.y + b.h + gap;

  // Points along every arrow, in the SVG's own coordinates.
  const points = [];
  svg.querySelectorAll("path.flowchart-link, .edgePaths path").forEach((path) => {
    if (!path.getTotalLength) return;
    const total = path.getTotalLength(), m = toRoot(path);
    for (let at = 0; at <= total; at += 2) points.push(new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(m));
  });
  const obstacles = [...svg.querySelectorAll("g.node, g.edgeLabel")]
    .filter((el) => el.textContent.trim() || el.matches("g.node"))
    .map(box).filter((b) => b.w > 0 && b.h > 0);

  const clusters = [...svg.querySelectorAll("g.cluster")].map((g) => ({
    g, rect: g.querySelector(":scope > rect"), label: g.querySelector(":scope > .cluster-label"),
  })).filter((c) => c.rect && c.label && c.label.textContent.trim());
  // Outer containers first: their titles are placed before those inside them.
  clusters.sort((a, b) => box(b.rect).w * box(b.rect).h - box(a.rect).w * box(a.rect).h);

  const placed = [];
  let moved = 0;
  const GAP = 3, PAD = 8;

  // Nested containers: Mermaid puts an inner container's top border inside its parent's title
  // band, so the border runs through the title. Innermost first, each container whose title a
  // container inside it reaches grows upward until the title has its band to itself; its
  // parent, handled later, then makes room for the taller box.
  const contains = (outer, inner) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5
    && inner.x + inner.w <= outer.x + outer.w + 0.5 && inner.y + inner.h <= outer.y + outer.h + 0.5;
  [...clusters].reverse().forEach((c) => {
    const r = box(c.rect), l = box(c.label);
    const tops = clusters.filter((o) => o !== c && contains(r, box(o.rect))).map((o) => box(o.rect).y);
    const lift = tops.length ? l.y + l.h + GAP - Math.min(...tops) : 0;
    if (lift <= 0) return;
    const scale = toRoot(c.rect).d || 1;
    c.rect.setAttribute("y", parseFloat(c.rect.getAttribute("y")) - lift / scale);
    c.rect.setAttribute("height", parseFloat(c.rect.getAttribute("height")) + lift / scale);
    const t = /translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/.exec(c.label.getAttribute("transform") || "");
    if (t) c.label.setAttribute("transform", `translate(${t[1]}, ${parseFloat(t[2]) - lift / scale})`);
  });
  // The drawing grows upward with the containers that did.
  const view = svg.viewBox.baseVal;
  const top = Math.min(view.y, ...clusters.map((c) => box(c.rect).y - 4));
  if (view && top < view.y) {
    svg.setAttribute("viewBox", `${view.x} ${top} ${view.width} ${view.height + (view.y - top)}`);
  }
  clusters.forEach(({ rect, label }) => {
    const r = box(rect), l = box(label);
    const match = /translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/.exec(label.getAttribute("transform") || "");
    if (!match) return;
    const tx = parseFloat(match[1]), ty = parseFloat(match[2]);
    const cost = (x) => {
      const cand = { x, y: l.y, w: l.w, h: l.h };
      let hits = 0;
      // Covering a node, an arrow label or another title is worse than any arrow crossing.
      obstacles.forEach((o) => { if (overlaps(cand, o, GAP)) hits += 1000; });
      placed.forEach((o) => { if (overlaps(cand, o, GAP)) hits += 1000; });
      points.forEach((p) => { if (inside(p, cand, GAP)) hits += 1; });
      return hits;
    };
    const left = r.x + PAD, right = r.x + r.w - PAD - l.w;
    let best = l.x, bestCost = cost(l.x);
    for (let x = left; x <= right + 0.01; x += 4) {
      const c = cost(x);
      if (c < bestCost || (c === bestCost && c === 0 && x < best)) { best = x; bestCost = c; }
      if (c === 0) { best = x; bestCost = 0; break; }
    }
    if (Math.abs(best - l.x) > 0.5) {
      label.setAttribute("transform", `translate(${tx + (best - l.x)}, ${ty})`);
      moved += 1;
    }
    placed.push({ x: best, y: l.y, w: l.w, h: l.h });
  });
  return moved;
}
