"""The text of a Word document, in reading order, as Markdown.

The Markdown twin of every built document is made from the rendered .docx itself, not from a
second template: the wording lives in one place, and what reviewers diff and tests read is
exactly what the Word file says (header and footer included, tables as tables, headings and
lists with the numbers Word shows). `tenderkit textconv` uses the same reading for `git diff`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

# Page numbers differ by where the text falls and mean nothing in a text without pages: a part of
# a header or footer line that holds one ("Sida 1 (2)") is left out, and elsewhere the number is.
_PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"})
_PAGE_MARK: Any = object()  # where a page number stood, until the line it is on is read (never a
# character: a spec's text may hold any of them)
# Dates in documents are written with no-break hyphens (see `filters.document_date`); as text they
# are dates like any other, "2025-02-12", whether the hyphen is the character or Word's element.
NO_BREAK_HYPHEN = "\u2011"
_DOCUMENT_DATE = re.compile(rf"(\d{{4}}){NO_BREAK_HYPHEN}(\d{{2}}){NO_BREAK_HYPHEN}(\d{{2}})")  # only dates: a
# spec's own text keeps any no-break hyphen it holds
_TEXT, _TAB, _DELETED, _NO_BREAK = qn("w:t"), qn("w:tab"), qn("w:delText"), qn("w:noBreakHyphen")
_BREAKS = {qn("w:br"), qn("w:cr")}
_HYPERLINK, _REL_ID = qn("w:hyperlink"), qn("r:id")
_SIMPLE_FIELD, _INSTRUCTION = qn("w:fldSimple"), qn("w:instr")
_FIELD_CHAR, _FIELD_CHAR_TYPE, _FIELD_CODE = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
_VAL = qn("w:val")


@dataclass(frozen=True)
class Block:
    kind: str  # title, heading, paragraph, number, bullet, toc, table, header, footer
    text: str = ""
    level: int = 0  # heading or table-of-contents level, 1 for the top
    label: str = ""  # the number Word shows before a heading or list item: "3.1", "2."
    rows: tuple[tuple[str, ...], ...] = ()
    element: Any = field(default=None, compare=False, repr=False)  # the paragraph, for post-processing


class Numbering:
    """Word's list numbering: which paragraphs are numbered, and the label each one shows."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id → level → (format, text, start)
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}  # num id → (abstract id, restarts)
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl")))] = (
                    _child_val(level, "w:numFmt") or "decimal", _child_val(level, "w:lvlText") or "",
                    int(_child_val(level, "w:start") or 1))
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            restarts = {int(o.get(qn("w:ilvl"))): int(_child_val(o, "w:startOverride") or 1)
                        for o in num.findall(qn("w:lvlOverride")) if o.find(qn("w:startOverride")) is not None}
            self.instances[num.get(qn("w:numId"))] = (_child_val(num, "w:abstractNumId") or "", restarts)

    def is_bullet(self, num_id: str, level: int) -> bool:
        return self._level(num_id, level)[0] == "bullet"

    def next_label(self, num_id: str, level: int) -> str:
        """Count one more item at `level` of list `num_id` and return its label ("1.", "3.2")."""
        abstract, restarts = self.instances.get(num_id, ("", {}))
        levels = self.levels.get(abstract, {})
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= level:
            depth = len(counts)
            counts.append(restarts.get(depth, levels.get(depth, ("", "", 1))[2]) - 1)
        counts[level] += 1
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = restarts.get(deeper, levels.get(deeper, ("", "", 1))[2]) - 1
        text = self._level(num_id, level)[1]
        return re.sub(r"%(\d)", lambda m: str(counts[int(m.group(1)) - 1]) if int(m.group(1)) <= len(counts) else "",
                      text)

    def _level(self, num_id: str, level: int) -> tuple[str, str, int]:
        abstract = self.instances.get(num_id, ("", {}))[0]
        return self.levels.get(abstract, {}).get(level, ("decimal", f"%{level + 1}.", 1))


def _child_val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(_VAL) if child is not None else None


