"""The förfrågningsunderlag as built: every requirement id, component, volume and weight in it; a
table of contents already filled in; lists that restart; and the memo agreeing with it."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from helpers.common import ROOT, SPEC_TENDER, normalise, variant
from helpers.tenders import WEIGHTS, lowest_price_replacements
from test_documents import docx_text

from tenderkit.build import build, check_spec


@pytest.fixture(scope="module")
def tender(tmp_path_factory):
    directory = build(SPEC_TENDER, tmp_path_factory.mktemp("output")).directory
    return {
        "md": normalise((directory / "forfragningsunderlag.md").read_text(encoding="utf-8")),
        "docx": docx_text(directory / "forfragningsunderlag.docx"),
        "memo": normalise((directory / "tjansteskrivelse.md").read_text(encoding="utf-8")),
        "raw": (directory / "forfragningsunderlag.md").read_text(encoding="utf-8"),
        "path": directory / "forfragningsunderlag.docx",
    }


def test_every_requirement_id_is_shown(tender):
    contract = normalise(tender["path"].with_name("avtalsutkast.md").read_text(encoding="utf-8"))
    for requirement in check_spec(SPEC_TENDER).requirements:
        if requirement.kind == "contract":  # the contract terms are written in the draft contract
            assert f"({requirement.id})" in contract, requirement.id
            assert requirement.id not in tender["md"]
            continue
        assert f"Krav {requirement.id}." in tender["md"], requirement.id
        assert f"Krav {requirement.id}." in tender["docx"], requirement.id
    # the id is a label beside the heading, never in it ("(lex Sarah) (TJ-MISSFORHALLANDEN)")
    assert not re.search(r"^#.*\([A-ZÅÄÖ]+-[A-ZÅÄÖ0-9-]+\)$", tender["raw"], re.MULTILINE)


def test_every_component_with_its_unit_and_volume(tender):
    assert "| Boendeplats med stöd | dygn | 4 380 | 20 000 |" in tender["md"]
    assert "| Stödsamtal | timmar | 1 200 | 5 600 |" in tender["md"]
    assert "| Utslussningsstöd | tillfällen | 150 | 700 |" in tender["md"]
    # the price section: one row per component and price unit, per lot, and the spreadsheet to fill in
    assert "### 7.1 Delområde 1: Boende" in tender["md"]
    assert "| Boendeplats med stöd | kr per dygn | 4 380 dygn |" in tender["md"]
    assert "| Stödsamtal | kr per timme | 1 200 timmar |" in tender["md"]
    assert "| Utslussningsstöd | kr per tillfälle | 150 tillfällen |" in tender["md"]
    assert "Anbudsgivaren anger sina priser i prisbilagan, bilaga 2 (prisbilaga.xlsx)" in tender["md"]


def test_every_criterion_with_its_description_levels_and_a_worked_example(tender):
    md = tender["md"]
    assert "Tilldelningsgrunden är bästa förhållandet mellan pris och kvalitet." in md
    assert ("### 5.1 Brukarens delaktighet Kriteriet utvärderar bör-kravet TJ-DELAKTIGHET. Kriteriet bedömer hur den "
            "unga är med och planerar och följer upp sitt stöd") in md
    assert "| 2 | Metoden beskriver hur den unga är med och planerar och följer upp sitt stöd. | 5 % |" in md
    assert "### 5.2 Kunskapsbaserade metoder Kriteriet utvärderar bör-kravet TJ-METOD-EVIDENS." in md
    assert "| 3 | All personal som arbetar med de unga har dessutom utbildning i metoden" in md
    # the example, computed from the spec's own model: 4 380 dygn at 1 000 and 1 100 kr; A at the middle
    # levels (5 + 10 %), B at the highest (10 + 15 %): 4 380 000 × 0,85 and 4 818 000 × 0,75
    assert "| Anbudspris | 4 380 000 kronor | 4 818 000 kronor |" in md
    assert "| Brukarens delaktighet | 5 % avdrag | 10 % avdrag |" in md
    assert "| Jämförelsepris | 3 723 000 kronor | 3 613 500 kronor |" in md
    assert "Anbud B antas, eftersom det har lägst jämförelsepris." in md


TIED = "Om två eller fler anbud i samma delområde har samma "
THEN_LOTS = ". Är anbuden lika även i det, avgörs ordningen mellan dem genom lottning."


def test_the_tie_rule_the_spec_declares_is_stated_in_the_evaluation_section(tender):
    sentence = TIED + "jämförelsepris, rangordnas det anbud först som har störst summa prisavdrag, det vill säga högst kvalitet" + THEN_LOTS
    assert sentence in tender["md"] and sentence in tender["docx"]
    evaluation = tender["md"][tender["md"].index("# 5 Utvärdering"):tender["md"].index("### 5.1 ")]
    assert sentence in evaluation


@pytest.mark.parametrize(("replacements", "sentence"), [
    ({"    model: price_deductions\n": "    model: price_deductions\n    tie_break: price_then_lottery\n"},
     TIED + "jämförelsepris, rangordnas det anbud först som har lägst anbudspris" + THEN_LOTS),
    ({"    model: price_deductions\n": "    model: price_deductions\n    tie_break: lottery\n"},
     TIED + "jämförelsepris, avgörs ordningen mellan dem genom lottning."),
    (WEIGHTS, TIED + "totalpoäng, rangordnas det anbud först som har flest kvalitetspoäng" + THEN_LOTS),
    # the price alone: a declared quality rule has nothing to compare, and the document says lottning
    ("lowest price", TIED + "anbudspris, avgörs ordningen mellan dem genom lottning."),
], ids=["price", "lottery", "weights", "lowest-price"])
def test_each_tie_rule_is_stated_as_the_evaluation_applies_it(repo, replacements, sentence):
    if replacements == "lowest price":
        replacements = lowest_price_replacements()
    directory = build(variant(repo, replacements, base=SPEC_TENDER), repo / "out").directory
    assert sentence in normalise((directory / "forfragningsunderlag.md").read_text(encoding="utf-8"))
    assert sentence in docx_text(directory / "forfragningsunderlag.docx")


FRAMEWORK = "Avtalet är ett ramavtal, och kommunen avropar från det utan förnyad konkurrensutsättning."


def test_a_framework_agreement_is_said_where_the_volumes_are(tender, repo):
    """The stödboende spec's contract is a framework agreement (contract.framework_agreement), as its notice says."""
    scope = tender["md"][tender["md"].index("### 1.3 Omfattning"):tender["md"].index("### 1.4 Avtalsperiod")]
    assert "beställer efter behov inom maxvolymen. " + FRAMEWORK in scope and FRAMEWORK in tender["docx"]
    directory = build(variant(repo, {"    framework_agreement: true  # kommunen avropar platser och insatser efter "
                                     "behov\n": ""}, base=SPEC_TENDER), repo / "out").directory
    assert "ramavtal" not in (directory / "forfragningsunderlag.md").read_text(encoding="utf-8")


