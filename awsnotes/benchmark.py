#!/usr/bin/env python3
"""Benchmark AWS Notes: build time, bytes, requests and load timings on a slow phone.

    python3 scripts/benchmark.py                  # build into a temporary directory, then measure
    python3 scripts/benchmark.py --site site/     # measure a site that is already built
    python3 scripts/benchmark.py --runs 5 --json  # more runs, machine-readable output

It prints figures; it never passes or fails. It times the build of the whole
site (what scripts/build.py does), then serves the site locally like a static
host (scripts/serve.py: immutable caching for fingerprinted files,
revalidation with 304s for the rest, gzip) and loads five kinds of page in
headless Chromium: the home page; a text page (the median-size notes page
without diagrams); a diagram page (the one with the most diagrams); the
largest page (by HTML bytes); and the shell (the 404 page: the theme's
header, navigation and footer around one paragraph, what every page costs
before its own content).

Each page is loaded as a mid-range phone on slow 4G: Lighthouse's mobile
profile, applied with DevTools throttling as Lighthouse itself applies it
(562.5 ms request latency, 1474.56 Kbps down, 675 Kbps up, 4x CPU slowdown,
a 412x823 screen at 1.75x). Each load records bytes transferred and requests,
first with an empty cache, then on a second visit in the same browser, where
the HTTP cache applies; first and largest contentful paint (FCP, LCP), total
blocking time (TBT), cumulative layout shift (CLS), and when the last
diagram became an SVG. Figures are the median of --runs runs.

When Lighthouse is installed (`lighthouse` on the PATH, or through
`npx --no-install`), it also prints Lighthouse's scores for the same pages,
served by the same local server. The first run creates .venv/ with
requirements.txt and requirements-test.txt.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from awsnotes import diagrams, site as built_site

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
KINDS = ("home", "text", "diagram", "largest", "shell")
SHELL = "/404.html"   # the theme around almost no content
BLOCKING_MS = 50          # a task blocks input for whatever it runs beyond 50 ms
QUIET_MS = 2000           # the page is done when no long task has run for this long
LOAD_TIMEOUT_MS = 90_000
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_MISSING = "Lighthouse: not installed (npm install -g lighthouse@13.5.0 to add scores)"


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


def site_listing(site: Path) -> list[PageInfo]:
    """Every page of a built site and its 404 page: HTML size and diagram count (redirect stubs left out)."""
    pages = []
    shell = site / SHELL.lstrip("/")
    listed = built_site.pages(site) + ([built_site.Page(SHELL, shell)] if shell.is_file() else [])
    for page in listed:
        text = page.html()
        pages.append(PageInfo(page.url, len(text.encode("utf-8")), diagrams.diagram_count(text)))
    return sorted(pages, key=lambda info: info.path)


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


def measure_page(browser, server, path: str, expected_diagrams: int,
                 profile: Profile = SLOW_PHONE) -> tuple[Visit, Visit]:
    """First visit with an empty cache, then a second visit in the same browser context."""
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
        url = server.url + path.lstrip("/")
        first = visit(page, url, traffic)
        page.goto("about:blank")
        return first, visit(page, url, traffic)
    finally:
        context.close()


def summarize_visits(visits: list[Visit]) -> dict:
    """The median of each figure over runs."""
    return {name: median([getattr(v, name) for v in visits]) for name in Visit.__dataclass_fields__}


# ---------------------------------------------------------------- Lighthouse

def lighthouse_command() -> list[str] | None:
    """How to run Lighthouse here, or None when it is not installed."""
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
    build_seconds: float | None
    site_pages: int
    pages: list[dict] = field(default_factory=list)
    lighthouse: dict | None = None


def format_report(result: Result) -> str:
    """The readable report: machine, build time, the page table and Lighthouse's scores."""
    machine = result.machine
    lines = [f"AWS Notes benchmark, {result.date}",
             f"Machine: {machine['cpus']} CPUs, {machine['arch']}, {machine['chromium']}",
             f"Profile: {result.profile}",
             f"Runs: median of {result.runs}",
             "Build: " + (f"{result.build_seconds:.1f} s for the whole site ({result.site_pages} pages)"
                          if result.build_seconds is not None
                          else f"not timed (--site given, {result.site_pages} pages)"),
             ""]
    for visit_name, title in (("first", "First visit (empty cache)"),
                              ("second", "Second visit (same browser: the HTTP cache applies)")):
        header = ["Page", "Path", "HTML", "Diagrams", "Transferred", "Requests",
                  "FCP", "LCP", "TBT", "CLS", "Last diagram"]
        rows = []
        for entry in result.pages:
            figures = entry[visit_name]
            requests = f"{figures['requests']:.0f}"
            if figures["network_requests"] != figures["requests"]:
                requests += f" ({figures['network_requests']:.0f} to server)"
            last_diagram = "n/a" if not entry["diagrams"] else format_ms(figures["diagrams"], "not drawn")
            rows.append([entry["kind"], entry["path"], format_bytes(entry["html_bytes"]),
                         str(entry["diagrams"]), format_bytes(figures["bytes"]), requests,
                         format_ms(figures["fcp"]), format_ms(figures["lcp"]), format_ms(figures["tbt"]),
                         "-" if figures["cls"] is None else f"{figures['cls']:.3f}", last_diagram])
        lines += [title, format_table(header, rows), ""]
    if result.lighthouse is None:
        lines.append(LIGHTHOUSE_MISSING)
    elif result.lighthouse.get("skipped"):
        lines.append("Lighthouse: skipped (--lighthouse-runs 0)")
    else:
        reports = result.lighthouse["pages"]
        version = next((r.get("version") for r in reports.values() if r.get("version")), "?")
        runs = result.lighthouse.get("runs", 1)
        lines.append(f"Lighthouse {version} (default mobile profile, simulated throttling; "
                     + ("one run)" if runs == 1 else f"median of {runs} runs)"))
        header = ["Page", "Path", "Performance", "Accessibility", "Best practices", "SEO",
                  "FCP", "LCP", "TBT", "CLS"]
        rows = []
        for entry in result.pages:
            report = reports.get(entry["path"], {})
            if report.get("error"):
                rows.append([entry["kind"], entry["path"], f"error: {report['error']}"] + [""] * 7)
                continue
            scores, metrics = report["scores"], report["metrics"]
            rows.append([entry["kind"], entry["path"],
                         *[str(scores.get(name, "-")) for name in LIGHTHOUSE_CATEGORIES],
                         format_ms(metrics.get("fcp")), format_ms(metrics.get("lcp")),
                         format_ms(metrics.get("tbt")),
                         "-" if metrics.get("cls") is None else f"{metrics['cls']:.3f}"])
        lines.append(format_table(header, rows))
    return "\n".join(lines)


