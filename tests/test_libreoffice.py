"""LibreOffice, the real consumer: every built .docx converts to a PDF whose text shows the
headings and figures. Skipped only where LibreOffice is missing, and never in CI
(TENDERKIT_REQUIRE_LIBREOFFICE=1 turns the skip into a failure)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SPEC_2021, SPEC_2024, normalise

from tenderkit.build import build

pytestmark = pytest.mark.libreoffice
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    if not (SOFFICE and PDFTOTEXT):
        missing = "LibreOffice (soffice)" if not SOFFICE else "poppler-utils (pdftotext)"
        if os.environ.get("TENDERKIT_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"{missing} is required here (TENDERKIT_REQUIRE_LIBREOFFICE=1) but not installed")
        pytest.skip(f"{missing} is not installed")
    work = tmp_path_factory.mktemp("lo")
    documents = [build(spec, work / "output").directory / "tjansteskrivelse.docx" for spec in (SPEC_2021, SPEC_2024)]
    converted = {}
    for document in documents:  # same file names: one output directory per spec
        target = work / "pdf" / document.parent.name
        completed = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", str(target), str(document)], capture_output=True, text=True, timeout=180)
        assert completed.returncode == 0, completed.stderr
        converted[document.parent.name] = target / "tjansteskrivelse.pdf"
    return converted


def pdf_text(path: Path) -> str:
    assert path.is_file() and path.stat().st_size > 1000, f"LibreOffice wrote no PDF for {path.name}"
    return normalise(subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                                    check=True).stdout)


@pytest.mark.parametrize(("spec_id", "expected"), [
    ("anhorigstod-barn-2021", ["TJÄNSTESKRIVELSE", "Dnr SON 2020-247", "Sida 1 (2)",
                               "Förslag till social- och omsorgsnämndens beslut", "Ärende", "Beslutsunderlag",
                               "Ekonomiska konsekvenser", "2 600", "3 350", "+2 600", "Kommunala mål",
                               "genomfördes 2021-02-01", "Beslutet skickas till"]),
    ("anhorigstod-barn-unga-2024", ["TJÄNSTESKRIVELSE", "Förslag till social- och omsorgsnämndens beslut",
                                    "Bakgrund", "Ekonomiska konsekvenser", "2 840", "4 000", "20 000",
                                    "inte påkallad"]),
])
def test_libreoffice_renders_every_heading_and_figure(pdfs, spec_id, expected):
    text = pdf_text(pdfs[spec_id])
    for item in expected:
        assert item in text, item
