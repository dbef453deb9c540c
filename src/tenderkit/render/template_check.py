"""`tenderkit check-templates`: the problems of .docx templates, found without a spec and all at
once, each with the paragraph or table cell where it sits.

A template fails at render time only on the first problem on the path one spec takes; a
municipality restyling its templates in Word wants every problem, in every branch, before a
board deadline. So the tags are read from the Word XML as docxtpl will see them (every part it
renders: body, headers, footers, footnotes, document properties) and checked three ways: as
Jinja (syntax, filters), against the declared vocabulary (`context.Context`, followed through
the model's types), and for placement (docxtpl replaces a whole paragraph, row or cell for
`{%p`, `{%tr`, `{%tc` tags, so blocks must open and close where it can cut the XML).
"""

from __future__ import annotations

import difflib
import io
import posixpath
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

from ..i18n import N_, _
from ..spec.errors import Problem, Severity
from ..spec.loader import display_path
from .context import Context
from .docx import HYPERLINK, TemplateEnvironment
from .vocabulary import UNKNOWN, Missing, Refused, element, member

OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
LEVELS = ("tr", "tc", "p", "r")  # docxtpl's prefixes: `{%tr for … %}` replaces its whole row
SCOPED = {"for", "with", "macro", "call", "filter"}  # blocks whose `set` stays inside (not `if`)
BLOCKS = SCOPED | {"if", "autoescape", "set"}
CELL_TAGS = {"vm", "hm", "colspan", "cellbg"}  # docxtpl's own tags for merged and coloured cells
ONE_FILE = {"include", "import", "from", "extends", "block"}
# What docxtpl replaces for a `{%p`, `{%tr`, `{%tc` tag, as messages say it (whole sentences, to translate).
LOST_TEXT = {
    "p": (N_("the text “{text}” beside “{tag}” is lost: docxtpl replaces the whole paragraph with the tag"),
          N_("give the tag a paragraph of its own")),
    "tr": (N_("the text “{text}” beside “{tag}” is lost: docxtpl replaces the whole table row with the tag"),
           N_("give the tag a table row of its own")),
    "tc": (N_("the text “{text}” beside “{tag}” is lost: docxtpl replaces the whole table cell with the tag"),
           N_("give the tag a table cell of its own")),
}
NOT_IN_TABLE = {"tr": N_("“{tag}” is not in a table, so docxtpl has no table row to replace"),
                "tc": N_("“{tag}” is not in a table, so docxtpl has no table cell to replace")}
APART = {"p": N_("“{opener}” in {place} and “{other}” are not in the same table cell"),
         "tr": N_("“{opener}” in {place} and “{other}” are not in the same table"),
         "tc": N_("“{opener}” in {place} and “{other}” are not in the same table row")}
PROPERTIES_PART = "document properties"
# Filters that keep a sequence's items, so a loop over `x|sort(attribute="name")` still knows them.
SEQUENCE_FILTERS = {"sort", "reverse", "list", "selectattr", "rejectattr", "unique"}
ITEM_FILTERS = {"first", "last"}
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")  # Word types curly quotes; docxtpl straightens them in tags
TEXT_ELEMENTS = {qn("w:t"), qn("w:delText"), qn("w:instrText")}  # docxtpl renders deleted text and field codes too
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RENDERED_PARTS = ("header", "footer", "footnotes")  # beside the body; docxtpl leaves endnotes alone
# Document properties docxtpl renders as templates (core.xml element → the name Word shows).
PROPERTIES = {"{http://purl.org/dc/elements/1.1/}title": "title", "{http://purl.org/dc/elements/1.1/}subject": "subject",
              "{http://purl.org/dc/elements/1.1/}creator": "author", "{http://purl.org/dc/elements/1.1/}description":
              "comments", "{http://purl.org/dc/elements/1.1/}identifier": "identifier",
              "{http://purl.org/dc/elements/1.1/}language": "language"}

