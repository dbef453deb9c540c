"""Consistency rules over a valid spec and its figures: facts that each look right alone but
contradict each other (a memo dated after its meeting, volumes that overrun the max volume).

Each rule returns problems with the path of the value to fix; the caller locates them.
Messages are plain: no Babel here, so `tenderkit validate` stays light to start.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from fractions import Fraction
from itertools import combinations, pairwise
from typing import TYPE_CHECKING

from .derive import (
    TIMETABLE_ORDER,
    Figures,
    covered_components,
    period_months,
    runs_on,
    volume_over,
)
from .spec.errors import Problem
from .spec.law import AMOUNT_FIELDS, EURO_FIELDS, AnnouncedPeriod
from .spec.model import Contract, ProcurementForm, Spec, Unit
from .spec.procurement import LOU_ONLY, AnnexForm, AwardBasis, Criterion, EvaluationModel, RequirementKind, Timetable
from .spec.project import PROJECT_FILE
from .spec.references import paragraphs
from .spec.types import LAST_DATE, Month, first_day, last_day

if TYPE_CHECKING:
    from .spec.law import Law
    from .spec.library import Requirement

# Numbers below this are too common in prose ("3 procent", "15-åringar") to flag as restated figures.
_RESTATED_MIN = 100


def check(spec: Spec, figures: Figures, law: Law | None = None,
          requirements: Sequence[Requirement] = ()) -> list[Problem]:
    """Every rule's problems. `requirements` are the spec's resolved requirements (see
    `spec.library.resolve_requirements`), checked against its criteria and lots."""
    problems = [problem for rule in _RULES for problem in rule(spec, figures)]
    if spec.procurement and figures.procurement and law:
        problems += [problem for rule in _PROCUREMENT_RULES for problem in rule(spec, figures, law)]
    if spec.procurement:
        problems += _requirements(spec, requirements)
    return problems


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
    lots = [lot.id for lot in spec.procurement.lots] if spec.procurement else []
    for i, contract in enumerate(spec.contracts):
        if contract.subject is not None:
            continue
        seen = set()
        for j, volume in enumerate(contract.volumes):
            path = ("contracts", i, "volumes", j, "component")
            if volume.component not in known:
                yield _unknown_component(volume.component, known, path)
            elif volume.component in seen:
                yield Problem(f"the contract lists `{volume.component}` twice", path=path, hint="keep one of them")
            seen.add(volume.component)
        for j, component in enumerate(contract.components):
            if component not in known:
                yield _unknown_component(component, known, ("contracts", i, "components", j))
        for j, lot in enumerate(contract.lots):
            if lot not in lots:
                close = difflib.get_close_matches(lot, lots, n=1)
                yield Problem(f"no lot in procurement.lots has the id `{lot}`", path=("contracts", i, "lots", j),
                              hint=f"did you mean `{close[0]}`?" if close else f"the lots are: {', '.join(lots)}"
                              if lots else "the spec has no procurement.lots: name the components under `components:`")


def _unknown_component(component: str, known: list[str], path) -> Problem:
    close = difflib.get_close_matches(component, known, n=1)
    return Problem(f"no component in service.components has the id `{component}`", path=path,
                   hint=f"did you mean `{close[0]}`?" if close else f"the components are: {', '.join(known)}")


def _contract_dates(spec: Spec, figures: Figures) -> Iterator[Problem]:
    for i, contract in enumerate(spec.contracts):
        if contract.in_house and contract.supplier is not None:
            yield Problem("egen regi has no supplier", path=("contracts", i, "supplier"),
                          hint="remove `supplier:`, or remove `in_house: true` if the supplier runs it")
        if contract.end is None:
            if not contract.in_house:
                yield Problem("the contract has no end date", path=("contracts", i), on_key=True,
                              hint="add `end:` with the contract's last day, extensions made included; only egen "
                                   "regi (`in_house: true`) may go on without one")
        elif contract.start and contract.end < first_day(contract.start):
            yield Problem(f"the contract ends ({contract.end}) before it starts ({contract.start})",
                          path=("contracts", i, "end"), hint="check both dates")


def _contract_coverage(spec: Spec, figures: Figures) -> Iterator[Problem]:
    """Per component, the contracts that cover it: two running on the memo's date without each
    stating its own volume claim the same places (an error); periods of successive contracts
    that overlap or leave a gap are warnings. Only what is certain counts: a start known to the
    year may be any day of it."""
    ours = [(i, c) for i, c in enumerate(spec.contracts) if c.subject is None]
    day = spec.case.date
    for component in spec.service.components:
        covering = [(i, c) for i, c in ours if component.id in covered_components(spec, c)]
        states = {i for i, c in covering if any(v.component == component.id and v.per_year is not None
                                                for v in c.volumes)}
        for (i, a), (j, b) in combinations(covering, 2):
            if i in states and j in states:
                continue  # each holds its own share of the component
            silent = b if j not in states else a
            if runs_on(a, day) and runs_on(b, day):
                yield Problem(
                    f"`{a.id}` and `{b.id}` both cover {component.name} on the memo's date ({day}), and `{silent.id}` "
                    "states no volume for it: they claim the same places", path=("contracts", j), also=("contracts", i),
                    hint=f"give each contract its volume of `{component.id}` under `volumes:`, or correct the "
                         "contracts' dates or components")
            elif _certain_overlap(a, b):
                yield Problem(f"`{a.id}` and `{b.id}` both cover {component.name} from {_latest_start(a, b)} to "
                              f"{min(a.end or LAST_DATE, b.end or LAST_DATE)}", path=("contracts", j),
                              also=("contracts", i), severity="warning",
                              hint="correct the dates, or give each contract its volume under `volumes:`")
        dated = sorted(((i, c) for i, c in covering if c.start is not None), key=lambda item: first_day(item[1].start))
        for (i, a), (j, b) in pairwise(dated):
            if a.end is not None and first_day(b.start) > a.end + timedelta(days=1):
                yield Problem(f"no contract covers {component.name} from {a.end + timedelta(days=1)} to "
                              f"{first_day(b.start) - timedelta(days=1)}: `{a.id}` ends {a.end}, `{b.id}` starts "
                              f"{b.start}", path=("contracts", j, "start"), also=("contracts", i, "end"),
                              severity="warning", hint="check both dates, or add the contract that ran between them")


def _certain_overlap(a: Contract, b: Contract) -> bool:
    """Both periods certainly share a day: the latest each can start is before the other ends."""
    def latest_start(c: Contract):
        return last_day(c.start) if c.start else c.end
    return all(latest_start(x) is None or y.end is None or latest_start(x) <= y.end for x, y in ((a, b), (b, a)))


def _latest_start(a: Contract, b: Contract) -> str:
    starts = [c.start for c in (a, b) if c.start is not None]
    return str(max(starts, key=last_day)) if starts else "their start"


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
    units = {c.id: c.unit for c in spec.service.components}
    for i, contract in enumerate(spec.contracts):
        if contract.start is None or contract.end is None:
            continue
        # the shortest the period can be: a start known to the year counts from its last day
        months = period_months(min(last_day(contract.start), contract.end), contract.end)
        for j, volume in enumerate(contract.volumes):
            if volume.per_year is None or volume.max_volume is None:
                continue
            problem = _over_max_volume(volume.per_year, volume.max_volume, units.get(volume.component), months,
                                       f"{_plain(months)} months")
            if problem:
                yield Problem(problem, path=("contracts", i, "volumes", j, "max_volume"),
                              hint="raise the max volume, lower the yearly volume, or check the contract's dates")


def _over_max_volume(per_year: int, max_volume: int, unit: Unit | None, months: Fraction, period: str) -> str | None:
    """Why a yearly volume overruns a max volume over `months`: a capacity's max volume is the most
    held at once, a consumption's the most used over the whole period."""
    if unit is not None and unit.is_capacity:
        if per_year > max_volume:
            return f"{per_year} {unit.value} held through the year is above the max volume of {max_volume} at once"
        return None
    total = volume_over(per_year, months)
    if total > max_volume:
        return f"{per_year} a year for {period} is {_plain(total)}, above the max volume of {max_volume}"
    return None


