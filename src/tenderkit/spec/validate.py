"""Loaded data → a validated model (a spec, a requirement library, the law data), with every
problem located and said in plain words.

Pydantic's messages are written for programmers ("Input should be a valid integer"); here each
error becomes the file, line and column of the value, the field with its Swedish label, what was
expected, and how to fix it.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..i18n import N_, _, ngettext
from . import references
from .errors import Location, PathT, Problem, SpecError, format_path
from .loader import Loaded, SourceMap, read_yaml
from .suggest import closest, models_in

if TYPE_CHECKING:
    from .project import LoadedSpec, ProjectPaths
from .model import Spec
from .types import INIT_EXAMPLES, PATTERN_WORDS, SPEC_ID, WINDOWS_RESERVED

M = TypeVar("M", bound=BaseModel)
_SPEC_ID = re.compile(SPEC_ID)
_GENERIC_TITLES = {"lägsta", "högsta", "id", "namn", "datum", "status", "titel", "månader", "benämning"}
_GROUP = (N_("a group of fields"), N_("write the fields indented below this line, as `name: value`"))
# What each type error expects and how to write it (translated where used: the language is chosen later).
_EXPECTED = {
    "int_type": (N_("a whole number"), N_("write digits, e.g. 510")),
    "float_type": (N_("a number"), N_("write digits with a decimal point, e.g. 1390.50")),
    "string_type": (N_("text"), N_("write text here; put it in quotes if it looks like a number or a date")),
    "date_type": (N_("a date like 2024-09-19"), N_("write the date as YYYY-MM-DD, e.g. 2024-09-19, without quotes")),
    "bool_type": (N_("true or false"), N_("write true or false")),
    "tuple_type": (N_("a list"), N_("write each item on its own line, starting with `- `")),
    "model_type": _GROUP,
    "model_attributes_type": _GROUP,
    "dict_type": _GROUP,
}
_HINTS = {
    "xml_character": N_("the character is invisible: retype the text around this place"),
    "leftover": N_("write the real text, or remove the field"),
    "range_order": N_("write the lower value as `min` and the higher as `max`"),
    "reserved_id": N_("choose another id"),
    "month_year": N_("check the year: a typo such as 0025 for 2025?"),
}

# Fields of earlier versions of the spec: the field that replaces each, and how to write it.
_REPLACED = {
    ("procurement", "evaluation", "criteria", "deduction"): (
        "levels", N_("a criterion now has scoring levels: write `levels:` with one item per level, from 0 to the "
                     "highest, each with `deduction:` (percent) and `earned_by:` (what earns it)")),
    ("procurement", "terms", "data_processing_agreement"): (
        "personal_data", N_("write `personal_data:` with `categories`, `data_subjects`, `special_categories` and "
                            "`purpose` (the PUB-avtal states them, GDPR art. 28), or nothing when the supplier "
                            "processes no personal data")),
    ("procurement", "award", "review_court"): (
        "authority.review_body", N_("write the court once, as `review_body:` with its `name` under "
                                    "procurement.authority: the tilldelningsbeslut and the notice both name it there")),
}


@dataclass(frozen=True)
class ValidSpec:
    """A spec that passed validation, with what later stages need to locate their problems."""

    spec: Spec
    id: str
    file: str
    source: SourceMap
    data: dict
    paths: ProjectPaths
    warnings: tuple[Problem, ...] = ()  # the file's own (a value cut by a comment, an example left in)

    def locate(self, problem: Problem) -> Problem:
        return locate(problem, self.source, self.data)


def validate(loaded_spec: LoadedSpec) -> ValidSpec:
    """Raise `SpecError` with every problem of the file, or return the valid spec."""
    loaded = loaded_spec.loaded
    spec = validate_data(Spec, loaded)
    problems = list(loaded.problems) + references.check(spec) + _init_examples(loaded.data)
    spec_id = spec.id or Path(loaded.file).stem
    if not _SPEC_ID.fullmatch(spec_id) or spec_id in WINDOWS_RESERVED:
        message = _("the file name `{id}` is a reserved name on Windows and cannot name a folder in output/") \
            if spec_id in WINDOWS_RESERVED else _("the file name `{id}` cannot name a folder in output/")
        problems.append(Problem(
            message.format(id=spec_id),
            hint=_("add a line `id: …` with lowercase letters a–z, digits, - and _, e.g. id: boendestod-2025")))
    located = [locate(p, loaded.source, loaded.data) for p in problems]
    if any(p.is_error for p in located):
        raise SpecError(located, loaded.source.lines)
    return ValidSpec(spec, spec_id, loaded.file, loaded.source, loaded.data, loaded_spec.paths, tuple(located))


def _init_examples(node: Any, path: PathT = ()) -> list[Problem]:
    """A warning for each value that still holds an example `tenderkit init` wrote (an error with
    --strict): the documents would name a person, an address or an organisation that is not real."""
    if isinstance(node, dict):
        return [problem for key, value in node.items() for problem in _init_examples(value, path + (key,))]
    if isinstance(node, (list, tuple)):
        return [problem for index, value in enumerate(node) for problem in _init_examples(value, path + (index,))]
    example = next((example for example in INIT_EXAMPLES if isinstance(node, str) and example in node), None)
    if example is None:
        return []
    return [Problem(_("still holds “{example}”, the example from `tenderkit init`").format(example=example), path=path,
                    severity="warning", hint=_("write the real value here, or remove the field if it is optional"))]


def validate_data(root: type[M], loaded: Loaded) -> M:
    """Validate loaded data against `root` (a spec, a requirement library, the law data); raise
    `SpecError` with every problem found, the loader's included."""
    try:
        valid = root.model_validate(loaded.data)
    except ValidationError as exc:
        problems = _drop_echoes(list(loaded.problems) + _translate(exc, loaded.data, root), loaded.said)
        raise SpecError([locate(p, loaded.source, loaded.data, root) for p in problems], loaded.source.lines) from None
    if any(p.is_error for p in loaded.problems):
        raise SpecError([locate(p, loaded.source, loaded.data, root) for p in loaded.problems], loaded.source.lines)
    return valid


