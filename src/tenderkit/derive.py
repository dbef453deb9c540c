"""Figures computed from a spec. Pure functions: no I/O, no formatting, exact arithmetic.

Every figure a memo states about volumes (changes against the current contract, årsarbetare,
the contract value) comes from here, so a document can never restate a figure that disagrees
with the data.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache

from .spec.law import Law, ThresholdPeriod
from .spec.model import DAYS_PER_YEAR, Component, Contract, Spec, Unit, UnitWords
from .spec.procurement import AwardBasis, ContractTerm, Criterion, Evaluation, EvaluationModel, Level, ThresholdCategory
from .spec.types import LAST_DATE, first_day


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


def runs_on(contract: Contract, day: date) -> bool:
    """The contract runs on `day`: a start known only to the year or month counts from its first
    day, and egen regi without an end goes on."""
    return (contract.start is None or first_day(contract.start) <= day) and (contract.end is None or day <= contract.end)


def running_contracts(spec: Spec) -> list[tuple[int, Contract]]:
    """Contracts for this service (contracts for other services have a `subject`), egen regi
    included, that run on the memo's date, with their positions in the spec."""
    return [(index, c) for index, c in enumerate(spec.contracts) if c.subject is None and runs_on(c, spec.case.date)]


def covered_components(spec: Spec, contract: Contract) -> tuple[str, ...]:
    """The components a contract covers: those its volumes, `components` and `lots` name (ids
    that do not exist are the rules' to report); naming none, every component of the service."""
    lots = {lot.id: lot.components for lot in spec.procurement.lots} if spec.procurement else {}
    named = [*(v.component for v in contract.volumes), *contract.components,
             *(c for lot in contract.lots for c in lots.get(lot, ()))]
    if not named:
        return tuple(c.id for c in spec.service.components)
    return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Share:
    """What one running contract (or egen regi) holds of a component today."""

    contract: Contract
    per_year: int | None  # None: the contract states no volume for the component
    max_volume: int | None


@dataclass(frozen=True)
class ComponentFigures:
    id: str
    name: str
    unit: Unit | UnitWords
    proposed_per_year: int
    current_per_year: int | None  # Σ over the shares that state it; None when none does
    change: int | None  # proposed − current; None when no current contract states volumes
    max_volume: int | None  # Σ of the current contracts' max volumes over their whole periods
    shares: tuple[Share, ...] = ()  # the running contracts that cover it, in the spec's order


@dataclass(frozen=True)
class UnitTotals:
    unit: Unit | UnitWords
    current_per_year: int | None
    proposed_per_year: int
    change: int | None
    fte: Fraction | None  # årsarbetare the change in hours amounts to


@dataclass(frozen=True)
class Figures:
    components: tuple[ComponentFigures, ...]
    totals: tuple[UnitTotals, ...]  # one per unit in use, in order of first use
    contracts: tuple[Contract, ...]  # running on the memo's date, egen regi included, in the spec's order
    compared: bool  # a current contract states volumes, so changes are known
    has_max_volumes: bool
    procurement: ProcurementFigures | None = None
    rates: tuple[RateFigures, ...] = ()  # a valfrihetssystem's ersättning per component

    @property
    def hours_change(self) -> int | None:
        return next((t.change for t in self.totals if t.unit is Unit.hours), None)


