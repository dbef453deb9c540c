"""The law data: every period 2017–2027 with its source, a period typed in tenderkit.yaml checked
against its amounts in euro, the build's way forward where a period lacks amounts in kronor, and
`tenderkit law`."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.common import NOTICE_2026, SPEC_TENDER, line_of, variant

from tenderkit.build import check_spec
from tenderkit.derive import threshold_limits
from tenderkit.spec.law import BUNDLED_LAW, implausible_amounts, load_law
from tenderkit.spec.procurement import ThresholdCategory as C

IN_2026 = NOTICE_2026
# Invented amounts for the tests (11 kronor per euro exactly), never legal figures: the real ones
# are to be copied from the source the build names.
TYPED = {"services": 2_376_000, "works": 59_444_000, "social_services": 8_250_000}


def _typed(repo, **changes) -> None:
    amounts = {**TYPED, "direct_award": 700_000, **changes}
    amounts.setdefault("direct_award_social_services", amounts["social_services"])
    with (repo / "tenderkit.yaml").open("a", encoding="utf-8") as project:
        project.write(f"""thresholds:
  - start: 2026-01-01
    end: 2027-12-31
    source: https://example.org/troskelvarden-2026
    services: {amounts['services']}
    works: {amounts['works']}
    social_services: {amounts['social_services']}
    direct_award: {amounts['direct_award']}
    direct_award_social_services: {amounts['direct_award_social_services']}
