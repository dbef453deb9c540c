"""What a template sees: the spec's fields, the derived figures, and the prose with its cited
figures already written out in Swedish (`text.matter`, `text.financing`, …).

Templates never see raw prose with `{…}` references, so no template has to know the reference
syntax, and nothing in the spec is ever evaluated as a template.

`Context` declares this vocabulary as a type, so `tenderkit check-templates` can tell a template
that uses a field no spec has from one that uses a field this spec leaves empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypedDict

from ..derive import NON_WORKING, Figures, UnitTotals
from ..spec.law import Law
from ..spec.library import Requirement
from ..spec.model import DAYS_PER_YEAR, Component, Contract, Prose, Spec, Unit
from ..spec.procurement import Criterion, EvaluationModel, RequirementKind
from ..spec.references import interpolate
from .filters import (
    change_amount,
    cite,
    count,
    document_date,
    join_and,
    months,
    number,
    quantity,
    signed,
    unit_name,
    upperfirst,
)

PROSE_SECTIONS = tuple(Prose.model_fields)


class LotRef(TypedDict):
    """A lot as running text names it: its number (the order of procurement.lots) and name."""

    number: int
    name: str


class RequirementText(TypedDict):
    id: str
    title: str
    text: str
    points: list[str]
    mandatory: bool
    verification: str | None
    law: str | None
    lots: list[LotRef]
    criterion: str | None  # the criterion that evaluates a bör-krav
    attachment: str | None  # the annex (a document kind's name) the requirement is answered with


class DocumentInfo(TypedDict):
    """A document of the tender package as the others refer to it: the list of annexes, headers."""

    name: str
    title: str
    annex: int | None  # its number among the förfrågningsunderlag's annexes; None for the main document
    file: str
    form: bool  # a form the tenderer fills in and hands in


class LevelText(TypedDict):
    worth: int  # the deduction in percent, or the score, as the evaluation model counts it
    earned_by: str


class CriterionText(TypedDict):
    name: str
    requirement: str | None
    weight: int | None
    description: str
    levels: list[LevelText]


class Wording(TypedDict):
    """Which sentences the spec's facts allow, decided here so that templates only word them."""

    components: list[str]  # the names "… omfattar" lists; empty where that would repeat the service's name
    proposal_sets_scope: bool  # the proposal changes a volume, or no volume of today is known: "Enligt förslaget omfattar"
    # what the new contract's max volumes count: "total" over the period (consumption), "at_once"
    # (capacity: places held at the same time), "mixed"; None when it states none
    max_volumes: str | None
    days_per_year: int | None  # the dygn a place held all year is priced for; None when nothing is a capacity
    capacity_units: list[Unit]  # the capacity units (places, apartments) priced per unit and dygn


class LotPeriod(TypedDict):
    name: str
    start: date
    initial_end: date | None  # None: until further notice
    end: date | None  # with every extension; None: until further notice


class ContractPeriods(TypedDict):
    """Whom the contract period's dates are said of: the procurement's start (`common`) and each
    lot that starts another day, so that the templates only word it."""

    common: bool  # the procurement's start applies: there are no lots, or a lot starts then
    lots: list[LotPeriod]  # the lots whose contract starts another day


class PriceLot(TypedDict):
    name: str | None
    number: int | None
    components: Sequence[Component]
    notes: list[str]  # the price form's notes for this lot only


class Valuation(TypedDict):
    """What the memo's value and threshold sentences decide, so the template only words them."""

    basis: str  # max_volumes (every component has one), mixed, or estimates (none has)
    rule: str  # derive's value rule: whole_term, until_further_notice or total_unknown
    extended: bool  # the whole term includes extension options
    compared: str  # what the value is compared with: direct_award or threshold
    equal: bool  # the value equals the figure it is compared with
    limits_equal: bool  # the direct award limit is the threshold (social services)
    says_limit: bool  # the direct award limit is near enough the value to be said (`LIMITS_MATTER_BELOW`)
    max_volumes: str | None  # the new contract's max volumes the value is built on, in running text


