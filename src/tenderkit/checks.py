"""Guards on rendered documents: what no built document may contain, lack, or be.

These run on the finished output, after every other stage, because that is where a template's
own leftovers, an empty section or a broken package would otherwise reach a board member.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable

from lxml import etree

from .i18n import _
from .spec import types

RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"  # r:id, r:embed …
# What a spec may not hold (a Word template's prompts), and the tags a render may leave behind.
LEFTOVER_MARKERS = (*types.LEFTOVER_MARKERS, "{{", "{%")
_LEFTOVER = re.compile("|".join(re.escape(m) for m in LEFTOVER_MARKERS), re.IGNORECASE)


def leftovers(text: str, data_texts: Iterable[str]) -> list[str]:
    """Markers of unfinished text in `text` that the spec's own data does not account for.

    Data may legitimately hold `{{` (a text about templates, say) and must then appear
    literally, so strings from the data are taken out before looking.
    """
    if not _LEFTOVER.search(text):
        return []
    for data in sorted((d for d in data_texts if _LEFTOVER.search(d)), key=len, reverse=True):
        text = re.sub(re.escape(data), " ", text, flags=re.IGNORECASE)  # a name may be printed lower-cased
    found = []
    for match in _LEFTOVER.finditer(text):
        start = max(match.start() - 30, 0)
        found.append(" ".join(text[start:match.end() + 30].split()))
    return found


def empty_sections(outline: list[tuple[str, int]], required: Iterable[str]) -> list[str]:
    """Headings with nothing under them, and required headings (matched by their start) that
    are missing."""
    problems = [_("the section “{heading}” is empty").format(heading=heading) for heading, blocks in outline if blocks == 0]
    for prefix in required:
        if not any(heading.startswith(prefix) for heading, _blocks in outline):
            problems.append(_("the required section “{start}…” is missing").format(start=prefix))
    return problems


def package_faults(data: bytes) -> list[str]:
    """Why a .docx would make Word offer to repair it: a broken zip, XML that does not parse, a
    part without a content type, a relationship that points nowhere, a reference (a hyperlink's
    r:id) to a relationship the part does not have."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        return [_("not a zip package: {error}").format(error=exc)]
    if "[Content_Types].xml" not in names:
        return [_("no [Content_Types].xml")]
    faults = []
    parsed = {}
    for name in sorted(names):
        if name.endswith((".xml", ".rels")):
            try:
                parsed[name] = etree.fromstring(archive.read(name))
            except etree.XMLSyntaxError as exc:
                faults.append(_("{name} is not well-formed XML: {error}").format(name=name, error=exc))
    types = parsed.get("[Content_Types].xml")
    if types is None:
        return faults
    defaults = {node.get("Extension").lower() for node in types if node.tag.endswith("Default")}
    overrides = {node.get("PartName").lstrip("/") for node in types if node.tag.endswith("Override")}
    for name in sorted(names - {"[Content_Types].xml"}):
        if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            faults.append(_("{name} has no content type").format(name=name))
    faults += [_("[Content_Types].xml names {name}, which is missing").format(name=name)
               for name in sorted(overrides - names)]
    for name, rels in parsed.items():
        if not name.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(name))
        for rel in rels:
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            if resolved not in names:
                faults.append(_("{name}: relationship {id} points to {target}, which is missing").format(
                    name=name, id=rel.get("Id"), target=target))
    for name, root in parsed.items():
        if name.endswith(".rels"):
            continue
        rels = parsed.get(posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels"))
        known = {rel.get("Id") for rel in rels} if rels is not None else set()
        used = {value for node in root.iter() for key, value in node.attrib.items() if key.startswith(RELATIONSHIPS)}
        faults += [_("{name} refers to relationship {id}, which {name} does not have").format(name=name, id=rel_id)
                   for rel_id in sorted(used - known)]
    return faults
