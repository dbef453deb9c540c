"""The annexes of the tender package as the bundled tender spec builds them: what each says, the
form fields a program reads back (content controls with a tag each), Word's rules, LibreOffice."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from helpers.common import PDFTOTEXT, SOFFICE, SPEC_TENDER, normalise, require
from lxml import etree
from openxml_audit import OpenXmlValidator

from tenderkit.build import build, check_spec
from tenderkit.render.text import document_blocks, plain_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
ANNEXES = ("anbudsformular", "sanningsforsakran", "referensformular", "avtalsutkast", "pub-avtal")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    directory = build(SPEC_TENDER, tmp_path_factory.mktemp("annexes")).directory
    return {path.stem: path for path in directory.glob("*.docx")}


def body(path: Path):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def controls(path: Path) -> list[tuple[str, str]]:
    """(tag, kind) of every content control, in document order."""
    found = []
    for sdt in body(path).iter(f"{W}sdt"):
        properties = sdt.find(f"{W}sdtPr")
        tag = properties.find(f"{W}tag")
        if tag is None:
            continue  # only the table of contents has none, and annexes have no table of contents
        kind = ("tick" if properties.find(f"{W14}checkbox") is not None
                else "choice" if properties.find(f"{W}dropDownList") is not None else "text")
        found.append((tag.get(f"{W}val"), kind))
    return found


def blocks(path: Path):
    return document_blocks(Document(io.BytesIO(path.read_bytes())))


def text(path: Path) -> str:
    return normalise(plain_text(blocks(path)))


def listed(path: Path, kind: str) -> list[str]:
    """The items of the numbered (kind "number") or bulleted ("bullet") lists, in order."""
    return [block.text for block in blocks(path) if block.kind == kind]


def test_the_package_numbers_its_annexes_and_each_header_says_its_number(built):
    assert set(ANNEXES) <= set(built)
    numbers = {name: text(built[name]).split("Bilaga ", 1)[1].split()[0] for name in ANNEXES}
    # the price workbook is annex 2 (it has no Word header)
    assert numbers == {"anbudsformular": "1", "sanningsforsakran": "3", "referensformular": "4", "avtalsutkast": "5",
                       "pub-avtal": "6"}
    for name in ANNEXES:
        assert "UH 2025-014" in text(built[name])


def test_the_tender_form_lists_every_requirement_in_the_documents_order(built):
    requirements = check_spec(SPEC_TENDER).requirements
    expected = [r.id for kind in ("qualification", "service", "contract") for r in requirements if r.kind.value == kind]
    assert len(expected) == 27
    tables = [block for block in blocks(built["anbudsformular"]) if block.kind == "table" and block.rows[0][0] == "Krav"]
    assert [row[0].split()[0] for table in tables for row in table.rows[1:]] == expected


def test_the_tender_form_fields_and_their_tags(built):
    fields = controls(built["anbudsformular"])
    tags = [tag for tag, _ in fields]
    assert len(tags) == len(set(tags))
    assert fields[:9] == [(f"anbudsgivare.{name}", "text") for name in (
        "namn", "organisationsnummer", "adress", "kontaktperson", "telefon", "epost", "firmatecknare")] + [
        ("delomrade.boende", "tick"), ("delomrade.stod", "tick")]
    requirements = check_spec(SPEC_TENDER).requirements
    mandatory = [r.id for kind in ("qualification", "service", "contract") for r in requirements
                 if r.kind.value == kind and r.mandatory]
    assert [tag for tag, kind in fields if kind == "choice"] == [f"krav.{id}.svar" for id in mandatory]
    # a description where the requirement asks for one and no other annex answers it; an answer to each bör-krav
    assert [tag for tag, kind in fields[9:] if kind == "text"] == [
        "krav.KVAL-REG.beskrivning", "krav.KVAL-EKONOMI.beskrivning", "krav.KVAL-TILLSTAND.beskrivning",
        "krav.TJ-PERSONAL-KOMPETENS.beskrivning", "krav.TJ-KVALITET.beskrivning", "krav.EX-TJ-JOUR.beskrivning",
        "krav.TJ-DELAKTIGHET.beskrivning", "krav.TJ-METOD-EVIDENS.beskrivning",
        "underskrift.anbudsgivare.ort-datum", "underskrift.anbudsgivare.namnfortydligande"]
    form = text(built["anbudsformular"])
    assert "Lämnas i bilaga 3, sanningsförsäkran." in form and "Lämnas i bilaga 4, referensformulär." in form
    # the annex answers the requirement; its verification, which names that annex, is in the förfrågningsunderlag
    assert "intygar detta i sanningsförsäkran" not in form and "Beskriv uppdragen i referensformuläret" not in form
    assert "TJ-LOKALER Lokaler (gäller delområde 1)" in form
    assert ("lämnar det med anbudet senast 2025-05-06 kl. 23.59. Kraven har samma id och ordning som i "
            "förfrågningsunderlaget, där deras fullständiga text står. Ett ska-krav som besvaras med Nej innebär att "
            "anbudet inte uppfyller kraven och inte prövas vidare.") in form
    assert ("Anbudsgivaren försäkrar att uppgifterna i anbudet är riktiga och är bunden av anbudet till och med "
            "2025-09-30.") in form
    assert "TJ-DELAKTIGHET Brukarens delaktighet Bör-krav Utvärderas under kriteriet Brukarens delaktighet." in form
    assert "☐ Delområde 1: Boende" in form and "☐ Delområde 2: Stöd och utslussning" in form
    assert "bunden av anbudet till och med 2025-09-30" in form


def test_the_declaration_names_the_grounds_for_exclusion_and_the_requirements_it_answers(built):
    declaration = text(built["sanningsforsakran"])
    assert "Formuläret besvarar kraven KVAL-UTESL och KVAL-SANNING i förfrågningsunderlaget." in declaration
    for paragraph in ("13 kap. 1 §", "13 kap. 2 §", "13 kap. 3 §"):
        assert paragraph in declaration
    assert "på heder och samvete" in declaration
    assert [tag for tag, _ in controls(built["sanningsforsakran"])] == [
        "anbudsgivare.namn", "anbudsgivare.organisationsnummer", "underskrift.anbudsgivare.ort-datum",
        "underskrift.anbudsgivare.namnfortydligande"]


def test_the_reference_form_has_three_references_for_the_requirement_that_asks(built):
    references = text(built["referensformular"])
    assert "Formuläret besvarar kravet KVAL-ERFARENHET i förfrågningsunderlaget." in references
    assert "minst två uppdrag" in references
    # said once, in the opening; the requirement's verification (which points at this form) is not repeated
    assert references.count("kan kontakta referenserna") == 1
    assert "Beskriv uppdragen i referensformuläret" not in references
    tags = [tag for tag, _ in controls(built["referensformular"])]
    assert tags == ["anbudsgivare.namn"] + [f"referens.{n}.{field}" for n in (1, 2, 3) for field in (
        "uppdrag", "bestallare", "period", "omfattning", "kontaktperson", "telefon", "epost")]


def test_the_draft_contract_states_the_terms_with_the_specs_figures(built):
    contract = text(built["avtalsutkast"])
    for expected in [
        "Exempelstads kommun, organisationsnummer 212000-0019 (kommunen)",
        "Avtalet gäller från 2025-10-01 och löper i två år, till och med 2027-09-30. Kommunen kan förlänga "
        "avtalet två gånger, med ett år i taget, till längst 2029-09-30.",
        # the max volumes name their lot: the contract covers the lots ticked, not the whole service
        "Boendeplats med stöd (delområde 1) dygn 20 000", "Stödsamtal (delområde 2) timmar 5 600",
        "Utslussningsstöd (delområde 2) tillfällen 700",
        "Kommunen beställer insatser efter behov, för hela avtalsperioden sammanlagt högst maxvolymen nedan, för de "
        "delområden avtalet gäller.",
        "Avtalet gäller de delområden som är markerade nedan, med de insatser som hör till dem.",
        "Omsorgsprisindex (OPI), första gången från indexvärdet för september 2025 och därefter sedan föregående "
        "justering, med ett år mellan justeringarna.",
        "(bilaga 2 till förfrågningsunderlaget)", "Omsorgsprisindex (OPI)", "fasta till och med 2026-09-30",
        "Betalning sker 30 dagar efter", "Vite om 10 000 kronor per tillfälle", "minst 10 miljoner kronor",
        "personuppgiftsbiträdesavtalet (bilaga 6 till förfrågningsunderlaget)",
    ]:
        assert expected in contract, expected
    assert listed(built["avtalsutkast"], "number")[-5:] == [
        "skriftliga ändringar och tillägg till avtalet", "detta avtal", "personuppgiftsbiträdesavtalet",
        "förfrågningsunderlaget UH 2025-014 med bilagor", "leverantörens anbud."]
    assert "Uppdraget omfattar" not in contract  # the lots ticked say what the contract covers
    assert contract.count("skriftliga ändringar och tillägg") == 1  # one order of the documents
    assert contract.count("maxvolym") == 1  # one home for the volumes rule
    for requirement in check_spec(SPEC_TENDER).requirements:
        assert (f"({requirement.id})" in contract) == (requirement.kind.value == "contract"), requirement.id
    assert [tag for tag, _ in controls(built["avtalsutkast"])] == [
        "leverantor.namn", "leverantor.organisationsnummer", "leverantor.adress", "leverantor.kontaktperson",
        "delomrade.boende", "delomrade.stod", "underskrift.kommunen.ort-datum", "underskrift.kommunen.namnfortydligande",
        "underskrift.leverantor.ort-datum", "underskrift.leverantor.namnfortydligande"]


def test_the_data_processing_agreement_prints_what_the_spec_states(built):
    agreement = text(built["pub-avtal"])
    assert listed(built["pub-avtal"], "bullet") == [
        "namn, personnummer och kontaktuppgifter",
        "uppgifter om beviljade insatser, genomförandeplaner och dokumentation av insatserna",
        "de unga vuxna som får insatserna", "deras anhöriga och andra kontaktpersoner", "uppgifter om hälsa"]
    for expected in [
        "Kategorier av personuppgifter som behandlas: namn,", "Kategorier av registrerade: de unga",
        "(artikel 9 i dataskyddsförordningen) som behandlas: uppgifter om hälsa",
        "Behandlingens art och ändamål Leverantören behandlar uppgifterna för att utföra insatserna enligt avtalet: "
        "planera, genomföra, dokumentera och följa upp stödet till den enskilde och rapportera till kommunen.",
        "Behandlingen pågår så länge avtalet gäller. Avtalet gäller från 2025-10-01",
        "(bilaga 5 till förfrågningsunderlaget)", "artikel 28.3",
    ]:
        assert expected in agreement, expected
    for letter in "abcdefgh":
        assert f" {letter}) " in agreement, letter


def test_every_annex_passes_the_open_xml_sdk_rules(built):
    validator = OpenXmlValidator()
    findings = {name: [f"{error.part_uri}: {error.description}" for error in validator.validate(built[name]).errors]
                for name in ANNEXES}
    assert findings == {name: [] for name in ANNEXES}


@pytest.mark.libreoffice
def test_libreoffice_converts_every_annex_and_shows_its_fields(built, tmp_path):
    require("soffice", "pdftotext")
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(built[name]) for name in ANNEXES)], capture_output=True, text=True,
        timeout=180)
    assert completed.returncode == 0, completed.stderr
    shown = {name: normalise(subprocess.run([PDFTOTEXT, "-layout", str(tmp_path / f"{name}.pdf"), "-"],
                                            capture_output=True, text=True, check=True).stdout) for name in ANNEXES}
    assert "Bilaga 1" in shown["anbudsformular"] and "Sida 1 (" in shown["anbudsformular"]
    assert "☐ Delområde 1: Boende" in shown["anbudsformular"]
    assert shown["anbudsformular"].count("Ja / Nej") == 25  # the drop-down of every ska-krav
    assert "Namnförtydligande" in shown["sanningsforsakran"]
    assert "Referens 3" in shown["referensformular"]
    assert "Avtalshandlingar och deras ordning" in shown["avtalsutkast"]
    assert "uppgifter om hälsa" in shown["pub-avtal"]
