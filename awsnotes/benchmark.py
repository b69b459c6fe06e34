#!/usr/bin/env python3
"""Benchmark AWS Notes: every page on a slow phone, Lighthouse's scores, and the build time.

    python3 scripts/benchmark.py                          # build, then measure every page
    python3 scripts/benchmark.py --site site/             # measure a site that is already built
    python3 scripts/benchmark.py --site site/ --pages 3 --runs 1 --lighthouse-runs 0   # quick
    python3 scripts/benchmark.py --site site/ --only /storage/s3/ --only /
    python3 scripts/benchmark.py --build-only             # the build times and their ratio only
    python3 scripts/benchmark.py --site site/ --breakdown # what the largest page's blocking time is made of

It prints figures; it never passes or fails.

Build: it times the project's build of the whole site (what scripts/build.py
does: page checks, `mkdocs build --strict` with the project's hooks, site
checks) and a plain `mkdocs build` of the same docs without the hooks (a
temporary copy of mkdocs.yml without its `hooks:` block), each in a fresh
Python process, and prints their ratio (the target is 1.5x or less).

Pages: it serves the site like a static host (awsnotes/serve.py: gzip,
immutable caching for fingerprinted files, revalidation for the rest) and
loads every page (or the --pages/--only selection) in headless Chromium as a
mid-range phone on slow 4G: Lighthouse's mobile profile, applied with
DevTools throttling as Lighthouse applies it (562.5 ms request latency,
1474.56 Kbps down, 675 Kbps up, 4x CPU slowdown, a 412x823 screen at 1.75x).
For each page: bytes transferred on a first visit before any interaction
(compressed, headers included, as the server sent them), first and largest
contentful paint (FCP, LCP), total blocking time (TBT), layout shift (CLS),
and Lighthouse's scores (performance, accessibility, best practices, SEO) and
its own TBT, median of --lighthouse-runs runs of its default mobile preset.
Pages are sorted worst first. Timings are the median of --runs runs.

Search: on the text page (the median-size notes page without diagrams) it also
measures a first visit WITH a search (open the search box, type a word from
the page's title, wait for results), so an index fetched on demand shows up,
and a second visit in the same browser (the HTTP cache applies).

Lighthouse is looked up in .lighthouse/ (`npm install --prefix .lighthouse
lighthouse@13.5.0`), then on the PATH, then through `npx --no-install`; it
runs with Debian's chromium (CHROME_PATH). The first run creates .venv/ with
requirements.txt and requirements-test.txt.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import html
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from awsnotes import ROOT, diagrams, site as built_site
from awsnotes.browser import CHROMIUM_ARGS

KINDS = ("home", "text", "diagram", "largest", "shell")
SHELL = "/404.html"   # the theme around almost no content
BLOCKING_MS = 50          # a task blocks input for whatever it runs beyond 50 ms
QUIET_MS = 2000           # the page is done when no long task has run for this long
LOAD_TIMEOUT_MS = 90_000
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_VERSION = "13.5.0"
LIGHTHOUSE_DIR = ROOT / ".lighthouse"   # a local install (gitignored)
LIGHTHOUSE_MISSING = (f"Lighthouse: not installed, no scores (npm install --prefix .lighthouse "
                      f"lighthouse@{LIGHTHOUSE_VERSION} adds them)")
BUILD_RATIO_TARGET = 1.5  # the project's build may take at most this times a plain `mkdocs build`
CONFIG_FILE = ROOT / "mkdocs.yml"
# Material's search box and its results (the header button opens it on a phone).
SEARCH_BUTTON = 'label.md-header__button[for="__search"]'
SEARCH_INPUT = "input.md-search__input"
SEARCH_RESULTS = "() => document.querySelectorAll('.md-search-result__item').length > 0 && performance.now()"


@dataclass(frozen=True)
class Profile:
    """Network, CPU and screen emulation for a load (values as Chrome DevTools Protocol wants them)."""

    name: str
    latency_ms: float = 0
    download_kbps: float = 0     # 0: no network throttling
    upload_kbps: float = 0
    cpu_slowdown: float = 1
    width: int = 412
    height: int = 823
    scale: float = 1.75
    mobile: bool = True

    @property
    def throttled(self) -> bool:
        return bool(self.download_kbps)

    def describe(self) -> str:
        if not self.throttled:
            return f"{self.name}: no network or CPU throttling, {self.width}x{self.height} at {self.scale}x"
        return (f"{self.name}: {self.latency_ms:g} ms latency, {self.download_kbps:g} Kbps down, "
                f"{self.upload_kbps:g} Kbps up, {self.cpu_slowdown:g}x CPU slowdown, "
                f"{self.width}x{self.height} at {self.scale}x")


# Lighthouse's mobile profile (a Moto G Power on slow 4G: 150 ms RTT, 1.6 Mbps down, 750 Kbps
# up, 4x CPU) as Lighthouse applies it with DevTools throttling: latency x3.75 and bandwidth
# x0.9, because DevTools adds latency per request rather than per round trip.
SLOW_PHONE = Profile("Slow 4G phone (Lighthouse mobile, DevTools throttling)",
                     latency_ms=150 * 3.75, download_kbps=1.6 * 1024 * 0.9,
                     upload_kbps=750 * 0.9, cpu_slowdown=4)
UNTHROTTLED = Profile("Unthrottled phone screen")


# ---------------------------------------------------------------- figures (pure functions)

def median(values: list[float | None]) -> float | None:
    """Median of the values that are not None; None when there are none."""
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def total_blocking_time(long_tasks: list[tuple[float, float]], start: float | None) -> float:
    """Total blocking time: over long tasks (start, duration), the time beyond 50 ms after `start`.

    As Lighthouse computes it, each task is clipped to the part that runs after
    `start` (first contentful paint); the window ends when the page is quiet,
    which the measurement waits for, so every task after FCP counts.
    """
    if start is None:
        return 0.0
    total = 0.0
    for task_start, duration in long_tasks:
        clipped = task_start + duration - max(task_start, start)
        if clipped > BLOCKING_MS:
            total += clipped - BLOCKING_MS
    return total


def cumulative_layout_shift(shifts: list[tuple[float, float]]) -> float:
    """CLS: the largest session window of layout shifts (time, value), as Chrome defines it.

    A window groups shifts less than 1 s apart and lasts at most 5 s.
    """
    best = current = 0.0
    window_start = previous = None
    for time_ms, value in sorted(shifts):
        if previous is None or time_ms - previous >= 1000 or time_ms - window_start >= 5000:
            window_start, current = time_ms, 0.0
        current += value
        previous = time_ms
        best = max(best, current)
    return best


@dataclass(frozen=True)
class PageInfo:
    path: str       # URL path, like /networking/vpc/
    bytes: int      # size of its HTML
    diagrams: int   # Mermaid blocks on it
    title: str = ""  # its <title>, without the site name


def pick_pages(pages: list[PageInfo]) -> dict[str, PageInfo]:
    """The page measured for each kind: home, text, diagram, largest and shell.

    text: the median-size page without diagrams (the smaller of the two middle
    ones), among the notes pages when there are any (section index pages, like
    /compute/, are mostly lists of links), else among all but the home page;
    diagram: the page with the most diagrams (the smaller one on a tie);
    largest: the page with the most HTML bytes;
    shell: the 404 page, when the site has one.
    """
    by_path = {page.path: page for page in pages}
    if "/" not in by_path:
        raise ValueError("the site has no home page (index.html at its root)")
    picked = {"home": by_path["/"]}
    if SHELL in by_path:
        picked["shell"] = by_path[SHELL]
    pages = [p for p in pages if p.path != SHELL]
    text = [p for p in pages if not p.diagrams and p.path != "/"]
    notes = [p for p in text if p.path.strip("/").count("/") >= 1]
    text = sorted(notes or text, key=lambda p: (p.bytes, p.path))
    if text:
        picked["text"] = text[(len(text) - 1) // 2]
    with_diagrams = [p for p in pages if p.diagrams]
    if with_diagrams:
        picked["diagram"] = min(with_diagrams, key=lambda p: (-p.diagrams, p.bytes, p.path))
    picked["largest"] = max(pages, key=lambda p: (p.bytes, p.path))
    return picked


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def page_title(page_html: str) -> str:
    """A page's <title> without the site name: `IP addressing - AWS Notes` -> `IP addressing`."""
    found = TITLE.search(page_html)
    title = html.unescape(found.group(1)).strip() if found else ""
    return title.rsplit(" - ", 1)[0] if " - " in title else title


