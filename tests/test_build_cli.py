"""`tenderkit build` end to end: where files go, what they contain, and what it refuses to do."""

from __future__ import annotations

import docx
from helpers.common import SPEC_2024, line_of, normalise, own_template, run_process, variant

from tenderkit import __version__


def test_version(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"tenderkit {__version__}"


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli(cwd=tmp_path).code == 2
    assert cli("build", cwd=tmp_path).code == 2
    assert cli("frobnicate", cwd=tmp_path).code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("build", empty, cwd=tmp_path)
    assert result.code == 2
    assert "no spec files (*.yaml) in" in result.err


def test_build_directory_writes_docx_and_markdown_per_spec(cli, repo):
    result = cli("build", "specs/", cwd=repo)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "output/anhorigstod-barn-2021/tjansteskrivelse.docx", "output/anhorigstod-barn-2021/tjansteskrivelse.md",
        "output/anhorigstod-barn-unga-2024/tjansteskrivelse.docx", "output/anhorigstod-barn-unga-2024/tjansteskrivelse.md",
        *[f"output/stodboende-unga-vuxna-2025/{name}" for name in sorted([
            "tjansteskrivelse.docx", "tjansteskrivelse.md", "forfragningsunderlag.docx", "forfragningsunderlag.md",
            "anbudsformular.docx", "anbudsformular.md", "prisbilaga.xlsx", "sanningsforsakran.docx",
            "sanningsforsakran.md", "referensformular.docx", "referensformular.md", "avtalsutkast.docx",
            "avtalsutkast.md", "pub-avtal.docx", "pub-avtal.md"])]]
    assert "warning: case.dnr (diarienummer): no diarienummer" in result.err
    assert sorted(p.name for p in (repo / "output" / "anhorigstod-barn-2021").iterdir()) == [
        ".tenderkit-state.json", "tjansteskrivelse.docx", "tjansteskrivelse.md"]


def test_two_builds_are_byte_identical(cli, repo):
    assert cli("build", "specs/", "-o", "a", cwd=repo).code == 0
    assert cli("build", "specs/", "-o", "b", cwd=repo).code == 0
    for spec_id in ("anhorigstod-barn-2021", "anhorigstod-barn-unga-2024", "stodboende-unga-vuxna-2025"):
        for built in (repo / "a" / spec_id).iterdir():
            assert built.read_bytes() == (repo / "b" / spec_id / built.name).read_bytes(), built


def test_invalid_spec_writes_nothing_and_other_specs_still_build(cli, repo):
    variant(repo, {"per_year: 2600": "per_year: mycket"})
    result = cli("build", "specs/", cwd=repo)
    assert result.code == 1
    assert "expected a whole number, got \"mycket\"" in result.err
    assert not (repo / "output" / "anhorigstod-barn-2021").exists()
    assert (repo / "output" / "anhorigstod-barn-unga-2024" / "tjansteskrivelse.docx").is_file()