class VolumeRow(TypedDict):
    """A row of the memo's volume table, its figures written out."""

    name: str
    unit: str
    current: str
    proposed: str
    change: str


class Volumes(TypedDict):
    """What the memo says of the current contracts and of the volumes: the contract paragraph in
    Ärende, the sentences of Ekonomiska konsekvenser and the table (`table` names its columns:
    change, current or proposed)."""

    contracts: str | None
    today: str | None
    max_volumes: str | None
    change: str | None
    table: str
    headings: dict[str, str]
    caption: str
    rows: list[VolumeRow]


# Keys that come from the model (prose sections, requirement kinds, spec fields) are computed from it.
Texts = TypedDict("Texts", {  # noqa: UP013 - keys are computed
    **{name: list[str] for name in PROSE_SECTIONS}, "decisions": list[str], "financing": str | None,
    "procedure": str | None, "invoicing": str, "submission": str | None, "method": str | None, "sanctions": list[str],
    "insurance": str | None, "price_notes": list[str], "criteria": list[CriterionText],
    "personal_data_purpose": str | None, "application": str | None, "no_choice": str | None,
    "fee_collection": str | None, "reimbursement_adjustment": str | None}, total=False)
RequirementsByKind = TypedDict("RequirementsByKind",  # noqa: UP013 - keys are computed
                               {kind.value: list[RequirementText] for kind in RequirementKind}, total=False)
SPEC_FIELDS = {name: field.annotation for name, field in Spec.model_fields.items() if name != "prose"}
Context = TypedDict("Context", {  # noqa: UP013 - keys are computed
    **SPEC_FIELDS, "figures": Figures, "text": Texts, "law": Law | None, "requirements": RequirementsByKind,
    "price_lots": list[PriceLot], "say": Wording, "authority": str, "reference": str | None,
    "document": DocumentInfo, "annexes": list[DocumentInfo], "valuation": Valuation | None, "volumes": Volumes,
    "periods": ContractPeriods | None, "non_working": list[str]})


class AgendaMeeting(TypedDict):
    date: date | None
    time: str | None  # "13.15"
    place: str | None
    board: str
    administration: str
    municipality: str


class AgendaCase(TypedDict):
    number: int
    title: str
    dnr: str | None
    proposals: list[str]
    documents: list[str]


class AgendaContext(TypedDict):
    """What the agenda (föredragningslista) of a board-meeting package sees."""

    meeting: AgendaMeeting
    draft: bool
    cases: list[AgendaCase]


