"""LibreOffice, the real consumer: every built .docx converts to a PDF whose text shows the
headings and figures. Skipped only where LibreOffice is missing, and never in CI
(TENDERKIT_REQUIRE_LIBREOFFICE=1 turns the skip into a failure)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers.common import PDFTOTEXT, ROOT, SOFFICE, SPEC_2021, SPEC_2024, SPEC_TENDER, normalise, require

from tenderkit.build import build

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    require("soffice", "pdftotext")
    work = tmp_path_factory.mktemp("lo")
    converted = {}
    for spec in (SPEC_2021, SPEC_2024, SPEC_TENDER):  # one soffice start per spec, all its documents at once
        directory = build(spec, work / "output").directory
        documents = sorted(directory.glob("*.docx"))
        target = work / "pdf" / directory.name
        completed = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", str(target), *map(str, documents)], capture_output=True, text=True, timeout=180)
        assert completed.returncode == 0, completed.stderr
        for document in documents:
            converted[f"{directory.name}/{document.stem}"] = target / f"{document.stem}.pdf"
    return converted


def pdf_text(path: Path) -> str:
    assert path.is_file() and path.stat().st_size > 1000, f"LibreOffice wrote no PDF for {path.name}"
    return normalise(subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                                    check=True).stdout)


@pytest.mark.parametrize(("document", "expected"), [
    ("anhorigstod-barn-2021/tjansteskrivelse", ["TJÄNSTESKRIVELSE", "Dnr SON 2020-247", "Sida 1 (2)",
                               "Förslag till social- och omsorgsnämndens beslut", "Ärende", "Beslutsunderlag",
                               "Ekonomiska konsekvenser", "2 600", "3 350", "+2 600", "Kommunala mål",
                               "genomfördes 2021-02-01", "Beslutet skickas till"]),
    ("anhorigstod-barn-unga-2024/tjansteskrivelse", ["TJÄNSTESKRIVELSE", "Förslag till social- och omsorgsnämndens beslut",
                                    "Bakgrund", "Ekonomiska konsekvenser", "2 840", "4 000", "20 000",
                                    "inte påkallad"]),
    ("stodboende-unga-vuxna-2025/tjansteskrivelse", ["Upphandlingens uppskattade värde är 34 880 000 kronor",
                                                     "8 109 450 kronor", "+730"]),
    ("stodboende-unga-vuxna-2025/forfragningsunderlag", [
        "FÖRFRÅGNINGSUNDERLAG", "Innehåll", "1 Allmän orientering", "3.1 Uteslutningsgrunder", "Krav KVAL-UTESL.",
        "4 380", "TJ-DELAKTIGHET", "10 %", "7.2 Delområde 2: Stöd och utslussning", "kr per tillfälle"]),
])
def test_libreoffice_renders_every_heading_and_figure(pdfs, document, expected):
    text = pdf_text(pdfs[document])
    for item in expected:
        assert item in text, item


def test_the_table_of_contents_shows_entries_with_page_numbers(pdfs):
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdfs["stodboende-unga-vuxna-2025/forfragningsunderlag"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    contents = text[text.index("Innehåll"):]
    entries = re.findall(r"^\s*(\d+(?:\.\d+)?)\s+(.+?)\.{4,}\s*(\d+)\s*$", contents, re.MULTILINE)
    numbers = [number for number, _, _ in entries]
    assert numbers[:3] == ["1", "1.1", "1.2"] and "7.2" in numbers
    pages = [int(page) for _, _, page in entries]
    assert pages == sorted(pages) and pages[0] >= 1 and pages[-1] > pages[0]


def test_no_date_is_broken_across_lines(pdfs):
    """A date's hyphens do not break: "2025-" at the end of one line and "02-12" on the next was
    the memo's list of documents."""
    for document, path in pdfs.items():
        raw = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert not re.search(r"\d{4}-\s*\n\s*\d{2}-\d{2}|\d{4}-\d{2}-\s*\n\s*\d{2}\b", raw), document
    assert "upphandlingsdokument, 2025-02-12" in pdf_text(pdfs["stodboende-unga-vuxna-2025/tjansteskrivelse"])


def test_the_body_starts_on_a_new_page_after_the_table_of_contents(pdfs):
    path = pdfs["stodboende-unga-vuxna-2025/forfragningsunderlag"]
    pages = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    heading = re.compile(r"^\s*1\s+Allmän orientering\s*$", re.MULTILINE)  # the body's, not a dotted entry
    first_body_page = next(index for index, page in enumerate(pages) if heading.search(page))
    assert not re.search(r"\.{4,}\s*\d+\s*$", pages[first_body_page], re.MULTILINE)  # no contents entry there


