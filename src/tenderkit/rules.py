"""Consistency rules over a valid spec and its figures: facts that each look right alone but
contradict each other (a memo dated after its meeting, volumes that overrun the max volume).

Each rule returns problems with the path of the value to fix; the caller locates them.
Messages are plain: no Babel here, so `tenderkit validate` stays light to start.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from .derive import Figures, period_months, volume_over
from .spec.errors import Problem
from .spec.model import Spec
from .spec.references import paragraphs
from .spec.types import Month

# Numbers below this are too common in prose ("3 procent", "15-åringar") to flag as restated figures.
_RESTATED_MIN = 100


def check(spec: Spec, figures: Figures) -> list[Problem]:
    return [problem for rule in _RULES for problem in rule(spec, figures)]


def _unique_ids(spec: Spec, figures: Figures) -> Iterator[Problem]:
    lists = [(("service", "components"), spec.service.components), (("contracts",), spec.contracts),
             (("case", "attachments"), spec.case.attachments)]
    for path, items in lists:
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in first:
                yield Problem(f"the id `{item.id}` is used twice (item {first[item.id] + 1} has it too)",
                              path=path + (index, "id"), hint="give each item its own id")
            first.setdefault(item.id, index)


def _contract_components(spec: Spec, figures: Figures) -> Iterator[Problem]:
    known = [c.id for c in spec.service.components]
    for i, contract in enumerate(spec.contracts):
        if contract.subject is not None:
            continue
        seen = set()
        for j, volume in enumerate(contract.volumes):
            path = ("contracts", i, "volumes", j, "component")
            if volume.component not in known:
                close = difflib.get_close_matches(volume.component, known, n=1)
                yield Problem(f"no component in service.components has the id `{volume.component}`", path=path,
                              hint=f"did you mean `{close[0]}`?" if close else f"the components are: {', '.join(known)}")
            elif volume.component in seen:
                yield Problem(f"the contract lists `{volume.component}` twice", path=path, hint="keep one of them")
            seen.add(volume.component)


def _contract_dates(spec: Spec, figures: Figures) -> Iterator[Problem]:
    for i, contract in enumerate(spec.contracts):
        if contract.start and contract.end < contract.start:
            yield Problem(f"the contract ends ({contract.end}) before it starts ({contract.start})",
                          path=("contracts", i, "end"), hint="check both dates")


def _meeting_dates(spec: Spec, figures: Figures) -> Iterator[Problem]:
    case = spec.case
    if case.meeting and case.date > case.meeting:
        yield Problem(f"the memo is dated {case.date}, after the board meeting on {case.meeting} that decides on it",
                      path=("case", "date"), hint="the memo must be dated before its meeting: check both dates")
    assignment = spec.proposal.assignment
    if assignment:
        when = assignment.meeting
        last_day = when.last_day() if isinstance(when, Month) else when
        if last_day < case.date:
            yield Problem(f"the assignment is to be presented at a meeting ({when}) before the memo's date ({case.date})",
                          path=("proposal", "assignment", "meeting"), hint="a presentation comes after the memo: check the date")
        elif case.meeting and last_day < case.meeting:
            yield Problem(f"the assignment is to be presented ({when}) before the board decides on it ({case.meeting})",
                          path=("proposal", "assignment", "meeting"), hint="check the date")
    mbl_date = getattr(spec.mbl, "date", None)
    if mbl_date and case.meeting and mbl_date > case.meeting:
        yield Problem(f"MBL is dated {mbl_date}, after the board meeting on {case.meeting}",
                      path=("mbl", "date"), hint="information or negotiation under MBL comes before the decision")


def _max_volumes(spec: Spec, figures: Figures) -> Iterator[Problem]:
    for i, contract in enumerate(spec.contracts):
        if contract.start is None:
            continue
        months = period_months(contract.start, contract.end)
        for j, volume in enumerate(contract.volumes):
            if volume.per_year is None or volume.max_volume is None:
                continue
            total = volume_over(volume.per_year, months)
            if total > volume.max_volume:
                yield Problem(
                    f"{volume.per_year} a year for {_months(months)} months is {_whole(total)}, "
                    f"above the max volume of {volume.max_volume}",
                    path=("contracts", i, "volumes", j, "max_volume"),
                    hint="raise the max volume, lower the yearly volume, or check the contract's dates")


def _financing(spec: Spec, figures: Figures) -> Iterator[Problem]:
    if figures.hours_change > 0 and spec.proposal.financing is None:
        yield Problem(f"the proposal adds {figures.hours_change} hours a year but does not say how they are paid for",
                      path=("proposal",), severity="warning",
                      hint="add `financing:` under proposal (the 2021 memo moved money from the IHF contract)")


def _header(spec: Spec, figures: Figures) -> Iterator[Problem]:
    if spec.case.dnr is None:
        yield Problem("no diarienummer: the memo's header will have none", path=("case",), severity="warning",
                      hint="add `dnr:` under case when the registry has given one")
    if not spec.case.officers:
        yield Problem("no handläggare: the memo's header will name none", path=("case",), severity="warning",
                      hint="add `officers:` under case")


def _one_current_contract(spec: Spec, figures: Figures) -> Iterator[Problem]:
    day = spec.case.date
    running = [i for i, c in enumerate(spec.contracts)
               if c.subject is None and (c.start is None or c.start <= day) and day <= c.end]
    for i in running[1:]:
        yield Problem(f"two contracts for this service run on the memo's date ({day}); the first is used",
                      path=("contracts", i), severity="warning",
                      hint="give the other contract a `subject:` if it is for another service, or correct its dates")


def _restated_figures(spec: Spec, figures: Figures) -> Iterator[Problem]:
    """A figure typed into prose goes stale when the data changes; point to the reference."""
    cited: dict[str, str] = {}
    for token, reference in _citable_figures(spec):
        cited.setdefault(token, reference)  # the proposal's own figure before a contract's
    for path, text in paragraphs(spec):
        plain = re.sub(r"\{[^{}]*\}", " ", text)
        for token, reference in cited.items():
            if re.search(rf"(?<![\d-]){re.escape(token)}(?![\d-])", plain):
                yield Problem(f"the text states {token}, which the spec holds as data", path=path, severity="warning",
                              hint=f"write {{{reference}}} instead, so the text follows the data")


def _citable_figures(spec: Spec) -> Iterator[tuple[str, str]]:
    for component in spec.service.components:
        if component.per_year >= _RESTATED_MIN:
            yield str(component.per_year), f"service.components.{component.id}.per_year"
    for contract in spec.contracts:
        for day, name in ((contract.start, "start"), (contract.end, "end")):
            if day:
                yield day.isoformat(), f"contracts.{contract.id}.{name}"
        for volume in contract.volumes:
            for value, name in ((volume.per_year, "per_year"), (volume.max_volume, "max_volume")):
                if value is not None and value >= _RESTATED_MIN:
                    yield str(value), f"contracts.{contract.id}.volumes.{volume.component}.{name}"
    participants = spec.service.participants
    if participants:
        yield f"{participants.min}-{participants.max}", "service.participants"
        yield f"{participants.min}–{participants.max}", "service.participants"


def _months(months) -> str:
    return str(int(months)) if months == int(months) else f"{float(months):.1f}"


def _whole(value) -> str:
    return str(int(value)) if value == int(value) else f"{float(value):.1f}"


_RULES = (_unique_ids, _contract_components, _contract_dates, _meeting_dates, _max_volumes, _financing, _header,
          _one_current_contract, _restated_figures)
