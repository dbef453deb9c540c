"""Board-meeting packages: every case of a meeting as Word, PDF and PDF/A, with an agenda
(föredragningslista), a manifest and one zip.

- Reproducible: documents, manifest and zip are byte-identical for the same inputs (fixed entry
  order and times); PDFs too where `faketime` is installed (see `pdf`).
- Incremental: a case whose inputs (spec, project file, templates, libraries, law data,
  tenderkit itself) are unchanged is taken from the cache, not built again; a PDF is converted
  once per distinct Word file; an unchanged package is left as it is.
- Parallel: cases build in worker processes; the two kinds of PDF convert side by side.
- Never half-written: a package is assembled beside the old one and swapped in at the end, so a
  build killed midway leaves the previous package as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from . import __version__, documents, i18n
from .archive import FIRST_ZIP_DATE, source_epoch, zip_bytes
from .build import Templates, check_spec, render_documents, render_kind, spec_inputs, template_path
from .i18n import _
from .output import sha256, write_atomic
from .spec.errors import SpecError

CACHE = ".tenderkit-cache"


@dataclass
class Case:
    """One spec as the package sees it: what the agenda needs, and its built documents."""

    spec: str  # the spec file, relative to the specs directory
    id: str
    meeting: str | None  # ISO date
    meeting_time: str | None
    meeting_place: str | None
    final: bool
    title: str
    dnr: str | None
    board: str
    administration: str
    municipality: str
    proposals: list[str]
    documents: list[str]  # titles, for the agenda
    warnings: list[str]
    files: dict[str, bytes] = field(repr=False, default_factory=dict)  # "tjansteskrivelse.docx" → bytes
    reused: bool = False


@dataclass
class Report:
    """What happened to each case and to the package, for the user and for CI logs."""

    name: str = ""
    directory: Path | None = None
    cases: list[str] = field(default_factory=list)  # one line per case
    problems: list[str] = field(default_factory=list)  # rendered errors: the exit status is 1
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Options:
    output: Path
    meeting: date | None = None
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    pdf: bool = True
    timeout: float = 120.0


Progress = Callable[[int, int, str, str], None]  # done, total, case, status


def package(specs_dir: Path, options: Options, progress: Progress | None = None) -> Report:
    from .build import spec_files
    from .spec.loader import display_path

    progress = progress or (lambda done, total, case, status: None)
    report = Report()
    cache = options.output / CACHE
    specs = spec_files([specs_dir])
    if not specs:
        report.problems.append(_("no spec files (*.yaml) in {paths}").format(paths=display_path(specs_dir)))
        return report
    if options.meeting is not None:  # build this meeting's cases only (and any whose meeting cannot be read)
        meetings = {path: _meeting_of(path) for path in specs}
        specs = [path for path in specs if meetings[path] in (options.meeting, UNREADABLE)]
    cases = _cases(specs, specs_dir, cache, options.jobs, report, progress)
    wanted = [c for c in cases if options.meeting is None or c.meeting == options.meeting.isoformat()]
    if not wanted and options.meeting is None:  # every spec was invalid, and each has said why
        return report
    if not wanted:
        named = sorted({str(m) for m in meetings.values() if isinstance(m, date)})
        message = (_("no case for the meeting {date}; the specs name: {dates}") if named
                   else _("no case for the meeting {date}; no spec names a meeting"))
        report.problems.append(message.format(date=options.meeting, dates=", ".join(named)))
        return report
    wanted.sort(key=lambda c: (c.municipality, c.board, c.dnr or "~", c.title, c.id))
    draft = not all(c.final for c in wanted)
    report.name = f"{options.meeting.isoformat() if options.meeting else 'alla-arenden'}{'-utkast' if draft else ''}"
    when = options.meeting or _source_date()
    files = {}
    for number, case in enumerate(wanted, 1):
        for name, data in case.files.items():
            files[f"{number:02d}-{case.id}/{name}"] = data
    own_templates, templates = _own_templates(specs), Templates()
    boards = _boards(wanted)
    for (board, municipality), cases in boards.items():  # one agenda per board: each lists its own cases
        stem = documents.AGENDA.name if len(boards) == 1 else f"{documents.AGENDA.name}-{_slug(board, municipality)}"
        meeting = options.meeting or _common_meeting(cases)
        agenda, problems = _agenda(cases, meeting, draft, templates, own_templates, meeting or when)
        if problems:
            report.problems += [problem.render() for problem in problems]
            return report
        files.update({f"{stem}{Path(name).suffix}": data for name, data in agenda.items()})
    if options.pdf:
        files.update(_pdfs(files, cache, when, options, report))
    manifest = _manifest(report.name, options.meeting, draft, specs_dir, own_templates, wanted, files)
    report.directory = options.output / report.name
    _write(report, files, manifest, when)
    return report


# --- Cases: built in parallel, or taken from the cache ------------------------------------------------


UNREADABLE = "unreadable"  # a spec whose meeting cannot be read: it is built, so that its problems are said


def _meeting_of(path: Path) -> date | None | str:
    from .spec.project import load_spec
    from .spec.validate import validate

    try:
        return validate(load_spec(path)).spec.case.meeting
    except SpecError:
        return UNREADABLE


def _cases(specs: list[Path], specs_dir: Path, cache: Path, jobs: int, report: Report, progress: Progress) -> list[Case]:
    keys = {path: input_key(path) for path in specs}
    cases: list[Case] = []
    todo = []
    done = 0
    for path in specs:
        cached = _cached_case(cache, keys[path])
        if cached:
            cached.spec = _relative(path, specs_dir)
            cases.append(cached)
            done += 1
            _tell(report, progress, done, len(specs), cached, _("reused"))
        else:
            todo.append(path)
    if len(todo) > 1 and jobs > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=get_context("fork")) as pool:
            built = pool.map(_build_case, map(str, todo))
            results = list(zip(todo, built, strict=True))
    else:
        results = [(path, _build_case(str(path))) for path in todo]
    for path, result in results:
        done += 1
        if "error" in result:
            report.problems.extend(result["error"])
            invalid = _("invalid")
            report.cases.append(f"{_relative(path, specs_dir)}: {invalid}")
            progress(done, len(specs), _relative(path, specs_dir), invalid)
            continue
        case = Case(spec=_relative(path, specs_dir), **result)
        _store_case(cache, keys[path], case)
        cases.append(case)
        _tell(report, progress, done, len(specs), case, _("built"))
    return cases


def _tell(report: Report, progress: Progress, done: int, total: int, case: Case, status: str) -> None:
    report.cases.append(f"{case.id}: {status}")
    for warning in case.warnings:
        report.notes.append(warning)
    progress(done, total, case.id, status)


_templates: Templates | None = None  # one per process: each template is compiled once per worker


def _build_case(path: str) -> dict:
    """Build one spec (in a worker process); plain data, so it crosses process boundaries."""
    global _templates
    _templates = _templates or Templates()
    try:
        checked = check_spec(Path(path))
        built = render_documents(checked, _templates)
    except SpecError as exc:
        return {"error": [problem.render(exc.sources) for problem in exc.problems]}
    spec = checked.spec
    memo = next(document for document in built if document.kind is documents.MEMO)
    return {
        "id": checked.valid.id, "meeting": spec.case.meeting.isoformat() if spec.case.meeting else None,
        "meeting_time": spec.case.meeting_time, "meeting_place": spec.case.meeting_place,
        "final": spec.case.final, "title": spec.case.title, "dnr": spec.case.dnr, "board": spec.organisation.board,
        "administration": spec.organisation.administration, "municipality": spec.organisation.municipality,
        "proposals": _proposals(memo.docx), "documents": [document.kind.title for document in built],
        "warnings": [warning.render(checked.valid.source.lines) for warning in checked.warnings],
        "files": {name: data for document in built for name, data in document.files.items()},
    }


def _proposals(memo: bytes) -> list[str]:
    """The memo's numbered decision proposals, as the memo words them."""
    import docx

    from .render.text import document_blocks

    blocks = document_blocks(docx.Document(io.BytesIO(memo)))
    start = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.text.startswith("Förslag till")), None)
    if start is None:
        return []
    proposals = []
    for block in blocks[start + 1:]:
        if block.kind != "number":
            break
        proposals.append(block.text)
    return proposals


