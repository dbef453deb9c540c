"""Messages in Swedish by default and in English on request (issue 11): the language chosen, the
catalog complete and compiled, argparse's own words translated."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers.common import ROOT, SWEDISH, run_process

from tenderkit.i18n import language_of


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "sv"),
    ({"LANG": "C.UTF-8"}, "sv"),
    ({"LANG": "sv_SE.UTF-8"}, "sv"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
    ({"LANGUAGE": "sv", "LC_ALL": "en_US.UTF-8"}, "sv"),
    ({"LANGUAGE": "de:en", "LANG": "sv_SE.UTF-8"}, "en"),
    ({"LANGUAGE": "", "LANG": "en_US"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "sv"),
])
def test_the_language_follows_the_locale(environ, language):
    assert language_of(environ) == language


def test_the_catalog_is_complete_and_compiled():
    """Every marked message has a Swedish translation with the same placeholders, and the .mo is
    compiled from the .po: what `python tools/catalogs.py --check` says."""
    check = subprocess.run([sys.executable, "tools/catalogs.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_help_is_swedish_by_default_and_english_on_request(tmp_path):
    swedish = run_process("validate", "--help", cwd=tmp_path, env=SWEDISH)
    assert swedish.out.startswith("användning: tenderkit validate")
    assert "visa den här hjälpen och avsluta" in swedish.out
    english = run_process("validate", "--help", "--lang", "en", cwd=tmp_path, env=SWEDISH)
    assert english.out.startswith("usage: tenderkit validate")
    assert "show this help message and exit" in english.out
    locale = run_process("validate", "--help", cwd=tmp_path, env={**SWEDISH, "LANG": "en_GB.UTF-8"})
    assert locale.out == english.out


def test_argparse_errors_are_translated(tmp_path):
    missing = run_process("validate", cwd=tmp_path, env=SWEDISH)
    assert missing.code == 2
    assert "tenderkit validate: fel: de här argumenten saknas: SPEC" in missing.err
    english = run_process("validate", "--lang=en", cwd=tmp_path, env=SWEDISH)
    assert "tenderkit validate: error: the following arguments are required: SPEC" in english.err
