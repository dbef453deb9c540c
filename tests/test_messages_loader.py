"""The loader's, the references' and the libraries' messages in Swedish (the default) and English:
YAML's own words translated where they are known, plurals right for one and for two."""

from __future__ import annotations

import pytest
import yaml
from helpers.common import SPEC_TENDER, line_of, variant

from tenderkit.spec import loader


def _said(cli, cwd, path, language: str) -> list[str]:
    """The lines `tenderkit validate` says about `path`, without the quoted source lines."""
    result = cli("validate", "--lang", language, path, cwd=cwd)
    assert result.code == 1, result.err
    return [line for line in result.err.splitlines() if not line.lstrip().startswith(("|", *"0123456789"))]


def test_a_syntax_error_and_its_hint_are_swedish(cli, repo):
    spec = variant(repo, {"title: Anhörigstöd barn, ställningstagande": "title: Anhörigstöd barn: ställningstagande"})
    assert _said(cli, repo, spec, "sv") == [
        "specs/anhorigstod-barn-2021.yaml:10:26: syntaxfel i YAML: ett fält med värde (`: `) är inte tillåtet här",
        "  tips: skriv ett värde som innehåller `: ` inom citattecken; eller så är raden fel indragen"]


def test_yaml_words_and_what_it_was_reading_are_swedish(cli, repo):
    spec = variant(repo, {"age: {min: 4, max: 20}": "age: {min: 4, max: 20"})
    assert _said(cli, repo, spec, "sv") == [
        "specs/anhorigstod-barn-2021.yaml:35:10: syntaxfel i YAML: ',' eller '}' förväntades men saknas "
        "(vid läsning av en grupp inom { })",
        "  tips: `{` som börjar här är inte stängd: lägg till `}` i slutet av värdet"]


def test_yaml_words_not_in_the_table_stay_english(cli, repo, monkeypatch):
    """PyYAML's Python parser (where libyaml is missing) names the character it found: a phrase
    the table cannot hold, said in English; what it was reading is still Swedish."""
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    spec = variant(repo, {"signed_by: Linda Ljungqvist": "signed_by: @Linda Ljungqvist"})
    assert _said(cli, repo, spec, "sv")[0] == (
        "specs/anhorigstod-barn-2021.yaml:17:14: syntaxfel i YAML: found character '@' that cannot start any token "
        "(vid läsning av nästa del)")


def test_a_value_cut_by_a_comment_is_a_swedish_warning(cli, repo):
    spec = variant(repo, {"dnr: SON 2020-247": "dnr: SON #2020-247"})
    result = cli("validate", "--lang", "sv", spec, cwd=repo)
    assert result.code == 0
    assert ("specs/anhorigstod-barn-2021.yaml:11:12: varning: case.dnr (diarienummer): värdet slutar vid ` #`: YAML "
            "läser `#2020-247` som en kommentar, så värdet är ”SON”") in result.err
    assert ("tips: om `#` hör till värdet, skriv det inom citattecken: `dnr: \"SON #2020-247\"`; för en kommentar, "
            "sätt två mellanslag före `#` och ett efter") in result.err


def test_an_impossible_date_says_why_in_swedish(cli, repo):
    spec = variant(repo, {"date: 2021-02-03": "date: 2021-02-31"})
    assert ("case.date (ärende, datum): 2021-02-31 är inget datum i kalendern (dagen finns inte i månaden)"
            in _said(cli, repo, spec, "sv")[0])
    assert "2021-02-31 is not a date in the calendar (day is out of range for month)" in _said(cli, repo, spec, "en")[0]


def test_a_reversed_range_is_swedish(cli, repo):
    spec = variant(repo, {"participants: {min: 120, max: 140}": "participants: {min: 140, max: 120}"})
    assert _said(cli, repo, spec, "sv")[0] == (
        "specs/anhorigstod-barn-2021.yaml:40:17: service.participants (förväntat antal deltagare): det lägsta värdet "
        "(140) är högre än det högsta (120): byt plats på dem")


