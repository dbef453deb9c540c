"""`tenderkit check-templates`: the problems of .docx templates, found without a spec and all at
once, each with the paragraph or table cell where it sits.

A template fails at render time only on the first problem on the path one spec takes; a
municipality restyling its templates in Word wants every problem, in every branch, before a
board deadline. So the tags are read from the Word XML as docxtpl will see them and checked
three ways: as Jinja (syntax, filters), against the declared vocabulary (`context.Context`,
followed through the model's types), and for placement (docxtpl replaces a whole paragraph,
row or cell for `{%p`, `{%tr`, `{%tc` tags, so blocks must open and close at the same level).
"""

from __future__ import annotations

import difflib
import io
import re
import typing
import zipfile
from collections import ChainMap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from jinja2 import TemplateError, nodes
from lxml import etree

from ..build import AGENDA_TEMPLATE, TEMPLATE_NAMES
from ..spec.errors import Problem
from ..spec.loader import display_path
from .context import AgendaContext, Context
from .docx import HYPERLINK, TemplateEnvironment
from .vocabulary import UNKNOWN, Missing, element, member

CHECKED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
LEVELS = ("tr", "tc", "p", "r")  # docxtpl's prefixes: `{%tr for … %}` replaces its whole row
BLOCKS = {"if", "for", "with", "macro", "call", "filter", "autoescape", "set"}
CELL_TAGS = {"vm", "hm", "colspan", "cellbg"}  # docxtpl's own tags for merged and coloured cells
ONE_FILE = {"include", "import", "from", "extends", "block"}
CONTAINER = {"p": "paragraph", "tr": "table row", "tc": "table cell"}
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")  # Word types curly quotes; docxtpl straightens them in tags

Finding = tuple[int, str, str]  # paragraph number (for document order), message, hint


@dataclass(frozen=True)
class Place:
    """Where a tag sits: a paragraph of a part, perhaps in a table cell."""

    label: str
    number: int  # the paragraph's position in its part, to report in document order
    paragraph: Any = field(compare=False, repr=False)
    cell: Any = field(compare=False, repr=False)
    row: Any = field(compare=False, repr=False)
    table: Any = field(compare=False, repr=False)

    def container(self, level: str) -> Any:
        return {"p": self.paragraph, "r": self.paragraph, "": self.paragraph, "tc": self.cell, "tr": self.row}[level]


@dataclass(frozen=True)
class Tag:
    delimiter: str  # "{{", "{%" or "{#"
    level: str  # "", "p", "tr", "tc" or "r"
    body: str  # the Jinja inside the delimiters, without docxtpl's prefix and whitespace control
    place: Place
    written: str  # the tag as the template has it

    @property
    def keyword(self) -> str:
        return self.body.split(maxsplit=1)[0] if self.delimiter == "{%" and self.body.split() else ""

    def __str__(self) -> str:
        return self.written if len(self.written) <= 60 else self.written[:57] + "…"


def template_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The .docx files named or in the directories named, and a note for each template a
    directory leaves to tenderkit's own."""
    files, notes = [], []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(file for file in path.glob("*.docx") if not file.name.startswith("~$"))  # Word's lock files
        files += found
        notes += [f"{display_path(path)} has no {name}: tenderkit's own is used" for name in TEMPLATE_NAMES
                  if path / name not in found]
    return files, notes


def check_template(path: Path, environment: TemplateEnvironment | None = None) -> list[Problem]:
    environment = environment or TemplateEnvironment()
    shown = display_path(path)
    try:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            parts = [(name, etree.fromstring(archive.read(name))) for name in sorted(archive.namelist())
                     if CHECKED_PARTS.fullmatch(name)]
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        return [Problem(f"{shown}: not a readable Word file ({exc})",
                        hint="save it again from Word as a Word document (.docx)")]
    if not any(name == "word/document.xml" for name, _ in parts):
        return [Problem(f"{shown}: not a Word document (it has no word/document.xml)",
                        hint="save it again from Word as a Word document (.docx)")]
    vocabulary = AgendaContext if path.name == AGENDA_TEMPLATE else Context
    problems = []
    for name, root in parts:
        part = Path(name).stem
        prefix = f"{shown}: " + ("" if part == "document" else f"{part}, ")
        tags, faults = _tags(root)
        findings = sorted(faults + _PartCheck(environment, vocabulary).run(tags), key=lambda finding: finding[0])
        problems += [Problem(prefix + message, hint=hint) for _, message, hint in findings]
    return problems


