"""The benchmark's figures, page choice, report and caching server; one quick browser smoke test."""

from __future__ import annotations

import gzip
import urllib.request
from urllib.error import HTTPError

import pytest

from awsnotes import benchmark, breakdown, compare
from awsnotes.benchmark import (PageInfo, Result, build_ratio, cumulative_layout_shift, format_build,
                               format_bytes, format_ms, format_table, median, page_title, pick_pages,
                               search_word, select_pages, site_listing, total_blocking_time, url_path,
                               without_hooks, worst_first)
from awsnotes.http_policy import IMMUTABLE, REVALIDATE, accepts_gzip, cache_control, is_compressible, is_fingerprinted
from awsnotes.serve import CachingServer, entity_tag, not_modified


# ---------------------------------------------------------------- figures

def test_median_ignores_missing_values():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, None, 1.0]) == 2.5
    assert median([None, None]) is None
    assert median([]) is None


def test_total_blocking_time_counts_what_runs_beyond_50_ms_after_fcp():
    tasks = [(100.0, 120.0),    # 70 ms blocking
             (300.0, 50.0),     # exactly 50 ms: not blocking
             (400.0, 51.0)]     # 1 ms
    assert total_blocking_time(tasks, start=0.0) == pytest.approx(71.0)


def test_total_blocking_time_clips_tasks_to_after_fcp():
    tasks = [(0.0, 200.0),      # only 150 ms after FCP at 50: 100 ms blocking
             (10.0, 60.0),      # ends at 70, 20 ms after FCP: not blocking
             (20.0, 20.0)]      # ends before FCP
    assert total_blocking_time(tasks, start=50.0) == pytest.approx(100.0)


def test_total_blocking_time_is_zero_without_paint_or_tasks():
    assert total_blocking_time([(0.0, 500.0)], start=None) == 0.0
    assert total_blocking_time([], start=10.0) == 0.0


def test_cls_is_the_largest_session_window():
    assert cumulative_layout_shift([]) == 0.0
    # 0.1 + 0.2 within a second of each other, then a gap of over a second before 0.25.
    assert cumulative_layout_shift([(100, 0.1), (900, 0.2), (2500, 0.25)]) == pytest.approx(0.3)


def test_cls_window_lasts_at_most_five_seconds():
    shifts = [(t, 0.1) for t in range(0, 7000, 500)]   # never a 1 s gap, 14 shifts
    assert cumulative_layout_shift(shifts) == pytest.approx(1.0)  # 10 shifts in the first 5 s


# ---------------------------------------------------------------- choosing pages

def page(path, size, diagrams=0):
    return PageInfo(path, size, diagrams)


def test_pick_pages_chooses_each_kind():
    pages = [page("/", 50), page("/compute/", 40), page("/networking/", 41),
             page("/a/small/", 60), page("/a/middle/", 70), page("/a/big/", 80),
             page("/b/two-diagrams/", 90, 2), page("/b/five-diagrams/", 100, 5),
             page("/b/huge/", 200, 1)]
    picked = pick_pages(pages)
    assert {kind: p.path for kind, p in picked.items()} == {
        "home": "/", "text": "/a/middle/", "diagram": "/b/five-diagrams/", "largest": "/b/huge/"}
    assert pick_pages([*pages, page("/404.html", 300)])["shell"].path == "/404.html"


def test_the_404_page_is_the_shell_and_no_other_kind():
    pages = [page("/", 10), page("/404.html", 500)]
    picked = pick_pages(pages)
    assert {kind: p.path for kind, p in picked.items()} == {"home": "/", "largest": "/", "shell": "/404.html"}


def test_text_page_is_the_lower_median_and_ignores_the_home_page():
    pages = [page("/", 10), page("/a/one/", 30), page("/a/two/", 20), page("/a/three/", 50),
             page("/a/four/", 40)]
    assert pick_pages(pages)["text"].path == "/a/one/"  # 20 [30 40] 50: the smaller middle one


def test_text_page_falls_back_to_section_pages():
    pages = [page("/", 10), page("/compute/", 30), page("/storage/", 20), page("/x/y/", 40, 1)]
    picked = pick_pages(pages)
    assert picked["text"].path == "/storage/"


