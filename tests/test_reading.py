"""A site people prefer to read: each reading aid checked as a reader meets it, in headless Chromium.

Desktop is 1280 px wide; the phone is 390 px with touch and no hover.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from awsnotes import config as site_config, site as built
from tests.support import OPEN_SHADOW_ROOTS, ROOT, Recorder, site_pages

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture
def open_page(browser, server):
    """open_page(path, size, init_script, **context options) -> a recorded page; fails the test on any
    console error."""
    opened = []

    def opener(path: str, size: dict = DESKTOP, init_script: str = "", **options):
        context = browser.new_context(**size, **options)
        context.add_init_script(OPEN_SHADOW_ROOTS + init_script)
        page = context.new_page()
        recorder = Recorder(server.url)
        recorder.attach(page)
        opened.append((context, recorder))
        page.goto(server.url + path.lstrip("/"), wait_until="networkidle")
        page.wait_for_function("() => window.document$ !== undefined")
        return page

    yield opener
    for context, recorder in opened:
        context.close()
        assert not recorder.console_errors + recorder.page_errors, recorder.console_errors + recorder.page_errors
        assert not recorder.foreign_requests()


def nav_sections() -> list[str]:
    """Top-level sections of the nav (their index pages), as built URLs."""
    config = site_config.load()
    return [built.url_of(next(iter(item.values()))[0]) for item in config["nav"] if isinstance(next(iter(item.values())), list)]


# -- Home page -------------------------------------------------------------------

@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_page_says_what_the_site_is_and_opens_search_from_its_prompt(open_page, size):
    page = open_page("/", size)
    first = page.locator("article h1 + p")
    assert first.inner_text().startswith("AWS Notes is ")
    assert first.inner_text().count(". ") == 0, "what the site is, in one sentence"
    prompt = page.get_by_role("button", name=re.compile("Search for a service"))
    box = prompt.bounding_box()
    assert box and box["y"] < size["viewport"]["height"], "the search prompt is on the first screen"
    assert box["width"] >= min(300, size["viewport"]["width"] - 60)
    prompt.click()
    query = page.locator("input.md-search__input")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    query.press_sequentially("vpc", delay=20)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")


def test_home_page_has_a_card_per_section_and_three_ways_in(open_page):
    page = open_page("/")
    cards = page.locator("#sections + .grid.cards > ul > li")
    hrefs = [urlsplit(a).path for a in cards.locator("a").evaluate_all("links => links.map(a => a.href)")]
    assert sorted(hrefs) == sorted(nav_sections())
    ways = page.locator("#where-to-start + .grid.cards > ul > li strong").all_inner_texts()
    assert ways == ["New to AWS", "Exam revision", "Quick lookup"]
    reading_order = page.locator("#where-to-start + .grid.cards > ul > li").first.locator("ol > li")
    assert reading_order.count() >= 5


def test_every_short_link_the_home_page_lists_leads_somewhere(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r"<code>(/[a-z0-9-]+/)</code>", home))
    assert len(listed) >= 40
    missing = [link for link in sorted(listed) if not (built_site / link.strip("/") / "index.html").is_file()]
    assert not missing, f"the home page lists short links that do not exist: {missing}"


def test_the_documented_keyboard_shortcuts_work(open_page):
    page = open_page("/")
    shortcuts = page.locator("#keyboard-shortcuts ~ .md-typeset__scrollwrap table, #keyboard-shortcuts + * table")
    assert "Open search" in shortcuts.first.inner_text()
    page.locator("body").press("/")
    # Open as the reader sees it: the box focused and the search toggled on (Material sets the
    # toggle a moment after the focus; an Escape in between finds no search to close).
    page.wait_for_function("""() => document.activeElement.matches('input.md-search__input')
                                    && document.querySelector('input[data-md-toggle=search]').checked""")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.activeElement.matches('input.md-search__input')")
    page.locator("body").press("n")
    page.wait_for_function("() => location.pathname.endsWith('/fundamentals/')")
    page.locator("body").press("p")
    page.wait_for_function("() => location.pathname === '/' && document.querySelector('#where-to-start') !== null")


# -- Navigation ------------------------------------------------------------------

def test_breadcrumbs_and_the_contents_one_tap_away_on_a_phone(open_page):
    page = open_page("/compute/ec2/", PHONE)
    crumbs = page.locator("nav.md-path")
    assert crumbs.is_visible() and "Compute" in crumbs.inner_text()
    contents = page.locator("article details.page-contents")
    summary = contents.locator("summary")
    assert summary.is_visible() and summary.inner_text() == "On this page"
    assert summary.bounding_box()["y"] < 844, "the contents are on the first screen"
    summary.tap()
    link = contents.get_by_role("link", name="Exam tips")
    assert link.is_visible()
    link.tap()
    page.wait_for_url(re.compile(r"#exam-tips$"))


def test_the_contents_disclosure_is_hidden_where_the_sidebar_shows_them(open_page):
    page = open_page("/compute/ec2/")
    assert page.locator("article details.page-contents").is_hidden()
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()


# -- Links -----------------------------------------------------------------------

def test_a_heading_link_copies_the_clean_address_and_says_so(open_page, server):
    page = open_page("/networking/vpc/?h=nacl", permissions=CLIPBOARD)
    heading = page.locator("article h2[id]").nth(1)
    anchor = heading.get_attribute("id")
    heading.hover()
    heading.locator("a.headerlink").click()
    status = page.get_by_role("status").filter(has_text="Link copied")
    status.wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{server.url}networking/vpc/#{anchor}"


def test_heading_links_show_on_touch_screens(open_page):
    page = open_page("/networking/vpc/", PHONE)
    link = page.locator("article h2[id] a.headerlink").first
    page.wait_for_function("(a) => getComputedStyle(a).opacity === '1'", arg=link.element_handle())
    box = link.bounding_box()
    assert box["width"] >= 24


# -- Acronyms --------------------------------------------------------------------

def test_acronyms_are_underlined_once_per_section_and_never_in_headings(open_page):
    page = open_page("/compute/ec2/")
    styles = page.evaluate("""() => [...document.querySelectorAll("article abbr")].map(a => ({
        term: a.textContent, first: a.classList.contains("first-use"),
        heading: !!a.closest("h1, h2, h3, h4, h5, h6"),
        underline: getComputedStyle(a).borderBottomStyle !== "none"
            || getComputedStyle(a).textDecorationLine !== "none"}))""")
    assert any(s["first"] for s in styles) and any(not s["first"] for s in styles)
    assert all(s["underline"] == (s["first"] and not s["heading"]) for s in styles)


def test_tapping_an_acronym_on_a_phone_shows_its_meaning(open_page):
    page = open_page("/compute/ec2/", PHONE)
    abbr = page.locator("article p abbr").nth(2)
    meaning = abbr.get_attribute("title")
    abbr.scroll_into_view_if_needed()
    abbr.tap()
    tip = page.get_by_role("tooltip")
    tip.wait_for()
    assert tip.inner_text() == meaning
    assert abbr.get_attribute("aria-describedby") == tip.get_attribute("id")
    box, screen = tip.bounding_box(), 390
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen
    page.locator("article h1").tap(position={"x": 4, "y": 4})
    tip.wait_for(state="hidden")


def test_keyboard_focus_on_an_acronym_shows_its_meaning(open_page):
    page = open_page("/compute/ec2/")
    first = page.locator("article abbr.first-use").first
    # Reach it with Tab from the element just before it in the tab order.
    first.evaluate("a => { const s = document.createElement('button'); s.id = 'start'; s.textContent = 's';"
                   " a.before(s); }")
    page.locator("#start").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "ABBR"
    tip = page.get_by_role("tooltip")
    tip.wait_for()
    assert tip.inner_text() == first.get_attribute("title")
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


# -- Tables and code -------------------------------------------------------------

def test_a_wide_table_on_a_phone_keeps_its_first_column_and_says_it_scrolls(open_page):
    page = open_page("/storage/s3/", PHONE)
    wrap = page.locator("article .md-typeset__scrollwrap").filter(
        has=page.locator("th", has_text="Storage class")).first
    table = wrap.locator("table")
    wrap.scroll_into_view_if_needed()
    page.wait_for_function("(w) => w.getAttribute('role') === 'region'", arg=wrap.element_handle())
    cue = wrap.evaluate("w => getComputedStyle(w, '::before').content")
    assert "Scroll sideways" in cue
    wrap.evaluate("w => { w.querySelector('tbody td').scrollIntoView({block: 'center'}); w.scrollLeft = 300; }")
    page.wait_for_function("(w) => w.scrollLeft > 0", arg=wrap.element_handle())
    visible = table.evaluate("""t => {
        const wrapBox = t.closest(".md-typeset__scrollwrap").getBoundingClientRect();
        const cell = t.querySelector("tbody td");
        const box = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return box.left >= wrapBox.left - 1 && box.right <= wrapBox.right && !!hit && cell.contains(hit);
    }""")
    assert visible, "the first column scrolled out of view"


# Counts tables added to or removed from the document once it is parsed (the parser's own
# insertions happen while readyState is "loading").
TABLE_MOVES = """
window.__tableMoves = 0;
new MutationObserver((records) => {
    if (document.readyState === "loading") return;
    for (const record of records) {
        for (const node of [...record.addedNodes, ...record.removedNodes]) {
            if (node.nodeType === 1 && (node.matches("table") || node.querySelector("table"))) window.__tableMoves++;
        }
    }
}).observe(document, { childList: true, subtree: true });
"""


@pytest.mark.parametrize("size, scheme", [(PHONE, "light"), (DESKTOP, "dark")], ids=["phone-light", "desktop-dark"])
def test_tables_arrive_in_their_scroll_wrappers_and_keep_materials_style(open_page, size, scheme):
    """The build wraps each table as Material's bundle would, so the bundle moves none after load
    (each move restyled the table again), and Material's table style still applies."""
    page = open_page("/storage/s3/", size, TABLE_MOVES, color_scheme=scheme)
    assert page.evaluate("() => window.__tableMoves") == 0, "a table was moved after the page was parsed"
    found = page.eval_on_selector_all("article table", """tables => tables.map(t => ({
        wrapped: t.parentElement.matches(".md-typeset__table")
            && t.parentElement.parentElement.matches(".md-typeset__scrollwrap"),
        nested: t.parentElement.parentElement.parentElement.closest(".md-typeset__scrollwrap") !== null,
        display: getComputedStyle(t).display,
        bordered: parseFloat(getComputedStyle(t).borderTopWidth) > 0,
        header: getComputedStyle(t.querySelector("th")).fontWeight,
    }))""")
    assert len(found) >= 5
    for table in found:
        assert table == {"wrapped": True, "nested": False, "display": "inline-block", "bordered": True,
                         "header": "700"}, table


