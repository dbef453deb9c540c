"""The pipeline as functions: load → validate → derive → check rules → render → guard → write.

The CLI, the Python API and (later) packages and reviews all call these; none re-implements a
stage. `check_spec` stops before rendering and imports nothing of it, so `tenderkit validate`
starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from . import documents, rules
from .derive import Figures, derive
from .i18n import _, ngettext
from .spec.errors import Problem, SpecError
from .spec.loader import YAML_SUFFIXES, display_path
from .spec.project import PROJECT_FILE, ProjectPaths, load_spec
from .spec.validate import ValidSpec, validate

if TYPE_CHECKING:
    from .render.docx import DocxRenderer, TemplateEnvironment
    from .spec.law import Law
    from .spec.library import Requirement


def bundled(name: str) -> Path:
    """A directory shipped with tenderkit (`templates`, `library`): inside the installed package,
    or at the top of a source checkout (editable installs run from there)."""
    packaged = Path(__file__).parent / name
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / name


def bundled_templates() -> Path:
    return bundled("templates")


def check_template_file(path: Path, environment: TemplateEnvironment | None = None) -> list[Problem]:
    """`tenderkit check-templates` of one template, against the vocabulary its kind is given (a
    template of no kind, a project's extra, against a spec document's)."""
    from .render import context
    from .render.template_check import check_template

    kind = documents.kind_of_template(path.name)
    return check_template(path, getattr(context, kind.context if kind else "Context"), environment)


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
        lacking = [name for name in documents.template_names() if path / name not in found]
        if lacking:
            notes.append(ngettext("{path} has no {names}: tenderkit's own is used",
                                  "{path} has no {names}: tenderkit's own are used", len(lacking)).format(
                                      path=display_path(path), names=", ".join(lacking)))
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
    rejected: tuple[Problem, ...] = ()  # compared only: errors of today's rules, kept as warnings

    @property
    def spec(self):
        return self.valid.spec


def spec_inputs(path: Path, paths: ProjectPaths | None) -> tuple[Path, ...]:
    """Every file a spec's documents are built from: the spec, its project file, the templates
    of every kind, the requirement libraries and the law data. The one list that `build --watch`
    watches and the package's cache hashes."""
    from .spec.law import BUNDLED_LAW
    from .spec.library import library_files

    paths = paths or ProjectPaths()
    return (path, *filter(None, [paths.project_file]),
            *(template_path(paths.templates, name) for name in documents.template_names()),
            *library_files([bundled("library"), *paths.library]), paths.law or BUNDLED_LAW)


def affected(spec: Path, inputs: frozenset[Path], changed: set[Path], specs: set[Path]) -> bool:
    """Whether saving the `changed` files changes the documents of `spec`, whose last check read
    `inputs` (all paths resolved): the spec itself, or a project file, template, library or law
    data it read. A spec that never got as far as its inputs (its project file is broken, say) is
    built again on any change but another spec's. The one rule of `build --watch` and `serve`."""
    if spec in changed:
        return True
    return bool(inputs & changed) if inputs else bool(changed - specs)


def check_spec(path: Path, display: str | None = None, *, compared: bool = False) -> CheckedSpec:
    """Load, validate, derive and apply the consistency rules; raise SpecError on any error.
    `display` names the file in messages (e.g. `HEAD~1:specs/x.yaml` for a file from git).

    A version that is only `compared` (diff, redline) is read as it was written: what today's
    rules reject in it (a law period since changed, a newer cross-field rule) becomes a warning
    naming the version, so old revisions stay readable. Its shape must still be valid."""
    valid = validate(load_spec(path, display))
    law, requirements, problems = None, (), []
    if valid.spec.procurement:  # only tender documents need the law data and the libraries
        from .spec.law import load_law
        from .spec.library import load_library, resolve_requirements

        law = load_law(valid.paths.law).with_periods(valid.paths.thresholds)
        library = load_library([bundled("library"), *valid.paths.library])
        requirements, problems = resolve_requirements(valid.spec, library)
    figures = derive(valid.spec, law)
    problems = [*valid.warnings, *(valid.locate(p) for p in problems + rules.check(valid.spec, figures, law, requirements))]
    rejected = [_as_compared(p, display or valid.file) for p in problems if p.is_error] if compared else []
    if rejected:
        problems = [p for p in problems if not p.is_error] + rejected
    if any(p.is_error for p in problems):
        raise SpecError(problems, valid.source.lines)
    return CheckedSpec(valid, figures, tuple(problems), requirements, law, spec_inputs(path, valid.paths),
                       tuple(rejected))