def read_valid(root: type[M], path: Path) -> tuple[Loaded, M]:
    """Read a YAML file and validate it against `root`; `SpecError` with every problem found."""
    loaded = read_yaml(path)
    return loaded, validate_data(root, loaded)


@dataclass(frozen=True)
class ValidFiles(Generic[M]):
    """Files read one by one (the tenders of a directory, the requirement libraries): each that is
    valid, with what locates its later problems, and every problem of the others."""

    valid: tuple[tuple[Path, Loaded, M], ...]
    problems: tuple[Problem, ...]
    sources: dict[str, list[str]]  # every file's lines, for messages


def read_all_valid(root: type[M], paths: Iterable[Path]) -> ValidFiles[M]:
    """Every file of `paths` read and validated against `root`; one that is not valid does not
    stop the others, so a user sees all that is wrong at once."""
    valid: list[tuple[Path, Loaded, M]] = []
    problems: list[Problem] = []
    sources: dict[str, list[str]] = {}
    for path in paths:
        try:
            loaded, model = read_valid(root, path)
        except SpecError as exc:
            problems += exc.problems
            sources.update(exc.sources)
            continue
        sources.update(loaded.source.lines)
        valid.append((path, loaded, model))
    return ValidFiles(tuple(valid), tuple(problems), sources)


def locate(problem: Problem, source: SourceMap, data: dict, root: type[BaseModel] = Spec) -> Problem:
    """Give a problem its location (from its path) and its readable field name."""
    where = problem.where
    if problem.path and not where:
        dotted = format_path(problem.path, _item_ids(data, problem.path))
        title = label(problem.path, root)
        where = dotted if title in (dotted, "spec") else f"{dotted} ({title})"
    location = problem.location or source.locate(problem.path, key=problem.on_key)
    if problem.snippet and location and not problem.location:
        location = _find(problem.snippet, location, source.lines.get(location.file, []))
    located = problem.at(location, where)
    if problem.also and not problem.also_location:
        located = replace(located, also_location=source.locate(problem.also))
    return located


def _find(snippet: str, start: Location, lines: list[str]) -> Location:
    """Where `snippet` stands in a (folded, multi-line) value that starts at `start`."""
    for number in range(start.line - 1, min(start.line + 200, len(lines))):
        column = lines[number].find(snippet, start.column - 1 if number == start.line - 1 else 0)
        if column >= 0:
            return Location(start.file, number + 1, column + 1)
    return start


def _item_ids(data: Any, path: PathT) -> dict[PathT, str]:
    ids: dict[PathT, str] = {}
    node = data
    for depth, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            ids[path[: depth + 1]] = node["id"]
    return ids


