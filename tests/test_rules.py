"""Consistency rules: facts that contradict each other are located errors or warnings."""

from __future__ import annotations

from helpers.common import SPEC_2024, line_of, variant


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
