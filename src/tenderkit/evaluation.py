"""The evaluation of the tenders of a procurement, per lot: pure functions, exact Fractions.

A tender is the answers the evaluation group wrote down (`Answers`, one YAML file per tenderer)
and the prices per unit it tendered. Per lot, a tender that fails a ska-krav is rejected; the rest
get their tendered price (Σ price × the estimated volume the memo and the prisbilaga use), each
criterion's level as published, the jämförelsepris or the weighted score, and a rank. Ties are
ordered by the spec's `tie_break`; what no rule can order is left to lottning, and said.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field

from .derive import comparison_price, level_points, tendered_price, whole_kronor
from .i18n import _
from .spec.errors import PathT, Problem
from .spec.model import Component, Spec
from .spec.procurement import Address, AwardBasis, Criterion, EvaluationModel, Level, RequirementId, TieBreak
from .spec.suggest import closest
from .spec.types import Identifier, Model, Paragraph, Text

# The highest price per unit a tender may state: no unit a social service is priced in (a day, an
# hour, a session, a place) costs a million kronor, so a larger figure is a typo (an öre amount, a
# yearly sum in the price cell), never a price.
MAX_UNIT_PRICE = 1_000_000

# An abnormally low tender (LOU 16 kap. 7 §) has no threshold in Swedish law; the authority must ask
# for an explanation when a price *seems* abnormally low. As a policy default, tenderkit flags a
# tendered price at least this many percent below the mean of the lot's other tenders or below the
# authority's own estimate: the trigger Poland's procurement law writes into statute (ustawa z dnia
# 11 września 2019 r. – Prawo zamówień publicznych, Dz.U. 2019 poz. 2019, art. 224 ust. 2 pkt 1:
# 30 % below the estimated value or the arithmetic mean of the tenders;
# https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20190002019). A flag asks for a look, never
# rejects.
ABNORMALLY_LOW_PERCENT = 30

UnitPrice = Annotated[float, Field(ge=0.01, le=MAX_UNIT_PRICE)]  # kronor, to the öre


class RequirementAnswer(Model):
    id: RequirementId = Field(title="krav", description="Id för ett ska-krav i förfrågningsunderlaget.")
    fulfilled: bool = Field(title="uppfyllt", description="true om anbudet uppfyller kravet, annars false.")
    note: Paragraph | None = Field(
        None, title="anteckning", description="Varför kravet inte uppfylls (krävs då), eller annan anteckning.")


class LotAnswer(Model):
    id: Identifier | None = Field(
        None, title="delområde", description="Delområdets id; utelämnas när upphandlingen saknar delområden.")
    prices: dict[Identifier, UnitPrice] | None = Field(
        None, title="priser",
        description="Pris per enhet i kronor exkl. moms per insats; utelämnas när anbudets prisbilaga.xlsx ligger "
                    "bredvid filen.")
    levels: dict[Identifier, int] = Field(
        {}, title="nivåer",
        description="Nivån anbudet når på varje kriterium, som utvärderingsgruppen bedömt den: nivåns prisavdrag i "
                    "procent (price_deductions) eller poäng (weights).")


class Answers(Model):
    """One tender as the evaluation group records it (`tenderkit evaluate --template` writes one)."""

    tenderer: Text = Field(title="anbudsgivare", description="Anbudsgivarens namn.")
    organisation_number: Annotated[str, Field(pattern=r"^\d{6}-\d{4}$")] = Field(
        title="organisationsnummer", description="Anbudsgivarens organisationsnummer, t.ex. 556677-8899.")
    address: Address | None = Field(
        None, title="adress", description="Anbudsgivarens postadress; efterannonsen anger den för den som tilldelas "
                                          "kontrakt.")
    size: Literal["micro", "small", "medium", "large"] | None = Field(
        None, title="företagsstorlek",
        description="micro, small, medium eller large (EU:s definition av mikroföretag och små och medelstora "
                    "företag); efterannonsen anger den för den som tilldelas kontrakt.")
    subcontracting: bool | None = Field(
        None, title="underleverantörer",
        description="Om anbudsgivaren avser att anlita underleverantörer; annonsen om tilldelning anger det för den "
                    "som tilldelas kontrakt, och 'okänt' när det inte är ifyllt.")
    requirements: tuple[RequirementAnswer, ...] = Field(
        (), title="ska-krav", description="Varje ska-krav för de delområden anbudet gäller, uppfyllt eller inte.")
    lots: tuple[LotAnswer, ...] = Field(min_length=1, title="delområden", description="Delområden anbudet gäller.")


@dataclass(frozen=True)
class Tender:
    file: str  # the answers file, as messages name it
    answers: Answers
    prices: dict[str | None, dict[str, Fraction | None]]  # lot id (None without lots) → component → price; None: empty


@dataclass(frozen=True)
class LotSpec:
    """A lot as the evaluation sees it; a spec without lots has one, with id None."""

    id: str | None
    name: str
    components: tuple[Component, ...]


def lots_of(spec: Spec) -> tuple[LotSpec, ...]:
    by_id = {c.id: c for c in spec.service.components}
    if not spec.procurement.lots:
        return (LotSpec(None, spec.service.name, spec.service.components),)
    return tuple(LotSpec(lot.id, lot.name, tuple(by_id[c] for c in lot.components if c in by_id))
                 for lot in spec.procurement.lots)


def applies(requirement, lot: str | None) -> bool:
    """A requirement without lots applies to every lot."""
    return not requirement.lots or lot is None or lot in requirement.lots


def published(criterion: Criterion, model: EvaluationModel) -> tuple[int, ...]:
    """The worths a criterion's levels publish under `model`, lowest first."""
    return tuple(sorted({level.worth(model) for level in criterion.levels if level.worth(model) is not None}))