def _financing(spec: Spec, figures: Figures) -> Iterator[Problem]:
    increase = figures.hours_change
    if increase and increase > 0 and spec.proposal.financing is None:
        yield Problem(f"the proposal adds {increase} hours a year but does not say how they are paid for",
                      path=("proposal",), severity="warning",
                      hint="add `financing:` under proposal: where the money for the increase comes from")


def _header(spec: Spec, figures: Figures) -> Iterator[Problem]:
    if spec.case.dnr is None:
        yield Problem("no diarienummer: the memo's header will have none", path=("case", "dnr"), on_key=True,
                      severity="warning", hint="add `dnr:` under case when the registry has given one")
    if not spec.case.officers:
        yield Problem("no handläggare: the memo's header will name none", path=("case", "officers"), on_key=True,
                      severity="warning", hint="add `officers:` under case")
    if spec.case.signed_by is None:
        yield Problem("no undertecknare: the memo will have no signature block", path=("case", "signed_by"),
                      on_key=True, severity="warning",
                      hint="add `signed_by:` under case: who signs for the förvaltning, usually its head")


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
            yield from _written_forms(component.per_year, f"service.components.{component.id}.per_year")
    for contract in spec.contracts:
        for day, name in ((contract.start, "start"), (contract.end, "end")):
            if day:
                yield str(day), f"contracts.{contract.id}.{name}"
        for volume in contract.volumes:
            for value, name in ((volume.per_year, "per_year"), (volume.max_volume, "max_volume")):
                if value is not None and value >= _RESTATED_MIN:
                    yield from _written_forms(value, f"contracts.{contract.id}.volumes.{volume.component}.{name}")
    participants = spec.service.participants
    if participants:
        yield f"{participants.min}-{participants.max}", "service.participants"
        yield f"{participants.min}–{participants.max}", "service.participants"