def test_diagram_tie_goes_to_the_smaller_page_and_kinds_may_be_absent():
    pages = [page("/", 10), page("/a/b/", 90, 3), page("/a/c/", 80, 3)]
    picked = pick_pages(pages)
    assert picked["diagram"].path == "/a/c/"
    assert "text" not in picked
    assert "diagram" not in pick_pages([page("/", 10), page("/a/b/", 20)])


def test_pick_pages_needs_a_home_page():
    with pytest.raises(ValueError, match="home page"):
        pick_pages([page("/a/", 10)])


def test_site_listing_reads_sizes_and_diagrams_and_skips_redirects(tmp_path):
    (tmp_path / "index.html").write_text("<title>AWS Notes</title><article>home</article>", encoding="utf-8")
    (tmp_path / "net" / "vpc").mkdir(parents=True)
    (tmp_path / "net" / "vpc" / "index.html").write_text(
        '<article><pre class="mermaid"></pre><pre class="mermaid"></pre></article>', encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=../net/vpc/">', encoding="utf-8")
    (tmp_path / "404.html").write_text("<article>not here</article>", encoding="utf-8")
    listing = {p.path: p for p in site_listing(tmp_path)}
    assert set(listing) == {"/", "/net/vpc/", "/404.html"}
    assert listing["/net/vpc/"].diagrams == 2
    assert listing["/"].bytes == len("<title>AWS Notes</title><article>home</article>")
    assert listing["/"].title == "AWS Notes" and listing["/net/vpc/"].title == ""


# ---------------------------------------------------------------- formatting

def test_format_bytes():
    assert format_bytes(None) == "-"
    assert format_bytes(512) == "512 B"
    assert format_bytes(1536) == "1.5 KiB"
    assert format_bytes(3 * 1048576) == "3.00 MiB"


def test_format_ms():
    assert format_ms(None) == "-"
    assert format_ms(None, "n/a") == "n/a"
    assert format_ms(40.4) == "40 ms"
    assert format_ms(1850) == "1.85 s"
    assert format_ms(12_400) == "12.4 s"


def test_format_table_aligns_columns():
    table = format_table(["Page", "FCP"], [["home", "1.2 s"], ["diagram", "900 ms"]])
    assert table.splitlines() == ["Page     FCP",
                                  "-------  ------",
                                  "home     1.2 s",
                                  "diagram  900 ms"]


def test_page_title_drops_the_site_name():
    assert page_title("<head><title>IP addressing - AWS Notes</title></head>") == "IP addressing"
    assert page_title("<title>S3 &amp; Glacier - Storage - AWS Notes</title>") == "S3 & Glacier - Storage"
    assert page_title("<title>AWS Notes</title>") == "AWS Notes"
    assert page_title("<p>no title</p>") == ""


# ---------------------------------------------------------------- which pages, in which order

def test_url_path_spells_paths_like_the_listing():
    assert url_path("networking/vpc") == "/networking/vpc/"
    assert url_path("/networking/vpc/") == "/networking/vpc/"
    assert url_path("/") == url_path("") == "/"
    assert url_path("404.html") == "/404.html"


SITE = [page("/", 50), page("/404.html", 30), page("/a/small/", 60), page("/a/middle/", 70),
        page("/a/big/", 80), page("/b/diagrams/", 90, 2), page("/b/huge/", 200, 1), page("/c/", 75)]


def test_every_page_is_selected_the_telling_ones_first():
    chosen = [p.path for p in select_pages(SITE)]
    assert chosen == ["/a/middle/", "/b/huge/", "/b/diagrams/", "/", "/404.html",   # text .. shell
                      "/a/big/", "/c/", "/a/small/"]                               # then by size
    assert [p.path for p in select_pages(SITE, limit=3)] == ["/a/middle/", "/b/huge/", "/b/diagrams/"]


def test_only_selects_the_named_pages_in_order():
    assert [p.path for p in select_pages(SITE, only=["c", "/", "/c/"])] == ["/c/", "/"]
    with pytest.raises(ValueError, match="no such page: /nope/"):
        select_pages(SITE, only=["/a/big/", "nope"])


def test_search_word_is_the_longest_word_of_the_title():
    assert search_word("IP addressing") == "addressing"
    assert search_word("VPC connectivity: peering, TGW") == "connectivity"
    assert search_word("S3") == "aws"   # no word of three letters: a word every page has


def entry(path, performance=None, tbt=0.0, lcp=0.0, size=0, error=None):
    lighthouse = None if performance is None and error is None else {
        "scores": {"performance": performance}, "metrics": {"tbt": 10.0}, "error": error}
    return {"path": path, "html_bytes": 1000, "diagrams": 0, "lighthouse": lighthouse,
            "first": {**visit(), "bytes": size, "requests": 12, "fcp": 900.0, "lcp": lcp, "tbt": tbt, "cls": 0.0}}


def test_worst_first_sorts_by_lighthouse_performance_then_blocking_time():
    pages = [entry("/fast/", 100, tbt=50), entry("/slow/", 80, tbt=10), entry("/blocky/", 100, tbt=400),
             entry("/unscored/", None, tbt=900), entry("/unscored-2/", None, tbt=100, lcp=3000),
             entry("/tie/", 100, tbt=400, lcp=2000)]
    assert [e["path"] for e in worst_first(pages)] == [
        "/slow/", "/tie/", "/blocky/", "/fast/",   # scored: lowest score, then the most blocking
        "/unscored/", "/unscored-2/"]              # then pages Lighthouse did not score


def test_worst_first_breaks_ties_by_lcp_bytes_and_path():
    pages = [entry("/b/", tbt=100, lcp=1000, size=10), entry("/a/", tbt=100, lcp=1000, size=10),
             entry("/big/", tbt=100, lcp=1000, size=99), entry("/late/", tbt=100, lcp=4000)]
    assert [e["path"] for e in worst_first(pages)] == ["/late/", "/big/", "/a/", "/b/"]


# ---------------------------------------------------------------- build times

CONFIG = """site_name: X
plugins:
  - search
# -- Hooks: small steps --------
hooks:
  # First one.
  - overrides/hooks/a.py

# an unindented comment inside the block
  - overrides/hooks/b.py

# -- Markdown extensions -------
markdown_extensions:
  - abbr
"""


def test_without_hooks_drops_only_the_hooks_block():
    assert without_hooks(CONFIG) == """site_name: X
plugins:
  - search
# -- Hooks: small steps --------

# -- Markdown extensions -------
markdown_extensions:
  - abbr
"""


def test_without_hooks_handles_inline_lists_a_last_block_and_no_block():
    assert without_hooks("hooks: [a.py, b.py]\nsite_name: X\n") == "site_name: X\n"
    assert without_hooks("site_name: X\nhooks:\n  - a.py\n") == "site_name: X\n"
    assert without_hooks("site_name: X\nplugins:\n  - hooks\n") == "site_name: X\nplugins:\n  - hooks\n"


def test_the_projects_config_without_hooks_loads_with_every_plugin_and_no_hook(tmp_path):
    from mkdocs.config import load_config

    text = without_hooks(benchmark.CONFIG_FILE.read_text(encoding="utf-8"))
    copy = benchmark.CONFIG_FILE.parent / f".test-no-hooks-{tmp_path.name}.yml"
    copy.write_text(text, encoding="utf-8")
    try:
        plain, full = load_config(config_file=str(copy)), load_config(config_file=str(benchmark.CONFIG_FILE))
    finally:
        copy.unlink()
    assert full["hooks"] and not plain["hooks"]
    assert [name for name in plain.plugins if not name.startswith("overrides/")] == \
        [name for name in full.plugins if not name.startswith("overrides/")]
    assert plain["nav"] == full["nav"] and plain["markdown_extensions"] == full["markdown_extensions"]


def test_build_ratio():
    assert build_ratio(15.0, 10.0) == pytest.approx(1.5)
    assert build_ratio(None, 10.0) is None and build_ratio(12.0, None) is None and build_ratio(3.0, 0) is None


def test_build_lines_give_both_times_and_ratios():
    lines = format_build({"project_seconds": 30.0, "project_cpu_seconds": 12.0,
                          "plain_seconds": 20.0, "plain_cpu_seconds": 10.0}, 54).splitlines()
    assert lines == ["Build of the whole site (54 pages):",
                     "  project (scripts/build.py: hooks and checks): 30.0 s (12.0 s CPU)",
                     "  plain `mkdocs build` without the hooks:       20.0 s (10.0 s CPU)",
                     "  ratio: 1.50x wall clock, 1.20x CPU (target: 1.5x or less)"]
    failed = format_build({"project_seconds": 30.0, "project_cpu_seconds": 12.0,
                           "plain_seconds": None, "plain_cpu_seconds": None}, 54)
    assert "without the hooks:       failed" in failed and "ratio: n/a" in failed
    assert format_build(None, 54) == "Build: not timed (--site given; 54 pages)"


# ---------------------------------------------------------------- the report

def visit(**figures):
    return {**{name: None for name in benchmark.Visit.__dataclass_fields__}, **figures}


def report_of(lighthouse, pages, search=None):
    return benchmark.format_report(Result(
        date="2026-01-01T00:00:00+00:00", machine={"cpus": 2, "arch": "x86_64", "chromium": "Chromium 1.0",
                                                   "load": "7.0 6.0 5.0"},
        profile="Slow 4G phone", runs=3, site_pages=54, pages=pages, search=search, lighthouse=lighthouse,
        build={"project_seconds": 12.34, "project_cpu_seconds": 8.0, "plain_seconds": 10.0,
               "plain_cpu_seconds": 7.0}))


def test_report_lists_every_page_worst_first_with_scores():
    pages = [entry("/good/", 100, tbt=100, size=300_000), entry("/bad/", 71, tbt=700, size=350_000),
             entry("/broken/", error="exit status 1: Chrome crashed", tbt=50)]
    report = report_of({"status": "ran", "version": "13.5.0", "runs": 3}, pages)
    assert "Lighthouse 13.5.0: default mobile preset, simulated throttling, median of 3 runs per page" in report
    assert "load average 7.0 6.0 5.0" in report and "ratio: 1.23x wall clock, 1.14x CPU" in report
    lines = report.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Path "))
    rows = lines[header + 2:header + 5]
    assert [row.split()[0] for row in rows] == ["/bad/", "/good/", "/broken/"]
    assert rows[0].split()[-6:] == ["71", "-", "-", "-", "10", "ms"] and "341.8 KiB" in rows[0]
    assert "700 ms" in rows[0] and "error" in rows[2]
    assert "Lighthouse error on /broken/: exit status 1: Chrome crashed" in report


@pytest.mark.parametrize("status, line", [("missing", benchmark.LIGHTHOUSE_MISSING),
                                          ("skipped", "Lighthouse: skipped (--lighthouse-runs 0), no scores")])
def test_report_says_when_lighthouse_did_not_run(status, line):
    report = report_of({"status": status}, [entry("/a/", tbt=10)])
    assert line in report.splitlines()
    assert "npm install --prefix .lighthouse lighthouse@13.5.0" in benchmark.LIGHTHOUSE_MISSING


def test_report_shows_the_text_pages_search_and_second_visit():
    search = {"path": "/n/ip/", "first": visit(bytes=90_000, requests=12, network_requests=12),
              "second": visit(bytes=1600, requests=12, network_requests=4),
              "search": {"word": "addressing", "loaded_bytes": 90_000, "bytes": 330_000, "requests": 15,
                         "results_ms": 2400.0}}
    report = report_of({"status": "skipped"}, [entry("/n/ip/")], search)
    assert "Text page /n/ip/: bytes on the wire" in report
    assert "First visit, before any interaction" in report and "87.9 KiB" in report
    searched = next(line for line in report.splitlines() if line.startswith("First visit with a search"))
    assert searched.split()[-6:] == ['"addressing"', "322.3", "KiB", "15", "2.40", "s"]
    assert "of which the search itself" in report and "234.4 KiB" in report
    assert "1.6 KiB" in report and "4 of 12" in report
    no_results = report_of({"status": "skipped"}, [], {**search, "search": {**search["search"], "results_ms": None}})
    assert "no results" in no_results


def test_lighthouse_scores_from_a_report():
    report = {"lighthouseVersion": "13.5.0",
              "categories": {"performance": {"score": 0.71}, "seo": {"score": 1},
                             "accessibility": {"score": None}},
              "audits": {"total-blocking-time": {"numericValue": 123.4}}}
    scores = benchmark.lighthouse_scores(report)
    assert scores["scores"] == {"performance": 71, "seo": 100, "accessibility": None}
    assert scores["metrics"]["tbt"] == 123.4 and scores["metrics"]["lcp"] is None
    assert scores["error"] is None


def test_median_lighthouse_over_runs_leaves_out_failures():
    runs = [{"version": "13.5.0", "scores": {"performance": 70, "seo": 100}, "metrics": {"tbt": 300.0},
             "error": None},
            {"scores": {}, "metrics": {}, "error": "exit status 1: Chrome crashed"},
            {"version": "13.5.0", "scores": {"performance": 91, "seo": 100}, "metrics": {"tbt": 100.0},
             "error": None}]
    merged = benchmark.median_lighthouse(runs)
    assert merged["scores"] == {"performance": 80, "seo": 100}   # median of 70 and 91 is 80.5
    assert merged["metrics"] == {"tbt": 200.0} and merged["runs"] == 2 and merged["error"] is None
    assert benchmark.median_lighthouse(runs[1:2])["error"].startswith("exit status 1")


@pytest.mark.parametrize("argv", [["--runs", "0"], ["--lighthouse-runs", "-1"], ["--no-such-flag"],
                                  ["--pages", "0"], ["--build-only", "--site", "site"], ["--against", "old"],
                                  ["--site", "site", "--bare"]])
def test_bad_arguments_stop_before_any_work(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        benchmark.main(argv)
    assert stopped.value.code == 2 and "error" in capsys.readouterr().err


# ---------------------------------------------------------------- the breakdown's page variants

def test_remove_elements_balances_nested_tags():
    html = ('<p>a</p><div class="diagram"><div><svg></svg></div></div><div class="x">keep</div>'
            '<DIV class="diagram">two</DIV>end')
    assert breakdown.remove_elements(html, r'<div class="diagram"', "div") == '<p>a</p><div class="x">keep</div>end'
    assert breakdown.remove_elements("<table><tr><td>1</td></tr></table>t", r"<table\b", "table") == "t"
    with pytest.raises(ValueError, match="never closed"):
        breakdown.remove_elements("<nav class='a'><nav>", r"<nav", "nav")


def test_unwrap_keeps_the_text_and_empty_article_keeps_the_title():
    assert breakdown.unwrap_elements('<p><abbr title="Virtual Private Cloud">VPC</abbr> and <abbr>NAT</abbr></p>',
                                     "abbr") == "<p>VPC and NAT</p>"
    page = ('<nav>n</nav><article class="md-content__inner md-typeset"><h1 id="s3">S3</h1><p>long</p>'
            '<table></table></article><footer>f</footer>')
    assert breakdown.empty_article(page) == \
        '<nav>n</nav><article class="md-content__inner md-typeset"><h1 id="s3">S3</h1></article><footer>f</footer>'


def test_every_variant_removes_what_it_names_and_keeps_the_rest():
    page = ('<html><head><script src="x.js"></script></head><body>'
            '<nav aria-label="Table of contents" class="md-nav md-nav--secondary"><nav class="md-nav">toc</nav></nav>'
            '<article class="md-content__inner md-typeset"><h1>T</h1><p><abbr title="t">VPC</abbr></p>'
            '<table><tr><td>1</td></tr></table><div class="language-yaml highlight"><pre>c</pre></div>'
            '<div class="diagram"><svg></svg></div><pre class="mermaid">g</pre></article>'
            '<script>x()</script></body></html>')
    gone = {"no acronyms": "<abbr", "no tables": "<table", "no code blocks": "highlight",
            "no diagrams": "diagram", "no table of contents": "md-nav--secondary", "no content": "<p>",
            "no scripts": "<script"}
    variants = {name: change(page) for name, _, change in breakdown.VARIANTS}
    assert variants["as built"] == page
    for name, marker in gone.items():
        assert marker in page and marker not in variants[name], name
        assert "<h1>T</h1>" in variants[name] and variants[name].endswith("</body></html>"), name
    assert "mermaid" not in variants["no diagrams"] and "VPC" in variants["no acronyms"]


def test_without_feature_takes_one_feature_out_of_the_page_config():
    config = '<script id="__config">{"features": ["navigation.instant", "toc.follow", "content.code.copy"]}</script>'
    assert breakdown.without_feature(config, "toc.follow") == \
        '<script id="__config">{"features": ["navigation.instant", "content.code.copy"]}</script>'
    assert breakdown.without_feature(config, "navigation.instant").count('"') == config.count('"') - 2
    assert '"content.code.copy"' not in breakdown.without_feature(config, "content.code.copy")
    assert breakdown.without_feature(config, "toc") == config   # whole names only
    palette = '<header><form class="md-header__option" data-awsnotes-palette><input></form></header>'
    variants = {name: change(palette) for name, _, change in breakdown.VARIANTS}
    assert variants["no palette toggle"] == "<header></header>"


def trace_event(name, ts_ms, dur_ms, tid=1):
    return {"ph": "X", "name": name, "pid": 7, "tid": tid, "ts": ts_ms * 1000, "dur": dur_ms * 1000}


def test_long_task_time_is_split_by_kind_of_work_using_self_time():
    events = [{"ph": "M", "name": "thread_name", "pid": 7, "tid": 1, "args": {"name": "CrRendererMain"}},
              {"ph": "M", "name": "thread_name", "pid": 7, "tid": 2, "args": {"name": "Compositor"}},
              trace_event("RunTask", 0, 200),              # a long task: 200 ms
              trace_event("ParseHTML", 0, 60),
              trace_event("EvaluateScript", 60, 100),      # 100 ms of script, 30 of it forced style
              trace_event("UpdateLayoutTree", 100, 30),
              trace_event("Layout", 170, 20),
              trace_event("RunTask", 300, 40),             # a short task: not counted
              trace_event("Layout", 300, 40),
              trace_event("RunTask", 0, 900, tid=2)]       # another thread: not counted
    assert breakdown.main_thread(events) == (7, 1)
    assert breakdown.task_time_by_kind(events, min_task_ms=50) == {
        "parse HTML": 60.0, "script": 70.0, "style": 30.0, "layout": 20.0, "paint": 0.0, "other": 20.0}
    assert breakdown.task_time_by_kind(events)["layout"] == 60.0   # every task
    assert breakdown.task_time_by_kind([]) == {}


def test_cpu_time_comes_from_the_thread_clock_nesting_from_the_wall_clock():
    events = [{"ph": "M", "name": "thread_name", "pid": 7, "tid": 1, "args": {"name": "CrRendererMain"}},
              {**trace_event("RunTask", 0, 200), "tdur": 100_000},        # 100 ms of CPU in 200 ms
              {**trace_event("FunctionCall", 10, 150), "tdur": 80_000},
              {**trace_event("Layout", 20, 100), "tdur": 50_000}]
    assert breakdown.task_time_by_kind(events) == {"parse HTML": 0.0, "script": 30.0, "style": 0.0,
                                                   "layout": 50.0, "paint": 0.0, "other": 20.0}
    assert breakdown.task_time_by_kind(events, clock="dur")["script"] == 50.0


# ---------------------------------------------------------------- cache policy and server

@pytest.mark.parametrize("name", ["assets/javascripts/bundle.a5f9d56c.min.js",
                                  "assets/stylesheets/main.57a0d79d.min.css",
                                  "assets/javascripts/workers/search.a7633da7.min.js",
                                  "assets/javascripts/bundle.a5f9d56c.min.js.map",
                                  "assets/stylesheets/site.7908112d.css",
                                  "assets/javascripts/vendor/mermaid-11.13.0.min.js"])
def test_fingerprinted_files_are_cached_for_a_year(name):
    assert is_fingerprinted(name)
    assert cache_control(name) == IMMUTABLE == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("name", ["index.html", "assets/stylesheets/site.css",
                                  "assets/javascripts/diagram-loader.js", "search/search_index.json",
                                  "sitemap.xml", "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                                  "assets/images/favicon.svg", "assets/javascripts/vendor/mermaid.VERSION.txt"])
def test_other_files_are_revalidated(name):
    assert not is_fingerprinted(name)
    assert cache_control(name) == REVALIDATE == "no-cache"


def test_compressible_files():
    assert is_compressible("index.html")
    assert is_compressible("assets/javascripts/bundle.a5f9d56c.min.js")
    assert is_compressible("assets/images/favicon.svg")
    assert not is_compressible("assets/images/social.png")


def test_accepts_gzip():
    assert accepts_gzip("gzip, deflate, br")
    assert accepts_gzip("br;q=1.0, gzip;q=0.8")
    assert accepts_gzip("*")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("br")
    assert not accepts_gzip(None)


def test_not_modified():
    etag = entity_tag(123, 456)
    assert etag == '"7b-1c8"' and entity_tag(123, 456, "gzip") == '"7b-1c8-gzip"'
    assert not_modified(etag, None, etag, 0)
    assert not_modified(f'W/"x", {etag}', None, etag, 0)
    assert not not_modified('"other"', "Thu, 01 Jan 2099 00:00:00 GMT", etag, 0)  # ETag wins
    assert not_modified(None, "Thu, 01 Jan 2099 00:00:00 GMT", etag, 1_000_000)
    assert not not_modified(None, "Thu, 01 Jan 1970 00:00:00 GMT", etag, 1_000_000)
    assert not not_modified(None, "garbage", etag, 0)
    assert not not_modified(None, None, etag, 0)


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def test_caching_server_sends_a_hosts_headers(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>" * 100, encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>not found</p>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "bundle.a5f9d56c.min.js").write_text("var x = 1;\n" * 100, encoding="utf-8")
    with CachingServer(tmp_path) as server:
        status, headers, body = fetch(server.url)
        assert status == 200 and headers["Cache-Control"] == "no-cache" and body.startswith(b"<p>")
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert fetch(server.url, **{"If-None-Match": etag})[0] == 304
        assert fetch(server.url, **{"If-Modified-Since": modified})[0] == 304

        status, headers, body = fetch(server.url + "assets/bundle.a5f9d56c.min.js", **{"Accept-Encoding": "gzip"})
        assert headers["Cache-Control"] == IMMUTABLE and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == b"var x = 1;\n" * 100 and int(headers["Content-Length"]) == len(body)

        status, headers, body = fetch(server.url + "no/such/page/")
        assert status == 404 and b"not found" in body

        for _ in range(50):  # a reading right after a load must already count it: no race
            server.traffic.reset()
            fetch(server.url)
            assert server.traffic.responses == 1 and server.traffic.bytes > 1100


# ---------------------------------------------------------------- in the browser

@pytest.mark.browser
def test_measuring_a_diagram_page_gives_positive_figures(browser, built_site):
    picked = pick_pages(site_listing(built_site))
    target = picked.get("diagram", picked["home"])
    with CachingServer(built_site) as server:
        first, second = benchmark.measure_page(browser, server, target.path, target.diagrams,
                                               benchmark.UNTHROTTLED)
    assert first.bytes > 10_000 and first.requests > 1 and first.network_requests == first.requests
    assert 0 < first.fcp <= first.lcp and first.load > 0
    assert first.tbt >= 0 and first.cls >= 0
    if target.diagrams:
        assert first.diagrams > 0 and first.diagrams_missing == 0
    # Fingerprinted files come from the cache; pages and other files are revalidated (304s).
    assert second.bytes < first.bytes / 5
    assert second.network_requests < second.requests


@pytest.mark.browser
def test_a_search_visit_shows_results_and_counts_the_bytes_of_the_search(browser, built_site):
    text = pick_pages(site_listing(built_site))["text"]
    word = search_word(text.title)
    with CachingServer(built_site) as server:
        searched = benchmark.measure_search(browser, server, text.path, text.diagrams, word, benchmark.UNTHROTTLED)
    assert searched.word == word
    assert searched.results_ms is not None and searched.results_ms > 0   # results appeared
    assert searched.loaded_bytes > 10_000 and searched.bytes >= searched.loaded_bytes
    assert searched.requests > 1


@pytest.mark.browser
def test_breakdown_variants_reach_the_browser_without_the_removed_parts(browser, built_site):
    largest = max(site_listing(built_site), key=lambda p: p.bytes)
    source = (built_site / largest.path.strip("/") / "index.html").read_text(encoding="utf-8")
    variants = {name: change(source) for name, _, change in breakdown.VARIANTS}
    with CachingServer(built_site) as server:
        loads = {name: breakdown.measure_variant(browser, server, largest.path, variants[name],
                                                 benchmark.UNTHROTTLED)
                 for name in ("as built", "no content", "no acronyms")}
    # Elements left once the theme has run: fewer without the article; <abbr>s unwrapped.
    assert 0 < loads["no content"].elements < loads["no acronyms"].elements < loads["as built"].elements
    assert all(load.tbt >= 0 and load.long_tasks >= 0 for load in loads.values())


def test_comparison_rounds_alternate_the_order_of_the_sites():
    assert [compare.round_order(["site", "baseline"], n) for n in range(3)] == [
        ["site", "baseline"], ["baseline", "site"], ["site", "baseline"]]


def test_comparison_report_gives_medians_the_spread_and_the_change():
    visit = lambda fcp, tbt: benchmark.Visit(bytes=1000, requests=3, network_requests=3, fcp=fcp, lcp=fcp + 100,
                                             tbt=tbt, cls=0.0, load=2000, diagrams=0, diagrams_missing=0)
    old = [visit(1400, 300), visit(1500, 500), visit(1450, 400)]
    new = [visit(1420, 100), visit(1480, 200), visit(1460, 150)]
    baseline, site = compare.summarize(old), compare.summarize(new)
    assert (baseline["fcp"], baseline["fcp_min"], baseline["fcp_max"], baseline["tbt"]) == (1450, 1400, 1500, 400)
    paired = compare.paired_change(new, old)  # round by round: +20, -20, +10
    assert paired["mean"] == pytest.approx(10 / 3) and paired["se"] == pytest.approx(12.02, abs=0.01)
    assert compare.paired_change(new[:1], old[:1]) is None
    text = compare.format_comparison({"site": "new", "baseline": "old", "profile": "phone", "rounds": 3,
                                      "pages": [{"path": "/p/", "site": site, "baseline": baseline,
                                                 "paired": paired}]})
    baseline_row, site_row = text.rstrip("\n").splitlines()[-2:]   # the table's two rows
    assert "baseline" in baseline_row and "1.40 s to 1.50 s" in baseline_row, text
    assert "site" in site_row and "+10 ms" in site_row and "1.42 s to 1.48 s" in site_row, text
    assert "+3 ms ± 12" in site_row, text
    assert "site: new\n" in text
    bare = compare.format_comparison({"site": "new", "baseline": "old", "profile": "phone", "rounds": 3, "bare": True,
                                      "pages": [{"path": "/p/", "site": site, "baseline": baseline}]})
    assert "site (served without security headers): new\n" in bare


@pytest.mark.browser
def test_comparison_loads_both_sites_in_turn(browser, built_site):
    text = pick_pages(site_listing(built_site))["text"]
    with CachingServer(built_site) as site, CachingServer(built_site, handler=compare.BareHandler) as baseline:
        [page] = compare.measure(browser, {"site": site, "baseline": baseline}, [text], rounds=2,
                                 profile=benchmark.UNTHROTTLED)
    assert page["path"] == text.path
    for name in ("site", "baseline"):
        assert page[name]["rounds"] == 2 and page[name]["fcp"] > 0 and page[name]["bytes"] > 10_000
    # The baseline is served without the security headers, the site with them: fewer bytes.
    assert page["baseline"]["bytes"] < page["site"]["bytes"]
