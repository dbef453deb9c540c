"""The bad-input corpus (issue 6): every kind of bad input a person or an unwatched CI job can give
tenderkit, each with the message it must get.

`tests/corpus/cases.yaml` is the table: case, input, place and expected message side by side. A
case is a file beside the table (`tests/corpus/<case>.yaml`, the bundled 2021 spec, frozen as
`base.yaml`, with one thing changed), or, when it cannot be a static file (a directory, a 50 MB
file, a broken template, an output directory that cannot be written), a short `make:` that the
test turns into one. Every case runs through the public CLI in a repository of its own; a failing
case must exit 1 or 2, name the file, the place and the fix, never show a traceback, and leave
the repository untouched: no output, no temporary file, no file rewritten.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from helpers.common import ROOT, Result, own_template

from tenderkit.render.text import docx_markdown
from tenderkit.spec.loader import split_lines

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base.yaml"
INDEX = CORPUS / "cases.yaml"
LOCATED = re.compile(r"^\S.*?:(\d+):(\d+): ", re.MULTILINE)
TOKENS = ("Traceback", "internal error")  # a bug in tenderkit, never the answer to bad input


@dataclass(frozen=True)
class Case:
    name: str
    exit: int
    expect: tuple[str, ...] = ()
    sv: tuple[str, ...] = ()  # the same messages in Swedish, tenderkit's default language
    where: str | None = None  # "FILE:LINE:COL" the message must name, or "FILE" when there is no place
    input: str | None = None  # the text at LINE of the case file: the bad input itself
    command: str = "validate"  # validate cases are built too: the build must fail alike and write nothing
    make: dict | None = None  # how to make an input that cannot be a static file
    file: str | None = None  # the spec's name in the repository, when not <case>.yaml
    output: str = "output"
    document: tuple[str, ...] = ()  # text that must stand literally in the built document
    standalone: bool = False  # a file of its own, not the base spec with one change
    problems: int = 1  # located messages a derived case gives (its one change, said once)

    @property
    def spec(self) -> str:
        return f"specs/{self.file or self.name + '.yaml'}"

    @property
    def static(self) -> Path | None:
        return CORPUS / f"{self.name}.yaml" if self.make is None else None


def _load_cases() -> list[Case]:
    table = yaml.safe_load(INDEX.read_text(encoding="utf-8"))
    return [Case(name, **{key: tuple(value) if isinstance(value, list) else value for key, value in entry.items()})
            for name, entry in table.items()]


CASES = _load_cases()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case(case: Case, cli, repo):
    spec = _prepare(case, repo)
    before = _snapshot(repo)
    run = _without_root_overrides if _needs_permissions(case) and os.geteuid() == 0 else cli
    for command in ("validate", "build") if case.command == "validate" else (case.command,):
        arguments = [command, case.spec, *(["-o", case.output] if command == "build" else [])]
        result = run(*arguments, cwd=repo)
        assert not any(token in result.err for token in TOKENS), result.err
        assert result.code == case.exit, f"{command}: exit {result.code}\n{result.err}"
        for fragment in case.expect:
            assert fragment in result.err, f"{command}: {fragment!r} not in\n{result.err}"
        if case.exit:
            _assert_failed_well(case, result, spec)
            assert _snapshot(repo) == before, f"{command} changed the repository"
    _assert_swedish(case, run, repo, before)
    if case.exit == 0 and case.command == "build":
        text = docx_markdown((repo / case.output / "anhorigstod-barn-2021" / "tjansteskrivelse.docx").read_bytes())
        for fragment in case.document:
            assert fragment in text, f"{fragment!r} not literally in the document"


def _assert_swedish(case: Case, run, repo: Path, before: dict) -> None:
    """The case once more in Swedish: the same place, the Swedish message and its fix (`tips:`)."""
    assert case.sv or not case.expect, "every case pins its messages in Swedish too (sv:)"
    arguments = [case.command, case.spec, *(["-o", case.output] if case.command == "build" else []), "--lang", "sv"]
    result = run(*arguments, cwd=repo)
    assert not any(token in result.err for token in TOKENS), result.err
    assert result.code == case.exit, f"sv: exit {result.code}\n{result.err}"
    for fragment in case.sv:
        assert fragment in result.err, f"sv: {fragment!r} not in\n{result.err}"
    if case.exit:
        if case.where and re.search(r":\d+:\d+$", case.where):
            assert f"{case.where}: " in result.err, f"sv: not located at {case.where}:\n{result.err}"
        assert "tips: " in result.err and "hint: " not in result.err, f"sv: no fix offered in Swedish:\n{result.err}"
        assert _snapshot(repo) == before, "sv: the run changed the repository"


def _assert_failed_well(case: Case, result, spec: Path) -> None:
    assert case.exit in (1, 2)
    assert result.out == "", "a failed run reports no results"
    assert case.where, "every failing case names its file"
    if re.search(r":\d+:\d+$", case.where):
        assert f"{case.where}: " in result.err, f"not located at {case.where}:\n{result.err}"
        located = len(LOCATED.findall(result.err))
        assert case.standalone or located == case.problems, f"{located} located messages:\n{result.err}"
    else:
        assert case.where in result.err, result.err
    if case.input is not None:
        line = int(case.where.split(":")[-2])
        text = split_lines(spec.read_text(encoding="utf-8"))[line - 1]  # lines as YAML counts them
        assert case.input in text, f"line {line} of {spec.name} does not hold {case.input!r}"
    assert "hint: " in result.err, f"no fix offered:\n{result.err}"


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under `root` with its kind, size, time and inode: a write, a rename or a
    leftover temporary file all show."""
    entries = {}
    for directory, names, files in os.walk(root):
        for name in names + files:
            path = Path(directory, name)
            status = path.lstat()
            entries[str(path.relative_to(root))] = (status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino)
    return entries