class _Reader:
    def __init__(self, document):
        self.document = document
        self.numbering = Numbering(document)
        self.styles = {}  # style id → (name, (numId, ilvl) or None, basedOn)
        for style in document.styles.element.findall(qn("w:style")):
            num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            self.styles[style.get(qn("w:styleId"))] = (
                (_child_val(style, "w:name") or "").lower(), _num_pr(num) if num is not None else None,
                _child_val(style, "w:basedOn"))

    def blocks(self) -> list[Block]:
        body = self.document.element.body
        blocks = list(self._body(body, self.document.part))
        header, footer = (self._margin(body, kind) for kind in ("header", "footer"))
        return ([header] if header else []) + blocks + ([footer] if footer else [])

    def _margin(self, body, kind: str) -> Block | None:
        """The default header or footer of the last section, read through its relationship (a
        rendered header is a new part; python-docx's own lookup may still hold the template's)."""
        section = body.find(qn("w:sectPr"))
        reference = None if section is None else next(
            (ref for ref in section.findall(qn(f"w:{kind}Reference")) if ref.get(qn("w:type")) == "default"), None)
        rel = None if reference is None else self.document.part.rels.get(reference.get(_REL_ID))
        if rel is None:
            return None
        part = rel.target_part
        lines = [line for p in part.element.iter(qn("w:p")) for line in _without_page_numbers(self._pieces(p, part))]
        return Block(kind, "\n".join(line for line in lines if line.strip()))

    def _body(self, container, part) -> Iterator[Block]:
        for child in container:
            if child.tag == qn("w:p"):
                block = self.paragraph(child, part)
                if block:
                    yield block
            elif child.tag == qn("w:tbl"):
                yield Block("table", rows=tuple(
                    tuple(" ".join(self.text(p, part) for p in cell.iter(qn("w:p"))).strip()
                          for cell in row.findall(qn("w:tc")))
                    for row in child.findall(qn("w:tr"))))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self._body(content, part)

    def paragraph(self, paragraph, part) -> Block | None:
        style_element = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style = style_element.get(_VAL) if style_element is not None else "Normal"
        name = self.styles.get(style, ("", None, None))[0]
        numbered = self._num_pr(paragraph, style)
        label = ""
        if numbered and numbered[0] != "0" and not self.numbering.is_bullet(*numbered):
            label = self.numbering.next_label(*numbered)  # counted even when empty, as Word counts it
        text = self.text(paragraph, part).strip()
        if not text:
            return None
        if name == "title":
            return Block("title", text, element=paragraph)
        if name.startswith("heading ") and name[8:].isdigit():
            return Block("heading", text, level=int(name[8:]), label=label, element=paragraph)
        if name.startswith("toc ") and name[4:].isdigit():
            entry = " ".join(part.strip() for part in text.split("\t") if part.strip())  # number, title, page
            return Block("toc", entry, level=int(name[4:]), element=paragraph)
        if numbered and numbered[0] != "0":
            if self.numbering.is_bullet(*numbered):
                return Block("bullet", text, element=paragraph)
            return Block("number", text, label=label, element=paragraph)
        return Block("paragraph", text, element=paragraph)

    def _num_pr(self, paragraph, style: str | None) -> tuple[str, int] | None:
        own = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if own is not None and own.find(qn("w:numId")) is not None:
            return _num_pr(own)
        seen = set()
        while style and style not in seen:
            seen.add(style)
            _, numbered, based = self.styles.get(style, ("", None, None))
            if numbered:
                return numbered
            style = based
        return None

    def text(self, element, part) -> str:
        """The visible text of a paragraph: runs, tabs, breaks, links, and field results."""
        return "".join(piece for piece in self._pieces(element, part) if piece is not _PAGE_MARK)

    def _pieces(self, element, part) -> list:
        """The paragraph's text in pieces, with _PAGE_MARK where a page number stands."""
        return [piece if piece is _PAGE_MARK else _DOCUMENT_DATE.sub(r"\1-\2-\3", piece)
                for piece in self._walk(element, part, _FieldState())]

    def _walk(self, node, part, field_state: _FieldState) -> Iterator[str]:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag.endswith("Pr") or tag == _DELETED:
                continue  # properties, comments, text deleted in a tracked change
            if tag == _HYPERLINK:
                label = "".join(p for p in self._walk(child, part, field_state) if p is not _PAGE_MARK)
                rel = part.rels.get(child.get(_REL_ID)) if child.get(_REL_ID) else None
                yield f"[{label}]({rel.target_ref})" if rel is not None and rel.is_external else label
            elif tag == _SIMPLE_FIELD:
                name = (child.get(_INSTRUCTION) or "").split()[:1]
                if name and name[0] in _PAGE_FIELDS:
                    yield _PAGE_MARK
                else:
                    yield from self._walk(child, part, field_state)
            elif tag == _FIELD_CHAR:
                yield field_state.step(child.get(_FIELD_CHAR_TYPE))
            elif tag == _FIELD_CODE:
                field_state.code += child.text or ""
            elif tag == _TEXT:
                if not field_state.hides_result:
                    yield child.text or ""
            elif tag == _TAB:
                yield "\t"
            elif tag == _NO_BREAK:
                yield "-"
            elif tag in _BREAKS:
                yield "\n"
            else:
                yield from self._walk(child, part, field_state)


