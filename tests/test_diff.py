"""`tenderkit diff`: changes in meaning between two versions of a spec, from files or git revisions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from helpers.common import SPEC_2021, SPEC_2024, SPEC_TENDER, variant


def test_the_2021_to_2024_showcase(cli, repo):
    result = cli("diff", "specs/anhorigstod-barn-2021.yaml", "specs/anhorigstod-barn-unga-2024.yaml", cwd=repo)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for expected in [
        "~ enskilda samtal, timmar per år: 240 → 2\u00a0840 (+2\u00a0600)",  # matched by id, though renamed
        "~ enskilda samtal, namn: enskild behandling → enskilda samtal",
        "- tjänst, insatser: föräldrastärkande insatser",
        "+ avtal: Eleonoragruppen AB",
        "- avtal: Linköpings Stadsmission",
        "~ ärende, datum: 2021-02-03 → 2024-09-19",
        "~ uppdrag, sammanträde: mars 2021 → mars 2025",
        "~ MBL, status: negotiated → not_required",
        "- ärende, diarienummer: SON 2020-247",
        "computed:",
        "~ timmar per år, förändring mot dagens avtal: 2\u00a0600 → 0 (−2\u00a0600)",
        "~ årsarbetare, förändring: 2 → 0 (−2)",
        "~ nuvarande avtal: avtalet med Linköpings Stadsmission → avtalet med Eleonoragruppen AB",
    ]:
        assert expected in lines, expected
    assert not any("gruppverksamhet" in line for line in lines)  # unchanged: 510 both years


def test_a_contracts_volume_is_told_apart_from_the_services(cli, repo):
    """The same component's volume in the service and in a contract: two lines, each saying whose."""
    changed = variant(repo, {"name: enskild behandling\n      per_year: 240": "name: Enskild behandling\n      per_year: 300",
                             "component: individual\n        per_year: 240": "component: individual\n        per_year: 300"},
                      name="changed.yaml")
    result = cli("diff", "specs/anhorigstod-barn-2021.yaml", changed, cwd=repo)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "~ Enskild behandling, timmar per år: 240 → 300 (+60)" in lines
    assert "~ avtalet med Linköpings Stadsmission, Enskild behandling, timmar per år: 240 → 300 (+60)" in lines


@pytest.mark.parametrize(("hours", "line"), [
    ("1300", None),  # 300 hours more instead of 200: 0,2 årsarbetare either way, as the memo states it
    ("1500", "~ årsarbetare, förändring: 0,2 → 0,4 (+0,2)"),  # 200/1300 → 500/1300
])
def test_arsarbetare_change_as_the_memo_rounds_it(cli, repo, hours, line):
    changed = variant(repo, {"      per_year: 1200\n": f"      per_year: {hours}\n"}, base=SPEC_TENDER, name="changed.yaml")
    result = cli("diff", f"specs/{SPEC_TENDER.name}", changed, cwd=repo)
    assert result.code == 0, result.err
    found = [text for text in result.out.splitlines() if "årsarbetare" in text]
    assert found == ([line] if line else [])


def test_formatting_is_not_a_change(cli, repo):
    text = SPEC_2021.read_text(encoding="utf-8")
    reformatted = (text.replace("age: {min: 4, max: 20}", "age:\n      max: 20\n      min: 4")
                   .replace("  title: Anhörigstöd barn, ställningstagande till upphandlingsform",
                            '  title: "Anhörigstöd barn, ställningstagande till upphandlingsform"  # citerad')
                   .replace("# Källa:", "# En ny kommentar\n# Källa:")
                   .replace("      Under nuvarande avtal har uppföljningar med utförarna påvisat ett ökat behov av\n",
                            "      Under nuvarande avtal har uppföljningar med utförarna\n      påvisat ett ökat behov av\n"))
    assert reformatted != text
    (repo / "specs" / "omformaterad.yaml").write_text(reformatted, encoding="utf-8")
    result = cli("diff", "--exit-code", SPEC_2021, repo / "specs" / "omformaterad.yaml", cwd=repo)
    assert result.code == 0, result.out + result.err
    assert result.out == "no changes in meaning\n"


def test_exit_code_and_json(cli, repo):
    changed = variant(repo, {"per_year: 2600": "per_year: 2000"}, name="andrad.yaml")
    result = cli("diff", "--exit-code", "--json", SPEC_2021, changed, cwd=repo)
    assert result.code == 1
    changes = json.loads(result.out)
    assert {"kind": "changed", "path": ["service", "components", "parent_support", "per_year"],
            "label": "föräldrastärkande insatser, timmar per år", "old": 2600, "new": 2000, "delta": -600,
            "derived": False} in changes
    fte = next(c for c in changes if c["label"] == "årsarbetare, förändring")
    assert (fte["old"], fte["new"], fte["derived"]) == (2, 1.5, True)  # 2000 / 1300, to one decimal as the memo says it


def test_procurement_changes_show_in_the_figures(cli, repo):
    changed = variant(repo, {"      per_year: 1200": "      per_year: 1300"}, base=SPEC_TENDER, name="ny.yaml")
    result = cli("diff", SPEC_TENDER, changed, cwd=repo)
    assert "~ stödsamtal, timmar per år: 1\u00a0200 → 1\u00a0300 (+100)" in result.out
    assert "~ uppskattat värde med de uppskattade volymerna, kronor: 30\u00a0444\u00a0000 → 30\u00a0784\u00a0000 " \
        "(+340\u00a0000)" in result.out


def test_a_spec_from_a_git_revision(cli, repo):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    shutil.rmtree(repo / ".git")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "2021"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)
    spec = repo / "specs" / SPEC_2021.name
    spec.write_text(spec.read_text(encoding="utf-8").replace("dnr: SON 2020-247", "dnr: SON 2020-999"), encoding="utf-8")
    result = cli("diff", "HEAD:specs/anhorigstod-barn-2021.yaml", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "~ ärende, diarienummer: SON 2020-247 → SON 2020-999"
    (repo / "specs" / "sub").mkdir()
    inside = cli("diff", "HEAD:./anhorigstod-barn-2021.yaml", "../anhorigstod-barn-2021.yaml", cwd=repo / "specs" / "sub")
    assert inside.code == 2 and "HEAD has no file specs/sub/anhorigstod-barn-2021.yaml" in inside.err


def test_bad_input_is_a_clear_message(cli, repo):
    missing = cli("diff", "specs/nope.yaml", SPEC_2021, cwd=repo)
    assert missing.code == 2 and "no such file: specs/nope.yaml" in missing.err
    no_repo = cli("diff", "HEAD~1:specs/x.yaml", SPEC_2021, cwd=repo)
    assert no_repo.code == 2 and "REV:path needs a git repository" in no_repo.err
    other = cli("diff", SPEC_2021, SPEC_TENDER, cwd=repo)
    assert other.code == 2 and "describe different services" in other.err
    (repo / "not-a-spec.yaml").write_text("hello: world\n")
    invalid = cli("diff", SPEC_2024, repo / "not-a-spec.yaml", cwd=repo)
    assert invalid.code == 1 and "unknown field `hello`" in invalid.err
