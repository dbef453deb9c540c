"""The prisbilaga as a spreadsheet a tenderer fills in: one locked sheet per lot where only the
price cells (and the claims of price deductions) are open, and formulas that show the tendered
price and the jämförelsepris exactly as `derive.tendered_price` and `derive.comparison_price` do.

A program reads a filled-in file back by defined names (workbook-level), never by position:

    price_<lot>__<component>   the price per unit a tenderer enters
    claim_<lot>__<criterion>   the deduction (percent) a tenderer claims: one of the criterion's levels
    tendered_price_<lot>       Σ price × estimated volume per year
    comparison_price_<lot>     the jämförelsepris: tendered price × (1 − Σ claimed deductions / 100)

A spec without lots has one sheet, and its names leave out the lot: `price_<component>`,
`tendered_price`. Ids (^[a-z0-9][a-z0-9_-]{0,39}$) are written with "_" as an escape, since a
defined name holds no "-": "_" becomes "_u" and "-" becomes "_h". An escaped id then never holds
"__" nor starts or ends with "_", so "__" separates lot from item, and no two (lot, item) pairs
share a name. `cell_name` is that rule; a reader calls it too.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import absolute_coordinate, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..archive import rezip
from ..derive import Figures, priced_per_year
from ..spec.model import DAYS_PER_YEAR, Component, Spec
from ..spec.procurement import Criterion, EvaluationModel
from ..spec.references import interpolate
from .context import core_properties, price_notes
from .filters import cite, join_or, price_unit, upperfirst

PRICE, CLAIM, TENDERED_PRICE, COMPARISON_PRICE = "price", "claim", "tendered_price", "comparison_price"

MONEY = '#,##0.00" kr"'  # the reader's own locale writes it: "1 234,56 kr" in Swedish Excel and Calc
VOLUME = "#,##0"
PERCENT = '0" %"'  # a whole percentage stored as 10, not 0.10
INPUT = PatternFill("solid", fgColor="FFF2CC")
WIDTHS = {"A": 42, "B": 18, "C": 16, "D": 22, "E": 22}
HEADINGS = ("Insats", "Prisenhet", "Uppskattad volym per år", "Pris per enhet, kr exkl. moms", "Summa per år, kr")
INVALID_IN_SHEET_NAME = str.maketrans("", "", "[]:*?/\\")
FIRST_PARTS = ("[Content_Types].xml", "_rels/.rels")  # OPC's convention: the manifest leads the zip


def cell_name(kind: str, lot: str | None = None, item: str | None = None) -> str:
    """The defined name of a cell of `kind` (PRICE, CLAIM, TENDERED_PRICE, COMPARISON_PRICE) for a
    lot (None when the spec has no lots) and a component or criterion id."""
    parts = "__".join(_escaped(part) for part in (lot, item) if part is not None)
    return f"{kind}_{parts}" if parts else kind


def _escaped(identifier: str) -> str:
    return identifier.replace("_", "_u").replace("-", "_h")


def deductions(criterion: Criterion) -> tuple[int, ...]:
    """The deductions (percent of the tendered price) a tenderer may claim under a criterion, one
    per level, lowest first: the one place that reads how a criterion publishes them."""
    return tuple(sorted({level.deduction for level in criterion.levels if level.deduction is not None}))


def price_workbook(spec: Spec, figures: Figures, title: str, when: date) -> bytes:
    """The prisbilaga (.xlsx) of a spec with a procurement; the same inputs give the same bytes."""
    procurement = spec.procurement
    lots = figures.procurement.lots if figures.procurement else ()
    criteria = procurement.evaluation.criteria if procurement.evaluation.model is EvaluationModel.price_deductions else ()

    def notes(lot: str | None = None) -> list[str]:
        return [interpolate(note, spec, cite, begin_sentence=upperfirst) for note in price_notes(spec, lot)]

    assessor = spec.organisation.short_name
    book = Workbook()
    book.remove(book.active)
    if lots:
        for number, lot in enumerate(lots, 1):
            sheet = book.create_sheet(sheet_name(number, upperfirst(lot.name)))
            _fill(book, sheet, (title, f"Delområde {number}: {upperfirst(lot.name)}", notes() + notes(lot.id)), lot.id,
                  lot.components, criteria, assessor)
    else:
        sheet = book.create_sheet("Prisbilaga")
        _fill(book, sheet, (title, upperfirst(spec.service.name), notes()), None, spec.service.components, criteria,
              assessor)
    for sheet in book.worksheets:
        _print_setup(sheet, draft=not spec.case.final)
    stamp = datetime.combine(when, time())
    properties = core_properties(spec, "Prisbilaga", title)
    book.properties = DocumentProperties(
        title=properties["title"], subject=properties["subject"], creator=properties["author"],
        category=properties["category"], keywords=properties["keywords"], identifier=properties["identifier"],
        language=properties["language"], description=properties["comments"],
        contentStatus=properties["content_status"], created=stamp, modified=stamp)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        ExcelWriter(book, archive).save()  # not `Workbook.save`, which stamps the current time as modified
    return rezip(buffer.getvalue(), when, first=FIRST_PARTS)


def sheet_name(number: int, name: str) -> str:
    """A lot's sheet name as Excel allows it (at most 31 characters, none of []:*?/\\, no
    trailing apostrophe); the lot's number in front keeps two names from ever being the same."""
    return f"{number} {name.translate(INVALID_IN_SHEET_NAME)}"[:31].rstrip(" '")


