"""Swedish formatting for templates and cited figures, all through Babel (CLDR sv_SE).

Templates hold the wording; these filters only say how a number, date, span or list is
written in Swedish, so a template reads `{{ case.date|date }}`, never a format string.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent, get_minus_sign_symbol
from num2words import num2words

from ..derive import whole_kronor
from ..i18n import _
from ..spec.model import ProcurementForm, Unit, UnitWords
from ..spec.procurement import AwardBasis, CapPeriod, CapScope, FeeCap, ThresholdCategory
from ..spec.types import Month, Range, Year
from .text import NO_BREAK_HYPHEN

LOCALE = "sv_SE"
_DASH = "–"

UNIT_WORDS: dict[Unit, tuple[str, str]] = {
    Unit.hours: ("timme", "timmar"),
    Unit.sessions: ("tillfälle", "tillfällen"),
    Unit.days: ("dygn", "dygn"),
    Unit.places: ("plats", "platser"),
    Unit.apartments: ("lägenhet", "lägenheter"),
}


# The clause after "… ska erbjudas <målgrupp> och" in the first decision, and the form's name.
FORM_WORDS: dict[ProcurementForm, tuple[str, str]] = {
    ProcurementForm.lou: ("upphandling i konkurrens enligt LOU",
                          "upphandlas i konkurrens enligt lagen (2016:1145) om offentlig upphandling"),
    ProcurementForm.lou_reserved: ("upphandling reserverad för idéburna organisationer",
                                   "upphandlas i konkurrens reserverad för idéburna organisationer enligt lagen "
                                   "(2016:1145) om offentlig upphandling"),
    ProcurementForm.lov: ("valfrihetssystem enligt LOV",
                          "tillhandahållas i valfrihetssystem enligt lagen (2008:962) om valfrihetssystem"),
    ProcurementForm.iop: ("idéburet offentligt partnerskap (IOP)", "utföras i idéburet offentligt partnerskap (IOP)"),
    ProcurementForm.in_house: ("egen regi", "bedrivas i egen regi"),
}

# "Tröskelvärdet för …"
CATEGORY_WORDS = {
    ThresholdCategory.social_services: "sociala tjänster",
    ThresholdCategory.services: "varor och tjänster",
    ThresholdCategory.works: "byggentreprenader",
}

# "… infaller den sista dagen på en …": derive.NON_WORKING's kinds of day, in its order.
DAY_WORDS = {"saturday": "lördag", "sunday": "söndag", "public_holiday": "helgdag", "midsummer_eve": "midsommarafton",
             "christmas_eve": "julafton", "new_years_eve": "nyårsafton"}

# "Tilldelningsgrunden är …"
BASIS_WORDS = {
    AwardBasis.lowest_price: "lägsta pris",
    AwardBasis.lowest_cost: "lägsta kostnad",
    AwardBasis.best_price_quality: "bästa förhållandet mellan pris och kvalitet",
}


def number(value: int | Fraction | float | None) -> str:
    """`2840` → "2 840" (with a no-break space); fractions to one decimal: "1,5"; None → "–"."""
    if value is None:
        return _DASH
    if isinstance(value, Fraction):
        value = int(value) if value.denominator == 1 else round(float(value), 1)
    with localcontext() as context:  # Babel rounds in the decimal context, whose 28 digits a spec's number may pass
        context.prec = max(context.prec, len(str(int(abs(value)))) + 2)
        return format_decimal(value, format="#,##0.#", locale=LOCALE)


def signed(value: int | None) -> str:
    """A change: "+2 600", "−200" (the Swedish minus sign) or "0"."""
    if value is None:
        return _DASH
    if value == 0:
        return "0"
    sign = "+" if value > 0 else get_minus_sign_symbol(LOCALE)
    return sign + number(abs(value))


def count(value: int | Fraction, gender: str = "common") -> str:
    """A count in running text: whole numbers up to twelve in words ("två årsarbetare", "vid ett
    tillfälle"), as Swedish style guides ask; larger and fractional counts in digits."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return number(value)
    whole = int(value)
    if not 1 <= whole <= 12:
        return number(whole)
    if whole == 1:
        return "en" if gender == "common" else "ett"
    return num2words(whole, lang="sv")


def iso_date(value: date | None) -> str:
    """Dates as Swedish documents write them: 2021-02-03."""
    return _DASH if value is None else format_date(value, format="short", locale=LOCALE)


def document_date(value: date | Month | Year | None) -> str:
    """A date in a document, with no-break hyphens: Word and LibreOffice would otherwise break a
    line inside it ("2025-" and "02-12"). Both show, print and extract it as "2025-02-12". A date
    known only to the month or year reads "mars 2007", "2007"."""
    if isinstance(value, (Month, Year)):
        return partial_date(value)
    return iso_date(value).replace("-", NO_BREAK_HYPHEN)


def partial_date(value: Month | Year) -> str:
    return month(value) if isinstance(value, Month) else str(value.year)


def month(value: Month) -> str:
    """`2025-03` → "mars 2025"."""
    return format_date(value.first_day(), format="LLLL y", locale=LOCALE)


def when(value: date | Month) -> str:
    """A meeting time after "sammanträde": "i mars 2025" or "den 12 mars 2025"."""
    if isinstance(value, Month):
        return f"i {month(value)}"
    return f"den {format_date(value, format='long', locale=LOCALE)}"


def span(value: Range) -> str:
    """`{min: 4, max: 20}` → "4–20"; a single value when min equals max."""
    if value.min == value.max:
        return number(value.min)
    return f"{number(value.min)}–{number(value.max)}"


def join_and(items: Iterable[Any]) -> str:
    return format_list([str(item) for item in items], style="standard", locale=LOCALE)


def join_or(items: Iterable[Any]) -> str:
    return format_list([str(item) for item in items], style="or", locale=LOCALE)


def months(count_of_months: int) -> str:
    """A duration in running text: "två år" when whole years, else "18 månader"; up to twelve in
    words, as counts are."""
    if count_of_months % 12 == 0:
        years = count_of_months // 12
        return f"{count(years, 'neuter')} år"
    return f"{count(count_of_months)} {'månad' if count_of_months == 1 else 'månader'}"


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def unit_words(unit: Unit | UnitWords | str) -> tuple[str, str]:
    """A unit's Swedish singular and plural: the bundled units' from UNIT_WORDS, a free unit's as
    the spec writes them."""
    if isinstance(unit, UnitWords):
        return unit.singular, unit.plural
    return UNIT_WORDS[Unit(unit)]


def quantity(value: int | Fraction, unit: Unit | UnitWords | str) -> str:
    """"2 600 timmar", "1 plats", "12 tillfällen", "40 besök"."""
    singular, plural = unit_words(unit)
    return f"{number(value)} {singular if value == 1 else plural}"


def change_amount(total: Any) -> str:
    """A change of volume with its årsarbetare, for a list of changes: "200 timmar (motsvarande
    0,2 årsarbetare)"."""
    amount = quantity(abs(total.change), total.unit)
    if total.fte:
        return f"{amount} (motsvarande {count(abs(total.fte))} årsarbetare)"
    return amount


def day_kind(kind: str) -> str:
    """A kind of day of derive.NON_WORKING in Swedish: "midsommarafton"."""
    return DAY_WORDS[kind]


def clock(time: str) -> str:
    """A time of day in running text: "kl. 23.59" (Svenska skrivregler: a point between hours and minutes)."""
    return f"kl. {time.replace(':', '.')}"


def lot_label(lot: Any) -> str:
    """A lot in running text, its number first: "delområde 1 (boende)"."""
    return f"delområde {lot['number']} ({lot['name']})"


def numbers_span(numbers: Iterable[int]) -> str:
    """Annex numbers: "1–4" when they follow each other, else "1, 2 och 4"."""
    numbers = sorted(numbers)
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}{_DASH}{numbers[-1]}"
    return join_and(numbers)