def build_context(spec: Spec, figures: Figures, requirements: Sequence[Requirement] = (),
                  law: Law | None = None, annexes: Sequence[DocumentInfo] = ()) -> dict[str, Any]:
    """What every document of the spec is given; the caller adds `document`, the one being made."""
    def written(paragraph: str) -> str:
        return interpolate(paragraph, spec, cite, begin_sentence=upperfirst)

    text: dict[str, Any] = {name: [written(p) for p in getattr(spec.prose, name)] for name in PROSE_SECTIONS}
    text["decisions"] = [written(p) for p in spec.proposal.decisions]
    text["financing"] = written(spec.proposal.financing) if spec.proposal.financing else None
    fields = {name: getattr(spec, name) for name in SPEC_FIELDS}
    procurement = spec.procurement
    context = {**fields, "figures": figures, "text": text, "law": law, "requirements": {}, "price_lots": [],
               "say": wording(spec, figures), "annexes": list(annexes), "reference": (procurement and procurement.reference) or spec.case.dnr,
               "authority": (procurement and procurement.authority.name) or spec.organisation.municipality,
               "valuation": _valuation(spec, figures), "volumes": volumes(spec, figures),
               "periods": contract_periods(spec, figures), "non_working": list(NON_WORKING)}
    if procurement:
        terms, evaluation, lov = procurement.terms, procurement.evaluation, procurement.lov
        optional = {"procedure": procurement.procedure, "submission": procurement.submission,
                    "method": evaluation and evaluation.method, "insurance": terms.insurance,
                    "personal_data_purpose": terms.personal_data and terms.personal_data.purpose,
                    "application": lov and lov.application, "no_choice": lov and lov.no_choice,
                    "fee_collection": lov and lov.fee and lov.fee.collection,
                    "reimbursement_adjustment": lov and lov.reimbursement.adjustment}
        text.update({name: written(value) if value else None for name, value in optional.items()})
        text.update(
            invoicing=written(terms.invoicing), sanctions=[written(p) for p in terms.sanctions],
            price_notes=[written(note) for note in price_notes(spec)],
            criteria=[_criterion(c, evaluation.model, written) for c in evaluation.criteria] if evaluation else [])
        lot_names = {lot.id: {"number": number, "name": lot.name} for number, lot in enumerate(procurement.lots, 1)}
        criteria = {c.requirement: c.name for c in evaluation.criteria if c.requirement} if evaluation else {}
        context["requirements"] = {kind.value: [_requirement(r, written, lot_names, criteria) for r in requirements
                                                if r.kind is kind] for kind in RequirementKind}
        figures_lots = figures.procurement.lots if figures.procurement else ()
        context["price_lots"] = [
            {"name": lot.name, "number": number, "components": lot.components,
             "notes": [written(note) for note in price_notes(spec, lot.id)]}
            for number, lot in enumerate(figures_lots, 1)] or \
            [{"name": None, "number": None, "components": spec.service.components, "notes": []}]
    return context


# The memo names the direct award limit only while the value is less than twice the threshold:
# nearer, other volumes or a longer term could bring it below, and the reader weighs whether the
# purchase could be made directly; far above, "direktupphandlingsgränsen är densamma" says nothing.
LIMITS_MATTER_BELOW = 2


def price_notes(spec: Spec, lot: str | None = None) -> list[str]:
    """The price form's notes for every lot (`lot` None), or those for one lot only; the
    förfrågningsunderlag and each sheet of the prisbilaga show the same."""
    notes = spec.procurement.price_form.notes
    if lot is None:
        return [note for note in notes if isinstance(note, str)]
    return [note.text for note in notes if not isinstance(note, str) and lot in note.lots]


def _valuation(spec: Spec, figures: Figures) -> Valuation | None:
    """The decisions behind the sentences that state the value: which volumes and which rule gave
    it, and what the printed value (whole kronor) is compared with."""
    value = figures.procurement
    if value is None or value.value is None or value.value_class is None:
        return None
    with_max = [c for c in spec.service.components if c.max_volume is not None]
    compared = "direct_award" if value.value_class == "below_direct_award" else "threshold"
    return {"basis": "max_volumes" if len(with_max) == len(spec.service.components) else "mixed" if with_max
            else "estimates",
            "rule": value.value_rule, "extended": bool(spec.procurement.contract.extensions), "compared": compared,
            "equal": value.value == (value.direct_award_limit if compared == "direct_award" else value.threshold),
            "limits_equal": value.direct_award_limit == value.threshold,
            "says_limit": value.value < LIMITS_MATTER_BELOW * value.threshold,
            "max_volumes": _at_most([(c.unit, c.max_volume, c.name) for c in with_max]) if with_max else None}


def contract_periods(spec: Spec, figures: Figures) -> ContractPeriods | None:
    """A lot that starts another day than the procurement's contract is said of by name, with its
    own first and last days; the procurement's start is said only while some part starts then."""
    value = figures.procurement
    if value is None:
        return None
    start = spec.procurement.contract.start
    other = [lot for lot in value.lots if lot.start != start]
    return {"common": len(other) < len(value.lots) or not value.lots,
            "lots": [{"name": lot.name, "start": lot.start, "initial_end": lot.initial_end, "end": lot.end}
                     for lot in other]}