def _written_forms(value: int, reference: str) -> Iterator[tuple[str, str]]:
    """How a figure may be typed in prose: 2600, 2 600 (with a space or a no-break space)."""
    yield str(value), reference
    if value >= 1000:
        grouped = f"{value:,}"
        yield grouped.replace(",", " "), reference
        yield grouped.replace(",", "\u00a0"), reference


def _plain(value) -> str:
    """A figure in a message: whole, or to one decimal (messages stay free of Babel)."""
    return str(int(value)) if value == int(value) else f"{float(value):.1f}"


# --- The form: a procurement under LOU, or a valfrihetssystem under LOV --------------------------

_LOU_NEEDS = {"procedure": "the procedure the authority has designed (19 kap. LOU)",
              "timetable": "the dates of the notice, the tender deadline, the award and the signing",
              "contract": "the contract's start and term", "evaluation": "how tenders are evaluated"}
# Why a field of a procurement under LOU has no place in a valfrihetssystem.
_NOT_IN_LOV = {
    "procedure": "LOV sets the procedure; say how a provider applies in `lov.application`",
    "submission": "providers apply, they do not tender; say how in `lov.application`",
    "timetable": "applications may be made at any time and each is decided on its own, so there is no tender "
                 "deadline, award decision or standstill; give the day the system opens as `lov.opens`",
    "contract": "each approved provider's contract starts when it is signed and runs until further notice; give the "
                "notice period as `terms.notice_months`",
    "lots": "lots are competed for and awarded one by one; in a valfrihetssystem users choose among every approved "
            "provider",
    "evaluation": "there is no price competition and no award criteria: every provider that meets the requirements is "
                  "approved and users choose (9 kap. 1 § LOV)",
    "category": "no threshold applies to a valfrihetssystem",
    "price_form": "providers state no prices: the authority sets the ersättning in `lov.reimbursement`",
}
assert set(_NOT_IN_LOV) == set(LOU_ONLY)


def _form(spec: Spec, figures: Figures) -> Iterator[Problem]:
    """The procurement part fits the form the memo proposes: a valfrihetssystem has its `lov`
    part and none of LOU's competition; a procurement under LOU has every part of it."""
    procurement = spec.procurement
    if procurement is None:
        return
    if spec.proposal.form is ProcurementForm.lov:
        if procurement.lov is None:
            yield Problem("proposal.form is lov, but the procurement has no `lov` part: a valfrihetssystem needs its "
                          "ersättning, how to apply and the day it opens", path=_PROCUREMENT, on_key=True,
                          hint="add `lov:` under procurement with opens, application, handling_days and reimbursement")
        for name in LOU_ONLY:
            if name in procurement.model_fields_set:
                yield Problem(f"proposal.form is lov (a valfrihetssystem), so `{name}` has no place: {_NOT_IN_LOV[name]}",
                              path=_PROCUREMENT + (name,), on_key=True,
                              hint=f"remove `{name}`, or set proposal.form to lou for a procurement in competition")
        if procurement.terms.notice_months is None:
            yield Problem("a valfrihetssystem's contracts run until further notice and need a notice period",
                          path=_PROCUREMENT + ("terms",), on_key=True, hint="add `notice_months:` under terms")
        return
    if procurement.lov is not None:
        yield Problem(f"`lov` describes a valfrihetssystem, but proposal.form is {spec.proposal.form.value}",
                      path=_PROCUREMENT + ("lov",), on_key=True,
                      hint="set proposal.form to lov, or remove `lov` for a procurement under LOU")
    for name, what in _LOU_NEEDS.items():
        if getattr(procurement, name) is None:
            yield Problem(f"a procurement under LOU needs `{name}`: {what}", path=_PROCUREMENT, on_key=True,
                          hint=f"add `{name}:` under procurement, or set proposal.form to lov for a valfrihetssystem")


