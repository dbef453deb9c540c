"""A built wheel carries the templates: an installed tenderkit builds specs outside this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers.common import ROOT, SPEC_TENDER


def test_wheel_builds_a_spec_anywhere(tmp_path):
    wheels, site, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    [wheel] = wheels.glob("tenderkit-*.whl")
    members = zipfile.ZipFile(wheel).namelist()
    assert {"tenderkit/templates/tjansteskrivelse.docx", "tenderkit/templates/forfragningsunderlag.docx",
            "tenderkit/templates/anbudsformular.docx", "tenderkit/templates/pub-avtal.docx",
            "tenderkit/library/krav.yaml", "tenderkit/data/lou.yaml"} <= set(members)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    work.mkdir()
    shutil.copy(SPEC_TENDER, work / "spec.yaml")  # no project file here: the spec stands alone
    script = ("import tenderkit.build as b; from pathlib import Path; print(b.bundled_templates()); "
              "print(*b.build(Path('spec.yaml'), Path('out')).written, sep='\\n')")
    result = subprocess.run([sys.executable, "-c", script], cwd=work, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr
    templates, *written = result.stdout.splitlines()
    assert templates == str(site / "tenderkit" / "templates")
    built = {Path(path).name for path in written}
    assert {"forfragningsunderlag.md", "anbudsformular.docx", "prisbilaga.xlsx", "pub-avtal.docx"} <= built
    tender = work / "out" / "stodboende-unga-vuxna-2025" / "forfragningsunderlag.md"
    assert "Krav KVAL-UTESL." in tender.read_text(encoding="utf-8")  # the library came with the wheel
