"""Redlines: the changes between two built documents as Word tracked changes that accept to the new
version and reject to the old one."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from helpers.common import ROOT, SPEC_2021, SPEC_2024, SPEC_TENDER, variant
from helpers.tracked_changes import accept_all, reject_all
from lxml import etree

from tenderkit.build import check_spec, render_documents
from tenderkit.render.docx import package_bytes
from tenderkit.render.text import document_blocks, to_markdown
from tenderkit.review.redline import redline

AUTHOR = "Granskare"
WHEN = datetime(2024, 9, 19, 10, 30)
STAMP = "2024-09-19T10:30:00Z"
INS, DEL, PPR_CHANGE = qn("w:ins"), qn("w:del"), qn("w:pPrChange")


def built(spec: Path) -> dict[str, bytes]:
    """The Word documents of a spec (the price workbook is not one)."""
    return {document.kind.name: document.docx for document in render_documents(check_spec(spec))
            if "docx" in document.kind.formats}


def body_markdown(data: bytes) -> str:
    """The Markdown of the body only: headers and footers are the new document's, not redlined."""
    blocks = document_blocks(docx.Document(io.BytesIO(data)))
    return to_markdown([block for block in blocks if block.kind not in ("header", "footer")])


def body(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(qn("w:body"))


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def revisions(element) -> list:
    return list(element.iter(INS, DEL, PPR_CHANGE))


def texts(element, tag: str = "w:t") -> str:
    return "".join(node.text or "" for node in element.iter(qn(tag)))


def edited(data: bytes, edit) -> bytes:
    """A built document with its body changed by `edit`, written as tenderkit writes documents."""
    document = docx.Document(io.BytesIO(data))
    edit(document.element.body)
    return package_bytes(document.part.package, date(2024, 9, 19))


def only_text(body_element, needle: str):
    found = [node for node in body_element.iter(qn("w:t")) if needle in (node.text or "")]
    assert len(found) == 1, f"{needle!r} is in {len(found)} runs"
    return found[0]


def replace_word(old: str, new: str):
    def edit(body_element) -> None:
        text = only_text(body_element, old)
        text.text = text.text.replace(old, new)
    return edit


@pytest.fixture(scope="module")
def memos() -> tuple[bytes, bytes]:
    return built(SPEC_2021)["tjansteskrivelse"], built(SPEC_2024)["tjansteskrivelse"]


@pytest.fixture(scope="module")
def memo_redline(memos) -> bytes:
    return redline(*memos, author=AUTHOR, when=WHEN)


def test_memo_redline_is_a_word_document_with_tracked_changes(memo_redline):
    assert zipfile.ZipFile(io.BytesIO(memo_redline)).testzip() is None
    docx.Document(io.BytesIO(memo_redline))
    marks = revisions(body(memo_redline))
    assert {mark.tag for mark in marks} == {INS, DEL}  # the memo's one list keeps its numbering
    assert {(mark.get(qn("w:author")), mark.get(qn("w:date"))) for mark in marks} == {(AUTHOR, STAMP)}
    assert [mark.get(qn("w:id")) for mark in marks] == [str(n) for n in range(1, len(marks) + 1)]


def test_paragraph_and_row_marks_sit_where_the_schema_puts_them(memo_redline):
    marks = revisions(body(memo_redline))
    paragraph_marks = [m for m in marks if m.getparent().tag == qn("w:rPr")]
    row_marks = [m for m in marks if m.getparent().tag == qn("w:trPr")]
    assert paragraph_marks and row_marks
    for mark in paragraph_marks:  # first in the mark's rPr, which is last in pPr
        properties = mark.getparent()
        assert properties[0] is mark and properties.getparent().tag == qn("w:pPr")
        assert properties.getparent()[-1] is properties
    for mark in row_marks:
        assert mark.getparent()[-1] is mark


def test_accepting_all_gives_the_new_memo_and_rejecting_all_the_old(memos, memo_redline):
    old, new = memos
    assert body_markdown(accept_all(memo_redline)) == body_markdown(new)
    assert body_markdown(reject_all(memo_redline)) == body_markdown(old)
    for resolved in (accept_all(memo_redline), reject_all(memo_redline)):
        assert not revisions(body(resolved))
        assert not list(body(resolved).iter(qn("w:delText")))


def test_tables_resolve_to_their_own_grids(memos, memo_redline):
    """The 2021 table has five columns, the 2024 one three: the old table is deleted whole and the
    new one inserted, so each resolved document holds its own grid, never old rows on a new grid."""
    def grids(data: bytes) -> list[list[str]]:
        return [[col.get(qn("w:w")) for col in table.iter(qn("w:gridCol"))] for table in body(data).iter(qn("w:tbl"))]

    old, new = memos
    assert grids(reject_all(memo_redline)) == grids(old)
    assert grids(accept_all(memo_redline)) == grids(new)
    assert len(grids(old)[0]) != len(grids(new)[0])


def test_everything_but_the_body_is_the_new_documents(memos, memo_redline):
    new, result = (zipfile.ZipFile(io.BytesIO(data)) for data in (memos[1], memo_redline))
    assert new.namelist() == result.namelist()
    for name in new.namelist():  # compared as XML: python-docx may write <a></a> as <a/>
        if name != "word/document.xml":
            assert canonical(new.read(name)) == canonical(result.read(name)), name


def test_one_changed_word_is_one_small_deletion_and_insertion(memos):
    new = memos[1]
    old = edited(new, replace_word("självkänsla", "självförtroende"))
    result = body(redline(old, new, author=AUTHOR, when=WHEN))
    deletion, insertion = revisions(result)
    assert (deletion.tag, insertion.tag) == (DEL, INS)
    assert texts(deletion, "w:delText") == "självförtroende"
    assert texts(insertion) == "självkänsla"
    paragraph = deletion.getparent()
    assert paragraph.tag == qn("w:p") and insertion.getparent() is paragraph
    assert texts(paragraph).startswith("Anhörigstöd omfattar gruppverksamhet")
    assert "stärka barns självkänsla och självbild" in texts(paragraph)


def test_a_word_diff_keeps_each_runs_formatting(memos):
    def bold_tail(body_element) -> None:  # "Anhörigstöd omfattar … | Målgruppen är …" with the second half bold
        text = only_text(body_element, "Anhörigstöd omfattar")
        head, tail = text.text.split("Målgruppen")
        text.text = head
        text.getparent().addnext(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Målgruppen{tail}</w:t></w:r>'))

    new = edited(memos[1], bold_tail)
    old = edited(new, replace_word("självkänsla", "självförtroende"))
    paragraph = revisions(body(redline(old, new, author=AUTHOR, when=WHEN)))[0].getparent()
    bold = [run for run in paragraph.iter(qn("w:r")) if run.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    plain = [run for run in paragraph.iter(qn("w:r")) if run.find(qn("w:rPr")) is None]
    assert len(plain) == 1 and texts(plain[0]).startswith("Anhörigstöd omfattar")
    assert [texts(run, "w:delText") or texts(run) for run in bold][1:3] == ["självförtroende", "självkänsla"]
    assert len(bold) == 4 and texts(bold[0]).startswith("Målgruppen")


@pytest.fixture(scope="module")
def spec_repo(tmp_path_factory) -> Path:
    """A specs repository for variants of the bundled specs."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copy(ROOT / "tenderkit.yaml", repo / "tenderkit.yaml")
    (repo / "specs").mkdir()
    (repo / ".git").mkdir()
    return repo


def test_added_and_removed_table_rows_are_tracked_as_rows(spec_repo):
    """The 2024 memo against an earlier version of it with other volumes: the volume table keeps its
    columns (today's volumes only), so the rows that are the same are kept."""
    earlier = variant(spec_repo, {
        "      name: enskilda samtal\n      per_year: 2840\n": "      name: enskild behandling\n      per_year: 240\n"
        "    - id: parent_support\n      name: föräldrastärkande insatser\n      per_year: 2000\n",
        "        per_year: 2840\n        max_volume: 20000\n": "        per_year: 240\n"
        "      - component: parent_support\n        per_year: 2000\n",
    }, base=SPEC_2024)
    result = redline(built(earlier)["tjansteskrivelse"], built(SPEC_2024)["tjansteskrivelse"], author=AUTHOR, when=WHEN)
    (table,) = body(result).iter(qn("w:tbl"))
    rows = []
    for row in table.findall(qn("w:tr")):
        mark = row.find(qn("w:trPr"))[-1]  # a row's revision closes its properties
        kind = mark.tag if mark.tag in (INS, DEL) else None
        rows.append((texts(row.find(qn("w:tc")), "w:delText" if kind == DEL else "w:t"), kind))
        if kind:  # and every run of the row is inside a revision of the same kind
            assert all(run.getparent().tag == kind for run in row.iter(qn("w:r")))
    assert rows == [("Insats", None), ("Gruppverksamhet", None), ("Enskild behandling", DEL),
                    ("Föräldrastärkande insatser", DEL), ("Totalt", DEL), ("Enskilda samtal", INS), ("Totalt", INS)]


def test_redlines_are_deterministic(memos):
    assert redline(*memos, author=AUTHOR, when=WHEN) == redline(*memos, author=AUTHOR, when=WHEN)


def test_identical_documents_give_no_tracked_changes(memos):
    new = memos[1]
    result = redline(new, new, author=AUTHOR, when=WHEN)
    assert not revisions(body(result))
    assert etree.tostring(body(result)) == etree.tostring(body(new))


def test_a_date_with_a_time_zone_is_written_in_utc(memos):
    stockholm_summer = timezone(timedelta(hours=2))
    result = redline(*memos, author=AUTHOR, when=datetime(2024, 9, 19, 12, 30, tzinfo=stockholm_summer))
    assert {mark.get(qn("w:date")) for mark in revisions(body(result))} == {STAMP}


JOUR_ITEMS = {  # a second numbered list, after the reporting requirement's
    "      verification: Beskriv hur jouren är ordnad.\n": "      verification: Beskriv hur jouren är ordnad.\n"
    "      items:\n        - Hur de boende når jouren.\n        - Hur personalen tar sig till boendet.\n",
}


@pytest.fixture(scope="module")
def tenders(spec_repo) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The bundled tender spec with a second numbered list (the jour's), and an edit of it: a sanction
    and two requirements gone (one with the first numbered list), a heading, a word and a link changed."""
    old = built(variant(spec_repo, JOUR_ITEMS, base=SPEC_TENDER))
    new = built(variant(spec_repo, {
        **JOUR_ITEMS,
        "      - Rättelse inom den tid kommunen anger.\n": "",
        "i ett steg och utan förhandling": "i ett enda steg och utan förhandling",
        "https://www.exempelstad.se/mal-och-budget": "https://www.exempelstad.se/budget-2025",
        "      title: Jour dygnet runt\n": "      title: Jour dygnet runt och helger\n",
        "    - TJ-KVALITET\n": "",
        "    - TJ-UPPFOLJNING\n": "",
    }, base=SPEC_TENDER))
    return old, new


@pytest.mark.parametrize("kind", ["forfragningsunderlag", "avtalsutkast", "tjansteskrivelse"])
def test_tender_documents_accept_to_the_new_and_reject_to_the_old(tenders, kind):
    old, new = tenders[0][kind], tenders[1][kind]
    result = redline(old, new, author=AUTHOR, when=WHEN)
    assert revisions(body(result))
    assert body_markdown(accept_all(result)) == body_markdown(new)
    assert body_markdown(reject_all(result)) == body_markdown(old)


def test_a_kept_list_item_that_changes_lists_can_be_rejected_back(tenders):
    """Without the reporting list, the jour's items are the first list and count on the style's list;
    rejecting must give them back their own list, which starts again at 1."""
    result = redline(tenders[0]["forfragningsunderlag"], tenders[1]["forfragningsunderlag"], author=AUTHOR, when=WHEN)
    kept = [p for p in body(result).iter(qn("w:p")) if texts(p).startswith("Hur de boende")]
    (change,) = kept[0].iter(PPR_CHANGE)
    assert change.getparent().getparent() is kept[0] and change.getparent()[-1] is change
    assert change.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    assert "\n2. Hur personalen" in body_markdown(reject_all(result))
    assert not list(body(accept_all(result)).iter(PPR_CHANGE))


def test_changed_contents_entries_keep_their_links_and_fields(tenders):
    result = body(redline(tenders[0]["forfragningsunderlag"], tenders[1]["forfragningsunderlag"],
                          author=AUTHOR, when=WHEN))
    (contents,) = result.iter(qn("w:sdtContent"))
    changed = [p for p in contents.iter(qn("w:p")) if revisions(p)]
    assert changed
    for entry in changed:  # shown whole, deleted or inserted, never rebuilt word by word
        (link,) = entry.iter(qn("w:hyperlink"))
        kinds = {mark.tag for mark in revisions(entry)}
        assert len(kinds) == 1
        assert all(run.getparent().tag in kinds and run.getparent().getparent() is link for run in entry.iter(qn("w:r")))
        assert [c.get(qn("w:fldCharType")) for c in entry.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        code = "w:delInstrText" if kinds == {DEL} else "w:instrText"
        assert texts(entry, code).strip().startswith("PAGEREF _Toc")


def test_a_changed_link_is_deleted_and_inserted_with_both_addresses(tenders):
    result = redline(tenders[0]["tjansteskrivelse"], tenders[1]["tjansteskrivelse"], author=AUTHOR, when=WHEN)
    part = docx.Document(io.BytesIO(result)).part
    targets = {}
    for link in body(result).iter(qn("w:hyperlink")):
        (mark,) = {run.getparent().tag for run in link.iter(qn("w:r"))}
        targets[mark] = part.rels[link.get(qn("r:id"))].target_ref
    assert targets == {DEL: "https://www.exempelstad.se/mal-och-budget", INS: "https://www.exempelstad.se/budget-2025"}


def test_a_changed_heading_keeps_its_bookmark(tenders):
    result = body(redline(tenders[0]["forfragningsunderlag"], tenders[1]["forfragningsunderlag"],
                          author=AUTHOR, when=WHEN))
    (heading,) = [p for p in result.iter(qn("w:p")) if texts(p).startswith("Jour dygnet runt")
                  and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")).startswith("Heading")]
    (insertion,) = revisions(heading)
    assert texts(insertion).strip() == "och helger"
    children = [child.tag for child in heading]
    assert children[:2] == [qn("w:pPr"), qn("w:bookmarkStart")] and children[-1] == qn("w:bookmarkEnd")


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_deleted_picture_comes_along_into_the_new_package():
    old = docx.Document()
    old.add_paragraph("Före bilden.")
    old.add_picture(io.BytesIO(one_pixel_png()))
    new = docx.Document()
    new.add_paragraph("Före bilden.")
    result = redline(saved(old), saved(new), author=AUTHOR, when=WHEN)
    assert len(docx.Document(io.BytesIO(accept_all(result))).inline_shapes) == 0
    rejected = docx.Document(io.BytesIO(reject_all(result)))
    (blip,) = rejected.element.body.iter(qn("a:blip"))
    assert rejected.part.related_parts[blip.get(qn("r:embed"))].blob == one_pixel_png()


def test_old_content_pointing_at_another_part_is_refused():
    old = docx.Document()
    styles = next(rel_id for rel_id, rel in old.part.rels.items() if rel.reltype == RELATIONSHIP_TYPE.STYLES)
    old.element.body.insert(0, parse_xml(
        f'<w:p {nsdecls("w", "r")}><w:hyperlink r:id="{styles}"><w:r><w:t>stilar</w:t></w:r></w:hyperlink></w:p>'))
    with pytest.raises(ValueError, match="styles"):
        redline(saved(old), saved(docx.Document()), author=AUTHOR, when=WHEN)
