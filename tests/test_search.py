"""Search in the real search box in Chromium: sections as results, landing on them, the lazy index.

The evaluation (tests/search_queries.txt) types reader-style queries and checks
the section each must find; for the queries whose answer must come first it
opens that answer as Enter does and checks that the heading is in view below
the fixed header, the address clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from awsnotes.serve import CachingServer
from tests.support import LOADING, landed, open_search, search

pytestmark = pytest.mark.browser
QUERIES = Path(__file__).with_name("search_queries.txt")
# Shares of queries that must find their section among the visible results of
# the first three pages, first (what Enter opens, for "first" queries), and
# land on it (for "first" queries, Enter opens the page with the heading in view, address clean).
TOP3_BAR = 0.95
FIRST_BAR = 0.90
LANDING_BAR = 0.90


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]  # "page/path/#anchor" or "page/path/" (anywhere on the page)
    mode: str  # "first" or "top3"
    pending: bool  # the page is being written on another branch: skip while it is missing
    line: int


def load_cases(text: str) -> list[Case]:
    """Parse the query file; a malformed line raises ValueError naming FILE:LINE."""
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        expected = tuple(option.strip() for option in parts[1].split(" or ")) if len(parts) > 1 else ()
        if (len(parts) not in (3, 4) or parts[2] not in ("first", "top3")
                or not all(option.startswith("/") and "/#" in option + "#" for option in expected)
                or (len(parts) == 4 and parts[3] != "if-page-exists")):
            raise ValueError(f"{QUERIES.name}:{number}: write 'query | /page/path/#anchor | first or top3' "
                             "(optionally '| if-page-exists')")
        cases.append(Case(parts[0], tuple(option.lstrip("/") for option in expected), parts[2],
                          len(parts) == 4, number))
    return cases


def matches(location: str, expected: str) -> bool:
    """Does a result at `location` answer `expected`? A page alone matches anywhere on it."""
    page, _, anchor = expected.partition("#")
    found_page, _, found_anchor = location.partition("#")
    return found_page == page and (not anchor or found_anchor == anchor)


def page_exists(site: Path, expected: str) -> bool:
    return (site / expected.partition("#")[0] / "index.html").is_file()


def anchor_exists(site: Path, expected: str) -> bool:
    page, _, anchor = expected.partition("#")
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return not anchor or re.search(rf'\sid="{re.escape(anchor)}"', html) is not None


def test_query_lines_are_parsed_and_checked():
    cases = load_cases("NACL | /networking/vpc/#nacl | first\n"
                       "kms | /security/kms/ or /security/kms/#keys | top3 | if-page-exists\n")
    assert cases[0].expected == ("networking/vpc/#nacl",) and not cases[0].pending
    assert cases[1].expected == ("security/kms/", "security/kms/#keys") and cases[1].pending
    with pytest.raises(ValueError, match="search_queries.txt:1:"):
        load_cases("NACL | networking/vpc/ | first")
    assert matches("networking/vpc/#nacl", "networking/vpc/#nacl")
    assert matches("networking/vpc/#nacl", "networking/vpc/")
    assert not matches("networking/vpc/", "networking/vpc/#nacl")
    assert not matches("networking/vpc-connectivity/#x", "networking/vpc/")


def test_query_file_is_well_formed(built_site):
    cases = load_cases(QUERIES.read_text(encoding="utf-8"))
    assert len(cases) >= 150
    questions = [case for case in cases if len(case.query.split()) >= 3 or " vs " in case.query]
    assert len(questions) >= 40
    assert len([case for case in cases if any("#" in option for option in case.expected)]) >= 100
    for case in cases:
        for option in case.expected:
            if case.pending and not page_exists(built_site, option):
                continue
            assert page_exists(built_site, option), f"{QUERIES.name}:{case.line}: no page {option}"
            assert anchor_exists(built_site, option), f"{QUERIES.name}:{case.line}: no heading {option}"


def test_search_evaluation(context, server, built_site, record_property):
    cases = load_cases(QUERIES.read_text(encoding="utf-8"))
    runnable = [case for case in cases
                if not case.pending or all(page_exists(built_site, option) for option in case.expected)]
    skipped = [case for case in cases if case not in runnable]
    page = context.new_page()
    page.goto(server.url + "networking/")
    top3 = first_ok = first_total = landing = 0
    misses, answers = [], []
    # Every query typed on one page, so the index is loaded once ...
    for case in runnable:
        results = search(page, case.query)
        target = results.target
        found = any(matches(link.location, option) for link in results.visible() for option in case.expected)
        first = target is not None and any(matches(target.location, option) for option in case.expected)
        top3 += found
        if case.mode == "first":
            first_total += 1
            first_ok += first
        answers.append((case, target, found, first, results))
    # ... then what Enter opens for each "first" query: Enter follows the target's link to a new page
    # load (test_enter_opens_the_best_result_of_the_first_page), so the reader must land there. (A
    # "top3" query's reader picks a result instead: clicking one is tested on its own.)
    for case, target, found, first, results in answers:
        arrived = case.mode != "first"
        if case.mode == "first" and target is not None:
            page.goto(target.href)
            arrived = landed(page, target.location)
            landing += arrived
        if not found or (case.mode == "first" and not first) or not arrived:
            misses.append(f"  '{case.query}': wanted {' or '.join(case.expected)} ({case.mode}), Enter opens "
                          f"{target.location if target else None}{'' if arrived else ' (did not land)'}; "
                          f"top 3: {[group[0].location for group in results.groups[:3]]}")
    total = len(runnable)
    rates = top3 / total, first_ok / max(first_total, 1), landing / max(first_total, 1)
    report = "\n".join([
        f"Search evaluation ({total} queries, {len(skipped)} skipped: pages not in this build: "
        f"{sorted({case.expected[0].split('#')[0] for case in skipped})}):\n"
        f"  section in the top 3: {top3}/{total} ({rates[0]:.1%}, bar {TOP3_BAR:.0%})\n"
        f"  first (Enter opens it): {first_ok}/{first_total} ({rates[1]:.1%}, bar {FIRST_BAR:.0%})\n"
        f"  landing after Enter (heading in view, clean address): {landing}/{first_total} ({rates[2]:.1%}, "
        f"bar {LANDING_BAR:.0%})", *misses])
    record_property("search evaluation", report)  # printed at the end of the run (conftest.py)
    assert rates[0] >= TOP3_BAR and rates[1] >= FIRST_BAR and rates[2] >= LANDING_BAR, report


@pytest.mark.parametrize("query", ["nacl", "visibility timeout", "cold start"])
def test_enter_opens_the_best_result_of_the_first_page(context, server, query):
    """What the evaluation takes Enter to open: the highest-scored link of the first page, in a new
    page load of its link, landing on its heading."""
    page = context.new_page()
    page.goto(server.url + "compute/")
    page.evaluate("() => { window.beforeEnter = true; }")
    target = search(page, query).target
    page.locator("input.md-search__input").press("Enter")
    assert landed(page, target.location)
    assert page.evaluate("() => window.beforeEnter") is None  # a new page load, as the evaluation opens it


def test_a_matching_section_is_a_visible_result_ahead_of_the_page_opening(context, server):
    page = context.new_page()
    page.goto(server.url + "storage/")
    results = search(page, "NACL")
    assert results.target.location == "networking/vpc/#nacl"
    visible = [link.location for link in results.groups[0] if link.visible]
    assert visible.index("networking/vpc/#nacl") <= 1  # right under the page's title
    page_link = next(link for link in results.groups[0] if link.location == "networking/vpc/")
    assert not page_link.teaser  # the page's title only: its opening paragraph is not the answer
    section = next(link for link in results.groups[0] if link.location == "networking/vpc/#nacl")
    assert section.teaser and section.visible


@pytest.mark.parametrize("query, term", [("are security groups stateful", "stateful"),
                                         ("policy evaluation", "evaluation"),
                                         ("how do i connect my data center to a vpc", "center")])
def test_no_missing_mark_for_a_term_the_result_covers(context, server, query, term):
    page = context.new_page()
    page.goto(server.url)
    results = search(page, query)
    assert results.groups
    for link in results.visible(pages=3):
        for missing in link.missing:
            assert missing.casefold() not in {"how", "do", "i", "my", "to", "a", "are", "vs"}, (query, link)
            assert not re.search(rf"\b{re.escape(missing)}", link.text, re.I), (query, link.location, missing)
    assert term not in results.target.missing


def test_glossary_terms_are_results_of_their_own(context, server):
    page = context.new_page()
    page.goto(server.url)
    results = search(page, "RCU")
    terms = {link.location: link for group in results.groups for link in group
             if link.location.startswith("reference/glossary/#")}
    rcu = terms["reference/glossary/#rcu"]  # its own entry, at its own anchor ...
    assert "Read capacity unit" in rcu.text and len(rcu.text) < 100  # ... not the whole table run together
    assert results.target.location == "databases/dynamodb/#rcu-and-wcu"  # the pages come first


@pytest.mark.parametrize("width", [1280, 390])
def test_a_result_link_opened_in_a_new_tab_lands_on_its_heading(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(server.url + "storage/s3/?h=presigned+url#presigned-urls")
        assert landed(page, "storage/s3/#presigned-urls")
        assert page.locator("article mark[data-md-highlight]").count() > 0
        assert page.url == server.url + "storage/s3/#presigned-urls"
        # The page's own links do not bring ?h= back: the contents and the heading links.
        hrefs = page.eval_on_selector_all("nav.md-nav--secondary a.md-nav__link, article a.headerlink",
                                          "links => links.map(a => a.href)")
        assert hrefs and not [href for href in hrefs if "?h=" in href]
    finally:
        context.close()


def test_clicking_a_section_result_on_another_page_lands_on_it(context, server):
    page = context.new_page()
    page.goto(server.url + "compute/")
    results = search(page, "visibility timeout")
    assert results.target.location == "messaging/sqs/#visibility-timeout"
    page.locator(".md-search-result__item").first.locator('a[href*="#visibility-timeout"]').first.click()
    assert landed(page, "messaging/sqs/#visibility-timeout")
    assert page.locator("article mark[data-md-highlight]").count() > 0
    assert page.evaluate("() => document.querySelector('.md-search-result__meta') !== null")


def search_requests(recorder) -> list[str]:
    """The index and the worker's two scripts (the site's wrapper and Material's worker)."""
    return [url for url in recorder.requests if re.search(r"search_index|search-worker|/workers/search", url)]


