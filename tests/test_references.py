"""Prose cites data by reference, checked when the spec is validated; never evaluated as Jinja."""

from __future__ import annotations

import re

import pytest
from helpers.common import SPEC_2021, column_of, line_of, variant

from tenderkit.build import check_spec
from tenderkit.render.filters import cite
from tenderkit.spec.references import BadReference, Reference, interpolate, parse


def test_parse_splits_text_references_and_escaped_braces():
    assert parse("Ca {service.participants} barn {{inte}} {a.b:eller}") == [
        "Ca ", Reference(("service", "participants"), None, "{service.participants}"), " barn ", "{", "inte", "}",
        " ", Reference(("a", "b"), "eller", "{a.b:eller}")]


@pytest.mark.parametrize(("text", "message"), [
    ("en { ensam", "a lone `{`"),
    ("{service.participants:alla}", "unknown list style `alla`"),
    ("{{ 7*7 }} är {7*7}", "`{7*7}` is not a reference to the data"),
])
def test_malformed_references(text, message):
    with pytest.raises(BadReference, match=re.escape(message)):
        parse(text)


def test_interpolation_formats_figures_in_swedish():
    spec = check_spec(SPEC_2021).spec
    def written(text: str) -> str:
        return interpolate(text, spec, cite)
    assert written("ca {service.participants} barn") == "ca 120–140 barn"
    assert written("{contracts.ihf.end}") == "2020-12-31"
    assert written("{service.components.parent_support.per_year} timmar") == "2\u00a0600 timmar"
    assert written("{contracts.stadsmission.volumes.group.per_year}") == "510"
    assert written("{service.aims}").endswith(" och förbättra samspelet mellan barn och förälder")
    assert written("{service.target_group.life_situations:eller}").endswith(
        " eller att en förälder är frånvarande på grund av ett fängelsestraff")
    assert written("{proposal.assignment.meeting}") == "mars 2021"
    assert written("{{literal}}") == "{literal}"


def test_jinja_in_prose_is_text_not_code(repo, cli):
    spec = variant(repo, {"    - Se bilaga": "    - Mallens syntax {{{{ 7*7 }}}} är text.\n    - Se bilaga"})
    result = cli("build", spec, "-o", repo / "out", cwd=repo)
    assert result.code == 0, result.err
    markdown = (repo / "out" / "anhorigstod-barn-2021" / "tjansteskrivelse.md").read_text()
    assert "Mallens syntax {{ 7*7 }} är text." in markdown
    assert "49" not in markdown


@pytest.mark.parametrize(("reference", "message", "hint"), [
    ("{service.participant}", "`{service.participant}`: service has no field `participant`",
     "did you mean {service.participants}?"),
    # the suggestion keeps the rest of the reference, so it can be copied as it stands
    ("{contracts.ihff.end}", "`{contracts.ihff.end}`: contracts has no item with id `ihff`",
     "did you mean {contracts.ihf.end}?"),
    ("{service.components}", "`{service.components}` is a list of items; cite one item's field",
     "the items are: group, individual, parent_support"),
    ("{service.target_group}", "`{service.target_group}` is a group of fields; cite one of them",
     "its fields are: label, age, life_situations"),
    ("{contracts.ihf.supplier}", "`{contracts.ihf.supplier}` has no value in this spec", None),
    # found by Swedish title as a key is, and only among fields of the kind the reference needs there:
    # a value at its end, a group or a list before it
    ("{contracts.ihf.slut}", "`{contracts.ihf.slut}`: contracts.ihf has no field `slut`",
     "did you mean {contracts.ihf.end}?"),
    ("{contracts.ihf.volymer.individual.per_year}",
     "`{contracts.ihf.volymer.individual.per_year}`: contracts.ihf has no field `volymer`",
     "did you mean {contracts.ihf.volumes.individual.per_year}?"),
    ("{service.nam.first}", "`{service.nam.first}`: service has no field `nam`",
     "choose one of: target_group, components"),
])
def test_bad_references_are_located_errors(repo, cli, reference, message, hint):
    spec = variant(repo, {"    - Se bilaga": f"    - Se {reference} och bilaga"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    line, column = line_of(spec, f"Se {reference}"), column_of(spec, reference)
    assert f"specs/anhorigstod-barn-2021.yaml:{line}:{column}: prose.background[1] (bakgrund): {message}" in result.err
    if hint:
        assert hint in result.err


def test_reference_inside_a_folded_paragraph_is_located_on_its_own_line(repo, cli):
    spec = variant(repo, {"omsorgspersoner. Genom att ge tid": "omsorgspersoner {service.participantz}. Genom att ge tid"})
    result = cli("validate", spec, cwd=repo)
    line, column = line_of(spec, "{service.participantz}"), column_of(spec, "{service.participantz}")
    assert f"specs/anhorigstod-barn-2021.yaml:{line}:{column}: prose.matter[2] (ärende): `{{service.participantz}}`" \
        in result.err


def test_lone_brace_names_the_word_before_it(repo, cli):
    spec = variant(repo, {"Detta har inneburit att": "Detta har { inneburit att"})
    result = cli("validate", spec, cwd=repo)
    line, column = line_of(spec, "har { inneburit"), column_of(spec, "har {")
    assert f":{line}:{column}: prose.matter[2] (ärende): a lone `{{` after “har”" in result.err
