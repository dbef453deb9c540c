"""Figures computed from a spec. Pure functions: no I/O, no formatting, exact arithmetic.

Every figure a memo states about volumes (changes against the current contract, årsarbetare,
the contract value) comes from here, so a document can never restate a figure that disagrees
with the data.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .spec.law import Law, ThresholdPeriod
from .spec.model import DAYS_PER_YEAR, Component, Contract, Spec, Unit
from .spec.procurement import AwardBasis, ContractTerm, Criterion, Evaluation, EvaluationModel, Level, ThresholdCategory
from .spec.types import LAST_DATE


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, kept within the target month (Jan 31 + 1 month = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def last_day_of_term(start: date, months: int) -> date | None:
    """The last day of a term of `months` that starts on `start`; None when it would fall after
    the last date a spec may hold (the rules say so; a term of centuries is a typo)."""
    if (start.year * 12 + start.month - 1 + months) // 12 > date.max.year:
        return None
    last = add_months(start, months) - timedelta(days=1)
    return last if last <= LAST_DATE else None


def period_months(start: date, end: date) -> Fraction:
    """Length of the period from `start` to `end`, both days included, in months.

    Whole months are exact (2018-01-01 – 2021-12-31 is 48); a part month counts by its days.
    """
    stop = end + timedelta(days=1)
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and add_months(start, months) > stop:
        months -= 1
    anchor = add_months(start, months)
    rest = (stop - anchor).days
    if rest == 0:
        return Fraction(months)
    return months + Fraction(rest, (add_months(start, months + 1) - anchor).days)


def volume_over(per_year: int, months: Fraction) -> Fraction:
    return per_year * months / 12


def fte(hours: int, hours_per_fte: int) -> Fraction:
    """Årsarbetare equivalent to `hours` of work a year."""
    return Fraction(hours, hours_per_fte)


def running_contracts(spec: Spec) -> list[tuple[int, Contract]]:
    """Contracts for this service (contracts for other services have a `subject`) that run on the
    memo's date, with their positions in the spec."""
    day = spec.case.date
    return [(index, c) for index, c in enumerate(spec.contracts)
            if c.subject is None and (c.start is None or c.start <= day) and day <= c.end]


def current_contract(spec: Spec) -> Contract | None:
    running = running_contracts(spec)
    return running[0][1] if running else None


@dataclass(frozen=True)
class ComponentFigures:
    id: str
    name: str
    unit: Unit
    proposed_per_year: int
    current_per_year: int | None  # None: the current contract does not state it
    change: int | None  # proposed − current; None when the current contract states no volumes
    max_volume: int | None  # over the current contract's whole period


@dataclass(frozen=True)
class UnitTotals:
    unit: Unit
    current_per_year: int | None
    proposed_per_year: int
    change: int | None
    fte: Fraction | None  # årsarbetare the change in hours amounts to


@dataclass(frozen=True)
class Figures:
    components: tuple[ComponentFigures, ...]
    totals: tuple[UnitTotals, ...]  # one per unit in use, in order of first use
    current_contract: Contract | None
    compared: bool  # the current contract states volumes, so changes are known
    has_max_volumes: bool
    procurement: ProcurementFigures | None = None
    rates: tuple[RateFigures, ...] = ()  # a valfrihetssystem's ersättning per component

    @property
    def hours_change(self) -> int | None:
        return next((t.change for t in self.totals if t.unit is Unit.hours), None)


def derive(spec: Spec, law: Law | None = None) -> Figures:
    """Every figure of the spec; `law` (thresholds and rules) is needed when it has a procurement."""
    contract = current_contract(spec)
    volumes = {v.component: v for v in contract.volumes} if contract else {}
    # A component missing from a contract that lists volumes is new (0 today); a contract that
    # lists none leaves today's volumes unknown.
    compared = bool(volumes)
    components = []
    for component in spec.service.components:
        volume = volumes.get(component.id)
        current = volume.per_year if volume else None
        components.append(ComponentFigures(
            id=component.id, name=component.name, unit=component.unit,
            proposed_per_year=component.per_year, current_per_year=current,
            change=component.per_year - (current or 0) if compared else None,
            max_volume=volume.max_volume if volume else None))
    return Figures(
        components=tuple(components), totals=_totals(components, compared, spec.settings.hours_per_fte),
        current_contract=contract, compared=compared,
        has_max_volumes=any(c.max_volume is not None for c in components),
        procurement=derive_procurement(spec, law) if law else None, rates=rates(spec))


