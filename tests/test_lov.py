"""A valfrihetssystem (LOV): its own documents, no competition, and located errors for LOU's parts."""

from __future__ import annotations

from helpers.common import SPEC_LOV, SPEC_TENDER, column_of, line_of, variant

from tenderkit.build import build

LOV_ONLY_FILES = ["ansokningsformular.docx", "ansokningsformular.md", "forfragningsunderlag-lov.docx",
                  "forfragningsunderlag-lov.md", "pub-avtal.docx", "pub-avtal.md", "tjansteskrivelse.docx",
                  "tjansteskrivelse.md"]


def test_a_valfrihetssystem_builds_its_own_documents_and_none_of_a_tender(repo, cli):
    spec = variant(repo, base=SPEC_LOV)
    result = cli("build", spec, "-o", repo / "out", cwd=repo)
    assert result.code == 0, result.err
    built = (repo / "out" / "familjeradgivning-lov-2026").iterdir()
    assert sorted(path.name for path in built if not path.name.startswith(".")) == LOV_ONLY_FILES


def test_a_spec_without_momskompensation_pays_every_provider_the_same(repo):
    spec = variant(repo, {"      vat_compensation: 6\n": ""}, base=SPEC_LOV)
    text = (build(spec, repo / "out").directory / "forfragningsunderlag-lov.md").read_text(encoding="utf-8")
    text = text.replace("\u00a0", " ")
    assert "| Insats | Ersättning per | Ersättning |\n|---|---|---|\n| Samtal | tillfälle | 1 155 kronor |\n" in text
    assert "momskompensation" not in text and "Privata utförare" not in text


def _error(repo, cli, replacements, append=""):
    spec = variant(repo, replacements, base=SPEC_LOV, append=append)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    return spec, result.err


def test_a_price_evaluation_in_a_valfrihetssystem_names_the_form_and_the_evaluation(repo, cli):
    spec, err = _error(repo, cli, {"  terms:\n    invoicing:": "  evaluation:\n    basis: lowest_price\n  terms:\n"
                                                                "    invoicing:"})
    assert (f"{spec.relative_to(repo)}:{line_of(spec, '  evaluation:')}:3: procurement.evaluation (utvärdering): "
            "proposal.form is lov (a valfrihetssystem), so `evaluation` has no place: there is no price competition "
            "and no award criteria: every provider that meets the requirements is approved and users choose "
            "(9 kap. 1 § LOV)\n") in err
    assert "hint: remove `evaluation`, or set proposal.form to lou for a procurement in competition" in err


def test_a_tender_deadline_and_standstill_in_a_valfrihetssystem_are_errors_that_say_why(repo, cli):
    timetable = ("  timetable:\n    publication: 2026-09-01\n    questions_deadline: 2026-09-10\n"
                 "    tender_deadline: 2026-09-20\n    tender_validity: 2026-12-31\n    award: 2026-10-01\n"
                 "    contract_signing: 2026-10-13\n")
    spec, err = _error(repo, cli, {"  terms:\n    invoicing:": timetable + "  terms:\n    invoicing:"})
    assert (f":{line_of(spec, '  timetable:')}:3: procurement.timetable (tidplan): proposal.form is lov "
            "(a valfrihetssystem), so `timetable` has no place: applications may be made at any time and each is "
            "decided on its own, so there is no tender deadline, award decision or standstill; give the day the "
            "system opens as `lov.opens`") in err


def test_lots_and_a_procedure_in_a_valfrihetssystem(repo, cli):
    spec, err = _error(repo, cli, {"  requirements:\n    - LOV-UTESL": "  procedure: Öppet förfarande.\n  lots:\n"
                                   "    - id: a\n      name: A\n      components: [samtal]\n"
                                   "  requirements:\n    - LOV-UTESL"})
    assert (f":{line_of(spec, '  procedure:')}:3: procurement.procedure (förfarande): proposal.form is lov "
            "(a valfrihetssystem), so `procedure` has no place: LOV sets the procedure; say how a provider applies in "
            "`lov.application`") in err
    assert (f":{line_of(spec, '  lots:')}:3: procurement.lots (delområden): proposal.form is lov (a valfrihetssystem), "
            "so `lots` has no place: lots are competed for and awarded one by one; in a valfrihetssystem users choose "
            "among every approved provider") in err


