"""The dated figures of the law that tenderkit computes with: thresholds, standstill, the value
rules. They live in a data file with their sources (`data/lou.yaml`), never in code; a project may
bring a newer copy (`law:` in tenderkit.yaml) or type a period's amounts in kronor there
(`thresholds:`), checked against the period's amounts in euro."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import _
from .errors import Location
from .loader import read_yaml
from .types import Model, Text, Url
from .validate import read_valid

BUNDLED_LAW = Path(__file__).resolve().parent.parent / "data" / "lou.yaml"
Amount = Annotated[int, Field(ge=1)]
# The amounts the EU sets in euro and Sweden publishes in kronor; the direct award limits are national.
EURO_FIELDS = ("services", "works", "social_services")
AMOUNT_FIELDS = (*EURO_FIELDS, "direct_award", "direct_award_social_services")
# Kronor per euro that a typed amount may imply. The krona has traded between about 8.2 and 11.9 per
# euro since 1999 (9.14 in the 2016–2017 amounts, 10.81 in 2024–2025); 8–14 leaves room for a weaker
# krona, while an amount typed in euro, with a digit missing or one too many is far outside.
PLAUSIBLE_RATE = (8, 14)


class EuroAmounts(Model):
    services: Amount = Field(title="varor och tjänster", description="Tröskelvärde i euro för varor och tjänster.")
    works: Amount = Field(title="byggentreprenader", description="Tröskelvärde i euro för byggentreprenader.")
    social_services: Amount = Field(title="sociala tjänster", description="Tröskelvärde i euro för sociala tjänster.")
    source: Text = Field(title="källa", description="EU-rättsakten som fastställer beloppen.")


class ThresholdPeriod(Model):
    start: dt.date = Field(title="från", description="Första dagen beloppen gäller.")
    end: dt.date = Field(title="till", description="Sista dagen beloppen gäller.")
    source: Url = Field(title="källa", description="Var beloppen i kronor är publicerade.")
    services: Amount = Field(title="varor och tjänster", description="Tröskelvärde för varor och tjänster.")
    works: Amount = Field(title="byggentreprenader", description="Tröskelvärde för byggentreprenader.")
    social_services: Amount = Field(title="sociala tjänster", description="Tröskelvärde för sociala tjänster (bilaga 2).")
    direct_award: Amount = Field(title="direktupphandlingsgräns", description="Direktupphandlingsgräns.")
    direct_award_social_services: Amount = Field(
        title="direktupphandlingsgräns, sociala tjänster", description="Direktupphandlingsgräns för sociala tjänster.")
    eur: EuroAmounts | None = Field(None, title="belopp i euro", description="EU:s belopp som kronbeloppen motsvarar.")


class AnnouncedPeriod(Model):
    """A period whose amounts in euro are set but whose amounts in kronor the data does not cite yet."""

    start: dt.date = Field(title="från", description="Första dagen beloppen gäller.")
    end: dt.date = Field(title="till", description="Sista dagen beloppen gäller.")
    eur: EuroAmounts = Field(title="belopp i euro", description="EU:s belopp för perioden.")
    sek_source: Url = Field(title="belopp i kronor", description="Var beloppen i kronor publiceras.")


class ClassMeanings(Model):
    below_direct_award: Text = Field(title="under direktupphandlingsgränsen", description="Vad det innebär.")
    below_threshold: Text = Field(title="under tröskelvärdet", description="Vad det innebär.")
    at_or_above: Text = Field(title="minst tröskelvärdet", description="Vad det innebär.")


class NationalLimits(Model):
    """The direct award limits Sweden sets itself, the same in every period from `since`: a fixed
    amount, and for social services the threshold (LOU bilaga 2)."""

    since: dt.date = Field(title="från", description="Dagen gränserna gäller från.")
    direct_award: Amount = Field(title="direktupphandlingsgräns", description="Direktupphandlingsgränsen i kronor.")
    source: Text = Field(title="källa", description="Författningen som fastställer gränserna.")


class Law(Model):
    applies_from: dt.date = Field(title="LOU gäller från", description="Dagen lagen (2016:1145) trädde i kraft.")
    applies_from_source: Text = Field(title="källa", description="Lagrum.")
    thresholds: tuple[ThresholdPeriod, ...] = Field(min_length=1, title="tröskelvärden", description="Perioder med belopp.")
    threshold_page: Url = Field(title="tröskelvärden", description="Där nya belopp i kronor publiceras.")
    announced: tuple[AnnouncedPeriod, ...] = Field(
        (), title="aviserade perioder", description="Perioder med belopp i euro men ännu inga belopp i kronor.")
    national_limits: NationalLimits = Field(
        title="nationella gränser", description="Direktupphandlingsgränserna som inte räknas om från euro.")
    standstill_days: Amount = Field(title="avtalsspärr", description="Avtalsspärrens längd i dagar.")
    standstill_source: Text = Field(title="källa", description="Lagrum.")
    validity_review_months: Amount = Field(
        title="överprövning av avtals giltighet", description="Månader från avtalet inom vilka dess giltighet kan "
                                                              "överprövas: 6 enligt 20 kap. 17 § LOU.")
    validity_review_days: Amount = Field(
        title="överprövning efter efterannons", description="Dagar från efterannonsen i TED inom vilka avtalets "
                                                            "giltighet kan överprövas: 30 enligt 20 kap. 17 § LOU.")
    validity_review_source: Text = Field(title="källa", description="Lagrum.")
    simplified_procedure_abolished: dt.date = Field(
        title="förenklat förfarande upphör", description="Från detta datum finns inte förenklat förfarande.")
    simplified_procedure_source: Text = Field(title="källa", description="Lagrum.")
    whole_term_source: Text = Field(title="hela avtalstiden", description="Lagrum: värdet av hela avtalstiden med optioner.")
    open_ended_months: Amount = Field(title="månader för tillsvidareavtal", description="48 enligt LOU 5 kap. 13 §.")
    open_ended_source: Text = Field(title="källa", description="Lagrum.")
    value_guidance: Url = Field(title="vägledning", description="Upphandlingsmyndighetens vägledning om värderingen.")
    classes: ClassMeanings = Field(title="innebörd", description="Vad varje värdeklass innebär.")

    @model_validator(mode="after")
    def _periods_in_order(self) -> Law:
        for periods in (self.thresholds, self.announced):
            _in_order(periods)
        return self

    def period_for(self, day: dt.date) -> ThresholdPeriod | None:
        return next((p for p in self.thresholds if p.start <= day <= p.end), None)

    def announced_for(self, day: dt.date) -> AnnouncedPeriod | None:
        return next((p for p in self.announced if p.start <= day <= p.end), None)

    def euro_period(self, start: dt.date, end: dt.date) -> ThresholdPeriod | AnnouncedPeriod | None:
        """The period with amounts in euro that covers `start` – `end` (with kronor or announced)."""
        return next((p for p in (*self.thresholds, *self.announced)
                     if p.eur and p.start <= start and end <= p.end), None)

    def missing_period(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The period the table would need for `day`: an announced one, or else one of the two-year
        revisions from 1 January of even years, cut short where a period of the table begins or ends."""
        announced = self.announced_for(day)
        if announced:
            return announced.start, announced.end
        start = dt.date(day.year - day.year % 2, 1, 1)
        end = dt.date(start.year + 1, 12, 31)
        for period in self.thresholds:
            if period.end < day:
                start = max(start, period.end + dt.timedelta(days=1))
            elif period.start > day:
                end = min(end, period.start - dt.timedelta(days=1))
        return start, end

    def with_periods(self, own: tuple[ThresholdPeriod, ...]) -> Law:
        """The law data with a project's own periods; a bundled period they overlap gives way."""
        if not own:
            return self
        kept = [p for p in self.thresholds if not any(o.start <= p.end and p.start <= o.end for o in own)]
        return self.model_copy(update={"thresholds": tuple(sorted((*kept, *own), key=lambda p: p.start))})