def unit_name(unit: Unit | UnitWords) -> str:
    return unit_words(unit)[1]


def unit_singular(unit: Unit | UnitWords) -> str:
    return unit_words(unit)[0]


def price_unit(unit: Unit | UnitWords) -> str:
    """What a price per unit is paid for: "timme", "besök", or "plats och dygn" for a capacity."""
    unit = unit if isinstance(unit, UnitWords) else Unit(unit)
    return f"{unit_singular(unit)} och dygn" if unit.is_capacity else unit_singular(unit)


def money(value: int | Fraction | None) -> str:
    """Whole kronor in running text: "30 444 000 kronor" (money is rounded to whole kronor)."""
    if value is None:
        return _DASH
    return f"{number(whole_kronor(Fraction(value)))} kronor"


def kronor(value: int | Fraction) -> str:
    """An amount set to the öre, as an ersättning is: "465 kronor", "492,90 kronor"."""
    if value == int(value):
        return f"{number(int(value))} kronor"
    value = Fraction(value)
    with localcontext() as context:
        context.prec = max(context.prec, len(str(int(abs(value)))) + 4)
        exact = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"{format_decimal(exact, format='#,##0.00', locale=LOCALE)} kronor"


def rate_amount(rate: Any) -> str:
    """A valfrihetssystem's ersättning in running text: "1 150 kronor per tillfälle för samtal"."""
    return f"{kronor(rate.amount)} per {price_unit(rate.component.unit)} för {lowerfirst(rate.component.name)}"


# "högst 1 000 kronor per familj och år"
CAP_WORDS = {CapScope.user: "brukare", CapScope.family: "familj", CapPeriod.month: "månad", CapPeriod.year: "år"}