# --- The answers against the spec: every problem a located error -----------------------------------


def check_answers(answers: Answers, spec: Spec, requirements: Sequence, has_sheet: bool) -> list[Problem]:
    """What in a tender's answers the spec does not know or the evaluation cannot use; paths are in
    the answers file. `has_sheet`: the tender's prisbilaga.xlsx lies beside it."""
    lots = {lot.id: lot for lot in lots_of(spec)}
    evaluation = spec.procurement.evaluation
    problems: list[Problem] = []
    tendered: list[str | None] = []
    for index, lot in enumerate(answers.lots):
        path: PathT = ("lots", index)
        if lot.id is None and None not in lots:
            problems.append(Problem(_("which lot does this answer? The spec has lots: {lots}").format(
                lots=", ".join(map(str, lots))), path=path, on_key=True, hint=_("add `id:` with the lot's id")))
            continue
        if lot.id is not None and lot.id not in lots:
            problems.append(_unknown(_("the spec has no lot `{id}`").format(id=lot.id), path + ("id",), lot.id,
                                     [key for key in lots if key]))
            continue
        if lot.id in tendered:
            problems.append(Problem(_("the lot `{id}` is answered twice").format(id=lot.id), path=path + ("id",),
                                    hint=_("keep one answer per lot")))
            continue
        tendered.append(lot.id)
        problems += _check_prices(lot, lots[lot.id], path, has_sheet)
        problems += _check_levels(lot, evaluation, path)
    problems += _check_requirements(answers, requirements, [lot for lot in tendered])
    return problems


def _unknown(message: str, path: PathT, name: str, known: Iterable[str]) -> Problem:
    known = list(known)
    guess = closest(name, {key: key for key in known})
    hint = (_("did you mean `{name}`?").format(name=guess) if guess
            else _("choose one of: {names}").format(names=", ".join(known)))
    return Problem(message, path=path, hint=hint)


def _check_prices(lot: LotAnswer, own: LotSpec, path: PathT, has_sheet: bool) -> list[Problem]:
    if lot.prices is None:
        if has_sheet:
            return []
        return [Problem(_("the prices of this lot are missing, and there is no price sheet beside the file"),
                        path=path, on_key=True,
                        hint=_("put the tenderer's prisbilaga (.xlsx, the same name as this file) beside it, or "
                               "write `prices:` with the price per unit of each component"))]
    if has_sheet:
        return [Problem(_("the prices are given twice: here and in the price sheet beside the file"),
                        path=path + ("prices",), on_key=True,
                        hint=_("remove `prices:`: the tenderer's prisbilaga is read instead"))]
    components = [c.id for c in own.components]
    return [_unknown(_("the lot has no component `{id}`").format(id=key), path + ("prices", key), key, components)
            for key in lot.prices if key not in components]


