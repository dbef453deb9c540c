"""The pipeline as functions: load → validate → derive → check rules → render → guard → write.

The CLI, the Python API and (later) packages and reviews all call these; none re-implements a
stage. `check_spec` stops before rendering and imports nothing of it, so `tenderkit validate`
starts fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from . import rules
from .derive import Figures, derive
from .spec.errors import Problem, SpecError
from .spec.loader import YAML_SUFFIXES, display_path
from .spec.model import Spec
from .spec.project import PROJECT_FILE, load_spec
from .spec.validate import ValidSpec, validate

if TYPE_CHECKING:
    from .render.docx import DocxRenderer, TemplateEnvironment
    from .spec.law import Law
    from .spec.library import Requirement


@dataclass(frozen=True)
class DocumentKind:
    name: str  # file stem in output/<spec-id>/
    title: str  # what the document is called, for messages and properties
    template: str  # file name in the templates directory
    required_sections: tuple[str, ...]  # headings (by their start) that must be there with content
    needs_procurement: bool  # built only for specs with a procurement part
    dated: Callable[[Spec], date]  # the document's date: zip entries and properties
    titled: Callable[[Spec], str]  # the title in the file's properties


MEMO = DocumentKind(
    "tjansteskrivelse", "Tjänsteskrivelse", "tjansteskrivelse.docx",
    ("Förslag till", "Ärende", "Beslutsunderlag", "Ekonomiska konsekvenser",
     "Information eller förhandling enligt lag (1976:580)"),
    needs_procurement=False, dated=lambda spec: spec.case.date, titled=lambda spec: spec.case.title)
TENDER = DocumentKind(
    "forfragningsunderlag", "Förfrågningsunderlag", "forfragningsunderlag.docx",
    ("Allmän orientering", "Upphandlingsföreskrifter", "Kvalificering", "Uppdragsbeskrivning", "Utvärdering",
     "Avtalsvillkor", "Prisbilaga"),
    needs_procurement=True, dated=lambda spec: spec.procurement.timetable.publication,
    titled=lambda spec: f"Förfrågningsunderlag – {spec.service.name}")
DOCUMENTS = (MEMO, TENDER)
AGENDA_TEMPLATE = "foredragningslista.docx"  # the agenda of a board-meeting package
TEMPLATE_NAMES = (MEMO.template, TENDER.template, AGENDA_TEMPLATE)


def documents_of(spec: Spec) -> tuple[DocumentKind, ...]:
    """The documents a spec makes: the memo always, the tender documents with a procurement part."""
    return tuple(kind for kind in DOCUMENTS if spec.procurement or not kind.needs_procurement)


def bundled(name: str) -> Path:
    """A directory shipped with tenderkit (`templates`, `library`): inside the installed package,
    or at the top of a source checkout (editable installs run from there)."""
    packaged = Path(__file__).parent / name
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / name


def bundled_templates() -> Path:
    return bundled("templates")


def check_template_file(path: Path, environment: TemplateEnvironment | None = None) -> list[Problem]:
    """`tenderkit check-templates` of one template, against what that template is given."""
    from .render.context import AgendaContext, Context
    from .render.template_check import check_template

    return check_template(path, AgendaContext if path.name == AGENDA_TEMPLATE else Context, environment)


def template_faults(path: Path) -> list[Problem]:
    """The errors `tenderkit check-templates` finds in a project's own template, so that a build
    never renders around them (text beside a {%p tag would be lost without a word). tenderkit's
    own templates are checked by its tests."""
    if path.parent.resolve() == bundled_templates().resolve():
        return []
    return [problem for problem in check_template_file(path) if problem.is_error]


def template_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The .docx files named or in the directories named, and a note for each template a
    directory leaves to tenderkit's own."""
    files, notes = [], []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(file for file in path.glob("*.docx") if not file.name.startswith("~$"))  # Word's lock files
        files += found
        notes += [f"{display_path(path)} has no {name}: tenderkit's own is used" for name in TEMPLATE_NAMES
                  if path / name not in found]
    return files, notes


def template_path(own: Path | None, name: str) -> Path:
    """The project's own template when it has one, tenderkit's otherwise: a municipality restyles
    the documents it wants to and keeps tenderkit's for the rest."""
    if own is not None and ((own / name).exists() or (own / name).is_symlink()):  # a broken link is an error
        return own / name
    return bundled_templates() / name


@dataclass(frozen=True)
class CheckedSpec:
    valid: ValidSpec
    figures: Figures
    warnings: tuple[Problem, ...]
    requirements: tuple[Requirement, ...] = ()
    law: Law | None = None  # loaded for specs with a procurement part
    inputs: tuple[Path, ...] = ()  # every file the documents are built from

    @property
    def spec(self):
        return self.valid.spec


def check_spec(path: Path, display: str | None = None) -> CheckedSpec:
    """Load, validate, derive and apply the consistency rules; raise SpecError on any error.
    `display` names the file in messages (e.g. `HEAD~1:specs/x.yaml` for a file from git)."""
    valid = validate(load_spec(path, display))
    law, requirements, problems = None, (), []
    inputs = [path, *filter(None, [valid.paths.project_file])]
    inputs += [template_path(valid.paths.templates, kind.template) for kind in documents_of(valid.spec)]
    if valid.spec.procurement:  # only tender documents need the law data and the libraries
        from .spec.law import BUNDLED_LAW, load_law
        from .spec.library import library_files, load_library, resolve_requirements

        law = load_law(valid.paths.law)
        directories = [bundled("library"), *valid.paths.library]
        library = load_library(directories)
        requirements, problems = resolve_requirements(valid.spec, library)
        inputs += [valid.paths.law or BUNDLED_LAW, *library_files(directories)]
    figures = derive(valid.spec, law)
    problems = [valid.locate(p) for p in problems + rules.check(valid.spec, figures, law)]
    if any(p.is_error for p in problems):
        raise SpecError(problems, valid.source.lines)
    return CheckedSpec(valid, figures, tuple(problems), requirements, law, tuple(inputs))


@dataclass(frozen=True)
class BuiltDocument:
    kind: DocumentKind
    docx: bytes
    markdown: str

    def files(self) -> dict[str, bytes]:
        return {f"{self.kind.name}.docx": self.docx, f"{self.kind.name}.md": self.markdown.encode()}


class Templates:
    """Prepared templates, shared by every spec of a batch (each is read and compiled once)."""

    def __init__(self) -> None:
        self._renderers: dict[Path, DocxRenderer] = {}
        self._faults: dict[Path, list[Problem]] = {}

    def renderer(self, path: Path) -> DocxRenderer:
        from .render.docx import DocxRenderer

        if path not in self._renderers:
            self._renderers[path] = DocxRenderer(path)
        return self._renderers[path]

    def faults(self, path: Path) -> list[Problem]:
        if path not in self._faults:
            self._faults[path] = template_faults(path)
        return self._faults[path]


def render_documents(checked: CheckedSpec, templates: Templates | None = None) -> list[BuiltDocument]:
    """Every document of the spec, rendered and guarded in memory; SpecError if any guard fails."""
    from . import checks
    from .render.context import build_context, core_properties
    from .render.docx import TemplateProblem
    from .render.text import document_blocks, outline, plain_text, to_markdown

    templates = templates or Templates()
    spec = checked.spec
    context = build_context(spec, checked.figures, checked.requirements, checked.law)
    data_texts = list(_texts(context))
    built, problems = [], []
    for kind in documents_of(spec):
        try:
            renderer = templates.renderer(template_path(checked.valid.paths.templates, kind.template))
            faults = templates.faults(renderer.path)
            if faults:
                problems += faults
                continue
            docx, document = renderer.render(
                context, core_properties(spec, kind.title, kind.titled(spec)), kind.dated(spec))
        except TemplateProblem as exc:
            problems.append(Problem(str(exc), hint="fix the template (`tenderkit check-templates` lists every "
                                                   "problem in it), or remove `templates:` from tenderkit.yaml "
                                                   "to use tenderkit's own"))
            continue
        blocks = document_blocks(document)
        markdown = to_markdown(blocks)
        template = renderer.path.name
        for found in checks.leftovers(plain_text(blocks), data_texts):
            problems.append(Problem(f"{template}: {kind.title} still holds a placeholder after rendering: “{found}”",
                                    hint=f"the text comes from the template {renderer.path}: fix it there"))
        for fault in checks.empty_sections(outline(blocks), kind.required_sections):
            problems.append(Problem(f"{kind.title} for {checked.valid.file}: {fault}",
                                    hint=f"add the facts this section needs to the spec, or check the template {template}"))
        for fault in checks.package_faults(docx):
            problems.append(Problem(f"{template}: the built {kind.title} would be a damaged Word file: {fault}",
                                    hint=f"check the template {renderer.path}"))
        built.append(BuiltDocument(kind, docx, markdown))
    if problems:
        raise SpecError(problems, checked.valid.source.lines)
    return built


def _texts(node) -> Iterable[str]:
    """Every piece of text the spec contributes to a document, for the leftover guard."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _texts(value)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name))


@dataclass
class BuildResult:
    spec_id: str
    directory: Path
    written: list[Path] = field(default_factory=list)
    warnings: tuple[Problem, ...] = ()


def build(path: Path, output: Path, *, templates: Templates | None = None, force: bool = False,
          strict: bool = False) -> BuildResult:
    """Build every document of one spec into `output/<spec-id>/`. Nothing is written unless all
    documents passed every check."""
    return build_checked(check_spec(path), output, templates=templates, force=force, strict=strict)


def build_checked(checked: CheckedSpec, output: Path, *, templates: Templates | None = None, force: bool = False,
                  strict: bool = False) -> BuildResult:
    from .output import write_outputs

    if strict and checked.warnings:
        raise SpecError([_as_error(w) for w in checked.warnings], checked.valid.source.lines)
    documents = render_documents(checked, templates)
    files = {name: data for document in documents for name, data in document.files().items()}
    directory = output / checked.valid.id
    written = write_outputs(directory, files, force=force)
    return BuildResult(checked.valid.id, directory, written, checked.warnings)


def duplicate_ids(checked: Iterable[CheckedSpec]) -> list[Problem]:
    """Specs that would write to the same folder of output/: each after the first is an error."""
    first: dict[str, CheckedSpec] = {}
    problems = []
    for spec in checked:
        earlier = first.setdefault(spec.valid.id, spec)
        if earlier is not spec:
            problems.append(spec.valid.locate(Problem(
                f"the id `{spec.valid.id}` is also the id of {earlier.valid.file}: both would write to the same "
                "folder in output/", path=("id",) if spec.spec.id else (), hint="give each spec its own `id:`")))
    return problems


def _as_error(warning: Problem) -> Problem:
    from dataclasses import replace

    return replace(warning, severity="error", message=f"{warning.message} (an error with --strict)")


def spec_files(arguments: Iterable[Path]) -> list[Path]:
    """Spec files named on the command line, directories expanded to their *.yaml files."""
    found = []
    for argument in arguments:
        if argument.is_dir():
            found += sorted(p for p in argument.iterdir()
                            if p.suffix.lower() in YAML_SUFFIXES and p.name != PROJECT_FILE and p.is_file())
        else:
            found.append(argument)
    return found