def site_listing(site: Path) -> list[PageInfo]:
    """Every page of a built site and its 404 page: HTML size, diagram count and title (redirect stubs left out)."""
    pages = []
    shell = site / SHELL.lstrip("/")
    listed = built_site.pages(site) + ([built_site.Page(SHELL, shell)] if shell.is_file() else [])
    for page in listed:
        text = page.html()
        pages.append(PageInfo(page.url, len(text.encode("utf-8")), diagrams.diagram_count(text), page_title(text)))
    return sorted(pages, key=lambda info: info.path)


def url_path(text: str) -> str:
    """A page path as the listing spells it: `networking/vpc` -> `/networking/vpc/`, `404.html` -> `/404.html`."""
    path = "/" + text.strip().strip("/")
    if path == "/" or path.endswith(".html"):
        return path
    return path + "/"


def select_pages(pages: list[PageInfo], limit: int | None = None, only: list[str] = ()) -> list[PageInfo]:
    """The pages to measure, in the order they are measured.

    `only`: exactly these paths (ValueError naming any the site does not have).
    Otherwise every page, the picked kinds first (text, largest, diagram, home,
    shell: see pick_pages), then the rest from the largest HTML down, so
    `limit` keeps the most telling ones.
    """
    by_path = {page.path: page for page in pages}
    if only:
        wanted = list(dict.fromkeys(url_path(path) for path in only))
        unknown = [path for path in wanted if path not in by_path]
        if unknown:
            raise ValueError(f"no such page: {', '.join(unknown)} (pages look like /networking/vpc/ "
                             "or /404.html)")
        chosen = [by_path[path] for path in wanted]
    else:
        picked = pick_pages(pages)
        first = [picked[kind] for kind in ("text", "largest", "diagram", "home", "shell") if kind in picked]
        rest = sorted(pages, key=lambda page: (-page.bytes, page.path))
        chosen = list({page.path: page for page in [*first, *rest]}.values())
    return chosen[:limit] if limit is not None else chosen