# --- making the inputs that cannot be static files -------------------------------------------------

def _prepare(case: Case, repo: Path) -> Path:
    """Put the case's input at its place in the repository; return the spec's path."""
    spec = repo / case.spec
    if case.static:
        shutil.copy(case.static, spec)
        return spec
    spec.write_bytes(BASE.read_bytes())
    (kind, argument), = case.make.items()
    MAKERS[kind](repo, spec, argument)
    return spec


def _encode(repo: Path, spec: Path, encoding: str) -> None:
    """The base spec saved in another encoding (Notepad's "ANSI", UTF-16 …)."""
    spec.write_bytes(BASE.read_text(encoding="utf-8").encode(encoding))


def _crlf(repo: Path, spec: Path, case: str) -> None:
    """Another case's file saved with Windows line ends: lines must be counted the same."""
    spec.write_bytes((CORPUS / f"{case}.yaml").read_bytes().replace(b"\n", b"\r\n"))


def _copy(repo: Path, spec: Path, source: str) -> None:
    shutil.copy(ROOT / source, spec)


def _directory(repo: Path, spec: Path, _: object) -> None:
    spec.unlink()
    spec.mkdir()


def _missing(repo: Path, spec: Path, _: object) -> None:
    spec.unlink()


def _sparse(repo: Path, spec: Path, size: int) -> None:
    """A file of `size` bytes made in no time and no disk space: only its length matters."""
    with spec.open("r+b") as stream:
        stream.truncate(size)