def _totals(components: list[ComponentFigures], compared: bool, hours_per_fte: int) -> tuple[UnitTotals, ...]:
    totals = []
    for unit in dict.fromkeys(c.unit for c in components):
        own = [c for c in components if c.unit is unit]
        change = sum(c.change for c in own) if compared else None
        totals.append(UnitTotals(
            unit=unit,
            current_per_year=sum(c.current_per_year or 0 for c in own) if compared else None,
            proposed_per_year=sum(c.proposed_per_year for c in own),
            change=change,
            fte=fte(change, hours_per_fte) if unit is Unit.hours and change is not None else None))
    return tuple(totals)


# --- The procurement: contract value (LOU 5 kap.), threshold class, lots, timetable ---------------


def term_months(term: ContractTerm) -> int | None:
    """The whole term with every extension option, in months; None for a contract that runs until
    further notice."""
    if term.initial_months is None:
        return None
    return term.initial_months + sum(e.months for e in term.extensions)


def counted_months(months: int | None, open_ended_months: int) -> int:
    """The months an estimate counts: the whole term with its options; but a service contract
    without a total price that runs longer than `open_ended_months` (48), or until further notice,
    counts 48 months (5 kap. 13 § LOU)."""
    return open_ended_months if months is None or months > open_ended_months else months


def contract_value(monthly: Fraction, months: int | None, open_ended_months: int) -> Fraction:
    """The value of the estimated volumes, excluding VAT: 50 000 kr a year on a 2+2-year contract
    is 200 000 kr, even if the extension is "only if needed"."""
    return monthly * counted_months(months, open_ended_months)


def priced_per_year(component: Component) -> int:
    """The volume a price per unit pays for in a year: a capacity (places, apartments) is priced
    per unit and dygn, so 36 places held all year are 13 140 dygn."""
    return component.per_year * DAYS_PER_YEAR if component.unit.is_capacity else component.per_year


def priced_max_volume(component: Component, months: int) -> Fraction | None:
    """The most a price per unit can pay for over `months`: a consumption's max volume, or a
    capacity's most held at once through every day of the months."""
    if component.max_volume is None:
        return None
    if component.unit.is_capacity:
        return Fraction(component.max_volume * DAYS_PER_YEAR * months, 12)
    return Fraction(component.max_volume)


def monthly_value(components: Iterable[Component]) -> Fraction | None:
    """The estimated value of one month: volume per year × price per unit / 12; None while any
    component lacks a price."""
    items = list(components)
    if any(c.unit_price is None for c in items):
        return None
    return Fraction(sum(priced_per_year(c) * c.unit_price for c in items), 12)


def maximum_value(components: Iterable[Component], months: int | None, open_ended_months: int) -> Fraction | None:
    """The most the contract can be worth: what it allows to be called off, max volume × price.

    Volumes are estimates the authority does not guarantee, so the contract works like a framework
    agreement, whose value is the highest total it allows (5 kap. LOU); a component without a max
    volume counts its estimated volume over the counted months."""
    items = list(components)
    if any(c.unit_price is None for c in items):
        return None
    counted = counted_months(months, open_ended_months)
    return sum((priced_max_volume(c, counted) * c.unit_price if c.max_volume is not None
                else Fraction(priced_per_year(c) * c.unit_price * counted, 12)) for c in items)


def value_class(value: Fraction, direct_award_limit: int, threshold: int) -> str:
    """below_direct_award (at most the limit), below_threshold, or at_or_above (the threshold or
    more). For social services the limit equals the threshold, so there is no middle class."""
    if value >= threshold:
        return "at_or_above"
    if value <= direct_award_limit:
        return "below_direct_award"
    return "below_threshold"


def threshold_limits(period: ThresholdPeriod, category: ThresholdCategory) -> tuple[int, int]:
    """(direct award limit, threshold) for the category of the contract."""
    if category is ThresholdCategory.social_services:
        return period.direct_award_social_services, period.social_services
    if category is ThresholdCategory.works:
        return period.direct_award, period.works
    return period.direct_award, period.services


def non_working(day: date) -> bool:
    """A day a statutory time limit cannot end on (lag (1930:173)): a Saturday, Sunday or public
    holiday, Midsummer Eve, Christmas Eve or New Year's Eve."""
    if day.weekday() >= 5 or (day.month, day.day) in ((12, 24), (12, 31)):
        return True
    import holidays  # here, not at the top: it loads every country's calendar (~50 ms), and only a
    # procurement's timetable needs it, not `tenderkit validate` of a memo

    public = holidays.Sweden(years=day.year, categories=("public",))
    midsummer_day = next(d for d, name in public.items() if d.month == 6 and d.weekday() == 5 and 20 <= d.day <= 26)
    return day in public or day == midsummer_day - timedelta(days=1)


