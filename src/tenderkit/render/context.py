"""What a template sees: the spec's fields, the derived figures, and the prose with its cited
figures already written out in Swedish (`text.matter`, `text.financing`, …).

Templates never see raw prose with `{…}` references, so no template has to know the reference
syntax, and nothing in the spec is ever evaluated as a template.

`Context` declares this vocabulary as a type, so `tenderkit check-templates` can tell a template
that uses a field no spec has from one that uses a field this spec leaves empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypedDict

from ..derive import Figures
from ..spec.law import Law
from ..spec.library import Requirement
from ..spec.model import Component, Prose, Spec
from ..spec.procurement import Criterion, EvaluationModel, RequirementKind
from ..spec.references import interpolate
from .filters import cite

PROSE_SECTIONS = tuple(Prose.model_fields)


class RequirementText(TypedDict):
    id: str
    title: str
    text: str
    points: list[str]
    mandatory: bool
    verification: str | None
    law: str | None
    lots: list[str]
    criterion: str | None  # the criterion that evaluates a bör-krav
    attachment: str | None  # the annex (a document kind's name) the requirement is answered with


class DocumentInfo(TypedDict):
    """A document of the tender package as the others refer to it: the list of annexes, headers."""

    name: str
    title: str
    annex: int | None  # its number among the förfrågningsunderlag's annexes; None for the main document
    file: str
    form: bool  # a form the tenderer fills in and hands in


class LevelText(TypedDict):
    worth: int  # the deduction in percent, or the score, as the evaluation model counts it
    earned_by: str


class CriterionText(TypedDict):
    name: str
    requirement: str | None
    weight: int | None
    description: str
    levels: list[LevelText]


class PriceLot(TypedDict):
    name: str | None
    components: Sequence[Component]


# Keys that come from the model (prose sections, requirement kinds, spec fields) are computed from it.
Texts = TypedDict("Texts", {  # noqa: UP013 - keys are computed
    **{name: list[str] for name in PROSE_SECTIONS}, "decisions": list[str], "financing": str | None,
    "procedure": str | None, "invoicing": str, "submission": str | None, "method": str | None, "sanctions": list[str],
    "insurance": str | None, "price_notes": list[str], "criteria": list[CriterionText],
    "personal_data_purpose": str | None, "application": str | None, "no_choice": str | None,
    "fee_collection": str | None, "reimbursement_adjustment": str | None}, total=False)
RequirementsByKind = TypedDict("RequirementsByKind",  # noqa: UP013 - keys are computed
                               {kind.value: list[RequirementText] for kind in RequirementKind}, total=False)
SPEC_FIELDS = {name: field.annotation for name, field in Spec.model_fields.items() if name != "prose"}
Context = TypedDict("Context", {  # noqa: UP013 - keys are computed
    **SPEC_FIELDS, "figures": Figures, "text": Texts, "law": Law | None, "requirements": RequirementsByKind,
    "price_lots": list[PriceLot], "authority": str, "reference": str | None, "document": DocumentInfo,
    "annexes": list[DocumentInfo]})


class AgendaMeeting(TypedDict):
    date: date | None
    time: str | None  # "13.15"
    place: str | None
    board: str
    administration: str
    municipality: str


class AgendaCase(TypedDict):
    number: int
    title: str
    dnr: str | None
    proposals: list[str]
    documents: list[str]


class AgendaContext(TypedDict):
    """What the agenda (föredragningslista) of a board-meeting package sees."""

    meeting: AgendaMeeting
    draft: bool
    cases: list[AgendaCase]


def build_context(spec: Spec, figures: Figures, requirements: Sequence[Requirement] = (),
                  law: Law | None = None, annexes: Sequence[DocumentInfo] = ()) -> dict[str, Any]:
    """What every document of the spec is given; the caller adds `document`, the one being made."""
    def written(paragraph: str) -> str:
        return interpolate(paragraph, spec, cite)

    text: dict[str, Any] = {name: [written(p) for p in getattr(spec.prose, name)] for name in PROSE_SECTIONS}
    text["decisions"] = [written(p) for p in spec.proposal.decisions]
    text["financing"] = written(spec.proposal.financing) if spec.proposal.financing else None
    fields = {name: getattr(spec, name) for name in SPEC_FIELDS}
    procurement = spec.procurement
    context = {**fields, "figures": figures, "text": text, "law": law, "requirements": {}, "price_lots": [],
               "annexes": list(annexes), "reference": (procurement and procurement.reference) or spec.case.dnr,
               "authority": (procurement and procurement.authority.name) or spec.organisation.municipality}
    if procurement:
        terms, evaluation, lov = procurement.terms, procurement.evaluation, procurement.lov
        optional = {"procedure": procurement.procedure, "submission": procurement.submission,
                    "method": evaluation and evaluation.method, "insurance": terms.insurance,
                    "personal_data_purpose": terms.personal_data and terms.personal_data.purpose,
                    "application": lov and lov.application, "no_choice": lov and lov.no_choice,
                    "fee_collection": lov and lov.fee and lov.fee.collection,
                    "reimbursement_adjustment": lov and lov.reimbursement.adjustment}
        text.update({name: written(value) if value else None for name, value in optional.items()})
        text.update(
            invoicing=written(terms.invoicing), sanctions=[written(p) for p in terms.sanctions],
            price_notes=[written(p) for p in procurement.price_form.notes],
            criteria=[_criterion(c, evaluation.model, written) for c in evaluation.criteria] if evaluation else [])
        lot_names = {lot.id: lot.name for lot in procurement.lots}
        criteria = {c.requirement: c.name for c in evaluation.criteria if c.requirement} if evaluation else {}
        context["requirements"] = {kind.value: [_requirement(r, written, lot_names, criteria) for r in requirements
                                                if r.kind is kind] for kind in RequirementKind}
        figures_lots = figures.procurement.lots if figures.procurement else ()
        context["price_lots"] = [{"name": lot.name, "components": lot.components} for lot in figures_lots] or \
            [{"name": None, "components": spec.service.components}]
    return context


def _criterion(criterion: Criterion, model: EvaluationModel | None, written) -> CriterionText:
    """A criterion as the tender documents explain it: what it assesses and each level's worth,
    lowest first."""
    levels = sorted(criterion.levels, key=lambda level: level.worth(model) or 0) if model else ()
    return {"name": criterion.name, "requirement": criterion.requirement, "weight": criterion.weight,
            "description": written(criterion.description),
            "levels": [{"worth": level.worth(model), "earned_by": written(level.earned_by)} for level in levels]}


def _requirement(requirement: Requirement, written, lot_names: dict[str, str],
                 criteria: dict[str, str]) -> RequirementText:
    return {"id": requirement.id, "title": requirement.title, "text": written(requirement.text),
            "points": [written(item) for item in requirement.items], "mandatory": requirement.mandatory,
            "verification": written(requirement.verification) if requirement.verification else None,
            "law": requirement.law, "lots": [lot_names.get(lot, lot) for lot in requirement.lots],
            "criterion": criteria.get(requirement.id), "attachment": requirement.attachment}


def core_properties(spec: Spec, kind: str, title: str) -> dict[str, str]:
    """Title, subject and the like for the Word file's properties (shown by Word and archives).
    Word allows at most 255 characters in each."""
    properties = {
        "title": title,
        "subject": spec.service.name,
        "author": ", ".join(spec.case.officers) or spec.organisation.administration,
        "category": kind,
        # LibreOffice (and so every PDF) splits keywords at spaces too: a keyword of several words
        # holds together with no-break spaces.
        "keywords": "; ".join(term.replace(" ", "\u00a0") for term in (kind, spec.service.name, "upphandling")),
        "identifier": spec.case.dnr or "",
        "language": "sv-SE",
        "comments": f"{spec.organisation.administration}, {spec.organisation.municipality}",
        "content_status": "Slutlig" if spec.case.final else "UTKAST",
    }
    return {name: _fit(value) for name, value in properties.items()}


def _fit(value: str, limit: int = 255) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"