REPORTED: Any = object()  # the shape of an expression already reported: its further steps are not
Finding = tuple[int, str, str, Severity]  # paragraph number (for document order), message, hint, severity


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
        return {"p": self.paragraph, "tc": self.cell, "tr": self.row}[level]

    def text(self, level: str) -> str:
        return "".join(node.text or "" for node in self.container(level).iter(*TEXT_ELEMENTS))


@dataclass(frozen=True)
class Tag:
    delimiter: str  # "{{", "{%" or "{#"
    level: str  # "", "p", "tr", "tc" or "r"
    body: str  # the Jinja inside the delimiters, without docxtpl's prefix and whitespace control
    place: Place
    written: str  # the tag as the template has it
    trims: tuple[bool, bool] = (False, False)  # `{%-` and `-%}`: docxtpl joins the neighbouring paragraph
    unread_prefix: str = ""  # a `p`, `tr`… docxtpl does not see, because a % or } follows it

    @property
    def keyword(self) -> str:
        return self.body.split(maxsplit=1)[0] if self.delimiter == "{%" and self.body.split() else ""

    def __str__(self) -> str:
        return self.written if len(self.written) <= 60 else self.written[:57] + "…"


def check_template(path: Path, vocabulary: type = Context, environment: TemplateEnvironment | None = None) \
        -> list[Problem]:
    """Every problem of the template at `path`, whose tags may name what `vocabulary` declares."""
    environment = environment or TemplateEnvironment()
    shown = display_path(path)
    try:
        parts = _rendered_parts(path.read_bytes())
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        return [Problem(f"{shown}: " + _("not a readable Word file ({error})").format(error=exc),
                        hint=_("save it again from Word as a Word document (.docx)"))]
    if not parts:
        return [Problem(f"{shown}: " + _("not a Word document (it names no main document part)"),
                        hint=_("save it again from Word as a Word document (.docx)"))]
    problems = []
    for label, root in parts:
        shown_label = _("document properties") if label == PROPERTIES_PART else label
        prefix = f"{shown}: " + (f"{shown_label}, " if label else "")
        tags, faults = _property_tags(root) if label == PROPERTIES_PART else _tags(root)
        findings = sorted(faults + _PartCheck(environment, vocabulary).run(tags), key=lambda finding: finding[0])
        problems += [Problem(prefix + message, hint=hint, severity=severity)
                     for _number, message, hint, severity in findings]
    return problems


