"""A redline: two versions of a rendered Word document as one document with tracked changes.

Reviewers and board secretaries read changes in Word, not in a Markdown diff, so the changes
from an old version to a new one are written as Word's own revisions (w:ins, w:del): "accept
all" in Word gives the new text, "reject all" the old one.

The redline is the new document, with only its body compared: styles, numbering, headers,
footers and sections stay the new version's. Blocks (paragraphs and tables, also inside
content controls such as the table of contents) are aligned by kind, style and visible text.
A paragraph changed in place is diffed word by word; one holding links, fields or tabs, which a
rebuild of its runs could damage, is shown as deleted and inserted whole. A changed table is
diffed row by row. Old content is copied into the new package with its links re-related and
its list numbers mapped to the new document's lists; a kept paragraph whose own properties
changed (a list item that now continues another list, say) gets a w:pPrChange, so that
rejecting gives the old numbering back too.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ..render.docx import package_bytes

_BODY, _SDT, _SDT_CONTENT = qn("w:body"), qn("w:sdt"), qn("w:sdtContent")
_P, _PPR, _R, _RPR, _T = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t")
_TBL, _TR, _TRPR, _TC = qn("w:tbl"), qn("w:tr"), qn("w:trPr"), qn("w:tc")
_INS, _DEL = qn("w:ins"), qn("w:del")
_DEL_TEXT, _INSTR, _DEL_INSTR = qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")
_TAB, _BREAKS, _HYPERLINK = qn("w:tab"), {qn("w:br"), qn("w:cr")}, qn("w:hyperlink")
_NUM, _NUM_ID, _VAL = qn("w:num"), qn("w:numId"), qn("w:val")
_SECT_PR, _PPR_CHANGE = qn("w:sectPr"), qn("w:pPrChange")
_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_PLAIN_CHILDREN = {_PPR, _R, qn("w:proofErr"), *_BOOKMARKS}  # what a word diff can rebuild around
_REL_ID, _RELS = qn("r:id"), "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_SIMILAR = 0.5  # share of words two paragraphs have in common to be one paragraph changed in place
_TOKENS = re.compile(r"\s+|\S+")


def redline(old: bytes, new: bytes, *, author: str, when: datetime) -> bytes:
    """The new .docx with every difference from the old one as a tracked change by `author` at `when`."""
    document = Document(io.BytesIO(new))
    _Redline(Document(io.BytesIO(old)), document, author, _revision_date(when)).mark()
    return package_bytes(document.part.package, when.date())


def _revision_date(when: datetime) -> str:
    """Word's revision date, in UTC; a naive `when` is taken as UTC, so no machine's zone leaks in."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class _Block:
    """A paragraph, table or table row, with what it is compared by."""

    element: Any
    key: tuple  # kind, style and text: blocks with equal keys are the same block
    words: tuple[str, ...] = ()  # for the similarity of a changed block


def _blocks(container, part) -> Iterator[_Block]:
    for child in container:
        if child.tag == _P:
            text = _text(child, part)
            yield _Block(child, ("p", _style(child, "w:pPr/w:pStyle"), text), tuple(text.split()))
        elif child.tag == _TBL:
            rows = tuple(_row_key(row, part) for row in child.findall(_TR))
            words = tuple(word for row in rows for cell in row for word in cell.split())
            # The column count is part of what a table is: tables of different columns are never paired
            # row by row (a deleted old row would not fit the new grid), but deleted and inserted whole.
            columns = len(child.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
            yield _Block(child, ("tbl", (_style(child, "w:tblPr/w:tblStyle"), columns), rows), words)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content, part)


def _rows(table, part) -> list[_Block]:
    return [_Block(row, ("tr", _row_key(row, part))) for row in table.findall(_TR)]


def _row_key(row, part) -> tuple[str, ...]:
    return tuple("\n".join(_text(p, part) for p in cell.iter(_P)) for cell in row.findall(_TC))


def _style(element, path: str) -> str:
    style = element.find("/".join(qn(step) for step in path.split("/")))
    return style.get(_VAL) if style is not None else ""


def _text(paragraph, part) -> str:
    """What a reader sees of a paragraph: text, tabs, breaks and the address of each external link."""
    pieces = []
    for node in paragraph.iter():
        if node.tag == _T:
            pieces.append(node.text or "")
        elif node.tag == _TAB and node.getparent().tag == _R:  # not a tab stop of the paragraph's properties
            pieces.append("\t")
        elif node.tag in _BREAKS:
            pieces.append("\n")
        elif node.tag == _HYPERLINK and node.get(_REL_ID):
            rel = part.rels.get(node.get(_REL_ID))
            if rel is not None and rel.is_external:
                pieces.append(f"<{rel.target_ref}>")
    return "".join(pieces)