def search_word(title: str) -> str:
    """The word typed into the search box: the longest word of the page's title, lower case."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]{2,}", title)
    return max(words, key=len).lower() if words else "aws"


def badness(entry: dict) -> tuple:
    """Sort key putting the worst page first.

    Worst: the lowest Lighthouse performance score (pages without one after
    those with one), then the longest measured blocking time, then the latest
    LCP, then the most bytes; the path breaks ties.
    """
    performance = ((entry.get("lighthouse") or {}).get("scores") or {}).get("performance")
    first = entry.get("first") or {}
    return (performance if performance is not None else 101, -(first.get("tbt") or 0),
            -(first.get("lcp") or 0), -(first.get("bytes") or 0), entry["path"])


def worst_first(entries: list[dict]) -> list[dict]:
    """Measured pages, the worst first (see badness)."""
    return sorted(entries, key=badness)


HOOKS_KEY = re.compile(r"hooks\s*:")


def without_hooks(config_text: str) -> str:
    """mkdocs.yml's text with its top-level `hooks:` block removed.

    The block is the `hooks:` line and the indented lines under it, with the
    blank lines and unindented comments between them; everything after it,
    including the blank line and comment that open the next block, is kept
    byte for byte. Without a `hooks:` block the text comes back unchanged.
    """
    lines = config_text.splitlines(keepends=True)
    kept, inside = [], False
    for number, line in enumerate(lines):
        if inside and not (line[:1] in (" ", "\t") and line.strip()) \
                and not (_is_gap(line) and _block_goes_on(lines, number)):
            inside = False
        if not inside and HOOKS_KEY.match(line):
            inside = True
        if not inside:
            kept.append(line)
    return "".join(kept)


def _is_gap(line: str) -> bool:
    return not line.strip() or line.startswith("#")


def _block_goes_on(lines: list[str], number: int) -> bool:
    """Whether the next line that is not blank or an unindented comment is indented (still in the block)."""
    following = next((line for line in lines[number + 1:] if not _is_gap(line)), "")
    return following[:1] in (" ", "\t")


def build_ratio(project_seconds: float | None, plain_seconds: float | None) -> float | None:
    """How many times longer the project's build takes than a plain `mkdocs build` (None if either failed)."""
    if not project_seconds or not plain_seconds:
        return None
    return project_seconds / plain_seconds


def format_build(build: dict | None, site_pages: int) -> str:
    """The build lines of the report: both builds' wall-clock and CPU times and their ratios.

    CPU time (user + system, of the build's process and its children) barely
    moves when other work shares the machine; wall-clock time is what a
    person waits, and grows with the machine's load.
    """
    if not build:
        return f"Build: not timed (--site given; {site_pages} pages)"

    def seconds(kind: str) -> str:
        wall, cpu = build.get(f"{kind}_seconds"), build.get(f"{kind}_cpu_seconds")
        return "failed" if wall is None else f"{wall:.1f} s ({cpu:.1f} s CPU)"

    ratios = [f"{ratio:.2f}x {name}" for name, ratio in (
        ("wall clock", build_ratio(build.get("project_seconds"), build.get("plain_seconds"))),
        ("CPU", build_ratio(build.get("project_cpu_seconds"), build.get("plain_cpu_seconds"))))
        if ratio is not None]
    return "\n".join([
        f"Build of the whole site ({site_pages} pages):",
        f"  project (scripts/build.py: hooks and checks): {seconds('project')}",
        f"  plain `mkdocs build` without the hooks:       {seconds('plain')}",
        f"  ratio: {', '.join(ratios) or 'n/a'} (target: {BUILD_RATIO_TARGET:g}x or less)"])


def format_bytes(count: float | None) -> str:
    """Bytes for people: 512 B, 12.3 KiB, 1.25 MiB."""
    if count is None:
        return "-"
    if count < 1024:
        return f"{count:.0f} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count / 1048576:.2f} MiB"


def format_ms(ms: float | None, missing: str = "-") -> str:
    """Milliseconds for people: 40 ms, 1.85 s, 12.4 s."""
    if ms is None:
        return missing
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.2f} s" if ms < 10_000 else f"{ms / 1000:.1f} s"


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: columns padded to their widest cell, a rule under the header."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in [header, ["-" * width for width in widths], *rows]]
    return "\n".join(lines)


# ---------------------------------------------------------------- measuring in Chromium

