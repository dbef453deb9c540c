"""The built tjänsteskrivelser reproduce their seed memos fact for fact, as real Word documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from helpers.common import ROOT, SPEC_2021, SPEC_2024, SPEC_CARE_HOME, SPEC_LOV, normalise, variant

from tenderkit.build import build

FACTS = ROOT / "tests" / "facts"
NO_BREAK_HYPHEN = "\u2011"
LEFTOVERS = ("Klicka här", "ÅÅÅÅ", "Rubriken på tjänsteskrivelse", "{{", "{%", "TODO", "XXX")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    output = tmp_path_factory.mktemp("output")
    return {spec.stem: build(spec, output).directory for spec in (SPEC_2021, SPEC_2024, SPEC_CARE_HOME, SPEC_LOV)}


def docx_text(path: Path) -> str:
    """All text of a Word file as python-docx reads it: body, tables, header and footer."""
    document = docx.Document(path)
    pieces = [p.text for p in document.paragraphs]
    pieces += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        pieces += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return normalise("\n".join(pieces).replace(NO_BREAK_HYPHEN, "-"))  # Word shows it as a hyphen


def facts(spec_id: str) -> dict:
    data = yaml.safe_load((FACTS / f"{spec_id}.yaml").read_text(encoding="utf-8"))
    return {**data, "facts": [str(fact) for fact in data["facts"]], "absent": data.get("absent", [])}


@pytest.mark.parametrize("spec_id", ["anhorigstod-barn-2021", "anhorigstod-barn-unga-2024", SPEC_CARE_HOME.stem,
                                     SPEC_LOV.stem])
def test_every_fact_of_the_seed_is_in_markdown_and_docx(built, spec_id):
    markdown = normalise((built[spec_id] / "tjansteskrivelse.md").read_text(encoding="utf-8"))
    word = docx_text(built[spec_id] / "tjansteskrivelse.docx")
    expected = facts(spec_id)
    for fact in expected["facts"]:
        assert normalise(fact) in markdown, f"missing in Markdown: {fact}"
        assert normalise(fact) in word, f"missing in .docx: {fact}"
    for wrong in expected["absent"]:  # case-sensitive: a proper name re-cased is wrong
        assert normalise(wrong) not in markdown and normalise(wrong) not in word, f"in the memo: {wrong}"
    for leftover in LEFTOVERS:
        assert leftover not in markdown
        assert leftover not in word


def test_the_tender_documents_state_the_facts_of_their_spec(built):
    """Each lot's contract period where a lot starts another day: in the förfrågningsunderlag and the
    draft contract, and as the timetable's last rows."""
    spec_id = SPEC_CARE_HOME.stem
    expected = facts(spec_id)
    for document, sentences in expected["documents"].items():
        markdown = normalise((built[spec_id] / f"{document}.md").read_text(encoding="utf-8"))
        word = docx_text(built[spec_id] / f"{document}.docx")
        for fact in sentences:
            assert normalise(fact) in markdown, f"missing in {document}.md: {fact}"
            if not fact.startswith("|"):  # a Markdown table row; the .docx holds the same cells
                assert normalise(fact) in word, f"missing in {document}.docx: {fact}"
    tables = docx.Document(built[spec_id] / "forfragningsunderlag.docx").tables
    [timetable] = [t for t in tables if t.rows[0].cells[0].text == "Händelse"]
    rows = [[normalise(cell.text).replace(NO_BREAK_HYPHEN, "-") for cell in row.cells] for row in timetable.rows]
    assert rows[-len(expected["timetable"]):] == expected["timetable"]


def test_when_every_lot_starts_on_its_own_day_the_term_is_said_without_dates(repo):
    """No part starts on procurement.contract.start: its dates would be said of nothing."""
    spec = variant(repo, {"      components: [amalia]\n": "      components: [amalia]\n      start: 2026-05-04\n"},
                   base=SPEC_CARE_HOME)
    directory = build(spec, repo / "out").directory
    for document, verb, lot_verb in (("tjansteskrivelse", "föreslås gälla", "föreslås avtalet gälla"),
                                     ("forfragningsunderlag", "gäller", "gäller avtalet")):
        markdown = normalise((directory / f"{document}.md").read_text(encoding="utf-8"))
        assert (f"Avtalet {verb} i tre år för varje delområde. Kommunen kan förlänga avtalet en gång, med ett år. "
                f"För delområdet Amalia {lot_verb} från 2026-05-04 till och med 2029-05-03, och om det förlängs till "
                f"längst 2030-05-03. För delområdet Christiansro {lot_verb} från 2026-10-01 till och med 2029-09-30, "
                "och om det förlängs till längst 2030-09-30.") in markdown
        assert "2026-05-01" not in markdown


