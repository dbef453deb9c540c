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


def test_the_evaluation_benchmark_evaluates_every_tender_it_made():
    """Its setup (a spec with three lots, 30 answers files and their filled-in prisbilagor) stays one
    that `tenderkit evaluate` accepts: the measurement checks that all 90 lot tenders are ranked."""
    completed = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--only", "evaluate", "--quick"],
                               capture_output=True, text=True, timeout=300, check=True)
    [row] = json.loads(completed.stdout)
    assert row["name"] == "evaluate 30 tenders over 3 lots from spreadsheets, fresh process"
    assert row["floor_name"] == "build of the same spec, fresh process" and row["seconds"] > 0
