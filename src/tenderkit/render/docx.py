"""Word documents from .docx templates, rendered with docxtpl in Jinja's sandbox.

Three departures from docxtpl's defaults, each for a reason:
- autoescape is on: with docxtpl's default, "Ekonomi & HR" loses its "&" in the body without a
  word, breaks the XML of a header, and a value can inject Word markup;
- the environment is sandboxed (immutable, with undefined variables as errors), so a template
  (which a municipality may bring) cannot reach Python internals, change the data another
  document sees, or run `*` and `**` into gigabytes; a misspelt field is an error, never a
  silently empty sentence;
- a template is prepared once (read, patched, compiled) and rendered many times, and the
  package is written with fixed zip times, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from numbers import Rational
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from lxml import etree
from markupsafe import Markup
from markupsafe import escape as markup_escape

try:
    import resource
except ImportError:  # Windows
    resource = None

from ..archive import zip_bytes
from ..i18n import _
from ..spec.loader import display_path
from .filters import FILTERS
from .text import document_blocks
from .vocabulary import declared_attributes

HYPERLINK = "link"  # the function every template may call: `{{r link(text, url) }}`


class TemplateProblem(Exception):
    """A template that cannot be rendered: names the template and the text around the fault."""

    def __init__(self, template: Path, message: str, excerpt: str | None = None):
        self.template = template
        self.excerpt = excerpt
        near = _("{message} (near “{excerpt}”)").format(message=message, excerpt=excerpt) if excerpt else message
        super().__init__(f"{display_path(template)}: {near}")


MEMORY_HEADROOM = 2 * 2**30  # what a render may add to the process: far more than any document needs
MAX_REPEATED_LENGTH = 100_000  # `"x" * n` in a template: far beyond any document's need
MAX_POWER_BITS = 4096  # `a ** b`: a number of about 1 200 digits


class _CompileWithoutRunning(CodeGenerator):
    """Jinja computes an output's constant expressions while compiling, before any sandbox check
    (`{{ "x"|center(3000000000) }}`); here only literal text is taken as it stands."""

    def _output_child_to_const(self, node, frame, finalize):  # Jinja's hook for the folding
        if not isinstance(node, (nodes.TemplateData, nodes.Const)):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox every template runs in, with tenderkit's filters. Compiles each distinct
    template source once; docxtpl asks for it on every render.

    Beyond Jinja's sandbox: of a spec model or a dataclass a template reads the declared fields
    and properties only (pydantic's inherited `parse_raw` would unpickle anything), and nothing
    is computed while compiling (Jinja would fold `"x" * 10**9` before any check could see it)."""

    intercepted_binops = frozenset({"*", "**"})
    code_generator_class = _CompileWithoutRunning

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True,
                         finalize=_escaped, optimized=False)
        self.filters.update(FILTERS)
        self._compiled: dict[str, Any] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        declared = None if isinstance(obj, type) else declared_attributes(type(obj))
        if declared is not None:
            return attr in declared
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, Rational) and isinstance(right, int) \
                and max(left.numerator.bit_length(), left.denominator.bit_length()) * abs(right) > MAX_POWER_BITS:
            raise SecurityError(_("a number this large is not allowed in a template"))
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * count > MAX_REPEATED_LENGTH:
                    raise SecurityError(_("repeating a text or list beyond {limit} items is not allowed in a "
                                          "template").format(limit=MAX_REPEATED_LENGTH))
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's signature
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source, globals, template_class)
        return compiled


