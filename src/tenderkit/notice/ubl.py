"""What every eForms notice tenderkit writes shares: the namespaces, the identifiers and dates, the
buyer and the review body, and the description of the procurement and its lots (the contract
notice and the contract award notice describe them alike, from the same spec and figures).

The element order is the UBL schema's; `schema.schema_errors` checks each notice before it is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NamedTuple
from zoneinfo import ZoneInfo

from lxml import etree

from ..derive import LotFigures, ProcurementFigures, whole_kronor
from ..render.filters import count, join_and, join_or, months, upperfirst
from ..spec.law import Law
from ..spec.model import Spec
from ..spec.procurement import (
    Address,
    AwardBasis,
    Criterion,
    EvaluationModel,
    ProcedureType,
    Procurement,
    ThresholdCategory,
)

NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
DIRECTIVE = "32014L0024"  # CELEX of directive 2014/24/EU, which LOU implements
SDK = "eforms-sdk-1.15"
LANGUAGE = "SWE"
COUNTRY = "SWE"
CURRENCY = "SEK"
BUYER, REVIEW = "ORG-0001", "ORG-0002"
ZONE = ZoneInfo("Europe/Stockholm")
# The notice is dated its day; the hour is when a notice is usually sent that day.
DISPATCH_TIME = time(8, 0)
# Only code lists' codes below (buyer-legal-type, main-activity, procurement-procedure-type, ...).
LOCAL_AUTHORITY, SOCIAL_PROTECTION = "la", "soc-pro"
PROCEDURE_CODES = {ProcedureType.open: "open", ProcedureType.restricted: "restricted",
                   ProcedureType.negotiated: "neg-w-call", ProcedureType.competitive_dialogue: "comp-dial",
                   ProcedureType.innovation_partnership: "innovation", ProcedureType.single_stage: "oth-single",
                   ProcedureType.multi_stage: "oth-mult"}


class NoticeType(NamedTuple):
    subtype: str  # the SDK's notice-types/<subtype>.json
    code: str  # its notice type (cn-social, can-standard, ...)


@dataclass(frozen=True)
class Regime:
    """The notices a procurement above the threshold takes: the light regime of social and other
    specific services (LOU 19 kap., directive 2014/24 art. 74–76) or the standard regime of other
    services and works."""

    contract: NoticeType
    award: NoticeType
    light: bool


LIGHT = Regime(NoticeType("20", "cn-social"), NoticeType("33", "can-social"), light=True)
STANDARD = Regime(NoticeType("16", "cn-standard"), NoticeType("29", "can-standard"), light=False)


def regime_of(procurement: Procurement) -> Regime:
    return LIGHT if procurement.category is ThresholdCategory.social_services else STANDARD


def reference(spec: Spec) -> str | None:
    """The procurement's reference, or the case's dnr."""
    return spec.procurement.reference or spec.case.dnr


def procedure_code(procurement: Procurement) -> str:
    """BT-105; a social-services spec that names no type has the authority's own one-stage procedure."""
    return PROCEDURE_CODES[procurement.procedure_type or ProcedureType.single_stage]


def document(name: str) -> etree._Element:
    """The root of a notice: `ContractNotice` or `ContractAwardNotice`, in its own namespace."""
    namespace = f"urn:oasis:names:specification:ubl:schema:xsd:{name}-2"
    return etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace, **NAMESPACES})


