"""Prose cites facts by reference to the data, never by restating them.

A paragraph may contain `{service.participants}` or `{service.target_group.life_situations:eller}`;
list items are reached by their id (`{contracts.ihf.end}`; a contract's volumes by component),
`{{` and `}}` are literal braces.
This is a deliberately tiny language: a path and an optional list style. Spec text is never
evaluated as a template, so a paragraph cannot run code or reach anything but the spec's data.
References are checked when a spec is validated; rendering formats the values in Swedish.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..i18n import _
from .errors import PathT, Problem
from .suggest import closest, models_in
from .types import Paragraph

LIST_STYLES = ("och", "eller")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_PATH = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


@dataclass(frozen=True)
class Reference:
    path: tuple[str, ...]
    style: str | None
    source: str  # as written, with braces, for messages


class BadReference(ValueError):
    """A reference that does not parse or does not resolve; `hint` says how to fix it and
    `snippet` is the text to point at."""

    def __init__(self, message: str, hint: str | None = None, snippet: str | None = None):
        super().__init__(message)
        self.hint = hint
        self.snippet = snippet


def parse(text: str) -> list[str | Reference]:
    parts: list[str | Reference] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        parts.append(text[pos:match.start()])
        token = match.group()
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif token in ("{", "}"):
            before = text[:match.start()].rstrip().rsplit(" ", 1)[-1]
            raise BadReference(_("a lone `{brace}` after “{word}”").format(brace=token, word=before) if before
                               else _("a lone `{brace}`").format(brace=token),
                               hint=_("write {{ or }} for a literal brace; a reference looks like "
                                      "{service.participants}"),
                               snippet=f"{before} {token}" if text[match.start() - 1:match.start()] == " " else before + token)
        else:
            body = match.group(1).strip()
            path, _colon, style = body.partition(":")
            if not _PATH.fullmatch(path):
                raise BadReference(_("`{reference}` is not a reference to the data").format(reference=token),
                                   hint=_("a reference is a path of field names, e.g. {service.participants}; "
                                          "write {{ and }} for literal braces"), snippet=token)
            if style and style not in LIST_STYLES:
                raise BadReference(_("unknown list style `{style}` in `{reference}`").format(style=style, reference=token),
                                   hint=_("after `:` write `och` or `eller` to choose how a list is joined"),
                                   snippet=token)
            parts.append(Reference(tuple(path.split(".")), style or None, token))
        pos = match.end()
    parts.append(text[pos:])
    return [p for p in parts if p != ""]


def resolve(root: BaseModel, reference: Reference) -> Any:
    """The value `reference` names. Lists are entered by item id, models by field name."""
    node: Any = root
    for depth, name in enumerate(reference.path):
        walked = ".".join(reference.path[:depth])
        if isinstance(node, BaseModel):
            fields = type(node).model_fields
            if name not in fields:
                message = _("`{reference}`: {path} has no field `{name}`") if walked else \
                    _("`{reference}`: the spec has no field `{name}`")
                raise BadReference(message.format(reference=reference.source, path=walked, name=name),
                                   hint=_suggest_field(name, node, walked, reference.path[depth + 1:]))
            node = getattr(node, name)
        elif isinstance(node, tuple) and node and all(_key(item) for item in node):
            ids = [_key(item) for item in node]
            if name not in ids:
                raise BadReference(_("`{reference}`: {path} has no item with id `{name}`").format(
                    reference=reference.source, path=walked, name=name),
                    hint=_suggest(name, ids, walked, reference.path[depth + 1:]))
            node = node[ids.index(name)]
        else:
            raise BadReference(_("`{reference}`: {path} is a single value and has no `{name}`").format(
                reference=reference.source, path=walked, name=name))
    return _citable(node, reference)


def _key(item: Any) -> str | None:
    """How a list item is named in a reference: its id, or for a contract's volumes the component."""
    return getattr(item, "id", None) or getattr(item, "component", None)