def _check_levels(lot: LotAnswer, evaluation, path: PathT) -> list[Problem]:
    if evaluation.basis is not AwardBasis.best_price_quality or evaluation.model is None:
        return [Problem(_("the award basis is the price alone: no criterion is assessed"),
                        path=path + ("levels",), on_key=True, hint=_("remove `levels:`"))] if lot.levels else []
    model = evaluation.model
    criteria = {c.id: c for c in evaluation.criteria}
    problems = []
    for key, worth in lot.levels.items():
        if key not in criteria:
            problems.append(_unknown(_("the evaluation has no criterion `{id}`").format(id=key),
                                     path + ("levels", key), key, criteria))
        elif worth not in published(criteria[key], model):
            problems.append(Problem(
                _("{worth} is not one of the levels the criterion “{name}” published").format(
                    worth=worth, name=criteria[key].name),
                path=path + ("levels", key),
                hint=_("write one of: {levels}").format(levels=", ".join(map(str, published(criteria[key], model))))))
    missing = [c.id for c in evaluation.criteria if c.id not in lot.levels]
    if missing:
        problems.append(Problem(_("no level assessed for: {criteria}").format(criteria=", ".join(missing)),
                                path=path + ("levels",), on_key=True,
                                hint=_("write the level the evaluation group assessed for each criterion")))
    return problems


def _check_requirements(answers: Answers, requirements: Sequence, tendered: list[str | None]) -> list[Problem]:
    by_id = {r.id: r for r in requirements}
    problems, seen = [], set()
    for index, answer in enumerate(answers.requirements):
        path: PathT = ("requirements", index)
        requirement = by_id.get(answer.id)
        if requirement is None:
            problems.append(_unknown(_("the spec has no requirement `{id}`").format(id=answer.id), path + ("id",),
                                     answer.id, [r.id for r in requirements if r.mandatory]))
        elif not requirement.mandatory:
            problems.append(Problem(
                _("`{id}` is a bör-krav, not a ska-krav: a tender cannot fail it").format(id=answer.id),
                path=path + ("id",), hint=_("remove it here; its assessment is the level of its criterion")))
        elif answer.id in seen:
            problems.append(Problem(_("`{id}` is answered twice").format(id=answer.id), path=path + ("id",),
                                    hint=_("keep one answer per requirement")))
        elif not answer.fulfilled and not answer.note:
            problems.append(Problem(_("a failed ska-krav needs its reason: the decision must state it"),
                                    path=path + ("fulfilled",),
                                    hint=_("write `note:` with why the tender does not fulfil `{id}`").format(
                                        id=answer.id)))
        seen.add(answer.id)
    missing = [r.id for r in requirements if r.mandatory and r.id not in seen
               and any(applies(r, lot) for lot in tendered)]
    if missing:
        problems.append(Problem(
            _("no answer for the ska-krav {ids}").format(ids=", ".join(missing)), path=("requirements",), on_key=True,
            hint=_("add each with `fulfilled: true` or `false` (`tenderkit evaluate SPEC --template` lists them all)")))
    return problems


# --- The evaluation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    requirement: str
    note: str | None


@dataclass(frozen=True)
class Assessed:
    criterion: Criterion
    level: Level
    points: Fraction | None  # weights: weight × score / the highest score


@dataclass(frozen=True)
class Entry:
    """One tender in one lot."""

    tenderer: str
    organisation_number: str
    file: str
    rejected: tuple[Rejection, ...]  # the ska-krav it fails; rejected when any
    empty_prices: tuple[str, ...]  # components without a price: not ranked
    tendered_price: Fraction | None
    levels: tuple[Assessed, ...]
    deduction: int | None  # price_deductions: Σ percent
    comparison_price: Fraction | None  # price_deductions
    price_points: Fraction | None  # weights
    quality_points: Fraction | None  # weights
    rank: int | None  # 1 is the winner; equal ranks: a tie only lottning can order

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def total_points(self) -> Fraction | None:
        return None if self.price_points is None else self.price_points + self.quality_points