def input_key(spec: Path) -> str:
    """A hash of everything a spec's documents are built from (build.spec_inputs), of tenderkit, and of
    the language its warnings are kept in."""
    from .spec.project import load_project

    try:
        found = load_project(spec)
    except SpecError:
        found = None
    digest = hashlib.sha256((_fingerprint() + i18n.language()).encode())
    for path in spec_inputs(spec, found[2] if found else None):
        digest.update(str(path.resolve()).encode())
        digest.update(_file_hash(path).encode())
    return digest.hexdigest()


@cache
def _fingerprint() -> str:
    """tenderkit's version and the hash of its own files: a change to tenderkit rebuilds every case."""
    root = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".docx"):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return "missing"


def _cached_case(cache: Path, key: str) -> Case | None:
    entry = cache / "cases" / key
    try:
        data = json.loads((entry / "case.json").read_text(encoding="utf-8"))
        files = {name: (entry / "files" / name).read_bytes() for name in data.pop("file_names")}
    except (OSError, ValueError, KeyError):
        return None
    return Case(**data, files=files, reused=True)


def _store_case(cache: Path, key: str, case: Case) -> None:
    entry = cache / "cases" / key
    record = {name: value for name, value in asdict(case).items() if name not in ("files", "reused", "spec")}
    record["spec"] = case.spec
    record["file_names"] = sorted(case.files)
    try:
        (entry / "files").mkdir(parents=True, exist_ok=True)
        for name, data in case.files.items():
            write_atomic(entry / "files" / name, data)
        write_atomic(entry / "case.json", json.dumps(record, ensure_ascii=False, sort_keys=True).encode())
    except OSError:
        pass  # a cache that cannot be written only costs time


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve().parent).as_posix()
    except ValueError:
        return path.name