def _tags(root) -> tuple[list[Tag], list[Finding]]:
    """Every tag of a part in document order, and the tags that are not closed where they start."""
    tables = {table: number for number, table in enumerate(root.iter(qn("w:tbl")), start=1)}
    tags, faults = [], []
    for number, paragraph in enumerate(root.iter(qn("w:p")), start=1):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        if "{" not in text:
            continue
        place = _place(paragraph, number, text, tables)
        position = 0
        while (start := _next_opener(text, position)) >= 0:
            opener = text[start:start + 2]
            end = text.find(OPENERS[opener], start + 2)
            other = _next_opener(text, start + 2)
            if end < 0 or 0 <= other < end:
                faults.append((place.number, f"{place.label}: the tag “{text[start:start + 40]}” is not closed in this paragraph",
                               f"end it with {OPENERS[opener]} in the same paragraph: a tag cannot run on "
                               "into the next paragraph or cell"))
                position = start + 2 if end < 0 else other
                continue
            tags.append(_tag(opener, text[start + 2:end], place, text[start:end + 2]))
            position = end + 2
    return tags, faults


def _next_opener(text: str, position: int) -> int:
    found = [index for opener in OPENERS if (index := text.find(opener, position)) >= 0]
    return min(found, default=-1)


def _tag(opener: str, inner: str, place: Place, written: str) -> Tag:
    inner = inner.translate(STRAIGHT_QUOTES)
    level = next((level for level in LEVELS if inner.startswith(level + " ")), "")
    body = inner[len(level):]
    if not level and body[:1] in ("-", "+"):  # whitespace control: `{%- if … -%}`
        body = body[1:]
    if body[-1:] in ("-", "+") and opener != "{{":
        body = body[:-1]
    return Tag(opener, level, body.strip(), place, written)


def _place(paragraph, number: int, text: str, tables: dict) -> Place:
    cell = next(paragraph.iterancestors(qn("w:tc")), None)
    row = next(paragraph.iterancestors(qn("w:tr")), None)
    table = next(paragraph.iterancestors(qn("w:tbl")), None)
    excerpt = " ".join(text.split())
    excerpt = f"“{excerpt if len(excerpt) <= 50 else excerpt[:49] + '…'}”"
    if cell is None:
        return Place(f"paragraph {number} {excerpt}", number, paragraph, None, None, None)
    rows = table.findall(qn("w:tr"))
    cells = row.findall(qn("w:tc"))
    label = (f"table {tables[table]}, row {rows.index(row) + 1}, cell {cells.index(cell) + 1} {excerpt}")
    return Place(label, number, paragraph, cell, row, table)