class DocxRenderer:
    """One template, read and compiled once, rendered for any number of specs."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._source = path.read_bytes()
            damaged = zipfile.ZipFile(io.BytesIO(self._source)).testzip()
            if damaged:
                raise zipfile.BadZipFile(_("{name} is damaged").format(name=damaged))
        except FileNotFoundError:
            raise TemplateProblem(path, _("the template file does not exist")) from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise TemplateProblem(path, _("not a readable Word file ({error})").format(error=exc)) from None
        self._environment = TemplateEnvironment()

    def render(self, context: dict[str, Any], properties: dict[str, str], when: date) -> tuple[bytes, Any]:
        """The rendered .docx bytes and the python-docx document they were written from."""
        template = DocxTemplate(io.BytesIO(self._source))
        try:
            template.init_docx()
        except Exception as exc:  # python-docx raises several kinds for a damaged package
            raise TemplateProblem(self.path, _("not a readable Word file ({error})").format(error=exc)) from None
        context = {**context, HYPERLINK: _hyperlinks(template)}
        try:
            with _memory_ceiling():
                template.render(context, self._environment, autoescape=True)
        except MemoryError:
            raise TemplateProblem(self.path, _("the template makes a text or list larger than any document needs "
                                               "(more than {size} GB)").format(size=MEMORY_HEADROOM // 2**30)) from None
        except TemplateError as exc:
            excerpt = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())
            raise TemplateProblem(self.path, _template_message(exc), excerpt[:120] or None) from None
        except Exception as exc:  # noqa: BLE001 - whatever a template makes Python do, it is the template's fault
            raise TemplateProblem(self.path, _("a tag cannot be rendered: {error}").format(
                error=f"{type(exc).__name__}: {exc}")) from None
        document = template.docx
        restart_numbered_lists(document)
        fill_table_of_contents(document)
        _set_core_properties(document, properties, when)
        return package_bytes(document.part.package, when), document


@contextmanager
def _memory_ceiling() -> Iterator[None]:
    """While a template renders, the process may grow by MEMORY_HEADROOM and no more: a template
    that builds a gigantic text (`"x"|center(3000000000)`, and the many ways like it) gets a
    MemoryError, reported as its fault, instead of taking the machine down. Where the system has
    no such limit (Windows), rendering runs without it."""
    if resource is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    ceiling = used + MEMORY_HEADROOM
    if soft != resource.RLIM_INFINITY and soft <= ceiling:
        yield  # a tighter limit is already set by whoever runs tenderkit
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _escaped(value: Any) -> Markup:
    """What a tag prints, XML-escaped, with braces as character references: docxtpl turns `{_{`
    in its output into `{{` (and `}_}`, `{_%`, `%_}` alike), which would change the spec's text."""
    if isinstance(value, Markup):
        return value
    return Markup(_braces(str(markup_escape(value))))


def _braces(xml_text: str) -> str:
    return xml_text.replace("{", "&#123;").replace("}", "&#125;")


def _template_message(exc: TemplateError) -> str:
    message = str(exc.message if hasattr(exc, "message") and exc.message else exc)
    if isinstance(exc, SecurityError):
        return _("the template tries something templates may not do (reach Python or the system): {error}").format(
            error=message)
    if "is undefined" in message or "has no attribute" in message:
        return _("the template uses a field that tenderkit does not provide: {error}").format(error=message)
    return _("template error: {error}").format(error=message)


def _hyperlinks(template: DocxTemplate):
    """`{{r link(text, url) }}` in a template: a real, clickable Word hyperlink."""
    def link(text: str, url: str) -> Markup:
        part = template.current_rendering_part or template.docx.part  # the header's own, in a header
        rel_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return Markup(
            f'<w:hyperlink r:id="{rel_id}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
            f'<w:t xml:space="preserve">{_braces(escape(str(text)))}</w:t></w:r></w:hyperlink>')
    return link


def restart_numbered_lists(document) -> None:
    """Each run of numbered paragraphs starts again at 1.

    A template has one numbered-list style, so every list rendered from it shares one Word list
    and would go on counting (1–3 in one requirement, 4–6 in the next). Every run after the
    first gets a list instance of its own that restarts at 1.
    """
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return
    style_lists = {}
    for style in document.styles.element.findall(qn("w:style")):
        num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if num is not None and outline is None:  # numbered headings count on through the document
            style_lists[style.get(qn("w:styleId"))] = num.get(qn("w:val"))
    abstract_of = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
                   for n in numbering.findall(qn("w:num"))}
    next_id = max((int(i) for i in abstract_of), default=0) + 1
    seen: set[str] = set()
    previous = current = None
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        list_id = style_lists.get(style.get(qn("w:val"))) if style is not None else None
        if list_id is None or list_id not in abstract_of:
            previous = None
            continue
        if list_id != previous:  # a new run of this list
            current = None
            if list_id in seen:
                current = str(next_id)
                next_id += 1
                numbering.append(parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{current}"><w:abstractNumId w:val="{abstract_of[list_id]}"/>'
                    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
            seen.add(list_id)
        if current:
            _set_list(paragraph, current)
        previous = list_id


_BEFORE_NUMBERING = {qn(f"w:{name}") for name in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                                                  "widowControl")}


