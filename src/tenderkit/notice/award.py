"""The contract award notice as XML, from a checked spec and its evaluated tenders: eForms subtype 33
(light regime, directive 2014/24) or 29 (standard regime), as the contract notice was 20 or 16.

Per lot the result the evaluation gives: the winner (rank 1) with its tender's value, or no winner
and why; the tenders received and those rejected for a failed ska-krav. The procedure is the
contract notice's (the same ContractFolderID, and the contract notice's ID as the previous notice),
so TED links the two. The tender value is the winner's prices × the estimated volumes over the
whole term with every extension, counted as the memo counts the authority's own estimate
(`derive.tendered_value`): the evaluation's tendered price is that figure for one year, and the
contract notice's value per lot is the maximum (max volumes), which the award would overstate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from ..derive import LotFigures, earliest_signing, tendered_value, whole_kronor
from ..evaluate import Tenders
from ..evaluation import Answers, Entry, LotResult, Result
from ..i18n import _
from ..render.filters import upperfirst
from ..spec.errors import Problem
from ..spec.loader import read_yaml
from ..spec.validate import locate
from .codes import swedish_nuts
from .ubl import (
    CURRENCY,
    add,
    appeal,
    awarding,
    company,
    contracting_party,
    contracting_systems,
    date_text,
    description,
    document,
    eforms_extension,
    funding,
    gpa,
    header,
    identifier,
    lot_description,
    lots,
    organisations,
    procedure,
    project,
    reference,
    regime_of,
    subtype,
    title,
    whole,
)

# Codes of the SDK's code lists winner-selection-status, non-award-justification and received-submission-type.
WINNER, NO_WINNER = "selec-w", "clos-nw"
ALL_REJECTED, NONE_RECEIVED = "all-rej", "no-rece"
_SUBCONTRACTING = {True: "yes", False: "no", None: "not-known"}  # BT-773, from the winner's answers
_SIZES = {"micro": "micro", "small": "small", "medium": "med", "large": "large"}  # size → its count's code
_TIMETABLE = ("procurement", "timetable")


@dataclass(frozen=True)
class Award:
    """One lot's outcome as the notice states it."""

    key: str  # LOT-0001
    lot: LotFigures
    cpv: tuple[str, ...]
    result: LotResult
    winner: Entry | None  # None: no tender could be ranked
    value: int | None  # the winner's tender value in whole kronor

    @property
    def rejected(self) -> int:
        return sum(1 for entry in self.result.entries if entry.rejected)


def awards(checked, tenders: Tenders, result: Result) -> list[Award]:
    """Every lot's outcome, in the order of the contract notice's lots."""
    spec, figures = checked.spec, checked.figures.procurement
    prices = {tender.file: tender.prices for tender in tenders.tenders}
    found = []
    for (key, lot, cpv), outcome in zip(lots(spec, checked.valid.id, figures), result.lots, strict=True):
        winner = next((entry for entry in outcome.entries if entry.rank == 1), None)
        value = None if winner is None else whole_kronor(tendered_value(
            prices[winner.file][outcome.lot.id], outcome.lot.components, lot.start, figures.counted_months))
        found.append(Award(key, lot, cpv, outcome, winner, value))
    return found


def problems(checked, tenders: Tenders, found: list[Award], decided: date) -> list[Problem]:
    """What keeps the evaluated tenders from an award notice, each located: in the spec (already
    at its line) or in the winner's answers file."""
    located = []
    signed = checked.spec.procurement.timetable.contract_signing
    earliest = earliest_signing(decided, checked.law.standstill_days)
    if signed < earliest:
        located.append(checked.valid.locate(Problem(
            _("the contract is signed on {signed}, before the standstill after the award decision of {decided} "
              "ends: it may be signed from {earliest}").format(signed=signed, decided=decided, earliest=earliest),
            path=_TIMETABLE + ("contract_signing",),
            hint=_("write the day the contract was signed in procurement.timetable.contract_signing"))))
    answers = {tender.file: tender.answers for tender in tenders.tenders}
    winners = set()
    for award in found:
        first = [entry for entry in award.result.entries if entry.rank == 1]
        if len(first) > 1:
            located.append(Problem(
                _("lot “{lot}”: {tenderers} share the first place, which only lottning can decide, so the notice "
                  "cannot name the winner").format(lot=award.lot.name, tenderers=", ".join(e.tenderer for e in first)),
                hint=_("draw lots as the procurement documents say; tenderkit cannot record the draw yet, so write "
                       "this notice in the advertising database")))
        if award.winner is not None:
            winners.add(award.winner.file)
    for file, tender in answers.items():
        located += _tenderer(file, tender, file in winners)
    return located


