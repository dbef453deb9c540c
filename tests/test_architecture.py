"""Imports run one way, downward (design.md): a stage never imports the stage above it.

The layers, top to bottom, are LAYERS; a module may import its own layer and any layer below.
Every module of the package must be placed, so a new module is placed deliberately, not by
default. Every import counts: at module level and inside functions, relative and absolute, and
those under `if TYPE_CHECKING:` too. A type named only for the type checker is still knowledge
of the module it comes from (build.py names the renderer's types so), and a downward one costs
nothing.

The leaves may be imported from every layer, because they know nothing of the pipeline:
`tenderkit` (its `__init__` holds only the version), i18n.py (the language of messages), archive.py (zip bytes), output.py (atomic
writes), pdf.py (LibreOffice) and checks.py (guards over finished documents). A leaf imports only
leaves and the lowest layer, spec/*: checks.py reads the leftover markers ("Klicka här", "TODO")
of spec/types.py, the one list both a spec and a finished document are checked against.
`tenderkit.__main__` (`python -m tenderkit`) is the entry point above cli, which it calls, and
nothing imports it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "tenderkit"

# top to bottom; `x.*` covers the package x and every module in it
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("entry point", frozenset({"tenderkit.__main__"})),
    ("cli", frozenset({"tenderkit.cli"})),
    ("commands", frozenset({"tenderkit.package", "tenderkit.review.*", "tenderkit.watch", "tenderkit.init",
                               "tenderkit.serve", "tenderkit.evaluate", "tenderkit.award", "tenderkit.notice.*"})),
    ("build", frozenset({"tenderkit.build", "tenderkit.documents.*"})),
    ("render", frozenset({"tenderkit.render.*"})),
    ("derive and rules", frozenset({"tenderkit.derive", "tenderkit.rules", "tenderkit.evaluation"})),
    ("spec", frozenset({"tenderkit.spec.*"})),
)
LEAVES = frozenset({"tenderkit", "tenderkit.i18n", "tenderkit.archive", "tenderkit.output", "tenderkit.pdf", "tenderkit.checks"})
LOWEST = len(LAYERS) - 1


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    path: Path
    line: int
    imported: str  # a module of the package


def layer_of(module: str) -> int | None:
    """The index in LAYERS, -1 for a leaf, None for a module no one has placed."""
    if module in LEAVES:
        return -1
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if module == member.removesuffix(".*") or (member.endswith(".*") and module.startswith(member[:-1])):
                return index
    return None


def modules(root: Path) -> dict[str, Path]:
    """Every module under the package directory `root`, by its dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = (root.name, *path.relative_to(root).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(root: Path) -> list[Import]:
    """Every import of one of the package's own modules, wherever it stands in a file."""
    known = modules(root)
    found = []
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                # `from .spec import types` imports the module spec.types; `from . import __version__` a name
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                           for alias in node.names]
            else:
                continue
            found += [Import(module, path, node.lineno, target) for target in dict.fromkeys(targets)
                      if target == root.name or target.startswith(root.name + ".")]
    return found


def upward_imports(root: Path) -> list[str]:
    """What breaks the direction, one line per import: where it stands, and both modules' layers."""
    faults = []
    for found in imports(root):
        here, there = layer_of(found.module), layer_of(found.imported)
        if here is None or there is None:
            continue  # unplaced modules are reported by unplaced_modules
        allowed = there == -1 or (there >= LOWEST if here == -1 else there >= here)
        if not allowed:
            faults.append(f"{found.path.relative_to(root.parent)}:{found.line}: {found.module} "
                          f"({_name(here)}) imports {found.imported} ({_name(there)}), which is above it")
    return faults


def unplaced_modules(root: Path) -> list[str]:
    return [module for module in modules(root) if layer_of(module) is None]


def _name(layer: int) -> str:
    return "a leaf" if layer == -1 else LAYERS[layer][0]


# --- the package itself --------------------------------------------------------------------------

def test_every_module_is_placed_in_a_layer():
    assert unplaced_modules(SOURCE) == [], "place each new module in LAYERS or LEAVES of tests/test_architecture.py"


def test_imports_run_downward():
    assert upward_imports(SOURCE) == []


def test_the_checker_reads_the_package():
    """Guards the two tests above against passing on nothing: the imports design.md names are seen."""
    seen = {(found.module, found.imported) for found in imports(SOURCE)}
    assert {("tenderkit.build", "tenderkit.render.docx"),  # under TYPE_CHECKING
            ("tenderkit.checks", "tenderkit.spec.types"),  # `from .spec import types`
            ("tenderkit.cli", "tenderkit.checks"),  # inside a function
            ("tenderkit.__main__", "tenderkit.cli")} <= seen


# --- the checker fails when it should --------------------------------------------------------------

def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "tenderkit"
    for name, text in {"__init__.py": "", "spec/__init__.py": "", "render/__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("statement", [
    "from ..render.docx import DocxRenderer",
    "from ..render import docx",
    "import tenderkit.render.docx",
    "from tenderkit.render.docx import DocxRenderer",
    "def load():\n    from ..render import docx",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..render.docx import DocxRenderer",
], ids=["relative", "relative module", "absolute", "absolute from", "in a function", "type checking"])
def test_an_upward_import_is_reported_with_its_place(tmp_path, statement):
    root = _tree(tmp_path, {
        "spec/model.py": "from __future__ import annotations\n\nfrom . import types\n" + statement + "\n",
        "spec/types.py": "",
        "render/docx.py": "from ..spec import model\nfrom ..archive import zip_bytes\n",
        "archive.py": "",
    })
    line = 3 + statement.count("\n") + 1
    assert upward_imports(root) == [f"tenderkit/spec/model.py:{line}: tenderkit.spec.model (spec) imports "
                                    "tenderkit.render.docx (render), which is above it"]


def test_a_leaf_that_imports_the_pipeline_is_reported(tmp_path):
    root = _tree(tmp_path, {"checks.py": "from .spec import types\nfrom .render import docx\n",
                            "spec/types.py": "", "render/docx.py": ""})
    assert upward_imports(root) == ["tenderkit/checks.py:2: tenderkit.checks (a leaf) imports tenderkit.render.docx "
                                    "(render), which is above it"]


def test_a_module_no_layer_holds_is_reported(tmp_path):
    root = _tree(tmp_path, {"spreadsheet.py": "", "render/xlsx.py": ""})
    assert unplaced_modules(root) == ["tenderkit.spreadsheet"]
