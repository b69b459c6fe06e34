"""The one way every check reports a problem: file, line, what is wrong, how to fix it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def report(problems: list[Problem], where: str, stream: TextIO = sys.stdout) -> int:
    """Print each problem and a count; return the exit status (1 when there is any)."""
    for problem in problems:
        print(problem, file=stream)
    if problems:
        print(f"{len(problems)} problem(s) in {where}.", file=stream)
    return 1 if problems else 0
