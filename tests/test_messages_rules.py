"""The consistency rules speak Swedish by default (issue 11): messages and hints from the catalog,
the tables defined at import translated where they are used, and counts with their plural forms
in both languages."""

from __future__ import annotations

import pytest
from helpers.common import SPEC_2021, SPEC_2024, SPEC_CARE_HOME, SPEC_LOV, SPEC_TENDER, line_of, variant

from tenderkit.spec.law import load_law


def _validate(cli, repo, spec, language: str):
    return cli("validate", "--lang", language, spec, cwd=repo)


def test_a_rule_message_and_its_hint_in_swedish(repo, cli):
    spec = variant(repo, {"    end: 2021-12-31": "    end: 2017-12-31"})
    result = _validate(cli, repo, spec, "sv")
    assert result.code == 1
    assert (f":{line_of(spec, 'end: 2017-12-31')}:10: contracts[stadsmission].end (slutdatum): "
            "avtalet slutar (2017-12-31) innan det börjar (2018-01-01)\n") in result.err
    assert "  tips: kontrollera båda datumen\n" in result.err


def test_an_unknown_component_suggests_the_id_in_swedish(repo, cli):
    spec = variant(repo, {"      - component: individual": "      - component: individual_x"})
    result = _validate(cli, repo, spec, "sv")
    assert ("contracts[stadsmission].volumes[2].component (insats): ingen del av tjänsten i service.components har "
            "id:t `individual_x`\n") in result.err
    assert "  tips: menade du `individual`?\n" in result.err


def test_why_a_field_has_no_place_in_a_valfrihetssystem_in_swedish(repo, cli):
    """The reason comes from a table defined at import, before the language is chosen."""
    spec = variant(repo, {"  terms:\n    invoicing:": "  evaluation:\n    basis: lowest_price\n  terms:\n    invoicing:"},
                   base=SPEC_LOV)
    result = _validate(cli, repo, spec, "sv")
    assert ("procurement.evaluation (utvärdering): proposal.form är lov (ett valfrihetssystem), så `evaluation` hör "
            "inte hemma här: det finns ingen priskonkurrens och inga tilldelningskriterier: varje leverantör som "
            "uppfyller kraven godkänns och brukarna väljer (9 kap. 1 § LOV)\n") in result.err
    assert ("  tips: ta bort `evaluation`, eller ändra proposal.form till lou för en upphandling i konkurrens\n"
            in result.err)


def test_a_level_in_the_wrong_model_in_swedish(repo, cli):
    spec = variant(repo, {"          - deduction: 15\n": "          - score: 15\n"}, base=SPEC_TENDER)
    result = _validate(cli, repo, spec, "sv")
    assert "levels[3].score (poäng): `score` räknas inte i modellen price_deductions\n" in result.err
    assert "  tips: skriv nivåns prisavdrag i procent som `deduction:`\n" in result.err


CHRISTIANSRO_START = "      start: 2026-10-01  # när dagens avtal med Vårdbolaget Ekbacken AB har löpt ut\n"


@pytest.mark.parametrize(("start", "language", "difference"), [
    ("2026-10-02", "en", "a gap of 1 day"),
    ("2026-10-03", "en", "a gap of 2 days"),
    ("2026-09-30", "en", "an overlap of 1 day"),
    ("2026-09-29", "en", "an overlap of 2 days"),
    ("2026-10-02", "sv", "ett glapp på 1 dag"),
    ("2026-10-03", "sv", "ett glapp på 2 dagar"),
    ("2026-09-30", "sv", "en överlappning på 1 dag"),
    ("2026-09-29", "sv", "en överlappning på 2 dagar"),
])
def test_days_between_the_current_and_the_new_contract(repo, cli, start, language, difference):
    spec = variant(repo, {CHRISTIANSRO_START: f"      start: {start}\n"}, base=SPEC_CARE_HOME)
    result = _validate(cli, repo, spec, language)
    assert result.code == 0, result.err
    sentence = {"en": f"the new contract for the lot `christiansro` starts {start}, the current contract `ekbacken` "
                      f"ends 2026-09-30: {difference} (see also",
                "sv": f"det nya avtalet för delområdet `christiansro` börjar {start}, det nuvarande avtalet `ekbacken` "
                      f"slutar 2026-09-30: {difference} (se även"}[language]
    assert sentence in result.err


