"""Extract from the eForms SDK what the notice's readable twin needs: Swedish labels and field XPaths.

The twin (src/tenderkit/notice/text.py) shows the fields its outline names, labelled as TED labels
them. This script takes exactly those fields' XPaths and types (and those of the references it
follows) from the SDK's fields/fields.json, and the Swedish labels it uses (field names, section
headings) and the names of the codes its fields may hold from the SDK's translations/*_sv.xml, and
writes src/tenderkit/data/eforms/notice_text_sv.json. The SDK is the EU Publications Office's eForms
SDK 1.15.1 (https://github.com/OP-TED/eForms-SDK, tag 1.15.1, CC BY 4.0); the shared subset lacks translations/, so point --sdk at a checkout of the tag:

    git clone --depth 1 --branch 1.15.1 https://github.com/OP-TED/eForms-SDK /tmp/eforms-sdk
    PYTHONPATH=src python tools/notice_labels.py --sdk /tmp/eforms-sdk
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lxml import etree

from tenderkit.notice.text import DATA_FILE, OUTLINE, outline_keys

# Code lists too long to carry whole: only the codes a Swedish notice of social services uses.
_SUBSETS = {"cpv": "cpv_social-service-cpv.gc", "nuts": "nuts_nuts-swe-lvl3.gc", "nuts-lvl3": "nuts_nuts-swe-lvl3.gc"}
_LANGUAGES = "language_eu-official-language.gc"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sdk", type=Path, required=True, help="a checkout of OP-TED/eForms-SDK at tag 1.15.1")
    sdk = parser.parse_args().sdk
    structure = json.loads((sdk / "fields" / "fields.json").read_text(encoding="utf-8"))
    all_fields = {field["id"]: field for field in structure["fields"]}
    all_nodes = {node["id"]: node for node in structure["xmlStructure"]}
    field_ids, node_ids, label_keys = outline_keys(OUTLINE)
    fields = {}
    for field_id in sorted(field_ids):
        field = all_fields[field_id]
        lists = field.get("codeList", {}).get("value", {})
        fields[field_id] = {"xpath": field["xpathAbsolute"], "type": field["type"],
                            **({"codes": [lists["id"], *([lists["parentId"]] if "parentId" in lists else [])]}
                               if lists else {})}
    translations = {}
    for name in ("auxiliary", "field", "code"):
        tree = etree.parse(str(sdk / "translations" / f"{name}_sv.xml"))
        translations.update((entry.get("key"), entry.text or "") for entry in tree.iter("entry"))
    labels = {key: translations[key] for key in sorted(label_keys)}
    allowed = {name: _codes(Path(__file__).parents[1] / "src/tenderkit/data/eforms/codelists" / file)
               for name, file in _SUBSETS.items()}
    allowed["language"] = _codes(sdk / "codelists" / _LANGUAGES)
    lists = {code_list for field in fields.values() for code_list in field.get("codes", ())}
    for key, text in sorted(translations.items()):
        if key.startswith("code|name|"):
            code_list, _, code = key.removeprefix("code|name|").partition(".")
            if code_list in lists and (code_list not in allowed or code in allowed[code_list]):
                labels[key] = text
    data = {"source": "eForms SDK 1.15.1 (https://github.com/OP-TED/eForms-SDK, tag 1.15.1), © European Union, "
                      "CC BY 4.0; extracted by tools/notice_labels.py",
            "nodes": {node_id: all_nodes[node_id]["xpathAbsolute"] for node_id in sorted(node_ids)},
            "fields": fields, "labels": labels}
    DATA_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(DATA_FILE, f"{len(fields)} fields, {len(labels)} labels", file=sys.stderr)
    return 0


def _codes(codelist: Path) -> set[str]:
    """The codes of a genericode list."""
    tree = etree.parse(str(codelist))
    return {value.findtext("SimpleValue") for value in tree.iter("Value") if value.get("ColumnRef") == "code"}


if __name__ == "__main__":
    sys.exit(main())