def first_indented_code_block(built_site: Path) -> tuple[str, str]:
    """(page URL, text of the first fenced code block with indented lines) of a built page."""
    for page in built.pages(built_site):
        source = ROOT / "docs" / (page.url.strip("/") + ".md")
        if not source.is_file():
            continue
        for block in re.findall(r"^```(?:json|yaml)\b[^\n]*\n(.*?)^```", source.read_text(encoding="utf-8"), re.S | re.M):
            if re.search(r"^ {4,}\S", block, re.M):
                return page.url, block
    raise AssertionError("no JSON or YAML block with indented lines on any page")


def test_code_blocks_keep_their_indentation_on_screen_and_when_copied(open_page, built_site):
    """Pages are served without the templates' indentation (awsnotes/payload.py); code keeps its own."""
    url, block = first_indented_code_block(built_site)
    page = open_page(url, permissions=CLIPBOARD)
    code = page.locator("article .highlight").filter(has_text=block.strip().splitlines()[1].strip()).first
    assert code.locator("code").inner_text().rstrip("\n") == block.rstrip("\n")
    code.scroll_into_view_if_needed()
    code.hover()
    code.locator('button[data-md-type="copy"]').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()").rstrip("\n") == block.rstrip("\n")


def first_console_block_with_output(built_site: Path) -> tuple[str, str]:
    """(page URL, Markdown source of its first console block) for a page whose block has output lines."""
    for page in built.pages(built_site):
        source = ROOT / "docs" / (page.url.strip("/") + ".md")
        if not source.is_file():
            continue
        for block in re.findall(r"```console\n(.*?)```", source.read_text(encoding="utf-8"), re.S):
            if any(line and not line.startswith("$ ") for line in block.splitlines()):
                return page.url, block
    raise AssertionError("no console block with output lines on any page")


