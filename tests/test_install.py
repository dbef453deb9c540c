"""A built wheel carries the templates: an installed tenderkit builds specs outside this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT, SPEC_2024


def test_wheel_builds_a_spec_anywhere(tmp_path):
    wheels, site, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    [wheel] = wheels.glob("tenderkit-*.whl")
    assert "tenderkit/templates/tjansteskrivelse.docx" in zipfile.ZipFile(wheel).namelist()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    work.mkdir()
    shutil.copy(SPEC_2024, work / "spec.yaml")  # no project file here: the spec must stand alone
    text = (work / "spec.yaml").read_text(encoding="utf-8")
    (work / "spec.yaml").write_text(text.replace("case:\n", "organisation:\n  municipality: Linköpings kommun\n"
                                                 "  board: Social- och omsorgsnämnden\n"
                                                 "  administration: Socialförvaltningen\ncase:\n", 1), encoding="utf-8")
    script = ("import sys, tenderkit.build as b; from pathlib import Path; "
              "print(b.bundled_templates()); r = b.build(Path('spec.yaml'), Path('out')); print(r.written[0])")
    result = subprocess.run([sys.executable, "-c", script], cwd=work, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr
    templates, written = result.stdout.splitlines()
    assert templates == str(site / "tenderkit" / "templates")
    assert written == "out/anhorigstod-barn-unga-2024/tjansteskrivelse.docx"
    assert (work / written).stat().st_size > 5000
