"""The procurement part: contract value (LOU 5 kap.), threshold classes, and the rules that check
a tender, each pinned with exact numbers or an exact, located message."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from helpers.common import NOTICE_2026, SPEC_TENDER, line_of, variant

from tenderkit.build import check_spec
from tenderkit.derive import (
    NON_WORKING,
    counted_days,
    counted_months,
    earliest_signing,
    estimated_value,
    maximum_value,
    non_working,
    threshold_limits,
    value_class,
)
from tenderkit.render.filters import DAY_WORDS
from tenderkit.spec.law import load_law
from tenderkit.spec.loader import split_lines
from tenderkit.spec.model import Component, Unit
from tenderkit.spec.procurement import ThresholdCategory

START = date(2026, 5, 1)
FIFTY_THOUSAND_A_YEAR = Component(id="a", name="A", per_year=50, unit_price=1000)


def test_the_2_plus_2_year_example_of_the_domain():
    # 50 000 kr a year on a 2+2-year contract is 200 000 kr, even if the extension is "only if needed"
    assert estimated_value([FIFTY_THOUSAND_A_YEAR], START, 24 + 24, 48) == 200_000


@pytest.mark.parametrize(("months", "unknown", "counted", "value"), [
    (12, False, 12, 50_000), (36, False, 36, 150_000), (48, False, 48, 200_000),
    (60, False, 60, 250_000),  # a fixed term counts whole, every option included (5 kap. 3 §)
    (60, True, 48, 200_000),  # longer than 48 months and no total can be estimated: monthly value × 48 (13 §)
    (36, True, 36, 150_000),  # a fixed term of at most 48 months counts whole even so (13 § 1)
    (None, False, 48, 200_000),  # until further notice: monthly value × 48
])
def test_the_48_month_rule(months, unknown, counted, value):
    assert counted_months(months, 48, unknown) == counted
    assert estimated_value([FIFTY_THOUSAND_A_YEAR], START, months, 48, unknown) == value


@pytest.mark.parametrize(("start", "months", "days"), [
    (date(2026, 5, 1), 48, 1461),  # 2026-05-01 – 2030-04-30: 3 × 365 + 366, 2028-02-29 among them
    (date(2028, 3, 1), 36, 1095),  # 2028-03-01 – 2031-02-28: 3 × 365, the leap day has passed
    (date(2028, 2, 1), 1, 29),  # February of a leap year
    (date(2026, 5, 1), 4800 + 12, 146_097 + 365),  # 400 years and one: the calendar's cycle, no overflow
])
def test_a_capacity_is_counted_over_the_actual_days(start, months, days):
    assert counted_days(start, months) == days


def test_a_capacity_is_valued_over_the_days_of_its_own_term():
    places = Component(id="p", name="P", unit=Unit.places, per_year=10, max_volume=12, unit_price=1000)
    # across a leap day: 12 places at most × 1 461 dygn × 1 000 kr; estimated 10 × 1 461 × 1 000
    assert maximum_value([places], date(2026, 5, 1), 48, 48) == 12 * 1461 * 1000 == 17_532_000
    assert estimated_value([places], date(2026, 5, 1), 48, 48) == 10 * 1461 * 1000 == 14_610_000
    # no leap day in 2028-03-01 – 2031-02-28: 12 × 1 095 × 1 000
    assert maximum_value([places], date(2028, 3, 1), 36, 48) == 12 * 1095 * 1000 == 13_140_000
    # until further notice: the days of 48 months from the start, 2027-01-01 – 2030-12-31 = 1 461
    assert maximum_value([places], date(2027, 1, 1), None, 48) == 12 * 1461 * 1000 == 17_532_000


def test_the_bundled_tender_is_valued_over_its_whole_term():
    figures = check_spec(SPEC_TENDER).figures.procurement
    # what the max volumes allow: 20 000 dygn × 1 450 + 5 600 h × 850 + 700 tillfällen × 1 600
    assert figures.maximum_value == 34_880_000
    # the estimated volumes: (4 380 × 1 450 + 1 200 × 850 + 150 × 1 600) / 12 × 48 months
    assert figures.expected_value == 30_444_000
    assert (figures.term_months, figures.counted_months) == (48, 48)
    assert figures.threshold == 8_109_450
    assert figures.value_class == "at_or_above"
    assert (figures.initial_end, figures.end) == (date(2027, 9, 30), date(2029, 9, 30))
    assert [(lot.id, lot.maximum_value) for lot in figures.lots] == [("boende", 29_000_000), ("stod", 5_880_000)]
    assert figures.earliest_signing == date(2025, 6, 24)


def test_maximum_value_counts_estimates_where_no_max_volume_is_given():
    with_max = Component(id="a", name="A", per_year=100, max_volume=500, unit_price=1000)
    without = Component(id="b", name="B", per_year=120, unit_price=500)
    assert maximum_value([with_max, without], START, 36, 48) == 500_000 + 180_000
    assert maximum_value([with_max, without], START, None, 48) == 500_000 + 240_000  # until further notice: 48 months
    assert maximum_value([Component(id="c", name="C", per_year=1)], START, 12, 48) is None  # no price: no value


@pytest.mark.parametrize(("award", "signing"), [
    (date(2025, 4, 1), date(2025, 4, 12)),  # Upphandlingsmyndigheten's example: sent 1 April, signed 12 April
    (date(2025, 6, 10), date(2025, 6, 24)),  # day 10 is Midsummer Eve: the standstill runs to Monday 23 June
    (date(2025, 12, 14), date(2025, 12, 30)),  # day 10 is Christmas Eve, then two holidays and a weekend
    (date(2025, 3, 5), date(2025, 3, 18)),  # day 10 is a Saturday
])
def test_earliest_signing_after_the_standstill(award, signing):
    assert earliest_signing(award, 10) == signing


def test_the_documents_name_every_kind_of_day_non_working_counts():
    """One list (derive.NON_WORKING) decides the days and is what the standstill sentence names."""
    assert list(DAY_WORDS) == list(NON_WORKING)


def test_non_working_days_of_the_time_limits_act():
    assert [non_working(date(2025, m, d)) for m, d in [(6, 20), (6, 19), (12, 24), (12, 31), (4, 18), (5, 29), (1, 6)]] \
        == [True, False, True, True, True, True, True]


PERIOD_2024 = load_law().period_for(date(2024, 6, 1))


@pytest.mark.parametrize(("category", "value", "expected"), [
    (ThresholdCategory.services, 699_999, "below_direct_award"),
    (ThresholdCategory.services, 700_000, "below_direct_award"),  # direct award up to and including the limit
    (ThresholdCategory.services, 700_001, "below_threshold"),
    (ThresholdCategory.services, 2_389_584, "below_threshold"),
    (ThresholdCategory.services, 2_389_585, "at_or_above"),
    (ThresholdCategory.services, 2_389_586, "at_or_above"),
    (ThresholdCategory.works, 59_880_178, "below_threshold"),
    (ThresholdCategory.works, 59_880_179, "at_or_above"),
    # social services (LOU bilaga 2): the direct award limit equals the threshold
    (ThresholdCategory.social_services, 8_109_449, "below_direct_award"),
    (ThresholdCategory.social_services, 8_109_450, "at_or_above"),
    (ThresholdCategory.social_services, 8_109_451, "at_or_above"),
])
def test_threshold_class_at_and_around_each_limit(category, value, expected):
    assert value_class(Fraction(value), *threshold_limits(PERIOD_2024, category)) == expected


def test_threshold_periods_come_from_the_data_file():
    law = load_law()
    assert threshold_limits(law.period_for(date(2023, 5, 1)), ThresholdCategory.social_services) == (7_802_550, 7_802_550)
    assert threshold_limits(law.period_for(date(2025, 12, 31)), ThresholdCategory.services) == (700_000, 2_389_585)
    # January 2022: the thresholds of 2022–2023, the direct award limit of before SFS 2021:1112
    assert threshold_limits(law.period_for(date(2022, 1, 15)), ThresholdCategory.social_services) == (626_284, 7_802_550)
    assert law.period_for(date(2026, 4, 1)) is None  # announced in euro; the kronor are not cited yet
    assert law.missing_period(date(2026, 4, 1)) == (date(2026, 1, 1), date(2027, 12, 31))
    assert law.missing_period(date(2027, 4, 1)) == (date(2026, 1, 1), date(2027, 12, 31))
    assert law.missing_period(date(2028, 4, 1)) == (date(2028, 1, 1), date(2029, 12, 31))


def _located(result, spec, needle: str, column: int) -> str:
    return f"specs/{spec.name}:{line_of(spec, needle)}:{column}: "


def _tender_text() -> str:
    return SPEC_TENDER.read_text(encoding="utf-8")


def _criterion_block(id: str) -> str:
    """The criterion `id` of the bundled tender as it stands in the file, up to the next one."""
    text = _tender_text()
    start = text.index(f"      - id: {id}\n")
    ends = [i for i in (text.find("      - id: ", start + 1), text.find("  terms:", start)) if i > 0]
    return text[start:min(ends)]


def test_weights_that_do_not_add_up_and_a_criterion_without_a_weight(repo, cli):
    spec = repo / "specs" / SPEC_TENDER.name
    spec.write_text(_tender_text().replace("    model: price_deductions", "    model: weights\n    price_weight: 60")
                    .replace("        requirement: TJ-DELAKTIGHET\n", "        requirement: TJ-DELAKTIGHET\n        weight: 30\n")
                    .replace("- deduction:", "- score:"), encoding="utf-8")
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "procurement.evaluation.criteria[metoder] (kriterier): the criterion `metoder` has no weight" in result.err
    assert (_located(result, spec, "    criteria:", 5) + "procurement.evaluation.criteria (kriterier): the weights add "
            "up to 90, not 100 (price 60 and criteria 30, 0)") in result.err
    assert "the weights model needs a description of how quality and price become points" in result.err
    assert "levels" not in result.err  # scores are what weights count


def test_criteria_need_the_best_price_quality_basis(repo, cli):
    spec = variant(repo, {"    basis: best_price_quality": "    basis: lowest_price"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert (_located(result, spec, "basis: lowest_price", 12) + "procurement.evaluation.basis (tilldelningsgrund): "
            "quality criteria are only evaluated with the basis best_price_quality") in result.err


def test_contract_start_before_the_tender_deadline(repo, cli):
    spec = variant(repo, {"    start: 2025-10-01": "    start: 2025-05-01"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "start: 2025-05-01", 12) + "procurement.contract.start (avtalsstart): the contract "
            "starts (2025-05-01) before the tender deadline (2025-05-06)") in result.err


def test_signing_during_the_standstill(repo, cli):
    spec = variant(repo, {"contract_signing: 2025-06-25": "contract_signing: 2025-06-23"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "contract_signing: 2025-06-23", 23) + "procurement.timetable.contract_signing "
            "(avtalstecknande): the contract is signed 2025-06-23, during the standstill after the award decision of "
            "2025-06-10: 10 days (20 kap. 1 § LOU), extended past a weekend or holiday (lag (1930:173))") in result.err
    assert "hint: sign on 2025-06-24 or later" in result.err


def test_timetable_out_of_order_and_tenders_expiring_before_signing(repo, cli):
    spec = variant(repo, {"questions_deadline: 2025-04-22": "questions_deadline: 2025-05-10",
                          "tender_validity: 2025-09-30": "tender_validity: 2025-06-15"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert ("procurement.timetable.tender_deadline (sista anbudsdag): 2025-05-06 is not after the sista dag för frågor "
            "(2025-05-10)") in result.err
    assert ("procurement.timetable.tender_validity (anbudens giltighetstid): tenders are binding until 2025-06-15, "
            "before the contract can be signed (2025-06-25)") in result.err


def test_questions_are_answered_after_they_are_asked_and_before_the_tender_deadline(repo, cli):
    spec = variant(repo, {"answers_deadline: 2025-04-29": "answers_deadline: 2025-05-06"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "answers_deadline: 2025-05-06", 23) + "procurement.timetable.answers_deadline "
            "(sista dag för svar): the questions are answered by 2025-05-06, which is not between the last day for "
            "questions (2025-04-22) and the tender deadline (2025-05-06)") in result.err
    assert "hint: answer on or after the last day for questions and before the tender deadline" in result.err


def test_a_price_note_for_a_lot_that_does_not_exist(repo, cli):
    spec = variant(repo, {"        lots: [boende]\n": "        lots: [bonde]\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "lots: [bonde]", 16) + "procurement.price_form.notes[1].lots[1] (delområden): "
            "no lot in procurement.lots has the id `bonde`") in result.err
    assert "hint: did you mean `boende`?" in result.err


def test_the_deadline_time_is_a_time_of_day(repo, cli):
    spec = variant(repo, {'tender_deadline_time: "23.59"': 'tender_deadline_time: "24.00"'}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "procurement.timetable.tender_deadline_time (klockslag för sista anbudsdag)" in result.err


def test_annual_volume_over_the_term_above_the_max_volume(repo, cli):
    spec = variant(repo, {"      max_volume: 5600": "      max_volume: 4000"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "max_volume: 4000", 19) + "service.components[stodsamtal].max_volume (maxvolym): "
            "1200 a year for 48 months, extensions included, is 4800, above the max volume of 4000") in result.err


def test_notice_date_outside_the_threshold_table_names_the_missing_period(repo, cli):
    spec = variant(repo, NOTICE_2026, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "publication: 2026-01-15", 18) + "procurement.timetable.publication (annonsering): "
            "the threshold table has no values for the notice date 2026-01-15: the period 2026-01-01 – 2027-12-31 is "
            "missing") in result.err


def test_a_project_can_bring_its_own_law_data(repo, cli):
    law = (repo / "lou.yaml")
    text = load_law.__globals__["BUNDLED_LAW"].read_text(encoding="utf-8")
    law.write_text(text.replace("# Här publicerar Konkurrensverket", """  - start: 2026-01-01
    end: 2027-12-31
    source: https://example.org/troskelvarden-2026
    services: 2400000
    works: 60000000
    social_services: 8200000
    direct_award: 700000
    direct_award_social_services: 8200000
