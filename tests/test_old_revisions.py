"""`tenderkit diff` and `redline` of a version today's rules reject: the changes are shown, and
what the rules reject is said as warnings naming that version."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

from docx import Document
from helpers.common import NOTICE_2026, SPEC_TENDER, variant

# A cross-field rule the version breaks: the contract starts before the tender deadline.
EARLY_START = {"    start: 2025-10-01": "    start: 2025-05-01"}


def test_diff_of_a_version_without_a_law_period(cli, repo):
    old = variant(repo, NOTICE_2026, base=SPEC_TENDER, name="old.yaml")
    result = cli("diff", old, SPEC_TENDER, cwd=repo)
    assert result.code == 0, result.err
    assert "~ tidplan, annonsering: 2026-01-15 → 2025-04-01" in result.out
    assert ("warning: procurement.timetable.publication (annonsering): the threshold table has no values for the "
            "notice date 2026-01-15: the period 2026-01-01 – 2027-12-31 is missing (today's rules reject "
            "specs/old.yaml; it is compared as it was written)") in result.err
    assert cli("validate", old, cwd=repo).code == 1  # still an error where the spec is built


def test_diff_and_redline_of_a_git_revision_that_breaks_a_rule(cli, repo):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    shutil.rmtree(repo / ".git")
    spec = variant(repo, EARLY_START, base=SPEC_TENDER)
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "early"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)
    shutil.copy(SPEC_TENDER, spec)
    revision = f"HEAD:specs/{spec.name}"
    result = cli("diff", revision, f"specs/{spec.name}", cwd=repo)
    assert result.code == 0, result.err
    assert "avtalsstart: 2025-05-01 → 2025-10-01" in result.out
    assert (f"{revision}:" in result.err and "warning: procurement.contract.start (avtalsstart): the contract starts "
            f"(2025-05-01) before the tender deadline (2025-05-06) (today's rules reject {revision}; it is compared "
            "as it was written)") in result.err
    out = repo / "redline.docx"
    redlined = cli("redline", revision, f"specs/{spec.name}", "-o", out, cwd=repo)
    assert redlined.code == 0, redlined.err
    assert "today's rules reject HEAD:specs/" in redlined.err
    body = Document(io.BytesIO(out.read_bytes())).element.body
    deleted = "".join(node.text or "" for node in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}delText"))
    assert "2025\u201105\u201101" in deleted  # the old start date is a tracked deletion
