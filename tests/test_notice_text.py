"""The notice's readable twin: the notice XML as the Swedish text TED shows (the SDK's labels, Swedish
values), read from the XML; `notice -o` writes it beside the XML, `notice --text` prints it, and two
versions of a spec give twins whose diff is exactly what changed in the notice."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from helpers.common import SPEC_TENDER, variant

from tenderkit.notice.text import notice_text

EXAMPLES = Path(__file__).resolve().parent / "eforms"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def twin(tmp_path_factory) -> list[str]:
    from tenderkit.cli import main

    out = tmp_path_factory.mktemp("twin") / "notice.xml"
    assert main(["notice", str(SPEC_TENDER), "-o", str(out)]) == 0
    return out.with_suffix(".md").read_text(encoding="utf-8").splitlines()


def section(lines: list[str], heading: str, occurrence: int = 0) -> list[str]:
    """The lines under a heading, up to the next heading."""
    starts = [index for index, line in enumerate(lines) if line == heading]
    start = starts[occurrence] + 1
    end = next((index for index in range(start, len(lines)) if lines[index].startswith("#")), len(lines))
    return [line for line in lines[start:end] if line]


def test_the_twin_is_headed_by_the_notice_type_and_numbered_as_ted_numbers_it(twin):
    assert twin[0] == "# Meddelande om upphandling – förenklat system"
    assert [line for line in twin if line.startswith("#")][:8] == [
        "# Meddelande om upphandling – förenklat system", "## 1 Upphandlare", "### 1.1 Upphandlare",
        "## 2 Förfarande", "### 2.1 Förfarande", "#### 2.1.1 Föremålet för upphandlingen",
        "#### 2.1.2 Leveransplats", "#### 2.1.3 Värde"]
    assert twin.count("### 5.1 Del: LOT-0001") == 1 and twin.count("### 5.1 Del: LOT-0002") == 1
    assert "### 8.1 ORG-0002" in twin and twin[-7] == "## Information om meddelandet"


def test_the_buyer_and_the_procedure_with_labels_and_swedish_values(twin):
    assert section(twin, "### 1.1 Upphandlare") == [
        "- Officiellt namn: Exempelstads kommun",
        "- Köparens rättsliga status: Lokal myndighet",
        "- Den upphandlande myndighetens verksamhet: Social trygghet"]
    assert section(twin, "#### 2.1.1 Föremålet för upphandlingen") == [
        "- Kontraktets art: Tjänster",
        "- Huvudklassificering: 85311000 Social omsorg med inkvartering",
        "- Ytterligare klassificering: 85312000 Socialvård utan inkvartering"]
    assert section(twin, "#### 2.1.3 Värde") == [f"- Beräknat värde exklusive moms: 34{NBSP}880{NBSP}000 SEK",
                                                 f"- Högsta värde för ramavtalet: 34{NBSP}880{NBSP}000 SEK"]
    assert "- Intern identifierare: UH 2025-014" in section(twin, "### 2.1 Förfarande")


def test_a_lot_with_its_period_renewal_value_criteria_and_deadlines(twin):
    lot = "### 5.1 Del: LOT-0002"
    assert section(twin, lot) == ["- Titel: Stöd och utslussning",
                                  "- Beskrivning: Delområdet omfattar stödsamtal och utslussningsstöd.",
                                  "- Intern identifierare: stod"]
    assert section(twin, "#### 5.1.3 Uppskattad löptid", 1) == ["- Startdatum: 2025-10-01",
                                                                "- Slutdatum för varaktighet: 2027-09-30"]
    assert section(twin, "#### 5.1.4 Förlängning", 1) == [
        "- Högst antal förlängningar: 2",
        "- Ytterligare information om förlängningar: Avtalet kan förlängas två gånger med tolv månader i taget, till "
        "längst 2029-09-30."]
    assert section(twin, "#### 5.1.5 Värde", 1) == [f"- Beräknat värde exklusive moms: 5{NBSP}880{NBSP}000 SEK",
                                                    f"- Högsta värde för ramavtalet: 5{NBSP}880{NBSP}000 SEK"]
    criteria = section(twin, "#### 5.1.10 Tilldelningskriterier", 1)
    assert criteria[:2] == ["- Kriterium:", "  - Typ: Pris"]
    assert criteria[3:6] == ["- Kriterium:", "  - Typ: Kvalitet", "  - Namn: Brukarens delaktighet"]
    assert section(twin, "#### 5.1.12 Upphandlingsvillkor", 1)[1:] == [
        "- De språk som kan användas i anbuden eller anbudsansökningarna: svenska",
        "- Tidsfrist för mottagande av anbud: 2025-05-06 23:59",
        "- Varaktighet under vilken anbudet måste förbli giltigt: 147 dagar"]
    assert section(twin, "#### 5.1.16 Kompletterande information, medling och prövning", 1) == [
        "- Prövningsorganisation: Förvaltningsrätten i Stockholm",
        "- Information om tidsfrist för prövning: En ansökan om överprövning av upphandlingen ska ha kommit in till "
        "förvaltningsrätten innan avtal har ingåtts. Avtal får ingås först när avtalsspärren har löpt ut: tio dagar "
        "räknat från dagen efter att underrättelsen om tilldelningsbeslutet skickats elektroniskt; slutar spärren på en "
        "lördag, söndag, helgdag, midsommarafton, julafton eller nyårsafton löper den ut nästa vardag (20 kap. 1 § "
        "LOU)."]


def test_the_organisations_and_the_notice_information(twin):
    assert section(twin, "### 8.1 ORG-0001")[:4] == [
        "- Officiellt namn: Exempelstads kommun", "- Registreringsnummer: 212000-0019",
        "- Postadress: Stadshuset, Storgatan 1", "- Ort: Exempelstad"]
    assert "- Del av land (NUTS): Stockholms län (SE110)" in section(twin, "### 8.1 ORG-0002")
    assert section(twin, "## Information om meddelandet")[3:] == [
        "- Avsändningsdatum för meddelandet: 2025-04-01 08:00",
        "- Språk som det här meddelandet finns officiellt tillgängligt på: svenska"]


def test_two_versions_of_a_spec_give_twins_that_differ_in_the_changed_values_only(cli, repo):
    changed = variant(repo, {"unit_price: 1600": "unit_price: 1700",
                             "questions_deadline: 2025-04-22": "questions_deadline: 2025-04-23"},
                      base=SPEC_TENDER, name="changed.yaml")
    old, new = cli("notice", SPEC_TENDER, "--text"), cli("notice", changed, "--text")
    assert old.code == new.code == 0
    diff = [line for line in difflib.unified_diff(old.out.splitlines(), new.out.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == [
        f"-- Beräknat värde exklusive moms: 34{NBSP}880{NBSP}000 SEK",
        f"-- Högsta värde för ramavtalet: 34{NBSP}880{NBSP}000 SEK",
        f"+- Beräknat värde exklusive moms: 34{NBSP}950{NBSP}000 SEK",
        f"+- Högsta värde för ramavtalet: 34{NBSP}950{NBSP}000 SEK",
        "-- Sista dag för att begära kompletterande information: 2025-04-22 23:59",
        "+- Sista dag för att begära kompletterande information: 2025-04-23 23:59",
        f"-- Beräknat värde exklusive moms: 5{NBSP}880{NBSP}000 SEK",
        f"-- Högsta värde för ramavtalet: 5{NBSP}880{NBSP}000 SEK",
        f"+- Beräknat värde exklusive moms: 5{NBSP}950{NBSP}000 SEK",
        f"+- Högsta värde för ramavtalet: 5{NBSP}950{NBSP}000 SEK",
        "-- Sista dag för att begära kompletterande information: 2025-04-22 23:59",
        "+- Sista dag för att begära kompletterande information: 2025-04-23 23:59"]


def test_text_prints_the_twin_and_o_writes_both_files_or_neither(cli, tmp_path):
    printed = cli("notice", SPEC_TENDER, "--text")
    assert printed.code == 0 and printed.out.startswith("# Meddelande om upphandling")
    written = cli("notice", SPEC_TENDER, "-o", tmp_path / "n.xml")
    assert written.code == 0 and written.out.splitlines() == [str(tmp_path / "n.xml"), str(tmp_path / "n.md")]
    assert (tmp_path / "n.md").read_text(encoding="utf-8") == printed.out
    assert notice_text((tmp_path / "n.xml").read_bytes()) == printed.out  # read from the XML
    missing = cli("notice", SPEC_TENDER, "-o", tmp_path / "nowhere" / "n.xml")
    assert missing.code == 1 and "cannot write" in missing.err and not (tmp_path / "nowhere").exists()
    both = cli("notice", SPEC_TENDER, "-o", tmp_path / "m.xml", "--text")
    assert both.code == 2 and "--text" in both.err and not (tmp_path / "m.xml").exists()


def test_the_twin_of_a_notice_tenderkit_did_not_write_an_award_notice_of_the_sdk():
    lines = notice_text((EXAMPLES / "can-social_24.xml").read_bytes()).splitlines()
    assert lines[0].startswith("# ")
    assert f"- Värdet av alla de kontrakt som tilldelas i det här förfarandet: 123{NBSP}456,78 EUR" in lines
    result = section(lines, "### 6.1 Resultat – delkontraktets id: LOT-0002")
    assert result[:3] == ["- Status på val av vinnare: Minst en vinnare har valts ut.",
                          "- Inkomna anbud eller intresseanmälningar:", "  - Typ av inlämningar: Anbud"]


def test_the_swedish_messages_of_the_notice_command(cli, tmp_path):
    both = cli("notice", SPEC_TENDER, "--lang", "sv", "-o", tmp_path / "m.xml", "--text")
    assert both.err.splitlines() == [
        "tenderkit: --text skriver ut meddelandets text; med -o FIL skrivs texten ändå bredvid FIL",
        "  tips: ta bort --text eller -o"]


def test_textconv_shows_a_notice_as_its_twin_for_git_diff(cli, tmp_path):
    assert cli("notice", SPEC_TENDER, "-o", tmp_path / "n.xml").code == 0
    shown = cli("textconv", tmp_path / "n.xml")
    assert shown.code == 0 and shown.out == (tmp_path / "n.md").read_text(encoding="utf-8")
    (tmp_path / "other.xml").write_text("<a/>", encoding="utf-8")
    assert cli("textconv", tmp_path / "other.xml").code == 1