@dataclass(frozen=True)
class BuiltDocument:
    kind: documents.DocumentKind
    files: dict[str, bytes]  # file name → bytes, one per format of the kind

    @property
    def docx(self) -> bytes:
        return self.files[f"{self.kind.name}.docx"]


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
    from .render.context import build_context, core_properties

    templates = templates or Templates()
    spec = checked.spec
    infos = documents.infos(documents.kinds_of(checked))
    context = build_context(spec, checked.figures, checked.requirements, checked.law,
                            [info for info in infos.values() if info["annex"]])
    texts = list(data_texts(context))
    built, problems = [], []
    for kind, info in infos.items():
        result, found = render_kind(
            kind, {**context, "document": info}, core_properties(spec, kind.title, kind.full_title(spec)),
            kind.dated(spec), templates, checked.valid.paths.templates, texts, checked=checked)
        problems += found
        if result:
            built.append(result)
    if problems:
        raise SpecError(problems, checked.valid.source.lines)
    return built


def render_kind(kind: documents.DocumentKind, context: dict, properties: dict[str, str], when: date,
                templates: Templates, own_templates: Path | None, texts: list[str],
                checked: CheckedSpec | None = None) -> tuple[BuiltDocument | None, list[Problem]]:
    """One document of any kind, spec or meeting, through the one path: render, then every guard
    (no template left unchecked, no placeholder, no empty required section, a sound package)."""
    from . import checks
    from .render.docx import TemplateProblem
    from .render.text import document_blocks, outline, plain_text, to_markdown

    if kind.written_by:  # a document written by code, not from a template: guarded as a package
        data = kind.written_by(checked, context, when)
        return BuiltDocument(kind, {kind.files()[0]: data}), [
            Problem(_("the built {title} would be a damaged file: {fault}").format(title=kind.title, fault=fault))
            for fault in checks.package_faults(data)]
    problems = []
    try:
        renderer = templates.renderer(template_path(own_templates, kind.template))
        faults = templates.faults(renderer.path)
        if faults:
            return None, faults
        docx, rendered = renderer.render(context, properties, when)
    except TemplateProblem as exc:
        return None, [Problem(str(exc), hint=_("fix the template (`tenderkit check-templates` lists every problem "
                                               "in it), or remove `templates:` from tenderkit.yaml to use "
                                               "tenderkit's own"))]
    blocks = document_blocks(rendered)
    template = renderer.path.name
    for found in checks.leftovers(plain_text(blocks), texts):
        problems.append(Problem(
            _("{template}: {title} still holds a placeholder after rendering: “{text}”").format(
                template=template, title=kind.title, text=found),
            hint=_("the text comes from the template {path}: fix it there").format(path=renderer.path)))
    for fault in checks.empty_sections(outline(blocks), kind.required_sections):
        message = (_("{title} for {file}: {fault}") if checked else _("{title} for the meeting: {fault}"))
        problems.append(Problem(
            message.format(title=kind.title, file=checked.valid.file if checked else "", fault=fault),
            hint=_("add the facts this section needs to the spec, or check the template {template}").format(
                template=template)))
    for fault in checks.package_faults(docx):
        problems.append(Problem(
            _("{template}: the built {title} would be a damaged Word file: {fault}").format(
                template=template, title=kind.title, fault=fault),
            hint=_("check the template {path}").format(path=renderer.path)))
    return BuiltDocument(kind, {f"{kind.name}.docx": docx, f"{kind.name}.md": to_markdown(blocks).encode()}), problems


def data_texts(node) -> Iterable[str]:
    """Every piece of text the spec contributes to a document, for the leftover guard."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from data_texts(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from data_texts(value)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from data_texts(getattr(node, name))


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
    built = render_documents(checked, templates)
    files = {name: data for document in built for name, data in document.files.items()}
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
                _("the id `{id}` is also the id of {file}: both would write to the same folder in output/").format(
                    id=spec.valid.id, file=earlier.valid.file),
                path=("id",) if spec.spec.id else (), hint=_("give each spec its own `id:`"))))
    return problems


def _as_compared(error: Problem, version: str) -> Problem:
    return replace(error, severity="warning",
                   message=_("{message} (today's rules reject {version}; it is compared as it was written)").format(
                       message=error.message, version=version))


def _as_error(warning: Problem) -> Problem:
    return replace(warning, severity="error",
                   message=_("{message} (an error with --strict)").format(message=warning.message))


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
