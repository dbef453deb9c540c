"""The notice's readable twin: the notice XML as the Swedish text TED shows (the SDK's labels, Swedish
values), read from the XML; `notice -o` writes it beside the XML, `notice --text` prints it, and two
versions of a spec give twins whose diff is exactly what changed in the notice. An award notice's twin
names each lot's winner, the tender's value and the contract, found through the notice's references."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from helpers.common import SPEC_TENDER, variant
from helpers.tenders import EXAMPLES as TENDERS

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
        "- Ytterligare information om förlängningar: Avtalet kan förlängas två gånger, med ett år i taget, till "
        "längst 2029-09-30."]
    assert section(twin, "#### 5.1.5 Värde", 1) == [f"- Beräknat värde exklusive moms: 5{NBSP}880{NBSP}000 SEK",
                                                    f"- Högsta värde för ramavtalet: 5{NBSP}880{NBSP}000 SEK"]
    criteria = section(twin, "#### 5.1.10 Tilldelningskriterier", 1)
    assert criteria[0].startswith("- Beskrivning av den metod som ska användas om viktning inte kan uttryckas med "
                                  "kriterierna: För varje kvalitetskriterium ger den nivå som anbudet når ett prisavdrag")
    assert criteria[1:3] == ["- Kriterium:", "  - Typ: Pris"]
    assert criteria[4:7] == ["- Kriterium:", "  - Typ: Kvalitet", "  - Namn: Brukarens delaktighet"]
    assert section(twin, "#### 5.1.11 Upphandlingsdokument", 1)[0] == (
        "- Språk som upphandlingsdokumenten är officiellt tillgängliga på: svenska")
    assert section(twin, "#### 5.1.12 Upphandlingsvillkor", 1) == [
        "- Elektronisk inlämning: Krävs",
        "- Adress för inlämning: https://www.exempelstad.se/upphandling/UH-2025-014",
        "- Kontraktet måste genomföras inom ramen för program för skyddad anställning: Nej",
        "- De språk som kan användas i anbuden eller anbudsansökningarna: svenska",
        "- Tidsfrist för mottagande av anbud: 2025-05-06 23:59",
        "- Varaktighet under vilken anbudet måste förbli giltigt: 147 dagar",
        "- Elektronisk fakturering: Krävs",
        "- Elektronisk beställning kommer att användas: nej",
        "- Elektronisk betalning kommer att användas: ja"]
    assert section(twin, "#### 5.1.15 Metoder", 1) == [
        "- Det gäller ett ramavtal: Ramavtal utan förnyad konkurrensutsättning",
        "- Det gäller ett dynamiskt inköpssystem: Upphandlingen avser inte ett dynamiskt inköpssystem",
        "- En elektronisk auktion används: nej"]
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


def changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_two_versions_of_a_spec_give_twins_that_differ_in_the_changed_values_only(cli, repo):
    changed = variant(repo, {"unit_price: 1600": "unit_price: 1700",
                             "questions_deadline: 2025-04-22": "questions_deadline: 2025-04-23"},
                      base=SPEC_TENDER, name="changed.yaml")
    old, new = cli("notice", SPEC_TENDER, "--text"), cli("notice", changed, "--text")
    assert old.code == new.code == 0
    assert changed_lines(old.out, new.out) == [
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


@pytest.fixture(scope="module")
def award(tmp_path_factory) -> list[str]:
    from tenderkit.cli import main

    out = tmp_path_factory.mktemp("award") / "award.xml"
    assert main(["notice", str(SPEC_TENDER), "--award", str(TENDERS), "-o", str(out)]) == 0
    return out.with_suffix(".md").read_text(encoding="utf-8").splitlines()


def test_an_award_notice_names_each_lots_winner_the_tenders_value_and_the_contract(award):
    results = award[award.index("## 6 Resultat"):award.index("## 8 Organisationer")]
    assert [line for line in results if line.startswith("#")] == [
        "## 6 Resultat",
        "### 6.1 Resultat – delkontraktets id: LOT-0001", "#### 6.1.2 Information om vinnarna",
        "#### 6.1.4 Statistisk information",
        "### 6.1 Resultat – delkontraktets id: LOT-0002", "#### 6.1.2 Information om vinnarna",
        "#### 6.1.4 Statistisk information"]
    # a framework agreement: its ceiling and its value at the estimated volumes, in all and per lot
    assert section(award, "## 6 Resultat") == [
        f"- Högsta värdet på ramavtalen i det här meddelandet: 34{NBSP}880{NBSP}000 SEK",
        f"- Ungefärligt värde på ramavtalen: 27{NBSP}196{NBSP}800 SEK"]
    assert section(award, "### 6.1 Resultat – delkontraktets id: LOT-0001") == [
        "- Status på val av vinnare: Minst en vinnare har valts ut.",
        "- Ramavtal:",
        f"  - Högsta värde på ramavtalet: 29{NBSP}000{NBSP}000 SEK",
        f"  - Nytt beräknat värde på ramavtalet: 24{NBSP}352{NBSP}800 SEK"]
    assert section(award, "#### 6.1.2 Information om vinnarna", 0) == [
        "- Vinnare:",
        "  - Officiellt namn: Omsorg Norr AB",
        "  - Storlek på den ekonomiska aktören: Litet företag",
        "  - Registreringsnummer: 556677-8899",
        "  - Postadress: Norra Allén 12",
        "  - Ort: Exempelstad",
        "  - Postnummer: 123 51",
        "- Anbud:",
        f"  - Värde på upphandlingen: 24{NBSP}352{NBSP}800 SEK",
        "  - Information om kontraktet:",
        "    - Identifierare för kontraktet: UH 2025-014-boende",
        "    - Datum då vinnaren utsågs: 2025-06-10",
        "    - Datum för ingående av kontraktet: 2025-06-25"]
    assert section(award, "#### 6.1.2 Information om vinnarna", 1) == [
        "- Vinnare:",
        "  - Officiellt namn: Trygga Steg AB",
        "  - Storlek på den ekonomiska aktören: Mikroföretag",
        "  - Registreringsnummer: 559012-3456",
        "  - Postadress: Grannbyvägen 4",
        "  - Ort: Grannby",
        "  - Postnummer: 155 30",
        "- Anbud:",
        f"  - Värde på upphandlingen: 2{NBSP}844{NBSP}000 SEK",
        "  - Information om kontraktet:",
        "    - Identifierare för kontraktet: UH 2025-014-stod",
        "    - Datum då vinnaren utsågs: 2025-06-10",
        "    - Datum för ingående av kontraktet: 2025-06-25"]
    assert section(award, "#### 6.1.4 Statistisk information", 1)[:3] == [
        "- Inkomna anbud eller intresseanmälningar:", "  - Typ av inlämningar: Anbud",
        "  - Antal anbud, anbudsansökningar och intresseanmälningar som inkommit: 3"]
    assert section(award, "### 8.1 ORG-0004")[:2] == ["- Officiellt namn: Trygga Steg AB",
                                                      "- Storlek på den ekonomiska aktören: Mikroföretag"]


def test_the_twin_of_a_notice_tenderkit_did_not_write_an_award_notice_of_the_sdk():
    lines = notice_text((EXAMPLES / "can-social_24.xml").read_bytes()).splitlines()
    assert lines[0].startswith("# ")
    assert f"- Värdet av alla de kontrakt som tilldelas i det här förfarandet: 123{NBSP}456,78 EUR" in lines
    # LOT-0001 closed without a winner: the status and the reason, and no winner though it lists a tender
    assert section(lines, "### 6.1 Resultat – delkontraktets id: LOT-0001") == [
        "- Status på val av vinnare: Ingen vinnare har valts ut och upphandlingen, anbudsområdet eller tävlingen "
        "har avslutats eller avbrutits.",
        "- Skälet till att en vinnare inte utsågs: Alla anbud, anbudsansökningar eller projekt avslogs eller "
        "befanns ogiltiga"]
    assert section(lines, "### 6.1 Resultat – delkontraktets id: LOT-0002") == [
        "- Status på val av vinnare: Minst en vinnare har valts ut."]
    # TEN-0002 → TPA-0001 → ORG-0002; the example's one contract is settled on TEN-0001 (LOT-0001's), so
    # TED's walk (the contracts whose tender is this one) finds none for LOT-0002's tender
    assert section(lines, "#### 6.1.2 Information om vinnarna") == [
        "- Vinnare:",
        "  - Officiellt namn: Kapa",
        "  - Storlek på den ekonomiska aktören: Stort företag",
        "  - Registreringsnummer: kap",
        "  - Ort: Luxembourg",
        "  - Postnummer: 2143",
        "- Anbud:",
        f"  - Värde på upphandlingen: 100{NBSP}000 EUR"]
    assert lines.count("#### 6.1.2 Information om vinnarna") == 1
    assert section(lines, "#### 6.1.4 Statistisk information", 1)[:2] == [
        "- Inkomna anbud eller intresseanmälningar:", "  - Typ av inlämningar: Anbud"]
    assert section(lines, "### 6.1 Resultat – delkontraktets id: LOT-0003") == [
        "- Status på val av vinnare: Vinnaren har ännu inte valts ut, men upphandlingen eller tävlingen pågår "
        "fortfarande."]


def edited_tenders(tmp_path: Path, names: tuple[str, ...], old: str, new: str) -> Path:
    """A copy of the bundled tenders with one change in each of the named tenders."""
    tenders = shutil.copytree(TENDERS, tmp_path / "anbud")
    for name in names:
        text = (tenders / f"{name}.yaml").read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        (tenders / f"{name}.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return tenders


def test_two_award_notices_where_one_price_changed_differ_in_the_values_only(cli, tmp_path):
    tenders = edited_tenders(tmp_path, ("trygga-steg",), "stodsamtal: 480\n", "stodsamtal: 490\n")
    old, new = cli("notice", SPEC_TENDER, "--award", TENDERS, "--text"), cli("notice", SPEC_TENDER, "--award",
                                                                             tenders, "--text")
    assert old.code == new.code == 0
    assert changed_lines(old.out, new.out) == [
        f"-- Ungefärligt värde på ramavtalen: 27{NBSP}196{NBSP}800 SEK",
        f"+- Ungefärligt värde på ramavtalen: 27{NBSP}244{NBSP}800 SEK",
        f"-  - Nytt beräknat värde på ramavtalet: 2{NBSP}844{NBSP}000 SEK",
        f"+  - Nytt beräknat värde på ramavtalet: 2{NBSP}892{NBSP}000 SEK",
        f"-  - Värde på upphandlingen: 2{NBSP}844{NBSP}000 SEK",
        f"+  - Värde på upphandlingen: 2{NBSP}892{NBSP}000 SEK"]


def test_a_lot_whose_tenders_are_all_rejected_says_no_winner_was_chosen_and_why(cli, tmp_path):
    tenders = edited_tenders(tmp_path, ("omsorg-norr", "vagen-vidare"), "  - id: TJ-LOKALER\n    fulfilled: true\n",
                             "  - id: TJ-LOKALER\n    fulfilled: false\n    note: För långt.\n")
    result = cli("notice", SPEC_TENDER, "--award", tenders, "--text")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert section(lines, "### 6.1 Resultat – delkontraktets id: LOT-0001") == [
        "- Status på val av vinnare: Ingen vinnare har valts ut och upphandlingen, anbudsområdet eller tävlingen "
        "har avslutats eller avbrutits.",
        "- Skälet till att en vinnare inte utsågs: Alla anbud, anbudsansökningar eller projekt avslogs eller "
        "befanns ogiltiga"]
    assert lines.count("#### 6.1.2 Information om vinnarna") == 1
    assert section(lines, "#### 6.1.2 Information om vinnarna")[1] == "  - Officiellt namn: Trygga Steg AB"


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
