"""`tenderkit build --watch`: rebuild the specs a saved file affects, and say only what changed.

Polling keeps this free of platform-specific file-event libraries; a spec has a handful of inputs,
so looking at their sizes and times twice a second costs nothing. A save rebuilds the specs that
read the saved file (`build.affected`, the rule `serve` follows too), and each prints only what
differs from its own previous build: problems and warnings that are new in full, those that are
gone in a line, the files written when its output changed. A spec that is invalid for a while, or
a file that disappears and comes back, is reported and waited for, never a reason to stop.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from . import build
from .i18n import _, ngettext
from .output import OutputProblem
from .spec.errors import Problem, SpecError
from .spec.loader import display_path

Snapshot = dict[Path, tuple[int, int] | None]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Size and modification time of each path (None when it is missing)."""
    taken: Snapshot = {}
    for path in paths:
        try:
            stat = path.stat()
            taken[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            taken[path] = None
    return taken


@dataclass(frozen=True)
class Outcome:
    """One spec's last build, as far as it got."""

    checked: build.CheckedSpec | None = None  # its last valid check, for the ids of later builds
    inputs: frozenset[Path] = frozenset()  # resolved; empty until it first gets as far as reading them
    messages: tuple[str, ...] = ()  # its problems and warnings, as printed
    written: Snapshot = field(default_factory=dict)  # its files in the output, as they are on disk

    def failed(self, problems: Iterable[Problem], sources=None) -> Outcome:
        """This spec after a build that stopped: its output on disk is still that of the last good one."""
        return replace(self, messages=tuple(problem.render(sources) for problem in problems))


def build_specs(due: list[Path], outcomes: dict[Path, Outcome], output: Path, *, force: bool,
                strict: bool) -> dict[Path, Outcome]:
    """Build the `due` specs; a spec whose id is now that of another spec (built now or before)
    is refused, so it never writes over the other's documents."""
    fresh: dict[Path, Outcome] = {}
    checked: dict[Path, build.CheckedSpec] = {}
    for path in due:
        old = outcomes.get(path, Outcome())
        if not path.exists():
            fresh[path] = old.failed([Problem(_("{path}: no such file (waiting for it to appear)").format(path=path))])
            continue
        try:
            checked[path] = build.check_spec(path)
        except SpecError as exc:
            fresh[path] = old.failed(exc.problems, exc.sources)
    others = [outcome.checked for path, outcome in outcomes.items() if path not in due and outcome.checked]
    clashes = build.duplicate_ids([*others, *checked.values()])  # the spec just saved is the one refused
    templates = build.Templates()  # read again: a template may be what was saved
    for path, spec in checked.items():
        old, inputs = outcomes.get(path, Outcome()), frozenset(p.resolve() for p in spec.inputs)
        clash = [problem for problem in clashes if problem.location and problem.location.file == spec.valid.file]
        try:
            if clash:
                raise SpecError(clash, spec.valid.source.lines)
            result = build.build_checked(spec, output, templates=templates, force=force, strict=strict)
        except SpecError as exc:
            fresh[path] = replace(old, inputs=inputs).failed(exc.problems, exc.sources)
            continue
        except OutputProblem as exc:
            fresh[path] = replace(old, checked=spec, inputs=inputs).failed([Problem(str(exc), hint=exc.hint)])
            continue
        lines = spec.valid.source.lines
        fresh[path] = Outcome(spec, inputs, tuple(w.render(lines) for w in result.warnings), snapshot(result.written))
    return fresh


def changes(old: Outcome | None, new: Outcome, said: set[str]) -> list[tuple[str, bool]]:
    """What differs between a spec's previous build and this one, as lines to print (and whether
    each goes to stderr). A line already said for another spec of this batch (a fault of
    tenderkit.yaml) is not repeated."""
    before = old or Outcome()
    lines = []
    for text in [*(text for text in new.messages if text not in before.messages),
                 *(_("gone: {message}").format(message=text.splitlines()[0])
                   for text in before.messages if text not in new.messages)]:
        if text not in said:
            said.add(text)
            lines.append((text, True))
    return lines + [(str(path), False) for path, stamp in new.written.items() if before.written.get(path) != stamp]


def watch(specs: Callable[[], list[Path]], output: Path, *, force: bool = False, strict: bool = False,
          interval: float = 0.5) -> int:
    """Build every spec, then again the specs each change affects, until interrupted (Ctrl-C).
    `specs` names the specs to build: those given, and those now in the directories given."""
    outcomes: dict[Path, Outcome] = {}
    seen: Snapshot = {}
    try:
        while True:
            named = specs()
            inputs = {path for outcome in outcomes.values() for path in outcome.inputs}
            # Look before building: a file saved while the build runs is then seen as a change.
            current = snapshot(inputs | {path.resolve() for path in named})
            if current != seen:
                first = not seen
                changed = {p for p in current.keys() | seen.keys() if current.get(p) != seen.get(p)}
                if not first:
                    listed = ", ".join(sorted(display_path(p) for p in changed))
                    print(f"[{datetime.now():%H:%M:%S}] " + _("changed: {files}").format(files=listed),
                          file=sys.stderr, flush=True)
                resolved = {path.resolve() for path in named}
                due = [path for path in named if path not in outcomes
                       or build.affected(path.resolve(), outcomes[path].inputs, changed, resolved)]
                fresh = build_specs(due, outcomes, output, force=force, strict=strict)
                said: set[str] = set()
                for path in due:
                    lines = changes(outcomes.get(path), fresh[path], said)
                    if not first:
                        headline = _("rebuilt {path}") if lines else _("rebuilt {path}: nothing changed")
                        print(headline.format(path=path), file=sys.stderr, flush=True)
                    for text, err in lines:
                        print(text, file=sys.stderr if err else sys.stdout, flush=True)
                outcomes = {path: fresh.get(path) or outcomes[path] for path in named}
                inputs = {path for outcome in outcomes.values() for path in outcome.inputs}
                seen = {**snapshot(inputs - current.keys()), **current}
                if first:
                    print(ngettext("watching {count} file; press Ctrl-C to stop",
                                   "watching {count} files; press Ctrl-C to stop", len(seen)).format(count=len(seen)),
                          file=sys.stderr, flush=True)
            time.sleep(interval)
    except KeyboardInterrupt:
        print(_("stopped watching"), file=sys.stderr)
        return 0
