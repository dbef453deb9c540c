"""`tenderkit init DIR`: a new specs repository for a municipality, ready to validate and build.

It holds a project file with the municipality's names, copies of the bundled templates to restyle
in Word, a requirement library of its own, one example spec that carries the editor schema line,
the schema itself, and git set up so `git diff` shows the text of Word files.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

from . import documents
from .build import bundled, bundled_templates
from .i18n import _
from .output import write_atomic
from .spec.schema import spec_schema

STARTER = Path(__file__).parent / "data" / "init"


def textconv_command() -> str:
    """git's textconv command with this interpreter's absolute path: git runs it through a shell
    whose PATH seldom holds the venv, and a bare `tenderkit` is then "not found"."""
    return f"{shlex.quote(sys.executable)} -m tenderkit textconv"


def textconv_setup() -> str:
    """The line that sets it up in a clone, as the user types it."""
    return f"git config diff.docx.textconv {shlex.quote(textconv_command())}"


class InitProblem(Exception):
    pass


@dataclass(frozen=True)
class Names:
    municipality: str
    board: str
    administration: str
    goals_url: str


def init(directory: Path, names: Names) -> list[Path]:
    """Create the repository; the files written. Refuses a directory that already has files."""
    if directory.exists() and any(directory.iterdir()):
        raise InitProblem(_("{directory} is not empty; init starts a new repository in a new or empty directory").format(
            directory=directory))
    values = {"municipality": names.municipality, "board": names.board, "administration": names.administration,
              "goals_url": names.goals_url}
    files = {
        "tenderkit.yaml": Template((STARTER / "tenderkit.yaml").read_text(encoding="utf-8")).substitute(values),
        "specs/exempel.yaml": Template((STARTER / "exempel.yaml").read_text(encoding="utf-8")).safe_substitute(values),
        "krav/egna-krav.yaml": (STARTER / "egna-krav.yaml").read_text(encoding="utf-8"),
        "schema/tenderkit-spec.schema.json": spec_schema(),
        ".gitattributes": "*.docx diff=docx\n",
        ".gitignore": "/output/\n~$*.docx\n",
    }
    written = []
    for name, text in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
    (directory / "templates").mkdir()
    for name in documents.template_names():
        target = directory / "templates" / name
        shutil.copyfile(bundled_templates() / name, target)
        written.append(target)
    if not bundled("library").is_dir():
        raise InitProblem(_("tenderkit's own requirement library is missing from this installation"))
    _git_init(directory)
    return written


def _git_init(directory: Path) -> None:
    """A git repository whose `git diff` shows the text of Word files, when git is installed."""
    if shutil.which("git") is None:
        return
    subprocess.run(["git", "init", "-q"], cwd=directory, check=False, capture_output=True)
    subprocess.run(["git", "config", "diff.docx.textconv", textconv_command()], cwd=directory, check=False,
                   capture_output=True)
