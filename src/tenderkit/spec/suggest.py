"""Fields by name and by type: one home for "did you mean", so an unknown key and an unknown
reference are answered alike."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel


def fold(word: str) -> str:
    return word.lower().translate(str.maketrans("åäöé", "aaoe"))


def closest(name: str, titles: dict[str, str], preferred: list[str] = ()) -> str | None:
    """The field (a key of `titles`, which maps each field to its Swedish title) that `name` most
    likely means: by spelling, then by the Swedish title (`nämnd` → board, `deltagare` →
    participants, `slut` → end); fields in `preferred` first."""
    ordered = [n for n in preferred if n in titles] + [n for n in titles if n not in preferred]
    close = difflib.get_close_matches(name, ordered, n=1, cutoff=0.6)
    if close:
        return close[0]
    key = fold(name)
    folded = {candidate: fold(titles[candidate]) for candidate in ordered}
    for candidate, title in folded.items():
        words = re.split(r"[^a-z]+", title)
        if key == title or key in words or (len(key) >= 4 and any(word.startswith(key) for word in words)):
            return candidate
    close = difflib.get_close_matches(key, list(folded.values()), n=1, cutoff=0.7)
    return next((c for c, t in folded.items() if close and t == close[0]), None)


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's annotation holds (`Contract | None`, `tuple[Volume, ...]` …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += models_in(arg)
    return found
