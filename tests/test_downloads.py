"""The offline copy and the book: built by the real commands, read back as a reader would."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from awsnotes import ROOT, book, config, downloads, offline, site as built_site


# -- Pure parts -----------------------------------------------------------------------

def test_nav_pages_follow_the_navigation_order_with_their_section():
    nav = [{"Home": "index.md"}, {"Networking": ["networking/index.md", {"VPC": "networking/vpc.md"}]},
           {"Elsewhere": "https://example.org/"}]
    assert config.nav_pages(nav) == [("Home", "index.md"), ("Networking", "networking/index.md"),
                                   ("Networking", "networking/vpc.md")]


def test_download_links_give_size_and_date_and_are_escaped():
    html = downloads.links_html([downloads.Download('downloads/a"b.zip', "Offline <copy>", "note & more",
                                                    2_400_000, dt.date(2026, 12, 6))])
    assert 'href="downloads/a&quot;b.zip"' in html and "Offline &lt;copy&gt;" in html
    assert "2.3 MB" in html and '<time datetime="2026-12-06">6 December 2026</time>' in html


def test_the_book_links_every_stylesheet_any_chapter_links_once_in_order():
    links = book.stylesheet_links([["/a/main.css", "/a/site.css"], ["/a/main.css", "/a/diagrams.css", "/a/site.css"],
                                   ["/a/x&y.css"]])
    assert links == ('<link rel="stylesheet" href="/a/main.css"><link rel="stylesheet" href="/a/site.css">'
                     '<link rel="stylesheet" href="/a/diagrams.css"><link rel="stylesheet" href="/a/x&amp;y.css">')


def test_the_zip_unpacks_into_one_folder_and_leaves_downloads_out(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "a" / "index.html").write_text("a")
    (site / "downloads").mkdir()
    (site / "downloads" / "old.zip").write_text("x")
    offline.zip_site(site, tmp_path / "out.zip")
    names = zipfile.ZipFile(tmp_path / "out.zip").namelist()
    assert names == ["aws-notes/a/index.html", "aws-notes/index.html"]
    assert not (tmp_path / "out.partial").exists()


# -- The real thing -------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(built_site, tmp_path_factory):
    """A copy of the built site with its downloads made by the same code `--downloads` runs."""
    site = tmp_path_factory.mktemp("downloads") / "site"
    shutil.copytree(built_site, site)
    # In its own process: the book drives its own Chromium (Playwright's sync API runs one per thread).
    result = subprocess.run([sys.executable, "-m", "awsnotes.downloads", str(site)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return site


@pytest.mark.browser
def test_the_home_page_links_both_downloads_with_size_and_date(published):
    home = (published / "index.html").read_text(encoding="utf-8")
    for path in (downloads.OFFLINE, downloads.BOOK):
        assert f'href="{path}"' in home and (published / path).is_file()
    assert re.search(r"\(\d+(\.\d)? [MK]B, built <time datetime=\"\d{4}-\d\d-\d\d\">", home)


@pytest.mark.browser
def test_the_offline_copy_works_from_the_file_system(published, browser, tmp_path):
    with zipfile.ZipFile(published / downloads.OFFLINE) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / offline.TOP
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        page.goto((root / "index.html").as_uri())
        # Navigation between pages: follow a link in the home page's text.
        page.locator("article a[href$='.html']:visible").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and page.url.endswith(".html") and not page.url.endswith("/index.html#")
        # Diagrams: the VPC page's prerendered SVGs.
        page.goto((root / "networking" / "vpc.html").as_uri())
        assert page.locator("article div.diagram svg").count() >= 1
        # ... styled by the diagrams' own stylesheet, which only pages with a diagram link.
        assert page.eval_on_selector("article div.diagram", "d => getComputedStyle(d).overflowX") == "auto"
        # Search from the file system.
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("NACL", delay=20)
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0",
                               timeout=20000)
        page.keyboard.press("Escape")
        # Light and dark: the palette toggle switches the scheme.
        schemes = set()
        for _ in range(3):  # automatic, light, dark: the toggle walks through them
            schemes.add(page.evaluate("() => document.body.getAttribute('data-md-color-scheme')"))
            page.locator("form[data-awsnotes-palette] label:visible").first.click()
        assert {"default", "slate"} <= schemes, schemes
        # On a phone, a wide diagram opens full size: its script is fetched from the file system too.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto((root / "storage" / "s3.html").as_uri())
        page.locator("article p.diagram-cue button").first.click()
        page.wait_for_function("() => document.querySelector('dialog.diagram-viewer')?.open === true")
    finally:
        context.close()
    elsewhere = [url for url in requests if not url.startswith(("file://", "data:", "blob:", "about:"))]
    assert not elsewhere, f"the offline copy requested other hosts: {elsewhere[:5]}"
    assert not errors, f"errors in the offline copy: {errors[:5]}"


@pytest.mark.browser
def test_the_book_has_every_page_in_order_with_contents_and_outline(published):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((published / downloads.BOOK).read_bytes()))
    title_of = {}
    for page in built_site.pages(published):
        match = re.search(r"<h1[^>]*>(.*?)</h1>", page.html(), re.S)
        if match:
            title_of[page.url] = " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", "").split())
    in_nav = dict.fromkeys(built_site.url_of(src) for _, src in config.nav_pages(config.load()["nav"]))
    titles = [title_of[url] for url in in_nav if url in title_of]  # in the order of the site's navigation
    assert len(titles) == len(title_of), "pages the navigation does not list"
    assert len(reader.pages) > len(titles), "fewer sheets than pages"
    # The outline's top level is the chapters, in order: each opens on the sheet it points to.
    chapters = [(" ".join(item.title.split()), reader.get_destination_page_number(item))
                for item in reader.outline if not isinstance(item, list)]
    opening = {title: " ".join((reader.pages[number].extract_text() or "").split()) for title, number in chapters}
    assert [title for title, _ in chapters][0] == "Contents" and [number for _, number in chapters] == \
        sorted(number for _, number in chapters)
    missing_outline = [t for t in titles if t not in opening]
    missing_text = [t for t in titles if t in opening and t not in opening[t]]
    assert not missing_outline, f"pages missing from the PDF outline: {missing_outline}"
    assert not missing_text, f"chapters that do not open on their title: {missing_text}"
    assert [title for title, _ in chapters[1:]] == titles, "chapters out of the site's order"
    assert opening["Contents"].startswith("Contents") and re.search(r"\d+$", opening["Contents"])
    assert sum("Verified against AWS documentation on" in text for text in opening.values()) >= len(titles) - 3


@pytest.mark.browser
def test_links_between_pages_stay_inside_the_book(published):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((published / downloads.BOOK).read_bytes()))
    internal = external = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A") or {}
            if annotation.get("/Dest") is not None or action.get("/D") is not None:
                internal += 1
            elif str(action.get("/URI", "")).startswith("https://"):
                external += 1
    assert internal > 100 and external > 10, (internal, external)
