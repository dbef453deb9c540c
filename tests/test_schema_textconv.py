"""Editor support and readable diffs: the JSON Schema of a spec, and `tenderkit textconv` for git."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers.common import ROOT, SPEC_2021, SPEC_2024, SPEC_TENDER

from tenderkit.build import build
from tenderkit.spec.schema import spec_schema

SCHEMA_FILE = ROOT / "schema" / "tenderkit-spec.schema.json"


def as_json(node):
    """YAML data as JSON sees it: dates become ISO strings."""
    if isinstance(node, dict):
        return {key: as_json(value) for key, value in node.items()}
    if isinstance(node, list):
        return [as_json(value) for value in node]
    return node.isoformat() if isinstance(node, dt.date) else node


def test_committed_schema_is_the_model_schema(cli, tmp_path):
    assert SCHEMA_FILE.read_text(encoding="utf-8") == spec_schema()
    result = cli("schema", "-o", tmp_path / "s.json", cwd=tmp_path)
    assert result.code == 0 and (tmp_path / "s.json").read_text(encoding="utf-8") == spec_schema()


def test_bundled_specs_point_their_editor_at_the_schema():
    for spec in (ROOT / "specs").glob("*.yaml"):
        assert spec.read_text(encoding="utf-8").splitlines()[0] == \
            "# yaml-language-server: $schema=../schema/tenderkit-spec.schema.json"


@pytest.mark.parametrize("spec", [SPEC_2021, SPEC_2024, SPEC_TENDER], ids=lambda p: p.stem)
def test_every_bundled_spec_is_valid_against_the_schema(spec):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    defaults = yaml.safe_load((ROOT / "tenderkit.yaml").read_text(encoding="utf-8"))["defaults"]
    data = as_json({**defaults, **yaml.safe_load(spec.read_text(encoding="utf-8"))})
    data["organisation"] = {**defaults["organisation"], **data.get("organisation", {})}
    assert list(validator.iter_errors(data)) == []


def test_the_schema_rejects_what_tenderkit_rejects():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    data = as_json(yaml.safe_load(SPEC_2021.read_text(encoding="utf-8")))
    data["case"]["signd_by"] = data["case"].pop("signed_by")
    messages = [error.message for error in validator.iter_errors(data)]
    assert any("'signd_by' was unexpected" in message for message in messages)
    titles = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]["Case"]["properties"]["dnr"]
    assert titles["title"] == "diarienummer" and "SON 2020-247" in titles["description"]


def test_textconv_prints_a_word_files_text(cli, tmp_path):
    built = build(SPEC_2021, tmp_path / "out").directory
    result = cli("textconv", built / "tjansteskrivelse.docx", cwd=tmp_path)
    assert result.code == 0
    assert result.out == (built / "tjansteskrivelse.md").read_text(encoding="utf-8")
    (tmp_path / "not.docx").write_text("hello")
    bad = cli("textconv", tmp_path / "not.docx", cwd=tmp_path)
    assert bad.code == 1 and "is not a Word (.docx) file" in bad.err


def test_git_diff_shows_changed_sentences_of_word_files(tmp_path, repo):
    git = shutil.which("git")
    work = tmp_path / "docs"
    work.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(tmp_path)}

    def run(*args):
        return subprocess.run([git, *args], cwd=work, capture_output=True, text=True, check=True, env=env)

    run("init", "-q")
    run("config", "diff.docx.textconv", f"{Path(sys.executable).with_name('tenderkit')} textconv")
    (work / ".gitattributes").write_text("*.docx diff=docx\n")
    memo = work / "tjansteskrivelse.docx"
    memo.write_bytes((build(SPEC_2021, tmp_path / "a").directory / "tjansteskrivelse.docx").read_bytes())
    run("add", ".")
    run("commit", "-q", "-m", "2021")
    spec = repo / "specs" / SPEC_2021.name
    spec.write_text(spec.read_text(encoding="utf-8").replace("per_year: 2600", "per_year: 1950"), encoding="utf-8")
    memo.write_bytes((build(spec, tmp_path / "b").directory / "tjansteskrivelse.docx").read_bytes())
    diff = run("diff").stdout
    assert "-Förslaget är att avtalet utökas med 2\u00a0600 timmar per år, motsvarande två årsarbetare." in diff
    assert "+Förslaget är att avtalet utökas med 1\u00a0950 timmar per år, motsvarande 1,5 årsarbetare." in diff
    assert "Binary files" not in diff
