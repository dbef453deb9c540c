"""The shared fixtures: run the CLI as a user would, and a temporary specs repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers.common import ROOT, SPEC_2021, SPEC_2024, SPEC_TENDER, Result

from tenderkit import i18n
from tenderkit.cli import main

# The tests read tenderkit's messages in English, as if run in an English locale (this reaches the
# processes they start too); tests of the Swedish messages ask for them (`--lang sv`, `swedish_env`).
os.environ["LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _language_of_the_environment():
    """Each test starts in the environment's language, whatever an earlier `--lang` chose."""
    i18n.use()


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `tenderkit ARGS` in-process in a directory; returns exit code, stdout and stderr."""
    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd:
            monkeypatch.chdir(cwd)
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own usage errors and --version
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)
    return run


@pytest.fixture
def repo(tmp_path):
    """A specs repository like the bundled one: project file plus both seed specs."""
    shutil.copy(ROOT / "tenderkit.yaml", tmp_path / "tenderkit.yaml")
    (tmp_path / "specs").mkdir()
    for spec in (SPEC_2021, SPEC_2024, SPEC_TENDER):
        shutil.copy(spec, tmp_path / "specs" / spec.name)
    (tmp_path / ".git").mkdir()  # marks the repository root for project-file lookup
    return tmp_path


@pytest.fixture(scope="session")
def rules():
    """The eForms SDK's static business rules, compiled once for every test module that runs them."""
    from helpers.schematron import Rules

    return Rules()
