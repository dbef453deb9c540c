"""Derived figures, pinned with exact numbers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from helpers.common import SPEC_2021, SPEC_2024, SPEC_CARE_HOME, SPEC_TENDER

from tenderkit.build import check_spec
from tenderkit.derive import add_months, fte, period_months, price_example, volume_over
from tenderkit.spec.model import Component, Unit
from tenderkit.spec.procurement import AwardBasis, Criterion, Evaluation, EvaluationModel, Level


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2018, 1, 1), date(2021, 12, 31), Fraction(48)),  # the 2018 contract with its extension
    (date(2018, 1, 1), date(2019, 12, 31), Fraction(24)),
    (date(2022, 3, 1), date(2026, 2, 28), Fraction(48)),
    (date(2024, 2, 1), date(2024, 2, 29), Fraction(1)),  # a leap February is one month
    (date(2021, 1, 15), date(2021, 2, 14), Fraction(1)),
    (date(2021, 1, 1), date(2021, 1, 15), Fraction(15, 31)),
    (date(2021, 1, 1), date(2021, 2, 14), 1 + Fraction(14, 28)),
])
def test_period_months_counts_whole_months_exactly(start, end, months):
    assert period_months(start, end) == months


def test_add_months_stays_inside_short_months():
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2021, 11, 30), 3) == date(2022, 2, 28)
    assert add_months(date(2021, 3, 31), -1) == date(2021, 2, 28)


def test_volume_over_a_period_and_fte():
    assert volume_over(510, Fraction(48)) == 2040
    assert volume_over(2840, Fraction(48)) == 11360
    assert volume_over(100, Fraction(18)) == 150
    assert fte(2600, 1300) == 2
    assert fte(650, 1300) == Fraction(1, 2)


def test_figures_of_the_2021_memo():
    figures = check_spec(SPEC_2021).figures
    assert [c.id for c in figures.contracts] == ["stadsmission"]
    by_id = {c.id: c for c in figures.components}
    assert (by_id["group"].current_per_year, by_id["group"].proposed_per_year, by_id["group"].change) == (510, 510, 0)
    assert (by_id["individual"].current_per_year, by_id["individual"].change) == (240, 0)
    assert (by_id["parent_support"].current_per_year, by_id["parent_support"].change) == (None, 2600)
    [total] = figures.totals
    assert (total.unit, total.current_per_year, total.proposed_per_year, total.change) == (Unit.hours, 750, 3350, 2600)
    assert figures.compared and figures.hours_change == 2600
    assert total.fte == 2  # "2 600 timmar motsvarande två årsarbetare"
    assert figures.has_max_volumes is False


def test_figures_of_the_2024_memo():
    figures = check_spec(SPEC_2024).figures
    assert [c.supplier for c in figures.contracts] == ["Eleonoragruppen AB"]
    by_id = {c.id: c for c in figures.components}
    assert (by_id["group"].max_volume, by_id["individual"].max_volume) == (4000, 20000)
    assert by_id["individual"].current_per_year == 2840
    assert figures.hours_change == 0 and figures.totals[0].fte == 0
    assert figures.has_max_volumes is True


def test_hours_per_fte_is_a_setting(repo):
    from helpers.common import variant

    spec = variant(repo, append="settings:\n  hours_per_fte: 1700\n")
    assert check_spec(spec).figures.totals[0].fte == Fraction(2600, 1700)


def test_a_contract_without_volumes_leaves_changes_unknown(repo):
    from helpers.common import variant

    text = SPEC_2024.read_text(encoding="utf-8")
    volumes = text[text.index("    volumes:\n"):text.index("\nproposal:")]
    spec = variant(repo, {volumes: ""}, base=SPEC_2024)
    figures = check_spec(spec).figures
    assert figures.compared is False and figures.hours_change is None
    assert [(c.current_per_year, c.change) for c in figures.components] == [(None, None), (None, None)]


def test_changes_in_every_unit_are_counted(repo):
    from helpers.common import variant

    spec = variant(repo, {"      name: enskild behandling\n": "      name: enskild behandling\n      unit: sessions\n",
                          "      per_year: 240\n    - id": "      per_year: 400\n    - id"})
    figures = check_spec(spec).figures
    assert [(t.unit, t.change) for t in figures.totals] == [(Unit.hours, 2600), (Unit.sessions, 160)]


# --- The worked example of the evaluation ----------------------------------------------------------

def test_the_worked_example_of_the_bundled_price_deductions():
    example = check_spec(SPEC_TENDER).figures.procurement.example
    assert example.lot == "boende"  # the first lot: 4 380 dygn a year
    a, b = example.tenders
    assert [(line.name, line.per_year, line.unit_price, line.amount) for line in a.lines] == [
        ("boendeplats med stöd", 4380, 1000, 4_380_000)]
    # A: 4 380 000 kr at the middle levels, 5 % + 10 %: 4 380 000 × 0,85
    assert (a.tendered_price, [lv.level.deduction for lv in a.levels], a.deduction, a.comparison_price) == (
        4_380_000, [5, 10], 15, 3_723_000)
    # B: 10 % dearer at the highest levels, 10 % + 15 %: 4 818 000 × 0,75
    assert (b.tendered_price, [lv.level.deduction for lv in b.levels], b.deduction, b.comparison_price) == (
        4_818_000, [10, 15], 25, 3_613_500)
    assert [lv.criterion for lv in b.levels] == ["Brukarens delaktighet", "Kunskapsbaserade metoder"]
    assert example.winner == "B"
    assert (a.quality_points, b.quality_points) == (None, None)


def test_the_example_never_shows_the_authoritys_own_estimate():
    spec = check_spec(SPEC_TENDER).spec
    estimates = {c.unit_price for c in spec.service.components}
    example = check_spec(SPEC_TENDER).figures.procurement.example
    assert not estimates & {line.unit_price for tender in example.tenders for line in tender.lines}


def _criterion(id: str, weight: int | None, worths: list[int], key: str) -> Criterion:
    return Criterion(id=id, name=id.capitalize(), weight=weight, description="Bedöms.",
                     levels=tuple(Level(**{key: worth}, earned_by=f"Nivå {worth}.") for worth in worths))


def test_the_example_under_weights_gives_each_tender_its_points():
    components = (Component(id="a", name="A", per_year=100), Component(id="b", name="B", per_year=20))
    evaluation = Evaluation(basis=AwardBasis.best_price_quality, model=EvaluationModel.weights, price_weight=60,
                            method="Poäng.", criteria=(_criterion("metod", 30, [0, 2, 5], "score"),
                                                       _criterion("plan", 10, [0, 3], "score")))
    a, b = price_example(evaluation, None, components).tenders
    assert (a.tendered_price, b.tendered_price) == (120_000, 132_000)  # 1 000 and 1 100 kr × 120 units
    # A: the middle levels, 2 of 5 and 0 of 3: 30 × 2/5 + 0; B: the highest, all 40 points
    assert ([lv.points for lv in a.levels], a.quality_points) == ([12, 0], 12)
    assert ([lv.points for lv in b.levels], b.quality_points) == ([30, 10], 40)
    assert (a.deduction, a.comparison_price) == (None, None)
    assert price_example(evaluation, None, components).winner is None  # `method` scores price


def test_the_example_under_lowest_price_is_two_prices_and_the_lower_wins():
    components = (Component(id="a", name="A", per_year=7),)
    example = price_example(Evaluation(basis=AwardBasis.lowest_price), None, components)
    assert [(t.tendered_price, t.levels, t.comparison_price) for t in example.tenders] == [
        (7_000, (), None), (7_700, (), None)]
    assert example.winner == "A"


def test_no_example_while_the_levels_do_not_fit_the_model():
    evaluation = Evaluation(basis=AwardBasis.best_price_quality, model=EvaluationModel.price_deductions,
                            criteria=(_criterion("metod", None, [0, 5], "score"),))
    assert price_example(evaluation, None, (Component(id="a", name="A", per_year=1),)) is None


def test_figures_of_two_operators_and_egen_regi():
    """Today's places per component are the sum over the contracts that cover it, each share kept."""
    figures = check_spec(SPEC_CARE_HOME).figures
    assert [c.id for c in figures.contracts] == ["omsorgsgruppen", "ekbacken", "egen-regi"]
    amalia, christiansro = figures.components
    assert (amalia.current_per_year, amalia.proposed_per_year, amalia.change, amalia.max_volume) == (36, 36, 0, 40)
    assert [(s.contract.id, s.per_year, s.max_volume) for s in amalia.shares] == [("omsorgsgruppen", 36, 40)]
    assert (christiansro.current_per_year, christiansro.proposed_per_year, christiansro.change) == (38, 42, 4)
    assert [(s.contract.id, s.per_year, s.max_volume) for s in christiansro.shares] == [
        ("ekbacken", 30, 32), ("egen-regi", 8, None)]
    assert christiansro.max_volume == 32  # egen regi has none
    [total] = figures.totals
    assert (total.unit, total.current_per_year, total.proposed_per_year, total.change, total.fte) == (
        Unit.places, 74, 78, 4, None)
    value = figures.procurement
    # most places at once through every dygn of four years from each lot's start: Amalia
    # 2026-05-01 – 2030-04-30 and Christiansro 2026-10-01 – 2030-09-30 are both 3 × 365 + 366 = 1 461
    # days, 2028-02-29 among them
    assert value.maximum_value == (40 + 46) * 1461 * 2450 == 307_832_700
    assert value.expected_value == (36 + 42) * 1461 * 2450 == 279_197_100
    assert value.annual_value == (36 + 42) * 365 * 2450 == 69_751_500  # a year of the estimated places
    assert [lot.maximum_value for lot in value.lots] == [40 * 1461 * 2450, 46 * 1461 * 2450] == [
        143_178_000, 164_654_700]