def test_a_bad_reference_is_swedish(cli, repo):
    spec = variant(repo, {"{contracts.ihf.end}": "{contracts.ihf.slutdatum}"})
    assert _said(cli, repo, spec, "sv") == [
        "specs/anhorigstod-barn-2021.yaml:81:48: proposal.financing (finansiering): `{contracts.ihf.slutdatum}`: "
        "contracts.ihf har inget fält `slutdatum`", "  tips: menade du {contracts.ihf.end}?"]


def test_an_unknown_requirement_is_swedish(cli, repo):
    spec = variant(repo, {"    - KVAL-REG\n": "    - KVAL-REGG\n"}, base=SPEC_TENDER)
    said = _said(cli, repo, spec, "sv")
    assert said == [f"specs/{spec.name}:{line_of(spec, 'KVAL-REGG')}:7: procurement.requirements[2] (krav): inget "
                    "kravbibliotek har id:t `KVAL-REGG`", "  tips: menade du `KVAL-REG`?"]


@pytest.mark.parametrize(("uses", "english", "swedish"), [
    (2, "(1 more use of `*x` follows)", "(`*x` används 1 gång till längre ned)"),
    (3, "(2 more uses of `*x` follow)", "(`*x` används 2 gånger till längre ned)"),
])
def test_the_uses_of_an_alias_are_counted_in_both_languages(cli, tmp_path, uses, english, swedish):
    spec = tmp_path / "alias.yaml"
    spec.write_text("a: &x 1\n" + "".join(f"b{n}: *x\n" for n in range(uses)), encoding="utf-8")
    assert (f"alias.yaml:2:5: b0: `*x` refers to another part of the file (a YAML alias), which specs do not allow "
            f"{english}") in _said(cli, tmp_path, spec, "en")
    assert (f"alias.yaml:2:5: b0: `*x` hänvisar till en annan del av filen (ett YAML-alias), vilket en specifikation "
            f"inte får ha {swedish}") in _said(cli, tmp_path, spec, "sv")


@pytest.mark.parametrize(("text", "english", "swedish"), [
    ("  b: 1\n  - x\n", "indent it with 1 space: then the file reads correctly",
     "dra in den med ett mellanslag: då läses filen rätt"),
    ("case:\n dnr: x\n  title: y\n", "indent it with 2 spaces: then the file reads correctly",
     "dra in den med 2 mellanslag: då läses filen rätt"),
    (" a:\nb: 1\n", "indent it with 1 space, like line 1 above it: then the file reads correctly",
     "dra in den med ett mellanslag, som rad 1 ovanför: då läses filen rätt"),
    ("  a:\nb: 1\n", "indent it with 2 spaces, like line 1 above it: then the file reads correctly",
     "dra in den med 2 mellanslag, som rad 1 ovanför: då läses filen rätt"),
])
def test_the_spaces_to_indent_are_counted_in_both_languages(cli, tmp_path, text, english, swedish):
    spec = tmp_path / "indent.yaml"
    spec.write_text(text, encoding="utf-8")
    assert _said(cli, tmp_path, spec, "en")[1] == f"  hint: {english}"
    assert _said(cli, tmp_path, spec, "sv")[1] == f"  tips: {swedish}"


def test_the_size_of_a_too_large_file_has_the_languages_decimal_mark(cli, tmp_path):
    spec = tmp_path / "stor.yaml"
    spec.write_bytes(b"a" * 1_500_000)
    assert _said(cli, tmp_path, spec, "sv")[0] == "stor.yaml:1:1: filen är 1,5 MB; en specifikation får vara högst 1 MB"
    assert _said(cli, tmp_path, spec, "en")[0] == "stor.yaml:1:1: the file is 1.5 MB; a spec may be at most 1 MB"