# --- The current contracts and the volumes, as the memo states them ------------------------------


def volumes(spec: Spec, figures: Figures) -> Volumes:
    """The memo's words on today's contracts and the proposed volumes. One contract for the whole
    service reads as it always has; several contracts, egen regi, or a contract for part of the
    service are each named with what they hold. A capacity (places) is held, not used per year."""
    changed = any(c.change for c in figures.components)
    table = "change" if changed else "current" if figures.compared else "proposed"
    capacity = all(c.unit.is_capacity for c in figures.components)
    per_year = "" if capacity else " per år"
    in_house = any(c.in_house for c in figures.contracts)
    return {
        "contracts": _contracts_paragraph(spec, figures),
        "today": _today(figures) if figures.compared and not _contracts_state_volumes(figures) else None,
        "max_volumes": _max_volumes(figures) if figures.has_max_volumes else None, "change": _change(figures),
        "table": table,
        "headings": {"current": ("I dag" if in_house else "Dagens avtal") + per_year,
                     "proposed": "Förslag" + per_year, "change": "Förändring"},
        "caption": "Volym per insats" + ("" if capacity else " och år") + {
            "change": ": dagens avtal och förslaget", "current": " enligt dagens avtal",
            "proposed": " enligt förslaget"}[table],
        "rows": _volume_rows(figures, table),
    }


def _single(figures: Figures) -> bool:
    """One contract with a supplier, not limited to some components or lots, is the service's
    contract: the memo speaks of "avtalet" and names the service, as it always has."""
    if len(figures.contracts) != 1:
        return False
    only = figures.contracts[0]
    return not (only.in_house or only.components or only.lots)


def _party(contract: Contract) -> str:
    """Who holds a share: "egen regi", the supplier, or the contract's id when it names none."""
    return "egen regi" if contract.in_house else contract.supplier or contract.id


def _amount(unit: Unit, value: int, name: str) -> str:
    """A volume of a component in running text: "510 timmar gruppverksamhet", "36 platser på
    vård- och omsorgsboendet Amalia"."""
    return f"{quantity(value, unit)} {'på ' if unit.is_capacity else ''}{name}"


def _amounts(items: list[tuple[Unit, int, str]]) -> str:
    return _per_year([(_amount(*item), item[0]) for item in items])


def _per_year(items: list[tuple[str, Unit]]) -> str:
    """Volumes joined, with "per år" once after a list of consumption, after each consumption in
    a list with capacities, and never after a capacity."""
    if all(not unit.is_capacity for _, unit in items):
        return join_and(text for text, _ in items) + " per år"
    return join_and(text + ("" if unit.is_capacity else " per år") for text, unit in items)


def _held(figures: Figures, contract: Contract, attribute: str) -> list[tuple[Unit, int, str]]:
    """The volumes (per_year or max_volume) a contract states, component by component."""
    return [(c.unit, getattr(share, attribute), c.name) for c in figures.components for share in c.shares
            if share.contract is contract and getattr(share, attribute) is not None]


def _extended(contract: Contract) -> str:
    used = contract.extensions_used
    if not used:
        return ""
    times = "tillfälle" if len(used) == 1 else "tillfällen"
    return (f"har förlängts vid {count(len(used), 'neuter')} {times}, med "
            f"{join_and(months(e.months) for e in used)}, och ")


def _contracts_state_volumes(figures: Figures) -> bool:
    """Ärende's contract paragraph already says what each contract holds (a capacity is named with
    its size, "36 platser på …"), so Ekonomiska konsekvenser need not say it again."""
    return not _single(figures) and all(c.unit.is_capacity for c in figures.components)


