"""The eForms XSD check every notice passes before it is written.

The schemas (the UBL 2.3 ContractNotice and ContractAwardNotice with the eForms extensions, vendored from the eForms SDK
1.15.1 under data/eforms) take a moment to compile, so each is compiled once, on first use, and
only by a command that writes a notice.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

EFORMS = Path(__file__).resolve().parent.parent / "data" / "eforms"
SCHEMAS = {name: EFORMS / "schemas" / "maindoc" / f"UBL-{name}-2.3.xsd" for name in ("ContractNotice", "ContractAwardNotice")}


@cache
def _schema(document: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS[document])))


def schema_errors(notice: bytes) -> list[str]:
    """What the XSD finds wrong with a notice, one line each (`line 12: …`); [] for a valid one."""
    try:
        root = etree.fromstring(notice, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [str(exc)]
    name = etree.QName(root).localname
    if name not in SCHEMAS:
        return [f"line {root.sourceline}: {name} is not a notice tenderkit checks ({', '.join(SCHEMAS)})"]
    schema = _schema(name)
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
