"""Word documents from .docx templates, rendered with docxtpl in Jinja's sandbox.

Three departures from docxtpl's defaults, each for a reason:
- autoescape is on: with docxtpl's default, "Ekonomi & HR" loses its "&" in the body without a
  word, breaks the XML of a header, and a value can inject Word markup;
- the environment is sandboxed with undefined variables as errors, so a template (which a
  municipality may bring) cannot reach Python internals and a misspelt field is an error,
  never a silently empty sentence;
- a template is prepared once (read, patched, compiled) and rendered many times, and the
  package is written with fixed zip times, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .filters import FILTERS


class TemplateProblem(Exception):
    """A template that cannot be rendered: names the template and the text around the fault."""

    def __init__(self, template: Path, message: str, excerpt: str | None = None):
        self.template = template
        self.excerpt = excerpt
        super().__init__(f"{template}: {message}" + (f" (near “{excerpt}”)" if excerpt else ""))


class _PreparedEnvironment(SandboxedEnvironment):
    """Compiles each distinct template source once; docxtpl asks for it on every render."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
        self.filters.update(FILTERS)
        self._compiled: dict[str, Any] = {}

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
            zipfile.ZipFile(io.BytesIO(self._source)).testzip()
        except FileNotFoundError:
            raise TemplateProblem(path, "the template file does not exist") from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise TemplateProblem(path, f"not a readable Word file ({exc})") from None
        self._environment = _PreparedEnvironment()

    def render(self, context: dict[str, Any], properties: dict[str, str], when: date) -> tuple[bytes, Any]:
        """The rendered .docx bytes and the python-docx document they were written from."""
        template = DocxTemplate(io.BytesIO(self._source))
        try:
            template.init_docx()
        except Exception as exc:  # python-docx raises several kinds for a damaged package
            raise TemplateProblem(self.path, f"not a readable Word file ({exc})") from None
        context = {**context, "link": _hyperlinks(template)}
        try:
            template.render(context, self._environment, autoescape=True)
        except TemplateError as exc:
            excerpt = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())
            raise TemplateProblem(self.path, _template_message(exc), excerpt[:120] or None) from None
        document = template.docx
        _set_core_properties(document, properties, when)
        return package_bytes(document.part.package, when), document


def _template_message(exc: TemplateError) -> str:
    message = str(exc.message if hasattr(exc, "message") and exc.message else exc)
    if "is undefined" in message or "has no attribute" in message:
        return f"the template uses a field the spec does not have: {message}"
    return f"template error: {message}"


def _hyperlinks(template: DocxTemplate):
    """`{{r link(text, url) }}` in a template: a real, clickable Word hyperlink."""
    def link(text: str, url: str) -> Markup:
        rel_id = template.docx.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return Markup(
            f'<w:hyperlink r:id="{rel_id}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(str(text))}</w:t></w:r></w:hyperlink>')
    return link


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
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    parts = sorted(package.iter_parts(), key=lambda part: str(part.partname))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, data: bytes | str) -> None:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        put("[Content_Types].xml", _content_types(parts))
        put("_rels/.rels", package.rels.xml)
        for part in parts:
            part.before_marshal()
            put(part.partname.membername, part.blob)
            if part.rels:
                put(part.partname.rels_uri.membername, part.rels.xml)
    return buffer.getvalue()


def _content_types(parts) -> str:
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in _DEFAULT_TYPES.items())
    overrides = "".join(f'<Override PartName="{part.partname}" ContentType="{part.content_type}"/>'
                        for part in parts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{defaults}{overrides}</Types>')