def test_a_small_table_is_never_split_over_two_pages(tmp_path):
    """Wherever a four-row table falls on a page, LibreOffice keeps it on one (it split one of
    three rows off before: the Table Text style did not keep with the next paragraph)."""
    require("soffice", "pdftotext")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from templates.wordml import cell, p, package, row, table, write
    finally:
        sys.path.remove(str(ROOT / "tools"))
    rows = table(["Insats", "Volym"], [4535, 4535],
                 [row([cell(f"Rad {i}", 4535), cell(str(i), 4535, number=True)]) for i in range(1, 5)],
                 caption="Fyra rader", numeric_from=1)
    fillers = range(22, 36)  # lines before the table: it meets the page's foot at each of a dozen places
    for count in fillers:
        write(f"t{count}.docx", package("Tabell", [*(p(f"Stycke {n}") for n in range(count)), rows, p("Efter.")],
                                        [p("Sidhuvud")], [p("Sidfot")]), tmp_path)
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(tmp_path / f"t{count}.docx") for count in fillers)],
        capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    for count in fillers:
        pages = subprocess.run([PDFTOTEXT, str(tmp_path / f"t{count}.pdf"), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        holding = [index for index, page in enumerate(pages) if re.search(r"^Rad \d$", page, re.MULTILINE)]
        assert len(holding) == 1, f"{count} lines before the table: its rows are on pages {holding}"


def test_a_table_cell_longer_than_a_page_is_printed_whole(tmp_path):
    """A criterion's level or a requirement may be a paragraph longer than a page: the row, kept
    whole where it fits, runs on over the pages and nothing of it is lost."""
    require("soffice", "pdftotext")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from templates.wordml import cell, p, package, row, table, write
    finally:
        sys.path.remove(str(ROOT / "tools"))
    long = " ".join(f"ord{n}" for n in range(1500))  # about three pages in a table cell
    rows = table(["Nivå", "Bedömning"], [1500, 7570], [row([cell("1", 1500), cell(long + " SLUT", 7570)])],
                 caption="En lång nivå", numeric_from=2)
    write("long.docx", package("Tabell", [p("Före."), rows, p("Efter.")], [p("Sidhuvud")], [p("Sidfot")]), tmp_path)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "long.docx")], capture_output=True, check=True, timeout=120)
    text = pdf_text(tmp_path / "long.pdf")
    assert all(f"ord{n}" in text for n in range(0, 1500, 50)) and "SLUT" in text and "Efter." in text


def test_libreoffice_opens_a_redline_and_keeps_its_tracked_changes(tmp_path):
    require("soffice")
    from tenderkit.cli import main

    assert main(["redline", str(SPEC_2021), str(SPEC_2024), "-o", str(tmp_path / "red.docx")]) == 0
    for target in ("pdf", "odt"):
        completed = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", target,
             "--outdir", str(tmp_path), str(tmp_path / "red.docx")], capture_output=True, text=True, timeout=180)
        assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "red.pdf").stat().st_size > 1000
    with zipfile.ZipFile(tmp_path / "red.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert "<text:tracked-changes" in content
    assert content.count("<text:changed-region") >= 20
    assert "<text:deletion>" in content and "<text:insertion>" in content


@pytest.fixture(scope="module")
def real_package(tmp_path_factory):
    """A package of the bundled specs, converted by the real LibreOffice, built twice."""
    require("soffice", "pdftotext", "faketime")
    from tenderkit.package import Options, package

    work = tmp_path_factory.mktemp("package")
    reports = [package(ROOT / "specs", Options(output=work / run)) for run in ("a", "b")]
    assert all(report.ok for report in reports), reports[0].problems
    return [report.directory for report in reports]


def _structure_tags(root) -> set[str]:
    found = set()

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                found.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    return found


def test_package_pdfs_are_accessible_and_pdfa(real_package):
    from pypdf import PdfReader

    directory = real_package[0]
    agenda = "foredragningslista-socialnamnden-exempelstads-kommun"  # one agenda per board
    case = next(p.name for p in directory.iterdir() if p.name.endswith("-stodboende-unga-vuxna-2025"))  # numbered by meeting
    for name in (f"{case}/forfragningsunderlag", agenda):
        for suffix in (".pdf", "-pdfa.pdf"):
            reader = PdfReader(directory / f"{name}{suffix}")
            root = reader.trailer["/Root"]
            assert root["/Lang"] == "sv-SE"
            assert bool(root["/MarkInfo"]["/Marked"])
            assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
            assert reader.metadata.title
            tags = _structure_tags(root)
            assert "/H1" in tags and "/Title" in tags
            if name != agenda:
                assert {"/Table", "/TH", "/TD"} <= tags  # table header rows are marked
            xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
            if suffix == "-pdfa.pdf":
                assert re.search(r"pdfaid:part>\s*2\s*<", xmp) and re.search(r"pdfaid:conformance>\s*B\s*<", xmp)
            else:
                assert "pdfaid:part" not in xmp


def test_package_pdfs_are_dated_as_their_documents_with_whole_keywords(real_package):
    """Not 1980-01-01 (the package's date without a meeting), and not one keyword per word."""
    from pypdf import PdfReader

    for suffix in (".pdf", "-pdfa.pdf"):
        (path,) = real_package[0].glob(f"*-anhorigstod-barn-2021/tjansteskrivelse{suffix}")
        reader = PdfReader(path)
        # LibreOffice writes D:…Z' (a form pypdf's date parser refuses): the stamp is compared as written
        assert reader.metadata["/CreationDate"].startswith("D:20210203"), suffix
        assert reader.metadata["/Keywords"] == "Tjänsteskrivelse, Anhörigstöd\u00a0barn, upphandling"
        if suffix == "-pdfa.pdf":
            xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
            assert "2021-02-03T00:00:00" in xmp and "1980-01-01" not in xmp


def test_package_pdfs_are_byte_identical_under_a_fixed_clock(real_package):
    first, second = real_package
    pdfs = sorted(p.relative_to(first) for p in first.rglob("*.pdf"))
    assert len(pdfs) == 48  # twenty documents of five cases (two memos, two tender packages of seven, a
    # valfrihetssystem's four) and four boards' agendas, each as PDF and PDF/A
    for pdf in pdfs:
        assert (first / pdf).read_bytes() == (second / pdf).read_bytes(), pdf
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()
    assert (first / f"{first.name}.zip").read_bytes() == (second / f"{second.name}.zip").read_bytes()
