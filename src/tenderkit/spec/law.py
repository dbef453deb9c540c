"""The dated figures of the law that tenderkit computes with: thresholds, standstill, the 48-month
rule. They live in a data file with their sources (`data/lou.yaml`), never in code, and a project
may bring a newer copy (`law:` in tenderkit.yaml)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .loader import read_yaml
from .types import Model, Text, Url
from .validate import validate_data

BUNDLED_LAW = Path(__file__).resolve().parent.parent / "data" / "lou.yaml"
Amount = Annotated[int, Field(ge=1)]


class ThresholdPeriod(Model):
    start: dt.date = Field(title="från", description="Första dagen beloppen gäller.")
    end: dt.date = Field(title="till", description="Sista dagen beloppen gäller.")
    source: Url = Field(title="källa", description="Var beloppen är publicerade.")
    services: Amount = Field(title="varor och tjänster", description="Tröskelvärde för varor och tjänster.")
    works: Amount = Field(title="byggentreprenader", description="Tröskelvärde för byggentreprenader.")
    social_services: Amount = Field(title="sociala tjänster", description="Tröskelvärde för sociala tjänster (bilaga 2).")
    direct_award: Amount = Field(title="direktupphandlingsgräns", description="Direktupphandlingsgräns.")
    direct_award_social_services: Amount = Field(
        title="direktupphandlingsgräns, sociala tjänster", description="Direktupphandlingsgräns för sociala tjänster.")


class ClassMeanings(Model):
    below_direct_award: Text = Field(title="under direktupphandlingsgränsen", description="Vad det innebär.")
    below_threshold: Text = Field(title="under tröskelvärdet", description="Vad det innebär.")
    at_or_above: Text = Field(title="minst tröskelvärdet", description="Vad det innebär.")


class Law(Model):
    thresholds: tuple[ThresholdPeriod, ...] = Field(min_length=1, title="tröskelvärden", description="Perioder med belopp.")
    standstill_days: Amount = Field(title="avtalsspärr", description="Avtalsspärrens längd i dagar.")
    standstill_source: Text = Field(title="källa", description="Lagrum.")
    simplified_procedure_abolished: dt.date = Field(
        title="förenklat förfarande upphör", description="Från detta datum finns inte förenklat förfarande.")
    simplified_procedure_source: Text = Field(title="källa", description="Lagrum.")
    open_ended_months: Amount = Field(title="månader för tillsvidareavtal", description="48 enligt LOU 5 kap. 13 §.")
    open_ended_source: Text = Field(title="källa", description="Lagrum.")
    classes: ClassMeanings = Field(title="innebörd", description="Vad varje värdeklass innebär.")

    @model_validator(mode="after")
    def _periods_in_order(self) -> Law:
        for period in self.thresholds:
            if period.start > period.end:
                raise PydanticCustomError("periods", "a threshold period ends ({end}) before it starts ({start})",
                                          {"start": str(period.start), "end": str(period.end)})
        for earlier, later in pairwise(self.thresholds):
            if earlier.end >= later.start:
                raise PydanticCustomError("periods", "the threshold periods overlap or are out of order "
                                          "({a}–{b} and {c}–{d})", {"a": str(earlier.start), "b": str(earlier.end),
                                                                     "c": str(later.start), "d": str(later.end)})
        return self

    def period_for(self, day: dt.date) -> ThresholdPeriod | None:
        return next((p for p in self.thresholds if p.start <= day <= p.end), None)

    def missing_period(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The period the table would need for `day`: thresholds are revised every other year from
        1 January of even years, cut short where a period of the table begins or ends."""
        start = dt.date(day.year - day.year % 2, 1, 1)
        end = dt.date(start.year + 1, 12, 31)
        for period in self.thresholds:
            if period.end < day:
                start = max(start, period.end + dt.timedelta(days=1))
            elif period.start > day:
                end = min(end, period.start - dt.timedelta(days=1))
        return start, end


def load_law(path: Path | None = None) -> Law:
    """The law data, from a project's own file or the bundled one; located errors if invalid."""
    path = path or BUNDLED_LAW
    if not path.is_file():
        return validate_data(Law, read_yaml(path))  # says plainly that the file is missing
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: Path, mtime: int, size: int) -> Law:
    return validate_data(Law, read_yaml(path))