def timed_build(site: Path) -> float | None:
    """Build the whole site into `site` (printing to stderr); seconds taken, None on failure."""
    from awsnotes import build

    started = time.monotonic()
    with contextlib.redirect_stdout(sys.stderr):
        status = build.build(site)
    return time.monotonic() - started if status == 0 else None


def benchmark(site: Path, runs: int, profile: Profile, lighthouse_runs: int, build_seconds: float | None,
              progress=lambda message: None) -> Result:
    """Measure the picked pages of a built site; `progress` gets a line per step."""
    from playwright.sync_api import sync_playwright
    from awsnotes.serve import CachingServer

    chromium = shutil.which("chromium")
    if not chromium:
        raise RuntimeError("Chromium not found: install Debian's package with `sudo apt-get install chromium`")
    listing = site_listing(site)
    picked = pick_pages(listing)
    result = Result(date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                    machine={"cpus": os.cpu_count(), "arch": platform.machine(), "chromium": ""},
                    profile=profile.describe(), runs=runs, build_seconds=build_seconds,
                    site_pages=sum(page.path != SHELL for page in listing))
    with CachingServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        result.machine["chromium"] = f"Chromium {browser.version}"
        measured: dict[str, dict] = {}
        for kind in KINDS:
            if kind not in picked:
                continue
            page = picked[kind]
            if page.path not in measured:
                firsts, seconds = [], []
                for run in range(runs):
                    progress(f"{kind} page {page.path}: run {run + 1} of {runs}")
                    first, second = measure_page(browser, server, page.path, page.diagrams, profile)
                    firsts.append(first)
                    seconds.append(second)
                measured[page.path] = {"first": summarize_visits(firsts), "second": summarize_visits(seconds),
                                       "runs": [{"first": asdict(f), "second": asdict(s)}
                                                for f, s in zip(firsts, seconds)]}
            result.pages.append({"kind": kind, "path": page.path, "html_bytes": page.bytes,
                                 "diagrams": page.diagrams, **measured[page.path]})
        browser.close()
        if not lighthouse_runs:
            result.lighthouse = {"skipped": True}
        else:
            command = lighthouse_command()
            if command:
                reports = {}
                for path in dict.fromkeys(entry["path"] for entry in result.pages):
                    runs_of_page = []
                    for run in range(lighthouse_runs):
                        progress(f"Lighthouse {path}: run {run + 1} of {lighthouse_runs}")
                        runs_of_page.append(run_lighthouse(command, server.url + path.lstrip("/"), chromium))
                    reports[path] = median_lighthouse(runs_of_page)
                result.lighthouse = {"runs": lighthouse_runs, "pages": reports}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", metavar="DIR", help="benchmark this built site instead of building one")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; timings are medians (default: 3)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead")
    parser.add_argument("--lighthouse-runs", type=int, default=1, metavar="N",
                        help="Lighthouse runs per page, scores are medians (default: 1; 0 skips Lighthouse)")
    parser.add_argument("--no-throttling", action="store_true",
                        help="load pages at full speed (quick checks; figures are not comparable)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.lighthouse_runs < 0:
        parser.error("--lighthouse-runs must be 0 or more")

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    profile = UNTHROTTLED if args.no_throttling else SLOW_PHONE
    with tempfile.TemporaryDirectory(prefix="aws-notes-benchmark-") as tmp:
        if args.site:
            site, build_seconds = Path(args.site).resolve(), None
            if not (site / "index.html").is_file():
                print(f"error: {site}/index.html not found: give --site a built site "
                      "(python3 scripts/build.py builds one into site/)", file=sys.stderr)
                return 1
        else:
            site = Path(tmp) / "site"
            progress("Building the site")
            build_seconds = timed_build(site)
            if build_seconds is None:
                print("error: the build failed (see above); fix it, or benchmark a built site with --site",
                      file=sys.stderr)
                return 1
        result = benchmark(site, args.runs, profile, args.lighthouse_runs, build_seconds, progress)
    print(json.dumps(asdict(result), indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
