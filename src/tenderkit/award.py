"""The award documents of `tenderkit evaluate --documents`: the utvärderingsrapport, the
tilldelningsbeslut and, when the board decides, its tjänsteskrivelse, rendered from a spec plus its
evaluated tenders through the one path every document takes (build.render_kind: render, every
guard, a sound package) and written atomically, or not at all.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import documents, i18n
from .build import CheckedSpec, Templates, data_texts, render_kind
from .evaluate import Tenders
from .evaluation import Result, evaluate
from .i18n import _
from .spec.errors import Problem, SpecError

AWARD_DIRECTORY = "tilldelning"  # beside the spec's documents: output/<spec-id>/tilldelning/


@dataclass(frozen=True)
class AwardDocuments:
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]  # the decision date against the timetable


def decision_date(checked: CheckedSpec, decided: date | None) -> tuple[date, list[Problem]]:
    """The day of the decision: `decided` (the command line's) or the timetable's planned award;
    a decision before the tenders are in is an error, one on another day than planned a warning."""
    timetable = checked.spec.procurement.timetable
    day = decided or timetable.award
    if day <= timetable.tender_deadline:
        return day, [Problem(_("the award decision of {decided} is not after the tender deadline, {deadline}").format(
            decided=day, deadline=timetable.tender_deadline),
            hint=_("give the day the decision is made with --decided YYYY-MM-DD"))]
    if day == timetable.award:
        return day, []
    return day, [Problem(
        _("the decision is dated {decided}, the timetable plans the award for {planned}: the standstill is counted "
          "from {decided}, and the documents say so").format(decided=day, planned=timetable.award),
        severity="warning", hint=_("update procurement.timetable.award in the spec if the timetable has moved"))]


@contextmanager
def _swedish():
    """The documents are Swedish whatever language the messages are in."""
    before = i18n.language()
    i18n.use("sv")
    try:
        yield
    finally:
        i18n.use(before)


def award_documents(checked: CheckedSpec, tenders: Tenders, decided: date | None,
                    templates: Templates | None = None) -> AwardDocuments:
    """Every award document, rendered and guarded in memory; SpecError if any guard fails or the
    decision date cannot be."""
    from .render.award import award_context
    from .render.context import build_context, core_properties

    day, problems = decision_date(checked, decided)
    if any(problem.is_error for problem in problems):
        raise SpecError(problems)
    spec = checked.spec
    with _swedish():  # the evaluation's warnings, as the report lists them
        result: Result = evaluate(spec, checked.requirements, tenders.tenders)
        warnings = [[problem.message for problem in lot.warnings] for lot in result.lots]
    made = documents.award_kinds_of(checked)
    context = award_context(build_context(spec, checked.figures, checked.requirements, checked.law), checked,
                            tenders.tenders, result, day, warnings, final=decided is not None)
    texts = list(data_texts(context))
    templates = templates or Templates()
    files, faults = {}, []
    for kind, info in documents.infos(made).items():
        built, found = render_kind(kind, {**context, "document": info},
                                   core_properties(spec, kind.title, kind.full_title(spec), final=decided is not None), day, templates,
                                   checked.valid.paths.templates, texts, checked=checked)
        faults += found
        if built:
            files.update(built.files)
    if faults:
        raise SpecError(faults, checked.valid.source.lines)
    return AwardDocuments(files, tuple(problems))


def write_award(checked: CheckedSpec, tenders: Tenders, decided: date | None, output: Path, *,
                force: bool = False) -> tuple[list[Path], tuple[Problem, ...]]:
    """Render every award document, then write them all into `output/<spec-id>/tilldelning/`;
    nothing is written when any fails (SpecError, output.OutputProblem)."""
    from .output import write_outputs

    made = award_documents(checked, tenders, decided)
    return write_outputs(output / checked.valid.id / AWARD_DIRECTORY, made.files, force=force), made.warnings