@dataclass(frozen=True)
class Tie:
    """Tenders equal on the evaluation's measure, and the rule that ordered them (None: lottning)."""

    tenderers: tuple[str, ...]
    decided_by: str | None  # "quality", "price", or None when lots must be drawn


@dataclass(frozen=True)
class LotResult:
    lot: LotSpec
    entries: tuple[Entry, ...]  # ranked first, in rank order, then the rest in file order
    estimate: Fraction | None  # the authority's own: Σ unit_price × volume; None while a unit price is missing
    ties: tuple[Tie, ...]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Result:
    basis: AwardBasis
    model: EvaluationModel | None  # None: the price alone decides
    tie_break: TieBreak  # the rule as it applies (`Evaluation.tie_rule`)
    lots: tuple[LotResult, ...]


def evaluate(spec: Spec, requirements: Sequence, tenders: Sequence[Tender]) -> Result:
    """Every lot's evaluation; the tenders' answers have passed `check_answers`."""
    evaluation = spec.procurement.evaluation
    model = evaluation.model if evaluation.basis is AwardBasis.best_price_quality else None
    lots = tuple(_lot(lot, evaluation, model, requirements, tenders) for lot in lots_of(spec))
    return Result(evaluation.basis, model, evaluation.tie_rule, lots)


def _lot(lot: LotSpec, evaluation, model: EvaluationModel | None, requirements: Sequence,
         tenders: Sequence[Tender]) -> LotResult:
    by_id = {r.id: r for r in requirements}
    criteria = evaluation.criteria if model else ()
    entries = []
    for tender in tenders:
        answer = next((a for a in tender.answers.lots if a.id == lot.id), None)
        if answer is None:
            continue
        prices = tender.prices.get(lot.id, {})
        empty = tuple(c.id for c in lot.components if prices.get(c.id) is None)
        rejected = tuple(Rejection(a.id, a.note) for a in tender.answers.requirements
                         if not a.fulfilled and a.id in by_id and applies(by_id[a.id], lot.id))
        price = None if empty else tendered_price(prices, lot.components)
        levels = tuple(_assessed(c, answer.levels[c.id], model) for c in criteria)
        deduction = sum(a.level.deduction for a in levels) if model is EvaluationModel.price_deductions else None
        entries.append(Entry(
            tender.answers.tenderer, tender.answers.organisation_number, tender.file, rejected, empty, price, levels,
            deduction, comparison_price(price, [deduction]) if deduction is not None and price is not None else None,
            None, sum((a.points for a in levels), Fraction(0)) if model is EvaluationModel.weights else None, None))
    competing = [e for e in entries if not e.rejected and not e.empty_prices]
    if model is EvaluationModel.weights and competing:
        lowest = min(e.tendered_price for e in competing)
        competing = [replace(e, price_points=evaluation.price_weight * lowest / e.tendered_price) for e in competing]
    ranked, ties = _rank(competing, model, evaluation.tie_rule)
    rest = [e for e in entries if e.rejected or e.empty_prices]
    estimate = (tendered_price({c.id: c.unit_price for c in lot.components}, lot.components)
                if all(c.unit_price is not None for c in lot.components) else None)
    warnings = _warnings(lot, entries, ranked, ties, estimate)
    return LotResult(lot, tuple(ranked + rest), estimate, tuple(ties), tuple(warnings))


def _assessed(criterion: Criterion, worth: int, model: EvaluationModel) -> Assessed:
    level = next(level for level in criterion.levels if level.worth(model) == worth)
    return Assessed(criterion, level, level_points(criterion, level) if model is EvaluationModel.weights else None)


def measure(entry: Entry, model: EvaluationModel | None) -> Fraction:
    """What the evaluation compares, lower better: the jämförelsepris, the tendered price, or the
    weighted score negated."""
    if model is EvaluationModel.price_deductions:
        return entry.comparison_price
    if model is EvaluationModel.weights:
        return -entry.total_points
    return entry.tendered_price


