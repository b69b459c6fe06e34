"""What a page's blocking time is made of: the page measured with parts of it removed.

    python3 scripts/benchmark.py --site site/ --breakdown                 # the largest page
    python3 scripts/benchmark.py --site site/ --breakdown --only /storage/s3/ --runs 5

Each variant is the built page with one kind of element taken out of its HTML
before the browser sees it (the server's response is replaced through
Playwright's routing; everything else is served as built): acronyms (<abbr>
unwrapped to their text), tables, code blocks, prerendered diagrams, the table
of contents, the whole article, or every script. Each variant is loaded like
a first visit (on the benchmark's throttled phone, or unthrottled with
--no-throttling) with a Chrome trace running; the report gives its element
count, total blocking time, the main thread's long tasks, and the main
thread's CPU time by kind of work (script, style, layout, ...), median of runs.
What drops when a part goes is what that part costs. The CPU times come from
the trace's thread CPU time, which other processes on a busy machine barely
change, unlike every wall-clock figure.

The removals are pure functions of the HTML text (remove_elements,
unwrap_elements), so tests can check them without a browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


def _element_end(html: str, start: int, tag: str) -> int:
    """Index just past the end tag matching the element whose start tag begins at `start`."""
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
    depth = 0
    for found in pattern.finditer(html, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    raise ValueError(f"<{tag}> at offset {start} is never closed")


def remove_elements(html: str, start_tag: str, tag: str) -> str:
    """`html` without the elements whose start tag matches the regex `start_tag` (nested `tag`s balanced).

    Built pages differ in attribute order (hooks re-serialize some), so patterns
    match an attribute anywhere in the start tag: `<nav\\b[^>]*\\bclass="..."`.
    """
    pattern = re.compile(start_tag, re.I)
    out, position = [], 0
    while (found := pattern.search(html, position)) is not None:
        out.append(html[position:found.start()])
        position = _element_end(html, found.start(), tag)
    out.append(html[position:])
    return "".join(out)


def unwrap_elements(html: str, tag: str) -> str:
    """`html` with every `tag` element replaced by its content (start and end tags dropped)."""
    return re.sub(rf"</?{tag}\b[^>]*>", "", html, flags=re.I)


ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*"[^>]*>)(.*?)(</article>)', re.S)
TITLE = re.compile(r"<h1\b.*?</h1>", re.S)


def empty_article(html: str) -> str:
    """`html` with the article reduced to its first heading: the theme around no content."""
    def keep_title(found: re.Match) -> str:
        heading = TITLE.search(found.group(2))
        return found.group(1) + (heading.group(0) if heading else "") + found.group(3)
    return ARTICLE.sub(keep_title, html, count=1)


def without_feature(html: str, feature: str) -> str:
    """`html` with one of Material's features (`toc.follow`) taken out of the page's `__config` list."""
    return re.sub(rf'"{re.escape(feature)}"(, )?|, "{re.escape(feature)}"(?=\])', "", html, count=1)


# Theme features whose cost may grow with the page (each is one line of mkdocs.yml).
FEATURES = ("navigation.instant", "navigation.tracking", "toc.follow", "navigation.top", "content.code.copy")


# (name, what it removes, how)
VARIANTS: list[tuple[str, str, Callable[[str], str]]] = [
    ("as built", "nothing", lambda html: html),
    ("no acronyms", "<abbr> elements unwrapped to their text", lambda html: unwrap_elements(html, "abbr")),
    ("no tables", "every <table>", lambda html: remove_elements(html, r"<table\b", "table")),
    ("no code blocks", "highlighted code blocks",
     lambda html: remove_elements(html, r'<div\b[^>]*\bclass="[^"]*\bhighlight\b[^"]*"', "div")),
    ("no diagrams", "prerendered diagrams and Mermaid blocks",
     lambda html: remove_elements(remove_elements(html, r'<div\b[^>]*\bclass="diagram"', "div"),
                                  r'<pre\b[^>]*\bclass="mermaid"', "pre")),
    ("no table of contents", "the page's table of contents",
     lambda html: remove_elements(html, r'<nav\b[^>]*\bclass="md-nav md-nav--secondary"', "nav")),
    ("no content", "the whole article but its title", empty_article),
    ("no scripts", "every <script> (no theme JavaScript)",
     lambda html: remove_elements(html, r"<script\b", "script")),
    ("no palette toggle", "the colour palette form (palette.js then does nothing)",
     lambda html: remove_elements(html, r'<form\b[^>]*\bdata-awsnotes-palette\b', "form")),
    *[(f"no {feature}", f"the {feature} feature", lambda html, feature=feature: without_feature(html, feature))
      for feature in FEATURES],
]


# Main-thread trace events by what they do; an event's self time (its duration less that of the
# events inside it) counts for its kind, anything unlisted inside a task counts as "other".
TRACE_KINDS = {
    "parse HTML": ("ParseHTML",),
    "script": ("EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule", "FunctionCall",
               "EventDispatch", "TimerFire", "FireAnimationFrame", "RunMicrotasks", "FireIdleCallback",
               "v8.run", "V8.GCScavenger", "MajorGC", "MinorGC", "V8.GC_MC_BACKGROUND_EVACUATE_COPY"),
    "style": ("UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet", "ScheduleStyleRecalculation"),
    "layout": ("Layout", "IntersectionObserverController::computeIntersections", "HitTest"),
    "paint": ("PrePaint", "Paint", "Layerize", "UpdateLayer", "UpdateLayerTree", "CompositeLayers", "Commit",
              "PaintImage", "Decode Image", "RasterTask"),
}
KIND_OF = {name: kind for kind, names in TRACE_KINDS.items() for name in names}
TASK = "RunTask"


def main_thread(events: list[dict]) -> tuple[int, int] | None:
    """(pid, tid) of the renderer main thread that ran the most task time in a Chrome trace."""
    threads = {(e["pid"], e["tid"]) for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name"
               and (e.get("args") or {}).get("name") == "CrRendererMain"}
    busy = {thread: 0.0 for thread in threads}
    for e in events:
        if e.get("ph") == "X" and e.get("name") == TASK and (e.get("pid"), e.get("tid")) in busy:
            busy[(e["pid"], e["tid"])] += e.get("dur", 0)
    return max(busy, key=busy.get) if busy else None


def task_time_by_kind(events: list[dict], min_task_ms: float = 0, clock: str = "tdur") -> dict[str, float]:
    """Main-thread self time (ms) by kind of work, inside tasks longer than `min_task_ms`, from a Chrome trace.

    Complete events ("ph": "X", microseconds) on the main thread nest by their
    wall-clock span ("ts", "dur"); each one's self time is its `clock` time less
    its children's, and goes to its kind (TRACE_KINDS; "other" for the rest,
    the task's own bookkeeping included). `clock` "tdur" is the thread's CPU
    time, which other processes on a busy machine barely change; "dur" is
    wall-clock time. A task's length (for `min_task_ms`) is its wall-clock span.
    """
    thread = main_thread(events)
    if thread is None:
        return {}
    # By start, the longer first; a task before an event of the same span (the task holds it).
    spans = sorted((e["ts"], -e.get("dur", 0), e["name"] != TASK, e["name"], e.get(clock, e.get("dur", 0)))
                   for e in events
                   if e.get("ph") == "X" and (e.get("pid"), e.get("tid")) == thread and "ts" in e)
    totals = {kind: 0.0 for kind in [*TRACE_KINDS, "other"]}
    stack: list[list] = []   # [end, name, self time so far, inside a counted task]

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            _, name, self_time, counted = stack.pop()
            if counted:
                totals[KIND_OF.get(name, "other")] += max(self_time, 0) / 1000

    for start, negative_duration, _, name, spent in spans:
        duration = -negative_duration
        close(start)
        if stack:
            stack[-1][2] -= spent
        counted = stack[0][3] if stack else (name == TASK and duration / 1000 > min_task_ms)
        stack.append([start + duration, name, spent, counted])
    close(float("inf"))
    return {kind: round(ms, 1) for kind, ms in totals.items()}


@dataclass
class Load:
    elements: int
    tbt: float
    long_tasks: int
    long_task_ms: float   # wall-clock time in long tasks, after FCP or not
    cpu_by_kind: dict[str, float] = field(default_factory=dict)   # main-thread CPU ms, by kind of work


COUNT_ELEMENTS = "() => document.getElementsByTagName('*').length"


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "toplevel"]


def measure_variant(browser, server, path: str, html: str, profile) -> Load:
    """One traced first visit to `path` served with `html` in place of the built page."""
    import json

    from awsnotes.benchmark import phone_page, visit

    url = server.url + path.lstrip("/")
    with phone_page(browser, server, 0, profile) as (page, traffic):
        page.route(url, lambda route: route.fulfill(status=200, body=html,
                                                    headers={"Content-Type": "text/html; charset=utf-8"}))
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        try:
            figures = visit(page, url, traffic)
        finally:
            trace = json.loads(browser.stop_tracing())
        tasks = page.evaluate("() => window.__benchmark.tasks")
        return Load(elements=page.evaluate(COUNT_ELEMENTS), tbt=figures.tbt or 0.0,
                    long_tasks=len(tasks), long_task_ms=sum(duration for _, duration in tasks),
                    cpu_by_kind=task_time_by_kind(trace.get("traceEvents", [])))


def run(site: Path, path: str, runs: int, profile, progress=lambda message: None) -> dict:
    """Every variant of the page at `path`, `runs` times each (interleaved, so load on the machine is shared)."""
    from playwright.sync_api import sync_playwright

    from awsnotes.benchmark import CHROMIUM_ARGS, median
    from awsnotes.browser import chromium_path
    from awsnotes.serve import CachingServer

    source = (site / path.lstrip("/") / ("" if path.endswith(".html") else "index.html")).read_text(encoding="utf-8")
    variants = [(name, what, change(source)) for name, what, change in VARIANTS]
    loads: dict[str, list[Load]] = {name: [] for name, _, _ in variants}
    with CachingServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for run_number in range(runs):
                for name, _, html in variants:
                    progress(f"{path} {name}: run {run_number + 1} of {runs}")
                    loads[name].append(measure_variant(browser, server, path, html, profile))
        finally:
            browser.close()
    kinds = [*TRACE_KINDS, "other"]
    return {"path": path, "runs": runs, "profile": profile.describe(), "variants": [
        {"name": name, "removes": what, "html_bytes": len(html.encode("utf-8")),
         **{figure: median([getattr(load, figure) for load in loads[name]])
            for figure in ("elements", "tbt", "long_tasks", "long_task_ms")},
         "cpu_by_kind": {kind: median([load.cpu_by_kind.get(kind) for load in loads[name]]) for kind in kinds},
         "cpu_ms": median([sum(load.cpu_by_kind.values()) for load in loads[name]])}
        for name, what, html in variants]}


def format_breakdown(report: dict) -> str:
    """The breakdown as two tables: each variant's load figures, and its main-thread CPU time by kind."""
    from awsnotes.benchmark import format_bytes, format_ms, format_table

    base = report["variants"][0]
    kinds = [*TRACE_KINDS, "other"]
    rows = [[variant["name"], format_bytes(variant["html_bytes"]), f"{variant['elements']:.0f}",
             format_ms(variant["tbt"]), f"{variant['long_tasks']:.0f}", format_ms(variant["long_task_ms"]),
             format_ms(variant["cpu_ms"]),
             format_ms(base["cpu_ms"] - variant["cpu_ms"]) if variant is not base else "", variant["removes"]]
            for variant in report["variants"]]
    header = ["Variant", "HTML", "Elements", "TBT", "Long tasks", "In long tasks", "Main-thread CPU",
              "CPU saved", "Removed"]
    cpu = [[variant["name"], *[format_ms(variant["cpu_by_kind"].get(kind)) for kind in kinds]]
           for variant in report["variants"]]
    return (f"Blocking time of {report['path']}, parts removed (median of {report['runs']} runs)\n"
            f"Profile: {report['profile']}\n" + format_table(header, rows) + "\n\n"
            "Main-thread CPU time by kind of work, from navigation until the page was quiet (Chrome trace, "
            "thread CPU time: it hardly changes with the machine's load or the CPU throttling)\n"
            + format_table(["Variant", *kinds], cpu) + "\n")
