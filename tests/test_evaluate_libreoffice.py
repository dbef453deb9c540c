"""The bundled example tenders evaluated from spreadsheets a real spreadsheet program saved: each
tenderer's prisbilaga filled in, then recalculated and saved by LibreOffice, as a tenderer's Calc or
Excel would send it back. The reader takes the prices by cell name from that file, and the sums the
sheet shows the tenderer are LibreOffice's own (openpyxl writes formulas without values). Skipped only
where LibreOffice is missing, and never in CI (TENDERKIT_REQUIRE_LIBREOFFICE=1)."""

from __future__ import annotations

import subprocess
import zipfile

import openpyxl
import pytest
import yaml
from helpers.common import SOFFICE, SPEC_TENDER, require
from helpers.tenders import EXAMPLES, EXPECTED_TABLE, plain, price_sheets

from tenderkit.render.workbook import CLAIM, COMPARISON_PRICE, TENDERED_PRICE, cell_name

pytestmark = pytest.mark.libreoffice

# LibreOffice recalculates every formula of an Excel 2007+ file when it loads it ("Recalculation on
# File Load: Always"), so no cached value from the file itself can survive.
ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""

# What each tenderer's sheet shows once recalculated, per lot: (tendered price, jämförelsepris),
# with the deductions the tenderer claims being the levels the evaluation group assessed.
SHOWN = {"omsorg-norr": {"boende": (6088200, 4870560), "stod": (1209000, 967200)},
         "trygga-steg": {"boende": (5694000, 4839900), "stod": (711000, 639900)},
         "vagen-vidare": {"boende": (6482400, 5185920), "stod": (1264500, 1011600)}}


def claims_as_assessed() -> dict[str, dict[str, int]]:
    """Each tenderer claims the deductions the evaluation group then assessed."""
    claims = {}
    for answers in EXAMPLES.glob("*.yaml"):
        lots = yaml.safe_load(answers.read_text(encoding="utf-8"))["lots"]
        claims[answers.stem] = {cell_name(CLAIM, lot["id"], criterion): level
                                for lot in lots for criterion, level in lot["levels"].items()}
    return claims


def value(book, name: str):
    (sheet, coordinate), = book.defined_names[name].destinations
    return book[sheet][coordinate.replace("$", "")].value


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """The example tenders' directory with each prisbilaga filled in by openpyxl, then opened,
    recalculated and saved as .xlsx by LibreOffice (one soffice start for all three)."""
    require("soffice")
    work = tmp_path_factory.mktemp("recalculated")
    tenders = work / "anbud"
    tenders.mkdir()
    for answers in EXAMPLES.glob("*.yaml"):
        (tenders / answers.name).write_bytes(answers.read_bytes())
    price_sheets(tenders, claims_as_assessed())
    filled = sorted(tenders.glob("*.xlsx"))
    for sheet in filled:  # openpyxl writes the formulas and no values: whatever shows later is LibreOffice's
        assert value(openpyxl.load_workbook(sheet, data_only=True), cell_name(TENDERED_PRICE, "boende")) is None
    (work / "profile" / "user").mkdir(parents=True)
    (work / "profile" / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "xlsx:Calc Office Open XML",
         "--outdir", str(work / "saved"), *map(str, filled)], capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    for sheet in filled:
        saved = work / "saved" / sheet.name
        assert saved.is_file(), f"LibreOffice saved no {sheet.name}: {completed.stdout}"
        sheet.write_bytes(saved.read_bytes())
    return tenders


def test_the_sheets_are_libreoffices_and_show_its_sums(recalculated):
    for stem, lots in SHOWN.items():
        path = recalculated / f"{stem}.xlsx"
        with zipfile.ZipFile(path) as archive:
            assert "LibreOffice" in archive.read("docProps/app.xml").decode()
        book = openpyxl.load_workbook(path, data_only=True)
        shown = {lot: (value(book, cell_name(TENDERED_PRICE, lot)), value(book, cell_name(COMPARISON_PRICE, lot)))
                 for lot in lots}
        assert shown == lots, stem
        assert str(value(openpyxl.load_workbook(path), cell_name(COMPARISON_PRICE, "stod"))).startswith("=")


def test_tenders_saved_by_libreoffice_evaluate_to_the_pinned_figures(cli, recalculated):
    assert not any("prices:" in path.read_text(encoding="utf-8") for path in recalculated.glob("*.yaml"))
    result = cli("evaluate", SPEC_TENDER, recalculated)
    assert result.code == 0, result.err
    assert plain(result.out) == EXPECTED_TABLE
    warnings = plain(result.err).splitlines()
    assert sum("abnormally low" in line for line in warnings) == 2
    assert not any("claims" in line for line in warnings)  # each claim is the level the group assessed
