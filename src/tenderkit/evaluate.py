"""`tenderkit evaluate`: the tenders of a directory read, checked against the spec and evaluated.

A tenders directory holds one answers file per tenderer (`<name>.yaml`, see `evaluation.Answers`)
and, beside it, optionally the tenderer's filled-in prisbilaga (`<name>.xlsx`), whose prices are
read by the defined names the published workbook gives its cells (render/workbook.py), never by
position. Every fault is a located problem: the YAML line, or the workbook's file, sheet and cell.
Nothing here writes, except `write_template`, which never overwrites.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .build import CheckedSpec
from .evaluation import (
    MAX_UNIT_PRICE,
    Answers,
    LotSpec,
    Result,
    Tender,
    check_answers,
    lots_of,
    measure,
    published,
)
from .i18n import _
from .render.filters import kronor, percent, price_unit, upperfirst
from .render.workbook import CLAIM, PRICE, cell_name
from .spec.errors import Problem, SpecError
from .spec.loader import YAML_SUFFIXES, display_path
from .spec.procurement import AwardBasis, EvaluationModel
from .spec.validate import locate, read_all_valid

SHEET_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class Tenders:
    tenders: tuple[Tender, ...]
    warnings: tuple[Problem, ...]
    sources: dict[str, list[str]]  # the answers files' lines, for messages


def read_tenders(directory: Path, checked: CheckedSpec) -> Tenders:
    """Every tender in `directory`, checked against the spec; SpecError with every error found."""
    spec = checked.spec
    files = sorted(path for path in directory.iterdir() if path.suffix.lower() in YAML_SUFFIXES and path.is_file())
    sheets = {path.stem: path for path in directory.iterdir() if path.suffix.lower() == SHEET_SUFFIX}
    problems: list[Problem] = []
    for stem in sorted(set(sheets) - {path.stem for path in files}):
        problems.append(Problem(_("{file}: a price sheet without an answers file").format(
            file=display_path(sheets[stem])), hint=_("add {name}.yaml with the tender's answers beside it").format(
            name=stem)))
    if not files:
        problems.append(Problem(_("{directory}: no answers files (*.yaml)").format(directory=display_path(directory)),
                                hint=_("write one per tenderer; `tenderkit evaluate SPEC --template` gives an empty one")))
    read = read_all_valid(Answers, files)
    problems += read.problems
    tenders, seen = [], {}
    for path, loaded, answers in read.valid:
        sheet = sheets.get(path.stem)
        found = [locate(p, loaded.source, loaded.data, Answers)
                 for p in loaded.problems + check_answers(answers, spec, checked.requirements, sheet is not None)]
        for field, value in (("tenderer", answers.tenderer.casefold()),
                             ("organisation_number", answers.organisation_number)):
            if (field, value) in seen:
                found.append(locate(Problem(_("this tenderer has already tendered (a tenderer may tender once)"),
                                            path=(field,), also_location=seen[(field, value)],
                                            hint=_("keep one answers file per tenderer")), loaded.source, loaded.data,
                                    Answers))
            seen.setdefault((field, value), loaded.source.locate((field,)))
        if any(p.is_error for p in found):
            problems += found
            continue
        problems += found
        tendered = [lot for lot in lots_of(spec) if any(a.id == lot.id for a in answers.lots)]
        if sheet is not None:
            prices, found = read_sheet(sheet, tendered, spec)
            problems += found
        else:
            prices = {a.id: {c.id: _exact(a.prices[c.id]) if c.id in a.prices else None
                             for c in next(lot.components for lot in tendered if lot.id == a.id)}
                      for a in answers.lots}
            problems += [locate(Problem(_("no price for `{component}`").format(component=component),
                                        path=("lots", index, "prices"), on_key=True, severity="warning",
                                        hint=_("write the tendered price per unit, or leave it out if the tender "
                                               "gives none")), loaded.source, loaded.data, Answers)
                         for index, a in enumerate(answers.lots)
                         for component, price in prices[a.id].items() if price is None]
        tenders.append(Tender(loaded.file, answers, prices))
    if any(p.is_error for p in problems):
        raise SpecError(problems, read.sources)
    return Tenders(tuple(tenders), tuple(problems), read.sources)


def _exact(value: int | float) -> Fraction:
    """A YAML number as written (1390.5 is 2781/2, not the nearest binary fraction)."""
    return Fraction(str(value))


# --- The filled-in prisbilaga ---------------------------------------------------------------------


def read_sheet(path: Path, lots: list[LotSpec], spec) -> tuple[dict[str | None, dict[str, Fraction | None]],
                                                              list[Problem]]:
    """The prices per unit of the tendered `lots`, read by cell name, and the problems of the file."""
    import openpyxl  # here: only a tenders directory with spreadsheets needs it

    display = display_path(path)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        return {}, [Problem(_("{file} is not an Excel workbook (.xlsx) that can be read: {reason}").format(
            file=display, reason=exc), hint=_("save the tenderer's price sheet as .xlsx (Excel 2007 or later)"))]
    problems: list[Problem] = []
    prices: dict[str | None, dict[str, Fraction | None]] = {}
    for lot in lots:
        prices[lot.id] = {}
        for component in lot.components:
            cell, where, problem = _named_cell(book, cell_name(PRICE, lot.id, component.id), display)
            prices[lot.id][component.id] = None
            if problem:
                problems.append(problem)
                continue
            price, problem = _price(cell.value, where)
            problems += [problem] if problem else []
            prices[lot.id][component.id] = price
        problems += _claims(book, lot, spec, display)
    return prices, problems


def _named_cell(book, name: str, display: str):
    """(the cell, where it stands as `file: 'sheet'!D12`, None) or (None, None, the problem)."""
    defined = book.defined_names.get(name)
    destinations = list(defined.destinations) if defined is not None else []
    restructured = _("restore the tenderer's sheet from the prisbilaga published with the procurement documents: "
                     "the prices are read by the names of its cells")
    if len(destinations) != 1 or ":" in destinations[0][1]:
        return None, None, Problem(
            _("{file}: no cell named `{name}`: the file is not this procurement's prisbilaga, or it was "
              "restructured").format(file=display, name=name), hint=restructured)
    sheet, coordinate = destinations[0]
    coordinate = coordinate.replace("$", "")
    if sheet not in book.sheetnames:
        return None, None, Problem(
            _("{file}: the sheet “{sheet}”, where the cell `{name}` stands, is missing").format(
                file=display, sheet=sheet, name=name), hint=restructured)
    return book[sheet][coordinate], f"{display}: '{sheet}'!{coordinate} ({name})", None


def _price(value, where: str) -> tuple[Fraction | None, Problem | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, Problem(_("the price cell is empty"), where=where, severity="warning",
                             hint=_("the tender gives no price here; the evaluation group decides if it is incomplete"))
    if isinstance(value, str):
        return None, Problem(_("the price is written as text (“{text}”), not as a number").format(text=value.strip()),
                             where=where, hint=_("ask for the price as a number in kronor, e.g. 1390,50, without "
                                                 "“kr” or spaces; tenderkit never changes a tender"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, Problem(_("the cell holds {value}, not a price").format(value=value), where=where,
                             hint=_("the price per unit is a number in kronor"))
    if value <= 0:
        return None, Problem(_("the price {value} is not above zero").format(value=value), where=where,
                             hint=_("a price per unit is a positive amount in kronor"))
    if value > MAX_UNIT_PRICE:
        return None, Problem(_("the price {value} kr per unit is not credible (above {limit} kr)").format(
            value=value, limit=MAX_UNIT_PRICE), where=where,
            hint=_("check for a typo, or a yearly sum written where the price per unit belongs"))
    return _exact(value), None


def _claims(book, lot: LotSpec, spec, display: str) -> list[Problem]:
    """A claimed deduction that is not one the criterion published: the evaluation counts the
    group's assessment, but the group should see that the tenderer asked for something else."""
    evaluation = spec.procurement.evaluation
    if evaluation.model is not EvaluationModel.price_deductions or evaluation.basis is not AwardBasis.best_price_quality:
        return []
    problems = []
    for criterion in evaluation.criteria:
        cell, where, _problem = _named_cell(book, cell_name(CLAIM, lot.id, criterion.id), display)
        levels = published(criterion, EvaluationModel.price_deductions)
        if cell is not None and cell.value not in (None, "") and cell.value not in levels:
            problems.append(Problem(
                _("the tenderer claims {value} for “{criterion}”, which is not one of its levels ({levels})").format(
                    value=cell.value, criterion=criterion.name, levels=", ".join(map(str, levels))),
                where=where, severity="warning", hint=_("the evaluation counts the level the evaluation group assessed")))
    return problems