def _tenderer(file: str, answers: Answers, winner: bool) -> list[Problem]:
    """What the notice must state of a tenderer: every one's size (the tenders are counted by it,
    BR-BT-13713-0117), and a winner's address (BT-513, BT-512, BT-507)."""
    found = []
    if winner and answers.address is None:
        found.append(Problem(
            _("{tenderer} is awarded a contract, and the award notice needs its postal address").format(
                tenderer=answers.tenderer), path=("address",), on_key=True,
            hint=_("add `address:` with `street`, `postal_code`, `city` and `nuts` to the answers file")))
    elif winner and answers.address.nuts not in swedish_nuts():
        found.append(Problem(_("{code} is not a Swedish NUTS 3 region (a län)").format(code=answers.address.nuts),
                             path=("address", "nuts"), hint=_("e.g. SE110 for Stockholms län")))
    if answers.size is None:
        found.append(Problem(
            _("the award notice counts the tenders by the size of the tenderer, and the size of {tenderer} is "
              "missing").format(tenderer=answers.tenderer), path=("size",), on_key=True,
            hint=_("add `size:` with micro, small, medium or large, as Commission Recommendation 2003/361/EC "
                   "defines them")))
    if not found:
        return []
    loaded = read_yaml(Path(file), file)
    return [locate(problem, loaded.source, loaded.data, Answers) for problem in found]


def award_notice(checked, found: list[Award], answers: dict[str, Answers], decided: date) -> bytes:
    """The notice of evaluated tenders that `problems` found complete."""
    spec, spec_id = checked.spec, checked.valid.id
    procurement = spec.procurement
    regime = regime_of(procurement)
    signed = procurement.timetable.contract_signing
    root = document("ContractAwardNotice")
    extension = eforms_extension(root)
    parties = _results(add(extension, "efac:NoticeResult"), found, answers, spec, decided, signed)
    organisations_element = subtype(extension, regime.award)
    organisations(organisations_element, spec)
    for file, key in parties.items():
        winner = answers[file]
        element = add(add(organisations_element, "efac:Organization"), "efac:Company")
        add(element, "efbc:CompanySizeCode", winner.size, listName="economic-operator-size")
        company(element, key, winner.tenderer, winner.address, winner.organisation_number)
    # dated the day the contract is concluded: the award notice follows the contract
    header(root, spec_id, "award", signed, regime.award, "result")
    contracting_party(root, procurement)
    process = procedure(root, procurement, described=False)
    add(add(process, "cac:NoticeDocumentReference"), "cbc:ID", f"{identifier(spec_id, 'notice')}-01",
        schemeName="notice-id-ref")
    project(root, reference(spec), title(spec), description(spec), procurement.cpv,
            whole(spec, spec_id, checked.figures.procurement), procurement, period=False)
    for award in found:
        element = add(root, "cac:ProcurementProjectLot")
        add(element, "cbc:ID", award.key, schemeName="Lot")
        terms = add(element, "cac:TenderingTerms")
        funding(terms)
        awarding(terms, procurement)
        appeal(terms, checked.law, signed=award.winner is not None)
        process = add(element, "cac:TenderingProcess")
        gpa(process, procurement, regime)
        contracting_systems(process, procurement)
        lot = award.lot
        project(element, lot.id, upperfirst(lot.name), lot_description(lot), award.cpv, lot, procurement, period=True)
    add(add(root, "cac:TenderResult"), "cbc:AwardDate", date_text(decided))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _notice_value(result: etree._Element, won: list[Award], framework: bool) -> None:
    """BT-161, the contracts' value; for framework agreements BT-1118 and BT-118 instead: their
    value at the estimated volumes and their ceiling, the contract notice's maximum."""
    total = str(sum(award.value for award in won))
    if not framework:
        add(result, "cbc:TotalAmount", total, currencyID=CURRENCY)
        return
    add(result, "efbc:OverallApproximateFrameworkContractsAmount", total, currencyID=CURRENCY)
    add(result, "efbc:OverallMaximumFrameworkContractsAmount", str(sum(_maximum(award) for award in won)),
        currencyID=CURRENCY)


def _maximum(award: Award) -> int:
    return whole_kronor(award.lot.maximum_value)


