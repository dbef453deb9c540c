"""The benchmark script keeps working (its figures are read in bench/RESULTS.md, never asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers.common import ROOT


def test_a_measurement_runs_in_a_process_of_its_own_and_reports_rows():
    completed = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--only", "hostile", "--quick"],
                               capture_output=True, text=True, timeout=300, check=True)
    rows = json.loads(completed.stdout)
    assert [row["name"] for row in rows] == ["alias bomb (504 bytes) refused", "50 MB file refused"]
    assert all(row["seconds"] > 0 and row["floor_seconds"] > 0 and row["peak_mb"] > 0 for row in rows)
