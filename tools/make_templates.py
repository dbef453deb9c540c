"""Write the bundled Word templates in templates/ from their readable source in tools/templates/.

A .docx is a zip of XML that git cannot diff, so the bundled templates are generated here and
committed; `tests/test_templates.py` checks that the committed files match this script. A
municipality restyles its own copy in Word (see `tenderkit init` in the README); this script is
for changing what the bundled templates say and how they are structured. Each document has its
own module in tools/templates/; `wordml` holds the vocabulary and the house style they share.

Run: .venv/bin/python tools/make_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from templates.wordml import write  # noqa: E402

from templates import agenda, annexes, award, lov, memo, tender  # noqa: E402 - after the path is set

TEMPLATES = {**memo.TEMPLATES, **tender.TEMPLATES, **lov.TEMPLATES, **agenda.TEMPLATES, **annexes.TEMPLATES,
             **award.TEMPLATES}


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else ROOT / "templates"
    directory.mkdir(parents=True, exist_ok=True)
    for name, parts in TEMPLATES.items():
        write(name, parts, directory)
        print(directory / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