def _citable(value: Any, reference: Reference) -> Any:
    dotted = ".".join(reference.path)
    if value is None:
        raise BadReference(_("`{reference}` has no value in this spec").format(reference=reference.source),
                           hint=_("fill in {path}, or rephrase").format(path=dotted))
    if isinstance(value, tuple) and value and all(_key(item) for item in value):
        ids = ", ".join(_key(item) for item in value)
        raise BadReference(_("`{reference}` is a list of items; cite one item's field").format(reference=reference.source),
                           hint=_("the items are: {ids}; e.g. {example}").format(
                               ids=ids, example=f"{{{dotted}.{_key(value[0])}.…}}"))
    if isinstance(value, BaseModel) and not _is_range(value):
        fields = ", ".join(name for name, v in value if v is not None)
        raise BadReference(_("`{reference}` is a group of fields; cite one of them").format(reference=reference.source),
                           hint=_("its fields are: {fields}").format(fields=fields))
    if reference.style and not isinstance(value, tuple):
        raise BadReference(_("`{reference}`: `:{style}` only applies to a list").format(
            reference=reference.source, style=reference.style))
    return value


def _is_range(value: BaseModel) -> bool:
    return _is_range_model(type(value))


def _is_range_model(model: type[BaseModel]) -> bool:
    return set(model.model_fields) == {"min", "max"}


def _suggest_field(name: str, node: BaseModel, walked: str, rest: tuple[str, ...]) -> str:
    """As for an unknown key (spelling, then Swedish titles: `slut` → end), among the fields of the
    kind the reference needs there: a value to cite at its end, a group or a list of items before
    it. Offering a field of another kind would build text that reads wrong without an error. The
    suggestion keeps the rest of the reference (`{x.slut.y}` → `{x.end.y}`)."""
    fields = type(node).model_fields
    titles = {field: info.title or field for field, info in fields.items()
              if _holds_values(info.annotation) == (not rest)}
    meant = closest(name, titles)
    if meant:
        return _meant(walked, meant, rest)
    return _("choose one of: {names}").format(names=", ".join(titles or fields))


def _meant(walked: str, name: str, rest: tuple[str, ...]) -> str:
    reference = ".".join(filter(None, (walked, name, *rest)))
    return _("did you mean {reference}?").format(reference=f"{{{reference}}}")


def _holds_values(annotation: Any) -> bool:
    """Whether a field is cited as it stands (text, a date, a number, a range, a list of texts),
    not entered further (a group of fields, a list of items)."""
    return all(_is_range_model(model) for model in models_in(annotation))


def _suggest(name: str, candidates: list[str], walked: str, rest: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    if close:
        return _meant(walked, close[0], rest)
    return _("choose one of: {names}").format(names=", ".join(candidates))


_SENTENCE_END = re.compile(r"(?:^|[.!?]\s+)$")


def interpolate(text: str, root: BaseModel, format_value: Callable[[Any, str | None], str],
                begin_sentence: Callable[[str], str] = str) -> str:
    """The text with each reference written out by `format_value`; a value that begins a sentence
    is passed through `begin_sentence` too ("{organisation.short_name} beställer" → "Kommunen
    beställer")."""
    written = ""
    for part in parse(text):
        if isinstance(part, str):
            written += part
        else:
            value = format_value(resolve(root, part), part.style)
            written += begin_sentence(value) if _SENTENCE_END.search(written) else value
    return written


def paragraphs(node: Any, path: PathT = ()) -> Iterator[tuple[PathT, Paragraph]]:
    """Every prose paragraph in the spec, with its path."""
    if isinstance(node, Paragraph):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from paragraphs(getattr(node, name), path + (name,))
    elif isinstance(node, tuple):
        for index, item in enumerate(node):
            yield from paragraphs(item, path + (index,))


def check(spec: BaseModel) -> list[Problem]:
    """Every reference in every paragraph must parse and name a citable value."""
    problems = []
    for path, text in paragraphs(spec):
        try:
            references = [part for part in parse(text) if isinstance(part, Reference)]
        except BadReference as exc:
            problems.append(Problem(str(exc), path=path, hint=exc.hint, snippet=exc.snippet))
            continue
        for reference in references:
            try:
                resolve(spec, reference)
            except BadReference as exc:
                problems.append(Problem(str(exc), path=path, hint=exc.hint, snippet=reference.source))
    return problems
