"""`tenderkit redline` and `tenderkit init` from the command line."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from helpers.common import SPEC_2021, SPEC_2024, SPEC_TENDER, variant
from helpers.tracked_changes import accept_all, reject_all

from tenderkit.build import check_spec, render_documents
from tenderkit.render.text import document_blocks, to_markdown


def body_markdown(data: bytes) -> str:
    blocks = document_blocks(docx.Document(io.BytesIO(data)))
    return to_markdown([b for b in blocks if b.kind not in ("header", "footer")])


def test_redline_of_the_2021_and_2024_memos(cli, repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    result = cli("redline", SPEC_2021, SPEC_2024, "-o", repo / "red.docx", "--author", "Granskare", cwd=repo)
    assert result.code == 0, result.err
    data = (repo / "red.docx").read_bytes()
    xml = docx.Document(io.BytesIO(data)).element.xml
    assert 'w:author="Granskare"' in xml and 'w:date="2025-01-01T00:00:00Z"' in xml
    [old] = render_documents(check_spec(SPEC_2021))
    [new] = render_documents(check_spec(SPEC_2024))
    assert body_markdown(accept_all(data)) == body_markdown(new.docx)
    assert body_markdown(reject_all(data)) == body_markdown(old.docx)
    again = cli("redline", SPEC_2021, SPEC_2024, "-o", repo / "again.docx", "--author", "Granskare", cwd=repo)
    assert again.code == 0 and (repo / "again.docx").read_bytes() == data


def test_redline_of_the_tender_documents(cli, repo):
    changed = variant(repo, {"      per_year: 1200": "      per_year: 1300"}, base=SPEC_TENDER, name="ny.yaml")
    result = cli("redline", SPEC_TENDER, changed, "--doc", "forfragningsunderlag", "-o", repo / "fu.docx", cwd=repo)
    assert result.code == 0, result.err
    xml = docx.Document(repo / "fu.docx").element.xml
    assert "<w:ins " in xml and "<w:delText" in xml


def test_redline_bad_input(cli, repo):
    assert "unknown document `x`" in cli("redline", SPEC_2021, SPEC_2024, "--doc", "x", "-o", "r.docx", cwd=repo).err
    assert "hint: name the output …docx" in cli("redline", SPEC_2021, SPEC_2024, "-o", "r.pdf", cwd=repo).err
    other = cli("redline", SPEC_2021, SPEC_TENDER, "-o", "r.docx", cwd=repo)
    assert other.code == 2 and "describe different services" in other.err
    no_tender = cli("redline", SPEC_2021, SPEC_2024, "--doc", "forfragningsunderlag", "-o", "r.docx", cwd=repo)
    assert no_tender.code == 2 and "anhorigstod-barn-unga-2024.yaml have no forfragningsunderlag" in no_tender.err
    assert not (repo / "r.docx").exists()


def test_init_makes_a_repository_that_validates_and_builds(cli, tmp_path):
    target = tmp_path / "norrby"
    result = cli("init", target, "--municipality", "Norrby kommun", "--board", "Omsorgsnämnden", cwd=tmp_path)
    assert result.code == 0, result.err
    assert f"git config diff.docx.textconv '{sys.executable} -m tenderkit textconv'" in result.err
    assert "when the venv moves or is made anew, run it\nagain" in result.err
    for name in ("tenderkit.yaml", "specs/exempel.yaml", "krav/egna-krav.yaml", "schema/tenderkit-spec.schema.json",
                 "templates/tjansteskrivelse.docx", "templates/forfragningsunderlag.docx",
                 "templates/foredragningslista.docx", ".gitattributes"):
        assert (target / name).is_file(), name
    assert (target / ".gitattributes").read_text() == "*.docx diff=docx\n"
    assert (target / "specs" / "exempel.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/tenderkit-spec.schema.json\n")
    if shutil.which("git"):
        config = subprocess.run(["git", "config", "diff.docx.textconv"], cwd=target, capture_output=True, text=True)
        assert config.stdout.strip() == f"{sys.executable} -m tenderkit textconv"
    validated = cli("validate", "specs/", cwd=target)
    assert validated.code == 0 and "ok: specs/exempel.yaml (6 warnings)" in validated.out
    for place, where, example in [
            ("tenderkit.yaml:11:10", "municipal_goals.url (adress)", "example.org"),
            ("specs/exempel.yaml:12:7", "case.officers[1] (handläggare)", "Namn Namnsson"),
            ("specs/exempel.yaml:47:26", "procurement.authority.organisation_number (organisationsnummer)", "212000-0000"),
            ("specs/exempel.yaml:49:13", "procurement.authority.contact.name (kontakt, namn)", "Namn Namnsson"),
            ("specs/exempel.yaml:50:14", "procurement.authority.contact.email (e-post)", "example.org")]:
        assert f"{place}: warning: {where}: still holds “{example}”, the example from `tenderkit init`" in validated.err
    assert "hint: write the real value here, or remove the field if it is optional" in validated.err
    strict = cli("build", "specs/", "--strict", cwd=target)
    assert strict.code == 1 and "the example from `tenderkit init` (an error with --strict)" in strict.err
    built = cli("build", "specs/", cwd=target)
    assert built.code == 0, built.err
    memo = (target / "output" / "exempel" / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert "Norrby kommun" in memo and "Förslag till omsorgsnämndens beslut" in memo
    tender = (target / "output" / "exempel" / "forfragningsunderlag.md").read_text(encoding="utf-8")
    assert "Krav EGEN-TJ-INTRODUKTION." in tender  # the municipality's own library is used
    checked = cli("check-templates", cwd=target)
    assert (checked.code, checked.err) == (0, "")
    assert cli("package", "specs", "--no-pdf", cwd=target).code == 0
    if shutil.which("git"):  # nothing committed yet: no HEAD to compare with, said as such, not "unknown revision"
        diffed = cli("diff", "HEAD:specs/exempel.yaml", "specs/exempel.yaml", cwd=target)
        assert diffed.code == 2
        assert "the repository has no commits yet, so there is no HEAD to compare with: everything is new" in diffed.err
        assert "hint: commit the specs once (`git add -A` and `git commit`)" in diffed.err


def test_init_refuses_a_directory_with_files(cli, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    result = cli("init", tmp_path / "full", cwd=tmp_path)
    assert result.code == 2 and "is not empty" in result.err
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]


def test_the_pre_commit_hook_validates_the_specs_it_matches(repo):
    import re
    import sys
    from pathlib import Path


    hook = _hooks()["tenderkit-validate"]
    assert hook["language"] == "python"
    staged = ["specs/anhorigstod-barn-2021.yaml", "specs/stodboende-unga-vuxna-2025.yaml", "README.md", "tenderkit.yaml"]
    matched = [name for name in staged if re.search(hook["files"], name)]
    assert matched == staged[:2]
    program, *arguments = hook["entry"].split()
    executable = str(Path(sys.executable).with_name(program))
    assert subprocess.run([executable, *arguments, *matched], cwd=repo, capture_output=True).returncode == 0
    broken = repo / "specs" / "anhorigstod-barn-2021.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("per_year: 2600", "per_year: mycket"), encoding="utf-8")
    failed = subprocess.run([executable, *arguments, *matched], cwd=repo, capture_output=True, text=True)
    assert failed.returncode == 1 and 'got "mycket"' in failed.stderr


def _hooks() -> dict[str, dict]:
    import yaml
    from helpers.common import ROOT

    return {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_the_pre_commit_hook_checks_the_templates_it_matches(repo):
    import re
    import sys
    from pathlib import Path

    from helpers.common import own_template

    hook = _hooks()["tenderkit-check-templates"]
    own_template(repo, "{{ case.title }}</w:t>", "{{ case.title }}</w:t>")  # a copy of its own, unchanged
    staged = ["templates/tjansteskrivelse.docx", "output/x/tjansteskrivelse.docx", "specs/a.yaml"]
    matched = [name for name in staged if re.search(hook["files"], name)]
    assert matched == staged[:1]
    program, *arguments = hook["entry"].split()
    executable = str(Path(sys.executable).with_name(program))
    assert subprocess.run([executable, *arguments, *matched], cwd=repo, capture_output=True).returncode == 0
    own_template(repo, "{{ case.title }}</w:t>", "{{ case.titel }}</w:t>")
    failed = subprocess.run([executable, *arguments, *matched], cwd=repo, capture_output=True, text=True)
    assert failed.returncode == 1 and "uses `case.titel`, but `case` has no field `titel`" in failed.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_textconv_init_sets_up_works_without_the_venv_on_path(cli, tmp_path):
    target = tmp_path / "norrby"
    assert cli("init", target, cwd=tmp_path).code == 0
    env = {**os.environ, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    assert not any(Path(directory, "tenderkit").exists() for directory in env["PATH"].split(":"))
    assert cli("build", "specs/", cwd=target).code == 0
    memo = target / "output" / "exempel" / "tjansteskrivelse.docx"
    for args in (["add", "-f", str(memo)], ["commit", "-q", "-m", "first"]):
        subprocess.run(["git", *args], cwd=target, env=env, check=True, capture_output=True)
    spec = target / "specs" / "exempel.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("title: ", "title: Ny ", 1), encoding="utf-8")
    assert cli("build", "specs/", "--force", cwd=target).code == 0
    diff = subprocess.run(["git", "diff"], cwd=target, env=env, capture_output=True, text=True)
    assert diff.returncode == 0, diff.stderr
    assert "+" in diff.stdout and "Binary files" not in diff.stdout and "Ny " in diff.stdout
