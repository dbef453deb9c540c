"""Requirement libraries: reusable requirement texts with stable ids.

tenderkit ships a library (`library/` at the top of the repository; inside the package when
installed) and a municipality keeps its own beside it (`library:` in tenderkit.yaml). A spec
lists requirements by id, in the order the tender documents show them, and may override fields
of a library requirement or add requirements of its own. Ids are unique across all libraries
and never renumbered, so tenders and contracts can cite them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from ..i18n import _
from . import references
from .errors import Location, Problem, SpecError
from .loader import YAML_SUFFIXES
from .model import Spec
from .procurement import ATTACHMENT_DESCRIPTION, AnnexForm, RequirementEntry, RequirementId, RequirementKind
from .types import Identifier, Model, Paragraph, Text
from .validate import read_all_valid


class Requirement(Model):
    id: RequirementId = Field(title="id", description="Kravets id; stabilt så att anbud och avtal kan hänvisa till det.")
    kind: RequirementKind = Field(
        strict=False, title="slag",
        description="qualification (kvalificering), service (kravspecifikation) eller contract (avtalsvillkor).")
    title: Text = Field(title="rubrik", description="Kravets rubrik.")
    text: Paragraph = Field(title="text", description="Kravets text; får hänvisa till specens uppgifter med {…}.")
    items: tuple[Paragraph, ...] = Field((), title="punkter", description="Numrerade punkter under texten.")
    mandatory: bool = Field(True, title="ska-krav", description="true för ska-krav, false för bör-krav.")
    verification: Paragraph | None = Field(None, title="verifiering", description="Hur anbudsgivaren visar att kravet uppfylls.")
    law: Text | None = Field(None, title="lagrum", description="Lagrum som kravet bygger på.")
    lots: tuple[Identifier, ...] = Field((), title="delområden", description="Delområden kravet gäller; tomt: alla.")
    attachment: AnnexForm | None = Field(None, strict=False, title="bilaga", description=ATTACHMENT_DESCRIPTION)


class LibraryFile(Model):
    requirements: tuple[Requirement, ...] = Field(min_length=1, title="krav", description="Bibliotekets krav.")
    retired: dict[RequirementId, Text] = Field(
        {}, title="utgångna krav",
        description="Id som inte längre erbjuds, med skälet; de används aldrig till något annat krav.")


@dataclass(frozen=True)
class LibraryEntry:
    requirement: Requirement
    location: Location  # of its `id`, for messages


@dataclass(frozen=True)
class Library:
    entries: dict[str, LibraryEntry]
    retired: dict[str, str]  # id → why it is no longer offered


def library_files(directories: Sequence[Path]) -> list[Path]:
    files = []
    for directory in directories:
        if directory.is_dir():
            files += sorted(p for p in directory.iterdir() if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
        else:
            files.append(directory)  # a missing directory is reported by read_yaml
    return files


def load_library(directories: Sequence[Path]) -> Library:
    """Every requirement of the libraries in `directories`; SpecError with every problem found."""
    files = library_files(directories)
    return _load(tuple((f, *_stamp(f)) for f in files))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, int, int], ...]) -> Library:
    read = read_all_valid(LibraryFile, (path for path, _mtime, _size in files))
    entries: dict[str, LibraryEntry] = {}
    retired: dict[str, str] = {}
    problems = list(read.problems)
    for _path, loaded, library in read.valid:
        retired.update(library.retired)
        for index, requirement in enumerate(library.requirements):
            location = loaded.source.locate(("requirements", index, "id"))
            first = entries.get(requirement.id)
            if first:
                problems.append(Problem(
                    _("the requirement id `{id}` is also defined at {place}").format(
                        id=requirement.id, place=first.location), location=location,
                    hint=_("ids are unique across all libraries: rename one (a municipality's own ids usually have a "
                           "prefix), or change the text for one spec in the spec itself")))
                continue
            entries[requirement.id] = LibraryEntry(requirement, location)
    if problems:
        raise SpecError(problems, read.sources)
    return Library(entries, retired)


def resolve_requirements(spec: Spec, library: Library) -> tuple[tuple[Requirement, ...], list[Problem]]:
    """The spec's requirements in order, library texts with the spec's overrides applied, and the
    problems of resolving them: unknown ids, ids listed twice, incomplete additions, bad references
    in texts. How they fit the rest of the spec (criteria, lots) is for `rules`."""
    if spec.procurement is None:
        return (), []
    resolved: list[Requirement] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, reference in enumerate(spec.procurement.requirements):
        path = ("procurement", "requirements", index)
        requirement_id = reference if isinstance(reference, str) else reference.id
        if requirement_id in seen:
            problems.append(Problem(
                _("the requirement `{id}` is listed twice (also as item {item})").format(
                    id=requirement_id, item=seen[requirement_id] + 1), path=path, hint=_("list each requirement once")))
            continue
        seen[requirement_id] = index
        if requirement_id in library.retired:
            problems.append(Problem(
                _("the requirement `{id}` is retired: {reason}").format(
                    id=requirement_id, reason=library.retired[requirement_id]),
                path=path, hint=_("remove it from procurement.requirements")))
            continue
        entry = library.entries.get(requirement_id)
        if isinstance(reference, str):
            if entry is None:
                problems.append(Problem(_("no requirement library has the id `{id}`").format(id=requirement_id),
                                        path=path, hint=_suggest(requirement_id, library)))
                continue
            requirement = entry.requirement
        else:
            requirement, problem = _apply(reference, entry, path)
            if problem:
                problems.append(problem)
                continue
        problems += _reference_problems(requirement, reference, entry, spec, path)
        resolved.append(requirement)
    return tuple(resolved), problems


def _apply(entry: RequirementEntry, base: LibraryEntry | None, path) -> tuple[Requirement | None, Problem | None]:
    given = {name: value for name, value in entry if value is not None}
    if base is not None:
        return base.requirement.model_copy(update=given), None
    missing = [name for name in ("kind", "title", "text") if name not in given]
    if missing:
        return None, Problem(
            _("`{id}` is in no requirement library, so it is a new requirement and needs {fields}").format(
                id=entry.id, fields=", ".join(missing)),
            path=path, hint=_("give kind, title and text, or correct the id if you meant a library requirement"))
    return Requirement.model_validate(given), None


def _reference_problems(requirement: Requirement, reference, entry: LibraryEntry | None, spec: Spec,
                        path) -> list[Problem]:
    """References in requirement texts are checked against this spec; a bad one is reported where
    its text was written: in the spec, or in the library."""
    overridden = set() if isinstance(reference, str) else {name for name, value in reference if value is not None}
    problems = []
    for name in ("text", "items", "verification"):
        value = getattr(requirement, name)
        for text in (value if isinstance(value, tuple) else (value,)):
            if not isinstance(text, Paragraph):
                continue
            for message, hint in _check_text(text, spec):
                if name in overridden or entry is None:
                    problems.append(Problem(message, path=path + (name,), hint=hint))
                else:
                    problems.append(Problem(_("requirement `{id}`: {message}").format(id=requirement.id, message=message),
                                            location=entry.location, hint=hint))
    return problems


def _check_text(text: str, spec: BaseModel) -> list[tuple[str, str | None]]:
    try:
        parts = references.parse(text)
    except references.BadReference as exc:
        return [(str(exc), exc.hint)]
    found = []
    for part in parts:
        if isinstance(part, references.Reference):
            try:
                references.resolve(spec, part)
            except references.BadReference as exc:
                found.append((str(exc), exc.hint))
    return found


def _suggest(requirement_id: str, library: Library) -> str:
    close = difflib.get_close_matches(requirement_id, list(library.entries), n=1, cutoff=0.6)
    if close:
        return _("did you mean `{name}`?").format(name=close[0])
    return _("check the id against the libraries, or write the requirement in the spec with kind, title and text")
