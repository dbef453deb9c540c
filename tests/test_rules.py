"""Consistency rules: facts that contradict each other are located errors or warnings."""

from __future__ import annotations

from helpers.common import SPEC_2024, SPEC_CARE_HOME, line_of, variant


def test_contract_ending_before_it_starts(repo, cli):
    spec = variant(repo, {"    end: 2021-12-31": "    end: 2017-12-31"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'end: 2017-12-31')}:10: contracts[stadsmission].end (slutdatum): "
            "the contract ends (2017-12-31) before it starts (2018-01-01)") in result.err


def test_min_above_max(repo, cli):
    spec = variant(repo, {"participants: {min: 120, max: 140}": "participants: {min: 140, max: 120}"})
    result = cli("validate", spec, cwd=repo)
    assert (f":{line_of(spec, 'participants:')}:17: service.participants (förväntat antal deltagare): "
            "the lowest value (140) is above the highest (120): swap them") in result.err


def test_memo_dated_after_its_meeting(repo, cli):
    spec = variant(repo, {"  date: 2021-02-03\n": "  date: 2021-02-03\n  meeting: 2021-01-28\n"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'date: 2021-02-03')}:9: case.date (ärende, datum): the memo is dated 2021-02-03, "
            "after the board meeting on 2021-01-28 that decides on it") in result.err


def test_presentation_before_the_memo(repo, cli):
    spec = variant(repo, {"    meeting: 2021-03": "    meeting: 2021-01"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'meeting: 2021-01')}:14: proposal.assignment.meeting (sammanträde): the assignment is "
            "to be presented at a meeting (2021-01) before the memo's date (2021-02-03)") in result.err


def test_annual_volume_over_the_period_above_the_max_volume(repo, cli):
    spec = variant(repo, {"    end: 2026-02-28": "    start: 2022-03-01\n    end: 2026-02-28",
                          "max_volume: 4000": "max_volume: 1500"}, base=SPEC_2024)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'max_volume: 1500')}:21: contracts[eleonoragruppen].volumes[1].max_volume (maxvolym): "
            "510 a year for 48 months is 2040, above the max volume of 1500") in result.err


def test_mbl_after_the_meeting(repo, cli):
    spec = variant(repo, {"  date: 2021-02-03\n": "  date: 2021-02-03\n  meeting: 2021-02-10\n",
                          "  date: 2021-02-01": "  date: 2021-02-11"})
    result = cli("validate", spec, cwd=repo)
    assert f":{line_of(spec, 'date: 2021-02-11')}:9: mbl.date (MBL, datum): MBL is dated 2021-02-11, after the board " \
        "meeting on 2021-02-10" in result.err


def test_contract_volume_for_an_unknown_component(repo, cli):
    spec = variant(repo, {"      - component: individual": "      - component: individual_x"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'individual_x')}:20: contracts[stadsmission].volumes[2].component (insats): "
            "no component in service.components has the id `individual_x`") in result.err
    assert "hint: did you mean `individual`?" in result.err


