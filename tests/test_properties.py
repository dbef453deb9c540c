"""Properties of every valid spec (issue 6): it builds, each .docx opens with python-docx, every
text of the spec is in the documents unchanged, and building it again gives the same bytes; and
LibreOffice shows the texts of a sample in its PDFs.

Specs are drawn by tests/helpers/spec_strategies.py as YAML data, written to a file and taken
through the public API (`check_spec`, `render_documents` with one prepared `Templates` for all
examples, in memory), so the loader, the model, the rules and the renderer are all on the path.

Settings: the four properties are checked on the same 300 examples, on every run, not only in
CI. On a developer's machine Hypothesis draws new examples each run and keeps failing ones in
.hypothesis/, so the search widens over time. In CI (`CI` set, or TENDERKIT_REQUIRE_LIBREOFFICE=1
as .ci/run sets) the profile is derandomized: the same 300 examples every run and no example
database, so a red CI run is the same red on a rerun, never a dice roll.

What the properties found is kept at the end as cases of its own, each fixed.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from helpers.common import SOFFICE, SPEC_TENDER, require
from helpers.spec_strategies import PRINTABLE, XML_CHARACTERS, spec_yaml, specs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tenderkit.build import BuiltDocument, CheckedSpec, Templates, check_spec, render_documents
from tenderkit.derive import running_contracts
from tenderkit.pdf import Converter
from tenderkit.render.filters import cite, upperfirst
from tenderkit.render.text import document_blocks, to_markdown
from tenderkit.spec.errors import SpecError
from tenderkit.spec.model import Spec
from tenderkit.spec.references import interpolate
from tenderkit.spec.types import MAX_COUNT, Paragraph

IN_CI = bool(os.environ.get("CI")) or os.environ.get("TENDERKIT_REQUIRE_LIBREOFFICE") == "1"
settings.register_profile(
    "tenderkit-properties", max_examples=300, deadline=None, print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # no explain: minutes on a failure
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # a whole spec is big to draw
settings.register_profile("tenderkit-properties-ci", settings.get_profile("tenderkit-properties"),
                          derandomize=True, database=None)
PROPERTIES = settings.get_profile("tenderkit-properties-ci" if IN_CI else "tenderkit-properties")
TEMPLATES = Templates()  # prepared once, shared by every example as a batch build shares it


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A directory for spec files, marked as a repository root so no tenderkit.yaml above it applies."""
    directory = tmp_path_factory.mktemp("properties")
    (directory / ".git").mkdir()
    return directory


def build(data: dict, directory: Path) -> tuple[CheckedSpec, list[BuiltDocument]]:
    """Write `data` as a YAML spec and build its documents in memory."""
    path = directory / "spec.yaml"
    path.write_text(spec_yaml(data), encoding="utf-8")
    checked = check_spec(path)
    return checked, render_documents(checked, TEMPLATES)


# --- What the documents must say -----------------------------------------------------------------

ANY = "*"
KEY = "a key that links parts of the spec, not text for readers"


@dataclass(frozen=True)
class Unprinted:
    """A text of the spec that the documents do not print, and why."""

    pattern: tuple[str, ...]  # the path, ANY for a list position
    reason: str
    applies: Callable[[Spec, tuple], bool] = lambda spec, path: True

    def matches(self, spec: Spec, path: tuple) -> bool:
        return len(path) == len(self.pattern) and all(
            want == got or (want == ANY and isinstance(got, int)) for want, got in zip(self.pattern, path, strict=True)
        ) and self.applies(spec, path)