def _num_pr(num_pr) -> tuple[str, int] | None:
    num_id = _child_val(num_pr, "w:numId")
    return (num_id, int(_child_val(num_pr, "w:ilvl") or 0)) if num_id else None


def _without_page_numbers(pieces: list) -> list[str]:
    """The lines of a header or footer paragraph, each less the tab-separated parts that hold a
    page number ("Sida 1 (2)")."""
    lines, parts, part, numbered = [], [], [], False
    for piece in [*pieces, "\n"]:
        if piece is _PAGE_MARK:
            numbered = True
            continue
        for index, chunk in enumerate(piece.split("\n")):
            if index:  # a line break: the line ends
                parts.append((part, numbered))
                lines.append("\t".join("".join(p) for p, marked in parts if not marked))
                parts, part, numbered = [], [], False
            for position, segment in enumerate(chunk.split("\t")):
                if position:  # a tab: the part ends
                    parts.append((part, numbered))
                    part, numbered = [], False
                part.append(segment)
    return lines


class _FieldState:
    """Where a complex field (begin, code, separate, result, end) stands while reading runs."""

    def __init__(self) -> None:
        self.code = ""
        self.hides_result = False

    def step(self, kind: str | None) -> str:
        if kind == "begin":
            self.code = ""
        elif kind == "separate":
            name = self.code.split()[:1]
            if name and name[0] in _PAGE_FIELDS:
                self.hides_result = True
                return _PAGE_MARK
        elif kind == "end":
            self.hides_result = False
        return ""


def document_blocks(document) -> list[Block]:
    return _Reader(document).blocks()


def docx_markdown(data: bytes) -> str | None:
    """The Markdown of .docx bytes, or None when they are not a Word document."""
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    return to_markdown(document_blocks(document))


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind in ("number", "bullet", "toc") and previous == block.kind:
            out[-1] += "\n" + _line(block)
        else:
            out.append(_line(block))
        previous = block.kind
    return "\n\n".join(out) + "\n"


def _line(block: Block) -> str:
    label = f"{block.label} " if block.label else ""
    if block.kind == "title":
        return f"# {block.text}"
    if block.kind == "heading":
        return f"{'#' * (block.level + 1)} {label}{block.text}"
    if block.kind == "number":
        return f"{label}{block.text}"
    if block.kind == "bullet":
        return f"- {block.text}"
    if block.kind == "toc":
        return f"{'  ' * (block.level - 1)}- {block.text}"
    if block.kind == "table":
        rows = [[cell.replace("|", "\\|").replace("\n", " ") for cell in row] for row in block.rows]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        if rows:
            lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
        return "\n".join(lines)
    if block.kind in ("header", "footer"):
        # A tab puts a line's parts left and right ("Socialförvaltningen<tab>TJÄNSTESKRIVELSE"); shown
        # as " · " between the parts. Only the tabs are dropped at the ends: a "·" of the text stays.
        lines = [" · ".join(part.strip(" ") for part in line.split("\t") if part.strip(" "))
                 for line in block.text.split("\n")]
        fence = "<!-- sidhuvud -->" if block.kind == "header" else "<!-- sidfot -->"
        return fence + "\n" + "  \n".join(lines)
    return block.text


def plain_text(blocks: list[Block]) -> str:
    """The text of the blocks as Word shows it, without Markdown's marks and escapes."""
    return "\n".join([block.text for block in blocks] + ["\t".join(row) for block in blocks for row in block.rows])


def outline(blocks: list[Block]) -> list[tuple[str, int]]:
    """Each level-1 heading with the number of blocks under it, for the empty-section guard."""
    sections: list[tuple[str, int]] = []
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            sections.append((block.text, 0))
        elif sections and block.kind not in ("header", "footer", "heading", "toc"):
            sections[-1] = (sections[-1][0], sections[-1][1] + 1)
    return sections
