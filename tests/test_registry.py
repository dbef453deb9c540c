"""The one registry of document kinds: a new kind is one entry (plus its template), and every
command that lists documents reads the registry; the agenda passes the same guards as the rest."""

from __future__ import annotations

import zipfile
from dataclasses import replace

import pytest
from helpers.common import ROOT, SPEC_TENDER, own_template, variant, with_parts

from tenderkit import documents


@pytest.fixture
def extra_kind(monkeypatch, repo):
    """A kind no release has, registered by a test alone: a cover letter built from the memo's
    template with its title changed, kept among the project's own templates."""
    templates = repo / "templates"
    templates.mkdir()
    project = repo / "tenderkit.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "templates: templates\n", encoding="utf-8")

    def retitle(parts):
        parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{ case.title }}", b"Missiv: {{ case.title }}")

    (templates / "missiv.docx").write_bytes(with_parts((ROOT / "templates" / "tjansteskrivelse.docx").read_bytes(),
                                                       retitle))
    kind = replace(documents.MEMO, name="missiv", title="Missiv", template="missiv.docx")
    monkeypatch.setattr(documents, "KINDS", (*documents.KINDS, kind))
    return kind


def test_a_kind_registered_by_a_test_is_built_with_no_other_change(cli, repo, extra_kind):
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 0, result.err
    built = repo / "output" / "anhorigstod-barn-2021"
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == [
        "missiv.docx", "missiv.md", "tjansteskrivelse.docx", "tjansteskrivelse.md"]
    assert "# Missiv: Anhörigstöd barn, ställningstagande till upphandlingsform" in (built / "missiv.md").read_text(
        encoding="utf-8")
    # Every command that names documents knows it too.
    assert "missiv" in cli("redline", "--help").out
    assert "ok: templates/missiv.docx" in cli("check-templates", "templates/missiv.docx", cwd=repo).out


def test_the_tender_package_of_the_procurement_spec(cli, repo):
    result = cli("build", "specs/stodboende-unga-vuxna-2025.yaml", cwd=repo)
    assert result.code == 0, result.err
    built = repo / "output" / "stodboende-unga-vuxna-2025"
    expected = {"tjansteskrivelse.docx", "tjansteskrivelse.md", "forfragningsunderlag.docx", "forfragningsunderlag.md",
                "anbudsformular.docx", "anbudsformular.md", "prisbilaga.xlsx", "sanningsforsakran.docx",
                "sanningsforsakran.md", "referensformular.docx", "referensformular.md", "avtalsutkast.docx",
                "avtalsutkast.md", "pub-avtal.docx", "pub-avtal.md"}
    assert {p.name for p in built.iterdir() if not p.name.startswith(".")} == expected
    tender = (built / "forfragningsunderlag.md").read_text(encoding="utf-8")
    listing = tender[tender.index("| Bilaga | Handling | Fil |"):].split("\n\n")[0].splitlines()[2:]
    assert listing == [
        "| 1 | Anbudsformulär | anbudsformular.docx |", "| 2 | Prisbilaga | prisbilaga.xlsx |",
        "| 3 | Sanningsförsäkran | sanningsforsakran.docx |", "| 4 | Referensformulär | referensformular.docx |",
        "| 5 | Avtalsutkast | avtalsutkast.docx |", "| 6 | Personuppgiftsbiträdesavtal | pub-avtal.docx |"]


def test_a_memo_spec_makes_the_memo_alone(cli, repo):
    assert cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo).code == 0
    built = repo / "output" / "anhorigstod-barn-2021"
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == [
        "tjansteskrivelse.docx", "tjansteskrivelse.md"]