def expected_commands(block: str) -> str:
    """What a reader means to copy: the commands and their continuation lines, nothing else."""
    commands, continuing = [], False
    for line in block.splitlines():
        if line.startswith("$ ") or continuing:
            commands.append(line[2:] if line.startswith("$ ") and not continuing else line)
            continuing = line.endswith("\\")
    return "\n".join(commands)


def test_copying_a_console_block_copies_only_the_commands(open_page, built_site):
    url, block = first_console_block_with_output(built_site)
    page = open_page(url, permissions=CLIPBOARD)
    code = page.locator("article .highlight").filter(has=page.locator(".gp")).first
    code.scroll_into_view_if_needed()
    code.hover()
    code.locator('button[data-md-type="copy"]').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == expected_commands(block)
    assert not re.search(r"^\$ ", copied, re.M)


# -- Link previews, icons, report links ------------------------------------------

class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content", "")
        if tag == "link" and attrs.get("rel"):
            self.links[attrs["rel"]] = attrs.get("href", "")


def head_of(text: str) -> _Head:
    """The page's <meta> tags (by property or name) and <link> tags (by rel), unescaped."""
    parser = _Head()
    parser.feed(text[: text.find("</head>")])
    return parser


def test_every_page_has_its_own_1200_by_630_preview_image(built_site):
    from PIL import Image

    site_url = site_config.load().site_url
    seen, problems = set(), []
    for page in built.pages(built_site):
        meta = head_of(page.html()).meta
        url = meta.get("og:image", "")
        if not url.startswith(site_url) or meta.get("twitter:card") != "summary_large_image":
            problems.append(f"{page.url}: no absolute og:image or no large-image twitter card")
            continue
        if (meta.get("og:image:width"), meta.get("og:image:height")) != ("1200", "630") \
                or not meta.get("og:image:alt"):
            problems.append(f"{page.url}: og:image size or alt text missing")
        file = built_site / url[len(site_url):]
        if not file.is_file():
            problems.append(f"{page.url}: {url} is not in the built site")
        elif Image.open(file).size != (1200, 630):
            problems.append(f"{page.url}: {file.name} is {Image.open(file).size}")
        seen.add(url)
    assert not problems, "\n".join(problems)
    assert len(seen) == len(built.pages(built_site)), "each page has its own image"


