"""`tenderkit package`: a board meeting's papers, reproducible, incremental, parallel, and whole even
when LibreOffice fails or the build is killed. A fake soffice (tests/helpers/fake_soffice.py)
stands in for LibreOffice here; tests/test_libreoffice.py runs the real one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from helpers.common import ROOT, SPEC_2024, SPEC_TENDER, variant

from tenderkit import documents

FAKE = ROOT / "tests" / "helpers" / "fake_soffice.py"
MEETING = "2025-03-19"


@pytest.fixture
def fake(monkeypatch, tmp_path):
    """Use the fake soffice; returns the log of its calls (one line per call)."""
    log = tmp_path / "soffice.log"
    log.write_text("")
    monkeypatch.setenv("TENDERKIT_SOFFICE", str(FAKE))
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    return log


def calls(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if line]


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_a_meeting_package(cli, repo, fake):
    result = cli("package", "specs", "--meeting", MEETING, cwd=repo)
    assert result.code == 0, result.err
    package = repo / "output" / f"{MEETING}-utkast"  # the stödboende spec is a draft
    assert result.out.splitlines() == [f"output/{MEETING}-utkast", f"output/{MEETING}-utkast/{MEETING}-utkast.zip"]
    files = sorted(str(p.relative_to(package)) for p in package.rglob("*") if p.is_file())
    assert files == sorted([
        f"{MEETING}-utkast.zip", "manifest.json", "foredragningslista.docx", "foredragningslista.md",
        "foredragningslista.pdf", "foredragningslista-pdfa.pdf",
        *[f"01-stodboende-unga-vuxna-2025/{doc}{suffix}"
          for doc in ("tjansteskrivelse", "forfragningsunderlag", "anbudsformular", "sanningsforsakran",
                      "referensformular", "avtalsutkast", "pub-avtal")
          for suffix in (".docx", ".md", ".pdf", "-pdfa.pdf")],
        "01-stodboende-unga-vuxna-2025/prisbilaga.xlsx"])  # the spreadsheet is handed out as it is, to fill in
    assert len(calls(fake)) == 2  # one soffice start per kind of PDF, every document in it
    agenda = (package / "foredragningslista.md").read_text(encoding="utf-8")
    assert "Nämndens sammanträde den 19 mars 2025, med ett ärende." in agenda
    assert "## 1. Stödboende för unga vuxna – godkännande av upphandlingsdokument" in agenda
    assert "Dnr SN 2025-031" in agenda
    assert "2. Upphandlingsdokumenten för stödboende för unga vuxna godkänns." in agenda
    # Only the meeting's own case is built: a plain line per case outside a terminal.
    assert [line for line in result.err.splitlines() if line.startswith("1/")] == [
        "1/1 stodboende-unga-vuxna-2025: built"]
    assert "anhorigstod" not in result.err  # other meetings' specs are neither built nor warned about


def test_progress_counts_every_case_once_invalid_ones_too(cli, repo, fake):
    variant(repo, {"age: {min: 4, max: 20}": "age: {min: fyra, max: 20}"})
    result = cli("package", "specs", "--no-pdf", cwd=repo)
    assert result.code == 1
    assert [line.split(" ", 1)[0] for line in result.err.splitlines() if line[:2] in ("1/", "2/", "3/")] == \
        ["1/3", "2/3", "3/3"]


def test_manifest_and_zip(cli, repo, fake):
    assert cli("package", "specs", "--meeting", MEETING, cwd=repo).code == 0
    package = repo / "output" / f"{MEETING}-utkast"
    manifest = json.loads((package / "manifest.json").read_text())
    assert manifest["meeting"] == MEETING and manifest["draft"] is True
    assert manifest["specs"] == {"specs/stodboende-unga-vuxna-2025.yaml": _sha(SPEC_TENDER)}
    assert set(manifest["templates"]) == set(documents.template_names())
    assert manifest["git_commit"] is None  # this repository has no commits
    for name, entry in manifest["files"].items():
        data = (package / name).read_bytes()
        assert entry == {"size": len(data), "sha256": _sha_bytes(data)}
    with zipfile.ZipFile(package / f"{MEETING}-utkast.zip") as archive:
        assert sorted(archive.namelist()) == sorted([*manifest["files"], "manifest.json"])
        assert {info.date_time for info in archive.infolist()} == {(2025, 3, 19, 0, 0, 0)}


def test_drafts_are_marked_and_finals_are_not(cli, repo, fake):
    assert cli("package", "specs", "--meeting", MEETING, cwd=repo).code == 0
    memo = docx.Document(repo / "output" / f"{MEETING}-utkast" / "01-stodboende-unga-vuxna-2025" / "tjansteskrivelse.docx")
    assert memo.sections[0].header.paragraphs[0].text == "UTKAST"
    assert memo.core_properties.content_status == "UTKAST"
    variant(repo, {"  dnr: SN 2025-031\n": "  dnr: SN 2025-031\n  final: true\n"}, base=SPEC_TENDER)
    assert cli("package", "specs", "--meeting", MEETING, cwd=repo).code == 0
    final = repo / "output" / MEETING
    memo = docx.Document(final / "01-stodboende-unga-vuxna-2025" / "tjansteskrivelse.docx")
    assert "UTKAST" not in [p.text for p in memo.sections[0].header.paragraphs]
    assert memo.core_properties.content_status == "Slutlig"


def test_two_runs_give_the_same_bytes(cli, repo, fake):
    assert cli("package", "specs", "-o", "a", "--jobs", "1", cwd=repo).code == 0
    assert cli("package", "specs", "-o", "b", "--jobs", "2", cwd=repo).code == 0  # parallel gives the same bytes
    assert tree(repo / "a" / "alla-arenden-utkast") == tree(repo / "b" / "alla-arenden-utkast")


def test_unchanged_cases_are_reused_and_an_unchanged_package_is_left_alone(cli, repo, fake):
    assert cli("package", "specs", cwd=repo).code == 0
    assert len(calls(fake)) == 2
    package = repo / "output" / "alla-arenden-utkast"
    before = tree(package)
    again = cli("package", "specs", cwd=repo)
    assert again.code == 0
    assert "1/3 anhorigstod-barn-2021: reused" in again.err and "3/3 stodboende-unga-vuxna-2025: reused" in again.err
    assert again.out.splitlines()[0] == "output/alla-arenden-utkast (unchanged)"
    assert len(calls(fake)) == 2  # no soffice start at all
    assert tree(package) == before
    variant(repo, {"per_year: 2600": "per_year: 2000"})  # one case changes
    third = cli("package", "specs", cwd=repo)
    assert "anhorigstod-barn-2021: built" in third.err and "stodboende-unga-vuxna-2025: reused" in third.err
    converted = calls(fake)[2:]
    assert len(converted) == 2 and all(len(line.split()) == 1 for line in converted)  # only the changed memo


def test_a_conversion_that_fails_names_the_case_and_the_rest_completes(cli, repo, fake):
    # the markers stand in prose, which the agenda does not show
    variant(repo, {"    - Se bilaga": "    - KRASCH.\n    - Se bilaga"})
    variant(repo, {"    - Ingen utökning av timmar": "    - TOM.\n    - Ingen utökning av timmar"}, base=SPEC_2024)
    result = cli("package", "specs", "--timeout", "5", cwd=repo)
    assert result.code == 1
    package = repo / "output" / "alla-arenden-utkast"
    assert "02-anhorigstod-barn-2021/tjansteskrivelse.docx: no PDF: LibreOffice stopped with exit status 134" in result.err
    assert ("03-anhorigstod-barn-unga-2024/tjansteskrivelse.docx: no PDF: LibreOffice wrote no PDF (it could not load it)"
            in result.err)
    assert (package / "01-stodboende-unga-vuxna-2025" / "forfragningsunderlag.pdf").is_file()
    assert (package / "02-anhorigstod-barn-2021" / "tjansteskrivelse.docx").is_file()
    assert not (package / "02-anhorigstod-barn-2021" / "tjansteskrivelse.pdf").exists()


def test_a_conversion_that_hangs_is_stopped(cli, repo, fake):
    variant(repo, {"    - Se bilaga": "    - HÄNG.\n    - Se bilaga"})
    started = time.monotonic()
    result = cli("package", "specs", "--timeout", "1", cwd=repo)
    assert time.monotonic() - started < 40
    assert result.code == 1
    assert "02-anhorigstod-barn-2021/tjansteskrivelse.docx: no PDF: LibreOffice did not finish within 1 s" in result.err
    assert (repo / "output" / "alla-arenden-utkast" / "01-stodboende-unga-vuxna-2025" / "tjansteskrivelse.pdf").is_file()


def test_without_libreoffice_the_word_files_are_still_built(cli, repo, monkeypatch):
    monkeypatch.setenv("TENDERKIT_SOFFICE", str(repo / "no-such-soffice"))
    result = cli("package", "specs", cwd=repo)
    assert result.code == 1
    assert "PDFs skipped: LibreOffice is not installed; install LibreOffice (Debian: apt-get install " \
           "libreoffice-writer-nogui fonts-liberation) (or use --no-pdf)" in result.err
    package = repo / "output" / "alla-arenden-utkast"
    assert (package / "01-stodboende-unga-vuxna-2025" / "tjansteskrivelse.docx").is_file()
    assert not list(package.rglob("*.pdf"))
    assert cli("package", "specs", "--no-pdf", cwd=repo).code == 0


def test_a_build_killed_midway_leaves_the_previous_package(repo, fake):
    def run(*args):
        return subprocess.Popen([str(Path(sys.executable).with_name("tenderkit")), "package", "specs", *args],
                                cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, env={**os.environ})

    assert run().wait(timeout=120) == 0
    package = repo / "output" / "alla-arenden-utkast"
    before = tree(package)
    variant(repo, {"    - Se bilaga": "    - HÄNG.\n    - Se bilaga"})
    killed = run("--timeout", "60")
    deadline = time.monotonic() + 60
    while len(calls(fake)) < 3 and time.monotonic() < deadline:  # wait until it is converting
        time.sleep(0.05)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=10)
    assert tree(package) == before
    variant(repo, {})  # back to the bundled spec
    assert run().wait(timeout=120) == 0
    assert not [p for p in (repo / "output").iterdir() if p.name.startswith(".alla-arenden")]


def test_meeting_without_cases_and_bad_dates(cli, repo, fake):
    none = cli("package", "specs", "--meeting", "2030-01-01", cwd=repo)
    assert none.code == 1 and f"no case for the meeting 2030-01-01; the specs name: {MEETING}" in none.err
    bad = cli("package", "specs", "--meeting", "19 mars", cwd=repo)
    assert bad.code == 2 and "expected a date as YYYY-MM-DD, got '19 mars'" in bad.err
    assert cli("package", "nowhere", cwd=repo).code == 2


def test_an_invalid_spec_is_reported_and_the_rest_is_packaged(cli, repo, fake):
    variant(repo, {"per_year: 2600": "per_year: mycket"})
    result = cli("package", "specs", cwd=repo)
    assert result.code == 1
    assert 'expected a whole number, got "mycket"' in result.err
    assert "specs/anhorigstod-barn-2021.yaml: invalid" in result.err
    assert (repo / "output" / "alla-arenden-utkast" / "01-stodboende-unga-vuxna-2025").is_dir()


def _sha(path: Path) -> str:
    return _sha_bytes(path.read_bytes())


def _sha_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()



@pytest.mark.parametrize("workflow", ["github-actions.yml", "gitlab-ci.yml"])
def test_the_example_ci_setups_run_a_package_build(workflow, repo, fake):
    import shlex

    import yaml

    data = yaml.safe_load((ROOT / "examples" / "ci" / workflow).read_text(encoding="utf-8"))
    if workflow == "github-actions.yml":
        steps = data["jobs"]["package"]["steps"]
        commands = [line for step in steps for line in step.get("run", "").splitlines()]
        assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)
    else:
        job = data["board-package"]
        commands = job["before_script"] + job["script"]
        assert job["artifacts"]["paths"] == ["output/*/*.zip"]
    assert any("libreoffice-writer-nogui" in line for line in commands)  # LibreOffice from the distribution
    [package_command] = [line for line in commands if line.startswith("tenderkit package")]
    program, *arguments = shlex.split(package_command)
    result = subprocess.run([str(Path(sys.executable).with_name(program)), *arguments], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list((repo / "output").glob("*/*.zip"))  # what the artifact step keeps