def test_a_lov_part_under_a_procurement_in_competition(repo, cli):
    spec = variant(repo, base=SPEC_TENDER, append="  lov:\n    opens: 2025-04-01\n    application: Ansök.\n"
                   "    handling_days: 30\n    reimbursement:\n      rates:\n        - component: boende\n"
                   "          amount: 1450\n")
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, '  lov:')}:3: procurement.lov (valfrihetssystem): `lov` describes a valfrihetssystem, "
            "but proposal.form is lou\n") in result.err


def test_a_valfrihetssystem_without_its_lov_part(repo, cli):
    text = SPEC_LOV.read_text(encoding="utf-8")
    spec, err = _error(repo, cli, {text[text.index("  lov:\n"):]: ""})
    assert (f":{line_of(spec, 'procurement:')}:1: procurement (upphandling): proposal.form is lov, but the procurement "
            "has no `lov` part: a valfrihetssystem needs its ersättning, how to apply and the day it opens") in err


def test_a_procurement_under_lou_without_its_timetable(repo, cli):
    text = SPEC_TENDER.read_text(encoding="utf-8")
    start = text.index("  timetable:\n")
    spec = variant(repo, {text[start:text.index("  contract:\n")]: ""}, base=SPEC_TENDER)
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'procurement:')}:1: procurement (upphandling): a procurement under LOU needs "
            "`timetable`: the dates of the notice, the tender deadline, the award and the signing") in result.err


def test_ersattning_for_every_component_and_only_for_known_ones(repo, cli):
    spec, err = _error(repo, cli, {"        - component: samtal-tolk\n          amount: 1460\n":
                                   "        - component: samtal-tolkk\n          amount: 1460\n"})
    assert (f":{line_of(spec, 'samtal-tolkk')}:{column_of(spec, 'samtal-tolkk')}: "
            "procurement.lov.reimbursement.rates[2].component (insats): no component in service.components has the id "
            "`samtal-tolkk`") in err
    assert "hint: did you mean `samtal-tolk`?" in err
    assert (f":{line_of(spec, '- id: samtal-tolk')}:7: service.components[samtal-tolk] (insatser): `samtal-tolk` has no "
            "ersättning: an approved provider would not know what it is paid") in err


def test_a_bor_krav_and_another_form_in_a_valfrihetssystem(repo, cli):
    spec, err = _error(repo, cli, {"    - TJ-PERSONAL-SPRAK\n": "    - id: TJ-PERSONAL-SPRAK\n      mandatory: false\n"
                                                               "      attachment: anbudsformular\n"})
    line = line_of(spec, "- id: TJ-PERSONAL-SPRAK")
    assert (f":{line}:7: procurement.requirements[TJ-PERSONAL-SPRAK] (krav): `TJ-PERSONAL-SPRAK` is a bör-krav, but a "
            "valfrihetssystem evaluates nothing: a provider that meets every ska-krav is approved") in err
    assert (f":{line}:7: procurement.requirements[TJ-PERSONAL-SPRAK] (krav): `TJ-PERSONAL-SPRAK` is answered in the "
            "anbudsformular, but a valfrihetssystem's applicant answers every requirement in the ansökningsformulär") \
        in err


def test_a_valfrihetssystem_needs_a_notice_period(repo, cli):
    spec, err = _error(repo, cli, {"    notice_months: 3\n": ""})
    assert (f":{line_of(spec, '  terms:')}:3: procurement.terms (avtalsvillkor): a valfrihetssystem's contracts run "
            "until further notice and need a notice period") in err


def test_a_valfrihetssystem_switched_to_lou_is_told_every_missing_part_at_once(repo, cli):
    spec, err = _error(repo, cli, {"  form: lov": "  form: lou"})
    assert "`lov` describes a valfrihetssystem, but proposal.form is lou" in err
    for name in ("procedure", "timetable", "contract", "evaluation"):
        assert f"a procurement under LOU needs `{name}`" in err


def test_criteria_in_a_valfrihetssystem_are_one_error_not_several(repo, cli):
    spec, err = _error(repo, cli, {"  terms:\n    invoicing:": "  evaluation:\n    basis: best_price_quality\n"
                                   "    model: price_deductions\n    criteria:\n      - id: k\n        name: Kvalitet\n"
                                   "        requirement: EX-TJ-BARN\n        description: Hur.\n        levels:\n"
                                   "          - {deduction: 0, earned_by: Inget.}\n"
                                   "          - {deduction: 5, earned_by: Något.}\n  terms:\n    invoicing:"})
    assert "so `evaluation` has no place" in err
    assert "ska-krav" not in err and "bör-krav" not in err
