"""`tenderkit notice SPEC --award TENDERS_DIR`: the contract award notice (eForms subtype 33) of the
evaluated tenders, with the evaluation's winners, values and counts, valid against the SDK's schema
and static rules; the harness proven on the SDK's award examples; what is missing, a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.common import SPEC_TENDER, column_of, line_of
from helpers.tenders import EXAMPLES as TENDERS
from lxml import etree

from tenderkit.notice.schema import schema_errors

SDK = Path(__file__).resolve().parent / "eforms"
NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
      "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"}


def xpath(element, path: str) -> list[str]:
    return [str(found) for found in element.xpath(path, namespaces=NS)]


def statistics(lot_result) -> dict[str, int]:
    return {code: int(count) for code, count in zip(
        xpath(lot_result, "efac:ReceivedSubmissionsStatistics/efbc:StatisticsCode/text()"),
        xpath(lot_result, "efac:ReceivedSubmissionsStatistics/efbc:StatisticsNumeric/text()"), strict=True)}


@pytest.fixture(scope="module")
def notices(tmp_path_factory):
    """The award notice of the bundled tenders and the contract notice of the same spec, through the CLI."""
    from tenderkit.cli import main

    out = tmp_path_factory.mktemp("award")
    assert main(["notice", str(SPEC_TENDER), "--award", str(TENDERS), "-o", str(out / "award.xml")]) == 0
    assert main(["notice", str(SPEC_TENDER), "-o", str(out / "contract.xml")]) == 0
    return (out / "award.xml").read_bytes(), (out / "contract.xml").read_bytes()


def test_the_award_notice_of_the_bundled_tenders_is_schema_valid_subtype_33(notices):
    xml = notices[0]
    assert schema_errors(xml) == []
    root = etree.fromstring(xml)
    assert xpath(root, "//cbc:SubTypeCode/text()") == ["33"]
    assert xpath(root, "/*/cbc:NoticeTypeCode/text()") == ["can-social"]
    assert xpath(root, "/*/cbc:RegulatoryDomain/text()") == ["32014L0024"]


def test_the_award_notice_refers_to_the_contract_notice_of_the_same_procedure(notices):
    award, contract = (etree.fromstring(xml) for xml in notices)
    assert xpath(award, "/*/cbc:ContractFolderID/text()") == xpath(contract, "/*/cbc:ContractFolderID/text()")
    assert xpath(award, "/*/cac:TenderingProcess/cac:NoticeDocumentReference/cbc:ID/text()") == [
        xpath(contract, "/*/cbc:ID/text()")[0] + "-01"]
    assert xpath(award, "/*/cbc:ID/text()") != xpath(contract, "/*/cbc:ID/text()")
    # the lots as the contract notice announced them
    for path in ("//cac:ProcurementProjectLot/cbc:ID/text()",
                 "//cac:ProcurementProjectLot//cac:RequestedTenderTotal/*/text()",
                 "//cac:ProcurementProjectLot//cac:MainCommodityClassification/*/text()"):
        assert xpath(award, path) == xpath(contract, path)


def test_the_winners_values_and_counts_per_lot_are_the_evaluations(notices):
    root = etree.fromstring(notices[0])
    results = root.xpath("//efac:NoticeResult/efac:LotResult", namespaces=NS)
    assert [xpath(r, "cbc:TenderResultCode/text()")[0] for r in results] == ["selec-w", "selec-w"]
    # boende: three tenders, Trygga Steg AB rejected (TJ-LOKALER); stöd: three, none rejected; all electronic
    base = {"t-no-eea": 0, "t-oth-eea": 0, "t-esubm": 3, "t-micro": 1, "t-small": 1, "t-med": 1, "t-large": 0}
    assert [statistics(r) for r in results] == [{"tenders": 3, "t-verif-inad": 1, **base},
                                                {"tenders": 3, "t-verif-inad": 0, **base}]
    # the winner's prices × the estimated volumes over the four years with both extensions: boende
    # 1 390 kr × 4 380 dygn × 4 (the tendered price 6 088 200 kr a year); stöd 711 000 kr a year × 4
    assert xpath(root, "//efac:NoticeResult/efac:LotTender/cac:LegalMonetaryTotal/*/text()") == [
        str(6_088_200 * 4), str(711_000 * 4)]
    # a framework agreement: no contract value (BT-161) but the frameworks' value at the estimated volumes
    # (BT-1118) and their ceiling, the contract notice's maximum (BT-118); per lot the same two (BT-660, BT-709)
    assert xpath(root, "//efac:NoticeResult/cbc:TotalAmount/text()") == []
    assert xpath(root, "//efac:NoticeResult/efbc:OverallApproximateFrameworkContractsAmount/text()") == ["27196800"]
    assert xpath(root, "//efac:NoticeResult/efbc:OverallMaximumFrameworkContractsAmount/text()") == ["34880000"]
    assert xpath(root, "//efac:LotResult/efac:FrameworkAgreementValues/*/text()") == [
        "29000000", str(6_088_200 * 4), "5880000", str(711_000 * 4)]
    assert xpath(root, "//efac:NoticeResult/efac:LotTender/efac:TenderLot/cbc:ID/text()") == ["LOT-0001", "LOT-0002"]
    winners = root.xpath("//efac:Organization/efac:Company[efbc:CompanySizeCode]", namespaces=NS)
    assert [(xpath(w, "cac:PartyName/cbc:Name/text()")[0], xpath(w, "cac:PartyLegalEntity/cbc:CompanyID/text()")[0],
             xpath(w, "efbc:CompanySizeCode/text()")[0], xpath(w, ".//cac:Country/cbc:IdentificationCode/text()")[0])
            for w in winners] == [("Omsorg Norr AB", "556677-8899", "small", "SWE"),
                                  ("Trygga Steg AB", "559012-3456", "micro", "SWE")]
    # Omsorg Norr AB will not subcontract; Trygga Steg AB's answers do not say
    assert xpath(root, "//efac:NoticeResult/efac:LotTender/efac:SubcontractingTerm/efbc:TermCode/text()") == [
        "no", "not-known"]
    assert xpath(root, "//efac:SettledContract/efac:ContractReference/cbc:ID/text()") == [
        "UH 2025-014-boende", "UH 2025-014-stod"]
    # the decision the timetable plans, the contract signed the day it plans
    assert xpath(root, "//efac:SettledContract/cbc:AwardDate/text()") == ["2025-06-10+02:00"] * 2
    assert xpath(root, "//efac:SettledContract/cbc:IssueDate/text()") == ["2025-06-25+02:00"] * 2
    assert xpath(root, "/*/cbc:IssueDate/text()") == ["2025-06-25+02:00"]


def test_the_decision_date_is_the_one_given(cli):
    result = cli("notice", SPEC_TENDER, "--award", TENDERS, "--decided", "2025-06-12")
    assert result.code == 0, result.err
    root = etree.fromstring(result.out.encode())
    assert xpath(root, "//efac:SettledContract/cbc:AwardDate/text()") == ["2025-06-12+02:00"] * 2
    assert xpath(root, "/*/cac:TenderResult/cbc:AwardDate/text()") == ["2025-06-12+02:00"]
    # the decision is a fact now; the warning says the day differs from the plan, not that it is a plan
    assert "the award notice states the timetable's days" not in result.err
    assert "warning: the decision is dated 2025-06-12, the timetable plans the award for 2025-06-10" in result.err


def test_without_decided_the_award_notice_is_written_and_says_its_days_are_the_plan(cli):
    result = cli("--lang", "en", "notice", SPEC_TENDER, "--award", TENDERS)
    assert result.code == 0 and result.out.startswith("<?xml")
    place = f"specs/{SPEC_TENDER.name}:{line_of(SPEC_TENDER, 'contract_signing: 2025-06-25')}:23"
    assert result.err.startswith(
        f"{place}: warning: procurement.timetable.contract_signing (avtalstecknande): the award notice states the "
        "timetable's days: the decision on 2025-06-10 and the contract signed on 2025-06-25; a notice sent to TED must "
        "state the days they happened\n")


@pytest.fixture
def tenders(tmp_path) -> Path:
    copy = tmp_path / "anbud"
    shutil.copytree(TENDERS, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.schematron
def test_a_lot_whose_tenders_are_all_rejected_has_no_winner(cli, tenders, rules):
    for name in ("omsorg-norr", "vagen-vidare"):
        edit(tenders / f"{name}.yaml", "  - id: TJ-LOKALER\n    fulfilled: true\n",
             "  - id: TJ-LOKALER\n    fulfilled: false\n    note: För långt från Exempelstad.\n")
    result = cli("notice", SPEC_TENDER, "--award", tenders)
    assert result.code == 0, result.err
    xml = result.out.encode()
    root = etree.fromstring(xml)
    results = root.xpath("//efac:NoticeResult/efac:LotResult", namespaces=NS)
    assert [xpath(r, "cbc:TenderResultCode/text()")[0] for r in results] == ["clos-nw", "selec-w"]
    assert xpath(results[0], "efac:DecisionReason/*/text()") == ["all-rej"]
    assert statistics(results[0])["t-verif-inad"] == 3
    assert xpath(root, "//efac:NoticeResult/efbc:OverallApproximateFrameworkContractsAmount/text()") == ["2844000"]
    assert schema_errors(xml) == []
    assert rules.failed(xml) == []


# --- the business rules, and the harness on the SDK's award examples ----------------------------------------

@pytest.mark.schematron
def test_the_bundled_award_notice_passes_every_static_business_rule(notices, rules):
    assert rules.failed(notices[0]) == []


@pytest.mark.schematron
def test_the_sdks_valid_award_notice_passes_and_its_invalid_one_fails(rules):
    assert schema_errors((SDK / "can-social_24.xml").read_bytes()) == []
    # the example gives no count of tenders from large enterprises, which SDK 1.15's rules ask for
    assert [(f.id, f.role) for f in rules.failed((SDK / "can-social_24.xml").read_bytes())] == [
        ("BR-BT-13713-0123", "ERROR")] * 2
    invalid = (SDK / "INVALID_can_24_stage-1.xml").read_bytes()
    assert schema_errors(invalid) == []  # the schema cannot see what is wrong with it
    assert len(rules.failed(invalid)) == 91
    assert {"BR-BT-00142-0036", "BR-BT-00004-0052", "BR-BT-00513-0036"} <= set(rules.errors(invalid))


# --- what is missing -------------------------------------------------------------------------------------------

def test_a_winner_without_address_and_a_tenderer_without_size_are_located_and_nothing_is_written(cli, repo, tenders):
    winner, other = tenders / "omsorg-norr.yaml", tenders / "vagen-vidare.yaml"
    edit(winner, "address:\n  street: Norra Allén 12\n  postal_code: 123 51\n  city: Exempelstad\n  nuts: SE110\n", "")
    edit(other, "size: medium\n", "")
    result = cli("--lang", "en", "notice", SPEC_TENDER, "--award", tenders, "-o", repo / "award.xml", cwd=tenders)
    assert result.code == 1 and not (repo / "award.xml").exists()
    assert ("omsorg-norr.yaml:2:1: address (adress): Omsorg Norr AB is awarded a contract, and the award notice "
            "needs its postal address\n") in result.err
    assert "hint: add `address:` with `street`, `postal_code`, `city` and `nuts` to the answers file" in result.err
    assert ("vagen-vidare.yaml:2:1: size (företagsstorlek): the award notice counts the tenders by the size of the "
            "tenderer, and the size of Stiftelsen Vägen Vidare is missing\n") in result.err
    swedish = cli("--lang", "sv", "notice", SPEC_TENDER, "--award", tenders, cwd=tenders)
    assert ("omsorg-norr.yaml:2:1: address (adress): Omsorg Norr AB tilldelas kontrakt, och efterannonsen behöver "
            "dess postadress\n") in swedish.err


def test_a_contract_signed_within_the_standstill_of_the_decision_is_located_in_the_spec(cli, repo):
    spec = repo / "specs" / SPEC_TENDER.name
    result = cli("--lang", "en", "notice", spec.relative_to(repo), "--award", TENDERS, "--decided", "2025-06-20",
                 cwd=repo)
    assert result.code == 1
    place = f"specs/{spec.name}:{line_of(spec, 'contract_signing: 2025-06-25')}:{column_of(spec, '2025-06-25')}"
    assert (f"{place}: procurement.timetable.contract_signing (avtalstecknande): the contract is signed on 2025-06-25, "
            "before the standstill after the award decision of 2025-06-20 ends: it may be signed from "
            "2025-07-01\n") in result.err


def test_decided_without_award_is_a_usage_error(cli):
    result = cli("--lang", "en", "notice", SPEC_TENDER, "--decided", "2025-06-12")
    assert result.code == 2 and "--decided applies to the award notice" in result.err
