"""The JSON Schema of a spec, for editors: with it an editor's YAML support completes field names
and shows each field's Swedish title and description as the user types."""

from __future__ import annotations

import json

from .model import Spec

SCHEMA_ID = "https://tenderkit.invalid/schema/tenderkit-spec.schema.json"


def spec_schema() -> str:
    schema = Spec.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              "title": "tenderkit spec", **{k: v for k, v in schema.items() if k != "title"}}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