def test_the_tender_lists_its_annexes_and_refers_to_them(tender):
    md = tender["md"]
    assert ("Anbudet ska innehålla ifyllda bilagor 1–4 (anbudsformulär, prisbilaga, sanningsförsäkran och "
            "referensformulär) och de handlingar som kraven efterfrågar.") in md
    assert "Avtalsvillkoren står i avtalsutkastet, bilaga 5," in md
    assert "| 6 | Personuppgiftsbiträdesavtal | pub-avtal.docx |" in md


def test_a_price_note_for_one_lot_stands_under_that_lot_and_the_period_is_said_once(tender):
    md = tender["md"]
    note = "Priset för boendeplats gäller per dygn och plats och omfattar boende, stöd i vardagen och jour."
    assert md.count(note) == 1
    assert md.index("### 7.1 Delområde 1: Boende") < md.index(note) < md.index("### 7.2 Delområde 2")
    assert md.count("Avtalet gäller från 2025-10-01 och löper i två år") == 1  # in 1.4, not again in 6
    assert ("Upphandlingen är indelad i två delområden: delområde 1 (boende) och delområde 2 (stöd och utslussning). "
            "Anbud får lämnas för ett av delområdena eller för båda,") in md
    assert "Krav TJ-LOKALER." in md and "Kravet gäller delområde 1 (boende)." in md


def test_the_usual_parts_are_numbered_headings(tender):
    headings = [line for line in tender["raw"].splitlines() if line.startswith("## ")]
    assert headings == ["## 1 Allmän orientering", "## 2 Upphandlingsföreskrifter", "## 3 Kvalificering",
                        "## 4 Uppdragsbeskrivning och kravspecifikation", "## 5 Utvärdering", "## 6 Avtalsvillkor",
                        "## 7 Pris", "## 8 Bilagor"]


def test_table_of_contents_is_filled_in_before_any_update(tender):
    document = docx.Document(tender["path"])
    paragraphs = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
    entries = [p.text for p in paragraphs if p.style.name.startswith("toc")]
    assert entries[:3] == ["1\tAllmän orientering\t", "1.1\tUpphandlande myndighet\t", "1.2\tUppdraget\t"]
    assert "3.1\tUteslutningsgrunder\t" in entries
    assert len(entries) == len([line for line in tender["raw"].splitlines() if re.match(r"#{2,3} \d", line)])
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert anchors and set(anchors) <= bookmarks