def _steps(old: list[_Block], new: list[_Block], *, pair: bool) -> Iterator[tuple[_Block | None, _Block | None]]:
    """Old and new blocks in reading order: (old, new) for a kept or changed block, (old, None) for a
    deleted one, (None, new) for an inserted one."""
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
        else:
            yield from _pairs(old[i1:i2], new[j1:j2], pair)


def _pairs(old: list[_Block], new: list[_Block], pair: bool) -> Iterator[tuple[_Block | None, _Block | None]]:
    """A replaced stretch: the most similar old and new blocks paired in order (the most shared
    words in all), the others deleted or inserted, deletions first as Word shows them."""
    score = [[_similarity(o, n) if pair else 0.0 for n in new] for o in old]
    best = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]  # best[i][j]: for old[i:] and new[j:]
    for i in reversed(range(len(old))):
        for j in reversed(range(len(new))):
            paired = best[i + 1][j + 1] + score[i][j] if score[i][j] else 0.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and score[i][j] and best[i][j] == best[i + 1][j + 1] + score[i][j]:
            yield old[i], new[j]
            i, j = i + 1, j + 1
        elif i < len(old) and (j == len(new) or best[i][j] == best[i + 1][j]):
            yield old[i], None
            i += 1
        else:
            yield None, new[j]
            j += 1


def _similarity(old: _Block, new: _Block) -> float:
    """How much of two blocks of the same kind and style is the same, or 0 if too little to pair them."""
    if old.key[:2] != new.key[:2]:
        return 0.0
    ratio = SequenceMatcher(None, old.words, new.words, autojunk=False).ratio()
    return ratio if ratio >= _SIMILAR else 0.0