@pytest.mark.parametrize(("spec_id", "amounts"), [
    ("anhorigstod-barn-2021", ["Dagens avtal per år", "Förslag per år", "Förändring"]),
    ("familjeradgivning-lov-2026", ["Förslag per år"]),  # today's contract states no volumes
    ("anhorigstod-barn-unga-2024", ["Dagens avtal per år"]),  # no change proposed: today's volumes only
    (SPEC_CARE_HOME.stem, ["I dag", "Förslag", "Förändring"]),  # egen regi is not an avtal; places are not per år
])
def test_economics_table_has_exact_figures_and_a_header_row(built, spec_id, amounts):
    document = docx.Document(built[spec_id] / "tjansteskrivelse.docx")
    table = document.tables[0]
    rows = [[normalise(cell.text) for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Insats", "Enhet", *amounts]
    assert rows[1:] == facts(spec_id)["table"]
    first_row = table.rows[0]._tr
    assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.rows)


FACT_FILES = sorted(path.stem for path in FACTS.glob("*.yaml") if "documents" in yaml.safe_load(path.read_text("utf-8")))


@pytest.mark.parametrize("spec_id", FACT_FILES)
def test_every_fact_of_every_document_is_in_markdown_and_docx(built, spec_id):
    """A facts file's `documents` pin each document's figures and sentences, in both twins; its
    `absent` holds what none of the spec's documents may say."""
    data = yaml.safe_load((FACTS / f"{spec_id}.yaml").read_text(encoding="utf-8"))
    for name, document_facts in data["documents"].items():
        markdown = normalise((built[spec_id] / f"{name}.md").read_text(encoding="utf-8"))
        word = docx_text(built[spec_id] / f"{name}.docx")
        for fact in map(str, document_facts):
            assert normalise(fact) in markdown, f"missing in {name}.md: {fact}"
            if not fact.startswith("|"):  # a Markdown table row; the .docx holds the same cells
                assert normalise(fact) in word, f"missing in {name}.docx: {fact}"
    for path in built[spec_id].glob("*.md"):
        text = path.read_text(encoding="utf-8")
        for word in map(str, data.get("absent", ())):
            assert word not in text, f"{path.name} says {word!r}"  # case-sensitive, as above


def test_a_memo_on_the_procurement_form_states_the_content_as_it_is(built):
    """"Enligt förslaget omfattar …" only where the proposal changes what the service holds (2021
    adds parental support); the 2024 memo proposes a procurement form, not a new content."""
    markdown_2021 = (built["anhorigstod-barn-2021"] / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert ("Enligt förslaget omfattar anhörigstöd gruppverksamhet, enskild behandling och föräldrastärkande "
            "insatser. Målgruppen") in markdown_2021
    markdown_2024 = (built["anhorigstod-barn-unga-2024"] / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert "\nAnhörigstöd omfattar gruppverksamhet och enskilda samtal. Målgruppen är barn och unga" in markdown_2024
    assert "Enligt förslaget" not in markdown_2024


ONE_COMPONENT = {  # the 2024 spec with one component, named as the service
    "      name: gruppverksamhet\n": "      name: anhörigstöd\n",
    "    - id: individual\n      name: enskilda samtal\n      per_year: 2840\n": "",
    "      - component: individual\n        per_year: 2840\n        max_volume: 20000\n": "",
}


def test_a_service_of_one_component_named_as_itself_is_not_said_to_hold_itself(repo):
    markdown = (build(variant(repo, ONE_COMPONENT, base=SPEC_2024), repo / "out").directory
                / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert "omfattar anhörigstöd" not in markdown.lower()
    assert "\nMålgruppen är barn och unga 4–20 år som befinner sig" in markdown
    assert "| Anhörigstöd | timmar | 510 |\n" in markdown  # no total row for a single component


def test_without_todays_volumes_the_table_shows_the_proposal_only(repo):
    """A current contract that states no volumes: no column of dashes for today, no changes."""
    spec = variant(repo, {"    volumes:\n      - component: group\n        per_year: 510\n        max_volume: 4000\n"
                          "      - component: individual\n        per_year: 2840\n        max_volume: 20000\n": ""},
                   base=SPEC_2024)
    directory = build(spec, repo / "out").directory
    table = docx.Document(directory / "tjansteskrivelse.docx").tables[0]
    assert [[normalise(cell.text) for cell in row.cells] for row in table.rows] == [
        ["Insats", "Enhet", "Förslag per år"], ["Gruppverksamhet", "timmar", "510"],
        ["Enskilda samtal", "timmar", "2 840"], ["Totalt", "timmar", "3 350"]]
    markdown = (directory / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert "Enligt förslaget omfattar anhörigstöd gruppverksamhet och enskilda samtal." in markdown


def test_dates_do_not_break_at_their_hyphens_and_read_as_dates(built):
    """Word and LibreOffice break a line after a hyphen ("2025-" / "02-12"); a date is written
    with no-break hyphens, and the Markdown twin reads it as the date it is."""
    path = built["anhorigstod-barn-2021"] / "tjansteskrivelse.docx"
    with zipfile.ZipFile(path) as archive:
        body, header = archive.read("word/document.xml").decode(), archive.read("word/header1.xml").decode()
    assert "Tjänsteskrivelse – Anhörigstöd barn, ställningstagande till upphandlingsform, 2021‑02‑03" in body
    assert "genomfördes 2021‑02‑01." in body and "2021‑02‑03" in header
    assert "2021-02-0" not in body + header
    markdown = (built["anhorigstod-barn-2021"] / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert "upphandlingsform, 2021-02-03\n" in markdown and NO_BREAK_HYPHEN not in markdown


def test_headings_lists_and_language_are_real_word_structure(built):
    path = built["anhorigstod-barn-2021"] / "tjansteskrivelse.docx"
    document = docx.Document(path)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Förslag till social- och omsorgsnämndens beslut", "Ärende", "Beslutsunderlag", "Bakgrund",
        "Ekonomiska konsekvenser", "Kommunala mål",
        "Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet",
        "Beslutet skickas till"]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Anhörigstöd barn, ställningstagande till upphandlingsform"]
    decisions = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(decisions) == 2
    numbering = document.styles["List Number"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    assert numbering is not None
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert '<w:lang w:val="sv-SE"' in styles


def test_sections_without_data_are_left_out(built):
    markdown = (built["anhorigstod-barn-unga-2024"] / "tjansteskrivelse.md").read_text(encoding="utf-8")
    # 2024 has no Dnr, no handläggare, no signature, no attachments beyond the memo itself
    assert "Dnr" not in markdown
    assert "Sammanfattning" not in markdown and "Barnperspektiv" not in markdown
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert "## Bakgrund" in headings and "## Beslutet skickas till" in headings


def test_header_has_page_x_of_y_fields_that_the_markdown_leaves_out(built):
    """Page numbers mean nothing in a text without pages: the Markdown twin's header has no
    "Sida x (y)" line, and the rest of the header stays."""
    document = docx.Document(built["anhorigstod-barn-2021"] / "tjansteskrivelse.docx")
    header = document.sections[0].header._element
    instructions = [f.get(qn("w:instr")).strip() for f in header.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    markdown = (built["anhorigstod-barn-2021"] / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert "Sida" not in markdown
    assert markdown.startswith("<!-- sidhuvud -->\nSocial- och omsorgsförvaltningen · TJÄNSTESKRIVELSE  \n"
                               "Maritha Lindblad-Johansson, Carin Gustafsson · 2021-02-03  \nDnr SON 2020-247\n\n")


def test_core_properties_come_from_the_spec(built):
    properties = docx.Document(built["anhorigstod-barn-2021"] / "tjansteskrivelse.docx").core_properties
    assert properties.title == "Anhörigstöd barn, ställningstagande till upphandlingsform"
    assert properties.subject == "Anhörigstöd barn"
    assert properties.author == "Maritha Lindblad-Johansson, Carin Gustafsson"
    assert properties.language == "sv-SE"
    assert properties.identifier == "SON 2020-247"
    # LibreOffice splits keywords at spaces: a keyword of several words holds with no-break spaces
    assert properties.keywords == "Tjänsteskrivelse; Anhörigstöd\u00a0barn; upphandling"
    assert properties.created.isoformat() == "2021-02-03T00:00:00+00:00"
    assert properties.modified == properties.created


def test_municipal_goals_is_a_real_hyperlink(built):
    path = built["anhorigstod-barn-unga-2024"] / "tjansteskrivelse.docx"
    document = docx.Document(path)
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    assert [(link.text, link.url) for link in links] == [(
        "Kommunfullmäktiges övergripande mål",
        "https://www.linkoping.se/contentassets/d5d24b7b7d8c4d99957bb7b41507cbb4/kommunovergripande-mal.pdf?48deb4")]


def test_markdown_shows_the_document_in_reading_order(built):
    markdown = (built["anhorigstod-barn-2021"] / "tjansteskrivelse.md").read_text(encoding="utf-8")
    assert markdown.startswith("<!-- sidhuvud -->\nSocial- och omsorgsförvaltningen · TJÄNSTESKRIVELSE  \n")
    assert "\n# Anhörigstöd barn, ställningstagande till upphandlingsform\n" in markdown
    assert ("1. Anhörigstöd ska erbjudas barn och ungdomar 4–20 år, och verksamheten ska upphandlas i konkurrens "
            "enligt lagen (2016:1145) om offentlig upphandling.\n2. Uppdrag ges till") in markdown
    assert "| Föräldrastärkande insatser | timmar | – | 2\u00a0600 | +2\u00a0600 |" in markdown
    assert "[Kommunfullmäktiges övergripande mål](https://www.linkoping.se/" in markdown
    assert markdown.endswith("<!-- sidfot -->\nLinköpings kommun\n")


def test_docx_package_is_sound_and_ordered(built):
    data = (built["anhorigstod-barn-2021"] / "tjansteskrivelse.docx").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert {info.date_time for info in archive.infolist()} == {(2021, 2, 3, 0, 0, 0)}
    assert archive.testzip() is None