def test_egen_regi_that_has_ended_holds_nothing_today(repo):
    from helpers.common import variant
    spec = variant(repo, {"  - id: egen-regi\n    in_house: true\n    start: 2019\n    volumes:\n      - component: christiansro\n"
                          "        per_year: 8\n": "  - id: egen-regi\n    in_house: true\n    start: 2019\n    end: 2020-12-31\n"},
                   base=SPEC_CARE_HOME)
    figures = check_spec(spec).figures
    assert [c.id for c in figures.contracts] == ["omsorgsgruppen", "ekbacken"]  # egen regi ended in 2020
    assert figures.components[1].current_per_year == 30 and figures.components[1].change == 12


def test_a_lot_that_starts_another_day_keeps_the_term_and_options():
    """Christiansro starts 2026-10-01 with the same three years and one-year option as the
    procurement's contract, which Amalia keeps; its value counts the days of its own four years."""
    value = check_spec(SPEC_CARE_HOME).figures.procurement
    amalia, christiansro = value.lots
    assert (value.initial_end, value.end) == (date(2029, 4, 30), date(2030, 4, 30))
    assert (amalia.start, amalia.initial_end, amalia.end) == (date(2026, 5, 1), date(2029, 4, 30), date(2030, 4, 30))
    assert (christiansro.start, christiansro.initial_end, christiansro.end) == (
        date(2026, 10, 1), date(2029, 9, 30), date(2030, 9, 30))
    assert christiansro.maximum_value == 46 * 1461 * 2450 == 164_654_700  # 2026-10-01 – 2030-09-30: 1 461 days