@dataclass
class Visit:
    """What one page load cost and how fast it looked ready; times in ms from navigation start."""

    bytes: int = 0              # on the wire, compressed, headers included
    requests: int = 0           # made by the page, answered from the cache or not
    network_requests: int = 0   # that reached the server (a 304 counts; a cache hit does not)
    fcp: float | None = None
    lcp: float | None = None
    tbt: float | None = None
    cls: float | None = None
    load: float | None = None
    diagrams: float | None = None   # last diagram drawn as an SVG; None without diagrams
    diagrams_missing: int = 0       # diagrams still not SVGs when the page went quiet


# Registered before any page script: records paints, layout shifts, long tasks, and the moment
# every Mermaid block is an SVG (Material draws each into a shadow root, opened here to look).
PAGE_PROBE = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
  const probe = window.__benchmark = { expected: %(expected)d, lcp: null, shifts: [], tasks: [],
                                       diagrams: null, rendered: 0 };
  const observe = (type, record) => {
    try { new PerformanceObserver(list => list.getEntries().forEach(record))
            .observe({ type, buffered: true }); } catch (error) { /* unsupported entry type */ }
  };
  observe("largest-contentful-paint", e => { probe.lcp = e.renderTime || e.startTime; });
  observe("layout-shift", e => { if (!e.hadRecentInput) probe.shifts.push([e.startTime, e.value]); });
  observe("longtask", e => { probe.tasks.push([e.startTime, e.duration]); });
  const watch = () => {
    const svgs = [...document.querySelectorAll("div.mermaid")]
      .filter(host => host.shadowRoot && host.shadowRoot.querySelector("svg")).length
      + document.querySelectorAll("div.diagram > svg").length;  // prerendered
    probe.rendered = svgs;
    if (probe.expected && svgs >= probe.expected && !document.querySelector("pre.mermaid")) {
      probe.diagrams = performance.now();
    } else { requestAnimationFrame(watch); }
  };
  requestAnimationFrame(watch);
})();
"""

# True once the page has loaded, drawn its diagrams, and run no long task for QUIET_MS.
PAGE_QUIET = """([quietMs]) => {
  const probe = window.__benchmark;
  const nav = performance.getEntriesByType("navigation")[0];
  if (!probe || !nav || !nav.loadEventEnd) return false;
  if (probe.expected && probe.diagrams === null) return false;
  const busy = Math.max(nav.loadEventEnd, probe.diagrams || 0,
                        ...probe.tasks.map(([start, duration]) => start + duration));
  return performance.now() - busy >= quietMs;
}"""

PAGE_FIGURES = """() => {
  const probe = window.__benchmark;
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return { fcp: fcp ? fcp.startTime : null, lcp: probe.lcp, shifts: probe.shifts, tasks: probe.tasks,
           load: nav ? nav.loadEventEnd : null, diagrams: probe.diagrams,
           missing: probe.expected - probe.rendered };
}"""


class PageTraffic:
    """Requests a page makes (from the browser) and what they cost on the wire (from the server).

    The server counts status lines, headers and bodies as sent (compressed): the
    figure DevTools shows as "transferred", including requests DevTools' page
    session misses, such as the search worker's script.
    """

    def __init__(self, page, server_traffic):
        self.server = server_traffic
        self.requests: list[str] = []
        page.on("request", lambda request: request.url.startswith(("http:", "https:"))
                and self.requests.append(request.url))

    def reset(self) -> None:
        self.requests.clear()
        self.server.reset()


def visit(page, url: str, traffic: PageTraffic) -> Visit:
    """Load `url`, wait until the page is quiet, and collect its figures."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    traffic.reset()
    page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    try:
        page.wait_for_function(PAGE_QUIET, arg=[QUIET_MS], timeout=LOAD_TIMEOUT_MS, polling=100)
    except PlaywrightTimeout:  # a diagram that never renders: report it rather than stop
        pass
    figures = page.evaluate(PAGE_FIGURES)
    return Visit(bytes=traffic.server.bytes, requests=len(traffic.requests),
                 network_requests=traffic.server.responses,
                 fcp=figures["fcp"], lcp=figures["lcp"],
                 tbt=total_blocking_time([tuple(t) for t in figures["tasks"]], figures["fcp"]),
                 cls=cumulative_layout_shift([tuple(s) for s in figures["shifts"]]),
                 load=figures["load"], diagrams=figures["diagrams"],
                 diagrams_missing=max(0, figures["missing"]))


@contextlib.contextmanager
def phone_page(browser, server, expected_diagrams: int, profile: Profile = SLOW_PHONE):
    """A fresh browser context (empty cache) with one page, emulating `profile`; yields (page, traffic)."""
    context = browser.new_context(viewport={"width": profile.width, "height": profile.height},
                                  device_scale_factor=profile.scale, is_mobile=profile.mobile,
                                  has_touch=profile.mobile)
    try:
        context.add_init_script(PAGE_PROBE % {"expected": expected_diagrams})
        page = context.new_page()
        traffic = PageTraffic(page, server.traffic)
        cdp = context.new_cdp_session(page)
        if profile.throttled:
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": profile.latency_ms,
                "downloadThroughput": profile.download_kbps * 1024 / 8,
                "uploadThroughput": profile.upload_kbps * 1024 / 8})
        if profile.cpu_slowdown != 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
        yield page, traffic
    finally:
        context.close()


