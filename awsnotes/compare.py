"""The same pages of two built sites, side by side: first visits on the slow phone, in turn.

    python3 scripts/benchmark.py --site site/ --against OLD_SITE --only /networking/ip-addressing/ --runs 10

A change to the first paint moves it by tens of milliseconds, less than the machine's load moves
every figure between two runs made one after the other. Here each round loads the page once from
each site, and every other round reverses the order, so whatever else the machine does weighs on
both sites alike; the figures are medians over the rounds, with the fastest and slowest first
paint beside them to show the spread. Since each round loads both sites under the same load, the
round-by-round difference of their first paints is steadier than the difference of the medians:
its mean and standard error are the "paired" column (a change is real when it is well outside two
standard errors).

OLD_SITE is a site built from another commit (`git worktree add /tmp/old COMMIT`, then
`python3 scripts/build.py --site-dir /tmp/old-site` there). It is served without the security
headers: sites built before the Content-Security-Policy ran inline scripts it refuses. The site
measured (`--site`) is served as every host serves it, with them, unless `--bare` serves it
without them too: then the two differ only in what was built, not in how they are served (the
headers themselves move the first paint, BENCHMARKS.md).
"""

from __future__ import annotations

import statistics
from pathlib import Path

from awsnotes.benchmark import (SLOW_PHONE, PageInfo, Profile, format_bytes, format_ms, format_table,
                                measure_page, median)
from awsnotes.serve import CachingHandler, CachingServer


class BareHandler(CachingHandler):
    """CachingHandler without the security headers (for a baseline built before them)."""

    def end_headers(self):
        super(CachingHandler, self).end_headers()


def round_order(sites: list[str], round_number: int) -> list[str]:
    """The sites in the order round `round_number` (from 0) loads them: reversed every other round."""
    return list(sites) if round_number % 2 == 0 else list(reversed(sites))


def summarize(visits: list) -> dict:
    """Medians of one site's first visits to one page, and the spread of the first paint."""
    fcps = [visit.fcp for visit in visits if visit.fcp is not None]
    return {"fcp": median(fcps), "fcp_min": min(fcps, default=None), "fcp_max": max(fcps, default=None),
            "lcp": median([visit.lcp for visit in visits]), "tbt": median([visit.tbt for visit in visits]),
            "bytes": median([visit.bytes for visit in visits]), "rounds": len(visits)}


def paired_change(site: list, baseline: list) -> dict | None:
    """Mean and standard error of the site's first paint minus the baseline's, round by round
    (the two lists in round order); None with fewer than two rounds."""
    differences = [ours.fcp - theirs.fcp for ours, theirs in zip(site, baseline)
                   if ours.fcp is not None and theirs.fcp is not None]
    if len(differences) < 2:
        return None
    return {"mean": statistics.fmean(differences),
            "se": statistics.stdev(differences) / len(differences) ** 0.5}


def measure(browser, servers: dict, pages: list[PageInfo], rounds: int, profile: Profile = SLOW_PHONE,
            progress=lambda message: None) -> list[dict]:
    """First visits to each page from each server ({name: server}), `rounds` rounds, in turn."""
    visits = {(page.path, name): [] for page in pages for name in servers}
    for page in pages:
        for number in range(rounds):
            progress(f"{page.path}: round {number + 1} of {rounds}")
            for name in round_order(list(servers), number):
                first, _ = measure_page(browser, servers[name], page.path, 0, profile, revisit=False)
                visits[(page.path, name)].append(first)
    return [{"path": page.path, **{name: summarize(visits[(page.path, name)]) for name in servers},
             "paired": paired_change(visits[(page.path, "site")], visits[(page.path, "baseline")])}
            for page in pages]


def run(site: Path, baseline: Path, pages: list[PageInfo], rounds: int, profile: Profile = SLOW_PHONE,
        progress=lambda message: None, bare: bool = False) -> dict:
    """`measure` with `site` served as hosts serve it (`bare`: without security headers too) and
    `baseline` without security headers."""
    from playwright.sync_api import sync_playwright

    from awsnotes.benchmark import CHROMIUM_ARGS
    from awsnotes.browser import chromium_path

    with CachingServer(site, handler=BareHandler if bare else None) as measured, \
            CachingServer(baseline, handler=BareHandler) as old, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            results = measure(browser, {"site": measured, "baseline": old}, pages, rounds, profile, progress)
        finally:
            browser.close()
    return {"site": str(site), "baseline": str(baseline), "profile": profile.describe(), "rounds": rounds,
            "bare": bare, "pages": results}


def format_comparison(report: dict) -> str:
    """One row per page and site, with the site's difference from the baseline."""
    rows = []
    for page in report["pages"]:
        base = page["baseline"]
        for name in ("baseline", "site"):
            figures = page[name]
            spread = f"{format_ms(figures['fcp_min'])} to {format_ms(figures['fcp_max'])}"
            change = "" if name == "baseline" or figures["fcp"] is None or base["fcp"] is None \
                else f"{figures['fcp'] - base['fcp']:+.0f} ms"
            paired = page.get("paired") if name == "site" else None
            paired = f"{paired['mean']:+.0f} ms ± {paired['se']:.0f}" if paired else ""
            rows.append([page["path"] if name == "baseline" else "", name, format_ms(figures["fcp"]), spread,
                         change, paired, format_ms(figures["lcp"]), format_ms(figures["tbt"]),
                         format_bytes(figures["bytes"])])
    header = ["Path", "Site", "FCP", "FCP range", "FCP change", "Paired (± SE)", "LCP", "TBT", "Transferred"]
    return (f"Side by side, {report['rounds']} rounds, the order of the sites reversed every other round\n"
            f"site{' (served without security headers)' if report.get('bare') else ''}: {report['site']}\n"
            f"baseline (served without security headers): {report['baseline']}\n"
            f"Profile: {report['profile']}\n" + format_table(header, rows) + "\n")
