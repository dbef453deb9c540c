"""`tenderkit build --watch` in a real process: rebuilds on save, survives a spec that is invalid for
a while and a file that disappears and comes back, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from helpers.common import SPEC_2021


class Process:
    """A running command whose stdout and stderr lines can be awaited."""

    def __init__(self, args: list[str], cwd: Path):
        self.process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.pumps = [threading.Thread(target=self._pump, args=(stream,), daemon=True)
                      for stream in (self.process.stdout, self.process.stderr)]
        for pump in self.pumps:
            pump.start()

    def interrupt(self) -> int:
        """Ctrl-C; the exit status, with every remaining line read."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=10)
        for pump in self.pumps:
            pump.join(timeout=5)
        self.process.stdout.close()
        self.process.stderr.close()
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