def earliest_signing(award: date, standstill_days: int) -> date:
    """The first day a contract may be signed: the standstill runs `standstill_days` from the day
    after the award decision, is extended past a non-working last day, and ends with that day."""
    last = award + timedelta(days=standstill_days)
    while non_working(last):
        last += timedelta(days=1)
    return last + timedelta(days=1)


@dataclass(frozen=True)
class LotFigures:
    id: str
    name: str
    components: tuple[Component, ...]
    maximum_value: Fraction | None


@dataclass(frozen=True)
class ProcurementFigures:
    term_months: int | None  # None: until further notice
    counted_months: int  # the months estimates count
    end: date | None  # the last day with every extension used; None: until further notice, or past LAST_DATE
    initial_end: date | None  # the last day without extensions
    expected_value: Fraction | None  # the estimated volumes over the counted months; None while a price is missing
    maximum_value: Fraction | None  # the max volumes: the value for the threshold
    period: ThresholdPeriod | None  # None: the threshold table lacks the notice date
    threshold: int | None
    value_class: str | None  # below_direct_award, below_threshold or at_or_above
    class_meaning: str | None
    lots: tuple[LotFigures, ...]
    earliest_signing: date  # after the standstill
    example: PriceExample | None  # the worked example of the evaluation; None while the model cannot score it


TIMETABLE_ORDER = ("publication", "questions_deadline", "tender_deadline", "award", "contract_signing")


def derive_procurement(spec: Spec, law: Law) -> ProcurementFigures | None:
    procurement = spec.procurement
    if procurement is None or not procurement.is_lou:  # a valfrihetssystem has no value, class or timetable
        return None
    term = procurement.contract
    months = term_months(term)
    components = spec.service.components
    monthly = monthly_value(components)
    maximum = maximum_value(components, months, law.open_ended_months)
    period = law.period_for(procurement.timetable.publication)
    limits = threshold_limits(period, procurement.category) if period else None
    klass = value_class(maximum, *limits) if limits and maximum is not None else None
    by_id = {c.id: c for c in components}
    lots = tuple(LotFigures(lot.id, lot.name, own, maximum_value(own, months, law.open_ended_months))
                 for lot in procurement.lots
                 for own in [tuple(by_id[c] for c in lot.components if c in by_id)])
    return ProcurementFigures(
        term_months=months, counted_months=counted_months(months, law.open_ended_months),
        end=last_day_of_term(term.start, months) if months else None,
        initial_end=last_day_of_term(term.start, term.initial_months) if term.initial_months else None,
        expected_value=contract_value(monthly, months, law.open_ended_months) if monthly is not None else None,
        maximum_value=maximum, period=period,
        threshold=limits[1] if limits else None,
        value_class=klass, class_meaning=getattr(law.classes, klass) if klass else None, lots=lots,
        earliest_signing=earliest_signing(procurement.timetable.award, law.standstill_days),
        example=price_example(procurement.evaluation, lots[0] if lots else None, components))


# --- A valfrihetssystem's ersättning (LOV): set by the authority, the same for every provider -------


@dataclass(frozen=True)
class RateFigures:
    component: Component
    amount: int  # kronor per unit, for every provider (egen regi included)
    private_amount: Fraction | None  # with momskompensation, for private providers; None without it
    fee: int | None  # what the user pays per unit; None: no fee stated


def rates(spec: Spec) -> tuple[RateFigures, ...]:
    """The ersättning of each component in service order: 465 kr with 6 % momskompensation is
    492,90 kr for a private provider."""
    lov = spec.procurement.lov if spec.procurement else None
    if lov is None:
        return ()
    amounts = {rate.component: rate.amount for rate in lov.reimbursement.rates}
    fees = {rate.component: rate.amount for rate in lov.fee.rates} if lov.fee else {}
    percent = lov.reimbursement.vat_compensation
    return tuple(RateFigures(c, amounts[c.id], Fraction(amounts[c.id] * (100 + percent), 100) if percent else None,
                             fees.get(c.id)) for c in spec.service.components if c.id in amounts)


# --- A tender's price: what the price sheet sums and the evaluation compares ---------------------------


def tendered_price(prices: dict[str, Fraction], components: Iterable[Component]) -> Fraction:
    """The tendered price of a lot: Σ price per unit × estimated volume per year, over its
    components (the prisbilaga's sum and the evaluation's price are this one figure)."""
    return sum((Fraction(prices[c.id]) * priced_per_year(c) for c in components), Fraction(0))


def comparison_price(tendered: Fraction, deductions: Iterable[int]) -> Fraction:
    """The jämförelsepris under price deductions: the tendered price less the claimed deductions,
    each a percentage of the tendered price (so 10 % and 5 % take 15 % off)."""
    return tendered * (1 - Fraction(sum(deductions), 100))