def _in_order(periods) -> None:
    for period in periods:
        if period.start > period.end:
            raise PydanticCustomError("periods", _("a threshold period ends ({end}) before it starts ({start})"),
                                      {"start": str(period.start), "end": str(period.end)})
    for earlier, later in pairwise(periods):
        if earlier.end >= later.start:
            raise PydanticCustomError("periods", _("the threshold periods overlap or are out of order "
                                                   "({a}–{b} and {c}–{d})"),
                                      {"a": str(earlier.start), "b": str(earlier.end),
                                       "c": str(later.start), "d": str(later.end)})


def implausible_amounts(period: ThresholdPeriod, eur: EuroAmounts) -> dict[str, str]:
    """The amounts in kronor of `period` that cannot be its amounts in euro converted, each with why.

    The Commission converts every amount of a period at one rate, so the three amounts must imply the
    same rate (to the krona each is rounded to), and that rate must be plausible (PLAUSIBLE_RATE)."""
    rates = {name: Fraction(getattr(period, name), getattr(eur, name)) for name in EURO_FIELDS}
    low, high = PLAUSIBLE_RATE
    found = {name: _("{rate} kronor per euro, outside the plausible {low}–{high}").format(rate=_rate(rate), low=low,
                                                                                          high=high)
             for name, rate in rates.items() if not low <= rate <= high}

    def agree(a: str, b: str) -> bool:  # each amount is rounded to whole kronor
        return abs(rates[a] - rates[b]) <= Fraction(1, 2 * getattr(eur, a)) + Fraction(1, 2 * getattr(eur, b))

    plausible = [name for name in EURO_FIELDS if name not in found]
    for name in plausible:
        others = [other for other in plausible if other != name]
        if others and not any(agree(name, other) for other in others) and \
                (len(others) < 2 or agree(*others)):
            rate, first = _rate(rates[name]), others[0]
            found[name] = _("{rate} kronor per euro, where {first} is {first_rate}").format(
                rate=rate, first=first, first_rate=_rate(rates[first])) if len(others) == 1 else \
                _("{rate} kronor per euro, where {first} is {first_rate} and {second} is {second_rate}").format(
                    rate=rate, first=first, first_rate=_rate(rates[first]), second=others[1],
                    second_rate=_rate(rates[others[1]]))
    return found


def _rate(rate: Fraction) -> str:
    return f"{float(rate):.4f}"


def load_law(path: Path | None = None) -> Law:
    """The law data, from a project's own file or the bundled one; located errors if invalid."""
    path = path or BUNDLED_LAW
    if not path.is_file():
        return read_valid(Law, path)[1]  # says plainly that the file is missing
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


def euro_location(path: Path | None, start: dt.date, field: str) -> Location | None:
    """Where the law data states the amount in euro of `field` for the period that starts on `start`."""
    loaded = read_yaml(path or BUNDLED_LAW)
    for key in ("thresholds", "announced"):
        for index, period in enumerate(loaded.data.get(key) or ()):
            if isinstance(period, dict) and period.get("start") == start:
                return loaded.source.locate((key, index, "eur", field))
    return None


@lru_cache(maxsize=8)
def _load(path: Path, mtime: int, size: int) -> Law:
    return read_valid(Law, path)[1]
