"""`tenderkit evaluate`: tenders read from answers files and filled-in price sheets, evaluated per lot
with the spec's model and tie rule; every figure pinned exactly, every bad input a located error."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import openpyxl
import pytest
from helpers.common import SPEC_TENDER, line_of, variant
from helpers.tenders import EXAMPLES, EXPECTED_TABLE, WEIGHTS, lowest_price_replacements, plain, price_sheets
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.build import check_spec
from tenderkit.evaluation import Answers, Tender, evaluate
from tenderkit.render.workbook import CLAIM, PRICE, cell_name
from tenderkit.spec.procurement import TieBreak


@pytest.fixture
def tenders(tmp_path):
    """A copy of the bundled example tenders, to change."""
    return shutil.copytree(EXAMPLES, tmp_path / "anbud")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- End to end -------------------------------------------------------------------------------------


def test_bundled_example_ranks_per_lot_rejects_and_flags_the_abnormally_low_tender(cli):
    result = cli("evaluate", SPEC_TENDER, EXAMPLES)
    assert result.code == 0, result.err
    assert plain(result.out) == EXPECTED_TABLE
    warnings = plain(result.err).splitlines()
    assert ("warning: lot “stöd och utslussning”: the tendered price of Trygga Steg AB, 711 000 kr, is 43 % below the "
            "mean of the other tenders, 1 236 750 kr: it may be abnormally low (LOU 16 kap. 7 §)") in warnings
    assert ("warning: lot “stöd och utslussning”: the tendered price of Trygga Steg AB, 711 000 kr, is 44 % below the "
            "authority's estimate, 1 260 000 kr: it may be abnormally low (LOU 16 kap. 7 §)") in warnings
    assert sum("abnormally low" in line for line in warnings) == 2  # the boende lot's prices are within 30 %


def test_price_sheets_read_by_cell_name_give_the_same_evaluation(cli, tenders):
    price_sheets(tenders)
    assert "prices:" not in (tenders / "omsorg-norr.yaml").read_text(encoding="utf-8")
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert result.code == 0, result.err
    assert plain(result.out) == EXPECTED_TABLE


def test_the_evaluation_does_not_depend_on_the_sheet_layout_only_on_names(cli, tenders):
    """A row inserted above the prices moves every cell; the defined names move with them."""
    price_sheets(tenders)
    for sheet_file in tenders.glob("*.xlsx"):
        book = openpyxl.load_workbook(sheet_file)
        for sheet in book.worksheets:
            sheet.insert_rows(1, 3)
        for name in list(book.defined_names):
            (sheet, coordinate), = book.defined_names[name].destinations
            column, row = re.fullmatch(r"\$([A-Z]+)\$(\d+)", coordinate).groups()
            book.defined_names[name].attr_text = f"'{sheet}'!${column}${int(row) + 3}"
        book.save(sheet_file)
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert plain(result.out) == EXPECTED_TABLE


# --- The models, exactly -----------------------------------------------------------------------------

def spec_variant(repo, replacements=None, name="variant.yaml"):
    return check_spec(variant(repo, replacements, base=SPEC_TENDER, name=name))


def lowest_price(repo):
    return spec_variant(repo, lowest_price_replacements(), "lowest.yaml")


def tender(name: str, stod: tuple[int, int], levels: dict[str, int] | None = None, org: str = "556000-0000",
           failed: str | None = None) -> Tender:
    """A tender for the lot stöd och utslussning: (kr per hour of stödsamtal, kr per utslussning)."""
    answers = Answers.model_validate({
        "tenderer": name, "organisation_number": org,
        "requirements": ({"id": failed, "fulfilled": False, "note": "Saknas."},) if failed else (),
        "lots": ({"id": "stod", "levels": levels or {}},)})
    return Tender(f"{name}.yaml", answers, {"stod": {"stodsamtal": Fraction(stod[0]), "utslussning": Fraction(stod[1])}})


def stod(checked, tenders):
    return evaluate(checked.spec, checked.requirements, tenders).lots[1]


def test_price_deductions_take_the_sum_of_the_levels_off_the_tendered_price():
    checked = check_spec(SPEC_TENDER)
    lot = stod(checked, [tender("A", (850, 1600), {"delaktighet": 5, "metoder": 15}),
                         tender("B", (800, 1500), {"delaktighet": 0, "metoder": 0})])
    a, b = lot.entries
    assert (a.tenderer, a.tendered_price, a.deduction, a.comparison_price, a.rank) == (
        "A", Fraction(1_260_000), 20, Fraction(1_008_000), 1)  # 1200 h × 850 + 150 × 1600, less 20 %
    assert (b.tenderer, b.tendered_price, b.deduction, b.comparison_price, b.rank) == (
        "B", Fraction(1_185_000), 0, Fraction(1_185_000), 2)
    assert lot.estimate == 1_260_000 and not lot.ties


def test_weights_give_relative_price_points_and_quality_points_by_the_highest_score(repo):
    checked = spec_variant(repo, WEIGHTS)
    lot = stod(checked, [tender("A", (800, 1500), {"delaktighet": 5, "metoder": 10}),
                         tender("B", (1000, 1600), {"delaktighet": 10, "metoder": 15})])
    b, a = lot.entries
    assert (a.tendered_price, a.price_points, a.quality_points, a.total_points, a.rank) == (
        1_185_000, 60, Fraction(70, 3), Fraction(250, 3), 2)  # 20 × 5/10 + 20 × 10/15
    assert (b.tendered_price, b.price_points, b.quality_points, b.total_points, b.rank) == (
        1_440_000, Fraction(395, 8), 40, Fraction(715, 8), 1)  # 60 × 1 185 000 / 1 440 000


def test_lowest_price_ranks_by_the_tendered_price_alone(repo):
    checked = lowest_price(repo)
    lot = stod(checked, [tender("A", (850, 1600)), tender("B", (800, 1500)), tender("C", (800, 1500), org="556000-0001")])
    assert [(e.tenderer, e.tendered_price, e.rank) for e in lot.entries] == [
        ("B", 1_185_000, 1), ("C", 1_185_000, 1), ("A", 1_260_000, 3)]
    assert [(t.tenderers, t.decided_by) for t in lot.ties] == [(("B", "C"), None)]
    assert any("draw lots" in (w.hint or "") for w in lot.warnings)
    # quality_then_lottery, the default, has no quality to compare under the price alone
    assert evaluate(checked.spec, checked.requirements, []).tie_break is TieBreak.lottery


# Equal jämförelsepris 945 000: A 1 260 000 less 25 %, B 1 050 000 (750 and 1000 kr) less 10 %.
TIED = (("A", (850, 1600), {"delaktighet": 10, "metoder": 15}), ("B", (750, 1000), {"delaktighet": 0, "metoder": 10}))


@pytest.mark.parametrize(("rule", "ranks", "decided_by"), [
    (None, {"A": 1, "B": 2}, "quality"),  # the default: the higher quality first
    ("quality_then_lottery", {"A": 1, "B": 2}, "quality"),
    ("price_then_lottery", {"B": 1, "A": 2}, "price"),
    ("lottery", {"A": 1, "B": 1}, None),
])
def test_each_tie_rule_orders_tenders_of_equal_comparison_price(repo, rule, ranks, decided_by):
    replacements = {"    model: price_deductions\n": f"    model: price_deductions\n    tie_break: {rule}\n"} if rule else {}
    checked = spec_variant(repo, replacements)
    lot = stod(checked, [tender(name, prices, levels) for name, prices, levels in TIED])
    assert {e.tenderer: (e.comparison_price, e.rank) for e in lot.entries} == {
        name: (Fraction(945_000), rank) for name, rank in ranks.items()}
    assert [(sorted(t.tenderers), t.decided_by) for t in lot.ties] == [(["A", "B"], decided_by)]
    assert any("lottning" in (w.hint or "") for w in lot.warnings) == (decided_by is None)


def test_the_tie_rule_is_said_in_the_table(cli, repo, tenders):
    spec = variant(repo, {"    model: price_deductions\n": "    model: price_deductions\n    tie_break: price_then_lottery\n"},
                   base=SPEC_TENDER, name="pris.yaml")
    result = cli("evaluate", spec, tenders)
    assert "Tie rule: the lower tendered price first, then lottning" in result.out


def test_a_failed_ska_krav_rejects_the_tender_in_the_lots_it_applies_to_only():
    checked = check_spec(SPEC_TENDER)
    lots = evaluate(checked.spec, checked.requirements,
                    [tender("A", (850, 1600), {"delaktighet": 5, "metoder": 15}, failed="TJ-LOKALER")]).lots
    entry = lots[1].entries[0]
    assert entry.rank == 1 and not entry.rejected  # TJ-LOKALER is the boende lot's
    lots = evaluate(checked.spec, checked.requirements,
                    [tender("A", (850, 1600), {"delaktighet": 5, "metoder": 15}, failed="KVAL-EKONOMI")]).lots
    entry = lots[1].entries[0]
    assert entry.rank is None and [(r.requirement, r.note) for r in entry.rejected] == [("KVAL-EKONOMI", "Saknas.")]


# --- Warnings ------------------------------------------------------------------------------------------


def test_a_lot_with_a_single_tender_and_a_lot_with_none_are_said(cli, tenders):
    (tenders / "trygga-steg.yaml").unlink()
    (tenders / "vagen-vidare.yaml").unlink()
    text = (tenders / "omsorg-norr.yaml").read_text(encoding="utf-8")
    (tenders / "omsorg-norr.yaml").write_text(text[:text.index("  - id: stod")], encoding="utf-8")
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert result.code == 0
    assert "warning: lot “boende”: a single tender to evaluate, so there is no competition" in result.err
    assert "warning: lot “stöd och utslussning”: no tender" in result.err
    assert "No tender to rank." in result.out


def test_an_empty_price_cell_is_a_warning_and_the_tender_is_not_ranked(cli, tenders):
    price_sheets(tenders, {"omsorg-norr": {cell_name(PRICE, "stod", "utslussning"): None}})
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert result.code == 0, result.err
    assert "omsorg-norr.xlsx: '2 Stöd och utslussning'!D" in result.err
    assert re.search(r"warning: \S+omsorg-norr.xlsx: '2 Stöd och utslussning'!D\d+ \(price_stod__utslussning\): the "
                     r"price cell is empty", result.err)
    assert "Not ranked: Omsorg Norr AB, no price for utslussning" in result.out
    assert "2     Stiftelsen Vägen Vidare" in plain(result.out)


def test_a_claimed_deduction_outside_the_published_levels_is_a_warning(cli, tenders):
    price_sheets(tenders, {"vagen-vidare": {cell_name(CLAIM, "boende", "metoder"): 12}})
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert result.code == 0
    assert ("vagen-vidare.xlsx: '1 Boende'!D13 (claim_boende__metoder): the tenderer claims 12 for “Kunskapsbaserade metoder”, which is not one of its levels "
            "(0, 10, 15)") in result.err
    assert plain(result.out) == EXPECTED_TABLE  # the group's assessment counts, not the claim


# --- Bad input: located errors, nothing printed ------------------------------------------------------


@pytest.mark.parametrize(("file", "old", "new", "message", "needle"), [
    ("omsorg-norr.yaml", "  - id: stod\n", "  - id: stodd\n", "the spec has no lot `stodd`", "id: stodd"),
    ("omsorg-norr.yaml", "  - id: KVAL-REG\n", "  - id: KVAL-REGG\n", "the spec has no requirement `KVAL-REGG`",
     "KVAL-REGG"),
    ("omsorg-norr.yaml", "  - id: KVAL-REG\n", "  - id: TJ-DELAKTIGHET\n",
     "`TJ-DELAKTIGHET` is a bör-krav, not a ska-krav", "TJ-DELAKTIGHET"),
    ("omsorg-norr.yaml", "      metoder: 10\n", "      metodr: 10\n", "the evaluation has no criterion `metodr`",
     "metodr"),
    ("omsorg-norr.yaml", "      delaktighet: 10\n", "      delaktighet: 7\n",
     "7 is not one of the levels the criterion “Brukarens delaktighet” published", "delaktighet: 7"),
    ("omsorg-norr.yaml", "      boende: 1390\n", "      boende: -1390\n", "must be at least 0.01, got -1390",
     "boende: -1390"),
    ("omsorg-norr.yaml", "      boende: 1390\n", "      boende: 13900000\n", "must be at most 1000000",
     "boende: 13900000"),
    ("omsorg-norr.yaml", "      boende: 1390\n", "      boende: 1 390 kr\n", 'expected a number, got "1 390 kr"',
     "boende: 1 390"),
    ("omsorg-norr.yaml", "  - id: KVAL-REG\n    fulfilled: true\n", "", "no answer for the ska-krav KVAL-REG",
     "requirements:"),
    ("omsorg-norr.yaml", "  - id: KVAL-REG\n    fulfilled: true\n", "  - id: KVAL-REG\n    fulfilled: false\n",
     "a failed ska-krav needs its reason", "KVAL-REG"),
    ("vagen-vidare.yaml", 'organisation_number: "802400-1234"', 'organisation_number: "556677-8899"',
     "this tenderer has already tendered", "organisation_number"),
])
def test_bad_answers_are_located_errors_and_nothing_is_printed(cli, tenders, file, old, new, message, needle):
    path = tenders / file
    edit(path, old, new)
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert result.code == 1
    assert result.out == ""
    line = line_of(path, needle) if needle != "KVAL-REG" else line_of(path, "KVAL-REG") + 1
    assert f"{file}:{line}:" in result.err
    assert message in result.err


@pytest.mark.parametrize(("cells", "message"), [
    ({cell_name(PRICE, "boende", "boende"): "1 390 kr"}, "the price is written as text (“1 390 kr”), not as a number"),
    ({cell_name(PRICE, "boende", "boende"): -5}, "the price -5 is not above zero"),
    ({cell_name(PRICE, "boende", "boende"): 13_900_000}, "the price 13900000 kr per unit is not credible"),
])
def test_bad_prices_name_the_file_sheet_and_cell(cli, tenders, cells, message):
    price_sheets(tenders, {"omsorg-norr": cells})
    book = openpyxl.load_workbook(tenders / "omsorg-norr.xlsx")
    (_, coordinate), = book.defined_names[cell_name(PRICE, "boende", "boende")].destinations
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert (result.code, result.out) == (1, "")
    assert f"omsorg-norr.xlsx: '1 Boende'!{coordinate.replace('$', '')} (price_boende__boende): {message}" in result.err


def test_a_restructured_sheet_is_an_error_naming_the_missing_name_or_sheet(cli, tenders):
    price_sheets(tenders)
    book = openpyxl.load_workbook(tenders / "omsorg-norr.xlsx")
    del book.defined_names[cell_name(PRICE, "stod", "stodsamtal")]
    book.save(tenders / "omsorg-norr.xlsx")
    book = openpyxl.load_workbook(tenders / "vagen-vidare.xlsx")
    book.remove(book["1 Boende"])
    book.save(tenders / "vagen-vidare.xlsx")
    (tenders / "trygga-steg.xlsx").write_bytes(b"not a workbook")
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert (result.code, result.out) == (1, "")
    assert ("omsorg-norr.xlsx: no cell named `price_stod__stodsamtal`: the file is not this procurement's "
            "prisbilaga, or it was restructured") in result.err
    assert "vagen-vidare.xlsx: the sheet “1 Boende”, where the cell `price_boende__boende` stands, is missing" in result.err
    assert "trygga-steg.xlsx is not an Excel workbook (.xlsx) that can be read" in result.err


def test_prices_in_two_places_or_none_are_errors(cli, tenders):
    price_sheets(tenders)
    (tenders / "extra.xlsx").write_bytes((tenders / "omsorg-norr.xlsx").read_bytes())
    (tenders / "vagen-vidare.xlsx").unlink()  # its answers no longer hold prices
    shutil.copy(EXAMPLES / "omsorg-norr.yaml", tenders / "omsorg-norr.yaml")  # with prices, beside its sheet
    result = cli("evaluate", SPEC_TENDER, tenders)
    assert result.code == 1
    assert "extra.xlsx: a price sheet without an answers file" in result.err
    assert "the prices are given twice: here and in the price sheet beside the file" in result.err
    assert "the prices of this lot are missing, and there is no price sheet beside the file" in result.err


# --- The template ------------------------------------------------------------------------------------


def test_template_lists_every_ska_krav_lot_component_and_level_and_never_overwrites(cli, tmp_path):
    target = tmp_path / "anbud" / "ny.yaml"
    target.parent.mkdir()
    result = cli("evaluate", SPEC_TENDER, "--template", "-o", target)
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    checked = check_spec(SPEC_TENDER)
    assert all(f"  - id: {r.id}  #" in text for r in checked.requirements if r.mandatory)
    assert "TJ-DELAKTIGHET" not in text  # a bör-krav is assessed as a criterion's level
    assert "      utslussning:  # kr per tillfälle, utslussningsstöd" in text
    assert "      metoder:  # Kunskapsbaserade metoder: 0, 10, 15" in text
    assert "\nsize:  " in text and "\naddress:  " in text and "\n  nuts:  " in text  # what the award notice needs
    again = cli("evaluate", SPEC_TENDER, "--template", "-o", target)
    assert again.code == 2 and "exists, and tenderkit never replaces answers" in again.err
    assert target.read_text(encoding="utf-8") == text
    unfilled = cli("evaluate", SPEC_TENDER, target.parent)  # left empty, it cannot be evaluated by mistake
    assert (unfilled.code, unfilled.out) == (1, "")
    assert "ny.yaml:4:" in unfilled.err


def test_template_to_stdout_and_usage_errors(cli, tmp_path):
    assert cli("evaluate", SPEC_TENDER, "--template").out.startswith("# Anbudssvar för stödboende för unga vuxna")
    assert cli("evaluate", SPEC_TENDER).code == 2
    assert cli("evaluate", SPEC_TENDER, tmp_path / "saknas").code == 2


def test_messages_in_swedish(cli, tenders):
    edit(tenders / "omsorg-norr.yaml", "  - id: stod\n", "  - id: stodd\n")
    result = cli("--lang", "sv", "evaluate", SPEC_TENDER, tenders)
    assert "specifikationen har inget delområde `stodd`" in result.err
    assert "menade du `stod`?" in result.err
    result = cli("evaluate", SPEC_TENDER, EXAMPLES, "--lang", "sv")
    assert plain(result.out).startswith("Delområde 1: Boende\nVid lika resultat: högst kvalitet först, sedan lottning\n")
    assert "kan vara onormalt lågt (LOU 16 kap. 7 §)" in result.err


# --- Properties ------------------------------------------------------------------------------------------

CHECKED = {}


def checked_model(model: str):
    """The bundled spec under price deductions, or its weights variant (made once)."""
    if model not in CHECKED:
        if model == "weights":
            import tempfile
            from pathlib import Path

            directory = Path(tempfile.mkdtemp())
            (directory / "specs").mkdir()
            CHECKED[model] = check_spec(variant(directory, WEIGHTS, base=SPEC_TENDER, name="w.yaml"))
        else:
            CHECKED[model] = check_spec(SPEC_TENDER)
    return CHECKED[model]


def levels_of(model: str):
    key = "deduction" if model == "price_deductions" else "score"
    return {c.id: sorted(getattr(level, key) for level in c.levels) for c in checked_model(model).spec.procurement.evaluation.criteria}


offers = st.lists(st.tuples(st.integers(500, 1200), st.integers(800, 2000), st.integers(0, 2), st.integers(0, 2)),
                  min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(model=st.sampled_from(["price_deductions", "weights"]), offered=offers, who=st.integers(0, 4),
       criterion=st.sampled_from(["delaktighet", "metoder"]), order=st.randoms(use_true_random=False))
def test_a_better_level_never_ranks_worse_and_file_order_never_matters(model, offered, who, criterion, order):
    checked = checked_model(model)
    published = levels_of(model)

    def tenders(bump: int | None = None) -> list[Tender]:
        made = []
        for index, (hour, session, first, second) in enumerate(offered):
            steps = {"delaktighet": first, "metoder": second}
            if index == bump:
                steps[criterion] = min(steps[criterion] + 1, 2)
            made.append(tender(f"T{index}", (hour, session), {c: published[c][s] for c, s in steps.items()},
                               org=f"556000-{index:04d}"))
        return made

    def ranks(made: list[Tender]) -> dict[str, int]:
        return {e.tenderer: e.rank for e in stod(checked, made).entries}

    base = tenders()
    who %= len(offered)
    assert ranks(tenders(bump=who))[f"T{who}"] <= ranks(base)[f"T{who}"]
    shuffled = list(base)
    order.shuffle(shuffled)
    assert ranks(shuffled) == ranks(base)