def _tie_key(entry: Entry, model: EvaluationModel | None, rule: TieBreak) -> tuple[str | None, Fraction | int]:
    """(the rule's name, its key, lower better) that orders tenders of equal measure."""
    if rule is TieBreak.quality_then_lottery:
        return "quality", -(entry.deduction if model is EvaluationModel.price_deductions else entry.quality_points)
    if rule is TieBreak.price_then_lottery:
        return "price", entry.tendered_price
    return None, 0


def _rank(entries: list[Entry], model: EvaluationModel | None, rule: TieBreak) -> tuple[list[Entry], list[Tie]]:
    """Competition ranking (1, 1, 3) by (measure, tie key): equal on both is a tie for lottning.
    The order within a tie is the tenderers' names, so the file order never shows."""
    def key(entry: Entry):
        return measure(entry, model), _tie_key(entry, model, rule)[1]

    ordered = sorted(entries, key=lambda e: (key(e), e.tenderer, e.organisation_number))
    ranked = [replace(e, rank=1 + sum(key(other) < key(e) for other in entries)) for e in ordered]
    ties = []
    for value in sorted({measure(e, model) for e in entries}):
        group = [e for e in ranked if measure(e, model) == value]
        if len(group) > 1:
            keys = Counter(key(e) for e in group)
            name = _tie_key(group[0], model, rule)[0]
            ties.append(Tie(tuple(e.tenderer for e in group), name if max(keys.values()) == 1 else None))
    return ranked, ties


def _warnings(lot: LotSpec, entries: list[Entry], ranked: list[Entry], ties: list[Tie],
              estimate: Fraction | None) -> list[Problem]:
    name = lot.name
    warnings = []
    if not entries:
        warnings.append(Problem(_("lot “{lot}”: no tender").format(lot=name), severity="warning",
                                hint=_("the lot cannot be awarded; consider cancelling it (avbryta upphandlingen)")))
    elif len(ranked) == 1:
        warnings.append(Problem(
            _("lot “{lot}”: a single tender to evaluate, so there is no competition").format(lot=name),
            severity="warning", hint=_("check that its price is reasonable against the estimate before awarding")))
    for entry in entries:
        if entry.empty_prices:
            warnings.append(Problem(
                _("lot “{lot}”: {tenderer} gives no price for {components}; the tender is not ranked").format(
                    lot=name, tenderer=entry.tenderer, components=", ".join(entry.empty_prices)),
                severity="warning", hint=_("an incomplete tender is usually rejected: the evaluation group decides")))
    for entry in ranked:
        others = [e.tendered_price for e in ranked if e is not entry]
        for reference, message in (
            (sum(others, Fraction(0)) / len(others) if others else None,
             _("lot “{lot}”: the tendered price of {tenderer}, {price}, is {percent} % below the mean of the other "
               "tenders, {reference}: it may be abnormally low (LOU 16 kap. 7 §)")),
            (estimate, _("lot “{lot}”: the tendered price of {tenderer}, {price}, is {percent} % below the "
                         "authority's estimate, {reference}: it may be abnormally low (LOU 16 kap. 7 §)"))):
            if reference and entry.tendered_price <= reference * (100 - ABNORMALLY_LOW_PERCENT) / 100:
                below = (reference - entry.tendered_price) * 100 / reference
                warnings.append(Problem(
                    message.format(lot=name, tenderer=entry.tenderer, price=kronor_text(entry.tendered_price),
                                   percent=round(below), reference=kronor_text(reference)),
                    severity="warning",
                    hint=_("ask the tenderer to explain the price before deciding; flagged at {percent} % below "
                           "(tenderkit's default, not a limit in law)").format(percent=ABNORMALLY_LOW_PERCENT)))
    for tie in ties:
        if tie.decided_by is None:
            warnings.append(Problem(
                _("lot “{lot}”: {tenderers} are equal, and the tie rule does not separate them").format(
                    lot=name, tenderers=", ".join(tie.tenderers)),
                severity="warning", hint=_("draw lots (lottning) as the procurement documents say, and record it")))
    return warnings


def kronor_text(value: Fraction) -> str:
    """Whole kronor, as a message states an amount: "6 088 200 kr"."""
    return f"{whole_kronor(value):,}".replace(",", "\u00a0") + " kr"