# --- The worked example of the evaluation: two illustrative tenders --------------------------------

# Round prices per unit, the same for every spec, so the example says nothing of the authority's own
# estimate (`unit_price`, which the tender documents never show): A is cheaper and middling, B 10 %
# dearer and at every criterion's highest level.
EXAMPLE_TENDERS = (("A", 1_000, False), ("B", 1_100, True))  # name, price per unit, at the best levels


@dataclass(frozen=True)
class ExampleLine:
    name: str  # the component's
    unit: Unit
    per_year: int  # the estimated volume the price pays for (a capacity in dygn)
    unit_price: int  # illustrative, in kronor
    amount: Fraction  # unit price × volume


@dataclass(frozen=True)
class ExampleLevel:
    criterion: str  # the criterion's name
    level: Level  # the level the tender reaches: its worth and what earns it
    points: Fraction | None  # weights: the criterion's weight × the level's score / the highest score


@dataclass(frozen=True)
class ExampleTender:
    name: str  # "A" or "B"
    lines: tuple[ExampleLine, ...]
    tendered_price: Fraction
    levels: tuple[ExampleLevel, ...]  # one per criterion; empty without quality criteria
    deduction: int | None  # price_deductions: the sum of the levels' deductions, in percent
    comparison_price: Fraction | None  # price_deductions: the jämförelsepris
    quality_points: Fraction | None  # weights: the sum of the levels' points


@dataclass(frozen=True)
class PriceExample:
    lot: str | None  # the name of the lot the example prices (the first); None without lots
    tenders: tuple[ExampleTender, ...]
    winner: str | None  # the name of the tender that wins; None under weights (the spec's `method` scores
    # price) and when the two tie


def price_example(evaluation: Evaluation, lot: LotFigures | None, components: tuple[Component, ...]
                  ) -> PriceExample | None:
    """Two illustrative tenders for `lot` (the first), or for all `components` without lots, so a
    tenderer can see how the spec's own model ranks them (see EXAMPLE_TENDERS). None while the
    criteria cannot be scored (the rules say why)."""
    quality = evaluation.basis is AwardBasis.best_price_quality
    model = evaluation.model if quality else None
    if quality and not _scorable(evaluation):
        return None
    if lot is not None:
        components = lot.components
    tenders = []
    for name, unit_price, best in EXAMPLE_TENDERS:
        prices = {c.id: Fraction(unit_price) for c in components}
        tendered = tendered_price(prices, components)
        reached = tuple(_reached(criterion, model, best) for criterion in evaluation.criteria) if quality else ()
        deductions = [item.level.deduction for item in reached] if model is EvaluationModel.price_deductions else None
        tenders.append(ExampleTender(
            name=name, lines=tuple(ExampleLine(c.name, c.unit, priced_per_year(c), unit_price, prices[c.id] * priced_per_year(c))
                                   for c in components),
            tendered_price=tendered, levels=reached,
            deduction=sum(deductions) if deductions is not None else None,
            comparison_price=comparison_price(tendered, deductions) if deductions is not None else None,
            quality_points=sum((item.points for item in reached), Fraction(0)) if model is EvaluationModel.weights
            else None))
    return PriceExample(lot.name if lot else None, tuple(tenders), _winner(tenders, quality, model))


def _reached(criterion: Criterion, model: EvaluationModel, best: bool) -> ExampleLevel:
    """The highest level, or the middle one (the lower of two middles)."""
    ranked = sorted(criterion.levels, key=lambda level: level.worth(model))
    level = ranked[-1] if best else ranked[(len(ranked) - 1) // 2]
    return ExampleLevel(criterion.name, level, _points(criterion, level) if model is EvaluationModel.weights else None)


def _scorable(evaluation: Evaluation) -> bool:
    model = evaluation.model
    return model is not None and all(
        all(level.worth(model) is not None for level in c.levels)
        and (model is not EvaluationModel.weights or (c.weight is not None and max(lv.score for lv in c.levels) > 0))
        for c in evaluation.criteria)


def _points(criterion: Criterion, level: Level) -> Fraction:
    """A level's points under weights: the highest level earns the criterion's whole weight."""
    return Fraction(criterion.weight * level.score, max(lv.score for lv in criterion.levels))


def _winner(tenders: list[ExampleTender], quality: bool, model: EvaluationModel | None) -> str | None:
    if quality and model is not EvaluationModel.price_deductions:
        return None
    compared = [(t.comparison_price if quality else t.tendered_price, t.name) for t in tenders]
    (lowest, name), (second, _) = sorted(compared)
    return name if lowest < second else None
