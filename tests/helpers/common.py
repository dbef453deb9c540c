"""Helpers the tests share: the bundled specs, running the CLI in a fresh process, spec variants,
repositories with their own templates, and the skip-or-fail rule for external tools."""

from __future__ import annotations

import io
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tenderkit.pdf import find_soffice

ROOT = Path(__file__).resolve().parent.parent.parent
SPECS = ROOT / "specs"
SPEC_2021 = SPECS / "anhorigstod-barn-2021.yaml"
SPEC_2024 = SPECS / "anhorigstod-barn-unga-2024.yaml"
SPEC_TENDER = SPECS / "stodboende-unga-vuxna-2025.yaml"
SPEC_CARE_HOME = SPECS / "vard-och-omsorgsboende-2025.yaml"  # two operators, egen regi, places
SPEC_LOV = SPECS / "familjeradgivning-lov-2026.yaml"


# A process environment without a locale: tenderkit's default language, Swedish (empty is unset).
SWEDISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_process(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> Result:
    """Run the installed `tenderkit` console script in a fresh process."""
    executable = Path(sys.executable).with_name("tenderkit")
    completed = subprocess.run([str(executable), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                               env={**os.environ, **(env or {})}, timeout=timeout)
    return Result(completed.returncode, completed.stdout, completed.stderr)


def _hear_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Process:
    """A running command whose output lines can be awaited: stdout and stderr in one pipe, so the
    lines come in the order they were written (two pipes read by two threads can swap them)."""

    def __init__(self, args: list[str], cwd: Path):
        # Ctrl-C is what the tests send: the command must hear it even when the suite itself runs
        # with SIGINT ignored, as a job a non-interactive shell puts in the background does (and
        # an ignored signal stays ignored across exec).
        self.process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        preexec_fn=_hear_interrupts)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.pumps = [threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True)]
        for pump in self.pumps:
            pump.start()

    def interrupt(self) -> int:
        """Ctrl-C; the exit status, with every remaining line read."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        for pump in self.pumps:
            pump.join(timeout=5)
        self.process.stdout.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"never saw {text!r}; saw:\n" + "\n".join(self.seen))


def variant(repo: Path, replacements: dict[str, str] | None = None, *, base: Path = SPEC_2021,
            name: str | None = None, append: str = "") -> Path:
    """A copy of a bundled spec with exact text replaced; every replaced text must exist once."""
    text = base.read_text(encoding="utf-8")
    for old, new in (replacements or {}).items():
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {base.name}"
        text = text.replace(old, new)
    path = repo / "specs" / (name or base.name)
    path.write_text(text + append, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """1-based number of the (single) line of `path` that contains `needle`."""
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def column_of(path: Path, needle: str) -> int:
    line = path.read_text(encoding="utf-8").splitlines()[line_of(path, needle) - 1]
    return line.index(needle) + 1


def normalise(text: str) -> str:
    """Babel writes thousands with a no-break space; facts are compared with plain spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def with_parts(data: bytes, edit) -> bytes:
    """The .docx (or any zip) with its parts (name → bytes) changed in place by `edit(parts)`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    edit(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def own_template(repo: Path, old: str, new: str, count: int = 1, name: str = "tjansteskrivelse.docx",
                 part: str = "word/document.xml") -> Path:
    """Give the repository its own copy of a bundled template (as a municipality would, via
    `templates:` in tenderkit.yaml), with exact text of one part (the body) replaced."""
    templates = repo / "templates"
    if not templates.exists():
        templates.mkdir()
        for bundled in (ROOT / "templates").glob("*.docx"):
            shutil.copy(bundled, templates)
        project = repo / "tenderkit.yaml"
        project.write_text(project.read_text(encoding="utf-8") + "templates: templates\n", encoding="utf-8")
    path = templates / name

    def replace(parts: dict[str, bytes]) -> None:
        xml = parts[part].decode()
        assert old in xml, old
        parts[part] = xml.replace(old, new, count).encode()

    path.write_bytes(with_parts(path.read_bytes(), replace))
    return path


SOFFICE = find_soffice()
PDFTOTEXT = shutil.which("pdftotext")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# tool → (what to install, the variable that makes it required: set in CI by .ci/run)
_TOOLS = {"soffice": ("LibreOffice (soffice)", "TENDERKIT_REQUIRE_LIBREOFFICE"),
          "pdftotext": ("poppler-utils (pdftotext)", "TENDERKIT_REQUIRE_LIBREOFFICE"),
          "faketime": ("faketime", "TENDERKIT_REQUIRE_LIBREOFFICE"),
          "chromium": ("Chromium (chromium)", "TENDERKIT_REQUIRE_BROWSER"),
          "chromedriver": ("ChromeDriver (chromium-driver)", "TENDERKIT_REQUIRE_BROWSER")}
_FOUND = {"soffice": SOFFICE, "chromium": CHROMIUM}


def require(*tools: str) -> None:
    """Skip the test when one of `tools` (soffice, pdftotext, faketime, chromium, chromedriver) is
    missing, but fail it where the tool's variable is 1 (TENDERKIT_REQUIRE_LIBREOFFICE or
    TENDERKIT_REQUIRE_BROWSER, both set in CI), so these tests can never pass there by not running."""
    missing = [tool for tool in tools if not (_FOUND[tool] if tool in _FOUND else shutil.which(tool))]
    if not missing:
        return
    names = " and ".join(_TOOLS[tool][0] for tool in missing)
    verb = "is" if len(missing) == 1 else "are"
    required = sorted({_TOOLS[tool][1] for tool in missing if os.environ.get(_TOOLS[tool][1]) == "1"})
    if required:
        pytest.fail(f"{names} {verb} required here ({'=1, '.join(required)}=1) but not installed")
    pytest.skip(f"{names} {verb} not installed")


# The bundled tender noticed in 2026, every date moved so its timetable stays lawful: a period whose
# thresholds in kronor the law data lacks.
NOTICE_2026 = {"publication: 2025-04-01": "publication: 2026-01-15",
               "questions_deadline: 2025-04-22": "questions_deadline: 2026-01-29",
               "answers_deadline: 2025-04-29": "answers_deadline: 2026-02-05",
               "tender_deadline: 2025-05-06": "tender_deadline: 2026-02-12",
               "tender_validity: 2025-09-30": "tender_validity: 2026-09-30",
               "award: 2025-06-10": "award: 2026-03-10",
               "contract_signing: 2025-06-25": "contract_signing: 2026-03-23",
               "    start: 2025-10-01": "    start: 2026-04-01"}