def test_favicon_and_apple_touch_icon_are_served(open_page, server):
    from PIL import Image
    import io

    page = open_page("/")
    for path, size in (("favicon.ico", (48, 48)), ("apple-touch-icon.png", (180, 180))):
        response = page.request.get(server.url + path)
        assert response.ok, path
        assert Image.open(io.BytesIO(response.body())).size == size
    touch = page.locator('link[rel="apple-touch-icon"]').evaluate("link => link.href")
    assert page.request.get(touch).ok


def test_every_page_links_to_a_prefilled_mistake_report(built_site):
    problems = []
    for page in built.pages(built_site):
        text = page.html()
        canonical = head_of(text).links["canonical"]
        link = re.search(r'<p class="report-mistake"><a href="([^"]+)">Report a mistake on this page</a>', text)
        title = html.unescape(re.search(r"<title>(.*?)</title>", text)[1]).rsplit(" - ", 1)[0]
        if not link:
            problems.append(f"{page.url}: no report link")
            continue
        decoded = unquote(html.unescape(link[1]))
        if canonical not in decoded or title not in decoded:
            problems.append(f"{page.url}: report link does not name the page: {decoded}")
    assert not problems, "\n".join(problems)


# -- Print -----------------------------------------------------------------------

def test_printed_pages_name_their_address_date_and_link_targets_and_fit_diagrams(open_page, built_site):
    site_url = site_config.load().site_url
    candidates = [p for p in built.pages(built_site)
                  if "Verified 20" in p.html() and 'id="further-reading"' in p.html() and "diagram" in p.html()]
    assert candidates, "no page has a verified date, further reading and a diagram"
    target = candidates[0]
    page = open_page(target.url)
    page.emulate_media(media="print")
    header = page.locator("article .print-source")
    assert header.is_visible()
    assert header.inner_text().startswith(site_url.rstrip("/") + target.url)
    assert re.search(r"Verified \d{4}-\d{2}-\d{2}", header.inner_text())
    after = page.locator('#further-reading ~ ul a[href^="http"]').first.evaluate(
        "a => getComputedStyle(a, '::after').content")
    href = page.locator('#further-reading ~ ul a[href^="http"]').first.get_attribute("href")
    assert href in after
    too_wide = page.evaluate("""() => {
        const width = document.querySelector("article").getBoundingClientRect().width;
        return [...document.querySelectorAll("article .diagram svg, article .mermaid")]
          .filter(d => d.getBoundingClientRect().width > width + 1).length;
    }""")
    assert too_wide == 0
    for hidden in (".page-contents", ".report-mistake"):
        assert page.locator(f"article {hidden}").is_hidden()
    page.emulate_media(media="screen")
    assert header.is_hidden()


