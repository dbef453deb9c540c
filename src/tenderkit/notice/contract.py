"""The contract notice (eForms subtype 20: light regime, directive 2014/24) as XML, from a checked spec.

Every figure is one the documents print: the values are derive.py's (the memo's), the dates the
spec's timetable and the terms' start and end those of the förfrågningsunderlag. The element order
is the UBL schema's; `schema.schema_errors` checks it before anything is written.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lxml import etree

from ..derive import LotFigures, ProcurementFigures, whole_kronor
from ..spec.model import Spec
from ..spec.procurement import Address, AwardBasis, Criterion, EvaluationModel, Procurement

NAMESPACES = {
    None: "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
SUBTYPE = "20"  # contract notice, light regime, directive 2014/24 (the SDK's notice-types/20.json)
DIRECTIVE = "32014L0024"  # CELEX of directive 2014/24/EU, which LOU implements
SDK = "eforms-sdk-1.15"
LANGUAGE = "SWE"
COUNTRY = "SWE"
CURRENCY = "SEK"
BUYER, REVIEW = "ORG-0001", "ORG-0002"
ZONE = ZoneInfo("Europe/Stockholm")
DEADLINE_TIME = time(23, 59)  # the last day for questions ends at 23.59
# The notice is dated its publication day; the hour is when a notice is usually sent that day.
DISPATCH_TIME = time(8, 0)
# Only code lists' codes below (contract-nature, buyer-legal-type, main-activity, procedure type, ...).
LOCAL_AUTHORITY, SOCIAL_PROTECTION, SINGLE_STAGE = "la", "soc-pro", "oth-single"


def contract_notice(spec: Spec, spec_id: str, figures: ProcurementFigures) -> bytes:
    """The notice of a spec that `notice.problems` found complete."""
    procurement = spec.procurement
    root = etree.Element(_tag("ContractNotice"), nsmap=NAMESPACES)
    _organisations(_extension(root), spec)
    for tag, text in (("UBLVersionID", "2.3"), ("CustomizationID", SDK)):
        _add(root, f"cbc:{tag}", text)
    _add(root, "cbc:ID", str(_identifier(spec_id, "notice")), schemeName="notice-id")
    _add(root, "cbc:ContractFolderID", str(_identifier(spec_id, "procedure")))
    _add(root, "cbc:IssueDate", _date(procurement.timetable.publication))
    _add(root, "cbc:IssueTime", _time(procurement.timetable.publication, DISPATCH_TIME))
    _add(root, "cbc:VersionID", "01")
    _add(root, "cbc:RegulatoryDomain", DIRECTIVE)
    _add(root, "cbc:NoticeTypeCode", "cn-social", listName="competition")
    _add(root, "cbc:NoticeLanguageCode", LANGUAGE)
    party = _add(root, "cac:ContractingParty")
    if procurement.authority.website:
        _add(party, "cbc:BuyerProfileURI", procurement.authority.website)
    _add(_add(party, "cac:ContractingPartyType"), "cbc:PartyTypeCode", LOCAL_AUTHORITY, listName="buyer-legal-type")
    _add(_add(party, "cac:ContractingActivity"), "cbc:ActivityTypeCode", SOCIAL_PROTECTION,
         listName="authority-activity")
    _party_reference(_add(party, "cac:Party"), BUYER)
    requirement = _add(_add(_add(root, "cac:TenderingTerms"), "cac:TendererQualificationRequest"),
                       "cac:SpecificTendererRequirement")
    _add(requirement, "cbc:TendererRequirementTypeCode", "epo-procurement-document",
         listName="exclusion-grounds-source")
    process = _add(root, "cac:TenderingProcess")
    _add(process, "cbc:Description", procurement.procedure, languageID=LANGUAGE)
    _add(process, "cbc:ProcedureCode", SINGLE_STAGE, listName="procurement-procedure-type")
    _project(root, procurement.reference or spec.case.dnr, _title(spec), _description(spec), procurement.cpv,
             figures.value, procurement)
    # a procurement without lots is announced as its one lot, as eForms has every notice name at least one
    whole = LotFigures(spec_id, spec.service.name, spec.service.components, figures.maximum_value,
                       procurement.contract.start, figures.initial_end, figures.end)
    codes = {lot.id: lot.cpv for lot in procurement.lots}
    for number, lot in enumerate(figures.lots or (whole,), start=1):
        _lot(root, number, spec, lot, codes.get(lot.id, procurement.cpv))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the parts ------------------------------------------------------------------------------------

def _extension(root: etree._Element) -> etree._Element:
    content = _add(_add(_add(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    extension = _add(content, "efext:EformsExtension")
    _add(_add(extension, "efac:NoticeSubType"), "cbc:SubTypeCode", SUBTYPE, listName="notice-subtype")
    return _add(extension, "efac:Organizations")


def _organisations(organisations: etree._Element, spec: Spec) -> None:
    authority = spec.procurement.authority
    address = authority.address
    buyer = _add(_add(organisations, "efac:Organization"), "efac:Company")
    if authority.website:
        _add(buyer, "cbc:WebsiteURI", authority.website)
    _add(_add(buyer, "cac:PartyIdentification"), "cbc:ID", BUYER, schemeName="organization")
    _add(_add(buyer, "cac:PartyName"), "cbc:Name", authority.name or spec.organisation.municipality,
         languageID=LANGUAGE)
    _postal(buyer, address)
    _add(_add(buyer, "cac:PartyLegalEntity"), "cbc:CompanyID", authority.organisation_number)
    contact = _add(buyer, "cac:Contact")
    _add(contact, "cbc:Name", authority.contact.name)
    if authority.contact.phone:
        _add(contact, "cbc:Telephone", authority.contact.phone)
    _add(contact, "cbc:ElectronicMail", authority.contact.email)
    court = _add(_add(organisations, "efac:Organization"), "efac:Company")
    _add(_add(court, "cac:PartyIdentification"), "cbc:ID", REVIEW, schemeName="organization")
    _add(_add(court, "cac:PartyName"), "cbc:Name", authority.review_body.name, languageID=LANGUAGE)
    _postal(court, authority.review_body.address)
    _add(_add(court, "cac:PartyLegalEntity"), "cbc:CompanyID", authority.review_body.organisation_number)


def _postal(company: etree._Element, address: Address) -> None:
    postal = _add(company, "cac:PostalAddress")
    _add(postal, "cbc:StreetName", address.street)
    _add(postal, "cbc:CityName", address.city)
    _add(postal, "cbc:PostalZone", address.postal_code)
    _add(postal, "cbc:CountrySubentityCode", address.nuts, listName="nuts")
    _country(postal)


def _project(parent: etree._Element, identifier: str | None, name: str, description: str, cpv: tuple[str, ...],
             value: int | None, procurement: Procurement, lot: LotFigures | None = None) -> None:
    project = _add(parent, "cac:ProcurementProject")
    if identifier:
        _add(project, "cbc:ID", identifier, schemeName="InternalID")
    _add(project, "cbc:Name", name, languageID=LANGUAGE)
    _add(project, "cbc:Description", description, languageID=LANGUAGE)
    _add(project, "cbc:ProcurementTypeCode", "services", listName="contract-nature")
    if value is not None:
        _add(_add(project, "cac:RequestedTenderTotal"), "cbc:EstimatedOverallContractAmount", str(value),
             currencyID=CURRENCY)
    for index, code in enumerate(cpv):
        kind = "cac:MainCommodityClassification" if index == 0 else "cac:AdditionalCommodityClassification"
        _add(_add(project, kind), "cbc:ItemClassificationCode", code, listName="cpv")
    address = _add(_add(project, "cac:RealizedLocation"), "cac:Address")
    _add(address, "cbc:CountrySubentityCode", procurement.authority.address.nuts, listName="nuts")
    _country(address)
    if lot is None:
        return
    period = _add(project, "cac:PlannedPeriod")
    _add(period, "cbc:StartDate", _date(lot.start))
    if lot.initial_end:
        _add(period, "cbc:EndDate", _date(lot.initial_end))
    extensions = procurement.contract.extensions
    if extensions:
        extension = _add(project, "cac:ContractExtension")
        _add(extension, "cbc:MaximumNumberNumeric", str(len(extensions)))
        _add(_add(_add(extension, "cac:Renewal"), "cac:Period"), "cbc:Description",
             _renewals(tuple(e.months for e in extensions), lot.end), languageID=LANGUAGE)


def _lot(root: etree._Element, number: int, spec: Spec, lot: LotFigures, cpv: tuple[str, ...]) -> None:
    procurement = spec.procurement
    timetable = procurement.timetable
    element = _add(root, "cac:ProcurementProjectLot")
    _add(element, "cbc:ID", f"LOT-{number:04d}", schemeName="Lot")
    terms = _add(element, "cac:TenderingTerms")
    reference = _add(terms, "cac:CallForTendersDocumentReference")
    _add(reference, "cbc:ID", procurement.reference or spec.case.dnr or spec.service.name)
    _add(reference, "cbc:DocumentType", "non-restricted-document")
    _add(_add(_add(reference, "cac:Attachment"), "cac:ExternalReference"), "cbc:URI", procurement.documents_url)
    for list_name, code in (("reserved-procurement", "none"), ("selection-criteria-source", "epo-procurement-document")):
        request = _add(_add(terms, "cac:TendererQualificationRequest"), "cac:SpecificTendererRequirement")
        _add(request, "cbc:TendererRequirementTypeCode", code, listName=list_name)
    _add(_add(terms, "cac:ContractExecutionRequirement"), "cbc:ExecutionRequirementCode", "no",
         listName="reserved-execution")
    _awarding(_add(terms, "cac:AwardingTerms"), procurement)
    validity = _add(terms, "cac:TenderValidityPeriod")
    _add(validity, "cbc:DurationMeasure", str((timetable.tender_validity - timetable.tender_deadline).days),
         unitCode="DAY")
    _party_reference(_add(_add(terms, "cac:AppealTerms"), "cac:AppealReceiverParty"), REVIEW)
    _add(_add(terms, "cac:Language"), "cbc:ID", LANGUAGE)
    process = _add(element, "cac:TenderingProcess")
    deadline = _add(process, "cac:TenderSubmissionDeadlinePeriod")
    _add(deadline, "cbc:EndDate", _date(timetable.tender_deadline))
    _add(deadline, "cbc:EndTime", _time(timetable.tender_deadline, _time_of_day(timetable.tender_deadline_time)))
    questions = _add(process, "cac:AdditionalInformationRequestPeriod")
    _add(questions, "cbc:EndDate", _date(timetable.questions_deadline))
    _add(questions, "cbc:EndTime", _time(timetable.questions_deadline, DEADLINE_TIME))
    value = whole_kronor(lot.maximum_value) if lot.maximum_value is not None else None
    _project(element, lot.id, _capitalised(lot.name), _lot_description(lot), cpv, value, procurement, lot)


def _awarding(terms: etree._Element, procurement: Procurement) -> None:
    evaluation = procurement.evaluation
    criterion = _add(terms, "cac:AwardingCriterion")
    model = evaluation.model if evaluation.basis is AwardBasis.best_price_quality else None
    price_weight = evaluation.price_weight if model is EvaluationModel.weights else None
    _criterion(criterion, "price", None, _PRICE.get(model, _LOWEST[evaluation.basis]), price_weight)
    if model is None:
        return
    for quality in evaluation.criteria:
        weight = quality.weight if model is EvaluationModel.weights else None
        _criterion(criterion, "quality", quality.name, _quality_description(quality, model), weight)


def _criterion(parent: etree._Element, kind: str, name: str | None, description: str, weight: int | None) -> None:
    criterion = _add(parent, "cac:SubordinateAwardingCriterion")
    if weight is not None:
        content = _add(_add(_add(criterion, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
        parameter = _add(_add(content, "efext:EformsExtension"), "efac:AwardCriterionParameter")
        _add(parameter, "efbc:ParameterCode", "per-exa", listName="number-weight")
        _add(parameter, "efbc:ParameterNumeric", str(weight))
    _add(criterion, "cbc:AwardingCriterionTypeCode", kind, listName="award-criterion-type")
    if name:
        _add(criterion, "cbc:Name", name, languageID=LANGUAGE)
    _add(criterion, "cbc:Description", description, languageID=LANGUAGE)


# --- the notice's own sentences (Swedish, as the notice is) ------------------------------------------

_LOWEST = {AwardBasis.lowest_price: "Lägsta pris.", AwardBasis.lowest_cost: "Lägsta kostnad.",
           AwardBasis.best_price_quality: "Pris."}
_PRICE = {EvaluationModel.price_deductions: "Anbudspriset minskat med prisavdragen för kvalitet ger jämförelsepriset; "
                                            "lägst jämförelsepris vinner.",
          EvaluationModel.weights: "Pris."}


def _quality_description(criterion: Criterion, model: EvaluationModel) -> str:
    worths = [level.worth(model) for level in criterion.levels]
    listed = _listed([str(worth) for worth in worths], "eller")
    scale = (f"Prisavdrag: {listed} procent av anbudspriset." if model is EvaluationModel.price_deductions
             else f"Poäng: {listed}.")
    return f"{criterion.description} {scale}"


def _renewals(months: tuple[int, ...], end: date | None) -> str:
    count = "en gång" if len(months) == 1 else f"{len(months)} gånger"
    until = f", till längst {end.isoformat()}" if end else ""
    return f"Avtalet kan förlängas {count}, med {_listed([str(m) for m in months])} månader{until}."


def _title(spec: Spec) -> str:
    return _capitalised(spec.service.name)


def _description(spec: Spec) -> str:
    lots = spec.procurement.lots
    return (f"Upphandling av {spec.service.name} för {spec.organisation.municipality}"
            + (f", i {len(lots)} delområden: {_listed([lot.name for lot in lots])}." if len(lots) > 1 else "."))


def _lot_description(lot: LotFigures) -> str:
    return f"Delområdet omfattar {_listed([c.name for c in lot.components])}."


def _listed(items: list[str], conjunction: str = "och") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


# --- XML helpers ------------------------------------------------------------------------------------

def _tag(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{NAMESPACES[prefix or None]}}}{local}"


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _tag(name), attributes)
    if text is not None:
        element.text = text
    return element


def _party_reference(parent: etree._Element, identifier: str) -> None:
    _add(_add(parent, "cac:PartyIdentification"), "cbc:ID", identifier, schemeName="organization")


def _country(parent: etree._Element) -> None:
    _add(_add(parent, "cac:Country"), "cbc:IdentificationCode", COUNTRY, listName="country")


def _identifier(spec_id: str, kind: str) -> uuid.UUID:
    """The same notice and procedure identifiers on every run, so that two builds of one spec compare equal;
    shaped as the random (version 4) UUID the eForms rules ask for (BR-BT-00701-0052, BR-BT-00004-0052)."""
    return uuid.UUID(bytes=uuid.uuid5(uuid.NAMESPACE_URL, f"urn:tenderkit:{spec_id}:{kind}").bytes, version=4)


def _offset(day: date, at: time) -> str:
    offset = datetime.combine(day, at, ZONE).utcoffset()
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:{minutes:02d}"


def _date(day: date) -> str:
    return day.isoformat() + _offset(day, time(12))


def _time(day: date, at: time) -> str:
    return at.isoformat(timespec="seconds") + _offset(day, at)


def _time_of_day(text: str) -> time:
    hours, minutes = text.replace(".", ":").split(":")
    return time(int(hours), int(minutes))