def _contracts_paragraph(spec: Spec, figures: Figures) -> str | None:
    """Ärende's paragraph on today's contracts: since when, with whom, for what, until when."""
    municipality = spec.organisation.municipality
    sentences = []
    for position, contract in enumerate(figures.contracts):
        since = f"sedan {document_date(contract.start)} " if contract.start else ""
        if _single(figures):
            scope = spec.service.name
        else:
            scope = join_and(_amount(c.unit, share.per_year, c.name) if c.unit.is_capacity and share.per_year
                             else c.name
                             for c in figures.components for share in c.shares if share.contract is contract)
        if contract.in_house:
            until = f" till och med {document_date(contract.end)}" if contract.end else ""
            sentences.append(f"{since[:1].upper() + since[1:]}driver {municipality} {scope} i egen regi{until}."
                             if since else f"{municipality} driver {scope} i egen regi{until}.")
            continue
        also = "också " if any(not c.in_house for c in figures.contracts[:position]) else ""
        supplier = f" med {contract.supplier}" if contract.supplier else ""
        sentences.append(f"{municipality} har {also}{since}avtal{supplier} avseende {scope}. Avtalet "
                         f"{_extended(contract)}gäller till och med {document_date(contract.end)}.")
    return " ".join(sentences) or None


def _today(figures: Figures) -> str | None:
    """"Dagens avtal med … omfattar …": each contract's volumes today, egen regi's too."""
    sentences = []
    for contract in figures.contracts:
        held = _held(figures, contract, "per_year")
        if not held:
            continue
        if contract.in_house:
            sentences.append(f"I egen regi drivs {_amounts(held)}.")
            continue
        supplier = f" med {contract.supplier}" if contract.supplier else ""
        lead = "Dagens avtal" if not sentences else "Avtalet"
        sentences.append(f"{lead}{supplier} omfattar {_amounts(held)}.")
    return " ".join(sentences) or None


def _at_most(items: list[tuple[Unit, int, str]]) -> str:
    """Max volumes in running text after "högst": a capacity is the most held at once ("40 platser
    samtidigt på …"), a consumption the most over the contract's period."""
    return join_and(f"{quantity(value, unit)} samtidigt på {name}" if unit.is_capacity else _amount(unit, value, name)
                    for unit, value, name in items)


def _max_volumes(figures: Figures) -> str | None:
    """The max volumes of today's contracts; egen regi has none. A capacity's is the most places
    held at once, not a total over the period."""
    held = [(contract, _held(figures, contract, "max_volume")) for contract in figures.contracts]
    held = [(contract, items) for contract, items in held if items]
    if not held:
        return None
    reason = " En maxvolym gör det möjligt att utöka insatserna vid förändrade behov hos målgruppen eller " \
             "förändrade ekonomiska ramar."
    if all(unit.is_capacity for _, items in held for unit, _, _ in items):
        if _single(figures) or len(held) == 1:
            return f"Dagens avtal tillåter högst {_at_most(held[0][1])}." + reason
        parts = [f"{'Avtalet' if position == 0 else 'avtalet'} med {_party(contract)}"
                 f"{' tillåter' if position == 0 else ''} högst {_at_most(items)}"
                 for position, (contract, items) in enumerate(held)]
        return f"{join_and(parts)}." + reason
    parts = [join_and(_amount(*item) for item in items) if _single(figures)
             else f"{join_and(_amount(*item) for item in items)} i avtalet med {_party(contract)}"
             for contract, items in held]
    contracts = "avtalet" if len(parts) == 1 else "avtalen"
    return (f"Då {contracts} måste ange en maxvolym för avtalsperioden är den för pågående avtalsperiod "
            f"{join_and(parts)}." + reason)


def _change(figures: Figures) -> str | None:
    """"Förslaget är att avtalet utökas med …": per unit, consumption per year with its
    årsarbetare, capacity as places more or fewer held."""
    increases = [t for t in figures.totals if t.change and t.change > 0]
    decreases = [t for t in figures.totals if t.change and t.change < 0]
    if not increases and not decreases:
        return None
    subject = "avtalet" if _single(figures) or not figures.contracts else "volymen"

    def changes(totals: list[UnitTotals]) -> str:
        if len(totals) == 1 and totals[0].fte and not decreases:
            return f"{quantity(totals[0].change, totals[0].unit)} per år, motsvarande {count(totals[0].fte)} årsarbetare"
        return _per_year([(change_amount(t), t.unit) for t in totals])

    parts = [f"utökas med {changes(increases)}"] if increases else []
    if decreases:
        parts.append(f"minskas med {changes(decreases)}")
    return f"Förslaget är att {subject} {' och '.join(parts)}."


