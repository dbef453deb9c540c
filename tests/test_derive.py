"""Derived figures, pinned with exact numbers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from conftest import SPEC_2021, SPEC_2024

from tenderkit.build import check_spec
from tenderkit.derive import add_months, fte, period_months, volume_over
from tenderkit.spec.model import Unit


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
    assert figures.current_contract.id == "stadsmission"
    assert figures.current_contract_months == 48
    by_id = {c.id: c for c in figures.components}
    assert (by_id["group"].current_per_year, by_id["group"].proposed_per_year, by_id["group"].change) == (510, 510, 0)
    assert (by_id["individual"].current_per_year, by_id["individual"].change) == (240, 0)
    assert (by_id["parent_support"].current_per_year, by_id["parent_support"].change) == (None, 2600)
    assert by_id["group"].current_period_volume == 2040
    assert by_id["individual"].current_period_volume == 960
    assert by_id["group"].headroom is None  # the 2018 contract states no max volume
    [total] = figures.totals
    assert (total.unit, total.current_per_year, total.proposed_per_year, total.change) == (Unit.hours, 750, 3350, 2600)
    assert figures.compared and figures.hours_change == 2600
    assert total.fte == 2  # "2 600 timmar motsvarande två årsarbetare"
    assert figures.has_max_volumes is False


def test_figures_of_the_2024_memo():
    figures = check_spec(SPEC_2024).figures
    assert figures.current_contract.supplier == "Eleonoragruppen AB"
    assert figures.current_contract_months is None  # the seed gives no start date
    by_id = {c.id: c for c in figures.components}
    assert (by_id["group"].max_volume, by_id["individual"].max_volume) == (4000, 20000)
    assert by_id["individual"].current_per_year == 2840
    assert figures.hours_change == 0 and figures.totals[0].fte == 0
    assert figures.has_max_volumes is True


def test_headroom_to_the_max_volume(repo):
    from conftest import variant

    spec = variant(repo, {"    end: 2026-02-28": "    start: 2022-03-01\n    end: 2026-02-28"}, base=SPEC_2024)
    figures = check_spec(spec).figures
    by_id = {c.id: c for c in figures.components}
    assert figures.current_contract_months == 48
    assert by_id["group"].current_period_volume == 2040 and by_id["group"].headroom == 1960
    assert by_id["individual"].current_period_volume == 11360 and by_id["individual"].headroom == 8640


def test_hours_per_fte_is_a_setting(repo):
    from conftest import variant

    spec = variant(repo, append="settings:\n  hours_per_fte: 1700\n")
    assert check_spec(spec).figures.totals[0].fte == Fraction(2600, 1700)


def test_a_contract_without_volumes_leaves_changes_unknown(repo):
    from conftest import variant

    text = SPEC_2024.read_text(encoding="utf-8")
    volumes = text[text.index("    volumes:\n"):text.index("\nproposal:")]
    spec = variant(repo, {volumes: ""}, base=SPEC_2024)
    figures = check_spec(spec).figures
    assert figures.compared is False and figures.hours_change is None
    assert [(c.current_per_year, c.change) for c in figures.components] == [(None, None), (None, None)]


def test_changes_in_every_unit_are_counted(repo):
    from conftest import variant

    spec = variant(repo, {"      name: Enskild behandling\n": "      name: Enskild behandling\n      unit: sessions\n",
                          "      per_year: 240\n    - id": "      per_year: 400\n    - id"})
    figures = check_spec(spec).figures
    assert [(t.unit, t.change) for t in figures.totals] == [(Unit.hours, 2600), (Unit.sessions, 160)]