""")


@pytest.mark.parametrize(("day", "category", "limits"), [
    (date(2018, 3, 1), C.social_services, (586_907, 7_113_450)),
    (date(2019, 12, 31), C.services, (586_907, 2_096_097)),
    (date(2020, 1, 1), C.works, (615_312, 54_938_615)),
    (date(2021, 6, 1), C.social_services, (615_312, 7_701_675)),
    (date(2022, 1, 31), C.social_services, (626_284, 7_802_550)),  # before SFS 2021:1112
    (date(2022, 2, 1), C.social_services, (7_802_550, 7_802_550)),
    (date(2024, 1, 1), C.services, (700_000, 2_389_585)),
])
def test_every_bundled_period_and_its_limits(day, category, limits):
    assert threshold_limits(load_law().period_for(day), category) == limits


def test_the_bundled_data_has_a_source_everywhere_and_converts_one_rate_per_period():
    law = load_law()
    assert [(p.start, p.end) for p in law.thresholds] == [
        (date(2018, 1, 1), date(2019, 12, 31)), (date(2020, 1, 1), date(2021, 12, 31)),
        (date(2022, 1, 1), date(2022, 1, 31)), (date(2022, 2, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2025, 12, 31))]
    for period in law.thresholds:
        assert period.source.startswith("https://") and period.eur is not None and period.eur.source
        assert implausible_amounts(period, period.eur) == {}  # the cited amounts pass the override's own check
    assert [(p.start, p.end, p.eur.services, p.eur.works, p.eur.social_services) for p in law.announced] == [
        (date(2017, 1, 1), date(2017, 12, 31), 209_000, 5_225_000, 750_000),
        (date(2026, 1, 1), date(2027, 12, 31), 216_000, 5_404_000, 750_000)]
    assert law.announced[1].eur.source == "Kommissionens delegerade förordning (EU) 2025/2152"
    assert law.value_guidance.startswith("https://www.upphandlingsmyndigheten.se/frageportalen/")
    assert (law.whole_term_source, law.open_ended_source) == ("5 kap. 3 § LOU", "5 kap. 13 § LOU")


def test_a_2026_notice_shows_the_lines_to_paste_with_the_amounts_in_euro(repo, cli):
    spec = variant(repo, IN_2026, base=SPEC_TENDER)
    result = cli("build", spec, "-o", repo / "out", cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, 'publication: 2026-01-15')}:18: procurement.timetable.publication "
            "(annonsering): the threshold table has no values for the notice date 2026-01-15: the period "
            "2026-01-01 – 2027-12-31 is missing") in result.err
    assert ("hint: copy the period's amounts in kronor from https://eur-lex.europa.eu/legal-content/SV/TXT/"
            "?uri=OJ:C_202505732 into these lines of tenderkit.yaml (the project file of your specs repository); "
            "each amount is checked against its amount in euro (Kommissionens delegerade förordning (EU) 2025/2152):\n"
            "      thresholds:\n"
            "        - start: 2026-01-01\n"
            "          end: 2027-12-31\n"
            "          source: https://eur-lex.europa.eu/legal-content/SV/TXT/?uri=OJ:C_202505732\n"
            "          services:  # 216 000 EUR\n"
            "          works:  # 5 404 000 EUR\n"
            "          social_services:  # 750 000 EUR\n"
            "          direct_award: 700000  # SFS 2021:1112\n"
            "          direct_award_social_services:  # samma belopp som social_services (SFS 2021:1112)") in result.err


def test_amounts_typed_in_the_project_file_are_used(repo, cli):
    _typed(repo)
    spec = variant(repo, IN_2026, base=SPEC_TENDER, name="tender-2026.yaml")
    figures = check_spec(spec).figures.procurement
    assert (figures.period.start, figures.threshold, figures.direct_award_limit) == (date(2026, 1, 1), 8_250_000, 8_250_000)
    assert check_spec(repo / "specs" / SPEC_TENDER.name).figures.procurement.threshold == 8_109_450  # 2025 unchanged
    listed = cli("law", "--project", repo, "--lang", "sv", cwd=repo)
    assert listed.code == 0
    row = next(line for line in listed.out.splitlines() if line.startswith("2026-01-01  2027-12-31  2\u00a0376"))
    assert [cell.strip() for cell in row.split("  ") if cell.strip()] == ["2026-01-01", "2027-12-31", "2\u00a0376\u00a0000", "59\u00a0444\u00a0000", "8\u00a0250\u00a0000",
                           "700\u00a0000", "8\u00a0250\u00a0000", "tenderkit.yaml", "https://example.org/troskelvarden-2026"]
    assert "Perioder utan belopp i kronor" in listed.out and "2026-01-01  2027-12-31  https://eur-lex" not in listed.out


@pytest.mark.parametrize(("field", "typed", "why"), [
    # one digit too many: 110 kronor per euro
    ("social_services", 82_500_000, "110.0000 kronor per euro, outside the plausible 8–14"),
    # one digit wrong, still a plausible rate, but not the rate of the other two amounts
    ("services", 2_476_000, "11.4630 kronor per euro, where works is 11.0000 and social_services is 11.0000"),
    ("works", 59_440_000, "10.9993 kronor per euro, where services is 11.0000 and social_services is 11.0000"),
])
def test_a_typo_in_a_typed_amount_is_located_with_the_figure_in_euro(repo, cli, field, typed, why):
    _typed(repo, **{field: typed})
    spec = variant(repo, IN_2026, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    euro = {"services": "216 000", "works": "5 404 000", "social_services": "750 000"}[field]
    project, law = repo / "tenderkit.yaml", BUNDLED_LAW
    eur_line = next(i for i, line in enumerate(law.read_text(encoding="utf-8").splitlines(), 1)
                    if line.strip() == f"{field}: {euro.replace(' ', '')}" and i > line_of(law, "start: 2026-01-01"))
    typed_text = f"{typed:,}".replace(",", " ")
    assert (f"tenderkit.yaml:{line_of(project, f'    {field}: {typed}')}:{5 + len(field) + 2}: thresholds[1].{field} "
            in result.err)
    assert f"{typed_text} kronor is not the period's {euro} EUR (Kommissionens delegerade förordning (EU) 2025/2152, " \
        in result.err
    assert f"lou.yaml:{eur_line}:" in result.err and f") in kronor: it makes {why}" in result.err
    assert "hint: copy the amount again from https://example.org/troskelvarden-2026" in result.err


def test_a_typo_in_the_threshold_blames_only_its_own_line(repo, cli):
    _typed(repo, social_services=825_000, direct_award_social_services=8_250_000)  # a digit missing; the limit is right
    result = cli("validate", variant(repo, IN_2026, base=SPEC_TENDER), cwd=repo)
    assert result.code == 1
    assert "thresholds[1].social_services" in result.err
    assert "direct_award_social_services" not in result.err


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("direct_award_social_services", 700_000, "700 000 kronor: the direct award limit for social services is the "
                                              "threshold for social services from 2022-02-01 (SFS 2021:1112)"),
    ("direct_award", 70_000, "70 000 kronor: the direct award limit is 700 000 kronor in every period from 2022-02-01 "
                             "(SFS 2021:1112)"),
])
def test_the_national_direct_award_limits_of_a_typed_period_are_checked(repo, cli, field, typed, message):
    """A limit typed as the general 700 000 kr for social services would tell the board that a
    procurement must be advertised that need not be."""
    _typed(repo, **{field: typed})
    result = cli("validate", variant(repo, IN_2026, base=SPEC_TENDER), cwd=repo)
    assert result.code == 1
    assert f"tenderkit.yaml:{line_of(repo / 'tenderkit.yaml', f'    {field}: {typed}')}:" in result.err
    assert message in result.err
    expected = 700_000 if field == "direct_award" else 8_250_000
    assert f"hint: write {field}: {expected}" in result.err


def test_a_period_that_matches_no_period_in_euro(repo, cli):
    with (repo / "tenderkit.yaml").open("a", encoding="utf-8") as project:
        project.write("thresholds:\n  - start: 2025-06-01\n    end: 2026-06-30\n    source: https://example.org/x\n"
                      "    services: 1\n    works: 1\n    social_services: 1\n    direct_award: 1\n"
                      "    direct_award_social_services: 1\n")
    result = cli("law", "--project", repo, cwd=repo)
    assert result.code == 1
    assert (f"tenderkit.yaml:{line_of(repo / 'tenderkit.yaml', 'start: 2025-06-01')}:12: thresholds[1].start (från): "
            "the law data has no amounts in euro for 2025-06-01 – 2026-06-30") in result.err


def test_a_notice_before_lou_2016_applies(repo, cli):
    spec = variant(repo, {"publication: 2025-04-01": "publication: 2016-11-15"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert ("procurement.timetable.publication (annonsering): the notice date 2016-11-15 is before the lag "
            "(2016:1145) om offentlig upphandling applies (2017-01-01, SFS 2016:1145, ikraftträdande)") in result.err
    assert "lagen (2007:1091), whose rules and thresholds tenderkit does not compute" in result.err


def test_tenderkit_law_lists_the_bundled_periods_and_rules(cli, tmp_path):
    result = cli("law", "--project", tmp_path, "--lang", "sv", cwd=tmp_path)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Tröskelvärden i kronor exklusive moms (lagen (2016:1145), gäller från 2017-01-01)"
    assert lines[1].split() == ["Från", "Till", "Varor", "och", "tjänster", "Byggentreprenader", "Sociala", "tjänster",
                                "Direktupphandling", "Dir.upph.,", "sociala", "tjänster", "Uppgift", "från", "Källa"]
    assert any(line.startswith("2024-01-01  2025-12-31  2\u00a0389\u00a0585") and line.endswith(
        "tenderkit     https://www.upphandlingsmyndigheten.se/frageportalen/2904774/nya-beloppsgranser-for-2024-har-ar-"
        "listan/") for line in lines)
    assert "2026-01-01  2027-12-31  https://eur-lex.europa.eu/legal-content/SV/TXT/?uri=OJ:C_202505732" in lines
    assert any(line.startswith("Värdet, bestämd avtalstid") and line.endswith("5 kap. 3 § LOU") for line in lines)
    assert cli("law", "--project", tmp_path / "nope", cwd=tmp_path).code == 2