# --- The agenda ----------------------------------------------------------------------------------------


def _own_templates(specs: list[Path]) -> Path | None:
    from .spec.project import load_project

    found = load_project(specs[0])
    return found[2].templates if found else None


def _boards(cases: list[Case]) -> dict[tuple[str, str], list[Case]]:
    """The cases of each board (of each municipality), in package order: an agenda is one board's."""
    boards: dict[tuple[str, str], list[Case]] = {}
    for case in cases:
        boards.setdefault((case.board, case.municipality), []).append(case)
    return boards


def _common_meeting(cases: list[Case]) -> date | None:
    """The meeting all of a board's cases name (case.meeting), if they name one and the same."""
    meeting = _common(case.meeting for case in cases)
    return date.fromisoformat(meeting) if meeting else None


def _common(values) -> str | None:
    """The value every case states alike, or None (an agenda says only what all its cases agree on)."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def _slug(board: str, municipality: str) -> str:
    """A board's agenda's file name: "socialnamnden-exempelstads-kommun"."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", f"{board} {municipality}").encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def _agenda(cases: list[Case], meeting: date | None, draft: bool, templates: Templates, own_templates: Path | None,
            when: date) -> tuple[dict[str, bytes], list]:
    """The agenda, through the same render and guards as every document (build.render_kind)."""
    from .build import data_texts
    from .render.context import AgendaContext

    first = cases[0]
    context: AgendaContext = {
        "meeting": {"date": meeting, "time": _common(case.meeting_time for case in cases),
                    "place": _common(case.meeting_place for case in cases), "board": first.board,
                    "administration": first.administration, "municipality": first.municipality},
        "draft": draft,
        "cases": [{"number": number, "title": case.title, "dnr": case.dnr, "proposals": case.proposals,
                   "documents": [title.lower() if i else title for i, title in enumerate(case.documents)]}
                  for number, case in enumerate(cases, 1)],
    }
    kind = documents.AGENDA
    properties = {"title": f"{kind.title} {first.board}" + (f" {meeting}" if meeting else ""),
                  "subject": first.board, "author": first.administration, "language": "sv-SE",
                  "category": kind.title, "content_status": "UTKAST" if draft else "Slutlig"}
    built, problems = render_kind(kind, dict(context), properties, when, templates, own_templates,
                                  list(data_texts(context)))
    return (built.files if built and not problems else {}), problems


# --- PDFs ----------------------------------------------------------------------------------------------


