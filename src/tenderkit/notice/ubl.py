"""What every eForms notice tenderkit writes shares: the namespaces, the identifiers and dates, the
buyer and the review body, and the description of the procurement and its lots (the contract
notice and the contract award notice describe them alike, from the same spec and figures).

The element order is the UBL schema's; `schema.schema_errors` checks each notice before it is written.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lxml import etree

from ..derive import LotFigures, ProcurementFigures
from ..spec.model import Spec
from ..spec.procurement import Address, Procurement

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
# Only code lists' codes below (contract-nature, buyer-legal-type, main-activity, procedure type, ...).
LOCAL_AUTHORITY, SOCIAL_PROTECTION, SINGLE_STAGE = "la", "soc-pro", "oth-single"


def document(name: str) -> etree._Element:
    """The root of a notice: `ContractNotice` or `ContractAwardNotice`, in its own namespace."""
    namespace = f"urn:oasis:names:specification:ubl:schema:xsd:{name}-2"
    return etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace, **NAMESPACES})


def eforms_extension(root: etree._Element) -> etree._Element:
    content = add(add(add(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    return add(content, "efext:EformsExtension")


def subtype(extension: etree._Element, code: str) -> etree._Element:
    """The notice's subtype, and the organisations that follow it."""
    add(add(extension, "efac:NoticeSubType"), "cbc:SubTypeCode", code, listName="notice-subtype")
    return add(extension, "efac:Organizations")


def header(root: etree._Element, spec_id: str, kind: str, day: date, notice_type: str, list_name: str) -> None:
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
    add(root, "cbc:NoticeTypeCode", notice_type, listName=list_name)
    add(root, "cbc:NoticeLanguageCode", LANGUAGE)


def contracting_party(root: etree._Element, procurement: Procurement) -> None:
    party = add(root, "cac:ContractingParty")
    if procurement.authority.website:
        add(party, "cbc:BuyerProfileURI", procurement.authority.website)
    add(add(party, "cac:ContractingPartyType"), "cbc:PartyTypeCode", LOCAL_AUTHORITY, listName="buyer-legal-type")
    add(add(party, "cac:ContractingActivity"), "cbc:ActivityTypeCode", SOCIAL_PROTECTION,
        listName="authority-activity")
    party_reference(add(party, "cac:Party"), BUYER)


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


def lots(spec: Spec, spec_id: str, figures: ProcurementFigures) -> list[tuple[str, LotFigures, tuple[str, ...]]]:
    """(the notice's lot key, the lot's figures, its CPV codes) of every lot: a procurement without
    lots is announced as its one lot, as eForms has every notice name at least one."""
    procurement = spec.procurement
    whole = LotFigures(spec_id, spec.service.name, spec.service.components, figures.maximum_value,
                       procurement.contract.start, figures.initial_end, figures.end)
    codes = {lot.id: lot.cpv for lot in procurement.lots}
    return [(f"LOT-{number:04d}", lot, codes.get(lot.id, procurement.cpv))
            for number, lot in enumerate(figures.lots or (whole,), start=1)]


def project(parent: etree._Element, key: str | None, name: str, description: str, cpv: tuple[str, ...],
            value: int | None, procurement: Procurement, lot: LotFigures | None = None) -> None:
    """The procurement's or a lot's description: name, nature, value, CPV codes, place and, for a
    lot, its period and extensions."""
    element = add(parent, "cac:ProcurementProject")
    if key:
        add(element, "cbc:ID", key, schemeName="InternalID")
    add(element, "cbc:Name", name, languageID=LANGUAGE)
    add(element, "cbc:Description", description, languageID=LANGUAGE)
    add(element, "cbc:ProcurementTypeCode", "services", listName="contract-nature")
    if value is not None:
        add(add(element, "cac:RequestedTenderTotal"), "cbc:EstimatedOverallContractAmount", str(value),
            currencyID=CURRENCY)
    for index, code in enumerate(cpv):
        kind = "cac:MainCommodityClassification" if index == 0 else "cac:AdditionalCommodityClassification"
        add(add(element, kind), "cbc:ItemClassificationCode", code, listName="cpv")
    address = add(add(element, "cac:RealizedLocation"), "cac:Address")
    add(address, "cbc:CountrySubentityCode", procurement.authority.address.nuts, listName="nuts")
    country(address)
    if lot is None:
        return
    period = add(element, "cac:PlannedPeriod")
    add(period, "cbc:StartDate", date_text(lot.start))
    if lot.initial_end:
        add(period, "cbc:EndDate", date_text(lot.initial_end))
    extensions = procurement.contract.extensions
    if extensions:
        extension = add(element, "cac:ContractExtension")
        add(extension, "cbc:MaximumNumberNumeric", str(len(extensions)))
        add(add(add(extension, "cac:Renewal"), "cac:Period"), "cbc:Description",
            _renewals(tuple(e.months for e in extensions), lot.end), languageID=LANGUAGE)


# --- the notice's own sentences (Swedish, as the notice is) ------------------------------------------

def _renewals(months: tuple[int, ...], end: date | None) -> str:
    count = "en gång" if len(months) == 1 else f"{len(months)} gånger"
    until = f", till längst {end.isoformat()}" if end else ""
    return f"Avtalet kan förlängas {count}, med {listed([str(m) for m in months])} månader{until}."


def title(spec: Spec) -> str:
    return capitalised(spec.service.name)


def description(spec: Spec) -> str:
    lots = spec.procurement.lots
    return (f"Upphandling av {spec.service.name} för {spec.organisation.municipality}"
            + (f", i {len(lots)} delområden: {listed([lot.name for lot in lots])}." if len(lots) > 1 else "."))


def lot_description(lot: LotFigures) -> str:
    return f"Delområdet omfattar {listed([c.name for c in lot.components])}."


def listed(items: list[str], conjunction: str = "och") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


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
