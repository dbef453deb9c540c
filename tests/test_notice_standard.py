"""The notices of the standard regime: a procurement of other services or of works takes the
classical contract notice (eForms subtype 16) and award notice (subtype 29), with the procedure's
type and the GPA from the spec; what such a spec lacks or gets wrong is located."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.common import SPEC_TENDER, column_of, line_of, normalise, variant
from helpers.tenders import EXAMPLES as TENDERS
from helpers.tenders import WEIGHTS, lowest_price_replacements
from lxml import etree

from tenderkit.notice.schema import schema_errors

SDK = Path(__file__).resolve().parent / "eforms"
NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
# The stödboende spec made a cleaning contract: other services, an open procedure, covered by the GPA,
# and a contract where the stödboende spec has a framework agreement.
SERVICES = {"    framework_agreement: true  # kommunen avropar platser och insatser efter behov\n": "",
            '  cpv: ["85311000", "85312000"]': '  category: services\n  procedure_type: open\n  gpa: true\n'
                                                 '  cpv: ["90911200", "90919200"]',
            '      cpv: ["85311000"]': '      cpv: ["90911200"]',
            '      cpv: ["85312000", "85312300"]': '      cpv: ["90919200"]'}


def xpath(element, path: str) -> list[str]:
    return [str(found) for found in element.xpath(path, namespaces=NS)]


def write(cli, repo, replacements: dict[str, str], *award: str) -> tuple[Path, bytes | str]:
    """The notice of a variant of the stödboende spec: its XML, or its messages when none is written."""
    spec = variant(repo, replacements, base=SPEC_TENDER)
    target = repo / "notice.xml"
    result = cli("--lang", "en", "notice", spec.relative_to(repo), *award, "-o", target, cwd=repo)
    if result.code == 0:
        return spec, target.read_bytes()
    assert result.code == 1 and not target.exists()
    return spec, result.err


@pytest.fixture
def services(cli, repo) -> tuple[bytes, bytes]:
    """The contract notice and the award notice of the cleaning contract."""
    _, contract = write(cli, repo, SERVICES)
    _, award = write(cli, repo, SERVICES, "--award", str(TENDERS))
    return contract, award


def test_other_services_take_the_classical_contract_notice_subtype_16(services):
    root = etree.fromstring(services[0])
    assert schema_errors(services[0]) == []
    assert xpath(root, "//cbc:SubTypeCode/text()") == ["16"]
    assert xpath(root, "/*/cbc:NoticeTypeCode/text()") == ["cn-standard"]
    assert xpath(root, "/*/cac:TenderingProcess/cbc:ProcedureCode/text()") == ["open"]
    assert xpath(root, "/*/cac:TenderingProcess/cac:ProcessJustification/cbc:ProcessReasonCode/text()") == ["false"]
    assert xpath(root, "//cac:ProcurementProjectLot/cac:TenderingProcess/"
                       "cbc:GovernmentAgreementConstraintIndicator/text()") == ["true", "true"]
    assert set(xpath(root, "//cbc:ProcurementTypeCode/text()")) == {"services"}
    assert xpath(root, "//cac:ProcurementProjectLot//cac:MainCommodityClassification/*/text()") == [
        "90911200", "90919200"]
    # the figures are the spec's, as in the notice of the light regime
    assert xpath(root, "/*/cac:ProcurementProject/cac:RequestedTenderTotal/cbc:*/text()") == ["34880000"]


def test_its_award_notice_is_subtype_29_with_the_same_procedure(services):
    contract, award = (etree.fromstring(xml) for xml in services)
    assert schema_errors(services[1]) == []
    assert xpath(award, "//cbc:SubTypeCode/text()") == ["29"]
    assert xpath(award, "/*/cbc:NoticeTypeCode/text()") == ["can-standard"]
    assert xpath(award, "/*/cac:TenderingProcess/cbc:ProcedureCode/text()") == ["open"]
    assert xpath(award, "/*/cbc:ContractFolderID/text()") == xpath(contract, "/*/cbc:ContractFolderID/text()")
    # a contract: its value (BT-161) is the winners' tender values, and no framework is stated
    assert xpath(award, "//*[local-name()='NoticeResult']/cbc:TotalAmount/text()") == ["27196800"]
    assert xpath(award, "//cac:ContractingSystem/cbc:ContractingSystemTypeCode[@listName='framework-agreement']/text()") == ["none"] * 2
    assert xpath(award, "//cac:ProcurementProjectLot/cac:TenderingTerms/cac:AwardingTerms/cac:AwardingCriterion/"
                        "cbc:CalculationExpression/text()") == [
        "För varje kvalitetskriterium ger den nivå som anbudet når ett prisavdrag i procent av anbudspriset. "
        "Anbudspriset minskat med prisavdragen är anbudets jämförelsepris, och det anbud som har lägst jämförelsepris "
        "antas."] * 2


def test_the_light_regime_does_not_state_the_gpa(cli, repo):
    _, xml = write(cli, repo, {})
    assert xpath(etree.fromstring(xml), "//cbc:GovernmentAgreementConstraintIndicator") == []


@pytest.mark.schematron
def test_the_classical_notices_pass_every_static_business_rule(services, rules):
    assert [rules.failed(xml) for xml in services] == [[], []]


@pytest.mark.schematron
def test_the_sdks_valid_classical_notices_pass_the_same_rules(rules):
    assert rules.failed((SDK / "cn_24_minimal.xml").read_bytes()) == []
    assert rules.failed((SDK / "can_24_no_tenders.xml").read_bytes()) == []


@pytest.mark.schematron
def test_works_are_announced_as_works_above_the_works_threshold(cli, repo, rules):
    works = {**SERVICES, "  category: services\n": "  category: works\n", '"90911200", "90919200"': '"45000000"',
             '      cpv: ["90911200"]': '      cpv: ["45000000"]', '      cpv: ["90919200"]': '      cpv: ["45210000"]'}
    spec, err = write(cli, repo, works)
    # 34 880 000 kronor is above the services threshold and below the works threshold of 2024–2025
    assert (f"specs/{spec.name}:{line_of(spec, 'publication: 2025-04-01')}:18: procurement.timetable.publication "
            "(annonsering): the value, 34 880 000 kronor, is below the threshold of 59 880 179 kronor: an eForms "
            "notice in TED (subtype 16) is for a procurement at or above it") in normalise(err)
    prices = {f"unit_price: {price}\n": f"unit_price: {price * 2}\n" for price in (1450, 850, 1600)}
    _, xml = write(cli, repo, {**works, **prices})  # 69 760 000 kronor
    root = etree.fromstring(xml)
    assert set(xpath(root, "//cbc:ProcurementTypeCode/text()")) == {"works"}
    assert xpath(root, "/*/cac:ProcurementProject/cac:RequestedTenderTotal/cbc:*/text()") == ["69760000"]
    assert rules.failed(xml) == []


def test_a_classical_procurement_without_procedure_type_and_gpa_is_told_both(cli, repo):
    spec, err = write(cli, repo, {**SERVICES, "  procedure_type: open\n  gpa: true\n": ""})
    place = f"specs/{spec.name}:{line_of(spec, 'procurement:')}:1"  # missing keys: at the part to add them to
    assert err.startswith(f"{place}: procurement.procedure_type (förfarandetyp): the notice of a procurement of "
                          "`services` needs the type of its procedure\n")
    assert "hint: add `procedure_type: open` (öppet förfarande) under procurement, or the type you use" in err
    assert (f"{place}: procurement.gpa (GPA): the notice of a procurement of `services` states whether the WTO Government "
            "Procurement Agreement (GPA) covers it") in err


@pytest.mark.parametrize(("procedure", "message"), [
    ("single_stage", "`single_stage` is a procedure the authority designs itself, which LOU allows for social and "
                     "other specific services only (19 kap.), and this procurement is `services`"),
    ("negotiated", "tenderkit writes the notice of a procedure in one stage, and `negotiated` begins with requests to "
                   "participate, whose deadline the timetable does not hold"),
])
def test_a_procedure_the_notice_cannot_state_is_located(cli, repo, procedure, message):
    spec, err = write(cli, repo, {**SERVICES, "procedure_type: open": f"procedure_type: {procedure}"})
    needle = f"procedure_type: {procedure}"
    assert err.startswith(f"specs/{spec.name}:{line_of(spec, needle)}:19: procurement.procedure_type (förfarandetyp): "
                          f"{message}\n")


@pytest.mark.parametrize(("code", "message"), [
    ("85311000", "85311000 (Social omsorg med inkvartering) is a social or other specific service (LOU bilaga 2), and "
                 "the procurement's category is `services`"),
    ("45210000", "45210000 is a CPV code of works, and the procurement's category is `services`"),
    ("33141000", "33141000 is a CPV code of goods, and the procurement's category is `services`"),
])
def test_a_main_cpv_code_of_another_category_is_located(cli, repo, code, message):
    spec, err = write(cli, repo, {**SERVICES, '      cpv: ["90911200"]': f'      cpv: ["{code}"]'})
    needle = f'cpv: ["{code}"]'
    quoted = f'"{code}"'
    assert err.startswith(f"specs/{spec.name}:{line_of(spec, needle)}:{column_of(spec, quoted)}: "
                          f"procurement.lots[boende].cpv[1] (CPV-koder): {message}\n")


def test_an_unknown_cpv_code_of_other_services_gets_the_codes_of_its_group(cli, repo):
    spec, err = write(cli, repo, {**SERVICES, '      cpv: ["90911200"]': '      cpv: ["90911999"]'})
    assert "procurement.lots[boende].cpv[1] (CPV-koder): 90911999 is not a CPV code" in err
    assert "hint: codes of the same group: 90911000; 90911100; 90911200" in err


def test_a_valfrihetssystem_has_no_procedure_type(cli, repo):
    from helpers.common import SPEC_LOV

    spec = variant(repo, {"  lov:\n": "  gpa: false\n  lov:\n"}, base=SPEC_LOV)
    result = cli("--lang", "en", "validate", spec.relative_to(repo), cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, 'gpa: false')}:3: procurement.gpa (GPA): proposal.form is lov (a "
            "valfrihetssystem), so `gpa` has no place: only a notice in TED states whether the GPA covers a "
            "procurement, and a valfrihetssystem is not announced there") in result.err


# --- the award criteria of each evaluation model, in both regimes --------------------------------------------

CRITERIA = "//cac:ProcurementProjectLot[1]//cac:AwardingCriterion"


def test_weights_give_each_criterion_its_weight_and_no_method_text(cli, repo):
    _, xml = write(cli, repo, WEIGHTS)
    root = etree.fromstring(xml)
    assert xpath(root, f"{CRITERIA}/cbc:CalculationExpression") == []
    assert xpath(root, f"{CRITERIA}/cac:SubordinateAwardingCriterion/cbc:AwardingCriterionTypeCode/text()") == [
        "price", "quality", "quality"]
    assert xpath(root, f"{CRITERIA}//*[local-name()='ParameterNumeric']/text()") == ["60", "20", "20"]


@pytest.mark.parametrize(("basis", "criterion_type", "description", "method"), [
    ("lowest_price", "price", "Lägsta pris.", "Det anbud som har lägst pris antas."),
    ("lowest_cost", "cost", "Lägsta kostnad.", "Det anbud som har lägst kostnad antas."),
])
def test_the_lowest_price_or_cost_is_one_criterion_of_its_type_with_the_method(cli, repo, basis, criterion_type,
                                                                               description, method):
    replacements = {key: value.replace("lowest_price", basis) for key, value in lowest_price_replacements().items()}
    _, xml = write(cli, repo, replacements)
    root = etree.fromstring(xml)
    assert xpath(root, f"{CRITERIA}/cbc:CalculationExpression/text()") == [method]
    assert xpath(root, f"{CRITERIA}/cac:SubordinateAwardingCriterion/cbc:AwardingCriterionTypeCode/text()") == [
        criterion_type]
    assert xpath(root, f"{CRITERIA}/cac:SubordinateAwardingCriterion/cbc:Description/text()") == [description]


@pytest.mark.schematron
def test_every_model_passes_the_rules_in_both_regimes(cli, repo, rules):
    for replacements in (WEIGHTS, lowest_price_replacements()):
        for regime in ({}, SERVICES):
            _, xml = write(cli, repo, {**regime, **replacements})
            assert rules.failed(xml) == [], (regime, replacements)


def test_gpa_false_is_stated_and_a_social_services_spec_may_name_the_open_procedure(cli, repo):
    _, xml = write(cli, repo, {**SERVICES, "  gpa: true\n": "  gpa: false\n"})
    assert xpath(etree.fromstring(xml), "//cbc:GovernmentAgreementConstraintIndicator/text()") == ["false"] * 2
    _, xml = write(cli, repo, {"  procedure: >-\n": "  procedure_type: open\n  procedure: >-\n"})
    root = etree.fromstring(xml)
    assert xpath(root, "//cbc:SubTypeCode/text()") == ["20"]
    assert xpath(root, "/*/cac:TenderingProcess/cbc:ProcedureCode/text()") == ["open"]
    assert xpath(root, "//cac:ProcessJustification") == []  # BT-106 is not a field of subtype 20


def test_social_services_have_no_gpa_field_and_validate_says_so(cli, repo):
    spec = variant(repo, {"  procedure: >-\n": "  gpa: true\n  procedure: >-\n"}, base=SPEC_TENDER)
    result = cli("--lang", "en", "validate", spec.relative_to(repo), cwd=repo)
    assert result.code == 1
    assert (f"specs/{spec.name}:{line_of(spec, 'gpa: true')}:3: procurement.gpa (GPA): social and other specific "
            "services are announced without saying whether the GPA covers them") in result.err


def test_the_review_body_needs_its_number_and_address_only_for_the_notice(cli, repo):
    court = ("      organisation_number: 202100-0019\n      address:\n        street: Tegeluddsvägen 1\n"
             "        postal_code: 115 76\n        city: Stockholm\n        nuts: SE110\n")
    spec = variant(repo, {court: ""}, base=SPEC_TENDER)
    assert cli("validate", spec.relative_to(repo), cwd=repo).code == 0  # the tilldelningsbeslut needs the name only
    _, err = write(cli, repo, {court: ""})
    assert "procurement.authority.review_body.organisation_number" in err and "hint: add `organisation_number:` " in err
    assert "the notice needs the review body's postal address" in err


def test_a_lot_without_a_winner_is_not_told_its_contract_is_signed(cli, repo, tmp_path):
    import shutil

    tenders = tmp_path / "anbud"
    shutil.copytree(TENDERS, tenders)
    for name in ("omsorg-norr", "vagen-vidare"):
        path = tenders / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  - id: TJ-LOKALER\n    fulfilled: true\n",
                                     "  - id: TJ-LOKALER\n    fulfilled: false\n    note: För långt bort.\n"), "utf-8")
    _, xml = write(cli, repo, {}, "--award", str(tenders))
    review = xpath(etree.fromstring(xml), "//cac:ProcurementProjectLot//cac:PresentationPeriod/cbc:Description/text()")
    assert review[0].startswith("En ansökan om överprövning av upphandlingen ska ha kommit in till förvaltningsrätten "
                                "innan avtal har ingåtts.")
    assert review[1] == ("Avtalet har ingåtts. En ansökan om överprövning av avtalets giltighet ska ha kommit in till "
                         "förvaltningsrätten inom 30 dagar från det att denna annons publicerats, och annars inom sex "
                         "månader från det att avtalet slöts (20 kap. 17 § LOU).")


def test_the_text_of_a_classical_notice_names_its_procedure_and_the_gpa(cli, repo):
    spec = variant(repo, SERVICES, base=SPEC_TENDER)
    result = cli("notice", spec.relative_to(repo), "--text", cwd=repo)
    assert result.code == 0
    lines = result.out.splitlines()
    assert "- Typ av förfarande: Öppet" in lines
    assert lines.count("- Upphandlingen omfattas av Världshandelsorganisationens avtal om offentlig upphandling, "
                       "GPA: ja") == 2
    # the procurement and its first lot; a code outside the social-services list is shown without a name
    assert lines.count("- Huvudklassificering: 90911200") == 2
    assert lines.count("- Det gäller ett ramavtal: Upphandlingen avser inte ett ramavtal") == 2
