"""Pure functions behind the reading aids: acronym marking, command copy text, report links, previews."""

from __future__ import annotations

import pytest

from awsnotes import previews, reading


def test_only_the_first_acronym_of_each_section_is_marked_and_never_in_headings_or_links():
    page = ('<h1 id="t">About <abbr title="Availability Zone">AZ</abbr></h1>'
            '<p><abbr title="Availability Zone">AZ</abbr> and <abbr title="Availability Zone">AZ</abbr>, '
            '<a href="x"><abbr title="Virtual Private Cloud">VPC</abbr></a> then '
            '<abbr title="Virtual Private Cloud">VPC</abbr></p>'
            '<h2 id="s">Next</h2><details><summary><abbr title="Availability Zone">AZ</abbr>?</summary>'
            '<p><abbr title="Availability Zone">AZ</abbr></p></details>'
            '<h3 id="t3">Sub</h3><p><abbr title="Availability Zone">AZ</abbr></p>')
    marked = reading.mark_first_abbreviations(page)
    assert marked.count('class="first-use"') == 3
    parts = marked.split("<abbr")
    # heading: plain; first AZ in the section: marked; second: plain; VPC in a link: plain, next VPC: marked
    assert [('first-use' in part) for part in parts[1:]] == [False, True, False, False, True, False, True, False]
    assert 'tabindex="0" title="Availability Zone">AZ</abbr></p></details>' in marked


def test_commands_are_copied_without_prompts_or_output():
    code = ('<a href="#l1" id="l1" name="l1"></a><span class="gp">$ </span>aws<span class="w"> </span>s3 ls '
            '<span class="se">\\</span>\n'
            '<a href="#l2" id="l2" name="l2"></a><span class="w">    </span>--profile &quot;dev&quot;\n'
            '<a href="#l3" id="l3" name="l3"></a><span class="go">2026-01-01 my-bucket</span>\n'
            '<a href="#l4" id="l4" name="l4"></a><span class="gp">$ </span>echo &lt;done&gt;\n')
    assert reading.console_commands(code) == 'aws s3 ls \\\n    --profile "dev"\necho <done>'


def test_only_blocks_with_prompts_get_copy_text_and_it_is_escaped():
    block = ('<div class="highlight"><pre><span></span><code><span class="gp">$ </span>echo &quot;a&quot;\n'
             '<span class="go">a</span>\n</code></pre></div>')
    plain = '<div class="highlight"><pre><span></span><code>print("$ x")\n</code></pre></div>'
    out = reading.add_console_copy_text(block + plain)
    assert 'data-copy="echo &quot;a&quot;"' in out
    assert out.count("data-copy") == 1


@pytest.mark.parametrize("template, problem", [
    (None, "is missing"),
    ("ftp://example.org/{url}", "must start with"),
    ("mailto:notes@example.org?subject=Mistake", "must contain {url}"),
])
def test_a_bad_report_address_is_named(template, problem):
    assert problem in reading.report_url_problem(template)


def test_report_address_carries_the_page_encoded():
    url = reading.report_url("mailto:a@example.org?subject={title}&body={url}", 'S3 & "Glacier"',
                             "https://notes.example.org/storage/s3/")
    assert url == ("mailto:a@example.org?subject=S3%20%26%20%22Glacier%22"
                   "&body=https%3A%2F%2Fnotes.example.org%2Fstorage%2Fs3%2F")
    assert reading.report_url_problem("mailto:a@example.org?body={url}") is None


def test_preview_paths_follow_page_urls():
    assert previews.preview_path("") == "assets/previews/index.png"
    assert previews.preview_path("compute/ec2/") == "assets/previews/compute/ec2.png"


def test_preview_is_1200_by_630_and_long_titles_fit(tmp_path):
    from PIL import Image

    long = previews.Preview("A very long title " * 8, "Networking", "AWS Notes", "notes.example.org")
    assert previews.write_preview(long, tmp_path / "a.png", cache=tmp_path / "cache") is True
    assert Image.open(tmp_path / "a.png").size == (1200, 630)
    # A second build takes the same image from the cache.
    assert previews.write_preview(long, tmp_path / "b.png", cache=tmp_path / "cache") is False
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    font, lines = previews.fit_title(long.title, 1040)
    assert len(lines) <= 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)


PALETTE = [{"media": "(prefers-color-scheme)"},
           {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "deep orange"},
           {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "deep orange"}]


def test_the_body_starts_as_the_palette_scripts_leave_it_on_a_light_system():
    page = '<html><head></head><body dir="rtl" data-md-color-scheme="default" data-md-color-accent="indigo"><p>x</p></body>'
    settled = reading.settle_palette(page, PALETTE)
    assert settled == ('<html><head></head><body dir="rtl" '
                       'data-md-color-media="(prefers-color-scheme)" data-md-color-scheme="default" '
                       'data-md-color-primary="indigo" data-md-color-accent="deep-orange"><p>x</p></body>')
    # A palette that does not follow the system, or has no light entry, leaves the page as it is.
    assert reading.settle_palette(page, PALETTE[1:]) == page
    assert reading.settle_palette(page, PALETTE[:1]) == page
