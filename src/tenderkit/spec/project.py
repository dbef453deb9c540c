"""A specs repository's project file, `tenderkit.yaml`: defaults every spec inherits, and where
the repository keeps its own templates, requirement library and law data.

Values inherited from the project file keep their own locations, so a bad default is reported
in `tenderkit.yaml`, where it is fixed, not in every spec that inherits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from ..i18n import _
from .errors import Problem, SpecError
from .law import Law, ThresholdPeriod, euro_location, implausible_amounts, load_law
from .loader import Loaded, SourceMap, read_yaml
from .types import Model
from .validate import read_valid

PROJECT_FILE = "tenderkit.yaml"


class ProjectFile(Model):
    defaults: dict[str, Any] = Field(
        {}, title="standardvärden", description="Specfält som alla specar i arkivet ärver; en spec som anger fältet vinner.")
    templates: str | None = Field(None, title="mallar", description="Katalog med egna Word-mallar.")
    library: tuple[str, ...] = Field((), title="kravbibliotek", description="Kataloger med egna kravbibliotek (YAML).")
    law: str | None = Field(None, title="lagdata", description="Egen fil med tröskelvärden m.m. i stället för tenderkits.")
    thresholds: tuple[ThresholdPeriod, ...] = Field(
        (), title="tröskelvärden",
        description="Perioder med tröskelvärden i kronor som lagdata saknar; de gäller före lagdatas egna och prövas "
                    "mot periodens belopp i euro.")


@dataclass(frozen=True)
class ProjectPaths:
    """Where a spec's project keeps its own templates, libraries and law data (None: tenderkit's)."""

    templates: Path | None = None
    library: tuple[Path, ...] = ()
    law: Path | None = None
    project_file: Path | None = None
    thresholds: tuple[ThresholdPeriod, ...] = ()  # the project's own periods, checked


@dataclass(frozen=True)
class LoadedSpec:
    loaded: Loaded
    paths: ProjectPaths


def find_project_file(spec_path: Path) -> Path | None:
    """The nearest `tenderkit.yaml` in the spec's directory or above, up to the repository root."""
    for directory in spec_path.resolve().parents:
        candidate = directory / PROJECT_FILE
        if candidate.is_file():
            return candidate
        if (directory / ".git").exists():
            return None
    return None


def load_project(spec_path: Path) -> tuple[ProjectFile, Loaded, ProjectPaths] | None:
    """The project file that governs `spec_path`, validated, with the paths it names."""
    project_path = find_project_file(spec_path)
    if project_path is None:
        return None
    project_loaded, project = read_valid(ProjectFile, project_path)
    base = project_path.parent
    _check_paths(project, base, project_loaded)
    law = base / project.law if project.law else None
    _check_thresholds(project, law, project_loaded)
    paths = ProjectPaths(
        templates=base / project.templates if project.templates else None,
        library=tuple(base / directory for directory in project.library),
        law=law, project_file=project_path, thresholds=project.thresholds)
    return project, project_loaded, paths


def load_spec(path: Path, display: str | None = None) -> LoadedSpec:
    """Read a spec and merge in the defaults of its project file (the spec wins)."""
    spec = read_yaml(path, display)
    found = load_project(path)
    if found is None:
        return LoadedSpec(spec, ProjectPaths())
    project, project_loaded, paths = found
    source = SourceMap(lines={**spec.source.lines, **project_loaded.source.lines})
    for table, own, inherited in ((source.values, spec.source.values, project_loaded.source.values),
                                  (source.keys, spec.source.keys, project_loaded.source.keys)):
        for p, loc in inherited.items():
            if p[:1] == ("defaults",) and len(p) > 1:
                table[p[1:]] = loc
        table.update(own)
    merged = Loaded(_merge(project.defaults, spec.data), source, project_loaded.problems + spec.problems, spec.file,
                    spec.said)
    return LoadedSpec(merged, paths)