def _rendered_parts(data: bytes) -> list[tuple[str, Any]]:
    """The parts docxtpl renders, found as Word finds them (through the relationships, so a main
    part Word Online calls document2.xml is found), each with how a message names it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())

        def related(source: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
            rels = posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")
            if rels not in names:
                return []
            found = []
            for relationship in etree.fromstring(archive.read(rels)):
                kind = relationship.get("Type", "").removeprefix(RELATIONSHIP).rsplit("/", 1)[-1]
                target = relationship.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
                if kind in kinds and relationship.get("TargetMode") != "External" and (target in names or source == ""):
                    found.append((kind, target))
            return found

        main = [target for kind, target in related("", ("officeDocument",))]
        if not main:
            return []
        parts = [("", main[0])]
        parts += [(posixpath.splitext(posixpath.basename(target))[0], target)
                  for _kind, target in sorted(related(main[0], RENDERED_PARTS), key=lambda pair: pair[1])]
        parts += [(PROPERTIES_PART, target) for _kind, target in related("", ("core-properties",))]
        return [(label, etree.fromstring(archive.read(target))) for label, target in parts]


def _tags(root) -> tuple[list[Tag], list[Finding]]:
    """Every tag of a part in document order, and the tags that are not closed where they start."""
    tables = {table: number for number, table in enumerate(root.iter(qn("w:tbl")), start=1)}
    tags, faults = [], []
    for number, paragraph in enumerate(root.iter(qn("w:p")), start=1):
        if any(ancestor.tag == FALLBACK for ancestor in paragraph.iterancestors()):
            continue  # a text box's copy for old Word versions: its tags are read in the other copy
        text = "".join(node.text or "" for node in paragraph.iter(*TEXT_ELEMENTS)
                       if next(node.iterancestors(qn("w:p"))) is paragraph)
        if "{" in text:
            _scan(text, _place(paragraph, number, text, tables), tags, faults)
    return tags, faults


def _property_tags(root) -> tuple[list[Tag], list[Finding]]:
    tags, faults = [], []
    for number, node in enumerate(root, start=1):
        if node.tag in PROPERTIES and "{" in (node.text or ""):
            place = Place(_("the property “{name}”").format(name=PROPERTIES[node.tag]), number, node, None, None, None)
            _scan(node.text, place, tags, faults)
    return tags, faults


def _scan(text: str, place: Place, tags: list[Tag], faults: list[Finding]) -> None:
    position = 0
    while (start := _next_opener(text, position)) >= 0:
        opener = text[start:start + 2]
        end = text.find(OPENERS[opener], start + 2)
        other = _next_opener(text, start + 2)
        if end < 0 or 0 <= other < end:
            faults.append((place.number, f"{place.label}: " + _("the tag “{tag}” is not closed here").format(
                tag=text[start:start + 40]), _("end it with {closer} in the same paragraph: a tag cannot run on into "
                                               "the next paragraph or cell").format(closer=OPENERS[opener]), "error"))
            position = start + 2 if end < 0 else other
            continue
        tag = _tag(opener, text[start + 2:end], place, text[start:end + 2])
        if tag.unread_prefix and opener != "{#":
            faults.append((place.number, f"{place.label}: " + _("docxtpl does not take “{tag}” for a {kind} tag, "
                                                                 "because the tag holds “%” or “}}”").format(
                tag=tag, kind=opener + tag.unread_prefix),
                _("move the text with % or } into the spec, and give the tag a plain expression"), "error"))
        else:
            tags.append(tag)
        position = end + 2


def _next_opener(text: str, position: int) -> int:
    found = [index for opener in OPENERS if (index := text.find(opener, position)) >= 0]
    return min(found, default=-1)


def _tag(opener: str, inner: str, place: Place, written: str) -> Tag:
    inner = inner.translate(STRAIGHT_QUOTES)
    prefix = next((level for level in LEVELS if inner.startswith(level + " ")), "")
    level = "" if re.search("[%}]", inner) else prefix  # docxtpl sees a prefix only when no % or } follows it
    body = inner[len(level):]
    trims = (not level and body[:1] == "-", body[-1:] == "-")
    if not level and body[:1] in ("-", "+"):  # whitespace control: `{%- if … -%}`
        body = body[1:]
    if body[-1:] in ("-", "+"):
        body = body[:-1]
    return Tag(opener, level, body.strip(), place, written, trims, unread_prefix=prefix if prefix != level else "")


def _place(paragraph, number: int, text: str, tables: dict) -> Place:
    cell = next(paragraph.iterancestors(qn("w:tc")), None)
    excerpt = " ".join(text.split())
    excerpt = excerpt if len(excerpt) <= 50 else excerpt[:49] + "…"
    if cell is None:
        return Place(_("paragraph {number} “{excerpt}”").format(number=number, excerpt=excerpt), number, paragraph,
                     None, None, None)
    row = next(cell.iterancestors(qn("w:tr")))
    table = next(row.iterancestors(qn("w:tbl")))
    # Rows and cells may sit inside content controls, so they are counted as Word shows them.
    rows = [r for r in table.iter(qn("w:tr")) if next(r.iterancestors(qn("w:tbl"))) is table]
    cells = [c for c in row.iter(qn("w:tc")) if next(c.iterancestors(qn("w:tr"))) is row]
    label = _("table {table}, row {row}, cell {cell} “{excerpt}”").format(
        table=tables[table], row=rows.index(row) + 1, cell=cells.index(cell) + 1, excerpt=excerpt)
    return Place(label, number, paragraph, cell, row, table)


class _PartCheck:
    """One pass over a part's tags: blocks on a stack, the names each block binds in scope."""

    def __init__(self, environment: TemplateEnvironment, vocabulary: type):
        self.environment = environment
        self.blocks: list[tuple[Tag, bool]] = []  # each open block, and whether it opened a scope
        base = {name: UNKNOWN for name in (*environment.globals, HYPERLINK)} | typing.get_type_hints(vocabulary)
        self.names: ChainMap[str, Any] = ChainMap({}, base)
        self.findings: list[Finding] = []

    def run(self, tags: list[Tag]) -> list[Finding]:
        raw = False
        for tag in tags:
            if raw:  # between {% raw %} and {% endraw %} tags are text
                raw = tag.keyword != "endraw"
                continue
            self._placement(tag)
            if tag.delimiter == "{{":
                self._expression(tag)
            elif tag.keyword == "raw":
                raw = True
            elif tag.delimiter == "{%":
                self._statement(tag)
        for opener, _scoped in self.blocks:
            self._fault(opener, _("“{tag}” is never closed").format(tag=opener),
                        _("add {tag} where the block ends (headers and footers are templates of their own)").format(
                            tag=_end_tag(opener)))
        return self.findings

    def _fault(self, tag: Tag, message: str, hint: str, severity: Severity = "error") -> None:
        self.findings.append((tag.place.number, f"{tag.place.label}: {message}", hint, severity))

    # --- placement ---------------------------------------------------------------------------

    def _placement(self, tag: Tag) -> None:
        if tag.level in NOT_IN_TABLE and tag.place.cell is None:
            self._fault(tag, _(NOT_IN_TABLE[tag.level]).format(tag=tag),
                        _("put it in the table it repeats, or use {tag} in a paragraph of its own").format(
                            tag="{%p … %}"))
            return
        if tag.level in LOST_TEXT:
            rest = tag.place.text(tag.level).replace(tag.written, "", 1)
            if rest.strip():
                message, hint = LOST_TEXT[tag.level]
                self._fault(tag, _(message).format(text=" ".join(rest.split())[:60], tag=tag), _(hint))
        if tag.keyword in CELL_TAGS and tag.place.cell is None:
            self._fault(tag, _("“{tag}” only works in a table cell").format(tag=tag),
                        _("move it into the cell it merges or colours"))

    def _pair(self, opener: Tag, other: Tag) -> None:
        """Both ends of a block (and its else/elif) must be where docxtpl can cut the XML."""
        if opener.level != other.level:
            self._fault(other, _("“{other}” belongs to “{opener}” in {place}, but the two tags are of different "
                                 "kinds").format(other=other, opener=opener, place=opener.place.label),
                        _("write both as {tag}").format(tag=f"{{%{opener.level} … %}}"))
        elif opener.level in ("", "r") and opener.place.paragraph is not other.place.paragraph:
            self._plain_pair(opener, other)
        elif (opener.level == "p" and opener.place.cell is not other.place.cell) \
                or (opener.level == "tr" and opener.place.table is not other.place.table) \
                or (opener.level == "tc" and opener.place.row is not other.place.row):
            self._fault(other, _(APART[opener.level]).format(opener=opener, place=opener.place.label, other=other),
                        _("close the block where it opens; to repeat table rows use {tag}").format(tag="{%tr … %}"))

    def _plain_pair(self, opener: Tag, other: Tag) -> None:
        """A block of plain tags whose ends sit in different paragraphs: docxtpl keeps or drops
        the XML between them, which is sound within one cell (or outside tables), though a
        false condition joins the two paragraphs; across cells it breaks the table."""
        if opener.place.cell is not other.place.cell:
            message = _("“{opener}” in {place} and “{other}” are in different table cells, which docxtpl cannot "
                        "place") if opener.place.cell is not None and other.place.cell is not None else \
                _("“{opener}” in {place} and “{other}” are in a table cell and outside it, which docxtpl cannot place")
            self._fault(other, message.format(opener=opener, place=opener.place.label, other=other),
                        _("to repeat or hide table rows, write {row_open} and {row_close}, each in a row of its own; "
                          "to hide paragraphs, {paragraph_open} and {paragraph_close}").format(
                            row_open=f"{{%tr {opener.body} %}}", row_close=f"{{%tr {other.body} %}}",
                            paragraph_open=f"{{%p {opener.body} %}}", paragraph_close=f"{{%p {other.body} %}}"))
        elif opener.keyword == "if" and not (opener.trims[1] or other.trims[0]):
            self._fault(other, _("when the condition of “{opener}” in {place} is false, its paragraph and this one "
                                 "become one paragraph").format(opener=opener, place=opener.place.label),
                        _("to hide whole paragraphs, write {open} and {close}, each in a paragraph of its own").format(
                            open=f"{{%p {opener.body} %}}", close=f"{{%p {other.body} %}}"), "warning")

    # --- Jinja and the vocabulary -----------------------------------------------------------

    def _expression(self, tag: Tag) -> None:
        tree = self._parse(tag, f"{{{{ {tag.body} }}}}")
        if tree is None:
            return
        [output] = tree.body
        for node in output.nodes:
            self._resolve(tag, node)
        if tag.level == "p":
            self._fault(tag, _("tenderkit has nothing that “{tag}” can insert: the text would be lost").format(tag=tag),
                        _("write {tag}").format(tag=f"{{{{ {tag.body} }}}}"))
        elif tag.level == "r" and not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
                                       and node.node.name == HYPERLINK):
            self._fault(tag, _("only {run} makes a run: “{tag}” would lose its text").format(
                run=f"{{{{r {HYPERLINK}(…) }}}}", tag=tag), _("write {tag}").format(tag=f"{{{{ {tag.body} }}}}"))

    def _statement(self, tag: Tag) -> None:
        keyword = tag.keyword
        if keyword in CELL_TAGS:
            arguments = tag.body[len(keyword):].strip()
            if arguments:
                self._expression(Tag("{{", "", arguments, tag.place, tag.written))
        elif keyword in ONE_FILE:
            self._fault(tag, _("“{tag}” needs other template files, and a template is one .docx").format(tag=tag),
                        _("write the text into this template instead"))
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
        scoped = tag.keyword in SCOPED
        self.blocks.append((tag, scoped))
        if scoped:
            self.names = self.names.new_child(scope)

    def _close(self, tag: Tag, keyword: str) -> None:
        if not self.blocks:
            self._fault(tag, _("“{tag}” closes no block").format(tag=tag),
                        _("remove it, or add the tag that opens the block"))
            return
        opener = self.blocks[-1][0]
        if opener.keyword != keyword:
            self._fault(tag, _("“{tag}” cannot close “{opener}” in {place}").format(
                tag=tag, opener=opener, place=opener.place.label),
                _("close that block with {tag} first").format(tag=_end_tag(opener)))
            if keyword not in {block.keyword for block, _scoped in self.blocks}:
                return  # a stray end tag: keep the open block open
        while self.blocks:
            opener, scoped = self.blocks.pop()
            if scoped:
                self.names = self.names.parents
            if opener.keyword == keyword:
                self._pair(opener, tag)
                return

    def _middle(self, tag: Tag) -> None:
        opener = self.blocks[-1][0] if self.blocks else None
        if opener is None or opener.keyword not in ("if", "for") or (tag.keyword == "elif" and opener.keyword != "if"):
            self._fault(tag, _("“{tag}” is not inside an {block} block").format(tag=tag, block="{% if %}"),
                        _("remove it, or open the block before it"))
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
            tree = self.environment.parse(source)
            self.environment.compile(tree)  # finds unknown filters and tests
            return tree
        except TemplateError as exc:
            unknown = re.match(r"No (filter|test) named '(.+)'", exc.message or "")
            known = self.environment.filters if unknown and unknown[1] == "filter" else self.environment.tests
            close = difflib.get_close_matches(unknown[2], list(known), n=1) if unknown else []
            listed = _("the filters are: {names}") if unknown and unknown[1] == "filter" else _("the tests are: {names}")
            self._fault(tag, _("“{tag}” is not valid: {error}").format(tag=tag, error=exc.message or exc),
                        _("did you mean `{name}`?").format(name=close[0]) if close else
                        listed.format(names=", ".join(sorted(known))) if unknown else
                        _("correct the tag (Jinja syntax: https://jinja.palletsprojects.com/templates/)"))
            return None

    def _resolve(self, tag: Tag, node: nodes.Node, names: ChainMap | None = None) -> Any:
        """The shape of an expression; a name or field the vocabulary lacks is a finding."""
        names = names if names is not None else self.names
        if isinstance(node, nodes.Name):
            if node.name in names:
                return names[node.name]
            close = difflib.get_close_matches(node.name, list(names), n=1)
            self._fault(tag, _("“{tag}” uses `{name}`, which no spec has").format(tag=tag, name=node.name),
                        _("did you mean `{name}`?").format(name=close[0]) if close else
                        _("see `tenderkit schema` for the spec's fields"))
            return REPORTED
        if isinstance(node, nodes.Test) and node.name in ("defined", "undefined"):
            if isinstance(node.node, (nodes.Getattr, nodes.Getitem)):  # asks whether the last step exists
                self._resolve(tag, node.node.node, names)
            return UNKNOWN
        if isinstance(node, nodes.Filter) and node.node is not None and node.name in SEQUENCE_FILTERS | ITEM_FILTERS:
            shape = self._resolve(tag, node.node, names)
            for argument in (*node.args, *(keyword.value for keyword in node.kwargs)):
                self._resolve(tag, argument, names)
            item = element(shape)
            return item if node.name in ITEM_FILTERS else UNKNOWN if item is UNKNOWN else list[item]
        key = node.attr if isinstance(node, nodes.Getattr) else \
            node.arg.value if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) else None
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            owner = self._resolve(tag, node.node, names)
            if owner is REPORTED:
                return REPORTED
            if not isinstance(key, str):
                if isinstance(node, nodes.Getitem):
                    self._resolve(tag, node.arg, names)
                return element(owner)
            try:
                return member(owner, key)
            except Refused as refused:
                self._fault(tag, _("“{tag}” uses `{name}`, which a template may not: {reason}").format(
                    tag=tag, name=_dotted(node), reason=refused),
                    _("a template reads the spec's fields (`tenderkit schema` lists them) and nothing else"))
            except Missing as missing:
                close = difflib.get_close_matches(key, missing.known, n=1) or \
                    [missing.titles[title] for title in difflib.get_close_matches(key.lower(), missing.titles, n=1)]
                self._fault(tag, _("“{tag}” uses `{name}`, but `{owner}` has no field `{field}`").format(
                    tag=tag, name=_dotted(node), owner=_dotted(node.node), field=key),
                    _("did you mean `{name}`?").format(name=close[0]) if close else
                    _("its fields are: {names}").format(names=", ".join(missing.known)) if missing.known else
                    _("see `tenderkit schema` for the spec's fields"))
            return REPORTED
        for child in node.iter_child_nodes():
            self._resolve(tag, child, names)
        return UNKNOWN


def _end_tag(opener: Tag) -> str:
    """The tag that closes the block `opener` opens: `{%tr endfor %}`."""
    return f"{{%{opener.level} end{opener.keyword} %}}"


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