def eforms_extension(parent: etree._Element) -> etree._Element:
    """The eForms extension of an element (of the notice, or of one part of it): it comes first."""
    content = add(add(add(parent, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    return add(content, "efext:EformsExtension")


def subtype(extension: etree._Element, notice: NoticeType) -> etree._Element:
    """The notice's subtype, and the organisations that follow it."""
    add(add(extension, "efac:NoticeSubType"), "cbc:SubTypeCode", notice.subtype, listName="notice-subtype")
    return add(extension, "efac:Organizations")


def header(root: etree._Element, spec_id: str, kind: str, day: date, notice: NoticeType, list_name: str) -> None:
    """The notice's identity, from UBLVersionID to its language: the procedure's identifier is
    the same in every notice of one spec, which is how TED links an award to its contract notice."""
    for tag, text in (("UBLVersionID", "2.3"), ("CustomizationID", SDK)):
        add(root, f"cbc:{tag}", text)
    add(root, "cbc:ID", str(identifier(spec_id, kind)), schemeName="notice-id")
    add(root, "cbc:ContractFolderID", str(identifier(spec_id, "procedure")))
    add(root, "cbc:IssueDate", date_text(day))
    add(root, "cbc:IssueTime", time_text(day, DISPATCH_TIME))
    add(root, "cbc:VersionID", "01")
    add(root, "cbc:RegulatoryDomain", DIRECTIVE)
    add(root, "cbc:NoticeTypeCode", notice.code, listName=list_name)
    add(root, "cbc:NoticeLanguageCode", LANGUAGE)


def contracting_party(root: etree._Element, procurement: Procurement) -> None:
    party = add(root, "cac:ContractingParty")
    if procurement.authority.website:
        add(party, "cbc:BuyerProfileURI", procurement.authority.website)
    add(add(party, "cac:ContractingPartyType"), "cbc:PartyTypeCode", LOCAL_AUTHORITY, listName="buyer-legal-type")
    add(add(party, "cac:ContractingActivity"), "cbc:ActivityTypeCode", SOCIAL_PROTECTION,
        listName="authority-activity")
    party_reference(add(party, "cac:Party"), BUYER)


def procedure(root: etree._Element, procurement: Procurement, described: bool) -> etree._Element:
    """The procedure (BT-105), with the spec's own words (BT-1351) in the contract notice."""
    process = add(root, "cac:TenderingProcess")
    if described:
        add(process, "cbc:Description", procurement.procedure, languageID=LANGUAGE)
    add(process, "cbc:ProcedureCode", procedure_code(procurement), listName="procurement-procedure-type")
    return process


def funding(terms: etree._Element) -> None:
    """BT-60: tenderkit's specs are municipal procurements without EU funds (README, "The notice")."""
    add(terms, "cbc:FundingProgramCode", "no-eu-funds", listName="eu-funded")


def appeal(terms: etree._Element, law: Law, signed: bool) -> None:
    """Where and until when a supplier may ask for review (BT-99, OPT-301): the förvaltningsrätt,
    before the contract is signed (the contract notice), or of the signed contract's validity (the
    award notice)."""
    element = add(terms, "cac:AppealTerms")
    add(add(element, "cac:PresentationPeriod"), "cbc:Description", _validity_review(law) if signed else _review(law),
        languageID=LANGUAGE)
    party_reference(add(element, "cac:AppealReceiverParty"), REVIEW)


def gpa(process: etree._Element, procurement: Procurement, regime: Regime) -> None:
    """BT-115, which only the standard regime's notices state (subtype 20 has no such field)."""
    if not regime.light:
        add(process, "cbc:GovernmentAgreementConstraintIndicator", "true" if procurement.gpa else "false")


def contracting_systems(process: etree._Element, procurement: Procurement) -> None:
    """BT-767, BT-765, BT-766: no electronic auction or dynamic purchasing system; a contract, or a
    framework agreement with one supplier per lot, called off without a new competition."""
    add(add(process, "cac:AuctionTerms"), "cbc:AuctionConstraintIndicator", "false")
    framework = "fa-wo-rc" if procurement.contract.framework_agreement else "none"
    for list_name, code in (("framework-agreement", framework), ("dps-usage", "none")):
        add(add(process, "cac:ContractingSystem"), "cbc:ContractingSystemTypeCode", code, listName=list_name)


def awarding(terms: etree._Element, procurement: Procurement) -> None:
    """The award criteria (BT-539, BT-540, BT-541): the price, and the quality criteria with their
    weights or their price deductions described."""
    evaluation = procurement.evaluation
    criterion = add(add(terms, "cac:AwardingTerms"), "cac:AwardingCriterion")
    model = evaluation.model if evaluation.basis is AwardBasis.best_price_quality else None
    price_weight = evaluation.price_weight if model is EvaluationModel.weights else None
    if model is not EvaluationModel.weights:  # BT-543: how the criteria decide, where no weights say it
        add(criterion, "cbc:CalculationExpression", _METHOD[model] if model else _LOWEST_WINS[evaluation.basis],
            languageID=LANGUAGE)
    price = "cost" if evaluation.basis is AwardBasis.lowest_cost else "price"
    _criterion(criterion, price, None, _TENDERED if model else _LOWEST[evaluation.basis], price_weight)
    if model is None:
        return
    for quality in evaluation.criteria:
        weight = quality.weight if model is EvaluationModel.weights else None
        _criterion(criterion, "quality", quality.name, _quality_description(quality, model), weight)


def _criterion(parent: etree._Element, criterion_type: str, name: str | None, description: str,
               weight: int | None) -> None:
    criterion = add(parent, "cac:SubordinateAwardingCriterion")
    if weight is not None:
        parameter = add(eforms_extension(criterion), "efac:AwardCriterionParameter")
        add(parameter, "efbc:ParameterCode", "per-exa", listName="number-weight")
        add(parameter, "efbc:ParameterNumeric", str(weight))
    add(criterion, "cbc:AwardingCriterionTypeCode", criterion_type, listName="award-criterion-type")
    if name:
        add(criterion, "cbc:Name", name, languageID=LANGUAGE)
    add(criterion, "cbc:Description", description, languageID=LANGUAGE)


def organisations(parent: etree._Element, spec: Spec) -> None:
    """The buyer, with its contact, and the review body."""
    authority = spec.procurement.authority
    buyer = add(add(parent, "efac:Organization"), "efac:Company")
    if authority.website:
        add(buyer, "cbc:WebsiteURI", authority.website)
    company(buyer, BUYER, authority.name or spec.organisation.municipality, authority.address,
            authority.organisation_number)
    contact = add(buyer, "cac:Contact")
    add(contact, "cbc:Name", authority.contact.name)
    if authority.contact.phone:
        add(contact, "cbc:Telephone", authority.contact.phone)
    add(contact, "cbc:ElectronicMail", authority.contact.email)
    court = add(add(parent, "efac:Organization"), "efac:Company")
    company(court, REVIEW, authority.review_body.name, authority.review_body.address,
            authority.review_body.organisation_number)


def company(element: etree._Element, key: str, name: str, address: Address, organisation_number: str) -> None:
    """A Swedish organisation: its key in the notice, name, postal address and organisation number."""
    add(add(element, "cac:PartyIdentification"), "cbc:ID", key, schemeName="organization")
    add(add(element, "cac:PartyName"), "cbc:Name", name, languageID=LANGUAGE)
    postal = add(element, "cac:PostalAddress")
    add(postal, "cbc:StreetName", address.street)
    add(postal, "cbc:CityName", address.city)
    add(postal, "cbc:PostalZone", address.postal_code)
    add(postal, "cbc:CountrySubentityCode", address.nuts, listName="nuts")
    country(postal)
    add(add(element, "cac:PartyLegalEntity"), "cbc:CompanyID", organisation_number)


def whole(spec: Spec, spec_id: str, figures: ProcurementFigures) -> LotFigures:
    """The procurement's figures in the shape of a lot's: its values, start and ends."""
    return LotFigures(spec_id, spec.service.name, spec.service.components, figures.maximum_value,
                      spec.procurement.contract.start, figures.initial_end, figures.end)


def lots(spec: Spec, spec_id: str, figures: ProcurementFigures) -> list[tuple[str, LotFigures, tuple[str, ...]]]:
    """(the notice's lot key, the lot's figures, its CPV codes) of every lot: a procurement without
    lots is announced as its one lot, as eForms has every notice name at least one."""
    procurement = spec.procurement
    codes = {lot.id: lot.cpv for lot in procurement.lots}
    return [(f"LOT-{number:04d}", lot, codes.get(lot.id, procurement.cpv))
            for number, lot in enumerate(figures.lots or (whole(spec, spec_id, figures),), start=1)]


def _value(element: etree._Element, figures: LotFigures, framework: bool) -> None:
    """BT-27, the memo's value (the max volumes over the counted term, LOU 5 kap.), which for a
    framework agreement is also its ceiling (BT-271), the most that may be called off under it."""
    if figures.maximum_value is None:
        return
    maximum = str(whole_kronor(figures.maximum_value))
    total = add(element, "cac:RequestedTenderTotal")
    if framework:
        add(eforms_extension(total), "efbc:FrameworkMaximumAmount", maximum, currencyID=CURRENCY)
    add(total, "cbc:EstimatedOverallContractAmount", maximum, currencyID=CURRENCY)


def project(parent: etree._Element, key: str | None, name: str, description: str, cpv: tuple[str, ...],
            figures: LotFigures, procurement: Procurement, period: bool) -> None:
    """The procurement's or a lot's description: name, nature, value, CPV codes, place and, for a
    lot, its period and extensions."""
    element = add(parent, "cac:ProcurementProject")
    if key:
        add(element, "cbc:ID", key, schemeName="InternalID")
    add(element, "cbc:Name", name, languageID=LANGUAGE)
    add(element, "cbc:Description", description, languageID=LANGUAGE)
    nature = "works" if procurement.category is ThresholdCategory.works else "services"
    add(element, "cbc:ProcurementTypeCode", nature, listName="contract-nature")
    _value(element, figures, procurement.contract.framework_agreement)
    for index, code in enumerate(cpv):
        classification = "cac:MainCommodityClassification" if index == 0 else "cac:AdditionalCommodityClassification"
        add(add(element, classification), "cbc:ItemClassificationCode", code, listName="cpv")
    address = add(add(element, "cac:RealizedLocation"), "cac:Address")
    add(address, "cbc:CountrySubentityCode", procurement.authority.address.nuts, listName="nuts")
    country(address)
    if not period:
        return
    planned = add(element, "cac:PlannedPeriod")
    add(planned, "cbc:StartDate", date_text(figures.start))
    if figures.initial_end:
        add(planned, "cbc:EndDate", date_text(figures.initial_end))
    extensions = procurement.contract.extensions
    if extensions:
        extension = add(element, "cac:ContractExtension")
        add(extension, "cbc:MaximumNumberNumeric", str(len(extensions)))
        add(add(add(extension, "cac:Renewal"), "cac:Period"), "cbc:Description",
            _renewals(tuple(e.months for e in extensions), figures.end), languageID=LANGUAGE)


# --- the notice's own sentences (Swedish, as the notice is) ------------------------------------------

def _renewals(lengths: tuple[int, ...], end: date | None) -> str:
    """As the förfrågningsunderlag says it (wordml.contract_period_sentence)."""
    times = f"{count(len(lengths))} {'gång' if len(lengths) == 1 else 'gånger'}"
    each = (f"{months(lengths[0])} i taget" if len(lengths) > 1 and len(set(lengths)) == 1
            else join_and([months(length) for length in lengths]))
    until = f", till längst {end.isoformat()}" if end else ""
    return f"Avtalet kan förlängas {times}, med {each}{until}."


_LOWEST = {AwardBasis.lowest_price: "Lägsta pris.", AwardBasis.lowest_cost: "Lägsta kostnad."}
_TENDERED = "Anbudspriset: priserna i prisbilagan gånger de uppskattade volymerna."
_METHOD = {EvaluationModel.price_deductions: "För varje kvalitetskriterium ger den nivå som anbudet når ett prisavdrag i "
                                             "procent av anbudspriset. Anbudspriset minskat med prisavdragen är "
                                             "anbudets jämförelsepris, och det anbud som har lägst jämförelsepris "
                                             "antas."}
_LOWEST_WINS = {AwardBasis.lowest_price: "Det anbud som har lägst pris antas.",
                AwardBasis.lowest_cost: "Det anbud som har lägst kostnad antas."}


def _quality_description(criterion: Criterion, model: EvaluationModel) -> str:
    worths = [level.worth(model) for level in criterion.levels]
    levels = join_or(worths)
    scale = (f"Prisavdrag: {levels} procent av anbudspriset." if model is EvaluationModel.price_deductions
             else f"Poäng: {levels}.")
    return f"{criterion.description} {scale} Nivåerna beskrivs i upphandlingsdokumenten."


def _review(law: Law) -> str:
    return ("En ansökan om överprövning av upphandlingen ska ha kommit in till förvaltningsrätten innan avtal har "
            f"ingåtts. Avtal får ingås först när avtalsspärren har löpt ut: {count(law.standstill_days)} dagar räknat från "
            "dagen efter att underrättelsen om tilldelningsbeslutet skickats elektroniskt; slutar spärren på en "
            "lördag, söndag, helgdag, midsommarafton, julafton eller nyårsafton löper den ut nästa vardag "
            f"({law.standstill_source}).")


def _validity_review(law: Law) -> str:
    return ("Avtalet har ingåtts. En ansökan om överprövning av avtalets giltighet ska ha kommit in till "
            f"förvaltningsrätten inom {count(law.validity_review_days)} dagar från det att denna annons publicerats, och "
            f"annars inom {count(law.validity_review_months)} månader från det att avtalet slöts "
            f"({law.validity_review_source}).")


def title(spec: Spec) -> str:
    return upperfirst(spec.service.name)


def description(spec: Spec) -> str:
    lots = spec.procurement.lots
    return (f"Upphandling av {spec.service.name} för {spec.organisation.municipality}"
            + (f", i {count(len(lots), 'neuter')} delområden: "
               f"{join_and(f'({number}) {lot.name}' for number, lot in enumerate(lots, start=1))}."
               if len(lots) > 1 else "."))


def lot_description(lot: LotFigures) -> str:
    return f"Delområdet omfattar {join_and(c.name for c in lot.components)}."


# --- XML helpers ------------------------------------------------------------------------------------

def tag(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag(name), attributes)
    if text is not None:
        element.text = text
    return element


def party_reference(parent: etree._Element, key: str) -> None:
    add(add(parent, "cac:PartyIdentification"), "cbc:ID", key, schemeName="organization")


def country(parent: etree._Element) -> None:
    add(add(parent, "cac:Country"), "cbc:IdentificationCode", COUNTRY, listName="country")


def identifier(spec_id: str, kind: str) -> uuid.UUID:
    """The same notice and procedure identifiers on every run, so that two builds of one spec compare equal;
    shaped as the random (version 4) UUID the eForms rules ask for (BR-BT-00701-0052, BR-BT-00004-0052)."""
    return uuid.UUID(bytes=uuid.uuid5(uuid.NAMESPACE_URL, f"urn:tenderkit:{spec_id}:{kind}").bytes, version=4)


def _offset(day: date, at: time) -> str:
    offset = datetime.combine(day, at, ZONE).utcoffset()
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:{minutes:02d}"


def date_text(day: date) -> str:
    return day.isoformat() + _offset(day, time(12))


def time_text(day: date, at: time) -> str:
    return at.isoformat(timespec="seconds") + _offset(day, at)
