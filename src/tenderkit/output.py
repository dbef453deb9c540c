"""Writing built files: atomically, and never over a user's own work.

Each file is written to a temporary name beside its target and renamed into place, so a reader
(or a crash) never sees half a file. tenderkit remembers the hash of every file it wrote in the
directory's `.tenderkit-state.json`; a file that has changed since (someone edited the .docx in
Word) or that tenderkit did not write is not overwritten unless the user says `--force`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

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
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_outputs(directory: Path, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write `files` (name → bytes) into `directory`; remove files tenderkit wrote there before
    and no longer builds. Returns the paths written."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputProblem(f"cannot create the output directory {directory}: {exc.strerror}",
                            hint="choose another directory with -o, or check its permissions") from None
    state = _read_state(directory)
    if not force:
        edited = [name for name in sorted(files) if _changed_by_user(directory / name, state.get(name))]
        if edited:
            listed = ", ".join(str(directory / name) for name in edited)
            raise OutputProblem(
                f"not overwriting {listed}: changed since tenderkit wrote it, or not written by tenderkit",
                hint="move the file away to keep your changes, or build with --force to replace it")
    written = []
    try:
        for name, data in sorted(files.items()):
            target = directory / name
            if target.is_file() and state.get(name) == sha256(data) and sha256(target.read_bytes()) == state[name]:
                written.append(target)  # unchanged: leave the file (and its time stamp) alone
                continue
            write_atomic(target, data)
            written.append(target)
        for name in sorted(set(state) - set(files)):
            stale = directory / name
            if stale.is_file() and sha256(stale.read_bytes()) == state[name]:
                stale.unlink()
        new_state = {name: sha256(data) for name, data in sorted(files.items())}
        write_atomic(directory / STATE_FILE, (json.dumps(new_state, indent=2) + "\n").encode())
    except OSError as exc:
        raise OutputProblem(f"cannot write to {directory}: {exc.strerror}",
                            hint="check that the directory is writable and the disk is not full") from None
    return written


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