def _pdfs(files: dict[str, bytes], cache: Path, when: date, options: Options, report: Report) -> dict[str, bytes]:
    """PDF and PDF/A of every Word file, from the cache where the same file was converted before."""
    from .pdf import INSTALL_HINT, Converter, ConverterMissing, find_soffice

    soffice = find_soffice()
    if soffice is None:
        report.problems.append(_("PDFs skipped: LibreOffice is not installed; {hint} (or use --no-pdf)").format(
            hint=_(INSTALL_HINT)))
        return {}
    version = _soffice_version(soffice, cache)
    words = {name: data for name, data in files.items() if name.endswith(".docx")}
    out: dict[str, bytes] = {}
    jobs = []
    for flavour, suffix in (("pdf", ".pdf"), ("pdfa", "-pdfa.pdf")):
        missing = {}
        for name, data in words.items():
            key = sha256(data + flavour.encode() + version.encode() + when.isoformat().encode())
            stored = cache / "pdf" / f"{key}.pdf"
            target = name.removesuffix(".docx") + suffix
            if stored.is_file():
                out[target] = stored.read_bytes()
            else:
                missing[name] = data
        if missing:
            jobs.append((flavour, suffix, missing))

    def convert(job):
        flavour, suffix, missing = job
        converter = Converter(soffice, flavour, cache / f"libreoffice-{flavour}", when, options.timeout)
        return job, converter.convert(missing)

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(options.jobs, len(jobs)))) as pool:
            for (flavour, suffix, missing), (converted, failures) in pool.map(convert, jobs):
                for name, pdf in converted.items():
                    out[name.removesuffix(".docx") + suffix] = pdf
                    key = sha256(missing[name] + flavour.encode() + version.encode() + when.isoformat().encode())
                    try:
                        write_atomic(_ensure(cache / "pdf") / f"{key}.pdf", pdf)
                    except OSError:
                        pass
                for failure in failures:
                    report.problems.append(_("{file}: no {kind}: {reason}").format(
                        file=failure.name, kind=flavour.upper(), reason=failure.reason))
    except ConverterMissing as exc:
        report.problems.append(_("PDFs skipped: {reason}; {hint}").format(reason=exc, hint=_(INSTALL_HINT)))
    return out


def _soffice_version(soffice: str, cache: Path) -> str:
    """LibreOffice's version (part of a PDF's cache key); asking costs a start, so it is remembered."""
    from .pdf import soffice_version

    stat = Path(soffice).stat()
    memo = cache / f"soffice-{sha256(f'{soffice}:{stat.st_mtime_ns}:{stat.st_size}'.encode())[:16]}.txt"
    try:
        return memo.read_text(encoding="utf-8")
    except OSError:
        pass
    version = soffice_version(soffice)
    try:
        write_atomic(_ensure(cache) / memo.name, version.encode())
    except OSError:
        pass
    return version


def _ensure(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory


# --- Manifest, zip, and the swap ----------------------------------------------------------------------


def _manifest(name: str, meeting: date | None, draft: bool, specs_dir: Path, own: Path | None, cases: list[Case],
              files: dict[str, bytes]) -> dict:
    chosen = {case.spec for case in cases}
    return {
        "package": name,
        "meeting": meeting.isoformat() if meeting else None,
        "draft": draft,
        "tenderkit": __version__,
        "git_commit": _git_commit(specs_dir),
        "specs": {spec: _file_hash(specs_dir.parent / spec) for spec in sorted(chosen)},
        "templates": {name: _file_hash(template_path(own, name)) for name in documents.template_names()},
        "files": {path: {"size": len(data), "sha256": sha256(data)} for path, data in sorted(files.items())},
    }


def _git_commit(directory: Path) -> str | None:
    if shutil.which("git") is None:
        return None
    result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def _write(report: Report, files: dict[str, bytes], manifest: dict, when: date) -> None:
    """Assemble the package beside the old one and swap it in; leave an unchanged package alone."""
    final = report.directory
    parent = final.parent
    _recover(final)
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    if (final / "manifest.json").is_file() and (final / "manifest.json").read_bytes() == manifest_bytes \
            and (final / f"{final.name}.zip").is_file():
        report.unchanged = True
        return
    everything = {**files, "manifest.json": manifest_bytes}
    partial = parent / f".{final.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    for path, data in everything.items():
        target = partial / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (partial / f"{final.name}.zip").write_bytes(_zip(everything, when))
    old = parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(partial, final)
    shutil.rmtree(old, ignore_errors=True)


def _recover(final: Path) -> None:
    """Undo what a killed build left: a package moved aside but not replaced, and partial ones."""
    for leftover in final.parent.glob(f".{final.name}.*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue  # another build is working on it
        if ".old-" in leftover.name and not final.exists():
            os.replace(leftover, final)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _zip(files: dict[str, bytes], when: date) -> bytes:
    """A zip whose bytes depend only on the files and the date. Word and PDF files are
    compressed already; text compresses well."""
    return zip_bytes(sorted(files.items()), when, compressed=lambda path: path.endswith((".md", ".json")))


def _source_date() -> date:
    """The date of a package without a meeting: SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = source_epoch()
    return epoch.date() if epoch else FIRST_ZIP_DATE