def test_a_failed_rebuild_keeps_the_previous_output(cli, repo):
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    built = repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.docx"
    before = built.read_bytes()
    variant(repo, {"per_year: 2600": "per_year: mycket"})
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 1
    assert built.read_bytes() == before
    assert [p.name for p in built.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_changed_figure_changes_the_document(cli, repo):
    variant(repo, {"per_year: 2600": "per_year: 1950"})
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    markdown = normalise((repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.md").read_text())
    assert "utökas med 1 950 timmar per år, motsvarande 1,5 årsarbetare" in markdown
    assert "| Totalt | timmar | 750 | 2 700 | +1 950 |" in markdown


def test_hand_edited_output_is_not_overwritten_without_force(cli, repo):
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    memo = repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.md"
    memo.write_text("my own notes\n")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 1
    assert "not overwriting output/anhorigstod-barn-2021/tjansteskrivelse.md: changed since tenderkit wrote it" \
        in result.err
    assert "hint: move the file away to keep your changes, or build with --force" in result.err
    assert memo.read_text() == "my own notes\n"
    assert cli("build", "--force", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    assert memo.read_text().startswith("<!-- sidhuvud -->")


def test_files_tenderkit_no_longer_builds_are_removed(cli, repo):
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    directory = repo / "output" / "anhorigstod-barn-2021"
    state = directory / ".tenderkit-state.json"
    state.write_text(state.read_text().replace('"tjansteskrivelse.md"', '"old.md"'))
    (directory / "old.md").write_bytes((directory / "tjansteskrivelse.md").read_bytes())
    (directory / "tjansteskrivelse.md").unlink()
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    assert not (directory / "old.md").exists()


def test_unwritable_output_is_a_clear_error(cli, repo):
    blocker = repo / "blocked"
    blocker.write_text("a file where a directory should be")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", "-o", "blocked", cwd=repo)
    assert result.code == 1
    assert "cannot create the output directory blocked/anhorigstod-barn-2021" in result.err


def test_special_characters_reach_the_document_literally(cli, repo):
    repo.joinpath("tenderkit.yaml").write_text(
        repo.joinpath("tenderkit.yaml").read_text().replace("administration: Socialförvaltningen",
                                                            "administration: Ekonomi & HR <Stab>"))
    variant(repo, {"  signed_by: Linda Ljungqvist": '  signed_by: "Linda </w:t><w:r><w:t>Ljungqvist {{ 7*7 }}"',
                   "organisation:\n  administration: Social- och omsorgsförvaltningen  # förvaltningens namn 2021\n": ""})
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 0, result.err
    path = repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.docx"
    document = docx.Document(path)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Ekonomi & HR <Stab>" in header  # in the header, where docxtpl's default breaks the XML
    assert "Uppdrag ges till Ekonomi & HR <Stab> att presentera" in body  # in the body, where it loses "&"
    assert "Linda </w:t><w:r><w:t>Ljungqvist {{ 7*7 }}" in body
    markdown = (path.parent / "tjansteskrivelse.md").read_text()
    assert "Linda </w:t><w:r><w:t>Ljungqvist {{ 7*7 }}" in markdown


def test_template_leftover_fails_the_build_naming_document_and_text(cli, repo):
    own_template(repo, ">Beslutsunderlag<", ">Beslutsunderlag Klicka här för att ange text.<")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 1
    assert "tjansteskrivelse.docx: Tjänsteskrivelse still holds a placeholder after rendering: “" in result.err
    assert "Beslutsunderlag Klicka här för att ange text." in result.err
    assert "tjansteskrivelse.docx: fix it there" in result.err
    assert not (repo / "output").exists()


def test_empty_section_fails_the_build(cli, repo):
    own_template(repo, "{%p if text.background %}", "{%p if True %}")
    variant(repo, {"  background:\n    - Se bilaga ”{case.attachments.utredning.title}”.\n": "  background: []\n"})
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 1
    assert "Tjänsteskrivelse for specs/anhorigstod-barn-2021.yaml: the section “Bakgrund” is empty" in result.err
    assert not (repo / "output").exists()


def test_template_with_unknown_field_is_reported(cli, repo):
    own_template(repo, "{{ case.title }}</w:t>", "{{ case.titel }}</w:t>", count=-1)
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 1
    assert "templates/tjansteskrivelse.docx: paragraph 3 “{{ case.titel }}”: “{{ case.titel }}” uses `case.titel`, " \
           "but `case` has no field `titel`\n  hint: did you mean `title`?" in result.err
    assert not (repo / "output").exists()


def test_console_script_runs_in_a_fresh_process(repo):
    result = run_process("build", "specs/", "-o", "out", cwd=repo)
    assert result.code == 0, result.err
    assert (repo / "out" / "anhorigstod-barn-2021" / "tjansteskrivelse.docx").is_file()
    bad = run_process("validate", "missing.yaml", cwd=repo)
    assert bad.code == 2 and "Traceback" not in bad.err


def test_two_specs_with_one_id_write_nothing_over_each_other(cli, repo):
    variant(repo, {"id: anhorigstod-barn-unga-2024": "id: anhorigstod-barn-2021"}, base=SPEC_2024)
    result = cli("build", "specs/", cwd=repo)
    assert result.code == 1
    assert (f"specs/anhorigstod-barn-unga-2024.yaml:{line_of(SPEC_2024, 'id: anhorigstod')}:5: id: the id `anhorigstod-barn-2021` is also the id of "
            "specs/anhorigstod-barn-2021.yaml: both would write to the same folder in output/") in result.err
    assert "output/anhorigstod-barn-2021/tjansteskrivelse.docx" in result.out.splitlines()
    assert "anhorigstod-barn-unga-2024" not in result.out
    assert cli("validate", "specs/", cwd=repo).code == 1


def test_project_paths_that_do_not_exist_are_located_in_the_project_file(cli, repo):
    project = repo / "tenderkit.yaml"
    project.write_text(project.read_text() + "templates: mallar\n")
    result = cli("validate", "specs/", cwd=repo)
    assert result.code == 1
    assert result.err.count(f"tenderkit.yaml:{len(project.read_text().splitlines())}:12: no such directory: mallar") \
        == 1  # said once, not once per spec


def test_a_very_long_title_still_builds(cli, repo):
    long_title = "Anhörigstöd barn, " + "mycket lång rubrik " * 20
    variant(repo, {"  title: Anhörigstöd barn, ställningstagande till upphandlingsform": f"  title: {long_title}"})
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 0, result.err
    title = docx.Document(repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.docx").core_properties.title
    assert len(title) == 255 and title.endswith("…")


def test_a_mistyped_path_gets_the_path_it_was_probably_meant_to_be(cli, repo):
    hints = {typed: cli("validate", typed, cwd=repo).err.splitlines()[-1] for typed in
             ("spec/", "anhorigstod-barn-2021.yaml", "specs/anhorigstod-barn-2012.yaml", "specs/zzz.yaml", "x/y.yaml")}
    assert hints == {
        "spec/": "  hint: did you mean specs?",
        "anhorigstod-barn-2021.yaml": "  hint: did you mean specs/anhorigstod-barn-2021.yaml?",
        "specs/anhorigstod-barn-2012.yaml": "  hint: did you mean specs/anhorigstod-barn-2021.yaml?",
        "specs/zzz.yaml": "  hint: the specs in specs are: anhorigstod-barn-2021.yaml, anhorigstod-barn-unga-2024.yaml, "
                          "stodboende-unga-vuxna-2025.yaml",
        "x/y.yaml": "  hint: there is no directory x; check the path",
    }


def test_a_build_refuses_a_template_that_would_lose_text_beside_a_paragraph_tag(cli, repo):
    """docxtpl drops the text beside a {%p tag without a word; the build checks a project's own
    templates as `check-templates` does and says so, with the paragraph."""
    own_template(repo, "{%p if text.background %}", "{%p if text.background %} Se bilagan")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 1
    assert "the text “Se bilagan” beside “{%p if text.background %}” is lost: docxtpl replaces the whole " \
           "paragraph with the tag" in result.err
    assert not (repo / "output").exists()