# Här publicerar Konkurrensverket"""), encoding="utf-8")
    (repo / "tenderkit.yaml").write_text((repo / "tenderkit.yaml").read_text() + "law: lou.yaml\n")
    spec = variant(repo, NOTICE_2026, base=SPEC_TENDER)
    assert check_spec(spec).figures.procurement.threshold == 8_200_000


def test_simplified_procedure_no_longer_exists(repo, cli):
    spec = variant(repo, {"Upphandlingen genomförs enligt 19 kap. LOU.": "Upphandlingen genomförs med förenklat förfarande."},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert ("procurement.procedure (förfarande): “förenklat förfarande” does not exist for procurements begun from "
            "2022-02-01") in result.err


def test_a_component_without_a_price_cannot_be_valued(repo, cli):
    spec = variant(repo, {"      unit_price: 850\n": ""}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert ("service.components[stodsamtal].unit_price (uppskattat pris per enhet): no estimated price per unit for "
            "`stodsamtal`: the contract value cannot be estimated") in result.err


def test_every_component_in_exactly_one_lot(repo, cli):
    spec = variant(repo, {"      components: [stodsamtal, utslussning]": "      components: [stodsamtal, boende, stodsamtl]"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert "procurement.lots[stod].components[2] (insatser): `boende` is already in the lot `boende`" in result.err
    assert ("procurement.lots[stod].components[3] (insatser): no component in service.components has the id "
            "`stodsamtl`") in result.err
    assert "service.components[utslussning] (insatser): `utslussning` is in no lot" in result.err


def test_an_open_ended_contract_has_no_options_and_needs_a_notice_period(repo, cli):
    spec = variant(repo, {"    initial_months: 24": "    initial_months: null"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "procurement.contract.extensions (förlängningsoptioner): a contract that runs until further notice cannot " \
        "have extension options" in result.err
    assert "procurement.terms (avtalsvillkor): a contract that runs until further notice needs a notice period" \
        in result.err


def test_a_long_term_and_a_gap_after_the_current_contract_are_warnings(repo, cli):
    spec = variant(repo, {"    start: 2025-10-01": "    start: 2026-01-01",
                          "      - months: 12\n      - months: 12\n  lots:": "      - months: 24\n      - months: 24\n  lots:"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert "max volume of 20000" in result.err  # 72 months also overrun the max volumes: an error
    assert "warning: procurement.contract (avtalsperiod): the contract can run 72 months with its options, more than 48" \
        in result.err
    assert ("warning: procurement.contract.start (avtalsstart): the new contract starts 2026-01-01, the current contract "
            "`exempelhemmen` ends 2025-09-30: a gap of 92 days") in result.err


def test_evaluation_set_ups_that_cannot_work(repo, cli):
    spec = variant(repo, {"            earned_by: >-\n              Metoden beskriver dessutom": "            earned_by: >-\n"
                          "              Metoden beskriver dessutom",
                          "          - deduction: 10\n            earned_by: >-\n              Metoden beskriver dessutom":
                          "          - deduction: 60\n            earned_by: >-\n              Metoden beskriver dessutom",
                          "          - deduction: 15\n": "          - deduction: 50\n",
                          "        requirement: TJ-DELAKTIGHET\n": "        requirement: TJ-DELAKTIGHET\n        weight: 5\n",
                          "        requirement: TJ-METOD-EVIDENS": "        requirement: TJ-DELAKTIGHET"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (_located(result, spec, "    criteria:", 5) + "procurement.evaluation.criteria (kriterier): the deductions "
            "of the highest levels add up to 110 %, so a tender could cost nothing or less") in result.err
    assert "hint: keep the highest deductions together well under 100 %" in result.err
    assert "procurement.evaluation.criteria[delaktighet].weight (vikt): `weight` does not count in the model " \
        "price_deductions" in result.err
    assert "procurement.evaluation.criteria[metoder].requirement (krav): `TJ-DELAKTIGHET` is already evaluated by " \
        "`delaktighet`" in result.err


@pytest.mark.parametrize(("old", "new", "needle", "message", "hint"), [
    ("          - deduction: 0\n            earned_by: Anbudet", "          - deduction: 2\n            earned_by: Anbudet",
     "- deduction: 2", "levels[1].deduction (prisavdrag): the lowest level is worth 2, not 0: a tender that shows "
     "nothing must earn nothing", "add a first level with `deduction: 0` saying what earns nothing"),
    ("          - deduction: 15\n", "          - deduction: 8\n", "- deduction: 8",
     "levels[3].deduction (prisavdrag): the levels are out of order: 8 after 10",
     "list the levels from the lowest (0) to the highest"),
    ("          - deduction: 15\n            earned_by: >-\n              All",
     "          - deduction: 10\n            earned_by: >-\n              All", "All personal",
     "levels[3].deduction (prisavdrag): two levels are worth 10", "give each level its own worth, or merge the two"),
    ("          - deduction: 15\n", "          - score: 15\n", "- score: 15",
     "levels[3].score (poäng): `score` does not count in the model price_deductions",
     "write the level's price deduction in percent as `deduction:`"),
])
def test_levels_a_tenderer_can_predict(repo, cli, old, new, needle, message, hint):
    spec = variant(repo, {old: new}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    line = line_of(spec, needle) - (2 if needle == "All personal" else 0)  # the level's value, above its text
    column = split_lines(spec.read_text(encoding="utf-8"))[line - 1].index(": ") + 3
    assert f"specs/{spec.name}:{line}:{column}: procurement.evaluation.criteria[metoder].{message}" in result.err
    assert f"hint: {hint}" in result.err
    assert result.err.count("hint:") == 1, result.err


def test_a_criterion_needs_a_description_and_levels(repo, cli):
    block = _criterion_block("metoder")
    spec = variant(repo, {block: "      - id: metoder\n        name: Kunskapsbaserade metoder\n"
                                 "        requirement: TJ-METOD-EVIDENS\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    located = f"specs/{spec.name}:{line_of(spec, '    criteria:')}:5: procurement.evaluation.criteria[metoder] (kriterier): "
    assert located + "the field `description` is missing" in result.err
    assert located + "the field `levels` is missing" in result.err
    assert "hint: add `levels:` (nivåer): Bedömningsnivåer från lägsta (0) till högsta" in result.err


def test_a_spec_in_the_old_shape_is_told_what_replaces_each_field(repo, cli):
    block = _criterion_block("metoder")
    old = block[:block.index("        levels:\n")] + "        deduction: 15\n"
    spec = variant(repo, {block: old, "    personal_data:\n": "    data_processing_agreement: true\n    personal_data:\n"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, 'deduction: 15')}:9: procurement.evaluation.criteria[metoder].deduction "
            "(kriterier): the field `deduction` is replaced by `levels`") in result.err
    assert "hint: a criterion now has scoring levels: write `levels:` with one item per level" in result.err
    assert "the field `levels` is missing" not in result.err  # the replacement says it
    assert (f"specs/{spec.name}:{line_of(spec, 'data_processing_agreement')}:5: procurement.terms."
            "data_processing_agreement (avtalsvillkor): the field `data_processing_agreement` is "
            "replaced by `personal_data`") in result.err
    assert "hint: write `personal_data:` with `categories`, `data_subjects`" in result.err


def test_the_award_review_court_of_an_earlier_version_is_told_where_the_court_is_now(repo, cli):
    spec = variant(repo, {"punkt 9.3\n": "punkt 9.3\n    review_court: Förvaltningsrätten i Stockholm\n"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert result.err.startswith(
        f"specs/{spec.name}:{line_of(spec, 'review_court')}:5: procurement.award.review_court (tilldelning): the "
        "field `review_court` is replaced by `authority.review_body`\n")
    assert "hint: write the court once, as `review_body:` with its `name` under procurement.authority" in result.err


def test_bor_krav_must_be_evaluated_and_belong_to_the_service(repo, cli):
    spec = variant(repo, {_criterion_block("metoder"): "",
                          "    - KVAL-REG\n": "    - id: KVAL-REG\n      mandatory: false\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "the bör-krav `TJ-METOD-EVIDENS` is evaluated by no criterion, so the document would promise an " \
        "evaluation that does not happen" in result.err
    assert "`KVAL-REG` is a bör-krav, but only service requirements are evaluated" in result.err


def test_requirement_for_a_lot_that_does_not_exist(repo, cli):
    spec = variant(repo, {"      lots: [boende]\n      text: >-": "      lots: [bostad]\n      text: >-"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "`TJ-LOKALER` names the lot `bostad`, which procurement.lots does not have" in result.err


def test_dates_around_the_board_meeting_and_mbl_38_are_warnings(repo, cli):
    spec = variant(repo, {"      date: 2025-02-12\n  recipients:": "      date: 2025-04-01\n  recipients:",
                          "  status: negotiated\n  section: 38\n": "  status: informed\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 0, result.err
    assert "is dated 2025-04-01, after the meeting on 2025-03-19 that decides on it" in result.err
    assert "warning: mbl (MBL): engaging a contractor normally needs a negotiation under 38 § MBL" in result.err


@pytest.mark.parametrize(("section", "warned"), [("11", True), ("[11, 38]", False), ("[38]", False)])
def test_a_negotiation_under_both_11_and_38_mbl_is_one_entry(repo, cli, section, warned):
    spec = variant(repo, {"  status: negotiated\n  section: 38\n": f"  status: negotiated\n  section: {section}\n"},
                   base=SPEC_TENDER)
    result = cli("build", spec, "-o", repo / "out", cwd=repo)
    assert result.code == 0, result.err
    assert ("negotiation under 38 § MBL" in result.err) is warned
    memo = (repo / "out" / "stodboende-unga-vuxna-2025" / "tjansteskrivelse.md").read_text(encoding="utf-8")
    expected = {"11": "enligt 11 § MBL", "[11, 38]": "enligt 11 och 38 §§ MBL", "[38]": "enligt 38 § MBL"}[section]
    assert f"Förhandling {expected} genomfördes 2025-02-05." in memo