# --- Output ---------------------------------------------------------------------------------------------


def table(result: Result) -> str:
    """The evaluation per lot as aligned text: ranked tenders with every figure, then the rest."""
    out = []
    for number, lot in enumerate(result.lots, 1):
        if out:
            out.append("")
        name = upperfirst(lot.lot.name)
        out.append(_("Lot {number}: {name}").format(number=number, name=name) if lot.lot.id is not None else name)
        out.append(_("Tie rule: {rule}").format(rule=_tie_rule(result)))
        if lot.estimate is not None:
            out.append(_("Authority's estimate: {amount}").format(amount=kronor(lot.estimate)))
        rows = [_headings(result.model)] + [_row(entry, result.model) for entry in lot.entries if entry.ranked]
        out += _aligned(rows) if len(rows) > 1 else [_("No tender to rank.")]
        for tie in lot.ties:
            decided = {"quality": _("the higher quality first"), "price": _("the lower tendered price first"),
                       None: _("lottning")}[tie.decided_by]
            out.append(_("Tie between {tenderers}: decided by {rule}").format(
                tenderers=", ".join(tie.tenderers), rule=decided))
        for entry in lot.entries:
            for rejection in entry.rejected:
                out.append(_("Rejected: {tenderer}, {requirement}: {note}").format(
                    tenderer=entry.tenderer, requirement=rejection.requirement, note=rejection.note or ""))
            if entry.empty_prices and not entry.rejected:
                out.append(_("Not ranked: {tenderer}, no price for {components}").format(
                    tenderer=entry.tenderer, components=", ".join(entry.empty_prices)))
    return "\n".join(out) + "\n"


