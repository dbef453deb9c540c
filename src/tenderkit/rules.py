"""Consistency rules over a valid spec and its figures: facts that each look right alone but
contradict each other (a memo dated after its meeting, volumes that overrun the max volume).

Each rule returns problems with the path of the value to fix; the caller locates them.
Messages are English message ids translated through `i18n` (plain gettext, no Babel), so that
`tenderkit validate` stays light to start.
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
from .i18n import N_, _, ngettext
from .spec.errors import Problem
from .spec.law import AMOUNT_FIELDS, EURO_FIELDS, AnnouncedPeriod
from .spec.model import Contract, ProcurementForm, Spec, Unit
from .spec.procurement import (
    LOU_ONLY,
    OWN_DESIGN,
    AnnexForm,
    AwardBasis,
    Criterion,
    EvaluationModel,
    RequirementKind,
    ThresholdCategory,
    Timetable,
)
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
                yield Problem(_("the id `{id}` is used twice (item {number} has it too)").format(
                                  id=item.id, number=first[item.id] + 1),
                              path=path + (index, "id"), hint=_("give each item its own id"))
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
                yield Problem(_("the contract lists `{component}` twice").format(component=volume.component),
                              path=path, hint=_("keep one of them"))
            seen.add(volume.component)
        for j, component in enumerate(contract.components):
            if component not in known:
                yield _unknown_component(component, known, ("contracts", i, "components", j))
        for j, lot in enumerate(contract.lots):
            if lot not in lots:
                yield _unknown_lot(lot, lots, ("contracts", i, "lots", j), _(
                    "the spec has no procurement.lots: name the components under `components:`"))


def _unknown_component(component: str, known: list[str], path) -> Problem:
    close = difflib.get_close_matches(component, known, n=1)
    return Problem(_("no component in service.components has the id `{component}`").format(component=component),
                   path=path, hint=_did_you_mean(close[0]) if close else _("the components are: {components}").format(
                       components=", ".join(known)))


def _unknown_lot(lot: str, lots: list[str], path, no_lots: str) -> Problem:
    """`no_lots` is the hint for a spec without lots: what to write instead."""
    close = difflib.get_close_matches(lot, lots, n=1)
    return Problem(_("no lot in procurement.lots has the id `{lot}`").format(lot=lot), path=path,
                   hint=_did_you_mean(close[0]) if close else _("the lots are: {lots}").format(lots=", ".join(lots))
                   if lots else no_lots)


def _did_you_mean(name: str) -> str:
    return _("did you mean `{name}`?").format(name=name)


def _contract_dates(spec: Spec, figures: Figures) -> Iterator[Problem]:
    for i, contract in enumerate(spec.contracts):
        if contract.in_house and contract.supplier is not None:
            yield Problem(_("egen regi has no supplier"), path=("contracts", i, "supplier"),
                          hint=_("remove `supplier:`, or remove `in_house: true` if the supplier runs it"))
        if contract.end is None:
            if not contract.in_house:
                yield Problem(_("the contract has no end date"), path=("contracts", i), on_key=True,
                              hint=_("add `end:` with the contract's last day, extensions made included; only egen "
                                     "regi (`in_house: true`) may go on without one"))
        elif contract.start and contract.end < first_day(contract.start):
            yield Problem(_("the contract ends ({end}) before it starts ({start})").format(
                              end=contract.end, start=contract.start),
                          path=("contracts", i, "end"), hint=_("check both dates"))


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
                    _("`{first}` and `{second}` both cover {component} on the memo's date ({date}), and `{silent}` "
                      "states no volume for it: they claim the same places").format(
                        first=a.id, second=b.id, component=component.name, date=day, silent=silent.id),
                    path=("contracts", j), also=("contracts", i),
                    hint=_("give each contract its volume of `{component}` under `volumes:`, or correct the "
                           "contracts' dates or components").format(component=component.id))
            elif _certain_overlap(a, b):
                yield Problem(_("`{first}` and `{second}` both cover {component} from {start} to {end}").format(
                                  first=a.id, second=b.id, component=component.name, start=_latest_start(a, b),
                                  end=min(a.end or LAST_DATE, b.end or LAST_DATE)),
                              path=("contracts", j), also=("contracts", i), severity="warning",
                              hint=_("correct the dates, or give each contract its volume under `volumes:`"))
        dated = sorted(((i, c) for i, c in covering if c.start is not None), key=lambda item: first_day(item[1].start))
        for (i, a), (j, b) in pairwise(dated):
            if a.end is not None and first_day(b.start) > a.end + timedelta(days=1):
                yield Problem(_("no contract covers {component} from {start} to {end}: `{earlier}` ends "
                                "{earlier_end}, `{later}` starts {later_start}").format(
                                  component=component.name, start=a.end + timedelta(days=1),
                                  end=first_day(b.start) - timedelta(days=1), earlier=a.id, earlier_end=a.end,
                                  later=b.id, later_start=b.start),
                              path=("contracts", j, "start"), also=("contracts", i, "end"), severity="warning",
                              hint=_("check both dates, or add the contract that ran between them"))


def _certain_overlap(a: Contract, b: Contract) -> bool:
    """Both periods certainly share a day: the latest each can start is before the other ends."""
    def latest_start(c: Contract):
        return last_day(c.start) if c.start else c.end
    return all(latest_start(x) is None or y.end is None or latest_start(x) <= y.end for x, y in ((a, b), (b, a)))


def _latest_start(a: Contract, b: Contract) -> str:
    starts = [c.start for c in (a, b) if c.start is not None]
    return str(max(starts, key=last_day)) if starts else _("their start")


def _meeting_dates(spec: Spec, figures: Figures) -> Iterator[Problem]:
    case = spec.case
    if case.meeting and case.date > case.meeting:
        yield Problem(_("the memo is dated {date}, after the board meeting on {meeting} that decides on it").format(
                          date=case.date, meeting=case.meeting),
                      path=("case", "date"), hint=_("the memo must be dated before its meeting: check both dates"))
    assignment = spec.proposal.assignment
    if assignment:
        when = assignment.meeting
        last_day = when.last_day() if isinstance(when, Month) else when
        if last_day < case.date:
            yield Problem(_("the assignment is to be presented at a meeting ({meeting}) before the memo's date "
                            "({date})").format(meeting=when, date=case.date),
                          path=("proposal", "assignment", "meeting"),
                          hint=_("a presentation comes after the memo: check the date"))
        elif case.meeting and last_day < case.meeting:
            yield Problem(_("the assignment is to be presented ({meeting}) before the board decides on it "
                            "({decision})").format(meeting=when, decision=case.meeting),
                          path=("proposal", "assignment", "meeting"), hint=_("check the date"))
    mbl_date = getattr(spec.mbl, "date", None)
    if mbl_date and case.meeting and mbl_date > case.meeting:
        yield Problem(_("MBL is dated {date}, after the board meeting on {meeting}").format(
                          date=mbl_date, meeting=case.meeting),
                      path=("mbl", "date"), hint=_("information or negotiation under MBL comes before the decision"))


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
            problem = _over_max_volume(volume.per_year, volume.max_volume, units.get(volume.component), months)
            if problem:
                yield Problem(problem, path=("contracts", i, "volumes", j, "max_volume"),
                              hint=_("raise the max volume, lower the yearly volume, or check the contract's dates"))


def _over_max_volume(per_year: int, max_volume: int, unit: Unit | None, months: Fraction,
                     extensions: bool = False) -> str | None:
    """Why a yearly volume overruns a max volume over `months` (a new contract's term with its
    `extensions`): a capacity's max volume is the most held at once, a consumption's the most used
    over the whole period."""
    if unit is not None and unit.is_capacity:
        if per_year <= max_volume:
            return None
        held = (ngettext("{count} apartment held through the year is above the max volume of {max_volume} at once",
                         "{count} apartments held through the year is above the max volume of {max_volume} at once",
                         per_year) if unit is Unit.apartments else
                ngettext("{count} place held through the year is above the max volume of {max_volume} at once",
                         "{count} places held through the year is above the max volume of {max_volume} at once",
                         per_year))
        return held.format(count=per_year, max_volume=max_volume)
    total = volume_over(per_year, months)
    if total <= max_volume:
        return None
    over = (ngettext("{per_year} a year for {months} month, extensions included, is {total}, above the max volume "
                     "of {max_volume}", "{per_year} a year for {months} months, extensions included, is {total}, "
                     "above the max volume of {max_volume}", _plural(months)) if extensions else
            ngettext("{per_year} a year for {months} month is {total}, above the max volume of {max_volume}",
                     "{per_year} a year for {months} months is {total}, above the max volume of {max_volume}",
                     _plural(months)))
    return over.format(per_year=per_year, months=_plain(months), total=_plain(total), max_volume=max_volume)


def _financing(spec: Spec, figures: Figures) -> Iterator[Problem]:
    increase = figures.hours_change
    if increase and increase > 0 and spec.proposal.financing is None:
        yield Problem(ngettext("the proposal adds {count} hour a year but does not say how it is paid for",
                               "the proposal adds {count} hours a year but does not say how they are paid for",
                               increase).format(count=increase),
                      path=("proposal",), severity="warning",
                      hint=_("add `financing:` under proposal: where the money for the increase comes from"))


def _header(spec: Spec, figures: Figures) -> Iterator[Problem]:
    if spec.case.dnr is None:
        yield Problem(_("no diarienummer: the memo's header will have none"), path=("case", "dnr"), on_key=True,
                      severity="warning", hint=_("add `dnr:` under case when the registry has given one"))
    if not spec.case.officers:
        yield Problem(_("no handläggare: the memo's header will name none"), path=("case", "officers"), on_key=True,
                      severity="warning", hint=_("add `officers:` under case"))
    if spec.case.signed_by is None:
        yield Problem(_("no undertecknare: the memo will have no signature block"), path=("case", "signed_by"),
                      on_key=True, severity="warning",
                      hint=_("add `signed_by:` under case: who signs for the förvaltning, usually its head"))


def _restated_figures(spec: Spec, figures: Figures) -> Iterator[Problem]:
    """A figure typed into prose goes stale when the data changes; point to the reference."""
    cited: dict[str, str] = {}
    for token, reference in _citable_figures(spec):
        cited.setdefault(token, reference)  # the proposal's own figure before a contract's
    for path, text in paragraphs(spec):
        plain = re.sub(r"\{[^{}]*\}", " ", text)
        for token, reference in cited.items():
            if re.search(rf"(?<![\d-]){re.escape(token)}(?![\d-])", plain):
                yield Problem(_("the text states {figure}, which the spec holds as data").format(figure=token),
                              path=path, severity="warning",
                              hint=_("write {reference} instead, so the text follows the data").format(
                                  reference="{" + reference + "}"))


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


def _plural(value) -> int:
    """The count gettext chooses a plural form by, which must be whole: a figure with a fraction
    (1.5 months) takes the plural in English and Swedish alike, as 2 does."""
    return int(value) if value == int(value) else 2


# --- The form: a procurement under LOU, or a valfrihetssystem under LOV --------------------------

_LOU_NEEDS = {"procedure": N_("the procedure, in the authority's own words"),
              "timetable": N_("the dates of the notice, the tender deadline, the award and the signing"),
              "contract": N_("the contract's start and term"), "evaluation": N_("how tenders are evaluated")}
# Why a field of a procurement under LOU has no place in a valfrihetssystem.
_NOT_IN_LOV = {
    "procedure": N_("LOV sets the procedure; say how a provider applies in `lov.application`"),
    "procedure_type": N_("LOV sets the procedure, and a valfrihetssystem is not announced with an eForms notice"),
    "gpa": N_("only a notice in TED states whether the GPA covers a procurement, and a valfrihetssystem is not announced there"),
    "submission": N_("providers apply, they do not tender; say how in `lov.application`"),
    "timetable": N_("applications may be made at any time and each is decided on its own, so there is no tender "
                    "deadline, award decision or standstill; give the day the system opens as `lov.opens`"),
    "contract": N_("each approved provider's contract starts when it is signed and runs until further notice; give "
                   "the notice period as `terms.notice_months`"),
    "lots": N_("lots are competed for and awarded one by one; in a valfrihetssystem users choose among every "
               "approved provider"),
    "evaluation": N_("there is no price competition and no award criteria: every provider that meets the "
                     "requirements is approved and users choose (9 kap. 1 § LOV)"),
    "category": N_("no threshold applies to a valfrihetssystem"),
    "price_form": N_("providers state no prices: the authority sets the ersättning in `lov.reimbursement`"),
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
            yield Problem(_("proposal.form is lov, but the procurement has no `lov` part: a valfrihetssystem needs "
                            "its ersättning, how to apply and the day it opens"), path=_PROCUREMENT, on_key=True,
                          hint=_("add `lov:` under procurement with opens, application, handling_days and "
                                 "reimbursement"))
        for name in LOU_ONLY:
            if name in procurement.model_fields_set:
                yield Problem(_("proposal.form is lov (a valfrihetssystem), so `{name}` has no place: {why}").format(
                                  name=name, why=_(_NOT_IN_LOV[name])),
                              path=_PROCUREMENT + (name,), on_key=True,
                              hint=_("remove `{name}`, or set proposal.form to lou for a procurement in "
                                     "competition").format(name=name))
        if procurement.terms.notice_months is None:
            yield Problem(_("a valfrihetssystem's contracts run until further notice and need a notice period"),
                          path=_PROCUREMENT + ("terms",), on_key=True, hint=_("add `notice_months:` under terms"))
        return
    if procurement.lov is not None:
        yield Problem(_("`lov` describes a valfrihetssystem, but proposal.form is {form}").format(
                          form=spec.proposal.form.value), path=_PROCUREMENT + ("lov",), on_key=True,
                      hint=_("set proposal.form to lov, or remove `lov` for a procurement under LOU"))
    for name, what in _LOU_NEEDS.items():
        if getattr(procurement, name) is None:
            yield Problem(_("a procurement under LOU needs `{name}`: {what}").format(name=name, what=_(what)),
                          path=_PROCUREMENT, on_key=True,
                          hint=_("add `{name}:` under procurement, or set proposal.form to lov for a "
                                 "valfrihetssystem").format(name=name))


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
                yield _unknown_component(rate.component, known, here)
            elif rate.component in seen:
                yield Problem(_("`{component}` is listed twice").format(component=rate.component), path=here,
                              hint=_("keep one of them"))
            seen.add(rate.component)
    paid = {rate.component for rate in lov.reimbursement.rates}
    for index, component in enumerate(spec.service.components):
        if component.id not in paid:
            yield Problem(_("`{component}` has no ersättning: an approved provider would not know what it is "
                            "paid").format(component=component.id),
                          path=("service", "components", index), hint=_("add it to lov.reimbursement.rates"))
    scopes: set[tuple[str, str]] = set()
    for index, cap in enumerate(lov.fee.caps if lov.fee else ()):
        if (cap.per, cap.period) in scopes:
            yield Problem(_("two caps per {per} and {period}").format(per=cap.per.value, period=cap.period.value),
                          path=path + ("fee", "caps", index), hint=_("keep the one that applies"))
        scopes.add((cap.per, cap.period))


_RULES = (_unique_ids, _contract_components, _contract_dates, _contract_coverage, _meeting_dates, _max_volumes,
          _financing, _header, _restated_figures, _form, _lov)


# --- The procurement ----------------------------------------------------------------------------

_PROCUREMENT = ("procurement",)


def _unit_prices(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    for index, component in enumerate(spec.service.components):
        if component.unit_price is None:
            yield Problem(_("no estimated price per unit for `{component}`: the contract value cannot be "
                            "estimated").format(component=component.id),
                          path=("service", "components", index, "unit_price"), on_key=True,
                          hint=_("add `unit_price:` in kronor per unit, excluding VAT; it is never printed in the "
                                 "tender documents"))


def _threshold_period(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    if figures.procurement.period is not None:
        return
    notice = spec.procurement.timetable.publication
    where = _PROCUREMENT + ("timetable", "publication")
    if notice < law.applies_from:
        yield Problem(_("the notice date {notice} is before the lag (2016:1145) om offentlig upphandling applies "
                        "({applies_from}, {source})").format(notice=notice, applies_from=law.applies_from,
                                                             source=law.applies_from_source), path=where,
                      hint=_("a procurement begun before then follows lagen (2007:1091), whose rules and thresholds "
                             "tenderkit does not compute; check the notice date"))
        return
    start, end = law.missing_period(notice)
    yield Problem(_("the threshold table has no values for the notice date {notice}: the period {start} – {end} "
                    "is missing").format(notice=notice, start=start, end=end), path=where,
                  hint=_paste_period(law, start, end))


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
    copy = (_("copy the period's amounts in kronor from {source} into these lines of {file} (the project file of "
              "your specs repository); each amount is checked against its amount in euro ({euro_source}):")
            if eur else _("copy the period's amounts in kronor from {source} into these lines of {file} (the project "
                          "file of your specs repository):"))
    return (copy.format(source=source, file=PROJECT_FILE, euro_source=eur.source if eur else "") + "\n"
            + "\n".join("      " + line for line in lines))


def _procedure_type(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    """What a category allows: the authority's own procedure only for social services (19 kap.
    LOU); the GPA question only for other services and works (the light regime's notice has none)."""
    procurement = spec.procurement
    social = procurement.category is ThresholdCategory.social_services
    if not social and procurement.procedure_type in OWN_DESIGN:
        yield Problem(_("`{type}` is a procedure the authority designs itself, which LOU allows for social and "
                        "other specific services only (19 kap.), and this procurement is `{category}`").format(
                          type=procurement.procedure_type, category=procurement.category),
                      path=_PROCUREMENT + ("procedure_type",),
                      hint=_("choose open, restricted, negotiated, competitive_dialogue or innovation_partnership, "
                             "or set category: social_services if the service is in LOU bilaga 2"))
    if social and procurement.gpa is not None:
        yield Problem(_("social and other specific services are announced without saying whether the GPA covers "
                        "them (the light regime's notice has no such field), so `gpa` says nothing here"),
                      path=_PROCUREMENT + ("gpa",), on_key=True,
                      hint=_("remove `gpa`, or set the category the service has (services or works)"))


def _simplified_procedure(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    procurement = spec.procurement
    if "förenklat förfarande" in procurement.procedure.lower() and \
            procurement.timetable.publication >= law.simplified_procedure_abolished:
        yield Problem(_("“förenklat förfarande” does not exist for procurements begun from {date} ({source})").format(
                          date=law.simplified_procedure_abolished, source=law.simplified_procedure_source),
                      path=_PROCUREMENT + ("procedure",),
                      hint=_("describe the procedure the authority has designed under 19 kap. LOU instead"))


def _timetable(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    procurement, earliest = spec.procurement, figures.procurement.earliest_signing
    timetable, start = procurement.timetable, procurement.contract.start
    days = [(name, getattr(timetable, name)) for name in TIMETABLE_ORDER]
    for (earlier, earlier_day), (later, later_day) in pairwise(days):
        if later_day <= earlier_day:
            yield Problem(_("{date} is not after the {milestone} ({milestone_date})").format(
                              date=later_day, milestone=_title(earlier), milestone_date=earlier_day),
                          path=_PROCUREMENT + ("timetable", later),
                          hint=_("the milestones come in this order: {milestones}").format(
                              milestones=", ".join(_title(name) for name in TIMETABLE_ORDER)))
    answers = timetable.answers_deadline
    if answers and not timetable.questions_deadline <= answers < timetable.tender_deadline:
        yield Problem(_("the questions are answered by {answers}, which is not between the last day for questions "
                        "({questions}) and the tender deadline ({deadline})").format(
                          answers=answers, questions=timetable.questions_deadline, deadline=timetable.tender_deadline),
                      path=_PROCUREMENT + ("timetable", "answers_deadline"),
                      hint=_("answer on or after the last day for questions and before the tender deadline, so that "
                             "every tenderer can use the answers"))
    if start < timetable.tender_deadline:
        yield Problem(_("the contract starts ({start}) before the tender deadline ({deadline})").format(
                          start=start, deadline=timetable.tender_deadline),
                      path=_PROCUREMENT + ("contract", "start"), hint=_("move the start after award and standstill"))
    elif start < timetable.contract_signing:
        yield Problem(_("the contract starts ({start}) before it can be signed ({signing})").format(
                          start=start, signing=timetable.contract_signing),
                      path=_PROCUREMENT + ("contract", "start"), hint=_("move the start after the standstill period"))
    for index, lot in enumerate(procurement.lots):
        if lot.start and lot.start < timetable.contract_signing:
            yield Problem(_("the lot `{lot}` starts ({start}) before its contract can be signed ({signing})").format(
                              lot=lot.id, start=lot.start, signing=timetable.contract_signing),
                          path=_PROCUREMENT + ("lots", index, "start"),
                          also=_PROCUREMENT + ("timetable", "contract_signing"),
                          hint=_("move the lot's start after the signing, or remove it so that the lot starts "
                                 "with procurement.contract.start"))
    if timetable.award < timetable.contract_signing < earliest:
        yield Problem(ngettext(
            "the contract is signed {signing}, during the standstill after the award decision of {award}: {count} day "
            "({source}), extended past a weekend or holiday (lag (1930:173))",
            "the contract is signed {signing}, during the standstill after the award decision of {award}: {count} days "
            "({source}), extended past a weekend or holiday (lag (1930:173))", law.standstill_days).format(
                signing=timetable.contract_signing, award=timetable.award, count=law.standstill_days,
                source=law.standstill_source),
            path=_PROCUREMENT + ("timetable", "contract_signing"),
            hint=_("sign on {date} or later").format(date=earliest))
    if timetable.tender_validity < timetable.contract_signing:
        yield Problem(_("tenders are binding until {validity}, before the contract can be signed ({signing})").format(
                          validity=timetable.tender_validity, signing=timetable.contract_signing),
                      path=_PROCUREMENT + ("timetable", "tender_validity"),
                      hint=_("let tenders stay binding at least until the planned signing"))


def _contract_term(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    term, value = spec.procurement.contract, figures.procurement
    path = _PROCUREMENT + ("contract",)
    if term.initial_months is None:
        if term.extensions:
            yield Problem(_("a contract that runs until further notice cannot have extension options"),
                          path=path + ("extensions",), hint=_("remove the extensions, or give initial_months"))
        if spec.procurement.terms.notice_months is None:
            yield Problem(_("a contract that runs until further notice needs a notice period"),
                          path=_PROCUREMENT + ("terms",), on_key=True, hint=_("add `notice_months:` under terms"))
    elif value.end is None:
        yield Problem(ngettext("with every extension the contract would run {count} month from {start}, past {last}",
                               "with every extension the contract would run {count} months from {start}, past {last}",
                               value.term_months).format(count=value.term_months, start=term.start, last=LAST_DATE),
                      path=path, on_key=True, hint=_("check the months of the contract and of its extensions"))
    elif value.term_months > law.open_ended_months:
        yield Problem(ngettext("the contract can run {count} month with its options, more than {limit}",
                               "the contract can run {count} months with its options, more than {limit}",
                               value.term_months).format(count=value.term_months, limit=law.open_ended_months),
                      path=path, severity="warning", on_key=True,
                      hint=_("a long term needs a reason; check it, or shorten the options"))
    for current in figures.contracts:
        if current.end is None:
            continue
        for start, (lot, where) in _new_starts(spec, current).items():
            if start == current.end + timedelta(days=1):
                continue
            gap = (start - current.end).days - 1
            difference = (ngettext("a gap of {count} day", "a gap of {count} days", gap).format(count=gap) if gap > 0
                          else ngettext("an overlap of {count} day", "an overlap of {count} days", -gap).format(count=-gap))
            message = (_("the new contract for the lot `{lot}` starts {start}, the current contract `{contract}` ends "
                         "{end}: {difference}") if lot else
                       _("the new contract starts {start}, the current contract `{contract}` ends {end}: {difference}"))
            yield Problem(message.format(lot=lot, start=start, contract=current.id, end=current.end,
                                         difference=difference),
                          path=where, severity="warning", also=("contracts", spec.contracts.index(current), "end"),
                          hint=_("a new contract usually starts the day after; a lot that starts another day says so "
                                 "with `start:`") if not lot and spec.procurement.lots else
                          _("a new contract usually starts the day after"))


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
        yield Problem(_("the tender is advertised {publication}, before the board meets on {meeting}").format(
                          publication=spec.procurement.timetable.publication, meeting=meeting),
                      path=_PROCUREMENT + ("timetable", "publication"), severity="warning",
                      hint=_("advertise after the board has decided, or check the dates"))
    for index, attachment in enumerate(spec.case.attachments):
        if meeting and attachment.date and attachment.date > meeting:
            yield Problem(_("“{title}” is dated {date}, after the meeting on {meeting} that decides on it").format(
                              title=attachment.title, date=attachment.date, meeting=meeting),
                          path=("case", "attachments", index, "date"), severity="warning",
                          hint=_("a document the board decides on exists before the meeting"))
    if spec.mbl.status != "negotiated" or 38 not in spec.mbl.sections:
        yield Problem(_("engaging a contractor normally needs a negotiation under 38 § MBL before the decision"),
                      path=("mbl",), severity="warning",
                      hint=_("negotiate under 38 § MBL (status: negotiated, section: 38, or [11, 38] with 11 §), or "
                             "explain why not in the memo"))


def _title(name: str) -> str:
    return Timetable.model_fields[name].title or name


def _new_max_volumes(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    months = figures.procurement.term_months
    if months is None:
        return
    for index, component in enumerate(spec.service.components):
        problem = component.max_volume is not None and _over_max_volume(
            component.per_year, component.max_volume, component.unit, Fraction(months), extensions=True)
        if problem:
            yield Problem(problem,
                          path=("service", "components", index, "max_volume"),
                          hint=_("raise the max volume or lower the yearly volume"))


def _evaluation(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    evaluation = spec.procurement.evaluation
    path = _PROCUREMENT + ("evaluation",)
    if evaluation.basis is not AwardBasis.best_price_quality:
        if evaluation.criteria:
            yield Problem(_("quality criteria are only evaluated with the basis best_price_quality"),
                          path=path + ("basis",), hint=_("set `basis: best_price_quality`, or remove the criteria"))
        for name in ("model", "price_weight", "method"):  # the document would leave them out, or print "None"
            if getattr(evaluation, name) is not None:
                yield Problem(_("`{name}` only counts with the basis best_price_quality").format(name=name),
                              path=path + (name,),
                              hint=_("remove `{name}`, or set `basis: best_price_quality`").format(name=name))
        return
    if not evaluation.criteria:
        yield Problem(_("best_price_quality needs at least one quality criterion"), path=path, on_key=True,
                      hint=_("add `criteria:`, or use the basis lowest_price"))
        return
    if evaluation.model is None:
        yield Problem(_("no evaluation model: how do the criteria count?"), path=path,
                      hint=_("set `model: price_deductions` (absolute, recommended) or `model: weights`"))
        return
    seen: set[str] = set()
    evaluated: dict[str, str] = {}
    for index, criterion in enumerate(evaluation.criteria):
        here = path + ("criteria", index)
        if criterion.id in seen:
            yield Problem(_("the id `{id}` is used twice").format(id=criterion.id), path=here + ("id",),
                          hint=_("give each criterion its own id"))
        seen.add(criterion.id)
        if evaluation.model is EvaluationModel.weights and criterion.weight is None:
            yield Problem(_("the criterion `{criterion}` has no weight").format(criterion=criterion.id), path=here,
                          hint=_("add `weight:` in percent"))
        if evaluation.model is not EvaluationModel.weights and criterion.weight is not None:
            yield Problem(_not_in_model("weight", evaluation.model), path=here + ("weight",),
                          hint=_("remove `weight`, or change the model"))
        yield from _levels(criterion, evaluation.model, here + ("levels",))
        if criterion.requirement in evaluated:
            yield Problem(_("`{requirement}` is already evaluated by `{criterion}`").format(
                              requirement=criterion.requirement, criterion=evaluated[criterion.requirement]),
                          path=here + ("requirement",), hint=_("evaluate each bör-krav once"))
        elif criterion.requirement:
            evaluated[criterion.requirement] = criterion.id
    deductions = sum(max((level.deduction or 0 for level in c.levels), default=0) for c in evaluation.criteria)
    if evaluation.model is EvaluationModel.price_deductions and deductions >= 100:
        yield Problem(_("the deductions of the highest levels add up to {deductions} %, so a tender could cost "
                        "nothing or less").format(deductions=deductions), path=path + ("criteria",), on_key=True,
                      hint=_("keep the highest deductions together well under 100 %"))
    for name in ("price_weight", "method"):  # the document would leave them out
        if evaluation.model is not EvaluationModel.weights and getattr(evaluation, name) is not None:
            yield Problem(_("`{name}` only counts in the model weights").format(name=name), path=path + (name,),
                          hint=_("remove it, or change the model"))
    if evaluation.model is EvaluationModel.weights:
        if evaluation.method is None:
            yield Problem(_("the weights model needs a description of how quality and price become points"),
                          path=path, on_key=True, hint=_("add `method:` describing the scoring"))
        if evaluation.price_weight is None:
            yield Problem(_("the weights model needs the weight of price"), path=path,
                          hint=_("add `price_weight:` in percent"))
        total = (evaluation.price_weight or 0) + sum(c.weight or 0 for c in evaluation.criteria)
        if total != 100:
            yield Problem(_("the weights add up to {total}, not 100 (price {price} and criteria {criteria})").format(
                              total=total, price=evaluation.price_weight or 0,
                              criteria=", ".join(str(c.weight or 0) for c in evaluation.criteria)),
                          path=path + ("criteria",), on_key=True, hint=_("make price and criteria weights add up to 100"))


def _not_in_model(name: str, model: EvaluationModel) -> str:
    return _("`{name}` does not count in the model {model}").format(name=name, model=model.value)


# What a level of each model lacks, and how to write it.
_LEVEL_WORDS = {
    EvaluationModel.price_deductions: (N_("the level has no price deduction in percent"),
                                       N_("write the level's price deduction in percent as `{key}:`")),
    EvaluationModel.weights: (N_("the level has no score in points"), N_("write the level's score in points as `{key}:`")),
}


def _levels(criterion: Criterion, model: EvaluationModel, path) -> Iterator[Problem]:
    """A tenderer can predict a criterion whose levels start at 0 and rise, each with its own worth
    in the spec's model."""
    key, (missing, write) = model.level_key, _LEVEL_WORDS[model]
    values: list[int | None] = []
    for index, level in enumerate(criterion.levels):
        wrong = [other.level_key for other in EvaluationModel if other is not model and level.worth(other) is not None]
        for name in wrong:
            yield Problem(_not_in_model(name, model), path=path + (index, name), hint=_(write).format(key=key))
        if level.worth(model) is None and not wrong:
            yield Problem(_(missing), path=path + (index,), hint=_("add `{key}:`").format(key=key))
        values.append(level.worth(model))
    if None in values:
        return
    if values[0] != 0:
        yield Problem(_("the lowest level is worth {worth}, not 0: a tender that shows nothing must earn "
                        "nothing").format(worth=values[0]),
                      path=path + (0, key), hint=_("add a first level with `{key}: 0` saying what earns nothing").format(
                          key=key))
    for index, (lower, higher) in enumerate(pairwise(values), start=1):
        if higher == lower:
            yield Problem(_("two levels are worth {worth}").format(worth=higher), path=path + (index, key),
                          hint=_("give each level its own worth, or merge the two"))
        elif higher < lower:
            yield Problem(_("the levels are out of order: {higher} after {lower}").format(higher=higher, lower=lower),
                          path=path + (index, key), hint=_("list the levels from the lowest (0) to the highest"))


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
            problems.append(Problem(_("the criterion evaluates `{requirement}`, which procurement.requirements does "
                                      "not list").format(requirement=criterion.requirement),
                                    path=path, hint=_("list the requirement, or correct the id")))
        elif requirement.mandatory:
            problems.append(Problem(_("`{requirement}` is a ska-krav; a criterion evaluates a bör-krav").format(
                                        requirement=criterion.requirement),
                                    path=path, hint=_("set `mandatory: false` on the requirement, or remove the link")))
        evaluated.add(criterion.requirement)
    lots = {lot.id for lot in spec.procurement.lots}
    positions = {(ref if isinstance(ref, str) else ref.id): i  # a requirement listed twice: its first place
                 for i, ref in reversed(list(enumerate(spec.procurement.requirements)))}
    for requirement in requirements:
        path = _PROCUREMENT + ("requirements", positions[requirement.id])
        for lot in requirement.lots:
            if lot not in lots:
                problems.append(Problem(
                    _("`{requirement}` names the lot `{lot}`, which procurement.lots does not have").format(
                        requirement=requirement.id, lot=lot), path=path,
                    hint=_("the lots are: {lots}").format(lots=", ".join(sorted(lots))) if lots else
                    _("the lots are: none")))
        if lov:
            if not requirement.mandatory:
                problems.append(Problem(_("`{requirement}` is a bör-krav, but a valfrihetssystem evaluates nothing: "
                                          "a provider that meets every ska-krav is approved").format(
                                            requirement=requirement.id), path=path,
                                        hint=_("make it a ska-krav (`mandatory: true`), or leave it out")))
            if requirement.attachment not in (None, AnnexForm.ansokningsformular):
                problems.append(Problem(_("`{requirement}` is answered in the {form}, but a valfrihetssystem's "
                                          "applicant answers every requirement in the ansökningsformulär").format(
                                            requirement=requirement.id, form=requirement.attachment.value), path=path,
                                        hint=_("set `attachment: ansokningsformular`, or leave `attachment` out")))
            continue
        if requirement.attachment is AnnexForm.ansokningsformular:
            problems.append(Problem(_("`{requirement}` is answered in the ansökningsformulär, which only a "
                                      "valfrihetssystem has").format(requirement=requirement.id), path=path,
                                    hint=_("name the anbudsformular, sanningsforsakran or referensformular")))
        if not requirement.mandatory and requirement.kind is not RequirementKind.service:
            problems.append(Problem(_("`{requirement}` is a bör-krav, but only service requirements are "
                                      "evaluated").format(requirement=requirement.id),
                                    path=path, hint=_("make it a ska-krav (`mandatory: true`)")))
        elif not requirement.mandatory and requirement.id not in evaluated:
            problems.append(Problem(_("the bör-krav `{requirement}` is evaluated by no criterion, so the document "
                                      "would promise an evaluation that does not happen").format(
                                        requirement=requirement.id), path=path,
                                    hint=_("link it from a criterion (`requirement:`), or make it a ska-krav")))
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
            yield Problem(_("the id `{id}` is used twice").format(id=lot.id), path=_PROCUREMENT + ("lots", i, "id"),
                          hint=_("give each lot its own id"))
        seen_lots.add(lot.id)
        for j, component in enumerate(lot.components):
            path = _PROCUREMENT + ("lots", i, "components", j)
            if component not in known:
                yield _unknown_component(component, known, path)
            elif component in placed:
                yield Problem(_("`{component}` is already in the lot `{lot}`").format(
                                  component=component, lot=placed[component]), path=path,
                              hint=_("put each component in one lot"))
            else:
                placed[component] = lot.id
    for index, component in enumerate(spec.service.components):
        if component.id not in placed:
            yield Problem(_("`{component}` is in no lot").format(component=component.id),
                          path=("service", "components", index),
                          hint=_("add it to the `components:` of one lot under procurement.lots"))


def _price_notes(spec: Spec, figures: Figures, law: Law) -> Iterator[Problem]:
    """A note of the price form for some lots names lots the spec has."""
    lots = [lot.id for lot in spec.procurement.lots]
    for i, note in enumerate(spec.procurement.price_form.notes):
        for j, lot in enumerate(getattr(note, "lots", ())):
            if lot not in lots:
                yield _unknown_lot(lot, lots, _PROCUREMENT + ("price_form", "notes", i, "lots", j),
                                   _("the spec has no procurement.lots: write the note as a plain text"))


_PROCUREMENT_RULES = (_unit_prices, _threshold_period, _procedure_type, _simplified_procedure, _timetable, _contract_term,
                      _meeting_order, _new_max_volumes, _evaluation, _lots, _price_notes)