UNPRINTED = (
    Unprinted(("id",), "names the spec's folder in output/"),
    *(Unprinted(pattern, KEY) for pattern in (
        ("case", "attachments", ANY, "id"), ("service", "components", ANY, "id"), ("contracts", ANY, "id"),
        ("contracts", ANY, "volumes", ANY, "component"), ("contracts", ANY, "components", ANY),
        ("contracts", ANY, "lots", ANY), ("procurement", "lots", ANY, "id"),
        ("procurement", "lots", ANY, "components", ANY), ("procurement", "evaluation", "criteria", ANY, "id"),
        ("procurement", "lov", "reimbursement", "rates", ANY, "component"),
        ("procurement", "lov", "fee", "rates", ANY, "component"))),
    *(Unprinted(pattern, "names lots by id; the documents print the lots' names") for pattern in (
        ("procurement", "requirements", ANY, "lots", ANY), ("requirements", ANY, "lots", ANY))),
    Unprinted(("mbl", "status"), "a choice; the memo states it in words (“Förhandling enligt …”)"),
    Unprinted(("contracts", ANY, "subject"), "marks a contract for another service; prose may cite it"),
    Unprinted(("contracts", ANY, "supplier"), "the memo describes only the contracts running on its date",
              lambda spec, path: all(contract is not spec.contracts[path[1]] for _, contract in running_contracts(spec))),
    Unprinted(("service", "name"), "the memo names the service by its short name (the full name only mid-sentence, "
              "when a contract runs); the tender documents print it as written",
              lambda spec, path: spec.procurement is None and spec.service.short_name is not None),
    Unprinted(("organisation", "short_name"), "speaks for the authority in the tender documents",
              lambda spec, path: spec.procurement is None),
    Unprinted(("service", "target_group", "life_situations_lead"), "leads into the life situations, so it is printed "
              "only with them", lambda spec, path: not spec.service.target_group.life_situations),
)


