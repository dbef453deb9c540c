"""Accepting or rejecting every tracked change of a .docx, as Word does: the oracle the redline
tests check against (accept all must give the new document's text, reject all the old one's)."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.oxml.ns import qn

from tenderkit.render.docx import package_bytes

_P, _PPR, _RPR, _T = qn("w:p"), qn("w:pPr"), qn("w:rPr"), qn("w:t")
_TBL, _TR, _TRPR = qn("w:tbl"), qn("w:tr"), qn("w:trPr")
_DEL_TEXT, _INSTR, _DEL_INSTR = qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")
_SECT_PR, _PPR_CHANGE = qn("w:sectPr"), qn("w:pPrChange")
_NO_DATE = datetime(1980, 1, 1)  # the earliest date a zip entry can carry


def accept_all(docx: bytes) -> bytes:
    """The document with every tracked change accepted: the new version's text."""
    return _resolve(docx, kept="ins", dropped="del")


def reject_all(docx: bytes) -> bytes:
    """The document with every tracked change rejected: the old version's text."""
    return _resolve(docx, kept="del", dropped="ins")


def _resolve(data: bytes, *, kept: str, dropped: str) -> bytes:
    """Accept or reject every tracked change: `dropped` revisions go with their content (and their
    paragraph or row when they mark one), `kept` revisions leave their content behind."""
    document = Document(io.BytesIO(data))
    root = document.element
    for revision in list(root.iter(qn(f"w:{dropped}"))):
        target = _owner(revision)
        if target.getparent() is not None:  # not already gone with its paragraph or row
            target.getparent().remove(target)
    for revision in list(root.iter(qn(f"w:{kept}"))):
        if _owner(revision) is not revision:
            _remove_property(revision)
            continue
        for node in revision.iter(_DEL_TEXT, _DEL_INSTR):
            node.tag = _T if node.tag == _DEL_TEXT else _INSTR
        for child in list(revision):
            revision.addprevious(child)
        revision.getparent().remove(revision)
    for change in list(root.iter(_PPR_CHANGE)):
        properties = change.getparent()
        if kept == "del":  # rejected: the old properties come back before the mark's and section's
            for child in list(properties):
                if child.tag not in (_RPR, _SECT_PR):
                    properties.remove(child)
            properties[0:0] = list(change.find(_PPR))
        else:
            properties.remove(change)
    for table in list(root.iter(_TBL)):
        if table.find(_TR) is None:
            table.getparent().remove(table)
    return package_bytes(document.part.package, (document.core_properties.modified or _NO_DATE).date())


def _owner(revision):
    """What a revision stands for: the paragraph whose mark or the row whose properties it is in,
    or else its own content."""
    parent = revision.getparent()
    if parent.tag == _TRPR:
        return parent.getparent()
    if parent.tag == _RPR and parent.getparent().tag == _PPR:
        return parent.getparent().getparent()
    return revision


def _remove_property(revision) -> None:
    """Remove a paragraph-mark or row revision, and the properties it leaves empty."""
    parent = revision.getparent()
    parent.remove(revision)
    while parent.tag in (_RPR, _PPR, _TRPR) and len(parent) == 0 and not parent.attrib:
        grandparent = parent.getparent()
        grandparent.remove(parent)
        parent = grandparent