def test_numbered_lists_restart_where_they_should(tender):
    contract = tender["path"].with_name("avtalsutkast.docx")
    raw = contract.with_suffix(".md").read_text(encoding="utf-8")
    assert "1. Rättelse inom den tid kommunen anger.\n2. Prisavdrag" in raw
    assert "1. skriftliga ändringar och tillägg till avtalet\n2. detta avtal" in raw
    document = docx.Document(contract)
    lists = {p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
             if p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None else "style"
             for p in document.paragraphs if p.style.name == "List Number"}
    assert len(lists) >= 2  # the first list keeps the style's numbering, each later one has its own


def test_table_rows_do_not_split_and_headers_repeat(tender):
    document = docx.Document(tender["path"])
    for table in document.tables:
        rows = table.rows
        assert rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)


def test_prices_and_value_are_never_printed_in_the_tender_documents(tender):
    for secret in ("1 450", "1450", "850", "1 600 kr", "634 250", "30 444 000", "34 880 000", "29 000 000"):
        assert not re.search(rf"(?<![\d ]){re.escape(secret)}(?!\d)", tender["md"]), secret
        assert not re.search(rf"(?<![\d ]){re.escape(secret)}(?!\d)", tender["docx"]), secret


def test_memo_states_what_the_procurement_makes_known(tender):
    memo = tender["memo"]
    assert ("Avtalet föreslås gälla från 2025-10-01 och löpa i två år, till och med 2027-09-30. Kommunen kan förlänga "
            "avtalet två gånger, med ett år i taget, till längst 2029-09-30.") in memo
    assert ("Upphandlingen föreslås göras i två delområden: delområde 1 (boende) och delområde 2 (stöd och "
            "utslussning).") in memo
    # the new max volumes where the value is built on them; (4 380 × 1 450 + 1 200 × 850 + 150 × 1 600) a year
    assert ("Upphandlingens uppskattade värde är 34 880 000 kronor exklusive moms. Det bygger på avtalets maxvolymer, "
            "högst 20 000 dygn boendeplats med stöd, 5 600 timmar stödsamtal och 700 tillfällen utslussningsstöd, "
            "under hela avtalstiden med förlängningar, fyra år (5 kap. 3 § LOU). Med de uppskattade volymerna blir "
            "värdet 30 444 000 kronor, eller 7 611 000 kronor per år. Delområde 1, boende: 29 000 000 kronor; "
            "delområde 2, stöd och utslussning: 5 880 000 kronor.") in memo
    # four times the threshold: the direct award limit goes unsaid
    assert ("Tröskelvärdet för sociala tjänster är 8 109 450 kronor (2024-01-01–2025-12-31). Värdet, 34 880 000 "
            "kronor, överstiger tröskelvärdet.") in memo
    assert "direktupphandlingsgränsen" not in memo
    assert "och i EU:s annonsdatabas TED." in memo
    assert ("Avtalet gäller från 2025-10-01 och löper i två år, till och med 2027-09-30. Kommunen kan förlänga avtalet "
            "två gånger, med ett år i taget, till längst 2029-09-30.") in tender["md"]


def test_one_figure_changed_changes_both_documents(repo):
    spec = variant(repo, {"      per_year: 1200": "      per_year: 1300"}, base=SPEC_TENDER)
    directory = build(spec, repo / "out").directory
    memo = normalise((directory / "tjansteskrivelse.md").read_text(encoding="utf-8"))
    tender = normalise((directory / "forfragningsunderlag.md").read_text(encoding="utf-8"))
    # (4 380 × 1 450 + 1 300 × 850 + 150 × 1 600) / 12 × 48 = 30 784 000
    assert "Med de uppskattade volymerna blir värdet 30 784 000 kronor" in memo
    assert "| Stödsamtal | timmar | 1 000 | 1 300 | +300 |" in memo
    assert "| Stödsamtal | timmar | 1 300 | 5 600 |" in tender
    assert "| Stödsamtal | kr per timme | 1 300 timmar |" in tender


def test_no_service_is_hard_coded():
    offenders = []
    for path in (ROOT / "src").rglob("*.py"):
        if re.search("anhörig|anhorig", path.read_text(encoding="utf-8"), re.IGNORECASE):
            offenders.append(str(path))
    for path in (ROOT / "templates").glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if re.search("anhörig|anhorig", archive.read(name).decode("utf-8", "replace"), re.IGNORECASE):
                    offenders.append(f"{path.name}:{name}")
    assert offenders == []