def _named_pipe(repo: Path, spec: Path, _: object) -> None:
    """A pipe where the spec should be. Reading one waits for a writer for ever; so that a
    regression fails instead of hanging the suite, a writer comes after a few seconds with the
    base spec (which tenderkit, wrongly reading the pipe, would then accept)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    spec.unlink()
    os.mkfifo(spec)

    def feed() -> None:
        try:  # without a reader (tenderkit did not open the pipe) this fails at once, as it should
            descriptor = os.open(spec, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        with os.fdopen(descriptor, "wb") as pipe:
            pipe.write(BASE.read_bytes())

    writer = threading.Timer(5, feed)
    writer.daemon = True
    writer.start()


def _unreadable(repo: Path, spec: Path, _: object) -> None:
    spec.chmod(0)


def _without_id(repo: Path, spec: Path, _: object) -> None:
    """The base spec with no `id:`, so the file name names its output folder."""
    spec.write_text(re.sub(r"(?m)^id: .*\n", "", BASE.read_text(encoding="utf-8")), encoding="utf-8")


def _blocked(repo: Path, spec: Path, paths: dict[str, str]) -> None:
    """Things in the way of the output: a `file` where a directory goes, a `directory` where a
    file goes, a `read-only` directory."""
    for relative, kind in paths.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            path.write_text("a file where tenderkit needs a directory\n")
        elif kind == "directory":
            path.mkdir()
        elif kind == "read-only":
            path.mkdir()
            path.chmod(0o555)
        else:
            raise ValueError(f"unknown blocker {kind!r}")


def _template(repo: Path, spec: Path, how: str | dict) -> None:
    """The repository's own templates (`templates:` in tenderkit.yaml) with the memo's broken."""
    if isinstance(how, dict):  # {replace: [old, new]} in word/document.xml
        old, new = how["replace"]
        own_template(repo, old, new)
        return
    template = own_template(repo, "<w:body>", "<w:body>")
    if how == "missing":
        template.unlink()
    elif how == "dangling-link":
        template.unlink()
        template.symlink_to(repo / "templates" / "raderad.docx")
    elif how == "not-a-zip":
        template.write_text("Det här är ingen Word-fil.\n")
    elif how == "without-document-xml":
        with zipfile.ZipFile(ROOT / "templates" / "tjansteskrivelse.docx") as source, \
                zipfile.ZipFile(template, "w") as broken:
            for member in source.infolist():
                if member.filename != "word/document.xml":
                    broken.writestr(member, source.read(member))
    else:
        raise ValueError(f"unknown template breakage {how!r}")


def _project(repo: Path, spec: Path, line: str) -> None:
    """A line put first in the repository's tenderkit.yaml (first, so its place is 1:1)."""
    project = repo / "tenderkit.yaml"
    project.write_text(line + "\n" + project.read_text(encoding="utf-8"), encoding="utf-8")


def _project_file(repo: Path, spec: Path, text: str) -> None:
    """The repository's tenderkit.yaml replaced by `text`, for a fault inside its `defaults:`."""
    (repo / "tenderkit.yaml").write_text(text, encoding="utf-8")


def _needs_permissions(case: Case) -> bool:
    return bool(case.make) and ("unreadable" in case.make or "read-only" in str(case.make.get("blocked")))


def _without_root_overrides(*arguments: str, cwd: Path) -> Result:
    """The console script with root's power to ignore file permissions taken away (CI runs as
    root, whom a mode of 000 or 555 would not stop): it is then stopped like any user."""
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
    executable = Path(sys.executable).with_name("tenderkit")
    completed = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", str(executable),
                                *arguments], cwd=cwd, capture_output=True, text=True, timeout=120)
    return Result(completed.returncode, completed.stdout, completed.stderr)


MAKERS: dict[str, Callable[[Path, Path, object], None]] = {
    "encode": _encode, "crlf": _crlf, "copy": _copy, "directory": _directory, "missing": _missing, "sparse": _sparse,
    "named-pipe": _named_pipe, "unreadable": _unreadable, "without-id": _without_id, "blocked": _blocked,
    "template": _template, "project": _project, "project-file": _project_file,
}


# --- the table itself ------------------------------------------------------------------------------

@pytest.mark.parametrize("case", [c for c in CASES if c.static and not c.standalone and c.name != "base"],
                         ids=lambda case: case.name)
def test_case_changes_one_place_of_the_base(case: Case):
    """One change, so the case tests one thing (and its message cannot come from another)."""
    base = BASE.read_text(encoding="utf-8").split("\n")
    changed = case.static.read_text(encoding="utf-8").split("\n")
    edits = [op for op in difflib.SequenceMatcher(None, base, changed, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(edits) == 1, f"{case.name} differs from base.yaml in {len(edits)} places"


def test_every_file_of_the_corpus_is_a_case():
    files = {path.stem for path in CORPUS.iterdir()} - {"cases"}
    assert files == {case.name for case in CASES if case.static}


def test_the_corpus_is_large_enough_and_covers_both_exit_codes():
    assert len(CASES) >= 45
    assert {case.exit for case in CASES} == {0, 1, 2}