def _volume_rows(figures: Figures, table: str) -> list[VolumeRow]:
    """A row per component, the share of each contract under a component that several hold, and a
    total when several components count in one unit."""
    rows: list[VolumeRow] = []
    for c in figures.components:
        rows.append({"name": upperfirst(c.name), "unit": unit_name(c.unit), "current": number(c.current_per_year),
                     "proposed": number(c.proposed_per_year), "change": signed(c.change)})
        if len(c.shares) > 1 and table != "proposed":
            rows += [{"name": f"varav {_party(share.contract)}", "unit": unit_name(c.unit),
                      "current": number(share.per_year), "proposed": "", "change": ""} for share in c.shares]
    if len(figures.totals) == 1 and len(figures.components) > 1:
        total = figures.totals[0]
        rows.append({"name": "Totalt", "unit": unit_name(total.unit), "current": number(total.current_per_year),
                     "proposed": number(total.proposed_per_year), "change": signed(total.change)})
    return rows


def wording(spec: Spec, figures: Figures) -> Wording:
    """No "stödboende omfattar stödboende": a service whose only component bears its own name (or
    short name) says what it is once. A capacity is said with its size ("42 platser på …"): the
    places are what the service holds."""
    service = spec.service
    names = [component.name for component in service.components]
    own_names = {name.casefold() for name in (service.name, service.short_name) if name}
    tautology = len(names) == 1 and names[0].casefold() in own_names
    held = [_amount(c.unit, c.per_year, c.name) if c.unit.is_capacity else c.name for c in service.components]
    limited = {c.unit.is_capacity for c in service.components if c.max_volume is not None}
    capacity = list(dict.fromkeys(c.unit for c in service.components if c.unit.is_capacity))
    return {"components": [] if tautology else held,
            "proposal_sets_scope": any(c.change for c in figures.components) or not figures.compared,
            "max_volumes": None if not limited else "mixed" if len(limited) > 1 else
            "at_once" if True in limited else "total",
            "days_per_year": DAYS_PER_YEAR if capacity else None, "capacity_units": capacity}


def _criterion(criterion: Criterion, model: EvaluationModel | None, written) -> CriterionText:
    """A criterion as the tender documents explain it: what it assesses and each level's worth,
    lowest first."""
    levels = sorted(criterion.levels, key=lambda level: level.worth(model) or 0) if model else ()
    return {"name": criterion.name, "requirement": criterion.requirement, "weight": criterion.weight,
            "description": written(criterion.description),
            "levels": [{"worth": level.worth(model), "earned_by": written(level.earned_by)} for level in levels]}


def _requirement(requirement: Requirement, written, lot_names: dict[str, LotRef],
                 criteria: dict[str, str]) -> RequirementText:
    return {"id": requirement.id, "title": requirement.title, "text": written(requirement.text),
            "points": [written(item) for item in requirement.items], "mandatory": requirement.mandatory,
            "verification": written(requirement.verification) if requirement.verification else None,
            "law": requirement.law, "lots": [lot_names[lot] for lot in requirement.lots if lot in lot_names],
            "criterion": criteria.get(requirement.id), "attachment": requirement.attachment}


