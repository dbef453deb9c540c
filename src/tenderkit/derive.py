"""Figures computed from a spec. Pure functions: no I/O, no formatting, exact arithmetic.

Every figure a memo states about volumes (changes against the current contract, årsarbetare,
volume over a contract period, headroom to the max volume) comes from here, so a document
can never restate a figure that disagrees with the data.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .spec.model import Contract, Spec, Unit


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, kept within the target month (Jan 31 + 1 month = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


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


def current_contract(spec: Spec) -> Contract | None:
    """The contract for this service that runs on the memo's date (contracts for other services
    have a `subject`)."""
    day = spec.case.date
    running = [c for c in spec.contracts
               if c.subject is None and (c.start is None or c.start <= day) and day <= c.end]
    return running[0] if running else None


@dataclass(frozen=True)
class ComponentFigures:
    id: str
    name: str
    unit: Unit
    proposed_per_year: int
    current_per_year: int | None  # None: no current contract states it
    change: int  # proposed − current, where nothing stated counts as 0
    max_volume: int | None  # over the current contract's whole period
    current_period_volume: Fraction | None  # current per year × the current period
    headroom: Fraction | None  # max volume − period volume


@dataclass(frozen=True)
class UnitTotals:
    unit: Unit
    current_per_year: int
    proposed_per_year: int
    change: int


@dataclass(frozen=True)
class Figures:
    components: tuple[ComponentFigures, ...]
    totals: tuple[UnitTotals, ...]  # one per unit in use, in order of first use
    current_contract: Contract | None
    current_contract_months: Fraction | None
    hours_change: int
    fte_change: Fraction
    has_max_volumes: bool


def derive(spec: Spec) -> Figures:
    contract = current_contract(spec)
    months = period_months(contract.start, contract.end) if contract and contract.start else None
    volumes = {v.component: v for v in contract.volumes} if contract else {}
    components = []
    for component in spec.service.components:
        volume = volumes.get(component.id)
        current = volume.per_year if volume else None
        max_volume = volume.max_volume if volume else None
        period = volume_over(current, months) if current is not None and months is not None else None
        components.append(ComponentFigures(
            id=component.id, name=component.name, unit=component.unit,
            proposed_per_year=component.per_year, current_per_year=current,
            change=component.per_year - (current or 0), max_volume=max_volume,
            current_period_volume=period,
            headroom=max_volume - period if max_volume is not None and period is not None else None))
    totals = _totals(components)
    hours_change = sum(t.change for t in totals if t.unit is Unit.hours)
    return Figures(
        components=tuple(components), totals=totals, current_contract=contract,
        current_contract_months=months, hours_change=hours_change,
        fte_change=fte(hours_change, spec.settings.hours_per_fte),
        has_max_volumes=any(c.max_volume is not None for c in components))


def _totals(components: list[ComponentFigures]) -> tuple[UnitTotals, ...]:
    units = list(dict.fromkeys(c.unit for c in components))
    return tuple(UnitTotals(
        unit=unit,
        current_per_year=sum(c.current_per_year or 0 for c in components if c.unit is unit),
        proposed_per_year=sum(c.proposed_per_year for c in components if c.unit is unit),
        change=sum(c.change for c in components if c.unit is unit)) for unit in units)