def label(path: PathT, root: type[BaseModel] = Spec) -> str:
    """The Swedish label of the field at `path`, with its parent's where the label alone is vague."""
    titles = [info.title or name for name, info in _fields_along(path, root)]
    if not titles:
        return "spec"
    if len(titles) > 1 and titles[-1] in _GENERIC_TITLES:
        return f"{titles[-2]}, {titles[-1]}"
    return titles[-1]


def _fields_along(path: PathT, root: type[BaseModel]) -> list[tuple[str, Any]]:
    """The model fields that `path` passes through, as far as the models go."""
    models: list[type[BaseModel]] = [root]
    fields = []
    for part in path:
        if isinstance(part, int):
            continue
        info = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        if info is None:
            break
        fields.append((part, info))
        models = models_in(info.annotation)
    return fields


def field_names(path: PathT, root: type[BaseModel] = Spec) -> list[str]:
    """The fields a mapping at `path` may have, for "did you mean"."""
    fields = _fields_along(path, root)
    if len(fields) != len([p for p in path if not isinstance(p, int)]):
        return []
    models = models_in(fields[-1][1].annotation) if fields else [root]
    return sorted({name for m in models for name in m.model_fields})


def _translate(exc: ValidationError, data: dict, root: type[BaseModel]) -> list[Problem]:
    """One problem per place in the data; a union's several failures become one message; an
    unknown field that stands for a missing one (`tjänst:` for `service:`) is said once."""
    grouped: dict[PathT, list[dict]] = {}
    for error in exc.errors(include_url=False):
        grouped.setdefault(_data_path(error["loc"], data, error["type"] == "missing"), []).append(error)
    missing = {path for path, errors in grouped.items() if errors[0]["type"] == "missing"}
    meant: dict[PathT, str] = {}
    for path, errors in grouped.items():
        if errors[0]["type"] == "extra_forbidden":
            preferred = [p[-1] for p in missing if p[:-1] == path[:-1]]
            replaced = _replacement(path, root)
            suggestion = replaced[0] if replaced else _suggest_field(str(path[-1]), path[:-1], root, preferred)
            if suggestion:
                meant[path] = suggestion
    explained = {path[:-1] + (name,) for path, name in meant.items()}
    problems = []
    for path, errors in grouped.items():
        kind = errors[0]["type"]
        if kind == "missing" and path in explained:
            continue
        deeper = any(p[:len(path)] == path and p != path for p in grouped)
        if kind == "too_short" and deeper:
            continue  # a list whose items all failed is also "too short"; the items' own errors say more
        if deeper and all(len(e["loc"]) > len(path) for e in errors):
            continue  # the value is the union's other branch (an entry, not an id): its own errors say more
        if kind == "extra_forbidden":
            problems.append(_unknown_field(path, meant.get(path), path[:-1] + (meant.get(path),) in missing, root))
        else:
            problems.append(_problem(path, errors, root))
    return problems


def _replacement(path: PathT, root: type[BaseModel]) -> tuple[str, str] | None:
    """The field that replaces a field of an earlier version of the spec, and how to write it."""
    return _REPLACED.get(tuple(part for part in path if not isinstance(part, int))) if root is Spec else None


def _unknown_field(path: PathT, suggestion: str | None, is_missing: bool, root: type[BaseModel]) -> Problem:
    replaced = _replacement(path, root)
    if replaced:
        return Problem(_("the field `{field}` is replaced by `{replacement}`").format(field=path[-1], replacement=replaced[0]),
                       path=path, on_key=True, hint=_(replaced[1]))
    if suggestion:
        hint = (_("did you mean `{name}`? It is required and missing.") if is_missing
                else _("did you mean `{name}`?")).format(name=suggestion)
    else:
        names = field_names(path[:-1], root)
        hint = _("the fields here are: {names}").format(names=", ".join(names)) if names else _("remove it")
    return Problem(_("unknown field `{field}`").format(field=path[-1]), path=path, on_key=True, hint=hint)