class _Redline:
    """Marks the new document's body with the changes from the old one."""

    def __init__(self, old_document, document, author: str, date: str):
        self.old_part, self.part = old_document.part, document.part
        self.body = document.element.body
        self.author, self.date = author, date
        new_blocks = list(_blocks(self.body, self.part))
        self.steps = list(_steps(list(_blocks(self.old_part.element.body, self.old_part)), new_blocks, pair=True))
        self.first = new_blocks[0].element if new_blocks else None
        self.lists = _ListMap(self.old_part, self.part, self.steps)

    def mark(self) -> None:
        anchor = None  # the block the next deleted one goes after
        for old, new in self.steps:
            if new is None:
                anchor = self._place(self._deleted(old.element), old.element, anchor)
                continue
            if old is None:
                self._mark_block(new.element, "ins")
            elif old.key != new.key:
                self._change(old.element, new.element, anchor)
            else:
                self._track_properties(old.element, new.element)
            anchor = new.element
        for number, revision in enumerate(self.body.iter(_INS, _DEL, _PPR_CHANGE), 1):
            revision.set(qn("w:id"), str(number))

    def _change(self, old, new, anchor) -> None:
        if new.tag == _TBL:
            self._change_rows(old, new)
        elif _plain(old) and _plain(new):
            self._change_words(old, new)
            self._track_properties(old, new)
        else:
            self._place(self._deleted(old), old, anchor)
            self._mark_block(new, "ins")

    def _place(self, block, original, anchor):
        """Put a deleted block after `anchor`, or before the first block; a block that was not in a
        content control in the old document goes outside the new one's controls too."""
        outside = original.getparent().tag == _BODY
        if anchor is not None:
            self._lifted(anchor, outside).addnext(block)
        elif self.first is not None:
            self._lifted(self.first, outside).addprevious(block)
        else:
            self.body.insert(0, block)
        return block

    @staticmethod
    def _lifted(element, outside: bool):
        while outside and element.getparent().tag != _BODY:
            element = element.getparent()
        return element

    def _change_rows(self, old_table, table) -> None:
        """A changed table, row by row: equal rows kept, old rows deleted, new rows inserted."""
        new_rows = _rows(table, self.part)
        anchor = None
        for old, new in _steps(_rows(old_table, self.old_part), new_rows, pair=False):
            if new is None:
                row = self._deleted(old.element)
                if anchor is not None:
                    anchor.addnext(row)
                else:
                    new_rows[0].element.addprevious(row)
                anchor = row
                continue
            if old is None:
                self._mark_block(new.element, "ins")
            anchor = new.element

    def _change_words(self, old, new) -> None:
        """Rebuild a changed paragraph's runs from a word diff, keeping its properties and bookmarks.

        Each piece of text keeps the formatting of the run it comes from: kept and inserted text the
        new paragraph's, deleted text the old one's.
        """
        old_pieces, new_pieces = _pieces(old), _pieces(new)
        old_tokens = _TOKENS.findall("".join(text for text, _ in old_pieces))
        new_tokens = _TOKENS.findall("".join(text for text, _ in new_pieces))
        old_at, new_at = _offsets(old_tokens), _offsets(new_tokens)
        runs = []
        for kept, i1, i2, j1, j2 in _word_changes(old_tokens, new_tokens):
            if kept:
                runs += _runs(new_pieces, new_at[j1], new_at[j2], "w:t")
                continue
            if i1 < i2:
                runs.append(self._wrap("del", _runs(old_pieces, old_at[i1], old_at[i2], "w:delText")))
            if j1 < j2:
                runs.append(self._wrap("ins", _runs(new_pieces, new_at[j1], new_at[j2], "w:t")))
        existing = new.findall(_R)
        position = new.index(existing[0]) if existing else len(new)
        for run in existing:
            new.remove(run)
        new[position:position] = runs

    def _track_properties(self, old, new) -> None:
        """Record changed paragraph properties as w:pPrChange, so that rejecting restores them: a
        list item that started its list in the old version must start it again."""
        if new.tag != _P:
            return
        before, after = _base_properties(old), _base_properties(new)
        for number in before.iter(_NUM_ID):
            number.set(_VAL, self.lists.new_id(number.get(_VAL)))
        if _canonical(before) != _canonical(after):
            change = self._revision("pPrChange")
            change.append(before)
            new.get_or_add_pPr().append(change)  # the change closes the properties

    def _deleted(self, element):
        """A copy of an old block, fitted into the new package, with all of it marked deleted."""
        block = copy.deepcopy(element)
        for clash in list(block.iter(_SECT_PR, *_BOOKMARKS)):  # the new document's sections and bookmarks rule
            clash.getparent().remove(clash)
        for node in block.iter():
            for name, value in node.attrib.items():
                if name.startswith(_RELS):
                    node.set(name, self._relate(value))
            if node.tag == _NUM_ID:
                node.set(_VAL, self.lists.new_id(node.get(_VAL)))
        self._mark_block(block, "del")
        return block

    def _relate(self, old_id: str) -> str:
        """The new part's relationship for what an old relationship points to."""
        rel = self.old_part.rels[old_id]
        if rel.is_external:
            return self.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        if rel.reltype == RELATIONSHIP_TYPE.IMAGE:
            image = self.part.package.get_or_add_image_part(io.BytesIO(rel.target_part.blob))
            return self.part.relate_to(image, RELATIONSHIP_TYPE.IMAGE)
        raise ValueError(f"the old document's body refers to {rel.target_part.partname}, "
                         "which a redline cannot carry into the new document")

    def _mark_block(self, element, kind: str) -> None:
        """Mark a whole paragraph, table or row as inserted or deleted, its paragraph mark or row
        properties included, so accepting or rejecting removes it rather than leaving it empty."""
        if element.tag == _P:
            self._mark_runs(element, kind)
            self._mark_paragraph(element, kind)
            return
        for row in [element] if element.tag == _TR else element.findall(_TR):
            self._mark_runs(row, kind)
            row.get_or_add_trPr().append(self._revision(kind))  # ins and del close w:trPr

    def _mark_runs(self, element, kind: str) -> None:
        """Wrap each stretch of runs in one w:ins or w:del; deleted text becomes w:delText, as Word requires."""
        if kind == "del":
            for node in list(element.iter(_T, _INSTR)):
                node.tag = _DEL_TEXT if node.tag == _T else _DEL_INSTR
        wrapper = None
        for run in list(element.iter(_R)):
            if wrapper is None or run.getprevious() is not wrapper:
                wrapper = self._revision(kind)
                run.addprevious(wrapper)
            wrapper.append(run)

    def _mark_paragraph(self, paragraph, kind: str) -> None:
        properties = paragraph.get_or_add_pPr()
        mark = properties.find(_RPR)
        if mark is None:  # the paragraph mark's properties come last, before a section break or change
            mark = OxmlElement("w:rPr")
            follower = next((child for child in properties if child.tag in (_SECT_PR, _PPR_CHANGE)), None)
            if follower is not None:
                follower.addprevious(mark)
            else:
                properties.append(mark)
        mark.insert(0, self._revision(kind))  # ins and del open the paragraph mark's properties

    def _wrap(self, kind: str, runs: list) -> Any:
        wrapper = self._revision(kind)
        wrapper.extend(runs)
        return wrapper

    def _revision(self, kind: str) -> Any:
        return OxmlElement(f"w:{kind}", {qn("w:id"): "0", qn("w:author"): self.author, qn("w:date"): self.date})