def _fill(book: Workbook, sheet: Worksheet, heading: tuple[str, str, list[str]], lot: str | None,
          components: Sequence[Component], criteria: Sequence[Criterion], assessor: str) -> None:
    """A price sheet: the title, the lot, the price form's notes, then the components."""
    title, subtitle, notes = heading
    sheet.append([title])
    sheet.append([subtitle])
    sheet["A1"].font, sheet["A2"].font = Font(bold=True, size=14), Font(bold=True, size=12)
    for note in notes:
        sheet.append([note])
    sheet.append(["Fyll i pris per enhet i kronor exklusive moms i de gula cellerna; övriga celler är låsta "
                  "och summorna räknas fram."])
    if any(component.unit.is_capacity for component in components):
        sheet.append([f"För en insats som prissätts per plats och dygn är volymen antal platser gånger "
                      f"{DAYS_PER_YEAR} dygn."])
    sheet.append([])
    _headings(sheet, HEADINGS)
    prices = DataValidation(
        type="decimal", operator="greaterThan", formula1="0", allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Ogiltigt pris",
        error="Ange priset per enhet i kronor exklusive moms, ett belopp större än 0.",
        showInputMessage=True, promptTitle="Pris per enhet", prompt="Pris i kronor exklusive moms, t.ex. 1234,50.")
    sheet.add_data_validation(prices)
    first = sheet.max_row + 1
    for component in components:
        row = sheet.max_row + 1
        sheet.append([upperfirst(component.name), f"kr per {price_unit(component.unit)}", priced_per_year(component), None,
                      f"=D{row}*C{row}"])
        sheet[f"C{row}"].number_format = VOLUME
        sheet[f"E{row}"].number_format = MONEY
        _input(book, sheet, f"D{row}", cell_name(PRICE, lot, component.id), MONEY)
        prices.add(f"D{row}")
    total = sheet.max_row + 1
    sheet.append(["Anbudspris per år", None, None, None, f"=SUM(E{first}:E{total - 1})"])
    _result(book, sheet, total, cell_name(TENDERED_PRICE, lot))
    if criteria:
        _deductions(book, sheet, lot, criteria, total, assessor)


def _deductions(book: Workbook, sheet: Worksheet, lot: str | None, criteria: Sequence[Criterion],
                total: int, assessor: str) -> None:
    """The claims of price deductions, each one of the criterion's published levels, and the
    jämförelsepris they give."""
    sheet.append([])
    sheet.append([f"Avdragen som begärs är anbudsgivarens egen bedömning. {upperfirst(assessor)} bedömer vilken nivå "
                  "anbudet når, och det är den bedömningen som avgör jämförelsepriset."])
    _headings(sheet, ("Kriterium för prisavdrag", "Möjliga avdrag, %", None, "Avdrag som begärs, %",
                      "Avdrag som räknas, %"))
    first = sheet.max_row + 1
    for criterion in criteria:
        row = sheet.max_row + 1
        published = deductions(criterion)
        choices = join_or(published)  # "0, 5 eller 10"
        sheet.append([criterion.name, choices, None, None, f"=N(D{row})"])
        sheet[f"E{row}"].number_format = PERCENT
        _input(book, sheet, f"D{row}", cell_name(CLAIM, lot, criterion.id), PERCENT)
        claim = DataValidation(
            type="list", formula1=f'"{",".join(map(str, published))}"', allow_blank=True, showErrorMessage=True,
            errorStyle="stop", errorTitle="Ogiltigt avdrag", error=f"Välj ett av avdragen {choices} procent.",
            showInputMessage=True, promptTitle="Prisavdrag",
            prompt="Välj avdraget för den nivå anbudet når enligt förfrågningsunderlaget.")
        claim.add(f"D{row}")
        sheet.add_data_validation(claim)
    claimed = sheet.max_row + 1
    sheet.append(["Summa avdrag", None, None, None, f"=SUM(E{first}:E{claimed - 1})"])
    sheet[f"E{claimed}"].number_format = PERCENT
    sheet[f"A{claimed}"].font = Font(bold=True)
    comparison = sheet.max_row + 1
    sheet.append(["Jämförelsepris", None, None, None, f"=E{total}*(1-E{claimed}/100)"])
    _result(book, sheet, comparison, cell_name(COMPARISON_PRICE, lot))


def _headings(sheet: Worksheet, headings: Sequence[str | None]) -> None:
    sheet.append(list(headings))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def _input(book: Workbook, sheet: Worksheet, coordinate: str, name: str, number_format: str) -> None:
    """A cell the tenderer fills in: unlocked, marked, and named for the reader."""
    cell = sheet[coordinate]
    cell.protection = Protection(locked=False)
    cell.fill = INPUT
    cell.number_format = number_format
    _name(book, sheet, coordinate, name)


def _result(book: Workbook, sheet: Worksheet, row: int, name: str) -> None:
    sheet[f"A{row}"].font = Font(bold=True)
    sheet[f"E{row}"].font = Font(bold=True)
    sheet[f"E{row}"].number_format = MONEY
    _name(book, sheet, f"E{row}", name)


def _name(book: Workbook, sheet: Worksheet, coordinate: str, name: str) -> None:
    book.defined_names[name] = DefinedName(
        name, attr_text=f"{quote_sheetname(sheet.title)}!{absolute_coordinate(coordinate)}")


def _print_setup(sheet: Worksheet, draft: bool) -> None:
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.protection.sheet = True  # no password: the lock guards the layout against slips, not a tenderer
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = f"A1:E{sheet.max_row}"
    sheet.oddFooter.center.text = "Sida &P (&N)"
    if draft:
        sheet.oddHeader.right.text = "UTKAST"