def test_annexes_are_numbered_without_gaps_whatever_a_spec_leaves_out(cli, repo):
    text = SPEC_TENDER.read_text(encoding="utf-8")
    without = text[:text.index("    personal_data:\n")] + text[text.index("    insurance:"):]  # no personal data
    (repo / "specs" / "utan.yaml").write_text(without.replace("id: stodboende-unga-vuxna-2025", "id: utan"),
                                             encoding="utf-8")
    result = cli("build", "specs/utan.yaml", cwd=repo)
    assert result.code == 0, result.err
    built = repo / "output" / "utan"
    tender = (built / "forfragningsunderlag.md").read_text(encoding="utf-8")
    assert "| 5 | Avtalsutkast | avtalsutkast.docx |" in tender
    assert "| 6 |" not in tender and "pub-avtal" not in tender and not (built / "pub-avtal.docx").exists()


def test_the_agenda_goes_through_the_guards(cli, repo, monkeypatch):
    monkeypatch.setenv("TENDERKIT_SOFFICE", str(ROOT / "tests" / "helpers" / "fake_soffice.py"))
    own_template(repo, "Föredragningslista", "Föredragningslista Klicka här för att ange text.",
                 name="foredragningslista.docx")
    result = cli("package", "specs", "--meeting", "2025-03-19", "--no-pdf", cwd=repo)
    assert result.code == 1
    assert "Föredragningslista still holds a placeholder after rendering" in result.err
    assert not list((repo / "output").glob("2025-03-19*/*.zip"))


def test_each_board_gets_an_agenda_of_its_own_cases(cli, repo):
    result = cli("package", "specs", "--no-pdf", cwd=repo)  # Linköping's two memos and Exempelstad's tender
    assert result.code == 0, result.err
    package = next((repo / "output").glob("alla-arenden*"))
    agendas = sorted(p.name for p in package.glob("foredragningslista-*.md"))
    assert agendas == ["foredragningslista-social-och-omsorgsnamnden-linkopings-kommun.md",
                       "foredragningslista-socialnamnden-exempelstads-kommun.md"]
    linkoping = (package / agendas[0]).read_text(encoding="utf-8")
    exempelstad = (package / agendas[1]).read_text(encoding="utf-8")
    assert "Social- och omsorgsnämnden" in linkoping and "Stödboende" not in linkoping
    assert "## 1. Anhörigstöd barn, ställningstagande till upphandlingsform" in linkoping
    assert "## 1. Stödboende för unga vuxna" in exempelstad and "Anhörigstöd" not in exempelstad
    # without --meeting, an agenda is still dated when all its cases name the same meeting
    assert "Nämndens sammanträde den 19 mars 2025, med ett ärende." in exempelstad
    assert "Två ärenden utan bestämt sammanträde." in linkoping  # 2021's and 2024's meetings differ


def test_the_agenda_states_the_meetings_time_and_place(cli, repo):
    variant(repo, {"  meeting: 2025-03-19\n": "  meeting: 2025-03-19\n  meeting_time: '13.15'\n"
                                             "  meeting_place: Stadshuset, sal Lyran\n"}, base=SPEC_TENDER)
    result = cli("package", "specs", "--meeting", "2025-03-19", "--no-pdf", cwd=repo)
    assert result.code == 0, result.err
    agenda = next((repo / "output").glob("2025-03-19*/foredragningslista.md")).read_text(encoding="utf-8")
    assert "Nämndens sammanträde den 19 mars 2025 klockan 13.15, Stadshuset, sal Lyran, med ett ärende." in agenda


def test_a_meeting_time_is_a_time(cli, repo):
    spec = variant(repo, {"  meeting: 2025-03-19\n": "  meeting: 2025-03-19\n  meeting_time: '25.15'\n"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "case.meeting_time (tid för sammanträdet): expected a time of day as hours and minutes" in result.err
    assert "hint: e.g. '13.15', in quotes" in result.err


def test_a_package_dated_beyond_what_a_zip_holds(cli, repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5700000000")  # the year 2150
    result = cli("package", "specs", "--no-pdf", cwd=repo)
    assert result.code == 0, result.err
    archive = next((repo / "output").glob("alla-arenden*/*.zip"))
    assert {info.date_time[0] for info in zipfile.ZipFile(archive).infolist()} == {2107}
