"""Read the abbreviations file that gives every page its acronym tooltips.

`includes/abbreviations.md` holds one `*[ACRONYM]: Expansion` line per
acronym. The glossary hook gives it to every page (tooltips) and renders it
as the glossary page, so an acronym is defined in exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from awsnotes import ROOT

ABBREVIATIONS_FILE = ROOT / "includes" / "abbreviations.md"
LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<meaning>\S.*)$")


@dataclass(frozen=True)
class Abbreviation:
    term: str
    meaning: str
    line: int


def parse(text: str) -> tuple[list[Abbreviation], list[tuple[int, str]]]:
    """Parse abbreviation lines; return the entries and (line, text) of bad lines."""
    entries, bad = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = LINE.match(raw.strip())
        if match:
            entries.append(Abbreviation(match["term"].strip(), match["meaning"].strip(), number))
        else:
            bad.append((number, raw))
    return entries, bad


def sort_key(term: str) -> tuple[str, str]:
    """Glossary order: case-insensitive, then by case (AZ before AZs)."""
    return (term.casefold(), term)


def anchor(term: str) -> str:
    """Stable anchor id of a glossary entry, e.g. 'IPv4' -> 'ipv4'."""
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def glossary(entries: list[Abbreviation]) -> dict[str, str]:
    """Term -> meaning, as Python-Markdown's `abbr` extension takes its `glossary` option."""
    return {entry.term: entry.meaning for entry in entries}


def glossary_table(entries: list[Abbreviation]) -> str:
    """Render the glossary as a Markdown table with one anchor per acronym."""
    rows = ["| Term | Meaning |", "| --- | --- |"]
    for entry in sorted(entries, key=lambda e: sort_key(e.term)):
        rows.append(f"| **{entry.term}**{{ #{anchor(entry.term)} }} | {entry.meaning} |")
    return "\n".join(rows)
