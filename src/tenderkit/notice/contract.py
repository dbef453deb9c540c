"""The contract notice (eForms subtype 20: light regime, directive 2014/24) as XML, from a checked spec.

Every figure is one the documents print: the values are derive.py's (the memo's), the dates the
spec's timetable and the terms' start and end those of the förfrågningsunderlag. The element order
is the UBL schema's; `schema.schema_errors` checks it before anything is written.
"""

from __future__ import annotations

from datetime import time

from lxml import etree

from ..derive import LotFigures, ProcurementFigures, whole_kronor
from ..spec.model import Spec
from ..spec.procurement import AwardBasis, Criterion, EvaluationModel, Procurement
from .ubl import (
    LANGUAGE,
    REVIEW,
    SINGLE_STAGE,
    add,
    capitalised,
    contracting_party,
    date_text,
    description,
    document,
    eforms_extension,
    header,
    listed,
    lot_description,
    lots,
    organisations,
    party_reference,
    project,
    subtype,
    time_text,
    title,
)

SUBTYPE = "20"  # contract notice, light regime, directive 2014/24 (the SDK's notice-types/20.json)
DEADLINE_TIME = time(23, 59)  # the last day for questions ends at 23.59


def contract_notice(spec: Spec, spec_id: str, figures: ProcurementFigures) -> bytes:
    """The notice of a spec that `notice.problems` found complete."""
    procurement = spec.procurement
    root = document("ContractNotice")
    organisations(subtype(eforms_extension(root), SUBTYPE), spec)
    header(root, spec_id, "notice", procurement.timetable.publication, "cn-social", "competition")
    contracting_party(root, procurement)
    requirement = add(add(add(root, "cac:TenderingTerms"), "cac:TendererQualificationRequest"),
                      "cac:SpecificTendererRequirement")
    add(requirement, "cbc:TendererRequirementTypeCode", "epo-procurement-document",
        listName="exclusion-grounds-source")
    process = add(root, "cac:TenderingProcess")
    add(process, "cbc:Description", procurement.procedure, languageID=LANGUAGE)
    add(process, "cbc:ProcedureCode", SINGLE_STAGE, listName="procurement-procedure-type")
    project(root, procurement.reference or spec.case.dnr, title(spec), description(spec), procurement.cpv,
            figures.value, procurement)
    for key, lot, cpv in lots(spec, spec_id, figures):
        _lot(root, key, spec, lot, cpv)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the parts ------------------------------------------------------------------------------------

def _lot(root: etree._Element, key: str, spec: Spec, lot: LotFigures, cpv: tuple[str, ...]) -> None:
    procurement = spec.procurement
    timetable = procurement.timetable
    element = add(root, "cac:ProcurementProjectLot")
    add(element, "cbc:ID", key, schemeName="Lot")
    terms = add(element, "cac:TenderingTerms")
    reference = add(terms, "cac:CallForTendersDocumentReference")
    add(reference, "cbc:ID", procurement.reference or spec.case.dnr or spec.service.name)
    add(reference, "cbc:DocumentType", "non-restricted-document")
    add(add(add(reference, "cac:Attachment"), "cac:ExternalReference"), "cbc:URI", procurement.documents_url)
    for list_name, code in (("reserved-procurement", "none"), ("selection-criteria-source", "epo-procurement-document")):
        request = add(add(terms, "cac:TendererQualificationRequest"), "cac:SpecificTendererRequirement")
        add(request, "cbc:TendererRequirementTypeCode", code, listName=list_name)
    add(add(terms, "cac:ContractExecutionRequirement"), "cbc:ExecutionRequirementCode", "no",
        listName="reserved-execution")
    _awarding(add(terms, "cac:AwardingTerms"), procurement)
    validity = add(terms, "cac:TenderValidityPeriod")
    add(validity, "cbc:DurationMeasure", str((timetable.tender_validity - timetable.tender_deadline).days),
        unitCode="DAY")
    party_reference(add(add(terms, "cac:AppealTerms"), "cac:AppealReceiverParty"), REVIEW)
    add(add(terms, "cac:Language"), "cbc:ID", LANGUAGE)
    process = add(element, "cac:TenderingProcess")
    deadline = add(process, "cac:TenderSubmissionDeadlinePeriod")
    add(deadline, "cbc:EndDate", date_text(timetable.tender_deadline))
    add(deadline, "cbc:EndTime", time_text(timetable.tender_deadline, _time_of_day(timetable.tender_deadline_time)))
    questions = add(process, "cac:AdditionalInformationRequestPeriod")
    add(questions, "cbc:EndDate", date_text(timetable.questions_deadline))
    add(questions, "cbc:EndTime", time_text(timetable.questions_deadline, DEADLINE_TIME))
    value = whole_kronor(lot.maximum_value) if lot.maximum_value is not None else None
    project(element, lot.id, capitalised(lot.name), lot_description(lot), cpv, value, procurement, lot)


def _awarding(terms: etree._Element, procurement: Procurement) -> None:
    evaluation = procurement.evaluation
    criterion = add(terms, "cac:AwardingCriterion")
    model = evaluation.model if evaluation.basis is AwardBasis.best_price_quality else None
    price_weight = evaluation.price_weight if model is EvaluationModel.weights else None
    _criterion(criterion, "price", None, _PRICE.get(model, _LOWEST[evaluation.basis]), price_weight)
    if model is None:
        return
    for quality in evaluation.criteria:
        weight = quality.weight if model is EvaluationModel.weights else None
        _criterion(criterion, "quality", quality.name, _quality_description(quality, model), weight)


def _criterion(parent: etree._Element, kind: str, name: str | None, description: str, weight: int | None) -> None:
    criterion = add(parent, "cac:SubordinateAwardingCriterion")
    if weight is not None:
        content = add(add(add(criterion, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
        parameter = add(add(content, "efext:EformsExtension"), "efac:AwardCriterionParameter")
        add(parameter, "efbc:ParameterCode", "per-exa", listName="number-weight")
        add(parameter, "efbc:ParameterNumeric", str(weight))
    add(criterion, "cbc:AwardingCriterionTypeCode", kind, listName="award-criterion-type")
    if name:
        add(criterion, "cbc:Name", name, languageID=LANGUAGE)
    add(criterion, "cbc:Description", description, languageID=LANGUAGE)


# --- the notice's own sentences (Swedish, as the notice is) ------------------------------------------

_LOWEST = {AwardBasis.lowest_price: "Lägsta pris.", AwardBasis.lowest_cost: "Lägsta kostnad.",
           AwardBasis.best_price_quality: "Pris."}
_PRICE = {EvaluationModel.price_deductions: "Anbudspriset minskat med prisavdragen för kvalitet ger jämförelsepriset; "
                                            "lägst jämförelsepris vinner.",
          EvaluationModel.weights: "Pris."}


def _quality_description(criterion: Criterion, model: EvaluationModel) -> str:
    worths = [level.worth(model) for level in criterion.levels]
    levels = listed([str(worth) for worth in worths], "eller")
    scale = (f"Prisavdrag: {levels} procent av anbudspriset." if model is EvaluationModel.price_deductions
             else f"Poäng: {levels}.")
    return f"{criterion.description} {scale}"


def _time_of_day(text: str) -> time:
    hours, minutes = text.replace(".", ":").split(":")
    return time(int(hours), int(minutes))
