"""`tenderkit notice`: the eForms contract notice of a procurement, with the documents' figures, valid
against the SDK's schema before it is written; the harness proven on the SDK's own examples; what the
spec lacks or gets wrong, a located error, and then no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.common import (
    NOTICE_2026,
    SPEC_2021,
    SPEC_CARE_HOME,
    SPEC_LOV,
    SPEC_TENDER,
    column_of,
    line_of,
    normalise,
    variant,
)
from lxml import etree

from tenderkit.build import build
from tenderkit.notice import luhn_valid
from tenderkit.notice.schema import schema_errors
from tenderkit.render.filters import money

EXAMPLES = Path(__file__).resolve().parent / "eforms"
NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


ESTIMATED = "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount/text()"  # BT-27


def xpath(element, path: str) -> list[str]:
    return [str(found) for found in element.xpath(path, namespaces=NS)]


def one(element, path: str) -> str:
    found = xpath(element, path)
    assert len(found) == 1, (path, found)
    return found[0]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Each bundled procurement's notice (through the CLI's code) and its memo and förfrågningsunderlag."""
    from tenderkit.cli import main

    out = tmp_path_factory.mktemp("notices")
    found = {}
    for spec in (SPEC_TENDER, SPEC_CARE_HOME):
        assert main(["notice", str(spec), "-o", str(out / f"{spec.stem}.xml")]) == 0
        directory = build(spec, out / "documents").directory
        found[spec.stem] = {
            "xml": (out / f"{spec.stem}.xml").read_bytes(),
            "memo": normalise((directory / "tjansteskrivelse.md").read_text(encoding="utf-8")),
            "tender": normalise((directory / "forfragningsunderlag.md").read_text(encoding="utf-8")),
        }
    return found


# --- the bundled procurements ------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [SPEC_TENDER, SPEC_CARE_HOME], ids=lambda spec: spec.stem)
def test_the_bundled_procurements_give_schema_valid_notices_of_subtype_20(written, spec):
    xml = written[spec.stem]["xml"]
    assert schema_errors(xml) == []
    root = etree.fromstring(xml)
    assert one(root, "//cbc:SubTypeCode/text()") == "20"
    assert one(root, "/*/cbc:NoticeTypeCode/text()") == "cn-social"
    assert one(root, "/*/cbc:RegulatoryDomain/text()") == "32014L0024"


def test_the_notice_carries_the_exact_figures_of_the_stodboende_procurement(written):
    root = etree.fromstring(written[SPEC_TENDER.stem]["xml"])
    assert xpath(root, f"/*/cac:ProcurementProject/{ESTIMATED}") == ["34880000"]
    assert xpath(root, f"//cac:ProcurementProjectLot/cac:ProcurementProject/{ESTIMATED}") == ["29000000", "5880000"]
    # a framework agreement (contract.framework_agreement), its ceiling the same maximum as the estimate
    assert xpath(root, "//cac:ContractingSystem/cbc:ContractingSystemTypeCode[@listName='framework-agreement']/text()") == ["fa-wo-rc"] * 2
    assert xpath(root, "//cac:RequestedTenderTotal//*[local-name()='FrameworkMaximumAmount']/text()") == [
        "34880000", "29000000", "5880000"]
    assert xpath(root, "//cac:ProcurementProjectLot//cac:PlannedPeriod/*/text()") == [
        "2025-10-01+02:00", "2027-09-30+02:00"] * 2
    assert xpath(root, "//cac:ProcurementProjectLot//cac:MainCommodityClassification/*/text()") == [
        "85311000", "85312000"]
    assert xpath(root, "//cac:TenderSubmissionDeadlinePeriod/*/text()") == ["2025-05-06+02:00", "23:59:00+02:00"] * 2
    assert xpath(root, "//cac:ContractExtension/cbc:MaximumNumberNumeric/text()") == ["2", "2"]
    assert xpath(root, "//cac:SubordinateAwardingCriterion/cbc:Description/text()")[1].endswith(
        "Prisavdrag: 0, 5 eller 10 procent av anbudspriset. Nivåerna beskrivs i upphandlingsdokumenten.")
    # the buyer's organisation number (Luhn-valid) and the review body of the spec
    assert xpath(root, "//cac:PartyLegalEntity/cbc:CompanyID/text()") == ["212000-0019", "202100-0019"]
    assert "Förvaltningsrätten i Stockholm" in xpath(root, "//cac:PartyName/cbc:Name/text()")