def _data_path(loc: tuple, data: Any, missing: bool = False) -> PathT:
    """Pydantic's location as a path in the data: union branch names (`negotiated`,
    `function-after[…]`) are not keys of the data and drop out; a `missing` field stays."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, tuple) and isinstance(part, int) and part < len(node):
            node = node[part]
            path.append(part)
        elif missing and index == len(loc) - 1 and isinstance(node, dict) and isinstance(part, str):
            path.append(part)
    return tuple(path)


def _problem(path: PathT, errors: list[dict], root: type[BaseModel]) -> Problem:
    first = errors[0]
    kind = first["type"]
    value = first.get("input")
    got = _shown(value)
    ctx = first.get("ctx", {})
    if kind == "missing":
        name = path[-1]
        return Problem(_("the field `{field}` is missing").format(field=name), path=path[:-1], on_key=True,
                       hint=_("add `{field}:` ({label})").format(field=name, label=label(path, root))
                       + _description(path, root))
    if kind == "union_tag_invalid":  # the value of the tag field (`status: done`) is the problem
        tag_field = ctx.get("discriminator", "").strip("'")
        return Problem(_("unknown {field} {value}").format(field=tag_field, value=_shown(ctx.get("tag"))),
                       path=path + (tag_field,), hint=_("write `{field}:` with one of: {values}").format(
                           field=tag_field, values=ctx.get("expected_tags", "")))
    if kind == "union_tag_not_found":  # pydantic does not list the tags here; the model does
        tag_field = ctx.get("discriminator", "").strip("'")
        fields = _fields_along(path, root)
        members = models_in(fields[-1][1].annotation) if fields else []
        tags = ", ".join(repr(tag) for model in members if tag_field in model.model_fields
                         for tag in typing.get_args(model.model_fields[tag_field].annotation))
        return Problem(_("the field `{field}` is missing").format(field=tag_field), path=path, on_key=True,
                       hint=_("write `{field}:` with one of: {values}").format(field=tag_field, values=tags))
    if kind in ("enum", "literal_error"):
        return Problem(_("expected one of {values}, got {value}").format(values=_listed(ctx.get("expected", "")),
                                                                          value=got),
                       path=path, hint=_("write one of the listed values"))
    if kind == "string_pattern_mismatch":
        words, hint = PATTERN_WORDS.get(ctx.get("pattern", ""), (None, None))
        words = _(words) if words else _("text matching {pattern}").format(pattern=ctx.get("pattern"))
        return Problem(_("expected {expected}, got {value}").format(expected=words, value=got), path=path,
                       hint=_(hint) if hint else None)
    if kind in ("greater_than_equal", "greater_than"):
        return Problem(_("must be at least {limit}, got {value}").format(limit=ctx.get("ge", ctx.get("gt")), value=got),
                       path=path, hint=_("check the value for a typo"))
    if kind in ("less_than_equal", "less_than"):
        return Problem(_("must be at most {limit}, got {value}").format(limit=ctx.get("le", ctx.get("lt")), value=got),
                       path=path, hint=_("check the value for a typo"))
    if kind == "too_short":
        count = ctx["min_length"]
        return Problem(ngettext("needs at least {count} item", "needs at least {count} items", count).format(count=count),
                       path=path, hint=_("add an item on a line starting with `- `") + _description(path, root))
    expectations = [_EXPECTED[e["type"]] for e in errors if e["type"] in _EXPECTED]
    kinds = {e["type"] for e in errors}
    if "year" in kinds or {"month", "int_type"} <= kinds:
        # `date | Month | Year`: a start known to the day, the month or the year
        return Problem(_("expected a date like 2024-09-19, a month like 2007-03 or a year like 2007, got {value}")
                       .format(value=got), path=path,
                       hint=_hint_for("date_type", value) or _("write YYYY-MM-DD, YYYY-MM or YYYY without quotes"))
    if kind == "month" or (expectations and len(errors) > len(expectations)):
        # `date | Month`: one branch's type error and the other's message together
        return Problem(_("expected a date like 2024-09-19 or a month like 2025-03, got {value}").format(value=got),
                       path=path, hint=_("write YYYY-MM-DD or YYYY-MM without quotes"))
    if kind == "date_type" and _PARTIAL_DATE.fullmatch(str(value)):
        return Problem(_("needs a full date, got {value}: a year or a month is enough only for a contract's start, "
                         "and the law counts days from this date").format(value=got), path=path,
                       hint=_("write the day too, as YYYY-MM-DD, e.g. {date}").format(
                           date=_PARTIAL_DATE.sub(_first_day, str(value))))
    if expectations:
        words = _either([_(expected) for expected in dict.fromkeys(e[0] for e in expectations)])
        if value is None or value == "":
            return Problem(_("is empty; expected {expected}").format(expected=words), path=path,
                           hint=_empty_hint(path, root))
        return Problem(_("expected {expected}, got {value}").format(expected=words, value=got), path=path,
                       hint=_hint_for(kind, value) or _(expectations[0][1]))
    if kind == "empty_text":
        return Problem(_("is empty"), path=path, hint=_empty_hint(path, root))
    hint = _HINTS.get(kind)
    return Problem(first["msg"].removeprefix("Value error, "), path=path, hint=_(hint) if hint else None)


def _empty_hint(path: PathT, root: type[BaseModel]) -> str:
    return _("write a value here") if _is_required(path, root) else _("write a value, or remove the line")


def _either(alternatives: list[str]) -> str:
    """`a, b or c` in the user's language."""
    if len(alternatives) < 2:
        return "".join(alternatives)
    return _("{alternatives} or {last}").format(alternatives=", ".join(alternatives[:-1]), last=alternatives[-1])


