"""Writing built files: atomically, and never over a user's own work.

Each file is written to a temporary name beside its target and renamed into place, so a reader
(or a crash) never sees half a file. tenderkit remembers the hash of every file it wrote in the
directory's `.tenderkit-state.json`; a file that has changed since (someone edited the .docx in
Word) or that tenderkit did not write is not overwritten unless the user says `--force`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .i18n import _, ngettext

STATE_FILE = ".tenderkit-state.json"


def _file_mode() -> int:
    """The mode a plainly created file gets (mkstemp would make it private to the owner)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


class OutputProblem(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    write_atomic_files({path: data})


def write_atomic_files(files: dict[Path, bytes]) -> None:
    """Write files that belong together (a notice and its text): all are staged before any is renamed
    into place, so a full disk or a missing directory leaves none of them half-written or alone."""
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _stage(path, data)
        for path in list(staged):
            os.replace(staged.pop(path), path)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> Path:
    """`data` written and synced to a temporary file beside `path`, ready to be renamed onto it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_outputs(directory: Path, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write `files` (name → bytes) into `directory`; remove files tenderkit wrote there before
    and no longer builds. Returns the paths written.

    All or nothing, as far as a file system allows: every target is checked and every file is
    written to a temporary name first; only when all of them are on disk are they renamed into
    place. A full disk or a directory where a file should be leaves the old output as it was."""
    _make_directory(directory)
    state = _read_state(directory)
    new_state = {name: sha256(data) for name, data in sorted(files.items())}
    targets = {**files, STATE_FILE: _state_bytes(new_state)}
    not_files = [directory / name for name in sorted(targets)
                 if (directory / name).exists() and not (directory / name).is_file()]
    if not_files:
        raise OutputProblem(ngettext("cannot write {paths}: there is a directory of that name",
                                     "cannot write {paths}: there are directories of those names", len(not_files))
                            .format(paths=", ".join(map(str, not_files))),
                            hint=ngettext("tenderkit writes a file there: move the directory away, or choose another "
                                          "output directory with -o",
                                          "tenderkit writes files there: move the directories away, or choose another "
                                          "output directory with -o", len(not_files)))
    if not force:
        edited = [name for name in sorted(files) if _changed_by_user(directory / name, state.get(name))]
        if edited:
            listed = ", ".join(str(directory / name) for name in edited)
            raise OutputProblem(
                ngettext("not overwriting {paths}: changed since tenderkit wrote it, or not written by tenderkit",
                         "not overwriting {paths}: changed since tenderkit wrote them, or not written by tenderkit",
                         len(edited)).format(paths=listed),
                hint=ngettext("move the file away to keep your changes, or build with --force to replace it",
                              "move the files away to keep your changes, or build with --force to replace them",
                              len(edited)))
    staged: dict[str, Path] = {}
    replaced: dict[str, str] = {}  # name → the hash now on disk, for a state that tells the truth
    try:
        unchanged = {name for name in files if _holds(directory / name, state.get(name), new_state[name])}
        for name, data in sorted(targets.items()):
            if name not in unchanged:  # an unchanged file keeps its time stamp
                staged[name] = _stage(directory / name, data)
        for name in sorted(staged, key=lambda name: name == STATE_FILE):  # the state file last
            os.replace(staged[name], directory / name)
            del staged[name]
            replaced[name] = new_state.get(name, "")
        for name in sorted(set(state) - set(files)):
            stale = directory / name
            if _plain_name(name) and stale.is_file() and sha256(stale.read_bytes()) == state[name]:
                stale.unlink()
    except OSError as exc:
        if replaced and STATE_FILE not in replaced:  # some files are new: say so, or the next build refuses them
            with contextlib.suppress(OSError):
                write_atomic(directory / STATE_FILE, _state_bytes({**state, **replaced}))
        raise OutputProblem(_("cannot write to {directory}: {error}").format(directory=directory, error=exc.strerror),
                            hint=_("check that the directory is writable and the disk is not full")) from None
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    return [directory / name for name in sorted(files)]


def _plain_name(name: str) -> bool:
    """A name from the state file names a file in the output directory itself, nothing else."""
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name


def _state_bytes(state: dict[str, str]) -> bytes:
    return (json.dumps(dict(sorted(state.items())), indent=2) + "\n").encode()


def _make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (directory, *directory.parents) if p.exists() and not p.is_dir()), None)
        reason = _("{path} is a file, not a directory").format(path=blocker) if blocker else exc.strerror
        raise OutputProblem(_("cannot create the output directory {directory}: {reason}").format(
                                directory=directory, reason=reason),
                            hint=_("choose another directory with -o, or check its permissions") if not blocker
                            else _("choose another directory with -o, or move the file away")) from None


def _holds(path: Path, recorded: str | None, wanted: str) -> bool:
    """The file is there, as tenderkit wrote it, with the bytes it would write now."""
    return recorded == wanted and path.is_file() and sha256(path.read_bytes()) == wanted


def _read_state(directory: Path) -> dict[str, str]:
    try:
        state = json.loads((directory / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _changed_by_user(path: Path, recorded: str | None) -> bool:
    if not path.exists():
        return False
    if recorded is None:
        return True
    try:
        return sha256(path.read_bytes()) != recorded
    except OSError:
        return True