def _tie_rule(result: Result) -> str:
    return {"quality_then_lottery": _("the higher quality first, then lottning"),
            "price_then_lottery": _("the lower tendered price first, then lottning"),
            "lottery": _("lottning")}[result.tie_break.value]


def _headings(model: EvaluationModel | None) -> list[str]:
    if model is EvaluationModel.price_deductions:
        return [_("Rank"), _("Tenderer"), _("Tendered price"), _("Deductions"), _("Comparison price")]
    if model is EvaluationModel.weights:
        return [_("Rank"), _("Tenderer"), _("Tendered price"), _("Price points"), _("Quality points"),
                _("Total points")]
    return [_("Rank"), _("Tenderer"), _("Tendered price")]


def _row(entry, model: EvaluationModel | None) -> list[str]:
    row = [str(entry.rank), entry.tenderer, kronor(entry.tendered_price)]
    if model is EvaluationModel.price_deductions:
        row += [percent(entry.deduction), kronor(measure(entry, model))]
    elif model is EvaluationModel.weights:
        row += [_points(entry.price_points), _points(entry.quality_points), _points(entry.total_points)]
    return row


def _points(value: Fraction) -> str:
    return f"{float(value):.2f}"


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


# --- The empty answers file ------------------------------------------------------------------------


def template(checked: CheckedSpec) -> str:
    """An answers file for the spec with every field to fill in left empty (so it cannot be
    evaluated by mistake before it is filled in), and what each holds in a comment."""
    spec = checked.spec
    evaluation = spec.procurement.evaluation
    model = evaluation.model if evaluation.basis is AwardBasis.best_price_quality else None
    lots = lots_of(spec)
    lines = [f"# Anbudssvar för {spec.service.name}, {spec.procurement.reference or spec.case.dnr} "
             f"(specifikation {checked.valid.id}).",
             "# En fil per anbudsgivare i anbudsmappen; anbudsgivarens ifyllda prisbilaga läggs bredvid med samma",
             "# namn (t.ex. omsorg-ab.yaml och omsorg-ab.xlsx). Utvärdera med: tenderkit evaluate SPEC MAPP",
             "tenderer:                # anbudsgivarens namn",
             "organisation_number:     # t.ex. 556677-8899",
             "size:                    # micro, small, medium eller large: företagets storlek, som annonsen om "
             "tilldelning räknar anbuden efter",
             "address:                 # anbudsgivarens adress, som annonsen om tilldelning anger för vinnaren",
             "  street:",
             "  postal_code:",
             "  city:",
             "  nuts:                  # länets NUTS-kod, t.ex. SE110 för Stockholms län",
             "subcontracting:          # true eller false: om anbudsgivaren avser att anlita underleverantörer",
             "requirements:            # varje ska-krav: fulfilled true eller false; skriv note när kravet inte uppfylls"]
    for requirement in checked.requirements:
        if requirement.mandatory:
            scope = f" (delområde {', '.join(requirement.lots)})" if requirement.lots else ""
            lines += [f"  - id: {requirement.id}  # {requirement.title}{scope}", "    fulfilled:", "    note:"]
    lines.append("lots:                    # ta bort de delområden anbudet inte gäller")
    for lot in lots:
        lines.append(f"  - id: {lot.id}  # {lot.name}" if lot.id is not None else "  -")
        lines.append("    prices:              # ta bort prices när prisbilagan (.xlsx) ligger bredvid filen")
        for component in lot.components:
            lines.append(f"      {component.id}:  # kr per {price_unit(component.unit)}, {component.name}")
        if model is not None:
            lines.append("    levels:              # nivån utvärderingsgruppen bedömt: "
                         + ("avdrag i procent" if model is EvaluationModel.price_deductions else "poäng"))
            for criterion in evaluation.criteria:
                choices = ", ".join(map(str, published(criterion, model)))
                lines.append(f"      {criterion.id}:  # {criterion.name}: {choices}")
    return "\n".join(lines) + "\n"


def write_template(path: Path, text: str) -> None:
    """Write the template; an existing file is never replaced (FileExistsError)."""
    with path.open("x", encoding="utf-8") as stream:
        stream.write(text)

