"""The CLI's own words in Swedish (the default) and in English: help, usage errors with their
hints, progress, and every plural with one and with two."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers.common import SPEC_2021, SWEDISH, run_process, variant
from starlette.testclient import TestClient

from tenderkit import build, i18n
from tenderkit.serve import Preview, create_app
from tenderkit.spec.law import BUNDLED_LAW
from tenderkit.watch import watch

NO_DNR = {"  dnr: SON 2020-247\n": ""}
NO_DNR_NOR_SIGNATURE = {**NO_DNR, "  signed_by: Linda Ljungqvist\n": ""}


@pytest.mark.parametrize(("removed", "swedish", "english"), [
    (NO_DNR, "(1 varning)", "(1 warning)"),
    (NO_DNR_NOR_SIGNATURE, "(2 varningar)", "(2 warnings)"),
])
def test_validate_counts_warnings_in_both_languages(cli, repo, removed, swedish, english):
    spec = variant(repo, removed)
    assert cli("validate", spec, "--lang", "sv", cwd=repo).out == f"ok: specs/{spec.name} {swedish}\n"
    assert cli("validate", spec, "--lang", "en", cwd=repo).out == f"ok: specs/{spec.name} {english}\n"


def test_build_help_is_swedish_by_default(tmp_path):
    result = run_process("build", "--help", cwd=tmp_path, env=SWEDISH)
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "Bygg varje dokument för varje specifikation i OUTPUT/<spec-id>/ som .docx och dess Markdown-tvilling (.md)." \
        in text
    assert "--strict behandla varningar som fel" in text
    assert "-o MAPP, --output MAPP var det ska skrivas (standard: output/)" in text
    english = run_process("build", "--help", "--lang", "en", cwd=tmp_path, env=SWEDISH)
    assert "--strict treat warnings as errors" in " ".join(english.out.split())


def test_a_usage_error_and_its_hint_in_swedish(repo):
    result = run_process("validate", "specs/anhorigstod-barn-201.yaml", cwd=repo, env=SWEDISH)
    assert result.code == 2
    assert result.err == ("tenderkit: filen eller mappen finns inte: specs/anhorigstod-barn-201.yaml\n"
                          "  tips: menade du specs/anhorigstod-barn-2021.yaml?\n")
    redline = run_process("redline", SPEC_2021, SPEC_2021, "--doc", "x", "-o", "r.docx", "--lang", "sv", cwd=repo)
    assert redline.err.startswith("tenderkit: okänt dokument `x`\n  tips: välj en av --doc tjansteskrivelse, ")


def test_law_headings_follow_the_language(cli, tmp_path):
    swedish = cli("law", "--project", tmp_path, "--lang", "sv", cwd=tmp_path).out.splitlines()
    english = cli("law", "--project", tmp_path, "--lang", "en", cwd=tmp_path).out.splitlines()
    assert swedish[0] == "Tröskelvärden i kronor exklusive moms (lagen (2016:1145), gäller från 2017-01-01)"
    assert english[0] == "Thresholds in kronor excluding VAT (lagen (2016:1145), applies from 2017-01-01)"
    assert english[1].split()[:4] == ["From", "To", "Goods", "and"]
    assert ["Avtalsspärr", "10 dagar", "20 kap. 1 § LOU"] in rules(swedish)
    assert ["Standstill", "10 days", "20 kap. 1 § LOU"] in rules(english)


def rules(lines: list[str]) -> list[list[str]]:
    """The rows of `law`'s tables, cell by cell."""
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


@pytest.mark.parametrize(("days", "swedish", "english"), [(1, "1 dag", "1 day"), (2, "2 dagar", "2 days")])
def test_law_says_the_standstill_days_with_their_plural(cli, repo, days, swedish, english):
    law = repo / "lag.yaml"
    law.write_text(BUNDLED_LAW.read_text(encoding="utf-8").replace("standstill_days: 10", f"standstill_days: {days}"),
                   encoding="utf-8")
    with (repo / "tenderkit.yaml").open("a", encoding="utf-8") as project:
        project.write("law: lag.yaml\n")
    for language, said in (("sv", swedish), ("en", english)):
        result = cli("law", "--project", repo, "--lang", language, cwd=repo)
        assert result.code == 0, result.err
        assert [said, "20 kap. 1 § LOU"] in [row[1:] for row in rules(result.out.splitlines())], result.out


@pytest.mark.parametrize(("kept", "swedish", "english"), [
    (1, "saknar tjansteskrivelse.docx: tenderkits egen används", "has no tjansteskrivelse.docx: tenderkit's own is used"),
    (2, "saknar tjansteskrivelse.docx, forfragningsunderlag.docx: tenderkits egna används",
     "has no tjansteskrivelse.docx, forfragningsunderlag.docx: tenderkit's own are used"),
])
def test_check_templates_notes_the_templates_left_to_tenderkit(cli, tmp_path, kept, swedish, english):
    own = tmp_path / "mallar"
    own.mkdir()
    for template in sorted(build.bundled_templates().glob("*.docx")):
        shutil.copy(template, own / template.name)
    for name in ("tjansteskrivelse.docx", "forfragningsunderlag.docx")[:kept]:
        (own / name).unlink()
    assert f"obs: mallar {swedish}\n" in cli("check-templates", own, "--lang", "sv", cwd=tmp_path).err
    assert f"note: mallar {english}\n" in cli("check-templates", own, "--lang", "en", cwd=tmp_path).err


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("count", [1, 2])
def test_watch_says_how_many_files_it_watches(capsys, monkeypatch, tmp_path, language, count):
    """Specs that do not exist yet are watched for, one file each."""
    def stop(_seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr("tenderkit.watch.time.sleep", stop)
    i18n.use(language)
    watch(lambda: [tmp_path / f"spec-{n}.yaml" for n in range(count)], tmp_path / "output")
    said = {("sv", 1): "bevakar 1 fil; tryck Ctrl-C för att stoppa",
            ("sv", 2): "bevakar 2 filer; tryck Ctrl-C för att stoppa",
            ("en", 1): "watching 1 file; press Ctrl-C to stop",
            ("en", 2): "watching 2 files; press Ctrl-C to stop"}[language, count]
    err = capsys.readouterr().err
    assert f"\n{said}\n" in err
    assert err.endswith("bevakningen stoppad\n" if language == "sv" else "stopped watching\n")


def test_the_preview_page_speaks_the_language_asked_for(repo):
    preview = Preview(repo)
    preview.update()
    client = TestClient(create_app(preview, ["127.0.0.1:8123"], follow=False), base_url="http://127.0.0.1:8123")
    i18n.use("sv")
    swedish = client.get("/spec/anhorigstod-barn-2021").text
    assert '<html lang="sv">' in swedish and "· förhandsvisning</nav>" in swedish
    assert '<span class="state built">Byggd</span>' in swedish and ">Alla specifikationer</a>" in swedish
    assert "<p>Det finns ingen specifikation nej (längre).</p>" in client.get("/spec/nej").text
    i18n.use("en")
    english = client.get("/spec/anhorigstod-barn-2021").text
    assert '<html lang="en">' in english and "· preview</nav>" in english
    assert '<span class="state built">Built</span>' in english and ">All specs</a>" in english
