#!/usr/bin/env python3
"""A stand-in for LibreOffice's soffice, to test how packages handle conversions that fail.

Every call is logged to $FAKE_SOFFICE_LOG. A document whose text holds "KRASCH" makes the call
crash, "HÄNG" makes it hang, "TOM" makes it exit 0 without a PDF (as soffice does when it
cannot load a file); other documents get a small PDF naming them.
"""

import sys
import time
import zipfile
from pathlib import Path

arguments = sys.argv[1:]
if arguments == ["--version"]:
    print("FakeOffice 1.0")
    sys.exit(0)
with open(Path(__import__("os").environ["FAKE_SOFFICE_LOG"]), "a", encoding="utf-8") as log:
    log.write(" ".join(a for a in arguments if a.endswith(".docx")) + "\n")
outdir = Path(arguments[arguments.index("--outdir") + 1])
outdir.mkdir(parents=True, exist_ok=True)
for argument in arguments:
    if not argument.endswith(".docx"):
        continue
    text = zipfile.ZipFile(argument).read("word/document.xml").decode("utf-8")
    if "KRASCH" in text:
        sys.exit(134)
    if "HÄNG" in text:
        time.sleep(60)
    if "TOM" in text:
        continue
    (outdir / (Path(argument).stem + ".pdf")).write_bytes(b"%PDF-1.4\n% fake " + Path(argument).name.encode() + b"\n%%EOF\n")
