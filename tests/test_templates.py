"""The committed templates are exactly what tools/make_templates.py writes, so the readable
source and the shipped .docx never drift apart."""

from __future__ import annotations

import importlib.util
import sys
import zipfile

from helpers.common import ROOT


def test_committed_templates_match_their_source(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "tools" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_templates", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    assert module.main(["make_templates", str(tmp_path)]) == 0
    for name in module.TEMPLATES:
        generated, committed = zipfile.ZipFile(tmp_path / name), zipfile.ZipFile(ROOT / "templates" / name)
        assert generated.namelist() == committed.namelist(), name
        for member in generated.namelist():
            assert generated.read(member) == committed.read(member), f"{name}:{member} differs: run tools/make_templates.py"
