"""Building blocks of every model: strict frozen models, clean text, prose, months, ranges.

Text fields are cleaned once here, so no field anywhere can carry a control character that a
Word document cannot hold, or a placeholder left from a hand-filled Word template.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetCoreSchemaHandler, model_validator
from pydantic_core import PydanticCustomError, core_schema

from ..i18n import N_, _

# Characters XML 1.0 cannot hold: a Word file containing them is corrupt.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACE_RUNS = re.compile(r"[ \t\r\n]+")
# How a name (of the service, a component, a lot, the authority) is written; said in each one's description.
NAME_RULE = ("Skriv namnet så som det står mitt i en mening; tenderkit ändrar aldrig en bokstav i det, utom att "
             "den första skrivs stor där namnet inleder en mening, rubrik eller tabellcell.")
# Prompts left behind by hand-filled Word templates (both seed memos carry some).
LEFTOVER_MARKERS = ("Klicka här", "ÅÅÅÅ", "TODO", "XXX")
_LEFTOVER = re.compile("|".join(re.escape(m) for m in LEFTOVER_MARKERS), re.IGNORECASE)
# The examples `tenderkit init` writes (src/tenderkit/data/init/exempel.yaml, its --goals-url): a
# spec that still holds one builds, but names no real person, address or organisation.
INIT_EXAMPLES = ("Namn Namnsson", "example.org", "212000-0000")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def portable_name(value: str) -> str:
    """A name that becomes a folder must be one on every system (CON, NUL … are not on Windows)."""
    if value in WINDOWS_RESERVED:
        raise PydanticCustomError("reserved_id", _("`{id}` is a reserved file name on Windows"), {"id": value})
    return value


def xml_safe(value: str) -> str:
    """Refuse a character an XML document (and so a Word file) cannot hold."""
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise PydanticCustomError(
            "xml_character", _("contains the control character U+{code}, which a Word document cannot hold"),
            {"code": f"{ord(bad.group()):04X}"})
    return value


def clean_text(value: str) -> str:
    """Collapse runs of spaces and line breaks (YAML folding must not change the document) and
    refuse what a Word document cannot hold or must not show."""
    text = _SPACE_RUNS.sub(" ", xml_safe(value)).strip()
    if not text:
        raise PydanticCustomError("empty_text", _("is empty"))
    leftover = _LEFTOVER.search(text)
    if leftover:
        raise PydanticCustomError(
            "leftover", _("contains “{marker}”, a mark of unfinished text"), {"marker": leftover.group()})
    return text


class Paragraph(str):
    """Prose that may cite data as `{service.participants}`; see `spec.references`."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            lambda value: cls(clean_text(value)), core_schema.str_schema(strict=True),
            serialization=core_schema.plain_serializer_function_ser_schema(str))


@dataclass(frozen=True, order=True)
class Month:
    """A month without a day, for meetings planned as "mars 2025"."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @classmethod
    def parse(cls, value: str) -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise PydanticCustomError("month", _("expected a month as YYYY-MM or a date as YYYY-MM-DD"))
        if not FIRST_DATE.year <= int(match.group(1)) <= LAST_DATE.year:
            raise PydanticCustomError("month_year", _("the year must be from {first} to {last}"),
                                      {"first": FIRST_DATE.year, "last": LAST_DATE.year})
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls.parse, core_schema.str_schema(strict=True),
            serialization=core_schema.plain_serializer_function_ser_schema(str))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}$", "examples": ["2025-03"]}


@dataclass(frozen=True, order=True)
class Year:
    """A year without month or day, for history known only that far ("sedan 2007")."""

    year: int

    def __str__(self) -> str:
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @classmethod
    def parse(cls, value: int) -> Year:
        if not FIRST_DATE.year <= value <= LAST_DATE.year:
            raise PydanticCustomError("year", _("expected a year from {first} to {last}, a month like 2007-03 or a date"),
                                      {"first": FIRST_DATE.year, "last": LAST_DATE.year})
        return cls(value)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls.parse, core_schema.int_schema(strict=True),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda year: year.year))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict:
        return {"type": "integer", "minimum": FIRST_DATE.year, "maximum": LAST_DATE.year, "examples": [2007]}


def first_day(day: dt.date | Month | Year) -> dt.date:
    """The earliest day a date known to the day, month or year can be."""
    return day if isinstance(day, dt.date) else day.first_day()


def last_day(day: dt.date | Month | Year) -> dt.date:
    """The latest day a date known to the day, month or year can be."""
    return day if isinstance(day, dt.date) else day.last_day()


# Patterns of constrained text, with how a message describes them and how to fix a value (translated
# where they are used: the language is chosen after import).
IDENTIFIER = r"^[a-z0-9][a-z0-9_-]{0,39}$"
SPEC_ID = r"^[a-z0-9][a-z0-9_-]{0,79}$"
URL = r"^https?://\S+$"
TIME_OF_DAY = r"^([01]\d|2[0-3])[.:][0-5]\d$"
PATTERN_WORDS = {
    IDENTIFIER: (N_("an id of lowercase letters a–z, digits, - and _ (at most 40)"), N_("e.g. individual")),
    SPEC_ID: (N_("an id of lowercase letters a–z, digits, - and _ (at most 80)"),
              N_("e.g. boendestod-2025; it names the folder in output/")),
    URL: (N_("a web address starting with https://"), N_("copy the address from the browser")),
    TIME_OF_DAY: (N_("a time of day as hours and minutes"), N_("e.g. '13.15', in quotes")),
}
# Dates and counts have sane bounds, so a typo (9999-12-31, a 31-digit volume) is an error
# in the spec, not an overflow deep in a computation.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
MAX_COUNT = 1_000_000_000

Text = Annotated[str, AfterValidator(clean_text)]
Identifier = Annotated[str, Field(pattern=IDENTIFIER, examples=["individual"])]
TimeOfDay = Annotated[str, Field(pattern=TIME_OF_DAY, examples=["13.15"])]
Url = Annotated[str, Field(pattern=URL, examples=["https://www.linkoping.se/"]), AfterValidator(xml_safe)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Date = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]
# History may be known only to the month or year; where the law counts days, a field is a `Date`.
PartialDate = Date | Month | Year


class Model(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Range(Model):
    min: Count = Field(title="lägsta", description="Det lägsta värdet.")
    max: Count = Field(title="högsta", description="Det högsta värdet.")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise PydanticCustomError("range_order", _("the lowest value ({min}) is above the highest ({max}): swap them"),
                                      {"min": self.min, "max": self.max})
        return self


class Extension(Model):
    months: Annotated[int, Field(ge=1, le=1200)] = Field(title="månader", description="Förlängningens längd i månader.")