def texts_of(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in a model, with its path. Choices (enums) are left out: the documents write
    them in words ("upphandlas i konkurrens …")."""
    if isinstance(node, Enum):
        return
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from texts_of(getattr(node, name), path + (name,))
    elif isinstance(node, tuple):
        for index, item in enumerate(node):
            yield from texts_of(item, path + (index,))


def printed_texts(checked: CheckedSpec) -> Iterator[tuple[tuple, str]]:
    """Each text of the spec and of the requirements it selects, as the documents must print it:
    as validated (spaces already collapsed by the model), prose with its references written out."""
    spec = checked.spec
    for path, value in [*texts_of(spec), *texts_of(checked.requirements, ("requirements",))]:
        if not any(rule.matches(spec, path) for rule in UNPRINTED):
            yield path, interpolate(value, spec, cite, upperfirst) if isinstance(value, Paragraph) else value


def appears(value: str, text: str) -> bool:
    """`value` is in `text` as written or with its first letter raised (a name that begins a sentence,
    heading or cell), or as the Markdown writes it in a table cell (`|` as `\\|`)."""
    forms = {value, value[:1].upper() + value[1:]}
    return any(form in text or ("|" in form and form.replace("|", "\\|") in text) for form in forms)


def dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


# --- The properties ------------------------------------------------------------------------------


def opens_with_python_docx(documents: list[BuiltDocument]) -> str:
    """Each .docx opens, and its text as tenderkit reads it (the Markdown twin's reader) is the
    twin written beside it; returns that text of all documents."""
    texts = []
    for document in documents:
        name = document.kind.name
        if f"{name}.docx" not in document.files:
            continue  # the price sheet: read back by its own tests
        opened = docx.Document(io.BytesIO(document.docx))
        assert opened.paragraphs and opened.sections, f"{name} opens empty"
        texts.append(to_markdown(document_blocks(opened)))
        assert texts[-1] == document.files[f"{name}.md"].decode("utf-8"), f"{name}: the twin is not the text of the .docx"
    return "\n\n".join(texts)


def keeps_every_text(checked: CheckedSpec, text: str) -> None:
    missing = [f"{dotted(path)}: {value!r}" for path, value in printed_texts(checked) if not appears(value, text)]
    assert not missing, "texts of the spec missing or altered in the documents:\n" + "\n".join(missing)
    if not any("None" in value or value.startswith("none") for _, value in texts_of(checked.spec)):  # "none",
        # a name, may begin a sentence as "None"
        assert not re.search(r"\bNone\b", text), "an empty value printed as “None”"


def builds_the_same_again(data: dict, directory: Path, documents: list[BuiltDocument]) -> None:
    again = build(data, directory)[1]
    assert [(d.kind.name, d.files) for d in again] == [(d.kind.name, d.files) for d in documents], \
        "the same spec built twice gave different bytes"


@PROPERTIES
@given(data=specs())
def test_every_valid_spec_builds_opens_keeps_its_text_and_builds_the_same_twice(workspace, data):
    """The four properties, each example drawn once: drawing a spec costs as much as building it."""
    try:
        checked, documents = build(data, workspace)
    except SpecError as exc:  # a valid spec that does not build: say why, as the CLI would
        pytest.fail(f"a valid spec did not build:\n{exc}")
    names = [d.kind.name for d in documents]
    procurement = checked.spec.procurement
    lov = bool(procurement and procurement.lov)
    assert names[0] == "tjansteskrivelse" and ("forfragningsunderlag" in names) == bool(procurement and not lov)
    assert ("forfragningsunderlag-lov" in names) == ("ansokningsformular" in names) == lov
    assert not (lov and {"anbudsformular", "prisbilaga", "sanningsforsakran", "avtalsutkast"} & set(names))
    assert ("pub-avtal" in names) == bool(procurement and procurement.terms.personal_data)
    keeps_every_text(checked, opens_with_python_docx(documents))
    builds_the_same_again(data, workspace, documents)


def drawn(strategy: st.SearchStrategy, count: int) -> list:
    """`count` examples of `strategy`, the same on every run: a fixed sample for checks too slow
    to run per example."""
    found: list = []

    @settings(max_examples=count, derandomize=True, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(example):
        found.append(example)

    collect()
    return found[:count]


_DIGESTS = """
import hashlib, sys
from pathlib import Path
from tenderkit.build import Templates, check_spec, render_documents
templates = Templates()
for path in sys.argv[1:]:
    for document in render_documents(check_spec(Path(path)), templates):
        for name, data in sorted(document.files.items()):  # every file: the price workbook too
            print(name, hashlib.sha256(data).hexdigest())
"""


def test_builds_are_identical_across_processes_and_hash_seeds(tmp_path):
    """Building twice in one process cannot see an order that depends on Python's string
    hashing (a set of names, say); two processes with different hash seeds can."""
    (tmp_path / ".git").mkdir()
    paths = []
    for index, data in enumerate(drawn(specs(), 12)):
        path = tmp_path / f"spec-{index}.yaml"
        path.write_text(spec_yaml(data), encoding="utf-8")
        paths.append(str(path))
    runs = [subprocess.run([sys.executable, "-c", _DIGESTS, *paths], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    here = [item for p in paths for d in render_documents(check_spec(Path(p)), TEMPLATES)
            for name, data in sorted(d.files.items()) for item in (name, hashlib.sha256(data).hexdigest())]
    assert runs[0].split() == runs[1].split() == here


# --- What the model and the rules refuse ---------------------------------------------------------

MEMO = {  # a small valid spec without a procurement part
    "organisation": {"municipality": "Exempelstads kommun", "board": "Socialnämnden",
                     "administration": "Socialförvaltningen"},
    "case": {"title": "Stöd till unga", "date": date(2025, 2, 12)},
    "service": {"name": "Stöd", "target_group": {"label": "unga"},
                "components": [{"id": "stod", "name": "Stödsamtal", "per_year": 100}]},
    "proposal": {"form": "lou"},
    "mbl": {"status": "not_required"},
}


def memo(**changes: Any) -> dict:
    """MEMO with fields changed, by dotted path: memo(**{"case.title": "x"})."""
    return changed(copy.deepcopy(MEMO), changes)


def tender(**changes: Any) -> dict:
    """The bundled spec with a procurement part, with fields changed by dotted path."""
    return changed(yaml.safe_load(SPEC_TENDER.read_text(encoding="utf-8")), changes)


def changed(data: dict, changes: dict[str, Any]) -> dict:
    for dotted_path, value in changes.items():
        *parents, last = [int(part) if part.isdigit() else part for part in dotted_path.split(".")]
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    return data


def problems_of(data: dict, directory: Path) -> str:
    """The error messages a spec gets, or "" when it builds."""
    try:
        build(data, directory)
    except SpecError as exc:
        return str(exc)
    return ""


XML_ILLEGAL = st.sampled_from([*map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]), "\ufffe", "\uffff"])


@settings(PROPERTIES, max_examples=60)
@given(title=st.text(XML_CHARACTERS, min_size=1, max_size=20), illegal=XML_ILLEGAL, position=st.integers(0, 20))
def test_the_model_refuses_characters_a_word_document_cannot_hold(workspace, title, illegal, position):
    data = memo(**{"case.title": title[:position] + illegal + title[position:]})
    assert f"contains the control character U+{ord(illegal):04X}" in problems_of(data, workspace)


@pytest.mark.parametrize(("path", "value", "message"), [
    ("case.title", "", "is empty"),
    ("case.title", " \n\t ", "is empty"),
    ("case.title", "Klicka här för att ange text.", "contains “Klicka här”, a mark of unfinished text"),
    ("service.name", "Stöd ÅÅÅÅ", "contains “ÅÅÅÅ”"),
    ("service.name", "todo: namn", "contains “todo”"),
    ("service.components.0.per_year", MAX_COUNT + 1, f"must be at most {MAX_COUNT}"),
    ("service.components.0.per_year", -1, "must be at least 0"),
    ("case.date", date(2200, 1, 1), "must be at most 2199-12-31"),
    ("case.date", date(1899, 12, 31), "must be at least 1900-01-01"),
    ("case.officers", ["Åsa", "\u00a0"], "is empty"),
])
def test_the_model_refuses_what_the_strategies_never_draw(workspace, path, value, message):
    assert message in problems_of(memo(**{path: value}), workspace)


@pytest.mark.parametrize(("changes", "message"), [
    ({"procurement.evaluation.method": "Poäng 0–5."}, "`method` only counts in the model weights"),
    ({"procurement.evaluation.basis": "lowest_price"}, "`model` only counts with the basis best_price_quality"),
    ({"procurement.evaluation": {"basis": "lowest_cost", "method": "Poäng 0–5."}},
     "`method` only counts with the basis best_price_quality"),
    ({"procurement.evaluation": {"basis": "lowest_price", "price_weight": 60}},
     "`price_weight` only counts with the basis best_price_quality"),
])
def test_evaluation_text_the_documents_would_leave_out_is_an_error(workspace, changes, message):
    """Found by reading the template with the round trip in mind: a `method` outside the weights
    model was silently dropped, and the weights model with a price-only basis printed “None”."""
    assert message in problems_of(tender(**changes), workspace)


@pytest.mark.parametrize("contract", [
    {"start": date(2190, 1, 1), "initial_months": 1200},
    {"start": date(2030, 1, 1), "initial_months": 12, "extensions": [{"months": 1200}] * 100},
])
def test_a_contract_running_past_2199_is_an_error_not_a_crash(workspace, contract):
    assert "past 2199-12-31" in problems_of(tender(**{"procurement.contract": contract}), workspace)


# --- Found by the properties above, each fixed and kept as a case -------------------------------


def builds_with(data: dict, directory: Path, text: str) -> bool:
    return appears(text, opens_with_python_docx(build(data, directory)[1]))


@pytest.mark.parametrize("title", ["Rubrik {_{ x }_}", "Rubrik {_% x %_}"])
def test_text_with_docxtpl_escape_marks_is_printed_as_written(workspace, title):
    assert builds_with(memo(**{"case.title": title}), workspace, title)


def test_a_memo_dated_after_2107_builds(workspace):
    assert builds_with(memo(**{"case.date": date(2108, 1, 1)}), workspace, "2108-01-01")


@pytest.mark.parametrize("name", ["Stöd {{ x }}", "{{ x }} | y"])
def test_a_name_with_braces_printed_mid_sentence_or_in_a_table_builds(workspace, name):
    assert builds_with(memo(**{"service.components.0.name": name}), workspace, name)


@pytest.mark.parametrize("changes", [{"municipal_goals": {"text": "Mål", "url": "https://x.se/\x01"}},
                                     {"procurement.authority.contact.email": "a\x01@x.se"}])
def test_addresses_with_control_characters_are_refused(workspace, changes):
    assert "control character U+0001" in problems_of(tender(**changes), workspace)


def test_a_month_in_year_0_is_refused(workspace):
    data = memo(**{"proposal.assignment": {"deliverable": "förfrågningsunderlag", "meeting": "0000-05"}})
    assert "a month like 2025-03, got \"0000-05\"" in problems_of(data, workspace)


# --- LibreOffice ---------------------------------------------------------------------------------


def squeezed(text: str) -> str:
    """Text compared with a PDF's text layer: no whitespace at all (lines wrap anywhere, long
    words break without a hyphen) and compatibility forms folded (ligatures, "…")."""
    return "".join(unicodedata.normalize("NFKC", text).split())


_PAGE_HEADER = re.compile(r"^.*?Sida\d+\(\d+\)", re.DOTALL)  # each page's header ends with "Sida n (m)"


def pdf_text(pdf: Path, footer: str) -> str:
    """The squeezed text of a PDF, twice: as it is, and with each page's header and footer cut
    out, so that a paragraph running over a page break reads as one. `-raw` keeps the order the
    text was laid out in, so a table cell's lines stay together instead of mixing with the next
    column's."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [squeezed(page) for page in raw.split("\f")]
    body = "".join(_PAGE_HEADER.sub("", page, count=1).removesuffix(footer) for page in pages)
    return "".join(pages) + "\n" + body


def in_order(value: str, text: str, least: int = 20) -> bool:
    """`value` is in `text` whole, or in a few pieces in order: a table cell longer than a page
    runs on below the next page's header, and the text of the row's other columns, which the
    PDF's text layer puts first, comes between. Each piece but the last is at least `least`
    characters long, so scattered letters never pass."""
    start = done = 0
    while done < len(value):
        low, high = 0, len(value) - done  # the longest piece found from `start` on
        while low < high:
            middle = (low + high + 1) // 2
            if text.find(value[done:done + middle], start) >= 0:
                low = middle
            else:
                high = middle - 1
        if low < min(least, len(value) - done):
            return False
        start = text.find(value[done:done + low], start) + low
        done += low
    return True


@pytest.mark.libreoffice
def test_libreoffice_shows_the_text_of_generated_specs(tmp_path):
    require("soffice", "pdftotext")
    (tmp_path / ".git").mkdir()
    sample = drawn(specs(PRINTABLE, procurement=True), 4) + drawn(specs(PRINTABLE, procurement=False), 4)
    built = [build(data, tmp_path) for data in sample]
    built = [(checked, [d for d in documents if "docx" in d.kind.formats]) for checked, documents in built]
    named = {f"{index}-{document.kind.name}": document.docx
             for index, (_, documents) in enumerate(built) for document in documents}
    converter = Converter(SOFFICE, "pdf", tmp_path / "profile", date(2025, 1, 1), timeout=120)
    pdfs, failures = converter.convert(named)
    assert not failures, failures
    missing = []
    for index, (checked, documents) in enumerate(built):
        shown = ""
        for document in documents:
            pdf = tmp_path / f"{index}-{document.kind.name}.pdf"
            pdf.write_bytes(pdfs[f"{index}-{document.kind.name}"])
            footer = next(b.text for b in document_blocks(docx.Document(io.BytesIO(document.docx))) if b.kind == "footer")
            shown += pdf_text(pdf, squeezed(footer)) + "\n"
        for path, value in printed_texts(checked):
            if path != ("municipal_goals", "url") and not in_order(squeezed(value), shown):  # a link shows its text
                missing.append(f"spec {index}: {dotted(path)}: {value!r}")
    assert not missing, "texts missing from LibreOffice's PDF:\n" + "\n".join(missing)