@pytest.mark.parametrize("scheme, expected", [("light", "default"), ("dark", "slate")])
def test_the_palette_follows_the_system_and_lets_colours_fade_again(open_page, scheme, expected):
    """Pages start with the light palette; once the palette script ran, the scheme is the system's,
    the browser's own parts (scrollbars, canvas) follow it, and transitions are on again."""
    page = open_page("/compute/ec2/", color_scheme=scheme)
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    body = page.evaluate("() => Object.fromEntries([...document.body.attributes].map(a => [a.name, a.value]))")
    assert body["data-md-color-scheme"] == expected
    assert body["data-md-color-accent"] == "deep-orange"
    assert page.evaluate("() => getComputedStyle(document.documentElement).colorScheme") == (
        "dark" if scheme == "dark" else "normal")
    link = page.locator("article p a[href]").first
    assert float(link.evaluate("a => parseFloat(getComputedStyle(a).transitionDuration)")) > 0


def test_the_palette_toggle_works_by_keyboard_and_colours_the_browser(open_page):
    """Enter on the focused toggle moves on (system, light, dark, system), the label names the next
    step, and the browser's bar (`theme-color`) and own parts take the header's and scheme's colours."""
    page = open_page("/compute/ec2/", color_scheme="light")
    steps = []
    for _ in range(3):
        page.locator("form[data-awsnotes-palette] input:checked").focus()
        before = page.evaluate("() => document.body.getAttribute('data-md-color-media')")
        page.keyboard.press("Enter")
        page.wait_for_function("(before) => document.body.getAttribute('data-md-color-media') !== before", arg=before)
        steps.append(page.evaluate("""() => ({
            scheme: document.body.getAttribute("data-md-color-scheme"),
            media: document.body.getAttribute("data-md-color-media"),
            label: document.querySelector("form[data-awsnotes-palette] label:not([hidden])").title,
            focused: document.activeElement.matches("form[data-awsnotes-palette] input:checked"),
            root: getComputedStyle(document.documentElement).colorScheme,
            bar: document.querySelector("meta[name=theme-color]").content,
            header: getComputedStyle(document.querySelector(".md-header")).backgroundColor})"""))
    assert [(step["media"], step["scheme"]) for step in steps] == [
        ("(prefers-color-scheme: light)", "default"), ("(prefers-color-scheme: dark)", "slate"),
        ("(prefers-color-scheme)", "default")]
    assert [step["label"] for step in steps] == [
        "Switch to dark mode", "Switch to system preference", "Switch to light mode"]
    assert [step["root"] for step in steps] == ["normal", "dark", "normal"]
    assert all(step["focused"] for step in steps)
    for step in steps:
        red, green, blue = (int(value) for value in re.findall(r"\d+", step["header"])[:3])
        assert step["bar"] == f"#{red:02x}{green:02x}{blue:02x}"


