"""Extract tenderkit's messages, update the Swedish catalog and compile it, all with Babel.

    python tools/catalogs.py           # after changing messages: new ones appear untranslated in the .po
    python tools/catalogs.py --check   # what the test suite runs: is the catalog complete and compiled?

The .po is the file translators edit and reviewers diff (sorted, no line numbers, so moving code
does not churn it); the .mo beside it is compiled from it and committed, so that an installed
tenderkit speaks Swedish without a build step. Dates in the header are fixed: compiling twice gives
the same bytes.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "tenderkit"
CATALOG_DIR = SOURCE / "locale" / "sv" / "LC_MESSAGES"
PO, MO = CATALOG_DIR / "tenderkit.po", CATALOG_DIR / "tenderkit.mo"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
FIXED_DATE = datetime(2026, 11, 23, tzinfo=UTC)
# `{name}` for str.format, `%(name)s` / `%s` for the messages argparse formats itself.
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def extracted() -> dict[str | tuple[str, str], list[str]]:
    """Every marked message in the source, with the files it appears in."""
    messages: dict[str | tuple[str, str], list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(SOURCE, keywords=KEYWORDS):
        messages.setdefault(message, [])
        if filename not in messages[message]:
            messages[message].append(filename)
    return messages


def _new_catalog() -> Catalog:
    return Catalog(locale="sv", domain="tenderkit", project="tenderkit", header_comment="# Svenska meddelanden för tenderkit.",
                   creation_date=FIXED_DATE, revision_date=FIXED_DATE, language_team="tenderkit",
                   last_translator="tenderkit", fuzzy=False)


def updated(current: Catalog) -> Catalog:
    """The catalog for today's source: each message keeps its translation, new ones come in empty,
    messages no longer in the source go."""
    catalog = _new_catalog()
    for message, files in sorted(extracted().items(), key=lambda item: str(item[0])):
        old = current.get(message[0] if isinstance(message, tuple) else message)
        catalog.add(message, old.string if old else ("", "") if isinstance(message, tuple) else "",
                    locations=[(file, None) for file in sorted(files)], flags=old.flags if old else ())
    return catalog


def problems(catalog: Catalog) -> list[str]:
    """What keeps the catalog from being complete: missing, stale, untranslated, fuzzy, broken."""
    found = []
    source = extracted()
    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}
    for message in source:
        key = message[0] if isinstance(message, tuple) else message
        if key not in ids:
            found.append(f"not in the catalog: {key!r} (run python tools/catalogs.py)")
    known = {message[0] if isinstance(message, tuple) else message for message in source}
    for message in catalog:
        if not message.id:
            continue
        singulars = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if singulars[0] not in known:
            found.append(f"no longer in the source: {singulars[0]!r} (run python tools/catalogs.py)")
        if not all(strings):
            found.append(f"not translated: {singulars[0]!r}")
        elif message.fuzzy:
            found.append(f"marked fuzzy: {singulars[0]!r}")
        else:
            wanted = sorted(PLACEHOLDER.findall(singulars[-1]))
            for string in strings:
                if sorted(PLACEHOLDER.findall(string)) != wanted and not (len(strings) > 1 and _drops_only_count(string, wanted)):
                    found.append(f"placeholders differ: {singulars[0]!r} has {wanted}, the translation {string!r}")
    return found


def _drops_only_count(string: str, wanted: list[str]) -> bool:
    """A singular may say "en" instead of "{count}": the only placeholder a plural form may drop."""
    return sorted(PLACEHOLDER.findall(string)) == [p for p in wanted if p != "{count}"]


def _messages(catalog: Catalog) -> dict:
    def hashable(value):  # a plural read from the .mo is a list, from the .po a tuple
        return tuple(value) if isinstance(value, list) else value

    return {hashable(message.id): hashable(message.string) for message in catalog if message.id and not message.fuzzy}


def _read_mo() -> Catalog:
    with MO.open("rb") as file:
        return read_mo(file)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def written(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_lineno=False, sort_output=True)
    return out.getvalue()


def read() -> Catalog:
    if not PO.exists():
        return _new_catalog()
    with PO.open("rb") as file:
        return read_po(file, locale="sv", domain="tenderkit")


def main(arguments: list[str]) -> int:
    current = read()
    if "--check" in arguments:
        found = problems(current)
        if not MO.exists() or _messages(_read_mo()) != _messages(current):
            found.append(f"{MO.relative_to(ROOT)} is not compiled from the .po (run python tools/catalogs.py)")
        print("\n".join(found) or "the catalog is complete and compiled")
        return 1 if found else 0
    catalog = updated(current)
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(written(catalog))
    MO.write_bytes(compiled(read()))
    missing = [message.id for message in catalog if message.id and not message.string]
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
