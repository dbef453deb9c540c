"""`tenderkit build --watch` in a real process: rebuilds on save only the specs the saved file affects
and prints only what changed, survives a spec that is invalid for a while and a file that disappears
and comes back, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.common import SPEC_2021, SPEC_2024, SPEC_TENDER, Process


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


def test_watch_rebuilds_only_what_a_save_affects_and_prints_only_what_changed(repo):
    spec = repo / "specs" / SPEC_2021.name
    good = spec.read_text(encoding="utf-8")
    watcher = Process([str(Path(sys.executable).with_name("tenderkit")), "build", "--watch", "--poll", "0.1",
                       "specs/", "-o", "out"], cwd=repo)

    def rebuilt(count: int) -> None:
        for _ in range(count):
            watcher.wait_for("rebuilt ")

    try:
        watcher.wait_for("press Ctrl-C to stop")
        # one spec saved with a new warning and a new figure: only it is built, the warning said once
        spec.write_text(good.replace("signed_by: Linda Ljungqvist", "signed_by: Namn Namnsson")
                        .replace("per_year: 2600", "per_year: 1950"), encoding="utf-8")
        rebuilt(1)
        # the project file saved with a comment more: every spec read it, so all are built; none changed
        project = repo / "tenderkit.yaml"
        project.write_text(project.read_text(encoding="utf-8") + "# en kommentar\n", encoding="utf-8")
        rebuilt(3)
        # the spec saved again, its warning gone and its figure back
        spec.write_text(good, encoding="utf-8")
        rebuilt(1)
        # and once more with the same meaning (a comment): built, nothing printed but that
        spec.write_text(good + "# sparad igen\n", encoding="utf-8")
        rebuilt(1)
    finally:
        assert watcher.interrupt() == 0
    batches = "\n".join(watcher.seen).split("] changed: ")[1:]
    assert len(batches) == 4
    built = [[line.removeprefix("rebuilt ") for line in batch.splitlines() if line.startswith("rebuilt ")]
             for batch in batches]
    assert built == [["specs/anhorigstod-barn-2021.yaml"],
                     [f"specs/{name}: nothing changed" for name in sorted(
                         p.name for p in (SPEC_2021, SPEC_2024, SPEC_TENDER))],
                     ["specs/anhorigstod-barn-2021.yaml"],
                     ["specs/anhorigstod-barn-2021.yaml: nothing changed"]]
    warning = "warning: case.signed_by (undertecknare): still holds “Namn Namnsson”"
    said = [line for line in watcher.seen if warning in line]
    assert len(said) == 2 and said[1] == f"gone: {said[0]}"  # said once when new, once when gone
    # the memo's files: written by the first build, by the new figure and by the figure back, no more
    assert watcher.seen.count("out/anhorigstod-barn-2021/tjansteskrivelse.md") == 3
    assert watcher.seen.count("out/anhorigstod-barn-unga-2024/tjansteskrivelse.md") == 1
    assert not any("Traceback" in line for line in watcher.seen)
