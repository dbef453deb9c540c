"""What a template sees: the spec's fields, the derived figures, and the prose with its cited
figures already written out in Swedish (`text.matter`, `text.financing`, …).

Templates never see raw prose with `{…}` references, so no template has to know the reference
syntax, and nothing in the spec is ever evaluated as a template.
"""

from __future__ import annotations

from typing import Any

from ..derive import Figures
from ..spec.model import Prose, Spec
from ..spec.references import interpolate
from .filters import cite

PROSE_SECTIONS = tuple(Prose.model_fields)


def build_context(spec: Spec, figures: Figures) -> dict[str, Any]:
    def written(paragraph: str) -> str:
        return interpolate(paragraph, spec, cite)

    text: dict[str, Any] = {name: [written(p) for p in getattr(spec.prose, name)] for name in PROSE_SECTIONS}
    text["decisions"] = [written(p) for p in spec.proposal.decisions]
    text["financing"] = written(spec.proposal.financing) if spec.proposal.financing else None
    fields = {name: getattr(spec, name) for name in Spec.model_fields if name != "prose"}
    return {**fields, "figures": figures, "text": text}


def core_properties(spec: Spec, kind: str) -> dict[str, str]:
    """Title, subject and the like for the Word file's properties (shown by Word and archives)."""
    return {
        "title": spec.case.title,
        "subject": spec.service.name,
        "author": ", ".join(spec.case.officers) or spec.organisation.administration,
        "category": kind,
        "keywords": f"{kind}; {spec.service.name}; upphandling",
        "identifier": spec.case.dnr or "",
        "language": "sv-SE",
        "comments": f"{spec.organisation.administration}, {spec.organisation.municipality}",
    }
