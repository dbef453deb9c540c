"""The prisbilaga spreadsheet: read back with openpyxl (one sheet per lot, locked layout,
validations, formulas, defined names), byte-reproducible, and recalculated by LibreOffice to the
sums tenderkit itself computes (`derive.tendered_price`, `derive.comparison_price`)."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from helpers.common import SOFFICE, SPEC_CARE_HOME, SPEC_TENDER, require
from hypothesis import given
from hypothesis import strategies as st

from tenderkit.archive import zip_stamp
from tenderkit.build import check_spec
from tenderkit.derive import comparison_price, tendered_price
from tenderkit.render.workbook import CLAIM, COMPARISON_PRICE, PRICE, TENDERED_PRICE, cell_name, price_workbook
from tenderkit.spec.types import IDENTIFIER

TITLE = "Bilaga 2 – Prisbilaga, Stödboende för unga vuxna, ref UH 2025-014"
WHEN = date(2025, 2, 12)


@pytest.fixture(scope="module")
def checked():
    return check_spec(SPEC_TENDER)


@pytest.fixture(scope="module")
def data(checked) -> bytes:
    return price_workbook(checked.spec, checked.figures, TITLE, WHEN)


def load(data: bytes, **options) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **options)


def named(book: openpyxl.Workbook, name: str):
    """The one cell a defined name points at."""
    (sheet, coordinate), = book.defined_names[name].destinations
    return book[sheet][coordinate.replace("$", "")]


def test_one_sheet_per_lot_with_every_component_its_unit_and_exact_volume(data):
    book = load(data)
    assert book.sheetnames == ["1 Boende", "2 Stöd och utslussning"]
    expected = {"boende": [("boende", "Boendeplats med stöd", "kr per dygn", 4380)],
                "stod": [("stodsamtal", "Stödsamtal", "kr per timme", 1200),
                         ("utslussning", "Utslussningsstöd", "kr per tillfälle", 150)]}
    for sheet, (lot, components) in zip(book.worksheets, expected.items(), strict=True):
        assert sheet["A1"].value == TITLE
        assert sheet["A2"].value.endswith(("Boende", "Stöd och utslussning"))
        for component, name, unit, volume in components:
            price = named(book, cell_name(PRICE, lot, component))
            assert price.parent is sheet and price.column_letter == "D" and price.value is None
            assert [c.value for c in sheet[price.row][:3]] == [name, unit, volume]


def test_only_the_price_and_claim_cells_are_open_and_each_is_validated(data):
    book = load(data)
    for sheet, lot, components in [(book["1 Boende"], "boende", ["boende"]),
                                   (book["2 Stöd och utslussning"], "stod", ["stodsamtal", "utslussning"])]:
        prices = {named(book, cell_name(PRICE, lot, c)).coordinate for c in components}
        claims = {named(book, cell_name(CLAIM, lot, c)).coordinate: c for c in ("delaktighet", "metoder")}
        assert sheet.protection.sheet
        unlocked = {cell.coordinate for row in sheet.iter_rows(max_col=8) for cell in row if not cell.protection.locked}
        assert unlocked == prices | set(claims)
        price, *levels = sheet.data_validations.dataValidation
        assert (price.type, price.operator, price.formula1) == ("decimal", "greaterThan", "0")
        assert set(str(price.sqref).split()) == prices
        assert price.showErrorMessage and price.showInputMessage and price.errorStyle == "stop"
        assert "kronor" in price.error and "större än 0" in price.error and "kronor" in price.prompt
        # a claim is one of the criterion's published deductions, one per scoring level
        assert {claims[str(v.sqref)]: (v.type, v.formula1) for v in levels} == {
            "delaktighet": ("list", '"0,5,10"'), "metoder": ("list", '"0,10,15"')}
        assert all(v.showErrorMessage and v.errorStyle == "stop" and "procent" in v.error for v in levels)
        assert {sheet[c].number_format for c in prices} == {'#,##0.00" kr"'}


def test_the_formulas_sum_price_times_volume_and_take_the_claimed_deductions(data):
    book = load(data)
    sheet = book["2 Stöd och utslussning"]
    assert named(book, cell_name(PRICE, "stod", "stodsamtal")).coordinate == "D6"
    assert [sheet[f"E{row}"].value for row in (6, 7)] == ["=D6*C6", "=D7*C7"]
    assert named(book, cell_name(TENDERED_PRICE, "stod")).value == "=SUM(E6:E7)"
    assert [sheet[f"B{row}"].value for row in (12, 13)] == ["0, 5 eller 10", "0, 10 eller 15"]  # percent
    assert named(book, cell_name(CLAIM, "stod", "metoder")).coordinate == "D13"
    assert [sheet[f"E{row}"].value for row in (12, 13, 14)] == ["=N(D12)", "=N(D13)", "=SUM(E12:E13)"]
    assert named(book, cell_name(COMPARISON_PRICE, "stod")).value == "=E8*(1-E14/100)"
    assert named(book, cell_name(TENDERED_PRICE, "boende")).value == "=SUM(E7:E7)"
    assert named(book, cell_name(COMPARISON_PRICE, "boende")).value == "=E8*(1-E14/100)"


def test_a_note_for_one_lot_is_on_its_sheet_only_and_the_authority_assesses_the_levels(data):
    """The note on the price of a boendeplats is written for lot `boende` (`lots: [boende]`); the
    claimed deductions are the tenderer's own view, the kommun's assessment decides."""
    book = load(data)
    texts = {name: [row[0] for row in book[name].iter_rows(max_col=1, values_only=True) if row[0]]
             for name in book.sheetnames}
    note = "Priset för boendeplats gäller per dygn och plats och omfattar boende, stöd i vardagen och jour."
    assert note in texts["1 Boende"] and note not in texts["2 Stöd och utslussning"]
    for sheet in texts.values():
        assert ("Avdragen som begärs är anbudsgivarens egen bedömning. Kommunen bedömer vilken nivå anbudet når, "
                "och det är den bedömningen som avgör jämförelsepriset.") in sheet
        assert not any("365" in text for text in sheet)  # nothing here is priced per place and dygn


def test_a_place_priced_per_dygn_says_how_its_volume_is_counted():
    checked = check_spec(SPEC_CARE_HOME)
    book = load(price_workbook(checked.spec, checked.figures, TITLE, WHEN))
    sheet = book["1 Amalia"]
    assert "För en insats som prissätts per plats och dygn är volymen antal platser gånger 365 dygn." in [
        row[0] for row in sheet.iter_rows(max_col=1, values_only=True)]
    price = named(book, cell_name(PRICE, "amalia", "amalia"))
    assert [c.value for c in sheet[price.row][:3]] == ["Vård- och omsorgsboendet Amalia", "kr per plats och dygn",
                                                       36 * 365]


def test_every_defined_name_is_one_of_the_documented_cells(data):
    assert set(load(data).defined_names) == {
        "price_boende__boende", "claim_boende__delaktighet", "claim_boende__metoder", "tendered_price_boende",
        "comparison_price_boende", "price_stod__stodsamtal", "price_stod__utslussning", "claim_stod__delaktighet",
        "claim_stod__metoder", "tendered_price_stod", "comparison_price_stod"}


def test_print_setup_and_properties(data):
    book = load(data)
    for sheet in book.worksheets:
        assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width > 0
        assert sheet.oddHeader.right.text == "UTKAST"  # the bundled spec is not final
    assert (book.properties.title, book.properties.language) == (TITLE, "sv-SE")
    assert book.properties.created.date() == book.properties.modified.date() == WHEN


def test_a_spec_without_lots_gets_one_sheet_and_names_without_a_lot(checked):
    spec = checked.spec.model_copy(update={"procurement": checked.spec.procurement.model_copy(update={"lots": ()})})
    figures = dataclasses.replace(checked.figures,
                                  procurement=dataclasses.replace(checked.figures.procurement, lots=()))
    book = load(price_workbook(spec, figures, TITLE, WHEN))
    assert book.sheetnames == ["Prisbilaga"]
    # the note for lot `boende` has no sheet to be on
    assert [named(book, cell_name(PRICE, None, c)).row for c in ("boende", "stodsamtal", "utslussning")] == [6, 7, 8]
    assert named(book, "tendered_price").value == "=SUM(E6:E8)"
    assert named(book, "comparison_price").value == "=E9*(1-E15/100)"


def test_without_price_deductions_there_is_nothing_to_claim(checked):
    procurement = checked.spec.procurement
    evaluation = procurement.evaluation.model_copy(update={"model": None})
    spec = checked.spec.model_copy(update={"procurement": procurement.model_copy(update={"evaluation": evaluation})})
    book = load(price_workbook(spec, checked.figures, TITLE, WHEN))
    assert not [name for name in book.defined_names if name.startswith((CLAIM, COMPARISON_PRICE))]
    assert [v.type for sheet in book.worksheets for v in sheet.data_validations.dataValidation] == ["decimal"] * 2


def test_the_same_inputs_give_the_same_bytes_and_another_day_changes_only_dates(checked, data):
    assert price_workbook(checked.spec, checked.figures, TITLE, WHEN) == data
    later = price_workbook(checked.spec, checked.figures, TITLE, date(2031, 7, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as one, zipfile.ZipFile(io.BytesIO(later)) as other:
        assert one.namelist() == other.namelist()
        assert one.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in one.infolist()} == {zip_stamp(WHEN)}
        assert {i.date_time for i in other.infolist()} == {zip_stamp(date(2031, 7, 1))}
        differing = [name for name in one.namelist() if one.read(name) != other.read(name)]
        assert differing == ["docProps/core.xml"]
        core = one.read("docProps/core.xml").decode()
        assert core.count("2025-02-12T00:00:00Z") == 2
        assert core.replace("2025-02-12", "2031-07-01") == other.read("docProps/core.xml").decode()


IDS = st.from_regex(IDENTIFIER, fullmatch=True)


@given(st.tuples(st.sampled_from([PRICE, CLAIM]), st.none() | IDS, IDS),
       st.tuples(st.sampled_from([PRICE, CLAIM]), st.none() | IDS, IDS))
def test_cell_names_are_valid_defined_names_and_never_collide(one, other):
    names = cell_name(*one), cell_name(*other)
    for name in names:  # a letter first, then letters, digits and _ (no "-", no cell reference look-alike)
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name) and "_" in name and len(name) <= 255
    assert (names[0] == names[1]) == (one == other)


def test_cell_names_escape_underscore_and_hyphen():
    assert cell_name(PRICE, "stod-2", "samtal_x") == "price_stod_h2__samtal_ux"
    assert cell_name(PRICE, "a-b", "c") != cell_name(PRICE, "a_b", "c")
    assert cell_name(PRICE, "a", "b__c") != cell_name(PRICE, "a__b", "c")
    assert cell_name(TENDERED_PRICE, "stod") == "tendered_price_stod"
    assert cell_name(TENDERED_PRICE) == "tendered_price"


# Prices with öre, and claims that take 5 % from one lot (a middle level, and a claim left empty)
# and 25 % from the other, so that a sum or a jämförelsepris rounded anywhere (to kronor, to öre) shows.
PRICES = {"boende": Decimal("1234.57"), "stodsamtal": Decimal("845.33"), "utslussning": Decimal("1599.99")}
CLAIMS = {("boende", "delaktighet"): 5, ("boende", "metoder"): None,
          ("stod", "delaktighet"): 10, ("stod", "metoder"): 15}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, data) -> tuple[openpyxl.Workbook, dict[str, list[list[str]]]]:
    """The workbook filled in as a tenderer would, and LibreOffice's CSV of every sheet (raw
    values, not as shown)."""
    require("soffice")
    work = tmp_path_factory.mktemp("calc")
    book = load(data)
    for (lot, component) in [("boende", "boende"), ("stod", "stodsamtal"), ("stod", "utslussning")]:
        named(book, cell_name(PRICE, lot, component)).value = PRICES[component]
    for (lot, criterion), claim in CLAIMS.items():
        named(book, cell_name(CLAIM, lot, criterion)).value = claim
    filled = work / "prisbilaga.xlsx"
    book.save(filled)
    # Tokens: comma, quote, UTF-8, from line 1, no column formats, language, quoted text, detect
    # numbers, cell contents *not* as shown (full precision), export formulas, remove spaces, every sheet (-1).
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(work / "csv"),
         str(filled)], capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    sheets = {}
    for sheet in book.sheetnames:
        path = work / "csv" / f"prisbilaga-{sheet}.csv"
        assert path.is_file(), f"LibreOffice wrote no CSV for sheet {sheet!r}: {completed.stdout}"
        sheets[sheet] = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    return book, sheets


@pytest.mark.libreoffice
def test_openpyxl_writes_no_cached_values_so_the_sums_come_from_libreoffice(recalculated, tmp_path):
    book, _ = recalculated
    book.save(tmp_path / "filled.xlsx")
    cached = openpyxl.load_workbook(tmp_path / "filled.xlsx", data_only=True)
    assert named(cached, cell_name(TENDERED_PRICE, "stod")).value is None
    assert named(cached, cell_name(COMPARISON_PRICE, "stod")).value is None


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_exact_prices_tenderkit_computes(recalculated, checked):
    book, sheets = recalculated

    def value(name: str) -> Fraction:
        cell = named(book, name)
        return Fraction(Decimal(sheets[cell.parent.title][cell.row - 1][cell.column - 1]))

    computed = {}
    for lot in checked.figures.procurement.lots:
        tendered = tendered_price({c: Fraction(p) for c, p in PRICES.items()}, lot.components)
        claimed = [claim for (own, _), claim in CLAIMS.items() if own == lot.id and claim is not None]
        computed[lot.id] = tendered, comparison_price(tendered, claimed)
        assert value(cell_name(TENDERED_PRICE, lot.id)) == tendered
        assert value(cell_name(COMPARISON_PRICE, lot.id)) == computed[lot.id][1]
    assert computed == {"boende": (Fraction("5407416.6"), Fraction("5137045.77")),
                        "stod": (Fraction("1254394.5"), Fraction("940795.875"))}
