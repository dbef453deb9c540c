"""`tenderkit build --watch` in a real process: rebuilds on save, survives a spec that is invalid for
a while and a file that disappears and comes back, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.common import SPEC_2021, Process


def test_watch_rebuilds_and_survives(repo):
    spec = repo / "specs" / SPEC_2021.name
    good = spec.read_text(encoding="utf-8")
    watcher = Process([str(Path(sys.executable).with_name("tenderkit")), "build", "--watch", "--poll", "0.1",
                       "specs/", "-o", "out"], cwd=repo)
    try:
        watcher.wait_for("out/anhorigstod-barn-2021/tjansteskrivelse.docx")
        watcher.wait_for("press Ctrl-C to stop")
        memo = repo / "out" / "anhorigstod-barn-2021" / "tjansteskrivelse.md"

        spec.write_text(good.replace("per_year: 2600", "per_year: mycket"), encoding="utf-8")
        watcher.wait_for('expected a whole number, got "mycket"')

        spec.write_text(good.replace("per_year: 2600", "per_year: 1950"), encoding="utf-8")
        watcher.wait_for("out/anhorigstod-barn-2021/tjansteskrivelse.docx")
        assert "1\u00a0950 timmar" in memo.read_text(encoding="utf-8")

        spec.unlink()
        watcher.wait_for("changed:")
        spec.write_text(good, encoding="utf-8")
        watcher.wait_for("out/anhorigstod-barn-2021/tjansteskrivelse.docx")
        assert "2\u00a0600 timmar" in memo.read_text(encoding="utf-8")
    finally:
        code = watcher.interrupt()
    assert code == 0
    assert "stopped watching" in watcher.seen
    assert not any("Traceback" in line for line in watcher.seen)


def test_watch_waits_for_a_named_spec_that_is_not_there_yet(repo):
    watcher = Process([str(Path(sys.executable).with_name("tenderkit")), "build", "--watch", "--poll", "0.1",
                       "specs/later.yaml", "-o", "out"], cwd=repo)
    try:
        watcher.wait_for("specs/later.yaml: no such file (waiting for it to appear)")
        (repo / "specs" / "later.yaml").write_text(SPEC_2021.read_text(encoding="utf-8"), encoding="utf-8")
        watcher.wait_for("out/anhorigstod-barn-2021/tjansteskrivelse.md")
    finally:
        assert watcher.interrupt() == 0
