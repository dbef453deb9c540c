"""The eForms SDK's static business rules (schematron, query binding xslt2), run with Saxon (saxonche).

The rules become one XSLT stylesheet through the ISO skeleton lxml ships, which is written for XSLT 1:
the binding is relabelled `xslt` (the skeleton refuses others), the braces in the generated
`svrl:failed-assert/@test` and `svrl:successful-report/@test` attributes are escaped (they are
attribute value templates there), and the stylesheet is marked version 2.0, so that Saxon compares
the rules' dates as dates and not, as XPath 1 would, as numbers. Generating it takes about 15 s and
it is cached by the hash of the rules; compiling it (about 45 s, Saxon-HE cannot save the result)
happens once per test session.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import lxml
import pytest

RULES = Path(__file__).resolve().parent.parent / "eforms" / "schematrons" / "static"
SKELETON = Path(lxml.__file__).parent / "isoschematron" / "resources" / "xsl" / "iso-schematron-xslt1"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
_TEST = re.compile(r'(<svrl:(?:failed-assert|successful-report)\b[^>]*?\btest=")([^"]*)"')


@dataclass(frozen=True)
class Failed:
    id: str
    role: str  # ERROR, WARN or INFO
    location: str


def saxon():
    """saxonche, or skip; fail instead where TENDERKIT_REQUIRE_SCHEMATRON=1 (CI), so the rules always run there."""
    try:
        import saxonche
    except ImportError:
        if os.environ.get("TENDERKIT_REQUIRE_SCHEMATRON") == "1":
            pytest.fail("saxonche is required here (TENDERKIT_REQUIRE_SCHEMATRON=1) but not installed")
        pytest.skip("saxonche is not installed (pip install -e '.[test]')")
    return saxonche


def stylesheet(processor) -> Path:
    """The rules as XSLT, generated once per version of the rules and kept in the cache."""
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sorted(RULES.glob("*.sch")))).hexdigest()[:16]
    cache = Path(os.environ.get("TENDERKIT_TEST_CACHE", Path(tempfile.gettempdir()) / "tenderkit-test-cache"))
    target = cache / f"eforms-static-{digest}.xsl"
    if target.exists():
        return target
    compiler = processor.new_xslt30_processor()

    def step(name: str, text: str | None = None, source: Path | None = None) -> str:
        executable = compiler.compile_stylesheet(stylesheet_file=str(SKELETON / name))
        if source:
            return executable.transform_to_string(source_file=str(source))
        return executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=text))

    text = step("iso_dsdl_include.xsl", source=RULES / "complete-validation.sch")
    text = step("iso_abstract_expand.xsl", text).replace('queryBinding="xslt2"', 'queryBinding="xslt"', 1)
    text = step("iso_svrl_for_xslt1.xsl", text)
    text = _TEST.sub(lambda m: m.group(1) + m.group(2).replace("{", "{{").replace("}", "}}") + '"', text)
    head = re.search(r"<xsl:stylesheet\b[^>]*>", text)
    text = text[:head.start()] + head.group(0).replace('version="1.0"', 'version="2.0"') + text[head.end():]
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target


class Rules:
    """The compiled rules; `failed(xml)` lists every assert a notice fails."""

    def __init__(self):
        module = saxon()
        self.processor = module.PySaxonProcessor(license=False)
        self.executable = self.processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(stylesheet(self.processor)))

    def failed(self, xml: bytes) -> list[Failed]:
        from lxml import etree

        report = self.executable.transform_to_string(xdm_node=self.processor.parse_xml(xml_text=xml.decode("utf-8")))
        return [Failed(a.get("id"), a.get("role") or a.get("flag") or "", a.get("location"))
                for a in etree.fromstring(report.encode("utf-8")).iterfind(".//svrl:failed-assert", SVRL)]

    def errors(self, xml: bytes) -> list[str]:
        """The IDs of the failed rules of role ERROR (a WARN is advice, as TED treats it)."""
        return sorted(failed.id for failed in self.failed(xml) if failed.role == "ERROR")
