"""Where a spec to compare comes from: a file, or `REV:path`, the file as it was in a git revision.

A revision is unpacked whole (`git archive`) into a temporary directory, so the spec is read with
the project file, requirement library and law data of the same revision, as it was built then.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ..i18n import _


class SourceProblem(Exception):
    """A path or revision that does not exist: wrong usage, not an invalid spec."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


@contextmanager
def spec_source(argument: str, cwd: Path | None = None) -> Iterator[Path]:
    """The spec named by `argument` on disk for as long as the context lasts; a `REV:./path` is
    relative to `cwd` (this directory when None), as in `git show`."""
    cwd = cwd or Path.cwd()
    path = Path(argument)
    if path.exists() or ":" not in argument:
        if not path.is_file():
            raise SourceProblem(_("no such file: {path}").format(path=argument),
                                hint=_("give a spec file, or REV:path for a git revision"))
        yield path
        return
    revision, inner = argument.split(":", 1)
    top = _git_toplevel(cwd)
    repo_path = _repo_path(inner, top, cwd)
    if _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top).returncode != 0:
        if not _git(["rev-list", "-n", "1", "--all"], top).stdout.strip():  # a new repository, as `init` leaves it
            raise SourceProblem(_("the repository has no commits yet, so there is no {revision} to compare with: "
                                  "everything is new").format(revision=revision),
                                hint=_("commit the specs once (`git add -A` and `git commit`); changes are then shown "
                                       "against that"))
        raise SourceProblem(_("unknown revision `{revision}`").format(revision=revision),
                            hint=_("see `git log` for revisions, e.g. HEAD~1:specs/x.yaml"))
    if _git(["cat-file", "-e", f"{revision}:{repo_path}"], top).returncode != 0:
        raise SourceProblem(_("{revision} has no file {path}").format(revision=revision, path=repo_path),
                            hint=_("the path is relative to the repository's top (or starts with ./ for this "
                                   "directory)"))
    archive = _git(["archive", "--format=tar", revision], top, binary=True)
    with tempfile.TemporaryDirectory(prefix="tenderkit-") as directory:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(directory, filter="data")
        (Path(directory) / ".git").mkdir(exist_ok=True)  # the project file is looked for up to here
        yield Path(directory) / repo_path


def _git_toplevel(cwd: Path) -> Path:
    if shutil.which("git") is None:
        raise SourceProblem(_("git is not installed, so REV:path cannot be read"))
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise SourceProblem(_("REV:path needs a git repository, and this directory is not in one"))
    return Path(result.stdout.strip())


def _repo_path(inner: str, top: Path, cwd: Path) -> PurePosixPath:
    """`./x` and `../x` are relative to this directory, as in `git show`; other paths to the top."""
    if inner.startswith(("./", "../")):
        try:
            return PurePosixPath((cwd / inner).resolve().relative_to(top.resolve()).as_posix())
        except ValueError:
            raise SourceProblem(_("{path} is outside the repository").format(path=inner)) from None
    return PurePosixPath(inner)


def _git(arguments: list[str], cwd: Path, binary: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=not binary)
