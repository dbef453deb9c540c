"""Problems in a spec, each tied to the file, line and column of the value that caused it.

Every stage (loader, validation, rules, rendering guards) reports `Problem`s, so the CLI can print
them all at once in one shape: `specs/x.yaml:12:5: service.age.min (lägsta ålder): expected …`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from ..i18n import _

PathT = tuple[str | int, ...]
Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    message: str
    path: PathT = ()
    hint: str | None = None
    severity: Severity = "error"
    location: Location | None = None
    # How the path reads for a user: `service.components[individual].per_year (volym per år)`.
    where: str | None = None
    # The problem is the key itself (unknown or missing field), not its value.
    on_key: bool = False
    # Text to look for inside the value (a reference within a folded paragraph) for an exact place.
    snippet: str | None = None
    # The other place a problem is about (the second of two contracts), and where it stands.
    also: PathT | None = None
    also_location: Location | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, location: Location | None, where: str | None = None) -> Problem:
        return replace(self, location=location or self.location, where=where or self.where)

    def headline(self) -> str:
        place = f"{self.location}: " if self.location else ""
        kind = "" if self.is_error else _("warning: ")
        field = f"{self.where}: " if self.where else ""
        other = _(" (see also {place})").format(place=self.also_location) if self.also_location else ""
        return f"{place}{kind}{field}{self.message}{other}"

    def render(self, sources: dict[str, list[str]] | None = None) -> str:
        """The problem as the CLI prints it: headline, the source line with a caret, the fix."""
        lines = [self.headline()]
        loc = self.location
        text = (sources or {}).get(loc.file) if loc else None
        if loc and text and 0 < loc.line <= len(text):
            source, column = _excerpt(text[loc.line - 1].rstrip("\n"), loc.column)
            gutter = f"{loc.line:>5} | "
            lines.append(gutter + source)
            lines.append(" " * (len(gutter) - 2) + "| " + " " * max(column - 1, 0) + "^")
        if self.hint:
            lines.append("  " + _("hint: {hint}").format(hint=self.hint))
        return "\n".join(lines)


_EXCERPT_WIDTH = 100
# Control characters shown as their visible pictures (U+2400…), one column each, so the caret
# still points at them; a tab stays a tab.
_VISIBLE = {code: 0x2400 + code for code in range(32) if code != 9} | {0x7F: 0x2421}


def _excerpt(source: str, column: int) -> tuple[str, int]:
    """The source line as printed under a message: invisible characters made visible, and a
    line too long for a terminal cut to the part around `column` (which it returns adjusted)."""
    source = source.translate(_VISIBLE)
    if len(source) <= _EXCERPT_WIDTH:
        return source, column
    start = max(0, min(column - 1 - _EXCERPT_WIDTH // 2, len(source) - _EXCERPT_WIDTH))
    end = start + _EXCERPT_WIDTH
    head = "…" if start else ""
    return head + source[start:end] + ("…" if end < len(source) else ""), column - start + len(head)


class SpecError(Exception):
    """Raised by a stage when a spec cannot go further; carries every problem found so far."""

    def __init__(self, problems: list[Problem], sources: dict[str, list[str]] | None = None):
        self.problems = sorted(problems, key=_problem_order)
        self.sources = sources or {}
        super().__init__("\n".join(p.headline() for p in self.problems))


def _problem_order(problem: Problem) -> tuple:
    loc = problem.location
    return (loc.file, loc.line, loc.column) if loc else ("", 0, 0)


def format_path(path: PathT, ids: dict[PathT, str] | None = None) -> str:
    """`('service', 'components', 1, 'name')` → `service.components[individual].name`.

    List items are named by their `id` where they have one (stable across edits), else by their
    position counted from 1, as a user counts the items in the file.
    """
    out = ""
    for depth, part in enumerate(path):
        if isinstance(part, int):
            item_id = (ids or {}).get(path[: depth + 1])
            out += f"[{item_id}]" if item_id else f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out