def _listed(expected: str) -> str:
    """Pydantic's `'a', 'b' or 'c'` with the "or" in the user's language (the values are
    identifiers and never hold " or ")."""
    head, separator, last = expected.rpartition(" or ")
    return _("{alternatives} or {last}").format(alternatives=head, last=last) if separator else expected


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def _first_day(match: re.Match) -> str:
    return f"{match.group(1)}-{match.group(2) or '01'}-01"


def _hint_for(kind: str, value: Any) -> str | None:
    """A hint that answers the mistake actually made, where the input shows it."""
    if kind == "int_type" and isinstance(value, float):
        return _("write a whole number, without decimals")
    if isinstance(value, str) and _INVISIBLE.search(value):
        return _("the value holds an invisible character (shown as \\u…), often pasted with it: retype the value")
    if kind == "int_type" and isinstance(value, str):
        digits = value.strip()
        if re.fullmatch(r"-?\d+", digits):
            return _("remove the quotes: {value}").format(value=digits)
        if re.fullmatch(r"-?\d{1,3}([ \u00a0]\d{3})+", digits):
            return _("write the number without spaces: {number}").format(number=re.sub(r"[ \u00a0]", "", digits))
        if re.fullmatch(r"-?\d+[.,]\d+", digits):
            return _("write a whole number, without decimals")
        unit = re.fullmatch(r"(-?[\d \u00a0]*\d)\s*([^\W\d]+\.?)", digits)  # 1450 kr, 240 timmar, 2 600 h
        if unit:
            return _("write the number alone, without “{unit}”: {number}").format(
                unit=unit.group(2), number=re.sub(r"[ \u00a0]", "", unit.group(1)))
    if kind in ("model_type", "model_attributes_type") and isinstance(value, str):
        span = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", value)
        if span:
            return _("write the range as {range}").format(range=f"{{min: {span.group(1)}, max: {span.group(2)}}}")
    if kind == "date_type" and isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return _("remove the quotes: {value}").format(value=value)
        timed = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2})?", value)
        if timed:
            return _("write the date alone, without the time: {date}").format(date=timed.group(1))
        loose = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if loose:
            year, month, day = loose.groups()
            return _("write month and day with two digits: {date}").format(date=f"{year}-{int(month):02d}-{int(day):02d}")
    return None


def _is_required(path: PathT, root: type[BaseModel]) -> bool:
    fields = _fields_along(path, root)
    return bool(fields) and fields[-1][1].is_required()


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def _shown(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, str):  # invisible characters written out, so the message shows what is there
        text = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
        return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'
    if isinstance(value, dict):
        return _("a group of fields")
    if isinstance(value, tuple):
        return _("a list")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _description(path: PathT, root: type[BaseModel]) -> str:
    fields = _fields_along(path, root)
    info = fields[-1][1] if fields else None
    return f": {info.description}" if info and info.description else ""


def _suggest_field(name: str, parent: PathT, root: type[BaseModel], preferred: list[str]) -> str | None:
    """The field a misspelt or Swedish key most likely means; fields missing here are preferred."""
    titles = {candidate: label(parent + (candidate,), root).split(", ")[-1] for candidate in field_names(parent, root)}
    return closest(name, titles, preferred)


def _drop_echoes(problems: list[Problem], said: frozenset[PathT] = frozenset()) -> list[Problem]:
    """A value the loader already reported (an alias, `no`, a bad date) fails validation too;
    say it once."""
    reported = {p.path for p in problems if p.location} | said
    return [p for p in problems if p.location or not any(p.path[: len(r)] == r for r in reported if r)]