def _results(result: etree._Element, found: list[Award], answers: dict[str, Answers], spec, decided: date,
             signed: date) -> dict[str, str]:
    """The notice's results; returns the winners' organisation keys by answers file, in order of appearance."""
    won = [award for award in found if award.winner is not None]
    framework = spec.procurement.contract.framework_agreement
    parties: dict[str, str] = {}
    for award in won:
        parties.setdefault(award.winner.file, f"ORG-{len(parties) + 3:04d}")  # after the buyer and the review body
    tendering = {file: f"TPA-{number:04d}" for number, file in enumerate(parties, start=1)}
    tenders = {award.key: f"TEN-{number:04d}" for number, award in enumerate(won, start=1)}
    contracts = {award.key: f"CON-{number:04d}" for number, award in enumerate(won, start=1)}
    if won:
        _notice_value(result, won, framework)
    for number, award in enumerate(found, start=1):
        lot_result = add(result, "efac:LotResult")
        add(lot_result, "cbc:ID", f"RES-{number:04d}", schemeName="result")
        add(lot_result, "cbc:TenderResultCode", WINNER if award.winner else NO_WINNER,
            listName="winner-selection-status")
        received = len(award.result.entries)
        if award.winner is None:
            add(add(lot_result, "efac:DecisionReason"), "efbc:DecisionReasonCode",
                ALL_REJECTED if received else NONE_RECEIVED, listName="non-award-justification")
        else:
            add(add(lot_result, "efac:LotTender"), "cbc:ID", tenders[award.key], schemeName="tender")
            if framework:  # BT-709, BT-660: the contract notice's ceiling, the winner's prices × the estimates
                values = add(lot_result, "efac:FrameworkAgreementValues")
                add(values, "cbc:MaximumValueAmount", str(_maximum(award)), currencyID=CURRENCY)
                add(values, "efbc:ReestimatedValueAmount", str(award.value), currencyID=CURRENCY)
        if received:
            sizes = Counter(answers[entry.file].size for entry in award.result.entries)
            # every tenderer has a Swedish organisation number: none is from another country, in or out of the EEA
            # and every tender came in electronically, the only way the notice allowed
            counts = [("tenders", received), ("t-verif-inad", award.rejected), ("t-no-eea", 0), ("t-oth-eea", 0),
                      ("t-esubm", received)]
            for code, count in counts + [(f"t-{_SIZES[size]}", sizes[size]) for size in _SIZES]:
                statistics = add(lot_result, "efac:ReceivedSubmissionsStatistics")
                add(statistics, "efbc:StatisticsCode", code, listName="received-submission-type")
                add(statistics, "efbc:StatisticsNumeric", str(count))
        if award.winner is not None:
            add(add(lot_result, "efac:SettledContract"), "cbc:ID", contracts[award.key], schemeName="contract")
        add(add(lot_result, "efac:TenderLot"), "cbc:ID", award.key, schemeName="Lot")
    for award in won:
        tender = add(result, "efac:LotTender")
        add(tender, "cbc:ID", tenders[award.key], schemeName="tender")
        add(add(tender, "cac:LegalMonetaryTotal"), "cbc:PayableAmount", str(award.value), currencyID=CURRENCY)
        add(add(tender, "efac:SubcontractingTerm"), "efbc:TermCode",
            _SUBCONTRACTING[answers[award.winner.file].subcontracting], listName="applicability")
        add(add(tender, "efac:TenderingParty"), "cbc:ID", tendering[award.winner.file], schemeName="tendering-party")
        add(add(tender, "efac:TenderLot"), "cbc:ID", award.key, schemeName="Lot")
        add(add(tender, "efac:TenderReference"), "cbc:ID", Path(award.winner.file).stem)
    procurement_reference = reference(spec)
    for award in won:
        contract = add(result, "efac:SettledContract")
        add(contract, "cbc:ID", contracts[award.key], schemeName="contract")
        add(contract, "cbc:AwardDate", date_text(decided))
        add(contract, "cbc:IssueDate", date_text(signed))
        own = [part for part in (procurement_reference, award.result.lot.id) if part]
        add(add(contract, "efac:ContractReference"), "cbc:ID", "-".join(own) or award.key)
        add(add(contract, "efac:LotTender"), "cbc:ID", tenders[award.key], schemeName="tender")
    for file, key in parties.items():
        party = add(result, "efac:TenderingParty")
        add(party, "cbc:ID", tendering[file], schemeName="tendering-party")
        add(add(party, "efac:Tenderer"), "cbc:ID", key, schemeName="organization")
    return parties
