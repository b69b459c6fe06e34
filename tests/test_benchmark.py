"""The benchmark's figures, page choice, report and caching server; one quick browser smoke test."""

from __future__ import annotations

import gzip
import urllib.request
from urllib.error import HTTPError

import pytest

from awsnotes import benchmark
from awsnotes.benchmark import (PageInfo, Result, cumulative_layout_shift, format_bytes, format_ms,
                               format_table, median, pick_pages, site_listing, total_blocking_time)
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
    (tmp_path / "index.html").write_text("<article>home</article>", encoding="utf-8")
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
    assert listing["/"].bytes == len("<article>home</article>")


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


def visit(**figures):
    return {**{name: None for name in benchmark.Visit.__dataclass_fields__}, **figures}


def test_report_shows_every_figure_and_says_when_lighthouse_is_missing():
    first = visit(bytes=300_000, requests=11, network_requests=11, fcp=1650, lcp=1840, tbt=306,
                  cls=0.0, diagrams=None)
    second = visit(bytes=1600, requests=11, network_requests=7, fcp=900, lcp=900, tbt=0, cls=0.0)
    result = Result(date="2026-01-01T00:00:00+00:00",
                    machine={"cpus": 2, "arch": "x86_64", "chromium": "Chromium 1.0"},
                    profile="Slow 4G phone", runs=3, build_seconds=12.34, site_pages=54,
                    pages=[{"kind": "home", "path": "/", "html_bytes": 49_000, "diagrams": 0,
                            "first": first, "second": second},
                           {"kind": "diagram", "path": "/n/vpc/", "html_bytes": 90_000, "diagrams": 3,
                            "first": {**first, "diagrams": 9830}, "second": {**second, "diagrams": None}}])
    report = benchmark.format_report(result)
    assert "Build: 12.3 s for the whole site (54 pages)" in report
    assert "293.0 KiB" in report and "1.6 KiB" in report
    assert "11 (7 to server)" in report
    assert "9.83 s" in report and "n/a" in report and "not drawn" in report
    assert benchmark.LIGHTHOUSE_MISSING in report


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


@pytest.mark.parametrize("argv", [["--runs", "0"], ["--lighthouse-runs", "-1"], ["--no-such-flag"]])
def test_bad_arguments_stop_before_any_work(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        benchmark.main(argv)
    assert stopped.value.code == 2 and "error" in capsys.readouterr().err


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
