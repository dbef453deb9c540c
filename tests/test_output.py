"""Writing a build's files: all or nothing, and never a lock-out or a deletion outside the output."""

from __future__ import annotations

import json
import os

import pytest

from tenderkit.output import STATE_FILE, OutputProblem, sha256, write_outputs


def test_a_file_that_cannot_be_replaced_leaves_a_state_that_tells_the_truth(tmp_path, monkeypatch):
    """Word on Windows locks an open .docx: the files before it are new, it and the rest are old,
    and the next build must neither refuse the new ones nor think the old ones are new."""
    write_outputs(tmp_path, {"a.docx": b"a1", "b.docx": b"b1"})
    real_replace = os.replace

    def locked(source, target):
        if str(target).endswith("b.docx"):
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputProblem):
        write_outputs(tmp_path, {"a.docx": b"a2", "b.docx": b"b2"})
    monkeypatch.undo()
    assert (tmp_path / "a.docx").read_bytes() == b"a2" and (tmp_path / "b.docx").read_bytes() == b"b1"
    assert json.loads((tmp_path / STATE_FILE).read_text()) == {"a.docx": sha256(b"a2"), "b.docx": sha256(b"b1")}
    write_outputs(tmp_path, {"a.docx": b"a2", "b.docx": b"b2"})  # no "changed since tenderkit wrote it"
    assert (tmp_path / "b.docx").read_bytes() == b"b2"
    assert sorted(path.name for path in tmp_path.iterdir()) == [STATE_FILE, "a.docx", "b.docx"]  # no temporaries


def test_a_state_file_cannot_make_tenderkit_delete_outside_the_output(tmp_path):
    output, victim = tmp_path / "out", tmp_path / "victim.txt"
    victim.write_bytes(b"mine")
    output.mkdir()
    (output / STATE_FILE).write_text(json.dumps({"../victim.txt": sha256(b"mine"), str(victim): sha256(b"mine")}))
    write_outputs(output, {"a.docx": b"a"})
    assert victim.read_bytes() == b"mine"


def test_files_no_longer_built_are_removed_when_tenderkit_wrote_them(tmp_path):
    write_outputs(tmp_path, {"a.docx": b"a", "old.docx": b"o"})
    write_outputs(tmp_path, {"a.docx": b"a"})
    assert not (tmp_path / "old.docx").exists()
