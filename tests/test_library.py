"""Requirement libraries: ids are stable, unknown or duplicated ids are located errors, a spec may
override library texts and add its own, a municipality keeps its own library beside tenderkit's."""

from __future__ import annotations

from helpers.common import ROOT, SPEC_TENDER, column_of, line_of, variant

from tenderkit.build import check_spec
from tenderkit.spec.library import load_library


def test_bundled_library_ids_are_unique_and_stable():
    library = load_library([ROOT / "library"])
    ids = list(library.entries)
    assert len(ids) == len(set(ids)) >= 20
    assert {"KVAL-UTESL", "TJ-KVALITET", "AV-MEDDELARSKYDD"} <= set(ids)


def test_requirements_resolve_in_order_with_overrides_and_additions():
    checked = check_spec(SPEC_TENDER)
    ids = [r.id for r in checked.requirements]
    assert ids[:3] == ["KVAL-UTESL", "KVAL-REG", "KVAL-EKONOMI"]
    by_id = {r.id: r for r in checked.requirements}
    assert by_id["TJ-LOKALER"].text.startswith("Boendet ska ligga i Exempelstad")  # overridden text
    assert by_id["TJ-LOKALER"].title == "Lokaler"  # the library's title kept
    assert by_id["EX-TJ-JOUR"].title == "Jour dygnet runt"  # an addition of the spec's own
    assert by_id["TJ-DELAKTIGHET"].mandatory is False


def test_requirements_name_the_annex_form_they_are_answered_with():
    checked = check_spec(SPEC_TENDER)
    forms = {r.id: r.attachment for r in checked.requirements if r.attachment}
    assert forms == {"KVAL-UTESL": "sanningsforsakran", "KVAL-ERFARENHET": "referensformular",
                     "KVAL-SANNING": "sanningsforsakran"}


def test_a_spec_may_name_the_annex_form_and_an_unknown_one_is_located(repo, cli):
    spec = variant(repo, {"      verification: Beskriv hur jouren är ordnad.\n":
                          "      verification: Beskriv hur jouren är ordnad.\n      attachment: anbudsformular\n"},
                   base=SPEC_TENDER)
    assert {r.id: r.attachment for r in check_spec(spec).requirements}["EX-TJ-JOUR"] == "anbudsformular"
    spec = variant(repo, {"      verification: Beskriv hur jouren är ordnad.\n":
                          "      verification: Beskriv hur jouren är ordnad.\n      attachment: referenser\n"},
                   base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, 'attachment: referenser')}:19: procurement.requirements[EX-TJ-JOUR]"
            ".attachment (bilaga): expected one of 'anbudsformular', 'sanningsforsakran', 'referensformular' or "
            "'ansokningsformular', got "
            '"referenser"') in result.err
    assert "hint: write one of the listed values" in result.err


def test_unknown_id_is_located_with_a_suggestion(repo, cli):
    spec = variant(repo, {"    - KVAL-REG\n": "    - KVAL-REGG\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, 'KVAL-REGG')}:7: procurement.requirements[2] (krav): no requirement "
            "library has the id `KVAL-REGG`") in result.err
    assert "hint: did you mean `KVAL-REG`?" in result.err


def test_a_retired_id_is_located_with_why_and_what_to_do(repo, cli):
    """AV-RANGORDNING said the contract documents' order a second time, differently from the
    draft contract's own list; its id stays reserved and a spec that lists it is told why."""
    assert "AV-RANGORDNING" not in load_library([ROOT / "library"]).entries
    spec = variant(repo, {"    - AV-TVIST\n": "    - AV-TVIST\n    - AV-RANGORDNING\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, '- AV-RANGORDNING')}:7: procurement.requirements[28] (krav): the "
            "requirement `AV-RANGORDNING` is retired: the draft contract lists the order of the contract documents "
            "itself, in its last section") in result.err
    assert "hint: remove it from procurement.requirements" in result.err


def test_a_requirement_listed_twice(repo, cli):
    spec = variant(repo, {"    - AV-TVIST\n": "    - AV-TVIST\n    - KVAL-UTESL\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "procurement.requirements[28] (krav): the requirement `KVAL-UTESL` is listed twice (also as item 1)" in result.err


def test_an_addition_needs_kind_title_and_text(repo, cli):
    spec = variant(repo, {"      kind: service\n      lots: [boende]\n      title: Jour dygnet runt\n": ""}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert ("procurement.requirements[EX-TJ-JOUR] (krav): `EX-TJ-JOUR` is in no requirement library, so it is a new "
            "requirement and needs kind, title") in result.err


def test_a_municipality_library_beside_the_bundled_one(repo, cli):
    (repo / "krav").mkdir()
    (repo / "krav" / "egna.yaml").write_text("""requirements:
  - id: EX-AV-MILJO
    kind: contract
    title: Miljökrav på fordon
    text: Fordon som används i uppdraget ska uppfylla lägst utsläppsklass Euro 6.
""", encoding="utf-8")
    (repo / "tenderkit.yaml").write_text((repo / "tenderkit.yaml").read_text() + "library: [krav]\n")
    spec = variant(repo, {"    - AV-TVIST\n": "    - AV-TVIST\n    - EX-AV-MILJO\n"}, base=SPEC_TENDER)
    assert check_spec(spec).requirements[-1].title == "Miljökrav på fordon"


def test_an_id_in_two_libraries_is_located_in_the_second(repo, cli):
    (repo / "krav").mkdir()
    own = repo / "krav" / "egna.yaml"
    own.write_text("requirements:\n  - id: KVAL-REG\n    kind: qualification\n    title: X\n    text: Y.\n", encoding="utf-8")
    (repo / "tenderkit.yaml").write_text((repo / "tenderkit.yaml").read_text() + "library: [krav]\n")
    result = cli("validate", "specs/stodboende-unga-vuxna-2025.yaml", cwd=repo)
    assert result.code == 1
    assert "krav/egna.yaml:2:9: the requirement id `KVAL-REG` is also defined at " in result.err
    assert "library/krav.yaml:" in result.err


def test_a_bad_reference_in_a_library_text_is_reported_in_the_library(repo, cli):
    (repo / "krav").mkdir()
    own = repo / "krav" / "egna.yaml"
    own.write_text("requirements:\n  - id: EX-AV-PERIOD\n    kind: contract\n    title: Period\n"
                   "    text: Avtalet löper i {procurement.contract.months} månader.\n", encoding="utf-8")
    (repo / "tenderkit.yaml").write_text((repo / "tenderkit.yaml").read_text() + "library: [krav]\n")
    spec = variant(repo, {"    - AV-TVIST\n": "    - AV-TVIST\n    - EX-AV-PERIOD\n"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert ("krav/egna.yaml:2:9: requirement `EX-AV-PERIOD`: `{procurement.contract.months}`: procurement.contract has "
            "no field `months`") in result.err
    assert "did you mean {procurement.contract.initial_months}?" in result.err


def test_a_criterion_must_evaluate_a_listed_bor_krav(repo, cli):
    spec = variant(repo, {"        requirement: TJ-METOD-EVIDENS": "        requirement: TJ-KVALITET"}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'requirement: TJ-KVALITET')}:{column_of(spec, 'requirement: TJ-KVALITET') + 13}: "
            "procurement.evaluation.criteria[metoder].requirement (krav): `TJ-KVALITET` is a ska-krav; a criterion "
            "evaluates a bör-krav") in result.err
    assert "procurement.requirements[18] (krav): the bör-krav `TJ-METOD-EVIDENS` is evaluated by no criterion" \
        in result.err
