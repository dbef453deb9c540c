"""What `tenderkit validate` says about several specs or several faults at once.

Each kind of bad input, with its message, place and fix, is a row of the bad-input corpus
(tests/corpus/cases.yaml, run by test_corpus.py). The corpus runs one spec with one change and
reads stderr only; what it cannot express stays here: a directory of valid specs and what stdout
says of each, and a file with several faults, all reported in one run in the order of the file."""

from __future__ import annotations

from helpers.common import variant


def test_bundled_specs_are_valid(cli, repo):
    result = cli("validate", "specs/", cwd=repo)
    assert result.code == 0, result.err
    assert "ok: specs/anhorigstod-barn-2021.yaml" in result.out
    assert "ok: specs/anhorigstod-barn-unga-2024.yaml (3 warnings)" in result.out
    assert "ok: specs/stodboende-unga-vuxna-2025.yaml\n" in result.out


def test_all_problems_of_a_file_are_reported_at_once(cli, repo):
    spec = variant(repo, {"age: {min: 4, max: 20}": "age: {min: fyra, max: 20}", "date: 2021-02-03": "date: 2021-02-31",
                          "  signed_by:": "  signd_by:", "form: lou": "form: upphandling"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    located = [line for line in result.err.splitlines() if line.startswith("specs/anhorigstod-barn-2021.yaml:")]
    assert len(located) == 4, result.err
    assert [int(line.split(":")[1]) for line in located] == sorted(int(line.split(":")[1]) for line in located)


def test_a_value_cut_by_a_comment_is_a_warning_an_error_with_strict_and_a_comment_is_not(cli, repo):
    spec = variant(repo, {"dnr: SON 2020-247": "dnr: SON #2020-247"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 0 and "ok: specs/anhorigstod-barn-2021.yaml (1 warning)" in result.out
    assert "specs/anhorigstod-barn-2021.yaml:11:12: warning: case.dnr (diarienummer): the value ends at ` #`" in result.err
    assert cli("validate", "--strict", spec, cwd=repo).code == 1
    commented = variant(repo, {"dnr: SON 2020-247": "dnr: SON 2020-247  # diariet", "signed_by: Linda Ljungqvist":
                               "signed_by: Linda Ljungqvist # signerar"})
    assert cli("validate", commented, cwd=repo).err == ""


def test_an_alias_used_three_times_is_said_once_and_its_uses_are_not_called_empty(cli, repo):
    """The later uses of an alias are counted in the first one's message; none of them is then
    reported again as an empty value, which would send the user looking for a missing text."""
    spec = variant(repo, {"- Maritha Lindblad-Johansson": "- &who Maritha Lindblad-Johansson",
                          "- Carin Gustafsson": "- *who", "signed_by: Linda Ljungqvist": "signed_by: *who",
                          "title: Utredning behov av familjestöd 0–20 år": "title: *who"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    located = [line for line in result.err.splitlines() if line.startswith("specs/anhorigstod-barn-2021.yaml:")]
    assert len(located) == 2, result.err
    assert "(2 more uses of `*who` follow)" in located[1]
    assert "empty" not in result.err