def measure_page(browser, server, path: str, expected_diagrams: int,
                 profile: Profile = SLOW_PHONE, revisit: bool = True) -> tuple[Visit, Visit | None]:
    """First visit with an empty cache, then (with `revisit`) a second visit in the same browser context."""
    with phone_page(browser, server, expected_diagrams, profile) as (page, traffic):
        url = server.url + path.lstrip("/")
        first = visit(page, url, traffic)
        if not revisit:
            return first, None
        page.goto("about:blank")
        return first, visit(page, url, traffic)


@dataclass
class SearchVisit:
    """A first visit, then a search: what the search added on the wire, and when results showed."""

    word: str
    loaded_bytes: int = 0        # the first visit before any interaction
    bytes: int = 0               # the whole visit, search included
    requests: int = 0            # to the server, search included
    results_ms: float | None = None  # from the first key press to the first result; None: no result


def search(page, word: str, timeout_ms: float = LOAD_TIMEOUT_MS) -> float | None:
    """Open Material's search box, type `word`, and wait for a result; ms from typing to it, or None."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button = page.locator(SEARCH_BUTTON).first
    if button.is_visible():           # a phone: the header's search button opens the box
        button.click()
    box = page.locator(SEARCH_INPUT)
    box.focus()
    started = page.evaluate("performance.now()")
    box.press_sequentially(word, delay=80)
    try:
        shown = page.wait_for_function(SEARCH_RESULTS, timeout=timeout_ms, polling=50).json_value()
    except PlaywrightTimeout:
        return None
    return shown - started


def measure_search(browser, server, path: str, expected_diagrams: int, word: str,
                   profile: Profile = SLOW_PHONE) -> SearchVisit:
    """A first visit to `path` that, once the page is quiet, searches for `word`."""
    with phone_page(browser, server, expected_diagrams, profile) as (page, traffic):
        loaded = visit(page, server.url + path.lstrip("/"), traffic)
        results_ms = search(page, word)
        return SearchVisit(word=word, loaded_bytes=loaded.bytes, bytes=traffic.server.bytes,
                           requests=traffic.server.responses, results_ms=results_ms)


def summarize_visits(visits: list[Visit]) -> dict:
    """The median of each figure over runs."""
    return {name: median([getattr(v, name) for v in visits]) for name in Visit.__dataclass_fields__}


# ---------------------------------------------------------------- Lighthouse

def lighthouse_command(local: Path = LIGHTHOUSE_DIR) -> list[str] | None:
    """How to run Lighthouse here (.lighthouse/, the PATH, then npx), or None when it is not installed."""
    installed = local / "node_modules" / ".bin" / "lighthouse"
    if installed.is_file():
        return [str(installed)]
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    if shutil.which("npx"):
        try:
            probe = subprocess.run(["npx", "--no-install", "lighthouse", "--version"],
                                   capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if probe.returncode == 0:
            return ["npx", "--no-install", "lighthouse"]
    return None


def lighthouse_scores(report: dict) -> dict:
    """Category scores (0-100) and the lab metrics from a Lighthouse JSON report."""
    scores = {name: round(category["score"] * 100) if category.get("score") is not None else None
              for name, category in report.get("categories", {}).items()}
    audits = report.get("audits", {})
    metrics = {name: audits.get(audit, {}).get("numericValue") for name, audit in (
        ("fcp", "first-contentful-paint"), ("lcp", "largest-contentful-paint"),
        ("tbt", "total-blocking-time"), ("cls", "cumulative-layout-shift"), ("speed_index", "speed-index"))}
    error = (report.get("runtimeError") or {}).get("message")
    return {"scores": scores, "metrics": metrics, "error": error}


def median_lighthouse(reports: list[dict]) -> dict:
    """One page's Lighthouse figures over runs: the median of each score and metric.

    Runs that failed are left out; when all failed, the first one's error is kept.
    """
    good = [report for report in reports if not report.get("error")]
    if not good:
        return reports[0] if reports else {"scores": {}, "metrics": {}, "error": "not run"}

    def medians(part: str) -> dict:
        names = dict.fromkeys(name for report in good for name in report[part])
        values = {name: median([report[part].get(name) for report in good]) for name in names}
        return {name: round(value) if part == "scores" and value is not None else value
                for name, value in values.items()}

    return {"version": good[0].get("version"), "scores": medians("scores"), "metrics": medians("metrics"),
            "error": None, "runs": len(good)}


def run_lighthouse(command: list[str], url: str, chromium: str) -> dict:
    """Lighthouse's default (mobile, simulated throttling) run of one page."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        try:
            result = subprocess.run(
                [*command, url, "--output=json", f"--output-path={output}", "--quiet",
                 "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES), f"--chrome-flags={flags}"],
                env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return {"scores": {}, "metrics": {}, "error": "timed out after 300 s"}
        if result.returncode != 0 or not output.exists():
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            return {"scores": {}, "metrics": {}, "error": f"exit status {result.returncode}: {last}"}
        report = json.loads(output.read_text(encoding="utf-8"))
    return {"version": report.get("lighthouseVersion"), **lighthouse_scores(report)}


# ---------------------------------------------------------------- report

@dataclass
class Result:
    date: str
    machine: dict
    profile: str
    runs: int
    site_pages: int
    build: dict | None = None            # project_seconds, plain_seconds (None: not timed)
    pages: list[dict] = field(default_factory=list)   # path, html_bytes, diagrams, first, lighthouse
    search: dict | None = None           # the text page: path, first visit, search visit, second visit
    lighthouse: dict = field(default_factory=lambda: {"status": "skipped"})  # or missing, ran (version, runs)


def lighthouse_line(lighthouse: dict) -> str:
    """What the report says about Lighthouse: which version ran and how, or why it did not."""
    status = lighthouse.get("status")
    if status == "missing":
        return LIGHTHOUSE_MISSING
    if status == "skipped":
        return "Lighthouse: skipped (--lighthouse-runs 0), no scores"
    runs = lighthouse.get("runs", 1)
    return (f"Lighthouse {lighthouse.get('version') or '?'}: default mobile preset, simulated throttling, "
            + ("one run per page" if runs == 1 else f"median of {runs} runs per page"))


def page_row(entry: dict) -> list[str]:
    """One line of the page table."""
    figures, report = entry["first"], entry.get("lighthouse") or {}
    diagrams_cell = str(entry["diagrams"])
    if entry["diagrams"] and figures.get("diagrams_missing"):
        diagrams_cell += f" ({figures['diagrams_missing']:.0f} not drawn)"
    if report.get("error"):
        scores = ["error"] + [""] * (len(LIGHTHOUSE_CATEGORIES) - 1) + ["-"]
    else:
        values = report.get("scores") or {}
        scores = ["-" if values.get(name) is None else str(values[name]) for name in LIGHTHOUSE_CATEGORIES]
        scores.append(format_ms((report.get("metrics") or {}).get("tbt")))
    return [entry["path"], format_bytes(entry["html_bytes"]), diagrams_cell, format_bytes(figures["bytes"]),
            f"{figures['requests']:.0f}", format_ms(figures["fcp"]), format_ms(figures["lcp"]),
            format_ms(figures["tbt"]), "-" if figures["cls"] is None else f"{figures['cls']:.3f}", *scores]


PAGE_HEADER = ["Path", "HTML", "Diagrams", "Transferred", "Requests", "FCP", "LCP", "TBT", "CLS",
               "Perf", "A11y", "Best pr.", "SEO", "LH TBT"]


def search_rows(search: dict) -> list[list[str]]:
    """The text page's visits: before any interaction, with a search, and a second visit."""
    first, found, second = search["first"], search["search"], search.get("second")
    rows = [["First visit, before any interaction", format_bytes(first["bytes"]),
             f"{first['network_requests']:.0f}", "-"],
            [f"First visit with a search for \"{found['word']}\"", format_bytes(found["bytes"]),
             f"{found['requests']:.0f}", format_ms(found["results_ms"], "no results")],
            ["  of which the search itself", format_bytes(found["bytes"] - found["loaded_bytes"]), "", ""]]
    if second:
        rows.append(["Second visit (same browser: the HTTP cache applies)", format_bytes(second["bytes"]),
                     f"{second['network_requests']:.0f} of {second['requests']:.0f}", "-"])
    return rows


def format_report(result: Result) -> str:
    """The readable report: machine, build times, every page worst first, the text page's search."""
    machine = result.machine
    lines = [f"AWS Notes benchmark, {result.date}",
             f"Machine: {machine['cpus']} CPUs, {machine['arch']}, {machine['chromium']}"
             + (f", load average {machine['load']}" if machine.get("load") else ""),
             f"Profile: {result.profile}",
             f"Runs: median of {result.runs} per page",
             format_build(result.build, result.site_pages),
             lighthouse_line(result.lighthouse),
             ""]
    if result.pages:
        lines += [f"Every page measured ({len(result.pages)}), first visit with an empty cache, before any "
                  "interaction; worst first (Lighthouse performance, then TBT)",
                  format_table(PAGE_HEADER, [page_row(entry) for entry in worst_first(result.pages)]), ""]
        errors = {entry["path"]: entry["lighthouse"]["error"] for entry in result.pages
                  if (entry.get("lighthouse") or {}).get("error")}
        lines += [f"Lighthouse error on {path}: {error}" for path, error in errors.items()]
        lines += [""] if errors else []
    if result.search:
        lines += [f"Text page {result.search['path']}: bytes on the wire",
                  format_table(["Visit", "Transferred", "Requests", "Results after"],
                               search_rows(result.search)), ""]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- build times

def children_cpu_seconds() -> float:
    """User and system CPU time of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_command(command: list[str]) -> tuple[float, float] | None:
    """Wall-clock and CPU seconds of a command run from the project folder, output on stderr; None on failure."""
    started, cpu = time.monotonic(), children_cpu_seconds()
    status = subprocess.run(command, cwd=ROOT, stdout=sys.stderr, stderr=sys.stderr).returncode
    if status != 0:
        return None
    return time.monotonic() - started, children_cpu_seconds() - cpu


def timed_build(site: Path) -> tuple[float, float] | None:
    """The project's build of the whole site into `site`, as scripts/build.py runs it."""
    return timed_command([sys.executable, "-m", "awsnotes.build", "--site-dir", str(site)])


def timed_plain_build(site: Path, config_file: Path = CONFIG_FILE) -> tuple[float, float] | None:
    """A plain `mkdocs build` of the same docs without the project's hooks into `site`.

    The hook-less config is a temporary copy of mkdocs.yml beside it (relative
    paths in it resolve from there), removed afterwards.
    """
    text = without_hooks(config_file.read_text(encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=config_file.parent, suffix=".yml",
                                     prefix=".benchmark-no-hooks-") as copy:
        copy.write(text)
        copy.flush()
        return timed_command([sys.executable, "-m", "mkdocs", "build", "--quiet",
                              "--config-file", copy.name, "--site-dir", str(site)])


def time_builds(folder: Path, progress=lambda message: None) -> tuple[Path | None, dict]:
    """Both builds into `folder`: the project's site (returned, None on failure) and the hook-less baseline."""
    progress("Building the site without the project's hooks (plain mkdocs build)")
    plain = timed_plain_build(folder / "plain") or (None, None)
    progress("Building the site (python3 scripts/build.py)")
    project = timed_build(folder / "site") or (None, None)
    return (folder / "site" if project[0] is not None else None,
            {"project_seconds": project[0], "project_cpu_seconds": project[1],
             "plain_seconds": plain[0], "plain_cpu_seconds": plain[1]})


# ---------------------------------------------------------------- running it all

def measure_pages(browser, server, pages: list[PageInfo], runs: int, profile: Profile, progress) -> list[dict]:
    """First visits to each page, median of `runs`."""
    entries = []
    for number, page in enumerate(pages, 1):
        firsts = []
        for run in range(runs):
            progress(f"[{number}/{len(pages)}] {page.path}: run {run + 1} of {runs}")
            firsts.append(measure_page(browser, server, page.path, page.diagrams, profile, revisit=False)[0])
        entries.append({"path": page.path, "html_bytes": page.bytes, "diagrams": page.diagrams,
                        "first": summarize_visits(firsts), "runs": [asdict(first) for first in firsts]})
    return entries


def measure_text_page(browser, server, page: PageInfo, runs: int, profile: Profile, progress) -> dict:
    """The text page: a first and second visit, and a first visit with a search (medians of `runs`)."""
    firsts, seconds, searches = [], [], []
    word = search_word(page.title)
    for run in range(runs):
        progress(f"Text page {page.path} with a search for {word!r}: run {run + 1} of {runs}")
        first, second = measure_page(browser, server, page.path, page.diagrams, profile)
        firsts.append(first)
        seconds.append(second)
        searches.append(measure_search(browser, server, page.path, page.diagrams, word, profile))
    found = {name: median([getattr(one, name) for one in searches])
             for name in ("loaded_bytes", "bytes", "requests", "results_ms")}
    if any(one.results_ms is None for one in searches):
        found["results_ms"] = None  # a run without results is reported as such, not hidden by a median
    return {"path": page.path, "first": summarize_visits(firsts), "second": summarize_visits(seconds),
            "search": {"word": word, **found}}


def lighthouse_pages(server, paths: list[str], lighthouse_runs: int, chromium: str, progress) -> dict:
    """Lighthouse on each path, median over runs; {"status": ..., "pages": {path: figures}}."""
    if not lighthouse_runs:
        return {"status": "skipped"}
    command = lighthouse_command()
    if not command:
        return {"status": "missing"}
    reports = {}
    for number, path in enumerate(paths, 1):
        runs = []
        for run in range(lighthouse_runs):
            progress(f"Lighthouse [{number}/{len(paths)}] {path}: run {run + 1} of {lighthouse_runs}")
            runs.append(run_lighthouse(command, server.url + path.lstrip("/"), chromium))
        reports[path] = median_lighthouse(runs)
    version = next((report.get("version") for report in reports.values() if report.get("version")), None)
    return {"status": "ran", "version": version, "runs": lighthouse_runs, "pages": reports}


def machine() -> dict:
    """What the figures were measured on."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpus": os.cpu_count(), "arch": platform.machine(), "chromium": "",
            "load": " ".join(f"{value:.1f}" for value in load) if load else ""}


def benchmark(site: Path, pages: list[PageInfo], runs: int, profile: Profile, lighthouse_runs: int,
              progress=lambda message: None, with_search: bool = True) -> Result:
    """Measure `pages` of a built site (and its text page's search); `progress` gets a line per step."""
    from playwright.sync_api import sync_playwright
    from awsnotes.browser import chromium_path
    from awsnotes.serve import CachingServer

    chromium = chromium_path()
    listing = site_listing(site)
    result = Result(date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                    machine=machine(), profile=profile.describe(), runs=runs,
                    site_pages=sum(page.path != SHELL for page in listing))
    text = pick_pages(listing).get("text")
    with CachingServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        result.machine["chromium"] = f"Chromium {browser.version}"
        try:
            result.pages = measure_pages(browser, server, pages, runs, profile, progress)
            if with_search and text:
                result.search = measure_text_page(browser, server, text, runs, profile, progress)
        finally:
            browser.close()
        lighthouse = lighthouse_pages(server, [page.path for page in pages], lighthouse_runs, chromium, progress)
    scores = lighthouse.pop("pages", {})
    for entry in result.pages:
        entry["lighthouse"] = scores.get(entry["path"])
    result.lighthouse = lighthouse
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", metavar="DIR", help="measure this built site instead of building one "
                                                      "(the builds are then not timed)")
    parser.add_argument("--pages", type=int, metavar="N",
                        help="measure only N pages: the text, largest, diagram, home and 404 pages first, "
                             "then the largest others (default: every page)")
    parser.add_argument("--only", action="append", default=[], metavar="PATH",
                        help="measure this page (like /storage/s3/); repeat for more")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; timings are medians (default: 3)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, metavar="N",
                        help="Lighthouse runs per page, scores are medians (default: 3; 0 skips Lighthouse)")
    parser.add_argument("--no-search", action="store_true", help="skip the text page's search and second visit")
    parser.add_argument("--build-only", action="store_true", help="time the two builds and stop")
    parser.add_argument("--breakdown", action="store_true",
                        help="instead of the page table: what the blocking time of the largest page (or "
                             "--only PATH) is made of, measured with parts of the page removed")
    parser.add_argument("--against", metavar="DIR",
                        help="instead of the page table: the pages (--only, or the text page) of --site and of "
                             "this site built from another commit, loaded in turn --runs times each "
                             "(awsnotes/compare.py)")
    parser.add_argument("--bare", action="store_true",
                        help="with --against: serve --site without the security headers too, as the other site "
                             "is served, so the two differ only in what was built")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead")
    parser.add_argument("--no-throttling", action="store_true",
                        help="load pages at full speed (quick checks; figures are not comparable)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.lighthouse_runs < 0:
        parser.error("--lighthouse-runs must be 0 or more")
    if args.pages is not None and args.pages < 1:
        parser.error("--pages must be at least 1")
    if args.build_only and args.site:
        parser.error("--build-only times the builds: leave out --site")
    if args.against and not args.site:
        parser.error("--against compares two built sites: give the other one with --site")
    if args.bare and not args.against:
        parser.error("--bare serves --site as --against serves the other site: give --against")

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    profile = UNTHROTTLED if args.no_throttling else SLOW_PHONE
    with tempfile.TemporaryDirectory(prefix="aws-notes-benchmark-") as tmp:
        build = None
        if args.site:
            site = Path(args.site).resolve()
            if not (site / "index.html").is_file():
                print(f"error: {site}/index.html not found: give --site a built site "
                      "(python3 scripts/build.py builds one into site/)", file=sys.stderr)
                return 1
        else:
            site, build = time_builds(Path(tmp), progress)
            if site is None:
                print("error: the build failed (see above); fix it, or benchmark a built site with --site",
                      file=sys.stderr)
                return 1
        listing = site_listing(site)
        if args.build_only:
            print(format_build(build, sum(page.path != SHELL for page in listing)))
            return 0
        try:
            pages = select_pages(listing, args.pages, args.only)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        if args.against:
            from awsnotes import compare
            baseline = Path(args.against).resolve()
            if not (baseline / "index.html").is_file():
                print(f"error: {baseline}/index.html not found: give --against a built site", file=sys.stderr)
                return 1
            targets = pages if args.only else [pick_pages(listing)["text"]]
            report = compare.run(site, baseline, targets, args.runs, profile, progress, bare=args.bare)
            print(json.dumps(report, indent=2) if args.json else compare.format_comparison(report))
            return 0
        if args.breakdown:
            from awsnotes import breakdown
            target = pages[0] if args.only else max(listing, key=lambda page: (page.bytes, page.path))
            report = breakdown.run(site, target.path, args.runs, profile, progress)
            print(json.dumps(report, indent=2) if args.json else breakdown.format_breakdown(report))
            return 0
        result = benchmark(site, pages, args.runs, profile, args.lighthouse_runs, progress,
                           with_search=not args.no_search)
        result.build = build
    print(json.dumps(asdict(result), indent=2) if args.json else format_report(result), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
