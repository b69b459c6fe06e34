"""Search evaluation: reader-style queries typed into the real search box in Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import search_box

pytestmark = pytest.mark.browser
QUERIES = Path(__file__).with_name("search_queries.txt")
# At least this share of queries must find their page in the top three ...
TOP3_BAR = 0.95
# ... and queries marked "first" must find it first this often.
FIRST_BAR = 0.95
REPORT: list[str] = []


@dataclass(frozen=True)
class Case:
    query: str
    expected: str
    mode: str  # "first" or "top3"


def load_cases(text: str) -> list[Case]:
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or parts[2] not in ("first", "top3") or not parts[1].startswith("/"):
            raise ValueError(f"{QUERIES.name}:{number}: write 'query | /page/path/ | first or top3'")
        cases.append(Case(*parts))
    return cases


def rank(results: list[str], expected: str) -> int | None:
    """1-based position of the expected page among the results, or None."""
    return results.index(expected) + 1 if expected in results else None


def test_query_file_is_well_formed(built_site):
    cases = load_cases(QUERIES.read_text(encoding="utf-8"))
    assert len(cases) >= 60
    for case in cases:
        assert (built_site / case.expected.lstrip("/") / "index.html").is_file(), case


def test_search_evaluation(context, server):
    cases = load_cases(QUERIES.read_text(encoding="utf-8"))
    page = context.new_page()
    page.goto(server.url)
    top3 = first_ok = first_total = 0
    misses = []
    for case in cases:
        results = search_box(page, case.query)
        position = rank(results, case.expected)
        if position is not None and position <= 3:
            top3 += 1
        if case.mode == "first":
            first_total += 1
            first_ok += position == 1
        if position is None or position > (1 if case.mode == "first" else 3):
            misses.append(f"  '{case.query}': wanted {case.expected} ({case.mode}), "
                          f"got {results[:3]}")
    top3_rate, first_rate = top3 / len(cases), first_ok / max(first_total, 1)
    REPORT.append(f"Search evaluation: {top3}/{len(cases)} queries with the right page in the top 3 "
                  f"({top3_rate:.0%}, bar {TOP3_BAR:.0%}); {first_ok}/{first_total} 'first' queries first "
                  f"({first_rate:.0%}, bar {FIRST_BAR:.0%})")
    REPORT.extend(misses)
    assert top3_rate >= TOP3_BAR and first_rate >= FIRST_BAR, "\n".join(REPORT)
