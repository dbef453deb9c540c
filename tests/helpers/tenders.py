"""The bundled example tenders, their evaluation as `tenderkit evaluate` prints it, and each
tenderer's prisbilaga filled in from its answers file, as a tenderer would."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
from helpers.common import ROOT, SPEC_TENDER

from tenderkit.build import check_spec
from tenderkit.render.workbook import PRICE, cell_name, price_workbook

EXAMPLES = ROOT / "examples" / "tenders" / "stodboende-unga-vuxna-2025"
NBSP = "\u00a0"

EXPECTED_TABLE = """\
Lot 1: Boende
Tie rule: the higher quality first, then lottning
Authority's estimate: 6 351 000 kronor
Rank  Tenderer                 Tendered price    Deductions  Comparison price
1     Omsorg Norr AB           6 088 200 kronor  20 %        4 870 560 kronor
2     Stiftelsen Vägen Vidare  6 482 400 kronor  20 %        5 185 920 kronor
Rejected: Trygga Steg AB, TJ-LOKALER: Lägenheterna ligger i Grannby, 55 minuter från Exempelstad med kollektivtrafik.

Lot 2: Stöd och utslussning
Tie rule: the higher quality first, then lottning
Authority's estimate: 1 260 000 kronor
Rank  Tenderer                 Tendered price    Deductions  Comparison price
1     Trygga Steg AB           711 000 kronor    10 %        639 900 kronor
2     Omsorg Norr AB           1 209 000 kronor  20 %        967 200 kronor
3     Stiftelsen Vägen Vidare  1 264 500 kronor  20 %        1 011 600 kronor
"""


def plain(text: str) -> str:
    """The output with its no-break spaces (thousands, from Babel) as plain ones."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def price_sheets(tenders, cells: dict[str, dict[str, object]] | None = None):
    """Each tenderer's prisbilaga, built by tenderkit and filled in with the prices of its answers
    file (whose `prices:` are then removed), with `cells` (by defined name) written over them."""
    checked = check_spec(SPEC_TENDER)
    blank = price_workbook(checked.spec, checked.figures, "Prisbilaga", date(2025, 2, 12))
    for answers in sorted(tenders.glob("*.yaml")):
        text = answers.read_text(encoding="utf-8")
        book = openpyxl.load_workbook(io.BytesIO(blank))
        for lot, block in re.findall(r"- id: (\w+)\n    prices:\n((?:      .*\n)+)", text):
            for component, price in re.findall(r"(\w+): (\d+)", block):
                put(book, cell_name(PRICE, lot, component), int(price))
        for name, value in (cells or {}).get(answers.stem, {}).items():
            put(book, name, value)
        book.save(answers.with_suffix(".xlsx"))
        answers.write_text(re.sub(r"    prices:\n(?:      .*\n)+", "", text), encoding="utf-8")


def put(book, name: str, value) -> None:
    (sheet, coordinate), = book.defined_names[name].destinations
    book[sheet][coordinate.replace("$", "")].value = value


# The bundled tender evaluated with weights instead of price deductions (replacements for `variant`).
WEIGHTS = {
    "    model: price_deductions\n": "    model: weights\n    price_weight: 60\n    method: Lägsta pris / anbudspris × 60.\n",
    "        requirement: TJ-DELAKTIGHET\n": "        requirement: TJ-DELAKTIGHET\n        weight: 20\n",
    "        requirement: TJ-METOD-EVIDENS\n": "        requirement: TJ-METOD-EVIDENS\n        weight: 20\n",
    "          - deduction: 0\n            earned_by: Metoden saknas": "          - score: 0\n            earned_by: Metoden saknas",
    "          - deduction: 5\n": "          - score: 5\n",
    "          - deduction: 10\n            earned_by: >-\n              Metoden": "          - score: 10\n            earned_by: >-\n              Metoden",
    "          - deduction: 0\n            earned_by: Anbudet": "          - score: 0\n            earned_by: Anbudet",
    "          - deduction: 10\n            earned_by: >-\n              Anbudet": "          - score: 10\n            earned_by: >-\n              Anbudet",
    "          - deduction: 15\n": "          - score: 15\n",
}


def lowest_price_replacements() -> dict[str, str]:
    """The bundled tender awarded on the lowest price: no model, no criteria, no bör-krav."""
    text = SPEC_TENDER.read_text(encoding="utf-8")
    block = text[text.index("  evaluation:\n"):text.index("  terms:\n")]
    return {block: "  evaluation:\n    basis: lowest_price\n", "    - TJ-DELAKTIGHET\n": "", "    - TJ-METOD-EVIDENS\n": ""}