def fee_cap(cap: FeeCap) -> str:
    return f"högst {kronor(cap.amount)} per {CAP_WORDS[CapScope(cap.per)]} och {CAP_WORDS[CapPeriod(cap.period)]}"


def percent(value: int | None) -> str:
    """A whole percentage: "15 %"."""
    return _DASH if value is None else format_percent(value / 100, locale=LOCALE)


def category_name(category: ThresholdCategory) -> str:
    return CATEGORY_WORDS[ThresholdCategory(category)]


def basis_name(basis: AwardBasis) -> str:
    return BASIS_WORDS[AwardBasis(basis)]


AMOUNTS = ("proposed_per_year", "current_per_year", "max_volume")  # what `amount` may read of a component


def amount(component: Any, attribute: str) -> str:
    """A component's volume in running text: "510 timmar gruppverksamhet"."""
    if attribute not in AMOUNTS:
        raise ValueError(_("amount reads one of {names}, not {name}").format(names=", ".join(AMOUNTS),
                                                                             name=repr(attribute)))
    return f"{quantity(getattr(component, attribute), component.unit)} {component.name}"


def form_clause(form: ProcurementForm) -> str:
    return FORM_WORDS[ProcurementForm(form)][1]


def form_name(form: ProcurementForm) -> str:
    return FORM_WORDS[ProcurementForm(form)][0]


def upperfirst(text: str) -> str:
    """A name where it begins a sentence, heading or table cell: only its first letter is raised
    ("vård- och omsorgsboende Amalia" → "Vård- och omsorgsboende Amalia"); Jinja's `capitalize`
    would lower the rest."""
    return text[:1].upper() + text[1:]


def lowerfirst(text: str) -> str:
    """The board inside a sentence. A nämnd's name is a designation that Swedish writes in lower
    case in running text ("social- och omsorgsnämndens beslut", "nämnden för Vård & Omsorg"),
    however the letterhead writes it; an abbreviation keeps its capitals. Never for a name: names
    are written as they read inside a sentence and never lowered."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


# A name holding one of these as a word after its head ("nämnden för Vård & Omsorg") has a
# prepositional attribute: its genitive is written around, not onto it.
PREPOSITIONS = frozenset(("för", "i", "av", "på", "med", "till", "om", "vid", "under", "över", "inom", "hos"))


def genitive(name: str, thing: str, preposition: str = "av") -> str:
    """`thing` owned by `name`, as Swedish writes it (Svenska skrivregler; Språkkonsulterna,
    "Skriv genitiv med s, inte apostrof", sprakkonsulterna.se/genitiv-med-s-inte-apostrof/):
    "social- och omsorgsnämndens beslut", "Borås Stads bedömning"; a name ending in s, x or z takes
    no further s ("Kalix beslut"), an initialism takes ":s" ("IFO:s beslut"). A name with a
    prepositional attribute is rewritten, since "nämnden för Vård & Omsorgs beslut" puts the s on
    the wrong word and "nämndens för Vård & Omsorg beslut" is archaic: "beslut i nämnden för Vård &
    Omsorg" with `preposition` "i"."""
    words = name.split()
    if any(word in PREPOSITIONS for word in words[1:]):
        return f"{thing} {preposition} {name}"
    last = words[-1] if words else name
    if len(last) > 1 and last.isupper():
        return f"{name}:s {thing}"
    return f"{name if name[-1:].lower() in 'sxz' else name + 's'} {thing}"


def cite(value: Any, style: str | None = None) -> str:
    """How a figure cited from prose (`{service.participants}`) is written."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, Fraction)):
        return number(value)
    if isinstance(value, date):
        return iso_date(value)
    if isinstance(value, (Month, Year)):
        return partial_date(value)
    if isinstance(value, Range):
        return span(value)
    if isinstance(value, tuple):
        return join_or(value) if style == "eller" else join_and(value)
    if isinstance(value, ProcurementForm):
        return form_name(value)
    if isinstance(value, (Unit, UnitWords)):
        return unit_name(value)
    return str(value)


FILTERS = {
    "number": number, "signed": signed, "count": count, "money": money, "percent": percent,
    "category_name": category_name, "basis_name": basis_name, "unit_singular": unit_singular, "price_unit": price_unit,
    "change_amount": change_amount, "day_before": day_before, "date": document_date, "month": month, "when": when, "span": span,
    "join_and": join_and, "join_or": join_or, "months": months, "quantity": quantity, "unit_name": unit_name,
    "amount": amount, "form_clause": form_clause, "form_name": form_name, "lowerfirst": lowerfirst,
    "upperfirst": upperfirst, "genitive": genitive, "kronor": kronor, "rate_amount": rate_amount, "fee_cap": fee_cap,
    "day_kind": day_kind, "clock": clock, "lot_label": lot_label, "numbers_span": numbers_span,
}
