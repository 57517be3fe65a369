"""One problem, one line: the vocabulary every casekit check speaks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in an input file: where it is and what was expected."""

    file: str
    field: str
    message: str
    level: str = "error"  # "error" or "unfinished" (a scaffold still to fill in)

    def __str__(self) -> str:
        prefix = "unfinished: " if self.level == "unfinished" else ""
        return f"{self.file}: {self.field}: {prefix}{self.message}"


class CasekitError(Exception):
    """Raised by casekit's loaders for bad input; ``str()`` lists one problem a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def _render_traceback_(self) -> list[str]:  # IPython: show the problems, not a traceback
        return ["casekit found problems in the book's input:", *[str(p) for p in self.problems]]