class _PartCheck:
    """One pass over a part's tags: blocks on a stack, the names each block binds in scope."""

    def __init__(self, environment: TemplateEnvironment, vocabulary: type):
        self.environment = environment
        self.blocks: list[Tag] = []
        base = {name: UNKNOWN for name in (*environment.globals, HYPERLINK)} | typing.get_type_hints(vocabulary)
        self.names: ChainMap[str, Any] = ChainMap({}, base)
        self.findings: list[Finding] = []

    def run(self, tags: list[Tag]) -> list[Finding]:
        for tag in tags:
            self._placement(tag)
            if tag.delimiter == "{{":
                self._expression(tag)
            elif tag.delimiter == "{%":
                self._statement(tag)
        for opener in self.blocks:
            self._fault(opener, f"“{opener}” is never closed",
                        f"add {{%{opener.level and opener.level + ' '}end{opener.keyword} %}} where the block ends "
                        "(headers and footers are templates of their own)")
        return self.findings

    def _fault(self, tag: Tag, message: str, hint: str) -> None:
        self.findings.append((tag.place.number, f"{tag.place.label}: {message}", hint))

    # --- placement ---------------------------------------------------------------------------

    def _placement(self, tag: Tag) -> None:
        if tag.level in ("tr", "tc") and tag.place.cell is None:
            self._fault(tag, f"“{tag}” is not in a table, so docxtpl has no {CONTAINER[tag.level]} to replace",
                        "put it in the table it repeats, or use {%p … %} in a paragraph of its own")
            return
        if tag.level in CONTAINER:
            container = tag.place.container(tag.level)
            rest = "".join(node.text or "" for node in container.iter(qn("w:t"))).replace(tag.written, "", 1)
            if rest.strip():
                self._fault(tag, f"the text “{' '.join(rest.split())[:60]}” beside “{tag}” is lost: docxtpl "
                                 f"replaces the whole {CONTAINER[tag.level]} with the tag",
                            f"give the tag a {CONTAINER[tag.level]} of its own")
        if tag.keyword in CELL_TAGS and tag.place.cell is None:
            self._fault(tag, f"“{tag}” only works in a table cell", "move it into the cell it merges or colours")

    def _pair(self, opener: Tag, other: Tag) -> None:
        """Both ends of a block (and its else/elif) must be where docxtpl can cut the XML."""
        if opener.level != other.level:
            self._fault(other, f"“{other}” belongs to “{opener}” in {opener.place.label}, but the two tags are "
                               "of different kinds",
                        f"write both as {{%{opener.level and opener.level + ' '}…%}}")
        elif opener.level in ("", "r") and opener.place.paragraph is not other.place.paragraph:
            if opener.place.cell is not None or other.place.cell is not None:
                self._fault(other, f"“{opener}” in {opener.place.label} and “{other}” are in different table "
                                   "cells, which docxtpl cannot place",
                            f"to repeat or hide table rows, write {{%tr {opener.body} %}} and {{%tr {other.body} %}}, "
                            "each in a row of its own")
            else:
                self._fault(other, f"“{opener}” in {opener.place.label} and “{other}” are in different "
                                   "paragraphs, which docxtpl cannot place",
                            f"write {{%p {opener.body} %}} and {{%p {other.body} %}}, each in a paragraph of its own")
        elif (opener.level == "p" and opener.place.cell is not other.place.cell) \
                or (opener.level == "tr" and opener.place.table is not other.place.table) \
                or (opener.level == "tc" and opener.place.row is not other.place.row):
            inside = {"p": "table cell", "tr": "table", "tc": "table row"}[opener.level]
            self._fault(other, f"“{opener}” in {opener.place.label} and “{other}” are not in the same {inside}",
                        "close the block where it opens; to repeat table rows use {%tr … %}")

    # --- Jinja and the vocabulary -----------------------------------------------------------

    def _expression(self, tag: Tag) -> None:
        tree = self._parse(tag, f"{{{{ {tag.body} }}}}")
        if tree is not None:
            for output in tree.body:
                for node in output.nodes:
                    self._resolve(tag, node)

    def _statement(self, tag: Tag) -> None:
        keyword = tag.keyword
        if keyword in CELL_TAGS:
            arguments = tag.body[len(keyword):].strip()
            if arguments:
                self._expression(Tag("{{", tag.level, arguments, tag.place, tag.written))
        elif keyword in ONE_FILE:
            self._fault(tag, f"“{tag}” needs other template files, and a template is one .docx",
                        "write the text into this template instead")
        elif keyword.startswith("end"):
            self._close(tag, keyword[3:])
        elif keyword in ("else", "elif"):
            self._middle(tag)
        elif keyword in BLOCKS and not (keyword == "set" and "=" in tag.body):
            self._open(tag)
        else:
            tree = self._parse(tag, f"{{% {tag.body} %}}")
            if tree is not None:
                self._bind(tag, tree.body[0])

    def _open(self, tag: Tag) -> None:
        tree = self._parse(tag, f"{{% {tag.body} %}}{{% end{tag.keyword} %}}")
        scope: dict[str, Any] = {}
        if tree is not None:
            node = tree.body[0]
            if isinstance(node, nodes.For):
                item = element(self._resolve(tag, node.iter))
                scope = {name: item if isinstance(node.target, nodes.Name) else UNKNOWN
                         for name in _assigned(node.target)} | {"loop": UNKNOWN}
                if node.test is not None:
                    self._resolve(tag, node.test, ChainMap(scope, *self.names.maps))
            elif isinstance(node, nodes.If):
                self._resolve(tag, node.test)
            elif isinstance(node, nodes.With):
                for target, value in zip(node.targets, node.values, strict=True):
                    scope |= dict.fromkeys(_assigned(target), self._resolve(tag, value))
            elif isinstance(node, nodes.Macro):
                scope = {argument.name: UNKNOWN for argument in node.args} | {"caller": UNKNOWN}
                self.names.maps[0][node.name] = UNKNOWN
            elif isinstance(node, nodes.AssignBlock):
                self.names.maps[0] |= dict.fromkeys(_assigned(node.target), UNKNOWN)
            else:
                for child in node.iter_child_nodes():
                    if isinstance(child, nodes.Expr):
                        self._resolve(tag, child)
        self.blocks.append(tag)
        self.names = self.names.new_child(scope)

    def _close(self, tag: Tag, keyword: str) -> None:
        if not self.blocks:
            self._fault(tag, f"“{tag}” closes no block", "remove it, or add the tag that opens the block")
            return
        opener = self.blocks[-1]
        if opener.keyword != keyword:
            self._fault(tag, f"“{tag}” cannot close “{opener}” in {opener.place.label}",
                        f"close that block with {{%{opener.level and opener.level + ' '}end{opener.keyword} %}} first")
            if keyword not in {block.keyword for block in self.blocks}:
                return  # a stray end tag: keep the open block open
        while self.blocks:
            opener = self.blocks.pop()
            self.names = self.names.parents
            if opener.keyword == keyword:
                self._pair(opener, tag)
                return

    def _middle(self, tag: Tag) -> None:
        opener = self.blocks[-1] if self.blocks else None
        if opener is None or opener.keyword not in ("if", "for") or (tag.keyword == "elif" and opener.keyword != "if"):
            self._fault(tag, f"“{tag}” is not inside an {{% if %}} block", "remove it, or open the block before it")
            return
        self._pair(opener, tag)
        if tag.keyword == "elif":
            tree = self._parse(tag, f"{{% if {tag.body[4:]} %}}{{% endif %}}")
            if tree is not None:
                self._resolve(tag, tree.body[0].test)

    def _bind(self, tag: Tag, node: nodes.Node) -> None:
        if isinstance(node, nodes.Assign):
            shape = self._resolve(tag, node.node)
            single = isinstance(node.target, nodes.Name)
            self.names.maps[0] |= dict.fromkeys(_assigned(node.target), shape if single else UNKNOWN)
        else:
            for child in node.find_all(nodes.Expr):
                self._resolve(tag, child)

    def _parse(self, tag: Tag, source: str) -> nodes.Template | None:
        try:
            self.environment.compile(source)  # also finds unknown filters and tests
            return self.environment.parse(source)
        except TemplateError as exc:
            unknown = re.match(r"No (filter|test) named '(.+)'", exc.message or "")
            known = self.environment.filters if unknown and unknown[1] == "filter" else self.environment.tests
            close = difflib.get_close_matches(unknown[2], list(known), n=1) if unknown else []
            self._fault(tag, f"“{tag}” is not valid: {exc.message or exc}",
                        f"did you mean `{close[0]}`?" if close else
                        f"the {unknown[1]}s are: {', '.join(sorted(known))}" if unknown else
                        "correct the tag (Jinja syntax: https://jinja.palletsprojects.com/templates/)")
            return None

    def _resolve(self, tag: Tag, node: nodes.Node, names: ChainMap | None = None) -> Any:
        """The shape of an expression; a name or field the vocabulary lacks is a finding."""
        names = names if names is not None else self.names
        if isinstance(node, nodes.Name):
            if node.name in names:
                return names[node.name]
            close = difflib.get_close_matches(node.name, list(names), n=1)
            self._fault(tag, f"“{tag}” uses `{node.name}`, which no spec has",
                        f"did you mean `{close[0]}`?" if close else "see `tenderkit schema` for the spec's fields")
            return UNKNOWN
        key = node.attr if isinstance(node, nodes.Getattr) else \
            node.arg.value if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) else None
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            owner = self._resolve(tag, node.node, names)
            if not isinstance(key, str):
                if isinstance(node, nodes.Getitem):
                    self._resolve(tag, node.arg, names)
                return element(owner)
            try:
                return member(owner, key)
            except Missing as missing:
                close = difflib.get_close_matches(key, missing.known, n=1)
                self._fault(tag, f"“{tag}” uses `{_dotted(node)}`, but `{_dotted(node.node)}` has no field `{key}`",
                            f"did you mean `{close[0]}`?" if close else
                            ("its fields are: " + ", ".join(missing.known)) if missing.known else
                            "see `tenderkit schema` for the spec's fields")
                return UNKNOWN
        for child in node.iter_child_nodes():
            self._resolve(tag, child, names)
        return UNKNOWN


def _assigned(target: nodes.Node) -> list[str]:
    return [name.name for name in target.find_all(nodes.Name)] if not isinstance(target, nodes.Name) else [target.name]


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"