HEADER_SHIFTS = """
window.__headerShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    for (const source of entry.sources)
      if (source.node && source.node.closest && source.node.closest(".md-header"))
        window.__headerShifts.push(source.node.className || source.node.nodeName);
}).observe({ type: "layout-shift", buffered: true });
"""


def test_the_header_does_not_move_while_the_page_starts(browser, server):
    """The palette toggle's label shows no earlier than the search button Material shows beside it,
    so the toggle does not jump sideways, even when Material's bundle arrives late."""
    context = browser.new_context(**PHONE)
    try:
        context.add_init_script(HEADER_SHIFTS)
        page = context.new_page()

        def late(route):
            page.wait_for_timeout(600)  # a slow connection: the page paints before the bundle runs
            route.continue_()

        page.route("**/assets/javascripts/bundle.*.js", late)
        page.goto(server.url + "networking/ip-addressing/", wait_until="networkidle")
        page.wait_for_function("() => window.document$ !== undefined")
        toggle = page.locator("form[data-awsnotes-palette] label:not([hidden])")
        assert toggle.is_visible() and page.locator(".md-header__button[for=__search]").is_visible()
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert page.evaluate("() => window.__headerShifts") == []
    finally:
        context.close()


# Changes of the root's `js`, `no-js` and `js-focus-visible` classes once the body is there: each
# restyles every element of the page.
ROOT_CLASS_CHANGES = """
window.__rootClassChanges = [];
const scripting = (value) => (value || "").split(/\\s+/).filter((name) => ["js", "no-js", "js-focus-visible"].includes(name)).join(" ");
new MutationObserver((records) => {
    const root = records.filter((record) => record.target === document.documentElement);
    root.forEach((record, i) => {
        const after = i + 1 < root.length ? root[i + 1].oldValue : document.documentElement.className;
        if (document.body && scripting(record.oldValue) !== scripting(after)) {
            window.__rootClassChanges.push([record.oldValue, after]);
        }
    });
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"], attributeOldValue: true });
"""


def test_the_page_is_laid_out_for_scripts_before_its_body_is_parsed(browser, server):
    """The root's classes turn from `no-js` to `js js-focus-visible` in the head, so Material's
    bundle, which makes the same changes when it starts, no longer restyles the whole page."""
    context = browser.new_context(**PHONE)
    try:
        context.add_init_script(ROOT_CLASS_CHANGES)
        page = context.new_page()
        page.goto(server.url + "storage/s3/", wait_until="load")
        page.wait_for_function("() => window.document$ !== undefined")
        assert page.evaluate("() => document.documentElement.className") == "js js-focus-visible"
        assert page.evaluate("() => window.__rootClassChanges") == []
    finally:
        context.close()


def test_a_scheme_chosen_by_hand_applies_before_the_scripts_that_follow_the_page(browser, server):
    """A reader who chose dark gets dark from the first paint: the palette's start-up script runs
    while the page is parsed (allowed by its hash), not with the deferred scripts, which are
    refused here."""
    context = browser.new_context(**PHONE, color_scheme="light")
    try:
        context.add_init_script("""localStorage.setItem("/.__palette", JSON.stringify({index: 2, color: {
            media: "(prefers-color-scheme: dark)", scheme: "slate", primary: "indigo", accent: "deep-orange"}}))""")
        page = context.new_page()
        refused = []
        page.route(re.compile(r"/assets/javascripts/(start|bundle|site)\.[0-9a-f]+(\.min)?\.js$"),
                   lambda route: (refused.append(route.request.url), route.abort()))
        page.goto(server.url + "networking/ip-addressing/", wait_until="load")
        assert len(refused) == 3, refused
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert page.evaluate("() => getComputedStyle(document.documentElement).colorScheme") == "dark"
        assert page.evaluate("() => document.documentElement.className") == "js js-focus-visible"
    finally:
        context.close()