@pytest.mark.parametrize(("start", "language", "message"), [
    ("2026-02-01", "en", "510 a year for 1 month is 42.5, above the max volume of 10"),
    ("2026-01-01", "en", "510 a year for 2 months is 85, above the max volume of 10"),
    ("2026-02-01", "sv", "510 per år under 1 månad blir 42.5, över maxvolymen på 10"),
    ("2026-01-01", "sv", "510 per år under 2 månader blir 85, över maxvolymen på 10"),
])
def test_months_of_a_contract_whose_volume_overruns_its_max_volume(repo, cli, start, language, message):
    spec = variant(repo, {"    end: 2026-02-28": f"    start: {start}\n    end: 2026-02-28",
                          "max_volume: 4000": "max_volume: 10"}, base=SPEC_2024)
    result = _validate(cli, repo, spec, language)
    assert result.code == 1
    assert f"contracts[eleonoragruppen].volumes[1].max_volume (maxvolym): {message}\n" in result.err


def test_places_held_above_the_max_volume_in_swedish(repo, cli):
    spec = variant(repo, {"        per_year: 30\n        max_volume: 32\n": "        per_year: 2\n        max_volume: 1\n"},
                   base=SPEC_CARE_HOME)
    result = _validate(cli, repo, spec, "sv")
    assert ("contracts[ekbacken].volumes[1].max_volume (maxvolym): 2 platser som hålls hela året är över maxvolymen "
            "på 1 samtidigt\n") in result.err


@pytest.mark.parametrize(("days", "language", "message"), [
    (1, "en", "during the standstill after the award decision of 2025-06-10: 1 day (20 kap. 1 § LOU), extended"),
    (2, "en", "during the standstill after the award decision of 2025-06-10: 2 days (20 kap. 1 § LOU), extended"),
    (1, "sv", "under avtalsspärren efter tilldelningsbeslutet 2025-06-10: 1 dag (20 kap. 1 § LOU), förlängd"),
    (2, "sv", "under avtalsspärren efter tilldelningsbeslutet 2025-06-10: 2 dagar (20 kap. 1 § LOU), förlängd"),
])
def test_days_of_the_standstill(repo, cli, days, language, message):
    """A project's own law data with a short standstill: award on Tuesday 10 June, a standstill of
    one or two days ends on a working day, so signing on its last day is too early."""
    law = load_law.__globals__["BUNDLED_LAW"].read_text(encoding="utf-8")
    assert law.count("standstill_days: 10") == 1
    (repo / "lou.yaml").write_text(law.replace("standstill_days: 10", f"standstill_days: {days}"), encoding="utf-8")
    (repo / "tenderkit.yaml").write_text((repo / "tenderkit.yaml").read_text() + "law: lou.yaml\n")
    signing = f"2025-06-{10 + days}"
    spec = variant(repo, {"contract_signing: 2025-06-25": f"contract_signing: {signing}"}, base=SPEC_TENDER)
    result = _validate(cli, repo, spec, language)
    assert result.code == 1
    assert message in result.err
    assert {"en": f"hint: sign on 2025-06-{11 + days} or later",
            "sv": f"tips: underteckna 2025-06-{11 + days} eller senare"}[language] in result.err


@pytest.mark.parametrize(("hours", "language", "message"), [
    (1, "en", "the proposal adds 1 hour a year but does not say how it is paid for"),
    (2, "en", "the proposal adds 2 hours a year but does not say how they are paid for"),
    (1, "sv", "förslaget lägger till 1 timme per år men säger inte hur den ska betalas"),
    (2, "sv", "förslaget lägger till 2 timmar per år men säger inte hur de ska betalas"),
])
def test_hours_added_without_financing(repo, cli, hours, language, message):
    """The new parent support is the whole increase in hours."""
    spec = variant(repo, {"  financing: >-\n": "  x_financing: >-\n", "      per_year: 2600": f"      per_year: {hours}"},
                   base=SPEC_2021)
    spec.write_text(spec.read_text().replace("  x_financing: >-\n    Utökningen", "  # x\n    # Utökningen")
                    .replace("    {contracts.ihf.subject}, vars avtal går ut {contracts.ihf.end}.\n", ""))
    result = _validate(cli, repo, spec, language)
    assert result.code == 0, result.err
    assert f"proposal (förslag): {message}\n" in result.err