def _lov(spec: Spec, figures: Figures) -> Iterator[Problem]:
    """Every component has one ersättning; fees are for components the service has."""
    lov = spec.procurement.lov if spec.procurement else None
    if lov is None:
        return
    known = [c.id for c in spec.service.components]
    path = _PROCUREMENT + ("lov",)
    lists = [(("reimbursement", "rates"), lov.reimbursement.rates)] + ([(("fee", "rates"), lov.fee.rates)] if lov.fee else [])
    for where, rates in lists:
        seen: set[str] = set()
        for index, rate in enumerate(rates):
            here = path + where + (index, "component")
            if rate.component not in known:
                close = difflib.get_close_matches(rate.component, known, n=1)
                yield Problem(f"no component in service.components has the id `{rate.component}`", path=here,
                              hint=f"did you mean `{close[0]}`?" if close else f"the components are: {', '.join(known)}")
            elif rate.component in seen:
                yield Problem(f"`{rate.component}` is listed twice", path=here, hint="keep one of them")
            seen.add(rate.component)
    paid = {rate.component for rate in lov.reimbursement.rates}
    for index, component in enumerate(spec.service.components):
        if component.id not in paid:
            yield Problem(f"`{component.id}` has no ersättning: an approved provider would not know what it is paid",
                          path=("service", "components", index), hint="add it to lov.reimbursement.rates")
    scopes: set[tuple[str, str]] = set()
    for index, cap in enumerate(lov.fee.caps if lov.fee else ()):
        if (cap.per, cap.period) in scopes:
            yield Problem(f"two caps per {cap.per.value} and {cap.period.value}", path=path + ("fee", "caps", index),
                          hint="keep the one that applies")
        scopes.add((cap.per, cap.period))


_RULES = (_unique_ids, _contract_components, _contract_dates, _contract_coverage, _meeting_dates, _max_volumes,
          _financing, _header, _restated_figures, _form, _lov)


# --- The procurement ----------------------------------------------------------------------------

_PROCUREMENT = ("procurement",)