def test_duplicate_component_ids(repo, cli):
    spec = variant(repo, {"    - id: parent_support": "    - id: group"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "service.components[group].id (insatser, id): the id `group` is used twice (item 1 has it too)" in result.err


def test_unfinanced_increase_is_a_warning_that_strict_makes_an_error(repo, cli):
    spec = variant(repo, {"  financing: >-\n": "  x_financing: >-\n"})
    spec.write_text(spec.read_text().replace("  x_financing: >-\n    Utökningen", "  # x\n    # Utökningen")
                    .replace("    {contracts.ihf.subject}, vars avtal går ut {contracts.ihf.end}.\n", ""))
    result = cli("validate", spec, cwd=repo)
    assert result.code == 0, result.err
    assert ("warning: proposal (förslag): the proposal adds 2600 hours a year but does not say how they are paid for"
            in result.err)
    assert cli("validate", "--strict", spec, cwd=repo).code == 1
    strict_build = cli("build", "--strict", spec, "-o", repo / "out", cwd=repo)
    assert strict_build.code == 1
    assert "(an error with --strict)" in strict_build.err
    assert not (repo / "out" / "anhorigstod-barn-2021").exists()


def test_prose_restating_a_figure_is_a_warning_with_the_reference(repo, cli):
    spec = variant(repo, {"    - Se bilaga": "    - Gruppen har 510 timmar.\n    - Se bilaga"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 0
    assert (f":{line_of(spec, 'Gruppen har 510')}:7: warning: prose.background[1] (bakgrund): the text states 510, "
            "which the spec holds as data") in result.err
    assert "hint: write {service.components.group.per_year} instead" in result.err


def test_missing_dnr_officers_and_signer_are_warnings(cli, repo):
    result = cli("validate", "specs/anhorigstod-barn-unga-2024.yaml", cwd=repo)
    assert result.code == 0
    assert "warning: case.dnr (diarienummer): no diarienummer: the memo's header will have none" in result.err
    assert "warning: case.officers (handläggare): no handläggare: the memo's header will name none" in result.err
    assert "warning: case.signed_by (undertecknare): no undertecknare: the memo will have no signature block" \
        in result.err
    assert "hint: add `signed_by:` under case: who signs for the förvaltning, usually its head" in result.err
    signed = cli("validate", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert signed.code == 0 and "signed_by" not in signed.err


# --- Several contracts per lot and component (specs/vard-och-omsorgsboende-2025.yaml) -------------

EGEN_REGI = "  - id: egen-regi\n    in_house: true\n    start: 2019\n"
EGEN_REGI_VOLUME = "    volumes:\n      - component: christiansro\n        per_year: 8\n\nproposal:"


def test_a_contract_for_a_lot_or_component_that_does_not_exist(repo, cli):
    spec = variant(repo, {"    lots: [amalia]\n": "    lots: [amalai]\n    components: [christiansr]\n"},
                   base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    line = line_of(spec, "lots: [amalai]")
    assert (f":{line}:12: contracts[omsorgsgruppen].lots[1] (delområden): no lot in procurement.lots has the id "
            "`amalai`\n") in result.err and "hint: did you mean `amalia`?" in result.err
    assert (f":{line + 1}:18: contracts[omsorgsgruppen].components[1] (insatser): no component in service.components "
            "has the id `christiansr`\n") in result.err and "hint: did you mean `christiansro`?" in result.err


def test_two_contracts_claiming_the_same_places_name_both(repo, cli):
    """Egen regi on the same home without its own number of places claims the operator's places."""
    spec = variant(repo, {EGEN_REGI + EGEN_REGI_VOLUME: EGEN_REGI + "    components: [christiansro]\n\nproposal:"},
                   base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, '- id: egen-regi')}:5: contracts[egen-regi] (avtal): `ekbacken` and `egen-regi` both "
            "cover vård- och omsorgsboendet Christiansro on the memo's date (2025-05-20), and `egen-regi` states no "
            f"volume for it: they claim the same places (see also {spec.relative_to(repo)}:"
            f"{line_of(spec, '- id: ekbacken')}:5)") in result.err
    assert "hint: give each contract its volume of `christiansro` under `volumes:`" in result.err


EARLIER = ("  - id: tidigare\n    supplier: Tidigare Omsorg AB\n    start: 2001-01-01\n    end: {end}\n"
           "    components: [amalia]\n")


def test_successive_contracts_that_overlap_or_leave_a_gap_are_warnings(repo, cli):
    overlap = variant(repo, {"contracts:\n": "contracts:\n" + EARLIER.format(end="2008-06-30")}, base=SPEC_CARE_HOME)
    result = cli("validate", overlap, cwd=repo)
    assert result.code == 0, result.err
    assert (f":{line_of(overlap, '- id: omsorgsgruppen')}:5: warning: contracts[omsorgsgruppen] (avtal): `tidigare` "
            "and `omsorgsgruppen` both cover vård- och omsorgsboendet Amalia from 2007 to 2008-06-30") in result.err
    gap = variant(repo, {"contracts:\n": "contracts:\n" + EARLIER.format(end="2005-12-31")}, base=SPEC_CARE_HOME,
                  name="gap.yaml")
    result = cli("validate", gap, cwd=repo)
    assert result.code == 0, result.err
    assert (f":{line_of(gap, 'start: 2007')}:12: warning: contracts[omsorgsgruppen].start (startdatum): no contract "
            "covers vård- och omsorgsboendet Amalia from 2006-01-01 to 2006-12-31: `tidigare` ends 2005-12-31, "
            f"`omsorgsgruppen` starts 2007 (see also specs/gap.yaml:{line_of(gap, 'end: 2005-12-31')}:10)") in result.err


def test_a_year_is_no_overlap_where_it_may_not_be_one(repo, cli):
    """A start known only to the year may be its last day: an earlier contract ending in that year
    may not overlap, so nothing is said."""
    spec = variant(repo, {"contracts:\n": "contracts:\n" + EARLIER.format(end="2007-12-30")}, base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 0 and "tidigare" not in result.err


def test_a_capacitys_max_volume_is_the_most_held_at_once(repo, cli):
    spec = variant(repo, {"        per_year: 30\n        max_volume: 32\n": "        per_year: 30\n        max_volume: 29\n"},
                   base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'max_volume: 29')}:21: contracts[ekbacken].volumes[1].max_volume (maxvolym): 30 places "
            "held through the year is above the max volume of 29 at once") in result.err


def test_a_contract_needs_an_end_and_egen_regi_no_supplier(repo, cli):
    without_end = EARLIER.replace("    end: {end}\n", "")
    spec = variant(repo, {"contracts:\n": "contracts:\n" + without_end, EGEN_REGI: EGEN_REGI + "    supplier: Kommunen\n"},
                   base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "contracts[tidigare] (avtal): the contract has no end date" in result.err
    assert "hint: add `end:` with the contract's last day" in result.err
    assert f":{line_of(spec, 'supplier: Kommunen')}:15: contracts[egen-regi].supplier (leverantör): egen regi has no " \
        "supplier" in result.err


def test_a_partial_date_where_the_law_counts_days_is_an_error(repo, cli):
    spec = variant(repo, {"    start: 2026-05-01\n": "    start: 2026-05\n", "  dnr: VON 2025-112\n  date: 2025-05-20\n": "  dnr: VON 2025-112\n  date: 2025\n"},
                   base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'start: 2026-05')}:12: procurement.contract.start (avtalsstart): needs a full date, got "
            "\"2026-05\": a year or a month is enough only for a contract's start, and the law counts days from this "
            "date\n") in result.err
    assert "hint: write the day too, as YYYY-MM-DD, e.g. 2026-05-01" in result.err
    assert "case.date (ärende, datum): needs a full date, got 2025:" in result.err
    assert "hint: write the day too, as YYYY-MM-DD, e.g. 2025-01-01" in result.err


# --- A lot whose contract starts another day -------------------------------------------------------

CHRISTIANSRO_START = "      start: 2026-10-01  # när dagens avtal med Vårdbolaget Ekbacken AB har löpt ut\n"


def test_each_current_contract_is_compared_with_the_start_of_its_lot(repo, cli):
    """Christiansro starts the day after Ekbacken's contract ends: nothing to say. Without its own
    start, the procurement's start overlaps Ekbacken's last 153 days; a lot start two days late leaves a gap."""
    result = cli("validate", SPEC_CARE_HOME, cwd=repo)
    assert result.code == 0 and "warning" not in result.err
    common = variant(repo, {CHRISTIANSRO_START: ""}, base=SPEC_CARE_HOME)
    result = cli("validate", common, cwd=repo)
    assert result.code == 0
    assert (f":{line_of(common, 'start: 2026-05-01')}:12: warning: procurement.contract.start (avtalsstart): the new "
            "contract starts 2026-05-01, the current contract `ekbacken` ends 2026-09-30: an overlap of 153 days (see "
            f"also {common.relative_to(repo)}:{line_of(common, 'end: 2026-09-30')}:10)\n") in result.err
    assert "hint: a new contract usually starts the day after; a lot that starts another day says so with `start:`" \
        in result.err
    assert "omsorgsgruppen" not in result.err  # Amalia starts the day after its contract ends
    late = variant(repo, {CHRISTIANSRO_START: "      start: 2026-10-03\n"}, base=SPEC_CARE_HOME, name="late.yaml")
    result = cli("validate", late, cwd=repo)
    assert result.code == 0
    assert (f":{line_of(late, 'start: 2026-10-03')}:14: warning: procurement.lots[christiansro].start (avtalsstart): "
            "the new contract for the lot `christiansro` starts 2026-10-03, the current contract `ekbacken` ends "
            f"2026-09-30: a gap of 2 days (see also {late.relative_to(repo)}:{line_of(late, 'end: 2026-09-30')}:10)\n") in result.err


def test_a_lot_that_starts_before_the_contract_can_be_signed(repo, cli):
    spec = variant(repo, {CHRISTIANSRO_START: "      start: 2025-11-24\n"}, base=SPEC_CARE_HOME)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'start: 2025-11-24')}:14: procurement.lots[christiansro].start (avtalsstart): the lot "
            "`christiansro` starts (2025-11-24) before its contract can be signed (2025-11-25) (see also "
            f"{spec.relative_to(repo)}:{line_of(spec, 'contract_signing: 2025-11-25')}:23)\n") in result.err
    assert ("hint: move the lot's start after the signing, or remove it so that the lot starts with "
            "procurement.contract.start") in result.err