@pytest.mark.parametrize("spec", [SPEC_TENDER, SPEC_CARE_HOME], ids=lambda spec: spec.stem)
def test_every_figure_of_the_notice_is_the_one_the_memo_and_the_tender_documents_print(written, spec):
    root, memo, tender = (etree.fromstring(written[spec.stem]["xml"]), written[spec.stem]["memo"],
                          written[spec.stem]["tender"])
    total = int(one(root, f"/*/cac:ProcurementProject/{ESTIMATED}"))
    assert f"Upphandlingens uppskattade värde är {normalise(money(total))} exklusive moms." in memo
    assert xpath(root, "//cac:PartyLegalEntity/cbc:CompanyID/text()")[0] in tender
    for number, lot in enumerate(root.xpath("//cac:ProcurementProjectLot", namespaces=NS), start=1):
        name = one(lot, "cac:ProcurementProject/cbc:Name/text()")
        value = int(one(lot, f"cac:ProcurementProject/{ESTIMATED}"))
        assert f"elområde {number}, {name.lower() if name.lower() in memo else name}: {normalise(money(value))}" in memo
        start, end = (day[:10] for day in xpath(lot, ".//cac:PlannedPeriod/*/text()"))
        assert (f"Avtalet gäller från {start}" in tender and f"till och med {end}" in tender) or \
            f"För delområdet {name} gäller avtalet från {start} till och med {end}" in tender
        renewal = one(lot, ".//cac:Renewal//cbc:Description/text()")
        assert f"till längst {renewal.rsplit(' ', 1)[1].rstrip('.')}" in tender
        deadline_day, deadline_time = (text[:10] if i == 0 else text[:5].replace(":", ".") for i, text in
                                       enumerate(xpath(lot, ".//cac:TenderSubmissionDeadlinePeriod/*/text()")))
        assert f"senast {deadline_day} kl. {deadline_time}" in tender
        questions = one(lot, ".//cac:AdditionalInformationRequestPeriod/cbc:EndDate/text()")[:10]
        assert f"| Sista dag för frågor | {questions} |" in tender
        for criterion in xpath(lot, ".//cac:SubordinateAwardingCriterion/cbc:Name/text()"):
            assert criterion in tender
    # the lots' values add up to the total the memo states
    assert total == sum(int(v) for v in xpath(root, f"//cac:ProcurementProjectLot/cac:ProcurementProject/{ESTIMATED}"))


def test_a_lot_with_its_own_start_has_its_own_period(written):
    root = etree.fromstring(written[SPEC_CARE_HOME.stem]["xml"])
    assert xpath(root, "//cac:ProcurementProjectLot//cac:PlannedPeriod/*/text()") == [
        "2026-05-01+02:00", "2029-04-30+02:00", "2026-10-01+02:00", "2029-09-30+02:00"]


def test_the_notice_is_the_same_on_every_run(cli, tmp_path):
    assert cli("notice", SPEC_TENDER).code == 0
    first = cli("notice", SPEC_TENDER)
    assert cli("notice", SPEC_TENDER, "-o", tmp_path / "n.xml").code == 0
    assert (tmp_path / "n.xml").read_text(encoding="utf-8") == first.out


def test_a_procurement_without_lots_is_announced_as_its_one_lot(cli, repo):
    lots = ('  lots:\n    - id: boende\n      name: boende\n      components: [boende]\n      cpv: ["85311000"]\n'
            '    - id: stod\n      name: stöd och utslussning\n      components: [stodsamtal, utslussning]\n'
            '      cpv: ["85312000", "85312300"]\n')
    spec = variant(repo, {lots: "", "      lots: [boende]\n      text: >-\n        Boendet": "      text: >-\n        Boendet",
                          "      kind: service\n      lots: [boende]\n": "      kind: service\n",
                          "      - text: Priset för": "      - Priset för",
                          "jour.\n        lots: [boende]\n": "jour.\n"}, base=SPEC_TENDER)
    result = cli("notice", spec, cwd=repo)
    assert result.code == 0, result.err
    root = etree.fromstring(result.out.encode())
    assert schema_errors(result.out.encode()) == []
    assert xpath(root, "//cac:ProcurementProjectLot/cbc:ID/text()") == ["LOT-0001"]
    assert xpath(root, "//cac:ProcurementProjectLot//cac:RequestedTenderTotal/cbc:*/text()") == ["34880000"]
    assert xpath(root, "//cac:ProcurementProjectLot//cac:MainCommodityClassification/*/text()") == ["85311000"]


