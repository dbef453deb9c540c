"""The one registry of document kinds: every document tenderkit writes, when a spec needs it,
what it is rendered from, what it must contain, and the files it is written as.

`build`, `package`, `redline --doc`, `check-templates`, `init` and the diff read this registry and
nothing else, so adding a kind is one entry here, a template, and its tests. A kind of scope
"spec" belongs to one spec (the memo, the tender package); the agenda belongs to a board meeting
and is rendered by the package through the same render → guard → check path; the kinds of scope
"award" belong to a spec plus its evaluated tenders and are made by `tenderkit evaluate --documents`
(award.py), also through that path.

The annexes of the förfrågningsunderlag are numbered in registry order among the kinds a spec
needs, so the list of annexes, each annex's header and the package can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .build import CheckedSpec
    from .spec.model import Spec

REFERENCE_FORM = "referensformular"


@dataclass(frozen=True)
class DocumentKind:
    name: str  # the file stem in output/<spec-id>/, and the name `redline --doc` takes
    title: str  # what the document is called in messages, lists of annexes and properties
    template: str | None  # the .docx template; None for a document written by code (`written_by`)
    applies: Callable[[CheckedSpec], bool]  # whether a spec needs this document
    formats: tuple[str, ...] = ("docx", "md")  # the files written: the Word file and its Markdown twin
    context: Literal["Context", "AgendaContext", "AwardContext"] = "Context"  # the vocabulary of render.context it is given
    required_sections: tuple[str, ...] = ()  # headings (by their start) that must be there with content
    annex: bool = False  # a numbered annex of the förfrågningsunderlag
    form: bool = False  # an annex the tenderer fills in and hands in with the tender
    scope: Literal["spec", "meeting", "award"] = "spec"
    dated: Callable[[Spec], date] = lambda spec: _published(spec)  # zip entries, properties
    titled: Callable[[Spec], str] | None = None  # the title in the file's properties; default: title – service
    written_by: Callable[[CheckedSpec, dict, date], bytes] | None = None  # the file of a kind without a template

    def files(self) -> tuple[str, ...]:
        return tuple(f"{self.name}.{suffix}" for suffix in self.formats)

    def full_title(self, spec: Spec) -> str:
        return self.titled(spec) if self.titled else f"{self.title} – {spec.service.name}"


def _procurement(checked: CheckedSpec) -> bool:
    return checked.spec.procurement is not None


def _lou(checked: CheckedSpec) -> bool:
    """A procurement in competition under LOU: tenders, prices, evaluation and award."""
    return _procurement(checked) and checked.spec.procurement.lov is None


def _lov(checked: CheckedSpec) -> bool:
    """A valfrihetssystem under LOV: applications, a set ersättning, no competition."""
    return _procurement(checked) and checked.spec.procurement.lov is not None


def _published(spec: Spec) -> date:
    """The day the tender documents are published: the notice, or the day a valfrihetssystem opens."""
    procurement = spec.procurement
    return procurement.lov.opens if procurement.lov else procurement.timetable.publication


def _references_asked(checked: CheckedSpec) -> bool:
    return _lou(checked) and any(r.attachment == REFERENCE_FORM for r in checked.requirements)


def _personal_data(checked: CheckedSpec) -> bool:
    return _procurement(checked) and checked.spec.procurement.terms.personal_data is not None


def _board_decides(checked: CheckedSpec) -> bool:
    """The award is the board's (not a delegate's): it decides on a memo."""
    from .spec.procurement import DecisionMaker

    return _lou(checked) and checked.spec.procurement.award.decided_by is DecisionMaker.board


def _price_workbook(checked: CheckedSpec, context: dict, when: date) -> bytes:
    """The prisbilaga, headed like every annex: its number, title, the service and the reference."""
    from .render.workbook import price_workbook

    document = context["document"]
    title = ", ".join(filter(None, [f"Bilaga {document['annex']} – {document['title']}", checked.spec.service.name,
                                    context["reference"]]))
    return price_workbook(checked.spec, checked.figures, title, when)


MEMO = DocumentKind(
    "tjansteskrivelse", "Tjänsteskrivelse", "tjansteskrivelse.docx", applies=lambda checked: True,
    required_sections=("Förslag till", "Ärende", "Beslutsunderlag", "Ekonomiska konsekvenser",
                       "Information eller förhandling enligt lag (1976:580)"),
    dated=lambda spec: spec.case.date, titled=lambda spec: spec.case.title)
TENDER = DocumentKind(
    "forfragningsunderlag", "Förfrågningsunderlag", "forfragningsunderlag.docx", applies=_lou,
    required_sections=("Allmän orientering", "Upphandlingsföreskrifter", "Kvalificering", "Uppdragsbeskrivning",
                       "Utvärdering", "Avtalsvillkor", "Pris", "Bilagor"))
LOV_TENDER = DocumentKind(
    "forfragningsunderlag-lov", "Förfrågningsunderlag för valfrihetssystem", "forfragningsunderlag-lov.docx",
    applies=_lov, required_sections=("Allmän orientering", "Ersättning", "Ansökan och godkännande", "Krav på utföraren",
                                     "Uppdragsbeskrivning", "Kontraktsvillkor", "Bilagor"))
TENDER_FORM = DocumentKind("anbudsformular", "Anbudsformulär", "anbudsformular.docx", applies=_lou,
                           annex=True, form=True)
APPLICATION_FORM = DocumentKind("ansokningsformular", "Ansökningsformulär", "ansokningsformular.docx", applies=_lov,
                                annex=True, form=True)
PRICE_SHEET = DocumentKind("prisbilaga", "Prisbilaga", None, applies=_lou, formats=("xlsx",), annex=True,
                           form=True, written_by=_price_workbook)
DECLARATION = DocumentKind("sanningsforsakran", "Sanningsförsäkran", "sanningsforsakran.docx", applies=_lou,
                           annex=True, form=True)
REFERENCES = DocumentKind(REFERENCE_FORM, "Referensformulär", "referensformular.docx", applies=_references_asked,
                          annex=True, form=True)
DRAFT_CONTRACT = DocumentKind("avtalsutkast", "Avtalsutkast", "avtalsutkast.docx", applies=_lou, annex=True)
DATA_PROCESSING = DocumentKind("pub-avtal", "Personuppgiftsbiträdesavtal", "pub-avtal.docx", applies=_personal_data,
                               annex=True)
AGENDA = DocumentKind("foredragningslista", "Föredragningslista", "foredragningslista.docx",
                      applies=lambda checked: False, context="AgendaContext", scope="meeting")
EVALUATION_REPORT = DocumentKind(
    "utvarderingsrapport", "Utvärderingsrapport", "utvarderingsrapport.docx", applies=_lou, context="AwardContext",
    scope="award", required_sections=("Inkomna anbud", "Prövning av ska-krav", "Utvärdering", "Utvärderingsgrupp"))
AWARD_DECISION = DocumentKind(
    "tilldelningsbeslut", "Tilldelningsbeslut", "tilldelningsbeslut.docx", applies=_lou, context="AwardContext",
    scope="award", required_sections=("Beslut", "Skäl för beslutet", "Avtalsspärr", "Överprövning"))
AWARD_MEMO = DocumentKind(
    "tjansteskrivelse-tilldelning", "Tjänsteskrivelse om tilldelning", "tjansteskrivelse-tilldelning.docx",
    applies=_board_decides, context="AwardContext", scope="award",
    required_sections=("Förslag till", "Ärende", "Beslutsunderlag", "Utvärdering", "Avtalsspärr"),
    titled=lambda spec: f"Tilldelning av kontrakt – {spec.service.name}")

KINDS: tuple[DocumentKind, ...] = (MEMO, TENDER, LOV_TENDER, TENDER_FORM, APPLICATION_FORM, PRICE_SHEET, DECLARATION,
                                   REFERENCES, DRAFT_CONTRACT, DATA_PROCESSING, AGENDA, EVALUATION_REPORT,
                                   AWARD_DECISION, AWARD_MEMO)


def kinds() -> tuple[DocumentKind, ...]:
    """Every kind, in registry order (read at call time, so a test may register one of its own)."""
    return KINDS


def kinds_of(checked: CheckedSpec) -> tuple[DocumentKind, ...]:
    """The documents one spec makes, in registry order."""
    return tuple(kind for kind in kinds() if kind.scope == "spec" and kind.applies(checked))


def award_kinds_of(checked: CheckedSpec) -> tuple[DocumentKind, ...]:
    """The award documents one spec's evaluated tenders make, in registry order."""
    return tuple(kind for kind in kinds() if kind.scope == "award" and kind.applies(checked))


def kind_named(name: str) -> DocumentKind | None:
    return next((kind for kind in kinds() if kind.name == name), None)


def kind_of_template(file_name: str) -> DocumentKind | None:
    return next((kind for kind in kinds() if kind.template == file_name), None)


def template_names() -> tuple[str, ...]:
    return tuple(kind.template for kind in kinds() if kind.template)


def infos(made: tuple[DocumentKind, ...]) -> dict[DocumentKind, dict]:
    """What templates are told of each document a spec makes (render.context.DocumentInfo), the
    annexes numbered 1, 2, … in registry order without gaps."""
    numbers = count(1)
    return {kind: {"name": kind.name, "title": kind.title, "annex": next(numbers) if kind.annex else None,
                   "file": kind.files()[0], "form": kind.form} for kind in made}