def core_properties(spec: Spec, kind: str, title: str, final: bool | None = None) -> dict[str, str]:
    """Title, subject and the like for the Word file's properties (shown by Word and archives).
    Word allows at most 255 characters in each. `final` overrides case.final (the award documents')."""
    properties = {
        "title": title,
        "subject": upperfirst(spec.service.name),
        "author": ", ".join(spec.case.officers) or spec.organisation.administration,
        "category": kind,
        # LibreOffice (and so every PDF) splits keywords at spaces too: a keyword of several words
        # holds together with no-break spaces.
        "keywords": "; ".join(term.replace(" ", "\u00a0") for term in (kind, upperfirst(spec.service.name), "upphandling")),
        "identifier": spec.case.dnr or "",
        "language": "sv-SE",
        "comments": f"{spec.organisation.administration}, {spec.organisation.municipality}",
        "content_status": "Slutlig" if (spec.case.final if final is None else final) else "UTKAST",
    }
    return {name: _fit(value) for name, value in properties.items()}


def _fit(value: str, limit: int = 255) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"


# --- The award documents: a spec plus its evaluated tenders (evaluation.Result) ------------------


class AwardLevel(TypedDict):
    criterion: str
    worth: str  # "10 %" or "15 poäng", as the model counts it
    earned_by: str  # what the level the evaluation group assessed stands for


class AwardTender(TypedDict):
    """A ranked tender in one lot, every figure written out."""

    rank: int
    tenderer: str
    tendered_price: str
    deduction: str | None  # price_deductions: the sum of the levels' deductions
    comparison_price: str | None  # price_deductions
    price_points: str | None  # weights
    quality_points: str | None  # weights
    total_points: str | None  # weights
    levels: list[AwardLevel]


class AwardPrice(TypedDict):
    """One price line of a tender: price per unit × the estimated volume."""

    tenderer: str
    component: str
    price: str  # per unit, to the öre
    unit: str  # what the price is per: "timme", "plats och dygn"
    volume: str
    amount: str


class AwardRejection(TypedDict):
    tenderer: str
    requirement: str  # the ska-krav's id
    title: str
    note: str


class AwardLot(TypedDict):
    heading: str  # "Delområde 1: Boende", or the service's name without lots
    label: str  # in running text: "delområde 1 (boende)", or "upphandlingen"
    received: list[str]  # the tenderers, in name order
    rejected: list[AwardRejection]
    unpriced: list[str]  # tenders not ranked for a missing price: "Trygga Steg AB (stödsamtal)"
    prices: list[AwardPrice]
    ranked: list[AwardTender]
    estimate: str | None  # the authority's own estimate at the same volumes
    winner: str | None
    reasons: list[str]  # the decision's reasons: the winner's figures, then each other tender's against it
    ties: list[str]  # which tenders were equal and how the tie rule ordered them
    warnings: list[str]  # what the evaluation group must look at (abnormally low, a single tender, …)


class AwardTenderer(TypedDict):
    name: str
    organisation_number: str
    lots: str  # the lots tendered for, in running text


class Standstill(TypedDict):
    """The avtalsspärr after the decision, counted as derive.earliest_signing counts it."""

    days: int
    source: str
    first: date  # the day after the decision
    nominal: date  # the last day before a non-working day extends it
    last: date
    signing: date  # the first day a contract may be signed
    extended_by: list[str]  # the non-working days it ran past: "2025-06-07 (lördag)"


class Award(TypedDict):
    decided: date
    final: bool  # the decision date was given (`--decided`); until then every award document is an UTKAST
    planned: date  # procurement.timetable.award
    planned_signing: date  # procurement.timetable.contract_signing
    by_board: bool
    delegate: str | None
    delegation: str | None
    review_body: str | None  # the förvaltningsrätt's name (procurement.authority.review_body)
    model: str | None  # price_deductions, weights, or None when the price alone decides
    tie_rule: str  # the rule in running text: "högst kvalitet först, sedan lottning"
    group: list[str]
    tenderers: list[AwardTenderer]
    lots: list[AwardLot]
    standstill: Standstill
    notes: list[str]  # the decision date against the timetable, said when they differ


AwardContext = TypedDict("AwardContext", {**Context.__annotations__, "award": Award})  # noqa: UP013
