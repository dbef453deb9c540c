"""PDF and PDF/A from Word files with LibreOffice, headless, in as few starts as possible.

Each start of soffice costs about a second, each further document in the same call a tenth, so
all documents of a package go to one call per kind of PDF, under unique names. soffice exits 0
even when it cannot load a document, so every expected PDF is checked; a batch that fails, hangs
or leaves a PDF out is retried document by document, so one bad document is named and the rest
still convert.

Reproducible and dated: LibreOffice stamps the current time into a PDF (its dates, its /ID, the
PDF/A colour profile). Where `faketime` is installed (Debian: faketime) soffice runs with its
clock fixed at the package's date, and the same document gives the same bytes. Each PDF's
creation date is then set to its own document's date (the Word file's creation date, which
tenderkit sets to the case's date), so one start still converts documents of many dates.
Without faketime, PDFs differ in those stamps only, and carry the time of conversion.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from .i18n import N_, _

# Tagged PDF (headings, table headers, language) for reading on the web (DOS-lagen), and
# PDF/A-2b for the archive.
FLAVOURS = {
    "pdf": '{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
    "pdfa": '{"UseTaggedPDF":{"type":"boolean","value":"true"},"SelectPdfVersion":{"type":"long","value":"2"}}',
}
# Translated where it is shown: `_(INSTALL_HINT)`.
INSTALL_HINT = N_("install LibreOffice (Debian: apt-get install libreoffice-writer-nogui fonts-liberation)")


class ConverterMissing(Exception):
    pass


@dataclass(frozen=True)
class Failure:
    name: str  # the document, as given to convert()
    reason: str


def find_soffice() -> str | None:
    """The soffice to use: $TENDERKIT_SOFFICE, else the one on PATH."""
    chosen = os.environ.get("TENDERKIT_SOFFICE")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_version(soffice: str) -> str:
    try:
        result = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return result.stdout.strip() or "unknown"


def document_date(data: bytes) -> date | None:
    """The creation date a Word file states in its core properties, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return None
    try:
        return date.fromisoformat((core.findtext("{http://purl.org/dc/terms/}created") or "").strip()[:10])
    except ValueError:
        return None


def redate(pdf: bytes, clock: date, day: date) -> bytes:
    """The PDF with the dates LibreOffice took from its fixed clock (the document information's
    CreationDate, the PDF/A metadata's xmp:CreateDate) set to `day`. The stamps keep their
    length, so every offset in the file still holds."""
    for stamp in ("D:%Y%m%d000000", "%Y-%m-%dT00:00:00"):
        pdf = pdf.replace(clock.strftime(stamp).encode(), day.strftime(stamp).encode())
    return pdf


class Converter:
    """Converts named .docx bytes to PDFs of one flavour, with a profile directory of its own."""

    def __init__(self, soffice: str, flavour: str, profile: Path, when: date, timeout: float):
        self.soffice = soffice
        self.flavour = flavour
        self.profile = profile
        self.when = when
        self.timeout = timeout

    def convert(self, documents: dict[str, bytes]) -> tuple[dict[str, bytes], list[Failure]]:
        """PDF bytes per document name, and the documents that would not convert."""
        if not documents:
            return {}, []
        with tempfile.TemporaryDirectory(prefix="tenderkit-pdf-") as work:
            staging, target = Path(work) / "in", Path(work) / "out"
            staging.mkdir()
            names = {f"{index:04d}.docx": name for index, name in enumerate(sorted(documents))}
            for staged, name in names.items():
                (staging / staged).write_bytes(documents[name])
            self._run(sorted(staging / staged for staged in names), target, self.timeout * (1 + len(names) / 4))
            converted, missing = self._collect(names, target)
            failures = []
            for staged in missing:  # one by one: name the document that fails, convert the rest
                reason = self._run([staging / staged], target, self.timeout)
                single, still = self._collect({staged: names[staged]}, target)
                converted.update(single)
                if still:
                    failures.append(Failure(names[staged],
                                            reason or _("LibreOffice wrote no PDF (it could not load it)")))
            return {name: redate(pdf, self.when, document_date(documents[name]) or self.when)
                    for name, pdf in converted.items()}, failures

    def _run(self, files: list[Path], target: Path, timeout: float) -> str | None:
        """Run soffice; None when it finished, else why not."""
        command = [self.soffice, f"-env:UserInstallation={self.profile.resolve().as_uri()}", "--headless",
                   "--norestore", "--convert-to", f"pdf:writer_pdf_Export:{FLAVOURS[self.flavour]}",
                   "--outdir", str(target), *map(str, files)]
        environment = None
        clock = f"{self.when:%Y-%m-%d} 00:00:00"
        library = _libfaketime()
        if library:
            preload = " ".join(filter(None, (str(library), os.environ.get("LD_PRELOAD"))))
            environment = {**os.environ, "LD_PRELOAD": preload, "FAKETIME": clock}
        elif faketime := shutil.which("faketime"):
            command = [faketime, "-f", clock, *command]
        try:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                       start_new_session=True, env=environment)
        except OSError as exc:
            raise ConverterMissing(_("cannot start {program}: {error}").format(program=self.soffice,
                                                                               error=exc.strerror)) from None
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return _("LibreOffice did not finish within {seconds} s").format(seconds=f"{timeout:.0f}")
        if process.returncode != 0:
            message = err.decode(errors="replace").strip().splitlines()
            if message:
                return _("LibreOffice stopped with exit status {status}: {message}").format(
                    status=process.returncode, message=message[-1])
            return _("LibreOffice stopped with exit status {status}").format(status=process.returncode)
        return None

    def _collect(self, names: dict[str, str], target: Path) -> tuple[dict[str, bytes], list[str]]:
        converted, missing = {}, []
        for staged, name in names.items():
            pdf = target / f"{Path(staged).stem}.pdf"
            data = pdf.read_bytes() if pdf.is_file() else b""
            if data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]:
                converted[name] = data
            else:
                missing.append(staged)
        return converted, missing


def _libfaketime() -> Path | None:
    """libfaketime itself, preloaded without the `faketime` wrapper: the wrapper makes a named
    semaphore per process id and leaves it behind when soffice is killed on a timeout, and a later
    process that gets the same id then fails ("… system call. However, you may LD_PRELOAD
    libfaketime without using this wrapper")."""
    for pattern in ("/usr/lib/*/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
                    "/usr/local/lib/faketime/libfaketime.so.1"):
        found = sorted(Path("/").glob(pattern.lstrip("/")))
        if found:
            return found[0]
    return None