def _set_list(paragraph, list_id: str) -> None:
    """Point the paragraph at list `list_id`, replacing numbering of its own, keeping its level."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = etree.SubElement(paragraph, qn("w:pPr"))
        paragraph.insert(0, properties)
    level = "0"
    for own in properties.findall(qn("w:numPr")):
        ilvl = own.find(qn("w:ilvl"))
        level = ilvl.get(qn("w:val")) if ilvl is not None else level
        properties.remove(own)
    position = sum(1 for child in properties if child.tag in _BEFORE_NUMBERING)
    properties.insert(position, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{list_id}"/></w:numPr>'))


def fill_table_of_contents(document) -> None:
    """Write the entries of the template's table of contents (a content control of the kind
    "Table of Contents"), so the contents are there when the file is opened.

    Each heading gets a bookmark; each entry links to it and carries a PAGEREF field for its page
    number. LibreOffice (and so every PDF tenderkit makes) computes those references when it lays
    out the pages; Word, which cannot know page numbers before layout either, updates the fields,
    marked dirty, when it opens or prints the file. The entries are not wrapped in a TOC field:
    LibreOffice would then show the entries' stored page numbers instead of computing them.
    """
    body = document.element.body
    control = next((sdt for sdt in body.iter(qn("w:sdt"))
                    if (gallery := sdt.find(f".//{qn('w:docPartGallery')}")) is not None
                    and gallery.get(qn("w:val")) == "Table of Contents"), None)
    if control is None:
        return
    content = control.find(qn("w:sdtContent"))
    for stale in [p for p in content if p.tag == qn("w:p") and p.find(f".//{qn('w:hyperlink')}") is not None]:
        content.remove(stale)  # entries a restyled template may carry from Word
    headings = [block for block in document_blocks(document) if block.kind == "heading" and block.level <= 2]
    taken_ids = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:id"), "").isdigit()]
    first_id = max(taken_ids, default=0) + 1  # clear of the template's own bookmarks
    for offset, heading in enumerate(headings):
        number = first_id + offset
        name = f"_Toc{number:06d}"
        properties = heading.element.find(qn("w:pPr"))
        heading.element.insert(1 if properties is not None else 0,
                               parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>'))
        heading.element.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))
        label = f'<w:r><w:t xml:space="preserve">{escape(heading.label)}</w:t></w:r><w:r><w:tab/></w:r>' \
            if heading.label else ""
        content.append(parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="TOC{heading.level}"/></w:pPr>'
            f'<w:hyperlink w:anchor="{name}" w:history="1">{label}'
            f'<w:r><w:t xml:space="preserve">{escape(heading.text)}</w:t></w:r><w:r><w:tab/></w:r>'
            f'<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {name} \\h </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t></w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>'))


def _set_core_properties(document, properties: dict[str, str], when: date) -> None:
    core = document.core_properties
    for name, value in properties.items():
        setattr(core, name, value)
    stamp = datetime(when.year, when.month, when.day, tzinfo=UTC)
    core.created = stamp
    core.modified = stamp
    core.last_modified_by = "tenderkit"
    core.revision = 1


_DEFAULT_TYPES = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}


def package_bytes(package, when: date) -> bytes:
    """The package as a zip whose bytes depend only on its content and `when`.

    python-docx stamps each zip entry with the current time; the same spec must give the same
    bytes, so entries are written here in a fixed order with the document's own date.
    """
    parts = sorted(package.iter_parts(), key=lambda part: str(part.partname))

    def entries():
        yield "[Content_Types].xml", _content_types(parts)
        yield "_rels/.rels", package.rels.xml
        for part in parts:
            part.before_marshal()
            yield part.partname.membername, part.blob
            if part.rels:
                yield part.partname.rels_uri.membername, part.rels.xml

    return zip_bytes(entries(), when)


def _content_types(parts) -> str:
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in _DEFAULT_TYPES.items())
    overrides = "".join(f'<Override PartName="{part.partname}" ContentType="{part.content_type}"/>'
                        for part in parts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{defaults}{overrides}</Types>')