def _unit_prices(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    for index, component in enumerate(spec.service.components):
        if component.unit_price is None:
            yield Problem(f"no estimated price per unit for `{component.id}`: the contract value cannot be estimated",
                          path=("service", "components", index, "unit_price"), on_key=True,
                          hint="add `unit_price:` in kronor per unit, excluding VAT; it is never printed in the "
                               "tender documents")


def _threshold_period(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    if figures.procurement.period is not None:
        return
    notice = spec.procurement.timetable.publication
    where = _PROCUREMENT + ("timetable", "publication")
    if notice < law.applies_from:
        yield Problem(f"the notice date {notice} is before the lag (2016:1145) om offentlig upphandling applies "
                      f"({law.applies_from}, {law.applies_from_source})", path=where,
                      hint="a procurement begun before then follows lagen (2007:1091), whose rules and thresholds "
                           "tenderkit does not compute; check the notice date")
        return
    start, end = law.missing_period(notice)
    yield Problem(f"the threshold table has no values for the notice date {notice}: the period {start} – {end} "
                  "is missing", path=where, hint=_paste_period(law, start, end))


def _paste_period(law: Law, start, end) -> str:
    """What to type into tenderkit.yaml for a missing period: its lines, with the amounts in euro
    each one is checked against and where to copy the amounts in kronor from."""
    covering = law.euro_period(start, end)
    announced = covering if isinstance(covering, AnnouncedPeriod) else None
    source = announced.sek_source if announced else law.threshold_page
    eur = announced.eur if announced else None
    lines = ["thresholds:", f"  - start: {start}", f"    end: {end}", f"    source: {source}"]
    national = law.national_limits
    fixed = {"direct_award": f" {national.direct_award}  # {national.source}",
             "direct_award_social_services": f"  # samma belopp som social_services ({national.source})"
             } if start >= national.since else {}
    for name in AMOUNT_FIELDS:
        euro = f"  # {getattr(eur, name):,} EUR".replace(",", " ") if eur and name in EURO_FIELDS else ""
        lines.append(f"    {name}:{fixed.get(name, euro)}")
    checked = f"; each amount is checked against its amount in euro ({eur.source})" if eur else ""
    return (f"copy the period's amounts in kronor from {source} into these lines of {PROJECT_FILE} (the project "
            f"file of your specs repository){checked}:\n" + "\n".join("      " + line for line in lines))


def _simplified_procedure(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    procurement = spec.procurement
    if "förenklat förfarande" in procurement.procedure.lower() and \
            procurement.timetable.publication >= law.simplified_procedure_abolished:
        yield Problem(f"“förenklat förfarande” does not exist for procurements begun from "
                      f"{law.simplified_procedure_abolished} ({law.simplified_procedure_source})",
                      path=_PROCUREMENT + ("procedure",),
                      hint="describe the procedure the authority has designed under 19 kap. LOU instead")


def _timetable(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    procurement, earliest = spec.procurement, figures.procurement.earliest_signing
    timetable, start = procurement.timetable, procurement.contract.start
    days = [(name, getattr(timetable, name)) for name in TIMETABLE_ORDER]
    for (earlier, earlier_day), (later, later_day) in pairwise(days):
        if later_day <= earlier_day:
            yield Problem(f"{later_day} is not after the {_title(earlier)} ({earlier_day})",
                          path=_PROCUREMENT + ("timetable", later), hint="the milestones come in this order: "
                          + ", ".join(_title(name) for name in TIMETABLE_ORDER))
    answers = timetable.answers_deadline
    if answers and not timetable.questions_deadline <= answers < timetable.tender_deadline:
        yield Problem(f"the questions are answered by {answers}, which is not between the last day for questions "
                      f"({timetable.questions_deadline}) and the tender deadline ({timetable.tender_deadline})",
                      path=_PROCUREMENT + ("timetable", "answers_deadline"),
                      hint="answer on or after the last day for questions and before the tender deadline, so that "
                           "every tenderer can use the answers")
    if start < timetable.tender_deadline:
        yield Problem(f"the contract starts ({start}) before the tender deadline ({timetable.tender_deadline})",
                      path=_PROCUREMENT + ("contract", "start"), hint="move the start after award and standstill")
    elif start < timetable.contract_signing:
        yield Problem(f"the contract starts ({start}) before it can be signed ({timetable.contract_signing})",
                      path=_PROCUREMENT + ("contract", "start"), hint="move the start after the standstill period")
    for index, lot in enumerate(procurement.lots):
        if lot.start and lot.start < timetable.contract_signing:
            yield Problem(f"the lot `{lot.id}` starts ({lot.start}) before its contract can be signed "
                          f"({timetable.contract_signing})", path=_PROCUREMENT + ("lots", index, "start"),
                          also=_PROCUREMENT + ("timetable", "contract_signing"),
                          hint="move the lot's start after the signing, or remove it so that the lot starts "
                               "with procurement.contract.start")
    if timetable.award < timetable.contract_signing < earliest:
        yield Problem(f"the contract is signed {timetable.contract_signing}, during the standstill after the award "
                      f"decision of {timetable.award}: {law.standstill_days} days ({law.standstill_source}), extended "
                      "past a weekend or holiday (lag (1930:173))", path=_PROCUREMENT + ("timetable", "contract_signing"),
                      hint=f"sign on {earliest} or later")
    if timetable.tender_validity < timetable.contract_signing:
        yield Problem(f"tenders are binding until {timetable.tender_validity}, before the contract can be signed "
                      f"({timetable.contract_signing})", path=_PROCUREMENT + ("timetable", "tender_validity"),
                      hint="let tenders stay binding at least until the planned signing")


def _contract_term(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    term, value = spec.procurement.contract, figures.procurement
    path = _PROCUREMENT + ("contract",)
    if term.initial_months is None:
        if term.extensions:
            yield Problem("a contract that runs until further notice cannot have extension options",
                          path=path + ("extensions",), hint="remove the extensions, or give initial_months")
        if spec.procurement.terms.notice_months is None:
            yield Problem("a contract that runs until further notice needs a notice period",
                          path=_PROCUREMENT + ("terms",), on_key=True, hint="add `notice_months:` under terms")
    elif value.end is None:
        yield Problem(f"with every extension the contract would run {value.term_months} months from {term.start}, "
                      f"past {LAST_DATE}", path=path, on_key=True,
                      hint="check the months of the contract and of its extensions")
    elif value.term_months > law.open_ended_months:
        yield Problem(f"the contract can run {value.term_months} months with its options, more than "
                      f"{law.open_ended_months}", path=path, severity="warning", on_key=True,
                      hint="a long term needs a reason; check it, or shorten the options")
    for current in figures.contracts:
        if current.end is None:
            continue
        for start, (lot, where) in _new_starts(spec, current).items():
            if start == current.end + timedelta(days=1):
                continue
            gap = (start - current.end).days - 1
            what = f"a gap of {gap} days" if gap > 0 else f"an overlap of {-gap} days"
            yield Problem(f"the new contract{f' for the lot `{lot}`' if lot else ''} starts {start}, the current "
                          f"contract `{current.id}` ends {current.end}: {what}", path=where, severity="warning",
                          also=("contracts", spec.contracts.index(current), "end"),
                          hint="a new contract usually starts the day after" + (
                              "; a lot that starts another day says so with `start:`"
                              if not lot and spec.procurement.lots else ""))


def _new_starts(spec: Spec, contract: Contract) -> dict[date, tuple[str | None, tuple]]:
    """The days the new contract starts for what `contract` covers: the own start of each lot that
    holds one of its components, else the procurement's; with the lot that sets it (None for the
    procurement's) and the path of the start."""
    covered = set(covered_components(spec, contract))
    common = (None, _PROCUREMENT + ("contract", "start"))
    starts: dict[date, tuple[str | None, tuple]] = {}
    for index, lot in enumerate(spec.procurement.lots):
        if covered & set(lot.components):
            starts.setdefault(lot.start or spec.procurement.contract.start,
                              (lot.id, _PROCUREMENT + ("lots", index, "start")) if lot.start else common)
    return starts or {spec.procurement.contract.start: common}


def _meeting_order(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    meeting = spec.case.meeting
    if meeting and spec.procurement.timetable.publication < meeting:
        yield Problem(f"the tender is advertised {spec.procurement.timetable.publication}, before the board meets on "
                      f"{meeting}", path=_PROCUREMENT + ("timetable", "publication"), severity="warning",
                      hint="advertise after the board has decided, or check the dates")
    for index, attachment in enumerate(spec.case.attachments):
        if meeting and attachment.date and attachment.date > meeting:
            yield Problem(f"“{attachment.title}” is dated {attachment.date}, after the meeting on {meeting} that decides "
                          "on it", path=("case", "attachments", index, "date"), severity="warning",
                          hint="a document the board decides on exists before the meeting")
    if spec.mbl.status != "negotiated" or 38 not in spec.mbl.sections:
        yield Problem("engaging a contractor normally needs a negotiation under 38 § MBL before the decision",
                      path=("mbl",), severity="warning",
                      hint="negotiate under 38 § MBL (status: negotiated, section: 38, or [11, 38] with 11 §), or explain why not "
                      "in the memo")


def _title(name: str) -> str:
    return Timetable.model_fields[name].title or name


def _new_max_volumes(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    months = figures.procurement.term_months
    if months is None:
        return
    for index, component in enumerate(spec.service.components):
        problem = component.max_volume is not None and _over_max_volume(
            component.per_year, component.max_volume, component.unit, Fraction(months),
            f"{months} months, extensions included,")
        if problem:
            yield Problem(problem,
                          path=("service", "components", index, "max_volume"),
                          hint="raise the max volume or lower the yearly volume")


def _evaluation(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    evaluation = spec.procurement.evaluation
    path = _PROCUREMENT + ("evaluation",)
    if evaluation.basis is not AwardBasis.best_price_quality:
        if evaluation.criteria:
            yield Problem("quality criteria are only evaluated with the basis best_price_quality",
                          path=path + ("basis",), hint="set `basis: best_price_quality`, or remove the criteria")
        for name in ("model", "price_weight", "method"):  # the document would leave them out, or print "None"
            if getattr(evaluation, name) is not None:
                yield Problem(f"`{name}` only counts with the basis best_price_quality", path=path + (name,),
                              hint=f"remove `{name}`, or set `basis: best_price_quality`")
        return
    if not evaluation.criteria:
        yield Problem("best_price_quality needs at least one quality criterion", path=path, on_key=True,
                      hint="add `criteria:`, or use the basis lowest_price")
        return
    if evaluation.model is None:
        yield Problem("no evaluation model: how do the criteria count?", path=path,
                      hint="set `model: price_deductions` (absolute, recommended) or `model: weights`")
        return
    seen: set[str] = set()
    evaluated: dict[str, str] = {}
    for index, criterion in enumerate(evaluation.criteria):
        here = path + ("criteria", index)
        if criterion.id in seen:
            yield Problem(f"the id `{criterion.id}` is used twice", path=here + ("id",), hint="give each criterion its own id")
        seen.add(criterion.id)
        if evaluation.model is EvaluationModel.weights and criterion.weight is None:
            yield Problem(f"the criterion `{criterion.id}` has no weight", path=here, hint="add `weight:` in percent")
        if evaluation.model is not EvaluationModel.weights and criterion.weight is not None:
            yield Problem(f"`weight` does not count in the model {evaluation.model.value}", path=here + ("weight",),
                          hint="remove `weight`, or change the model")
        yield from _levels(criterion, evaluation.model, here + ("levels",))
        if criterion.requirement in evaluated:
            yield Problem(f"`{criterion.requirement}` is already evaluated by `{evaluated[criterion.requirement]}`",
                          path=here + ("requirement",), hint="evaluate each bör-krav once")
        elif criterion.requirement:
            evaluated[criterion.requirement] = criterion.id
    deductions = sum(max((level.deduction or 0 for level in c.levels), default=0) for c in evaluation.criteria)
    if evaluation.model is EvaluationModel.price_deductions and deductions >= 100:
        yield Problem(f"the deductions of the highest levels add up to {deductions} %, so a tender could cost nothing "
                      "or less", path=path + ("criteria",), on_key=True,
                      hint="keep the highest deductions together well under 100 %")
    for name in ("price_weight", "method"):  # the document would leave them out
        if evaluation.model is not EvaluationModel.weights and getattr(evaluation, name) is not None:
            yield Problem(f"`{name}` only counts in the model weights", path=path + (name,),
                          hint="remove it, or change the model")
    if evaluation.model is EvaluationModel.weights:
        if evaluation.method is None:
            yield Problem("the weights model needs a description of how quality and price become points",
                          path=path, on_key=True, hint="add `method:` describing the scoring")
        if evaluation.price_weight is None:
            yield Problem("the weights model needs the weight of price", path=path, hint="add `price_weight:` in percent")
        total = (evaluation.price_weight or 0) + sum(c.weight or 0 for c in evaluation.criteria)
        if total != 100:
            yield Problem(f"the weights add up to {total}, not 100 (price {evaluation.price_weight or 0} and criteria "
                          f"{', '.join(str(c.weight or 0) for c in evaluation.criteria)})", path=path + ("criteria",), on_key=True,
                          hint="make price and criteria weights add up to 100")


_LEVEL_WORDS = {EvaluationModel.price_deductions: "price deduction in percent", EvaluationModel.weights: "score in points"}


def _levels(criterion: Criterion, model: EvaluationModel, path) -> Iterator[Problem]:
    """A tenderer can predict a criterion whose levels start at 0 and rise, each with its own worth
    in the spec's model."""
    key, words = model.level_key, _LEVEL_WORDS[model]
    values: list[int | None] = []
    for index, level in enumerate(criterion.levels):
        wrong = [other.level_key for other in EvaluationModel if other is not model and level.worth(other) is not None]
        for name in wrong:
            yield Problem(f"`{name}` does not count in the model {model.value}", path=path + (index, name),
                          hint=f"write the level's {words} as `{key}:`")
        if level.worth(model) is None and not wrong:
            yield Problem(f"the level has no {words}", path=path + (index,), hint=f"add `{key}:`")
        values.append(level.worth(model))
    if None in values:
        return
    if values[0] != 0:
        yield Problem(f"the lowest level is worth {values[0]}, not 0: a tender that shows nothing must earn nothing",
                      path=path + (0, key), hint=f"add a first level with `{key}: 0` saying what earns nothing")
    for index, (lower, higher) in enumerate(pairwise(values), start=1):
        if higher == lower:
            yield Problem(f"two levels are worth {higher}", path=path + (index, key),
                          hint="give each level its own worth, or merge the two")
        elif higher < lower:
            yield Problem(f"the levels are out of order: {higher} after {lower}", path=path + (index, key),
                          hint="list the levels from the lowest (0) to the highest")


def _requirements(spec: Spec, requirements: Sequence[Requirement]) -> list[Problem]:
    """A criterion evaluates a bör-krav the spec lists; a bör-krav no criterion evaluates earns
    the tenderer nothing; a requirement applies to lots the spec has."""
    by_id = {r.id: r for r in requirements}
    evaluated = set()
    problems = []
    lov = spec.procurement.lov is not None
    # a valfrihetssystem's evaluation is itself the error (`_form`); its criteria are not checked on top
    criteria = spec.procurement.evaluation.criteria if spec.procurement.evaluation and not lov else ()
    for index, criterion in enumerate(criteria):
        if criterion.requirement is None:
            continue
        path = _PROCUREMENT + ("evaluation", "criteria", index, "requirement")
        requirement = by_id.get(criterion.requirement)
        if requirement is None:
            problems.append(Problem(f"the criterion evaluates `{criterion.requirement}`, which procurement.requirements "
                                    "does not list", path=path, hint="list the requirement, or correct the id"))
        elif requirement.mandatory:
            problems.append(Problem(f"`{criterion.requirement}` is a ska-krav; a criterion evaluates a bör-krav",
                                    path=path, hint="set `mandatory: false` on the requirement, or remove the link"))
        evaluated.add(criterion.requirement)
    lots = {lot.id for lot in spec.procurement.lots}
    positions = {(ref if isinstance(ref, str) else ref.id): i  # a requirement listed twice: its first place
                 for i, ref in reversed(list(enumerate(spec.procurement.requirements)))}
    for requirement in requirements:
        path = _PROCUREMENT + ("requirements", positions[requirement.id])
        for lot in requirement.lots:
            if lot not in lots:
                problems.append(Problem(f"`{requirement.id}` names the lot `{lot}`, which procurement.lots does not have",
                                        path=path, hint=f"the lots are: {', '.join(sorted(lots)) or 'none'}"))
        if lov:
            if not requirement.mandatory:
                problems.append(Problem(f"`{requirement.id}` is a bör-krav, but a valfrihetssystem evaluates nothing: "
                                        "a provider that meets every ska-krav is approved", path=path,
                                        hint="make it a ska-krav (`mandatory: true`), or leave it out"))
            if requirement.attachment not in (None, AnnexForm.ansokningsformular):
                problems.append(Problem(f"`{requirement.id}` is answered in the {requirement.attachment.value}, but a "
                                        "valfrihetssystem's applicant answers every requirement in the "
                                        "ansökningsformulär", path=path,
                                        hint="set `attachment: ansokningsformular`, or leave `attachment` out"))
            continue
        if requirement.attachment is AnnexForm.ansokningsformular:
            problems.append(Problem(f"`{requirement.id}` is answered in the ansökningsformulär, which only a "
                                    "valfrihetssystem has", path=path,
                                    hint="name the anbudsformular, sanningsforsakran or referensformular"))
        if not requirement.mandatory and requirement.kind is not RequirementKind.service:
            problems.append(Problem(f"`{requirement.id}` is a bör-krav, but only service requirements are evaluated",
                                    path=path, hint="make it a ska-krav (`mandatory: true`)"))
        elif not requirement.mandatory and requirement.id not in evaluated:
            problems.append(Problem(f"the bör-krav `{requirement.id}` is evaluated by no criterion, so the document "
                                    "would promise an evaluation that does not happen", path=path,
                                    hint="link it from a criterion (`requirement:`), or make it a ska-krav"))
    return problems


def _lots(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    lots = spec.procurement.lots
    if not lots:
        return
    known = [c.id for c in spec.service.components]
    placed: dict[str, str] = {}
    seen_lots: set[str] = set()
    for i, lot in enumerate(lots):
        if lot.id in seen_lots:
            yield Problem(f"the id `{lot.id}` is used twice", path=_PROCUREMENT + ("lots", i, "id"),
                          hint="give each lot its own id")
        seen_lots.add(lot.id)
        for j, component in enumerate(lot.components):
            path = _PROCUREMENT + ("lots", i, "components", j)
            if component not in known:
                close = difflib.get_close_matches(component, known, n=1)
                yield Problem(f"no component in service.components has the id `{component}`", path=path,
                              hint=f"did you mean `{close[0]}`?" if close else f"the components are: {', '.join(known)}")
            elif component in placed:
                yield Problem(f"`{component}` is already in the lot `{placed[component]}`", path=path,
                              hint="put each component in one lot")
            else:
                placed[component] = lot.id
    for index, component in enumerate(spec.service.components):
        if component.id not in placed:
            yield Problem(f"`{component.id}` is in no lot", path=("service", "components", index),
                          hint="add it to the `components:` of one lot under procurement.lots")


def _price_notes(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    """A note of the price form for some lots names lots the spec has."""
    lots = [lot.id for lot in spec.procurement.lots]
    for i, note in enumerate(spec.procurement.price_form.notes):
        for j, lot in enumerate(getattr(note, "lots", ())):
            if lot not in lots:
                close = difflib.get_close_matches(lot, lots, n=1)
                yield Problem(f"no lot in procurement.lots has the id `{lot}`",
                              path=_PROCUREMENT + ("price_form", "notes", i, "lots", j),
                              hint=f"did you mean `{close[0]}`?" if close else f"the lots are: {', '.join(lots)}"
                              if lots else "the spec has no procurement.lots: write the note as a plain text")


_PROCUREMENT_RULES = (_unit_prices, _threshold_period, _simplified_procedure, _timetable, _contract_term,
                      _meeting_order, _new_max_volumes, _evaluation, _lots, _price_notes)
