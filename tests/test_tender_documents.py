"""The förfrågningsunderlag as built: every requirement id, component, volume and weight in it; a
table of contents already filled in; lists that restart; and the memo agreeing with it."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from conftest import ROOT, SPEC_TENDER, normalise, variant
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
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
    for requirement in check_spec(SPEC_TENDER).requirements:
        assert f"({requirement.id})" in tender["md"], requirement.id
        assert f"({requirement.id})" in tender["docx"], requirement.id


def test_every_component_with_its_unit_and_volume(tender):
    assert "| Boendeplats med stöd | dygn | 4 380 | 20 000 |" in tender["md"]
    assert "| Stödsamtal | timmar | 1 200 | 5 600 |" in tender["md"]
    assert "| Utslussningsstöd | tillfällen | 150 | 700 |" in tender["md"]
    # the price form: one row per component and unit, per lot
    assert "### 7.1 Delområde 1: Boende" in tender["md"]
    assert "| Boendeplats med stöd | 4 380 dygn | kr per dygn | |" in tender["md"]
    assert "| Stödsamtal | 1 200 timmar | kr per timme | |" in tender["md"]
    assert "| Utslussningsstöd | 150 tillfällen | kr per tillfälle | |" in tender["md"]


def test_every_evaluation_weight(tender):
    assert "| Brukarens delaktighet | TJ-DELAKTIGHET | 10 % |" in tender["md"]
    assert "| Kunskapsbaserade metoder | TJ-METOD-EVIDENS | 15 % |" in tender["md"]
    assert "Tilldelningsgrunden är bästa förhållandet mellan pris och kvalitet." in tender["md"]


def test_the_usual_parts_are_numbered_headings(tender):
    headings = [line for line in tender["raw"].splitlines() if line.startswith("## ")]
    assert headings == ["## 1 Allmän orientering", "## 2 Upphandlingsföreskrifter", "## 3 Kvalificering",
                        "## 4 Uppdragsbeskrivning och kravspecifikation", "## 5 Utvärdering", "## 6 Avtalsvillkor",
                        "## 7 Prisbilaga"]


def test_table_of_contents_is_filled_in_before_any_update(tender):
    document = docx.Document(tender["path"])
    paragraphs = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
    entries = [p.text for p in paragraphs if p.style.name.startswith("toc")]
    assert entries[:3] == ["1\tAllmän orientering\t", "1.1\tUpphandlande myndighet\t", "1.2\tUppdraget\t"]
    assert "3.1\tUteslutningsgrunder (KVAL-UTESL)\t" in entries
    assert len(entries) == len([line for line in tender["raw"].splitlines() if re.match(r"#{2,3} \d", line)])
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert anchors and set(anchors) <= bookmarks


def test_numbered_lists_restart_where_they_should(tender):
    raw = tender["raw"]
    assert "1. Utförd volym per insats och månad.\n2. Antal brukare" in raw
    assert "1. Rättelse inom den tid kommunen anger.\n2. Prisavdrag" in raw
    document = docx.Document(tender["path"])
    lists = {p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
             if p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None else "style"
             for p in document.paragraphs if p.style.name == "List Number"}
    assert len(lists) == 2  # the first list keeps the style's numbering, the second has its own


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
    assert ("Upphandlingens uppskattade värde är 34 880 000 kronor exklusive moms: det som avtalets maxvolymer tillåter "
            "under hela avtalsperioden med förlängningar. Med de uppskattade volymerna per år blir värdet 30 444 000 "
            "kronor. Per delområde: Boende 29 000 000 kronor och Stöd och utslussning 5 880 000 kronor.") in memo
    assert "Tröskelvärdet för sociala tjänster är 8 109 450 kronor (2024-01-01–2025-12-31)." in memo
    assert "i Europeiska unionens officiella tidning (TED)" in memo
    assert ("Avtalet gäller från 2025-10-01 och löper i två år, till och med 2027-09-30. Kommunen kan förlänga avtalet "
            "två gånger, med ett år i taget, till längst 2029-09-30.") in tender["md"]


def test_one_figure_changed_changes_both_documents(repo):
    spec = variant(repo, {"      per_year: 1200": "      per_year: 1300"}, base=SPEC_TENDER)
    directory = build(spec, repo / "out").directory
    memo = normalise((directory / "tjansteskrivelse.md").read_text(encoding="utf-8"))
    tender = normalise((directory / "forfragningsunderlag.md").read_text(encoding="utf-8"))
    # (4 380 × 1 450 + 1 300 × 850 + 150 × 1 600) / 12 × 48 = 30 784 000
    assert "Med de uppskattade volymerna per år blir värdet 30 784 000 kronor" in memo
    assert "| Stödsamtal | timmar | 1 000 | 1 300 | +300 |" in memo
    assert "| Stödsamtal | timmar | 1 300 | 5 600 |" in tender
    assert "| Stödsamtal | 1 300 timmar | kr per timme | |" in tender


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
