"""The project's own stylesheets are well formed: every block is closed where it should be.

A rule left open does not fail in the browser: everything after it silently
becomes part of that rule (or of an `@media print` block) and stops applying.
The site's CSS uses no nesting, so a style rule may only sit at the top level
or directly inside a grouping at-rule (`@media`, `@supports`, `@layer`,
`@container`).
"""

from __future__ import annotations

import re
from pathlib import Path

from awsnotes.problems import Problem

GROUPING = re.compile(r"@(media|supports|layer|container)\b")
COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)


def _blank(match: re.Match) -> str:
    """Comments and strings keep their line breaks (for line numbers) but lose their braces."""
    return re.sub(r"[^\n]", " ", match.group(0))


def check_stylesheet(path: str, text: str) -> list[Problem]:
    code = COMMENT_OR_STRING.sub(_blank, text)
    open_blocks: list[tuple[int, bool]] = []  # (line opened, is a grouping at-rule)
    problems = []
    line, start = 1, 0
    for index, char in enumerate(code):
        if char == "\n":
            line += 1
        elif char == "{":
            prelude = code[start:index].strip()
            grouping = bool(GROUPING.match(prelude))
            if open_blocks and not open_blocks[-1][1]:
                problems.append(Problem(path, open_blocks[-1][0], "this block is not closed before the next "
                                        f"rule (line {line}) starts: add the missing '}}'"))
                return problems
            open_blocks.append((line, grouping))
            start = index + 1
        elif char == "}":
            if not open_blocks:
                problems.append(Problem(path, line, "'}' closes nothing: remove it"))
                return problems
            open_blocks.pop()
            start = index + 1
        elif char == ";" and not (open_blocks and not open_blocks[-1][1]):
            start = index + 1
    if open_blocks:
        problems.append(Problem(path, open_blocks[-1][0], "this block is never closed: add the missing '}'"))
    return problems


def check_stylesheets(root: Path) -> list[Problem]:
    problems = []
    for sheet in sorted((root / "docs" / "assets" / "stylesheets").rglob("*.css")):
        problems += check_stylesheet(str(sheet.relative_to(root)), sheet.read_text(encoding="utf-8"))
    return problems