# --- the harness, on the SDK's own examples --------------------------------------------------------------

@pytest.mark.parametrize("name", ["cn-social_24.xml", "cn-social_25.xml"])
def test_the_sdks_valid_light_regime_notices_pass_the_schema(name):
    assert schema_errors((EXAMPLES / name).read_bytes()) == []


@pytest.mark.parametrize("broken, message", [
    ((b"<cbc:IssueDate>2019-11-25+01:00", b"<cbc:IssueDate>2019-13-25+01:00"), "IssueDate': '2019-13-25+01:00' is "
                                                                               "not a valid value"),
    ((b"<cbc:CityName>Paisley</cbc:CityName>", b"<cbc:Town>Paisley</cbc:Town>"), "Town': This element is not expected"),
], ids=["impossible date", "unknown element"])
def test_the_schema_rejects_the_sdks_example_with_one_fault(broken, message):
    text = (EXAMPLES / "cn-social_24.xml").read_bytes()
    assert text.count(broken[0]) == 1
    errors = schema_errors(text.replace(*broken))
    assert len(errors) == 1 and message in errors[0]


def test_the_sdks_invalid_example_breaks_business_rules_the_schema_cannot_see():
    """The schema checks the shape only; the SDK's INVALID notice is the schematron's control."""
    assert schema_errors((EXAMPLES / "INVALID_cn_24_stage-1.xml").read_bytes()) == []


# --- the business rules (the SDK's static schematron), the same harness on the SDK's examples --------------

@pytest.mark.schematron
@pytest.mark.parametrize("spec", [SPEC_TENDER, SPEC_CARE_HOME], ids=lambda spec: spec.stem)
def test_the_bundled_notices_pass_every_static_business_rule(written, rules, spec):
    assert rules.failed(written[spec.stem]["xml"]) == []


@pytest.mark.schematron
def test_the_sdks_valid_notice_passes_the_rules_and_its_invalid_notice_fails_them(rules):
    valid = rules.failed((EXAMPLES / "cn-social_24.xml").read_bytes())
    assert [(failed.id, failed.role) for failed in valid] == [("BR-BT-00514-0310", "WARN")]  # a lawfulness warning
    invalid = (EXAMPLES / "INVALID_cn_24_stage-1.xml").read_bytes()
    assert len(rules.failed(invalid)) == 73
    assert {"BR-BT-00004-0052", "BR-BT-00701-0022", "BR-BT-00262-0153", "BR-OPT-00001-0022"} <= set(
        rules.errors(invalid))


@pytest.mark.schematron
def test_the_rules_see_what_the_schema_cannot(written, rules):
    """A notice whose tender deadline comes before its own date is well-formed for the XSD, not for the rules."""
    xml = written[SPEC_TENDER.stem]["xml"].replace(b"<cbc:EndDate>2025-05-06+02:00", b"<cbc:EndDate>2025-03-06+01:00")
    assert schema_errors(xml) == []
    assert "BR-BT-00131-0151" in rules.errors(xml)


# --- what the spec lacks or gets wrong ------------------------------------------------------------------

def notice(cli, repo, replacements: dict[str, str]):
    spec = variant(repo, replacements, base=SPEC_TENDER)
    result = cli("--lang", "en", "notice", spec.relative_to(repo), "-o", repo / "notice.xml", cwd=repo)
    assert result.code == 1 and not (repo / "notice.xml").exists()
    return spec, result.err


def test_a_cpv_code_outside_the_social_services_list_is_located(cli, repo):
    spec, err = notice(cli, repo, {'  cpv: ["85311000", "85312000"]': '  cpv: ["90911200", "85312000"]'})
    code = '"90911200"'
    place = f"specs/{spec.name}:{line_of(spec, code)}:{column_of(spec, code)}"
    assert err.startswith(f"{place}: procurement.cpv[1] (CPV-koder): 90911200 is not a CPV code of social and other "
                          "specific services (LOU bilaga 2), which a contract notice of subtype 20 must use\n")
    assert "hint: the codes begin with 75, 79, 80, 85, 92 or 98; the list is LOU bilaga 2" in err