class _ListMap:
    """The new document's list for each list of the old one that a deleted paragraph belongs to.

    tenderkit gives each run of a numbered list a list instance of its own, so one list can have
    another id in each version. A deleted item must count with its own list: the list of a kept
    or changed item of the same old list, or else a copy of the old list instance.
    """

    def __init__(self, old_part, part, steps):
        self.old_instances = {instance.get(_NUM_ID): instance for instance in _list_instances(old_part)}
        self.instances = _list_instances(part)
        self.ids = {"0": "0"}  # 0 is "not numbered" in both
        for old, new in steps:
            if old is not None and new is not None:
                old_id, new_id = _own_list(old.element), _own_list(new.element)
                if old_id and new_id:
                    self.ids.setdefault(old_id, new_id)

    def new_id(self, old_id: str) -> str:
        if old_id not in self.ids:
            self.ids[old_id] = self._copy(old_id)
        return self.ids[old_id]

    def _copy(self, old_id: str) -> str:
        source = self.old_instances.get(old_id)
        if source is None or not self.instances:  # nothing to copy, or no numbering to copy it into
            return old_id
        instance = copy.deepcopy(source)
        instance.set(_NUM_ID, str(max(int(n.get(_NUM_ID)) for n in self.instances) + 1))
        self.instances[-1].addnext(instance)  # list instances follow the abstract lists
        self.instances.append(instance)
        return instance.get(_NUM_ID)


def _list_instances(part) -> list:
    try:
        return part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element.findall(_NUM)
    except KeyError:  # a document without lists
        return []


def _own_list(element) -> str | None:
    if element.tag != _P:
        return None
    number = element.find(f"{_PPR}/{qn('w:numPr')}/{_NUM_ID}")
    return number.get(_VAL) if number is not None else None


def _base_properties(paragraph):
    """A copy of a paragraph's own properties, without those of its mark, section or changes."""
    base = OxmlElement("w:pPr")
    properties = paragraph.find(_PPR)
    if properties is not None:
        base.extend(copy.deepcopy(child) for child in properties if child.tag not in (_RPR, _SECT_PR, _PPR_CHANGE))
    return base


def _canonical(element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


def _plain(paragraph) -> bool:
    """Whether a paragraph is only runs of text, which a word diff can rebuild without losing a
    link, a field or a tab."""
    return all(child.tag in _PLAIN_CHILDREN and (child.tag != _R or all(part.tag in (_RPR, _T) for part in child))
               for child in paragraph)


def _pieces(paragraph) -> list[tuple[str, Any]]:
    """The text of a plain paragraph, piece by piece, with the formatting of each piece's run."""
    return [(text.text or "", run.find(_RPR)) for run in paragraph.findall(_R) for text in run.findall(_T)]


def _offsets(tokens: list[str]) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _word_changes(old: list[str], new: list[str]) -> list[tuple[bool, int, int, int, int]]:
    """difflib's opcodes as (kept, i1, i2, j1, j2), with whitespace alone between two changes taken
    into them: "a b" → "x y" then reads as one replacement, not two around a kept space."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    changes: list[tuple[bool, int, int, int, int]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1 and "".join(old[i1:i2]).isspace()
        if tag == "equal" and not between:
            changes.append((True, i1, i2, j1, j2))
        elif changes and not changes[-1][0]:
            changes[-1] = (False, changes[-1][1], i2, changes[-1][3], j2)
        else:
            changes.append((False, i1, i2, j1, j2))
    return changes


def _runs(pieces: list[tuple[str, Any]], start: int, end: int, text_tag: str) -> list:
    """Runs for the characters start:end of the pieces, one per stretch of equal formatting."""
    runs, position, previous = [], 0, None
    for text, properties in pieces:
        offset, position = position, position + len(text)
        low, high = max(start, offset), min(end, position)
        if low >= high:
            continue
        part = text[low - offset:high - offset]
        formatting = etree.tostring(properties) if properties is not None else b""
        if runs and formatting == previous:
            runs[-1][-1].text += part
            continue
        run = OxmlElement("w:r")
        if properties is not None:
            run.append(copy.deepcopy(properties))
        run.append(OxmlElement(text_tag, {_SPACE: "preserve"}))
        run[-1].text = part
        runs.append(run)
        previous = formatting
    return runs