def _check_paths(project: ProjectFile, base: Path, loaded: Loaded) -> None:
    """The project's own directories and files must exist; say so where they are named."""
    wanted = [(("templates",), project.templates, True)] + \
        [(("library", i), directory, True) for i, directory in enumerate(project.library)] + \
        [(("law",), project.law, False)]
    problems = []
    for path, written, is_directory in wanted:
        if written is None or ((base / written).is_dir() if is_directory else (base / written).is_file()):
            continue
        missing = _("no such directory: {path}") if is_directory else _("no such file: {path}")
        problems.append(Problem(missing.format(path=written), location=loaded.source.locate(path),
                                hint=_("correct the path (relative to {file}), or remove the line to use "
                                       "tenderkit's own").format(file=PROJECT_FILE)))
    if problems:
        raise SpecError(problems, loaded.source.lines)


def _check_thresholds(project: ProjectFile, law_path: Path | None, loaded: Loaded) -> None:
    """A period typed in the project file must be its amounts in euro converted: a digit typed
    wrong is caught here, where it was typed, with the figure in euro it was checked against."""
    if not project.thresholds:
        return
    law = load_law(law_path)
    problems = []
    for index, period in enumerate(project.thresholds):
        path = ("thresholds", index)
        covering = law.euro_period(period.start, period.end)
        if covering is None:
            problems.append(Problem(
                _("the law data has no amounts in euro for {start} – {end}, so the amounts in kronor cannot be "
                  "checked").format(start=period.start, end=period.end), path=(*path, "start"),
                hint=_("give the period's dates exactly as `tenderkit law` lists them")))
            continue
        eur = covering.eur
        wrong = implausible_amounts(period, eur)
        for name, why in wrong.items():
            where = euro_location(law_path, covering.start, name)
            problems.append(Problem(
                _("{amount} kronor is not the period's {euro} EUR ({source}) in kronor: it makes {why}").format(
                    amount=_kronor(getattr(period, name)), euro=_kronor(getattr(eur, name)),
                    source=f"{eur.source}, {where}" if where else eur.source, why=why),
                path=(*path, name),
                hint=_("copy the amount again from {source}; a digit may be wrong, missing or one too many").format(
                    source=period.source)))
        problems += _national_limits(period, path, law, skip=set(wrong))
    if problems:
        from .validate import locate

        raise SpecError([locate(p, loaded.source, loaded.data, ProjectFile) for p in problems], loaded.source.lines)


def _national_limits(period: ThresholdPeriod, path: tuple, law: Law, skip: set[str]) -> list[Problem]:
    """The direct award limits of a typed period: Sweden's own fixed amounts from
    `national_limits.since`, below the threshold before. A threshold already found wrong is not
    held against the limit that is compared with it."""
    national, problems = law.national_limits, []
    if period.start >= national.since:
        wanted = {"direct_award": national.direct_award, "direct_award_social_services": period.social_services}
        why = {"direct_award": _("{amount} kronor: the direct award limit is {limit} kronor in every period from "
                                 "{since} ({source})"),
               "direct_award_social_services": _("{amount} kronor: the direct award limit for social services is the "
                                                 "threshold for social services from {since} ({source})")}
        for name, amount in wanted.items():
            if getattr(period, name) != amount and not (name == "direct_award_social_services" and
                                                       "social_services" in skip):
                problems.append(Problem(why[name].format(amount=_kronor(getattr(period, name)),
                                                         limit=_kronor(national.direct_award), since=national.since,
                                                         source=national.source),
                                        path=(*path, name), hint=_("write {field}: {amount}").format(field=name,
                                                                                                    amount=amount)))
        return problems
    for limit, threshold in (("direct_award", "services"), ("direct_award_social_services", "social_services")):
        if threshold not in skip and getattr(period, limit) > getattr(period, threshold):
            problems.append(Problem(_("{amount} kronor: the direct award limit is above the threshold ({threshold})")
                                    .format(amount=_kronor(getattr(period, limit)),
                                            threshold=_kronor(getattr(period, threshold))),
                                    path=(*path, limit),
                                    hint=_("copy the amount again from {source}").format(source=period.source)))
    return problems


def _kronor(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _merge(defaults: dict, own: dict) -> dict:
    merged = dict(defaults)
    for key, value in own.items():
        inherited = merged.get(key)
        merged[key] = _merge(inherited, value) if isinstance(inherited, dict) and isinstance(value, dict) else value
    return merged
