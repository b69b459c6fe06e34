"""Trust: verified dates, sources and corrections, from the page checks to the built page."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from pathlib import Path

import pytest

from awsnotes import trust
from awsnotes.checks import pages as check_pages

TODAY = dt.date(2026, 12, 6)
GOOD = """---
description: A page.
tags:
  - Reference
verified: 2026-12-01
sources:
  - url: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
    for: VPC quotas
---

# Page
"""


def problems(text: str, path: str = "docs/networking/vpc.md") -> list[str]:
    return [str(p) for p in check_pages.check_trust(path, text, today=TODAY)]


def test_a_dated_and_sourced_page_passes():
    assert problems(GOOD) == []


@pytest.mark.parametrize("change, expected", [
    (("verified: 2026-12-01\n", ""), "docs/networking/vpc.md:1: missing 'verified:'"),
    (("verified: 2026-12-01", "verified: 2027-01-01"), "docs/networking/vpc.md:5: 'verified: 2027-01-01' is in the future"),
    (("verified: 2026-12-01", "verified: last week"), "docs/networking/vpc.md:5: 'verified: last week' is not a date"),
    (("sources:\n  - url: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html\n    for: VPC quotas\n", ""),
     "missing 'sources:'"),
    (("url: https://", "url: http://"), "docs/networking/vpc.md:6: source 1 has no https 'url:'"),
    (("    for: VPC quotas\n", ""), "says not what it backs"),
])
def test_a_page_without_a_date_or_sources_fails_naming_the_line(change, expected):
    found = problems(GOOD.replace(*change))
    assert any(expected in problem for problem in found), found


def test_generated_pages_need_no_date():
    assert problems(GOOD.replace("verified: 2026-12-01\n", ""), "docs/reference/tags.md") == []


def test_old_verifications_are_stale_after_six_months():
    assert not trust.is_stale(dt.date(2026, 6, 10), TODAY)
    assert trust.is_stale(dt.date(2026, 5, 1), TODAY)


CORRECTED = GOOD + """
## Limits { #limits }

!!! info "Correction: routes per route table"
    The notes say 50; the default is 500 non-propagated routes, adjustable to 1,000.

Text.

!!! info "Updated: old style"
    Something.
"""


def test_corrections_are_found_with_their_section():
    [item] = trust.corrections(CORRECTED)
    assert item.topic == "routes per route table" and item.anchor == "limits" and item.section == "Limits"
    assert item.text.startswith("The notes say 50;") and item.text.endswith("1,000.")


def test_old_style_and_long_corrections_fail():
    found = problems(CORRECTED)
    assert any("Updated" in p and ":20:" in p for p in found), found
    long = CORRECTED.replace("adjustable to 1,000.", "adjustable to 1,000. " + "More detail. " * 30)
    assert any("correction 'routes per route table' is" in p for p in problems(long))


def test_corrections_table_links_each_to_its_section():
    [item] = trust.corrections(CORRECTED)
    table = trust.corrections_table([("Amazon VPC", "networking/vpc.md", item)])
    assert "[Amazon VPC](../networking/vpc.md#limits) (Limits)" in table and "**routes per route table**" in table


def test_sources_are_escaped_in_html():
    html = trust.sources_html([trust.Source('https://docs.aws.amazon.com/?a=1&b="2"', "<x>")], TODAY)
    assert "&amp;b=&quot;2&quot;" in html and "&lt;x&gt;" in html and "<x>" not in html


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def test_last_changed_comes_from_git_and_is_withheld_in_a_shallow_clone(tmp_path):
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    (origin / "old.md").write_text("old")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "old", date="2025-01-02T10:00:00Z")
    for name, date in (("other.md", "2026-06-01T10:00:00Z"), ("new.md", "2026-11-30T10:00:00Z")):
        (origin / name).write_text(name)
        git(origin, "add", ".")
        git(origin, "commit", "-qm", name, date=date)
    assert trust.last_changed(origin / "old.md", origin) == dt.date(2025, 1, 2)
    assert trust.last_changed(origin / "new.md", origin) == dt.date(2026, 11, 30)

    shallow = tmp_path / "shallow"  # two commits deep: other.md's commit is the boundary
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin}", str(shallow))
    assert trust.last_changed(shallow / "new.md", shallow) == dt.date(2026, 11, 30)
    # old.md's real date is not in this clone; git would give the boundary's: no date rather than a wrong one.
    assert trust.last_changed(shallow / "old.md", shallow) is None


def test_every_page_shows_its_dates_and_sources(built_site):
    from awsnotes import site as built

    undated = [page.url for page in built.pages(built_site)
               if 'class="page-dates"' not in page.html() and page.url not in ("/", "/reference/tags/", "/reference/corrections/")]
    assert not undated, f"pages without a verified date under the title: {undated}"
    vpc = (built_site / "networking" / "vpc" / "index.html").read_text(encoding="utf-8")
    assert 'Verified against AWS documentation on <time datetime="' in vpc
    sources = re.search(r'<details\b(?=[^>]*\bclass="page-sources")(?=[^>]*\bid="sources")[^>]*>(.*?)</details>', vpc, re.S)
    assert sources, "the VPC page has no Sources list"
    assert 'href="https://docs.aws.amazon.com/' in sources.group(1)


def markdown_text(topic: str) -> str:
    """A correction's topic as rendered text: `gp3` is shown as code, without its backticks."""
    return topic.replace("`", "")


def test_the_corrections_page_lists_every_correction_of_the_site(built_site):
    from awsnotes import ROOT

    page = (built_site / "reference" / "corrections" / "index.html").read_text(encoding="utf-8")
    expected = [item.topic for path in sorted((ROOT / "docs").rglob("*.md"))
                for item in trust.corrections(path.read_text(encoding="utf-8"))]
    assert expected, "no page has a correction"
    # The topics as a reader sees them: the glossary may have wrapped an acronym in <abbr>.
    listed = {html.unescape(re.sub(r"<[^>]+>", "", strong)) for strong in re.findall(r"<strong>(.*?)</strong>", page)}
    missing = [topic for topic in expected if markdown_text(topic) not in listed]
    assert not missing, f"corrections missing from the Corrections page: {missing}"


def test_links_in_a_correction_still_work_from_the_corrections_page():
    text = "See [burst](#burstable), [VPC](../networking/vpc.md#nat) and [AWS](https://aws.amazon.com/)."
    assert trust.rebase_links(text, "compute/ec2.md") == (
        "See [burst](../compute/ec2.md#burstable), [VPC](../networking/vpc.md#nat) and [AWS](https://aws.amazon.com/).")
