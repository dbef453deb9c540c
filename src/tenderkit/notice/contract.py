"""The contract notice as XML, from a checked spec: eForms subtype 20 (light regime, directive 2014/24)
for social and other specific services, 16 (standard regime) for other services and works.

Every figure is one the documents print: the values are derive.py's (the memo's), the dates the
spec's timetable and the terms' start and end those of the förfrågningsunderlag. The element order
is the UBL schema's; `schema.schema_errors` checks it before anything is written.
"""

from __future__ import annotations

from datetime import time

from lxml import etree

from ..derive import LotFigures
from ..render.filters import upperfirst
from ..spec.law import Law
from ..spec.model import Spec
from .ubl import (
    BUYER,
    LANGUAGE,
    Regime,
    add,
    appeal,
    awarding,
    contracting_party,
    contracting_systems,
    date_text,
    description,
    document,
    eforms_extension,
    funding,
    gpa,
    header,
    lot_description,
    lots,
    organisations,
    party_reference,
    procedure,
    project,
    reference,
    regime_of,
    subtype,
    time_text,
    title,
    whole,
)

DEADLINE_TIME = time(23, 59)  # the last day for questions ends at 23.59
# BT-71, BT-743, BT-764: no reserved execution; e-invoices required, as Swedish law requires them of
# every supplier to a public authority (lag (2018:1277) om elektroniska fakturor till följd av
# offentlig upphandling); no electronic catalogues.
EXECUTION = (("reserved-execution", "no"), ("einvoicing", "required"), ("ecatalog-submission", "not-allowed"))
# BT-92, BT-93: orders are not placed electronically through a system; payment is made electronically.
POST_AWARD = (("ElectronicOrderUsageIndicator", "false"), ("ElectronicPaymentUsageIndicator", "true"))


def contract_notice(checked) -> bytes:
    """The notice of a spec that `notice.problems` found complete."""
    spec, spec_id, figures = checked.spec, checked.valid.id, checked.figures.procurement
    procurement = spec.procurement
    regime = regime_of(procurement)
    root = document("ContractNotice")
    organisations(subtype(eforms_extension(root), regime.contract), spec)
    header(root, spec_id, "notice", procurement.timetable.publication, regime.contract, "competition")
    contracting_party(root, procurement)
    terms = add(root, "cac:TenderingTerms")
    requirement = add(add(terms, "cac:TendererQualificationRequest"), "cac:SpecificTendererRequirement")
    add(requirement, "cbc:TendererRequirementTypeCode", "epo-procurement-document",
        listName="exclusion-grounds-source")
    found = lots(spec, spec_id, figures)
    if len(found) > 1:  # a tender may be for any of the lots (the tender form's "Markera de delområden")
        add(add(terms, "cac:LotDistribution"), "cbc:MaximumLotsSubmittedNumeric", str(len(found)))
    process = procedure(root, procurement, described=True)
    if not regime.light:  # BT-106 of the open procedure, the one of this regime tenderkit announces: not shortened
        add(add(process, "cac:ProcessJustification"), "cbc:ProcessReasonCode", "false",
            listName="accelerated-procedure")
    project(root, reference(spec), title(spec), description(spec), procurement.cpv, whole(spec, spec_id, figures),
            procurement, period=False)
    for key, lot, cpv in found:
        _lot(root, key, spec, lot, cpv, regime, checked.law)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the parts ------------------------------------------------------------------------------------

def _lot(root: etree._Element, key: str, spec: Spec, lot: LotFigures, cpv: tuple[str, ...], regime: Regime,
         law: Law) -> None:
    procurement = spec.procurement
    timetable = procurement.timetable
    element = add(root, "cac:ProcurementProjectLot")
    add(element, "cbc:ID", key, schemeName="Lot")
    terms = add(element, "cac:TenderingTerms")
    funding(terms)
    documents = add(terms, "cac:CallForTendersDocumentReference")
    languages = add(eforms_extension(documents), "efac:OfficialLanguages")  # BT-708: in Swedish
    add(add(languages, "cac:Language"), "cbc:ID", LANGUAGE)
    add(documents, "cbc:ID", reference(spec) or spec.service.name)
    add(documents, "cbc:DocumentType", "non-restricted-document")
    add(add(add(documents, "cac:Attachment"), "cac:ExternalReference"), "cbc:URI", procurement.documents_url)
    for list_name, code in (("reserved-procurement", "none"), ("selection-criteria-source", "epo-procurement-document")):
        request = add(add(terms, "cac:TendererQualificationRequest"), "cac:SpecificTendererRequirement")
        add(request, "cbc:TendererRequirementTypeCode", code, listName=list_name)
    for list_name, code in EXECUTION:
        add(add(terms, "cac:ContractExecutionRequirement"), "cbc:ExecutionRequirementCode", code,
            listName=list_name)
    awarding(terms, procurement)
    recipient = add(terms, "cac:TenderRecipientParty")  # tenders go in through the procurement's page
    add(recipient, "cbc:EndpointID", procurement.documents_url)
    party_reference(recipient, BUYER)
    validity = add(terms, "cac:TenderValidityPeriod")
    add(validity, "cbc:DurationMeasure", str((timetable.tender_validity - timetable.tender_deadline).days),
        unitCode="DAY")
    appeal(terms, law, signed=False)
    add(add(terms, "cac:Language"), "cbc:ID", LANGUAGE)
    post_award = add(terms, "cac:PostAwardProcess")
    for name, used in POST_AWARD:
        add(post_award, f"cbc:{name}", used)
    process = add(element, "cac:TenderingProcess")
    add(process, "cbc:SubmissionMethodCode", "required", listName="esubmission")
    gpa(process, procurement, regime)
    deadline = add(process, "cac:TenderSubmissionDeadlinePeriod")
    add(deadline, "cbc:EndDate", date_text(timetable.tender_deadline))
    add(deadline, "cbc:EndTime", time_text(timetable.tender_deadline, _time_of_day(timetable.tender_deadline_time)))
    questions = add(process, "cac:AdditionalInformationRequestPeriod")
    add(questions, "cbc:EndDate", date_text(timetable.questions_deadline))
    add(questions, "cbc:EndTime", time_text(timetable.questions_deadline, DEADLINE_TIME))
    contracting_systems(process, procurement)
    project(element, lot.id, upperfirst(lot.name), lot_description(lot), cpv, lot, procurement, period=True)


def _time_of_day(text: str) -> time:
    hours, minutes = text.replace(".", ":").split(":")
    return time(int(hours), int(minutes))
