"""What changed in meaning between two versions of a spec.

Both versions are validated first and compared as models, so formatting (key order, quotes,
comments, line folding) can never show as a change. List items are matched by their id, so a
reordered or renamed item is one item; each change is labelled with the Swedish titles of its
fields and items ("Enskilda samtal, timmar per år: 240 → 2 840 (+2 600)"), and the derived
figures (totals, årsarbetare, contract value, threshold class) are compared too.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from pydantic import BaseModel

from .. import documents
from ..build import CheckedSpec
from ..i18n import _
from ..render.filters import cite, signed, unit_name
from ..spec.model import Contract, Unit, UnitWords
from ..spec.types import Month, Range

_WORD = re.compile(r"\s+|[^\s]+")
_SHORT = 70  # text longer than this is shown as a word diff rather than old → new
_LONG = 160  # added or removed text is cut here in the text view (JSON has it whole)


@dataclass(frozen=True)
class Change:
    kind: str  # changed, added, removed
    path: tuple  # field names and item ids, e.g. ("service", "components", "individual", "per_year")
    label: str  # how a reader names it: "Enskilda samtal, timmar per år"
    old: Any = None
    new: Any = None
    derived: bool = False  # a computed figure, not a field of the spec

    @property
    def delta(self) -> int | Fraction | None:
        numbers = (int, Fraction)
        if isinstance(self.old, numbers) and isinstance(self.new, numbers) and not isinstance(self.old, bool):
            return self.new - self.old
        return None


def same_service(old: CheckedSpec, new: CheckedSpec) -> bool:
    """Two specs describe the same service when they share its name, its short name, or a component."""
    a, b = old.spec.service, new.spec.service
    return (a.name == b.name or (a.short_name is not None and a.short_name == b.short_name)
            or bool({c.id for c in a.components} & {c.id for c in b.components}))


def diff_specs(old: CheckedSpec, new: CheckedSpec) -> list[Change]:
    return list(_Differ(old, new).walk(old.spec, new.spec, (), ())) + _derived(old, new)


class _Differ:
    """Walks two models side by side; knows the components' names and units, so a contract's
    volume for `group` reads as "Gruppverksamhet, timmar per år"."""

    def __init__(self, old: CheckedSpec, new: CheckedSpec):
        components = [*old.spec.service.components, *new.spec.service.components]  # new names win
        self.names = {c.id: c.name for c in components}
        self.units = {c.id: c.unit for c in components}

    def walk(self, old: Any, new: Any, path: tuple, names: tuple[str, ...]):
        if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new) and not _is_value(new):
            for name, info in type(new).model_fields.items():
                title = self._title(name, info.title or name, new)
                yield from self.walk(getattr(old, name), getattr(new, name), path + (name,), names + (title,))
        elif isinstance(old, BaseModel) and isinstance(new, BaseModel) and not _is_value(new):
            # another variant of a union (MBL negotiated → not required): compare field by field
            old_fields, new_fields = dict(old), dict(new)
            for name in dict.fromkeys([*old_fields, *new_fields]):
                info = type(new).model_fields.get(name) or type(old).model_fields[name]
                yield from self.walk(old_fields.get(name), new_fields.get(name), path + (name,),
                                     names + (info.title or name,))
        elif isinstance(old, tuple) and isinstance(new, tuple):
            yield from self._walk_list(old, new, path, names)
        elif old != new and len(path) > 2 and path[0] == "contracts":
            # a contract's field names its contract, so its volumes are told apart from the service's
            kind = "added" if old is None else "removed" if new is None else "changed"
            yield Change(kind, path, f"{names[1]}, {_label(names[2:])}", old, new)
        elif old != new:
            kind = "added" if old is None else "removed" if new is None else "changed"
            yield Change(kind, path, _label(names), old, new)

    def _title(self, field: str, title: str, item: BaseModel) -> str:
        """Volumes are titled by their unit: "timmar per år", "maxvolym, dygn"."""
        key = _key(item)
        unit = getattr(item, "unit", None) or self.units.get(key or "")
        if field == "per_year" and unit:
            return f"{unit_name(unit)} per år"
        if field == "max_volume" and unit:
            return f"maxvolym, {unit_name(unit)}"
        return title

    def _walk_list(self, old: tuple, new: tuple, path: tuple, names: tuple[str, ...]):
        if (old or new) and all(_key(item) for item in old + new):
            old_items = {_key(item): item for item in old}
            new_items = {_key(item): item for item in new}
            for key, item in old_items.items():
                if key not in new_items:
                    yield Change("removed", path + (key,), _label(names), self._display(item), None)
            for key, item in new_items.items():
                if key not in old_items:
                    yield Change("added", path + (key,), _label(names), None, self._display(item))
                else:
                    named = contract_name(item) if isinstance(item, Contract) else self._display(item)
                    yield from self.walk(old_items[key], item, path + (key,), names + (named,))
            return
        matcher = difflib.SequenceMatcher(a=[_plain(x) for x in old], b=[_plain(x) for x in new], autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                continue
            if op == "replace" and a1 - a0 == b1 - b0:
                for offset in range(a1 - a0):
                    yield from self.walk(old[a0 + offset], new[b0 + offset], path + (b0 + offset,), names)
                continue
            for item in old[a0:a1]:
                yield Change("removed", path, _label(names), item, None)
            for item in new[b0:b1]:
                yield Change("added", path, _label(names), None, item)

    def _display(self, item: Any) -> str:
        name = _display(item)
        return self.names.get(name, name) if _key(item) == name else name


def contract_name(contract: Contract) -> str:
    """A contract as a reader names it: "avtalet med Eleonoragruppen AB", "egen regi"."""
    if contract.in_house:
        return "egen regi"
    return f"avtalet med {contract.supplier}" if contract.supplier else f"avtalet {contract.subject or contract.id}"


def _is_value(node: BaseModel) -> bool:
    """A model read as one value: an age or participant range, a unit in its own words."""
    return isinstance(node, (Range, UnitWords))


def _key(item: Any) -> str | None:
    return (getattr(item, "id", None) or getattr(item, "component", None)) if isinstance(item, BaseModel) else None


def _display(item: Any) -> str:
    for name in ("name", "title", "supplier", "subject", "label"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    return _key(item) or str(item)


def _plain(value: Any) -> Any:
    return value.model_dump_json() if isinstance(value, BaseModel) else value


def _label(names: tuple[str, ...]) -> str:
    """A field's title after the name of its item or parent: "Enskilda samtal, timmar per år",
    "ärende, datum"."""
    if not names:
        return "spec"
    return f"{names[-2]}, {names[-1]}" if len(names) > 1 else names[-1]


def _derived(old: CheckedSpec, new: CheckedSpec) -> list[Change]:
    """Computed figures that changed: per unit the yearly totals and the change against today's
    contract, årsarbetare, the documents the spec makes (a PUB-avtal appears when personal data
    does), and for procurements the contract value, period and threshold class."""
    def figures(checked: CheckedSpec) -> dict[str, Any]:
        found: dict[str, Any] = {}
        f = checked.figures
        for total in f.totals:
            unit = unit_name(total.unit)
            found[f"{unit} per år, förslag totalt"] = total.proposed_per_year
            found[f"{unit} per år, dagens avtal totalt"] = total.current_per_year
            found[f"{unit} per år, förändring mot dagens avtal"] = total.change
            if total.unit is Unit.hours:
                # as the memo states it, to one decimal, so a change is one the reader can see
                found["årsarbetare, förändring"] = Fraction(round(total.fte * 10), 10) if total.fte is not None else None
        found["nuvarande avtal"] = ", ".join(contract_name(c) for c in f.contracts) or None
        found["handlingar"] = ", ".join(kind.title for kind in documents.kinds_of(checked))
        if f.procurement:
            p = f.procurement
            found["uppskattat värde enligt maxvolymerna, kronor"] = round(p.maximum_value) if p.maximum_value is not None else None
            found["uppskattat värde med de uppskattade volymerna, kronor"] = (
                round(p.expected_value) if p.expected_value is not None else None)
            found["avtalsperiod med förlängningar, månader"] = p.term_months
            found["tröskelvärde, kronor"] = p.threshold
            found["värdeklass"] = p.class_meaning
        return found

    before, after = figures(old), figures(new)
    return [Change("added" if before.get(name) is None else "removed" if after.get(name) is None else "changed",
                   ("figures", name), name, before.get(name), after.get(name), derived=True)
            for name in dict.fromkeys([*before, *after]) if before.get(name) != after.get(name)]


# --- Output ------------------------------------------------------------------------------------

_MARK = {"changed": "~", "added": "+", "removed": "-"}


def render_text(changes: list[Change]) -> str:
    if not changes:
        return _("no changes in meaning") + "\n"
    facts = [c for c in changes if not c.derived]
    figures = [c for c in changes if c.derived]
    lines = [_line(c) for c in facts]
    if figures:
        lines += ["", _("computed:")] + [_line(c) for c in figures]
    return "\n".join(lines) + "\n"


def _line(change: Change) -> str:
    mark = _MARK[change.kind]
    if change.kind == "added":
        return f"{mark} {change.label}: {_shown(change.new, shorten=True)}"
    if change.kind == "removed":
        return f"{mark} {change.label}: {_shown(change.old, shorten=True)}"
    if isinstance(change.old, str) and isinstance(change.new, str) and max(len(change.old), len(change.new)) > _SHORT:
        words = difflib.SequenceMatcher(a=change.old.split(), b=change.new.split(), autojunk=False).ratio()
        if words < 0.5:  # rewritten rather than edited: say what went and what came
            return (f"- {change.label}: {_shown(change.old, shorten=True)}\n"
                    f"+ {change.label}: {_shown(change.new, shorten=True)}")
        return f"{mark} {change.label}: {_word_diff(change.old, change.new)}"
    delta = change.delta
    suffix = f" ({_signed(delta)})" if delta else ""
    return f"{mark} {change.label}: {_shown(change.old)} → {_shown(change.new)}{suffix}"


def _signed(delta: int | Fraction) -> str:
    if isinstance(delta, Fraction) and delta.denominator != 1:
        return ("+" if delta > 0 else "−") + cite(abs(delta))
    return signed(int(delta))


def _shown(value: Any, shorten: bool = False) -> str:
    if isinstance(value, (Unit, UnitWords)):  # before str: a unit is shown by its Swedish name
        return cite(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, Fraction, date, Month, Range, tuple)):
        return cite(value)
    if isinstance(value, str):
        return value if not shorten or len(value) <= _LONG else value[:_LONG - 1].rstrip() + "…"
    if value is None:
        return "–"
    return str(value)


def _word_diff(old: str, new: str, context: int = 6) -> str:
    """Changed words in context, as `git diff --word-diff`: [-gammalt-]{+nytt+}."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    pieces: list[str] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[a0:a1]
            if len(words) > 2 * context:
                words = words[:context] + [" … "] + words[-context:] if pieces else [" … "] + words[-context:]
            pieces.append("".join(words))
        else:
            removed, added = "".join(a[a0:a1]).strip(), "".join(b[b0:b1]).strip()
            pieces.append((f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else ""))
    text = "".join(pieces)
    return text[:-len(" … ")] if text.endswith(" … ") else text


def as_json(changes: list[Change]) -> list[dict[str, Any]]:
    return [{"kind": c.kind, "path": [str(p) for p in c.path], "label": c.label, "old": _json(c.old),
             "new": _json(c.new), "delta": _json(c.delta), "derived": c.derived} for c in changes]


def _json(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, (date, Month)):
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value
