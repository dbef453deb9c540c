"""What a template may name: the fields of `render.context.Context`, followed through the types
of the spec model, the derived figures and the law data.

Checking a template against types, not against a sample spec, finds a misspelt field even in a
branch that no bundled spec takes (`{% if procurement %}…{{ procurement.lots_typo }}`).
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from jinja2.sandbox import modifies_known_mutable
from pydantic import BaseModel

from ..i18n import _

UNKNOWN: Any = Any  # a value whose members cannot be known (a filter's result, a loop over pairs)


class Missing(Exception):
    """`name` is not a member of the shape; `known` lists those that are, for "did you mean"."""

    def __init__(self, known: Iterable[str], titles: dict[str, str] | None = None):
        self.known = sorted(known)
        self.titles = titles or {}  # a model's Swedish field titles → field names: `diarienummer` → `dnr`
        super().__init__()


class Refused(Exception):
    """`name` exists but a template may not use it: Python's internals, or a method that changes
    data (the sandbox refuses both when the template is rendered)."""


def declared_attributes(cls: type) -> frozenset[str] | None:
    """What a template may read of a model or dataclass: its fields and its own properties, not
    the methods it inherits (pydantic's `parse_raw` would unpickle anything). None for other kinds."""
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        base = BaseModel
    elif dataclasses.is_dataclass(cls):
        base = object
    else:
        return None
    return _declared(cls, base)


@cache
def _declared(cls: type, base: type) -> frozenset[str]:
    fields = set(cls.model_fields) if base is BaseModel else {field.name for field in dataclasses.fields(cls)}
    properties = {name for name in dir(cls) if isinstance(getattr(cls, name, None), property)
                  and not hasattr(base, name) and not name.startswith("_")}
    return frozenset(fields | properties)


def member(shape: Any, name: str) -> Any:
    """The shape of `shape.name` (Jinja tries the attribute, then the key); Missing if neither,
    Refused if a template may not use it."""
    shape = _concrete(shape)
    if name.startswith("_"):
        raise Refused(_("`{name}` is one of Python's internals").format(name=name))
    if shape is UNKNOWN:
        return UNKNOWN
    if isinstance(shape, tuple):  # a union: a member of any of its kinds
        for option in shape:
            try:
                return member(option, name)
            except Missing:
                continue
        raise Missing({known for option in shape for known in _members(option)})
    fields = _fields(shape)
    if fields is not None and name in fields:
        return fields[name]
    origin = typing.get_origin(shape) or shape
    declared = declared_attributes(origin)
    if declared is not None:  # a model or dataclass: a property, or nothing
        if name not in declared:
            raise Missing(declared, _titles(origin))
        return _hints(getattr(origin, name).fget).get("return", UNKNOWN)
    if origin in (dict, Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping) and fields is None):
        arguments = typing.get_args(shape)
        return arguments[1] if len(arguments) == 2 else UNKNOWN
    if isinstance(origin, type) and issubclass(origin, enum.Enum) and name in ("value", "name"):
        return UNKNOWN
    if origin in (list, dict, set) and modifies_known_mutable(origin(), name):
        raise Refused(_("`{name}` changes data, and a template only reads it").format(name=name))
    attribute = getattr(origin, name, None) if isinstance(origin, type) else None
    if attribute is not None:  # a method or a class attribute: `date.year`, `text.upper`, `kind.value`
        return UNKNOWN
    raise Missing(_members(shape))


def element(shape: Any) -> Any:
    """The shape of an item when a template loops over `shape`."""
    shape = _concrete(shape)
    if shape is UNKNOWN or isinstance(shape, tuple):
        return UNKNOWN
    arguments = typing.get_args(shape)
    origin = typing.get_origin(shape)
    if origin in (list, set, frozenset, Sequence, Iterable) and arguments:
        return arguments[0]
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return arguments[0]
    if origin in (dict, Mapping) and arguments:
        return arguments[0]
    if shape is str:
        return str
    return UNKNOWN


def _concrete(shape: Any) -> Any:
    """Without None and Annotated: a union becomes a tuple of its kinds, or its only kind."""
    if shape is None or shape is type(None) or shape is Callable or typing.get_origin(shape) is Callable:
        return UNKNOWN
    origin = typing.get_origin(shape)
    if origin is typing.Annotated:
        return _concrete(typing.get_args(shape)[0])
    if origin is typing.Literal:
        return str
    if origin in (typing.Union, types.UnionType):
        kinds = tuple(_concrete(kind) for kind in typing.get_args(shape) if kind is not type(None))
        if UNKNOWN in kinds:
            return UNKNOWN
        return kinds[0] if len(kinds) == 1 else kinds
    return shape


def _fields(shape: Any) -> dict[str, Any] | None:
    """Named fields of a model, dataclass or TypedDict; None for other kinds."""
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return {name: field.annotation for name, field in shape.model_fields.items()}
    if typing.is_typeddict(shape) or dataclasses.is_dataclass(shape):
        return _hints(shape)
    return None


def _members(shape: Any) -> set[str]:
    shape = _concrete(shape)
    declared = declared_attributes(shape)
    if declared is not None:
        return set(declared)
    if typing.is_typeddict(shape):
        return set(_hints(shape))
    if isinstance(shape, type) and issubclass(shape, enum.Enum):
        return {"value", "name"}
    return set()


def _titles(cls: type) -> dict[str, str]:
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        return {}
    return {field.title.lower(): name for name, field in cls.model_fields.items() if field.title}


@cache
def _hints(owner: Any) -> dict[str, Any]:
    return typing.get_type_hints(owner)
