"""The text of a Word document, in reading order, as Markdown.

The Markdown twin of every built document is made from the rendered .docx itself, not from a
second template: the wording lives in one place, and what reviewers diff and tests read is
exactly what the Word file says (header and footer included, tables as tables, numbered lists
with their numbers). `tenderkit textconv` uses the same reading for `git diff` of .docx files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docx.oxml.ns import qn

# Page numbers differ by where the text falls; the Markdown twin shows their place, not a value.
_PAGE_FIELDS = {"PAGE": "x", "NUMPAGES": "y", "SECTIONPAGES": "y"}
_TEXT, _TAB, _DELETED = qn("w:t"), qn("w:tab"), qn("w:delText")
_BREAKS = {qn("w:br"), qn("w:cr")}
_HYPERLINK, _REL_ID = qn("w:hyperlink"), qn("r:id")
_SIMPLE_FIELD, _INSTRUCTION = qn("w:fldSimple"), qn("w:instr")
_FIELD_CHAR, _FIELD_CHAR_TYPE, _FIELD_CODE = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")


@dataclass(frozen=True)
class Block:
    kind: str  # title, heading, paragraph, number, bullet, table, header, footer
    text: str = ""
    level: int = 0  # heading level, 1 for Heading 1
    ordinal: int = 0  # position in its numbered list
    rows: tuple[tuple[str, ...], ...] = ()


class _Reader:
    def __init__(self, document):
        self.document = document
        self.styles = {}  # style id → (name, numId or None, basedOn)
        for style in document.styles.element.findall(qn("w:style")):
            name = style.find(qn("w:name"))
            based = style.find(qn("w:basedOn"))
            num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            self.styles[style.get(qn("w:styleId"))] = (
                name.get(qn("w:val")) if name is not None else "",
                num.get(qn("w:val")) if num is not None else None,
                based.get(qn("w:val")) if based is not None else None)
        self.formats = self._number_formats()
        self.counters: dict[str, int] = {}

    def _number_formats(self) -> dict[str, str]:
        """numId → the number format of its first level (decimal, bullet, …)."""
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return {}
        abstract = {}
        for node in numbering.findall(qn("w:abstractNum")):
            fmt = node.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
            abstract[node.get(qn("w:abstractNumId"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        formats = {}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            formats[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")) if ref is not None else "", "decimal")
        return formats

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
        lines = [self.text(p, part) for p in part.element.iter(qn("w:p"))]
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
        text = self.text(paragraph, part).strip()
        style_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style = style_id.get(qn("w:val")) if style_id is not None else "Normal"
        name = self.styles.get(style, ("", None, None))[0].lower()
        if not text:
            return None
        if name == "title":
            return Block("title", text)
        if name.startswith("heading ") and name[8:].isdigit():
            return Block("heading", text, level=int(name[8:]))
        num_id = self._num_id(paragraph, style)
        if num_id and num_id != "0":
            if self.formats.get(num_id, "decimal") == "bullet":
                return Block("bullet", text)
            self.counters[num_id] = self.counters.get(num_id, 0) + 1
            return Block("number", text, ordinal=self.counters[num_id])
        return Block("paragraph", text)

    def _num_id(self, paragraph, style: str | None) -> str | None:
        own = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if own is not None:
            return own.get(qn("w:val"))
        seen = set()
        while style and style not in seen:
            seen.add(style)
            _, num_id, based = self.styles.get(style, ("", None, None))
            if num_id:
                return num_id
            style = based
        return None

    def text(self, element, part) -> str:
        """The visible text of a paragraph: runs, tabs, breaks, links, and field results."""
        return "".join(self._walk(element, part, _FieldState()))

    def _walk(self, node, part, field: _FieldState) -> Iterator[str]:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag.endswith("Pr") or tag == _DELETED:
                continue  # properties, comments, text deleted in a tracked change
            if tag == _HYPERLINK:
                label = "".join(self._walk(child, part, field))
                rel = part.rels.get(child.get(_REL_ID)) if child.get(_REL_ID) else None
                yield f"[{label}]({rel.target_ref})" if rel is not None and rel.is_external else label
            elif tag == _SIMPLE_FIELD:
                name = (child.get(_INSTRUCTION) or "").split()[:1]
                yield _PAGE_FIELDS[name[0]] if name and name[0] in _PAGE_FIELDS else "".join(self._walk(child, part, field))
            elif tag == _FIELD_CHAR:
                yield field.step(child.get(_FIELD_CHAR_TYPE))
            elif tag == _FIELD_CODE:
                field.code += child.text or ""
            elif tag == _TEXT:
                if not field.hides_result:
                    yield child.text or ""
            elif tag == _TAB:
                yield "\t"
            elif tag in _BREAKS:
                yield "\n"
            else:
                yield from self._walk(child, part, field)


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
                return _PAGE_FIELDS[name[0]]
        elif kind == "end":
            self.hides_result = False
        return ""


def document_blocks(document) -> list[Block]:
    return _Reader(document).blocks()


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind in ("number", "bullet") and previous == block.kind:
            out[-1] += "\n" + _line(block)
        else:
            out.append(_line(block))
        previous = block.kind
    return "\n\n".join(out) + "\n"


def _line(block: Block) -> str:
    if block.kind == "title":
        return f"# {block.text}"
    if block.kind == "heading":
        return f"{'#' * (block.level + 1)} {block.text}"
    if block.kind == "number":
        return f"{block.ordinal}. {block.text}"
    if block.kind == "bullet":
        return f"- {block.text}"
    if block.kind == "table":
        rows = [[cell.replace("|", "\\|").replace("\n", " ") for cell in row] for row in block.rows]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        if rows:
            lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
        return "\n".join(lines)
    if block.kind in ("header", "footer"):
        lines = block.text.replace("\t", " · ").split("\n")
        fence = "<!-- sidhuvud -->" if block.kind == "header" else "<!-- sidfot -->"
        return fence + "\n" + "  \n".join(line.strip(" ·") for line in lines)
    return block.text


def outline(blocks: list[Block]) -> list[tuple[str, int]]:
    """Each level-1 heading with the number of blocks under it, for the empty-section guard."""
    sections: list[tuple[str, int]] = []
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            sections.append((block.text, 0))
        elif sections and block.kind not in ("header", "footer", "heading"):
            sections[-1] = (sections[-1][0], sections[-1][1] + 1)
    return sections