def test_first_visit_requests_no_sitemap_search_index_or_worker_until_search_is_focused(recorded_page, server):
    page, recorder = recorded_page
    held = []
    page.route("**/search/search_index.json", lambda route: held.append(route))
    page.goto(server.url + "storage/ebs/", wait_until="networkidle")
    assert not search_requests(recorder)
    assert not [url for url in recorder.requests if "sitemap" in url]
    open_search(page)
    while not held:
        page.wait_for_timeout(20)  # the request is on its way: wait until it is intercepted
    expect(page.locator(".md-search-result__meta")).to_have_text(LOADING)
    held[0].continue_()
    results = search(page, "gp3")
    assert results.target.location.startswith("storage/ebs/")
    assert len([url for url in recorder.requests if "search_index" in url]) == 1
    assert len(search_requests(recorder)) == 3  # the index, then the worker's two scripts, once each
    assert not recorder.page_errors and not recorder.console_errors


@pytest.mark.parametrize("key", ["/", "s"])
def test_the_search_shortcut_loads_the_index(recorded_page, server, key):
    page, recorder = recorded_page
    page.goto(server.url + "storage/efs/", wait_until="networkidle")
    assert not [url for url in recorder.requests if "search_index" in url]
    with page.expect_request("**/search/search_index.json"):
        page.keyboard.press(key)
    assert search(page, "efs").groups


def test_a_shared_search_link_loads_the_index_and_shows_results(context, server):
    page = context.new_page()
    page.goto(server.url + "?q=transit+gateway")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item a').length > 0")
    hrefs = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")
    assert any("vpc-connectivity/" in href and "#transit-gateway" in href for href in hrefs)


@pytest.fixture(scope="module")
def host(built_site):
    """A server that answers a missing path with the site's 404 page, as hosts do."""
    with CachingServer(built_site) as running:
        yield running


def test_an_upper_case_short_link_reaches_its_section(context, host):
    page = context.new_page()
    page.goto(host.url + "NACL/")
    page.wait_for_url(re.compile(r"/networking/vpc/#nacl$"))
    assert landed(page, "networking/vpc/#nacl")


def test_the_404_page_offers_a_search_for_the_words_in_the_address(context, host):
    page = context.new_page()
    response = page.goto(host.url + "storage/elastic-volumes-resize/")
    assert response.status == 404
    offer = page.locator("#search-the-address a")
    expect(offer).to_have_text("storage elastic volumes resize")
    offer.click()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    hrefs = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")
    assert any("storage/ebs/" in href for href in hrefs[:5])