def _known_sum(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def derive(spec: Spec, law: Law | None = None) -> Figures:
    """Every figure of the spec; `law` (thresholds and rules) is needed when it has a procurement."""
    running = [contract for _, contract in running_contracts(spec)]
    # A component no contract that lists volumes covers is new (0 today); contracts that list
    # none leave today's volumes unknown.
    compared = any(contract.volumes for contract in running)
    components = []
    for component in spec.service.components:
        shares = []
        for contract in running:
            if component.id in covered_components(spec, contract):
                volume = next((v for v in contract.volumes if v.component == component.id), None)
                shares.append(Share(contract, volume and volume.per_year, volume and volume.max_volume))
        current = _known_sum(s.per_year for s in shares)
        components.append(ComponentFigures(
            id=component.id, name=component.name, unit=component.unit,
            proposed_per_year=component.per_year, current_per_year=current,
            change=component.per_year - (current or 0) if compared else None,
            max_volume=_known_sum(s.max_volume for s in shares), shares=tuple(shares)))
    return Figures(
        components=tuple(components), totals=_totals(components, compared, spec.settings.hours_per_fte),
        contracts=tuple(running), compared=compared,
        has_max_volumes=any(c.max_volume is not None for c in components),
        procurement=derive_procurement(spec, law) if law else None, rates=rates(spec))


def _totals(components: list[ComponentFigures], compared: bool, hours_per_fte: int) -> tuple[UnitTotals, ...]:
    totals = []
    for unit in dict.fromkeys(c.unit for c in components):
        own = [c for c in components if c.unit == unit]  # a free unit is equal, not identical, across components
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


# Which rule of LOU 5 kap. values the contract (the law data cites both and the guidance).
WHOLE_TERM = "whole_term"  # 3 §: the whole term with every option
UNTIL_FURTHER_NOTICE = "until_further_notice"  # 13 §: the monthly value × 48
TOTAL_UNKNOWN = "total_unknown"  # 13 §: a fixed term over 48 months whose total cannot be estimated


def value_rule(term: ContractTerm, open_ended_months: int) -> str:
    """A fixed term counts whole (5 kap. 3 §); the 48-month rule (13 §) is for a total that cannot
    be estimated: a contract until further notice, or a longer fixed term the spec says so of.
    Upphandlingsmyndigheten reads 13 § so; undervaluing could put a procurement below its threshold."""
    months = term_months(term)
    if months is None:
        return UNTIL_FURTHER_NOTICE
    return TOTAL_UNKNOWN if term.total_unknown and months > open_ended_months else WHOLE_TERM


def counted_months(months: int | None, open_ended_months: int, total_unknown: bool = False) -> int:
    """The months an estimate counts: the whole term with its options; `open_ended_months` (48) for
    a contract until further notice, or a longer one whose total cannot be estimated (5 kap. 13 §)."""
    if months is None or (total_unknown and months > open_ended_months):
        return open_ended_months
    return months


def counted_days(start: date, months: int) -> int:
    """The days of `months` from `start`, the dygn a capacity is priced for: 48 months from
    2026-05-01 are 1 461 days, 2028-02-29 among them, not 4 × 365. The Gregorian calendar repeats
    every 400 years (4 800 months, 146 097 days), so a term of centuries counts without overflow."""
    cycles, rest = divmod(months, 4800)
    return cycles * 146_097 + (add_months(start, rest) - start).days


def whole_kronor(value: Fraction) -> int:
    """Money as documents state it, rounded to whole kronor (50 öre up): the figure a value's
    threshold class is decided by, so that the class never disagrees with the printed figure."""
    return math.floor(value + Fraction(1, 2))


def priced_per_year(component: Component) -> int:
    """The volume a price per unit pays for in a year: a capacity (places, apartments) is priced
    per unit and dygn, so 36 places held all year are 13 140 dygn."""
    return component.per_year * DAYS_PER_YEAR if component.unit.is_capacity else component.per_year


def priced_max_volume(component: Component, start: date, months: int) -> Fraction | None:
    """The most a price per unit can pay for over `months` from `start`: a consumption's max
    volume, or a capacity's most held at once through every day of those months."""
    if component.max_volume is None:
        return None
    if component.unit.is_capacity:
        return Fraction(component.max_volume * counted_days(start, months))
    return Fraction(component.max_volume)


def priced_estimate(component: Component, start: date, months: int) -> Fraction:
    """The estimated volume a price per unit pays for over `months` from `start`: a capacity's
    places held through every day, a consumption's volume per year for its share of the years."""
    if component.unit.is_capacity:
        return Fraction(component.per_year * counted_days(start, months))
    return Fraction(component.per_year * months, 12)


def _priced(components: Iterable[Component], volume: Callable[[Component], Fraction | int]) -> Fraction | None:
    """Σ volume × price per unit; None while any component lacks a price."""
    items = list(components)
    if any(c.unit_price is None for c in items):
        return None
    return sum((volume(c) * c.unit_price for c in items), Fraction(0))


def estimated_value(components: Iterable[Component], start: date, months: int | None, open_ended_months: int,
                    total_unknown: bool = False) -> Fraction | None:
    """The value of the estimated volumes over the counted months from `start`, excluding VAT:
    50 000 kr a year on a 2+2-year contract is 200 000 kr, even if the extension is "only if needed"."""
    counted = counted_months(months, open_ended_months, total_unknown)
    return _priced(components, lambda c: priced_estimate(c, start, counted))


def maximum_value(components: Iterable[Component], start: date, months: int | None, open_ended_months: int,
                  total_unknown: bool = False) -> Fraction | None:
    """The most the contract can be worth: what it allows to be called off, max volume × price.

    Volumes are estimates the authority does not guarantee, so the contract works like a framework
    agreement, whose value is the highest total it allows (5 kap. LOU); a component without a max
    volume counts its estimated volume over the counted months."""
    counted = counted_months(months, open_ended_months, total_unknown)
    return _priced(components, lambda c: priced_max_volume(c, start, counted) if c.max_volume is not None
                   else priced_estimate(c, start, counted))


def annual_value(components: Iterable[Component]) -> Fraction | None:
    """What a year of the estimated volumes costs, a capacity's places held 365 days: the memo's
    figure per year."""
    return _priced(components, priced_per_year)


def value_class(value: int | Fraction, direct_award_limit: int, threshold: int) -> str:
    """below_direct_award (at most the limit), below_threshold, or at_or_above (the threshold or
    more). For social services the limit equals the threshold, so there is no middle class.
    Documents pass the value in whole kronor (`whole_kronor`), as they print it."""
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


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays  # here, not at the top: it loads every country's calendar (~50 ms), and only a
    # procurement's timetable needs it, not `tenderkit validate` of a memo

    return frozenset(holidays.Sweden(years=year, categories=("public",)))


def _midsummer_eve(day: date) -> bool:
    """The Friday before Midsummer Day, the Saturday of 20–26 June."""
    return day.month == 6 and day.weekday() == 4 and 19 <= day.day <= 25


# The days a statutory time limit cannot end on, lag (1930:173) om beräkning av lagstadgad tid, 2 §
# (riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/lag-1930173-om-berakning-av-lagstadgad-tid_sfs-1930-173/):
# the one list that both `non_working` checks and the tender documents name (filters.DAY_KINDS).
NON_WORKING = {
    "saturday": lambda day: day.weekday() == 5,
    "sunday": lambda day: day.weekday() == 6,
    "public_holiday": lambda day: day in _public_holidays(day.year),
    "midsummer_eve": _midsummer_eve,
    "christmas_eve": lambda day: (day.month, day.day) == (12, 24),
    "new_years_eve": lambda day: (day.month, day.day) == (12, 31),
}


def non_working(day: date) -> bool:
    """A day a statutory time limit cannot end on: any kind of day in NON_WORKING."""
    return any(is_kind(day) for is_kind in NON_WORKING.values())


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
    start: date  # the lot's own start, or the procurement's
    initial_end: date | None  # the last day without extensions; None: until further notice
    end: date | None  # the last day with every extension used; None: until further notice, or past LAST_DATE


def last_days(start: date, term: ContractTerm) -> tuple[date | None, date | None]:
    """(initial end, end with every extension) of a term that starts on `start`: the procurement's
    own and each lot's, which may start another day with the same term."""
    months = term_months(term)
    return (last_day_of_term(start, term.initial_months) if term.initial_months else None,
            last_day_of_term(start, months) if months else None)


@dataclass(frozen=True)
class ProcurementFigures:
    term_months: int | None  # None: until further notice
    counted_months: int  # the months estimates count
    end: date | None  # the last day with every extension used; None: until further notice, or past LAST_DATE
    initial_end: date | None  # the last day without extensions
    expected_value: Fraction | None  # the estimated volumes over the counted months; None while a price is missing
    annual_value: Fraction | None  # a year of the estimated volumes
    maximum_value: Fraction | None  # the max volumes: the value for the threshold
    period: ThresholdPeriod | None  # None: the threshold table lacks the notice date
    threshold: int | None
    value_rule: str  # WHOLE_TERM, UNTIL_FURTHER_NOTICE or TOTAL_UNKNOWN
    value: int | None  # the maximum value in whole kronor: what documents print and the class is of
    direct_award_limit: int | None
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
    rule = value_rule(term, law.open_ended_months)
    unknown = rule == TOTAL_UNKNOWN
    components = spec.service.components
    # A capacity is priced over the days from its own lot's start: a lot may start another day.
    starts = {c: lot.start or term.start for lot in procurement.lots for c in lot.components}

    def over_own_starts(value: Callable[..., Fraction | None], own: Iterable[Component]) -> Fraction | None:
        parts = [value([c], starts.get(c.id, term.start), months, law.open_ended_months, unknown) for c in own]
        return None if any(p is None for p in parts) else sum(parts, Fraction(0))

    maximum = over_own_starts(maximum_value, components)
    value = whole_kronor(maximum) if maximum is not None else None
    period = law.period_for(procurement.timetable.publication)
    limits = threshold_limits(period, procurement.category) if period else None
    klass = value_class(value, *limits) if limits and value is not None else None
    by_id = {c.id: c for c in components}
    lots = tuple(LotFigures(lot.id, lot.name, own, over_own_starts(maximum_value, own), start, *last_days(start, term))
                 for lot in procurement.lots
                 for own, start in [(tuple(by_id[c] for c in lot.components if c in by_id), lot.start or term.start)])
    initial_end, end = last_days(term.start, term)
    return ProcurementFigures(
        term_months=months, counted_months=counted_months(months, law.open_ended_months, unknown),
        end=end, initial_end=initial_end,
        expected_value=over_own_starts(estimated_value, components), annual_value=annual_value(components),
        maximum_value=maximum, period=period,
        threshold=limits[1] if limits else None,
        value_class=klass, class_meaning=getattr(law.classes, klass) if klass else None, lots=lots,
        earliest_signing=earliest_signing(procurement.timetable.award, law.standstill_days),
        example=price_example(procurement.evaluation, lots[0] if lots else None, components),
        value_rule=rule, value=value, direct_award_limit=limits[0] if limits else None)


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


def tendered_value(prices: dict[str, Fraction], components: Iterable[Component], start: date, months: int) -> Fraction:
    """A tender's value over the contract: its prices × the estimated volumes over the counted months
    from `start`, as `estimated_value` counts the authority's own (the award notice's tender value)."""
    return sum((Fraction(prices[c.id]) * priced_estimate(c, start, months) for c in components), Fraction(0))


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
    unit: Unit | UnitWords
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
    return ExampleLevel(criterion.name, level, level_points(criterion, level) if model is EvaluationModel.weights else None)


def _scorable(evaluation: Evaluation) -> bool:
    model = evaluation.model
    return model is not None and all(
        all(level.worth(model) is not None for level in c.levels)
        and (model is not EvaluationModel.weights or (c.weight is not None and max(lv.score for lv in c.levels) > 0))
        for c in evaluation.criteria)


def level_points(criterion: Criterion, level: Level) -> Fraction:
    """A level's points under weights: the highest level earns the criterion's whole weight."""
    return Fraction(criterion.weight * level.score, max(lv.score for lv in criterion.levels))


def _winner(tenders: list[ExampleTender], quality: bool, model: EvaluationModel | None) -> str | None:
    if quality and model is not EvaluationModel.price_deductions:
        return None
    compared = [(t.comparison_price if quality else t.tendered_price, t.name) for t in tenders]
    (lowest, name), (second, _) = sorted(compared)
    return name if lowest < second else None
