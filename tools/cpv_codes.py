"""Extract the CPV codes (all of them, codes only) from the eForms SDK's static business rules.

The SDK's full code list (codelists/cpv.gc, with labels) is too large to carry and is not in the
shared SDK subset; its rule BR-BT-00262-0153 lists every code the main classification may hold,
which is the CPV 2008 vocabulary (Commission Regulation (EC) No 213/2008). tenderkit checks a
spec's CPV codes against it, so that an unknown code is a located error before the notice exists.
The SDK is the EU Publications Office's eForms SDK 1.15.1 (https://github.com/OP-TED/eForms-SDK,
tag 1.15.1, CC BY 4.0; its licence is vendored beside the codes).

    python tools/cpv_codes.py [--rules DIR]   (default: the rules vendored in tests/eforms/schematrons/static)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "tenderkit" / "data" / "eforms" / "codelists" / "cpv.txt"
RULE = "BR-BT-00262-0153"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=Path, default=ROOT / "tests" / "eforms" / "schematrons" / "static",
                        help="the SDK's schematrons/static folder")
    rules = parser.parse_args().rules
    text = (rules / "validation-stage-3b.sch").read_text(encoding="utf-8")
    found = re.search(rf'<assert id="{RULE}"[^>]*\btest="([^"]*)"', text)
    if found is None:
        print(f"rule {RULE} is not in {rules}: a later SDK may name it otherwise", file=sys.stderr)
        return 1
    codes = sorted(set(re.findall(r"'(\d{8})'", found.group(1))))
    TARGET.write_text(f"# CPV codes from rule {RULE} of the eForms SDK 1.15.1 (CC BY 4.0), by tools/cpv_codes.py\n"
                      + "\n".join(codes) + "\n", encoding="utf-8")
    print(f"{len(codes)} codes → {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