def test_a_cpv_code_that_does_not_exist_is_located_with_the_codes_of_its_group(cli, repo):
    spec, err = notice(cli, repo, {'  cpv: ["85311000", "85312000"]': '  cpv: ["85311999", "85312000"]'})
    code = '"85311999"'
    place = f"specs/{spec.name}:{line_of(spec, code)}:{column_of(spec, code)}"
    assert err.startswith(f"{place}: procurement.cpv[1] (CPV-koder): 85311999 is not a CPV code\n")
    assert ("hint: codes of the same group: 85311000 (Social omsorg med inkvartering); 85311100 (Äldreomsorg); "
            "85311200 (Social omsorg för handikappade)") in err


def test_a_lot_without_cpv_codes_and_a_wrong_check_digit_are_each_located(cli, repo):
    spec, err = notice(cli, repo, {'      cpv: ["85311000"]\n': "", "212000-0019": "212000-0018"})
    assert (f"specs/{spec.name}:{line_of(spec, '212000-0018')}:{column_of(spec, '212000-0018')}: "
            "procurement.authority.organisation_number (organisationsnummer): 212000-0018 is not an organisation "
            "number: its check digit (the last one) is wrong") in err
    assert (f"specs/{spec.name}:{line_of(spec, 'components: [boende]') - 2}:7: procurement.lots[boende] (delområden): the "
            "notice needs the CPV codes of this lot") in err
    assert "hint: add `cpv:` under procurement.lots[boende], the main code first and in quotes" in err


def test_fields_the_notice_needs_name_the_field_to_add(cli, repo):
    spec, err = notice(cli, repo, {
        "    address:\n      street: Stadshuset, Storgatan 1\n      postal_code: 123 45\n      city: Exempelstad\n"
        "      nuts: SE110\n": "",
        "  documents_url: https://www.exempelstad.se/upphandling/UH-2025-014\n": ""})
    assert "procurement.authority.address (adress): the notice needs the authority's postal address" in err
    assert "procurement.documents_url (upphandlingsdokumentens adress): the notice needs the address where" in err
    assert err.count("hint: add `") == 2


def test_a_notice_date_the_law_data_lacks_is_located_and_nothing_is_written(cli, repo):
    spec, err = notice(cli, repo, NOTICE_2026)
    assert (f"specs/{spec.name}:{line_of(spec, 'publication: 2026-01-15')}:18: procurement.timetable.publication "
            "(annonsering): the threshold table has no values for the notice date 2026-01-15") in err


def test_a_value_below_the_threshold_says_which_notice_applies(cli, repo):
    spec, err = notice(cli, repo, {f"unit_price: {price}\n": "unit_price: 100\n" for price in (1450, 850, 1600)})
    # 20 000 + 5 600 + 700 units at 100 kronor
    assert (f"specs/{spec.name}:{line_of(spec, 'publication: 2025-04-01')}:18: procurement.timetable.publication "
            "(annonsering): the value, 2 630 000 kronor, is below the threshold of 8 109 450 kronor: an eForms notice in "
            "TED (subtype 20) is for a procurement at or above it; below it the notice goes to a registered advertising "
            "database (lag (2019:668) om upphandlingsstatistik) with the content upphandlingsförordningen (2016:1162) "
            "asks for, in the form that database takes") in normalise(err)


@pytest.mark.parametrize(("spec", "hint"), [
    (SPEC_2021, "hint: add the `procurement:` part (see specs/stodboende-unga-vuxna-2025.yaml) to write its notice"),
    (SPEC_LOV, "hint: a valfrihetssystem is announced on the national website for valfrihetssystem"),
])
def test_a_spec_without_a_procurement_in_lou_is_told_what_to_do(cli, spec, hint):
    result = cli("notice", spec)
    assert result.code == 1 and result.out == ""
    assert "there is no procurement under LOU to announce" in result.err and hint in result.err


def test_a_message_in_swedish(cli, repo):
    spec = variant(repo, {"212000-0019": "212000-0018"}, base=SPEC_TENDER)
    result = cli("--lang", "sv", "notice", spec.relative_to(repo), cwd=repo)
    assert result.code == 1 and result.out == ""
    assert ("procurement.authority.organisation_number (organisationsnummer): 212000-0018 är inget "
            "organisationsnummer: kontrollsiffran (den sista) är fel") in result.err


@pytest.mark.parametrize("number, valid", [("212000-0019", True), ("212000-0001", True), ("212000-0018", False),
                                           ("556677-8899", True), ("212000-0002", False)])
def test_luhn(number, valid):
    assert luhn_valid(number) is valid
