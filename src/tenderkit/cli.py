"""The `tenderkit` command: a thin shell over `tenderkit.build`.

Exit status: 0 success, 1 an invalid spec or a failed check, 2 wrong usage. Results go to
stdout, messages to stderr; nothing ever ends in a traceback (set TENDERKIT_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__, i18n
from .i18n import N_, _, ngettext

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXAMPLE_MUNICIPALITY = "Exempelstads kommun"  # init's default, said to be an example


class UsageError(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.use(_language_asked(argv))
    _speak_to_argparse()
    parser = _parser()
    arguments = parser.parse_args(argv)
    if not getattr(arguments, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return arguments.command(arguments)
    except UsageError as exc:
        print(f"tenderkit: {exc}" + ("\n  " + _("hint: {hint}").format(hint=exc.hint) if exc.hint else ""),
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tenderkit: " + _("interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in tenderkit: say so plainly, keep the traceback for those who ask
        if os.environ.get("TENDERKIT_DEBUG"):
            traceback.print_exc()
        print("tenderkit: " + _("internal error: {error}\n  This is a bug in tenderkit, not in your spec. Run again "
                                "with TENDERKIT_DEBUG=1 and report what it prints.").format(
                                    error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INVALID


def _language_asked(argv: list[str]) -> str | None:
    """`--lang` is read before the parser is built, since the parser's help is already in a language."""
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.removeprefix("--lang=")
    return None


# argparse's own words ("usage:", its errors), which it looks up through gettext; marked here so
# the Swedish catalog carries them.
_ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("can't open '%(filename)s': %(error)s"),
)


def _speak_to_argparse() -> None:
    """argparse translates its words with the module-level gettext of the default domain; it is
    pointed at tenderkit's catalog, the one place that knows the language asked for."""
    argparse._ = i18n._
    argparse.ngettext = i18n.ngettext


def _parser() -> argparse.ArgumentParser:
    from . import documents

    parser = argparse.ArgumentParser(
        prog="tenderkit",
        description=_("Swedish procurement documents (tjänsteskrivelse, förfrågningsunderlag) from YAML specs."))
    parser.add_argument("--version", action="version", version=f"tenderkit {__version__}",
                        help=_("show program's version number and exit"))
    commands = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"))
    specs_help = _("spec files or directories of specs")
    strict_help = _("treat warnings as errors")
    old_help = _("a spec file, or REV:path for the file in a git revision")
    new_help = _("a spec file, or REV:path")

    validate = commands.add_parser("validate", help=_("check specs and report every problem with its place"),
                                   description=_("Check specs: structure, types, references and consistency rules."))
    validate.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help=specs_help)
    validate.add_argument("--strict", action="store_true", help=strict_help)
    validate.set_defaults(command=_validate)

    build = commands.add_parser("build", help=_("build the documents of specs into output/"),
                                description=_("Build every document of each spec into OUTPUT/<spec-id>/ "
                                              "as .docx and its Markdown twin (.md)."))
    build.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help=specs_help)
    build.add_argument("-o", "--output", type=Path, default=Path("output"), metavar=_("DIR"),
                       help=_("where to write (default: output/)"))
    build.add_argument("--strict", action="store_true", help=strict_help)
    build.add_argument("--force", action="store_true",
                       help=_("overwrite files in the output that were changed by hand since the last build"))
    build.add_argument("--watch", action="store_true",
                       help=_("keep running: build again whenever a spec, template or library is saved "
                              "(Ctrl-C stops)"))
    build.add_argument("--poll", type=float, default=0.5, metavar=_("SECONDS"),
                       help=_("how often --watch looks (default 0.5)"))
    build.set_defaults(command=_build)

    schema = commands.add_parser("schema", help=_("write the JSON Schema of a spec (for editors)"),
                                 description=_("Write the JSON Schema of a spec, with Swedish titles and "
                                               "descriptions, for editors that complete and check YAML as you type."))
    schema.add_argument("-o", "--output", type=Path, metavar=_("FILE"), help=_("write to FILE instead of printing"))
    schema.set_defaults(command=_schema)

    package = commands.add_parser("package",
                                  help=_("build the papers of a board meeting: Word, PDF, PDF/A, agenda, zip"),
                                  description=_("Build the papers of a board meeting into OUTPUT/<meeting>/: each "
                                                "case's documents as .docx, .pdf and PDF/A, an agenda "
                                                "(föredragningslista), manifest.json and one zip. Unchanged cases "
                                                "are reused; cases build in parallel."))
    package.add_argument("specs", nargs="?", type=Path, default=Path("specs"), metavar=_("SPECS_DIR"),
                         help=_("the directory of specs (default: specs/)"))
    package.add_argument("--meeting", type=_iso_date, metavar=_("DATE"),
                         help=_("the meeting (YYYY-MM-DD): the specs whose case.meeting is this date; default all"))
    package.add_argument("-o", "--output", type=Path, default=Path("output"), metavar=_("DIR"),
                         help=_("default: output/"))
    package.add_argument("--no-pdf", action="store_true", help=_("build without PDFs (no LibreOffice needed)"))
    package.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                         help=_("cases built at once (default: the number of cores)"))
    package.add_argument("--timeout", type=float, default=120.0, metavar=_("SECONDS"),
                         help=_("how long LibreOffice may take per document (default 120)"))
    package.set_defaults(command=_package)

    diff = commands.add_parser("diff", help=_("show what changed in meaning between two versions of a spec"),
                               description=_("Show what changed in meaning between two versions of a spec: each "
                                             "changed field with its Swedish label, added and removed items, and "
                                             "the changed figures. Formatting (key order, quotes, comments) is not "
                                             "a change."))
    diff.add_argument("old", metavar=_("OLD"), help=old_help)
    diff.add_argument("new", metavar=_("NEW"), help=new_help)
    diff.add_argument("--json", action="store_true", help=_("print the changes as JSON"))
    diff.add_argument("--exit-code", action="store_true", help=_("exit 1 when there are changes, like git diff"))
    diff.set_defaults(command=_diff)

    redline = commands.add_parser("redline", help=_("one Word document with the changes between two spec versions"),
                                  description=_("Render a document from two versions of a spec and write one Word "
                                                "file whose differences are tracked changes: accepting all gives "
                                                "the new text, rejecting all the old."))
    redline.add_argument("old", metavar=_("OLD"), help=old_help)
    redline.add_argument("new", metavar=_("NEW"), help=new_help)
    redline.add_argument("--doc", default=documents.MEMO.name, metavar=_("NAME"),
                         help=_("which document: {names} (default {name})").format(
                             names=", ".join(_word_documents()), name=documents.MEMO.name))
    redline.add_argument("-o", "--output", type=Path, required=True, metavar=_("FILE.docx"), help=_("where to write"))
    redline.add_argument("--author", default="tenderkit", help=_("the author of the tracked changes"))
    redline.set_defaults(command=_redline)

    init = commands.add_parser("init", help=_("start a new specs repository for a municipality"),
                               description=_("Start a new specs repository: a project file with the "
                                             "municipality's names, templates to restyle in Word, a requirement "
                                             "library of its own, an example spec, and git set up to show the text "
                                             "of Word files in diffs."))
    init.add_argument("directory", type=Path, metavar=_("DIR"), help=_("a new or empty directory"))
    init.add_argument("--municipality", default=EXAMPLE_MUNICIPALITY, help=_("the municipality's name"))
    init.add_argument("--board", default="Socialnämnden", help=_("the board (nämnd) that decides"))
    init.add_argument("--administration", default="Socialförvaltningen",
                      help=_("the administration (förvaltning)"))
    init.add_argument("--goals-url", default="https://www.example.org/mal",
                      help=_("a link to the municipality's goals"))
    init.set_defaults(command=_init)

    check = commands.add_parser("check-templates",
                                help=_("check Word templates: fields, tags and blocks, all at once"),
                                description=_("Check .docx templates without a spec: every field a tag uses must "
                                              "exist in the spec model, every block must be closed, and docxtpl's "
                                              "paragraph, row and cell tags must sit where docxtpl can place them. "
                                              "Every problem is reported with its paragraph or table cell."))
    check.add_argument("templates", nargs="*", type=Path, metavar=_("DIR_OR_FILE"),
                       help=_("template directories or .docx files (default: the templates that tenderkit.yaml "
                              "names, else tenderkit's own)"))
    check.set_defaults(command=_check_templates)

    law = commands.add_parser("law", help=_("list the thresholds and value rules builds use, with their sources"),
                              description=_("List the threshold periods a build uses (tenderkit's law data, a "
                                            "project's own file named by `law:`, and periods typed under "
                                            "`thresholds:` in tenderkit.yaml), the amounts in euro they correspond "
                                            "to, the periods still without amounts in kronor, and the value rules, "
                                            "each with its source."))
    law.add_argument("--project", type=Path, default=Path("."), metavar=_("DIR"),
                     help=_("the specs repository whose tenderkit.yaml to read (default: this directory)"))
    law.set_defaults(command=_law)

    serve = commands.add_parser("serve", help=_("preview the documents in the browser, updated on every save"),
                                description=_("Show the specs of a project and their documents as web pages on "
                                              "this machine; each page updates by itself when a spec, "
                                              "tenderkit.yaml, a template or a library is saved. Read-only: "
                                              "nothing is written."))
    serve.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar=_("DIR"),
                       help=_("the project: a directory with specs/ (or the specs themselves); "
                              "default: this directory"))
    serve.add_argument("--port", type=int, default=0, metavar="N", help=_("the port (default: a free one)"))
    serve.add_argument("--host", default="127.0.0.1", metavar="H",
                       help=_("the address to listen on (default 127.0.0.1: only this machine)"))
    serve.add_argument("--no-browser", action="store_true", help=_("do not open the page in a browser"))
    serve.set_defaults(command=_serve)

    textconv = commands.add_parser("textconv", help=_("print a Word file's text, for git diff"),
                                   description=_("Print the text of a .docx (header, body, tables, footer) as "
                                                 "Markdown in a stable form. Used by git: `git config "
                                                 "diff.docx.textconv \"/path/to/.venv/bin/python -m tenderkit "
                                                 "textconv\"` with `*.docx diff=docx` in .gitattributes "
                                                 "(`tenderkit init` prints the line for this venv)."))
    textconv.add_argument("file", type=Path, metavar=_("FILE.docx"))
    textconv.set_defaults(command=_textconv)

    evaluate = commands.add_parser(
        "evaluate", help=_("evaluate the tenders of a procurement per lot, from their answers and price sheets"),
        description=_("Read one answers file (YAML) per tenderer from TENDERS_DIR, with its filled-in prisbilaga "
                      "(.xlsx) beside it or its prices in the file, and print per lot the rejected tenders, every "
                      "tender's price, deductions or points, and the ranking. With --documents, write the "
                      "utvärderingsrapport, the tilldelningsbeslut and, when the board decides, its tjänsteskrivelse "
                      "into output/<spec-id>/tilldelning/ instead. With --template, write an empty answers file for "
                      "the spec."))
    evaluate.add_argument("spec", type=Path, metavar="SPEC", help=_("the spec of the procurement"))
    evaluate.add_argument("tenders", nargs="?", type=Path, metavar=_("TENDERS_DIR"), help=_("the directory of tenders"))
    evaluate.add_argument("--template", action="store_true", help=_("write an empty answers file for the spec"))
    evaluate.add_argument("--documents", action="store_true",
                          help=_("write the award documents (Word and Markdown) instead of printing the table"))
    evaluate.add_argument("--decided", type=_iso_date, metavar=_("YYYY-MM-DD"),
                          help=_("with --documents: the day of the award decision; without it the timetable's award, "
                                 "and the documents are marked UTKAST"))
    evaluate.add_argument("--force", action="store_true",
                          help=_("with --documents: overwrite award documents that were changed by hand"))
    evaluate.add_argument("-o", "--output", type=Path, metavar=_("PATH"),
                          help=_("with --template: write to this file (never replaced) instead of printing; with "
                                 "--documents: the output directory (default: output/)"))
    evaluate.set_defaults(command=_evaluate)

    notice = commands.add_parser(
        "notice", help=_("write the eForms contract notice of a procurement (XML, as TED takes it)"),
        description=_("Write the contract notice of the spec's procurement as eForms XML (directive 2014/24: subtype "
                      "20 for social and other specific services, 16 for other services and works), with the values, "
                      "dates and award criteria of the documents. It is checked against the eForms schema first and "
                      "never written invalid."))
    notice.add_argument("spec", type=Path, metavar="SPEC", help=_("the spec of the procurement"))
    notice.add_argument("-o", "--output", type=Path, metavar=_("FILE"),
                        help=_("write to FILE instead of printing, and its Swedish text beside it (FILE with .md)"))
    notice.add_argument("--text", action="store_true",
                        help=_("print the notice as the Swedish text TED shows instead of the XML"))
    notice.add_argument("--award", type=Path, metavar=_("TENDERS_DIR"),
                        help=_("write the contract award notice (subtype 33, or 29) of the tenders evaluated from "
                               "TENDERS_DIR instead"))
    notice.add_argument("--decided", type=_iso_date, metavar=_("YYYY-MM-DD"),
                        help=_("with --award: the day of the award decision; without it the timetable's award"))
    notice.set_defaults(command=_notice)
    for command_parser in (parser, *commands.choices.values()):
        command_parser.add_argument("--lang", choices=i18n.LANGUAGES,
                                    help=_("the language of messages: sv (default) or en; "
                                           "without it, an English locale (LANG=en_GB.UTF-8) gives English"))
    return parser


def _specs(arguments: argparse.Namespace) -> list[Path]:
    from .build import spec_files

    missing = [path for path in arguments.specs if not path.exists()]
    if missing:
        raise UsageError(_("no such file or directory: {paths}").format(paths=", ".join(map(str, missing))),
                         _nearby_specs(missing[0]))
    files = list(dict.fromkeys(spec_files(arguments.specs)))
    if not files:
        raise UsageError(_("no spec files (*.yaml) in {paths}").format(paths=", ".join(map(str, arguments.specs))),
                         _("name a spec file (.yaml), or a directory that holds specs"))
    return files


def _nearby_specs(path: Path) -> str:
    """For a mistyped path: the closest spec or directory beside it, or what its directory holds."""
    import difflib
    from glob import escape as glob_escape

    from .spec.project import PROJECT_FILE

    directory = path.parent
    if not directory.is_dir():
        return _("there is no directory {directory}; check the path").format(directory=directory)
    below = sorted(directory.glob(f"*/{glob_escape(path.name)}"))
    if below:
        return _("did you mean {path}?").format(path=below[0])
    entries = [entry for entry in directory.iterdir() if not entry.name.startswith(".") and entry.name != PROJECT_FILE
               and (entry.is_dir() or entry.suffix in (".yaml", ".yml"))]
    close = difflib.get_close_matches(path.name, [entry.name for entry in entries], n=1)
    if close:
        return _("did you mean {path}?").format(path=directory / close[0])
    specs = sorted(entry.name for entry in entries if entry.is_file())
    if specs:
        return _("the specs in {directory} are: {names}").format(directory=directory, names=", ".join(specs))
    return _("check the path; specs are usually in specs/ at the root of the repository")


def _report(problems, sources=None) -> None:
    for problem in problems:
        print(problem.render(sources), file=sys.stderr)


def _check_all(paths: list[Path]) -> tuple[list, int]:
    """Check every spec, report its problems, and keep those fit to go on; two specs with one id
    are both reported before anything is written."""
    from .build import check_spec, duplicate_ids
    from .spec.errors import SpecError

    checked, status = [], EXIT_OK
    said: set[str] = set()  # a fault of tenderkit.yaml is said once, not once per spec
    for path in paths:
        try:
            checked.append(check_spec(path))
        except SpecError as exc:
            _report([problem for problem in exc.problems if problem.headline() not in said], exc.sources)
            said.update(problem.headline() for problem in exc.problems)
            status = EXIT_INVALID
    clashes = duplicate_ids(checked)
    if clashes:
        _report(clashes, {file: lines for c in checked for file, lines in c.valid.source.lines.items()})
        clashing = {problem.location.file for problem in clashes if problem.location}
        checked = [c for c in checked if c.valid.file not in clashing]
        status = EXIT_INVALID
    return checked, status


def _validate(arguments: argparse.Namespace) -> int:
    checked, status = _check_all(_specs(arguments))
    for spec in checked:
        _report(spec.warnings, spec.valid.source.lines)
        if arguments.strict and spec.warnings:
            status = EXIT_INVALID
            continue
        count = len(spec.warnings)
        note = " (" + ngettext("{count} warning", "{count} warnings", count).format(count=count) + ")" if count else ""
        print(f"ok: {spec.valid.file}{note}")
    return status


def _build(arguments: argparse.Namespace) -> int:
    if not arguments.watch:
        return _build_once(arguments, _specs(arguments))
    from .watch import watch

    return watch(lambda: _named_specs(arguments), arguments.output, force=arguments.force, strict=arguments.strict,
                 interval=arguments.poll)


def _named_specs(arguments: argparse.Namespace) -> list[Path]:
    from .build import spec_files

    return list(dict.fromkeys(spec_files(p for p in arguments.specs if p.exists()) +
                              [p for p in arguments.specs if not p.exists()]))


def _build_once(arguments: argparse.Namespace, paths: list[Path]) -> int:
    """Build the specs; the exit status."""
    from .build import Templates, build_checked
    from .output import OutputProblem
    from .spec.errors import Problem, SpecError

    checked, status = _check_all(paths)
    templates = Templates()
    for spec in checked:
        try:
            result = build_checked(spec, arguments.output, templates=templates, force=arguments.force,
                                   strict=arguments.strict)
        except SpecError as exc:
            _report(exc.problems, exc.sources)
            status = EXIT_INVALID
            continue
        except OutputProblem as exc:
            _report([Problem(str(exc), hint=exc.hint)])
            status = EXIT_INVALID
            continue
        _report(result.warnings, spec.valid.source.lines)
        for written in result.written:
            print(written, flush=True)
    return status


def _schema(arguments: argparse.Namespace) -> int:
    from .spec.schema import spec_schema

    text = spec_schema()
    if arguments.output:
        from .output import write_atomic

        write_atomic(arguments.output, text.encode())
        print(arguments.output)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD, got {value}").format(value=repr(text))) from None


def _package(arguments: argparse.Namespace) -> int:
    from .package import Options, package

    if not arguments.specs.is_dir():
        raise UsageError(_("{path} is not a directory of specs").format(path=arguments.specs),
                         _("a package is made of a directory of specs, e.g. specs/; choose the meeting with --meeting"))
    options = Options(output=arguments.output, meeting=arguments.meeting, jobs=max(1, arguments.jobs),
                      pdf=not arguments.no_pdf, timeout=arguments.timeout)
    report = package(arguments.specs, options, _progress())
    for note in report.notes:
        print(note, file=sys.stderr)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.directory:
        print(_("{directory} (unchanged)").format(directory=report.directory) if report.unchanged
              else report.directory)
        print(report.directory / f"{report.name}.zip")
    return EXIT_OK if report.ok else EXIT_INVALID


def _progress():
    """A progress bar on a terminal; one plain line per case in a CI log."""
    if sys.stderr.isatty():
        def show(done: int, total: int, case: str, status: str) -> None:
            width = 24
            filled = width * done // max(total, 1)
            end = "\n" if done == total else ""
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {case[:40]:<40} {status:<8}",
                  end=end, file=sys.stderr, flush=True)
    else:
        def show(done: int, total: int, case: str, status: str) -> None:
            print(f"{done}/{total} {case}: {status}", file=sys.stderr, flush=True)
    return show


def _two_versions(arguments: argparse.Namespace, stack):
    """Check OLD and NEW (files or REV:path) as two versions of one service."""
    from .build import check_spec
    from .review.diff import same_service
    from .review.sources import SourceProblem, spec_source

    checked = []
    try:
        for argument in (arguments.old, arguments.new):
            path = stack.enter_context(spec_source(argument))
            from_git = ":" in argument and not Path(argument).exists()
            checked.append(check_spec(path, display=argument if from_git else None, compared=True))
    except SourceProblem as exc:
        raise UsageError(str(exc), exc.hint) from None
    old, new = checked
    for version in checked:  # what today's rules reject in a version is said, not a reason to stop
        _report(version.rejected, version.valid.source.lines)
    if not same_service(old, new):
        raise UsageError(_("{old} and {new} describe different services ({old_name}, {new_name}); this compares two "
                           "versions of one service").format(old=arguments.old, new=arguments.new,
                                                             old_name=old.spec.service.name,
                                                             new_name=new.spec.service.name),
                         _("give two versions of the same spec, e.g. HEAD~1:specs/x.yaml specs/x.yaml"))
    return old, new


def _diff(arguments: argparse.Namespace) -> int:
    from contextlib import ExitStack

    from .review.diff import as_json, diff_specs, render_text
    from .spec.errors import SpecError

    try:
        with ExitStack() as stack:
            old, new = _two_versions(arguments, stack)
    except SpecError as exc:
        _report(exc.problems, exc.sources)
        return EXIT_INVALID
    changes = diff_specs(old, new)
    if arguments.json:
        print(json.dumps(as_json(changes), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(changes))
    return EXIT_INVALID if arguments.exit_code and changes else EXIT_OK


def _redline(arguments: argparse.Namespace) -> int:
    from contextlib import ExitStack

    from .build import render_documents
    from .checks import package_faults
    from .output import write_atomic
    from .review.redline import redline
    from .spec.errors import SpecError

    word = _word_documents()
    if arguments.doc not in word:
        raise UsageError(_("unknown document `{name}`").format(name=arguments.doc),
                         _("choose one of --doc {names}").format(names=", ".join(word)))
    if arguments.output.suffix.lower() != ".docx":
        raise UsageError(_("{path}: the redline is a Word file").format(path=arguments.output),
                         _("name the output …docx, e.g. -o redline.docx"))
    try:
        with ExitStack() as stack:
            old, new = _two_versions(arguments, stack)
            versions = [{d.kind.name: d for d in render_documents(checked)} for checked in (old, new)]
    except SpecError as exc:
        _report(exc.problems, exc.sources)
        return EXIT_INVALID
    missing = [argument for argument, built in zip((arguments.old, arguments.new), versions, strict=True)
               if arguments.doc not in built]
    if missing:
        message = (_("{old} and {new} have no {name} (the specs do not make that document)") if len(missing) > 1
                   else _("{spec} has no {name} (the spec does not make that document)"))
        raise UsageError(message.format(old=arguments.old, new=arguments.new, spec=missing[0], name=arguments.doc),
                         _("use --doc {name}, which every spec makes").format(name=_word_documents()[0]))
    result = redline(versions[0][arguments.doc].docx, versions[1][arguments.doc].docx, author=arguments.author,
                     when=_now())
    faults = package_faults(result)
    if faults:  # a bug in the redline, never the user's: still, no damaged file reaches a reviewer
        raise RuntimeError(f"the redline would be a damaged Word file: {'; '.join(faults)}")
    try:
        write_atomic(arguments.output, result)
    except OSError as exc:
        print("tenderkit: " + _("cannot write {path}: {reason}").format(path=arguments.output, reason=exc.strerror),
              file=sys.stderr)
        return EXIT_INVALID
    print(arguments.output)
    return EXIT_OK


def _word_documents() -> list[str]:
    """The Word documents a spec can make, by name: what `redline --doc` compares."""
    from . import documents

    return [kind.name for kind in documents.kinds() if kind.scope == "spec" and "docx" in kind.formats]


def _now():
    """The time of the tracked changes; SOURCE_DATE_EPOCH fixes it for reproducible output."""
    from datetime import UTC, datetime

    from .archive import source_epoch

    return source_epoch() or datetime.now(UTC).replace(microsecond=0)


def _init(arguments: argparse.Namespace) -> int:
    from .init import InitProblem, Names, init, textconv_setup

    names = Names(arguments.municipality, arguments.board, arguments.administration, arguments.goals_url)
    try:
        written = init(arguments.directory, names)
    except InitProblem as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(path)
    placeholder = "" if arguments.municipality != EXAMPLE_MUNICIPALITY else "\n" + _(
        "The names are examples ({municipality}, {board}): give yours with --municipality, --board and "
        "--administration, or edit tenderkit.yaml.").format(municipality=arguments.municipality, board=arguments.board)
    print("\n" + _("A new specs repository is ready in {directory}.{examples} Next:\n"
                   "  cd {directory}\n"
                   "  tenderkit validate specs/            # check the example spec\n"
                   "  tenderkit build specs/               # build its documents into output/\n"
                   "  tenderkit check-templates            # after restyling templates/*.docx in Word\n"
                   "Edit tenderkit.yaml for your municipality, restyle templates/*.docx in Word, and add your own\n"
                   "requirements to krav/. In every clone of the repository, run once:\n"
                   "  {setup}\n"
                   "so that `git diff` shows the text of Word files (the new repository already has it). The line "
                   "names\nthis venv's Python, so git finds tenderkit without PATH; when the venv moves or is made "
                   "anew, run it\nagain with the new venv's bin/python in place of this one.").format(
                       directory=arguments.directory, examples=placeholder, setup=textconv_setup()), file=sys.stderr)
    return EXIT_OK


def _check_templates(arguments: argparse.Namespace) -> int:
    from .build import bundled_templates, check_template_file, template_files
    from .render.docx import TemplateEnvironment
    from .spec.errors import SpecError
    from .spec.loader import display_path
    from .spec.project import PROJECT_FILE, load_project

    named = arguments.templates
    if not named:
        try:
            found = load_project(Path.cwd() / PROJECT_FILE)
        except SpecError as exc:
            _report(exc.problems, exc.sources)
            return EXIT_INVALID
        named = [found[2].templates if found and found[2].templates else bundled_templates()]
    missing = [str(path) for path in named if not path.exists()]
    if missing:
        raise UsageError(_("no such file or directory: {paths}").format(paths=", ".join(missing)),
                         _("name a directory of .docx templates, or the templates themselves"))
    files, notes = template_files(named)
    if not files:
        raise UsageError(_("no Word templates (*.docx) in {paths}").format(paths=", ".join(map(str, named))),
                         _("name a directory of .docx templates, or the templates themselves"))
    for note in notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    problems = []
    environment = TemplateEnvironment()
    for file in files:
        found = check_template_file(file, environment)
        _report(found)
        errors = [problem for problem in found if problem.is_error]
        if not errors:
            print(f"ok: {display_path(file)}")
        problems += errors
    return EXIT_INVALID if problems else EXIT_OK


def _law(arguments: argparse.Namespace) -> int:
    from .spec.errors import SpecError
    from .spec.law import load_law
    from .spec.loader import display_path
    from .spec.project import PROJECT_FILE, ProjectPaths, load_project

    if not arguments.project.is_dir():
        raise UsageError(_("no such directory: {path}").format(path=arguments.project),
                         _("give the specs repository, e.g. --project ."))
    try:
        found = load_project(arguments.project / PROJECT_FILE)
        paths = found[2] if found else ProjectPaths()
        law = load_law(paths.law).with_periods(paths.thresholds)
    except SpecError as exc:
        _report(exc.problems, exc.sources)
        return EXIT_INVALID
    own = set(paths.thresholds)
    project = display_path(paths.project_file) if paths.project_file else PROJECT_FILE
    data = display_path(paths.law) if paths.law else "tenderkit"

    def kr(amount: int) -> str:
        return f"{amount:,}".replace(",", "\u00a0")

    since, until, source = _("From"), _("To"), _("Source")
    classes = (_("Goods and services"), _("Works"), _("Social services"))
    rows = [(since, until, *classes, _("Direct award"), _("Direct award, social services"), _("Figures from"), source)]
    rows += [(str(p.start), str(p.end), kr(p.services), kr(p.works), kr(p.social_services), kr(p.direct_award),
              kr(p.direct_award_social_services), project if p in own else data, p.source) for p in law.thresholds]
    print(_("Thresholds in kronor excluding VAT (lagen (2016:1145), applies from {date})").format(date=law.applies_from))
    _print_table(rows)
    rows = [(since, until, *classes, source)]
    rows += [(str(p.start), str(p.end), kr(p.eur.services), kr(p.eur.works), kr(p.eur.social_services), p.eur.source)
             for p in (*law.thresholds, *law.announced) if p.eur]
    print("\n" + _("Thresholds in euro"))
    _print_table(sorted(rows[1:], key=lambda row: row[0]), rows[0])
    covered = [(p.start, p.end) for p in law.thresholds]
    waiting = [p for p in law.announced if not any(s <= p.start and p.end <= e for s, e in covered)]
    if waiting:
        print("\n" + _("Periods without amounts in kronor (enter them under `thresholds:` in {file})").format(file=project))
        _print_table([(str(p.start), str(p.end), p.sek_source) for p in waiting],
                     (since, until, _("Amounts in kronor published in")))
    print("\n" + _("Rules"))
    days = law.standstill_days
    _print_table([(_("Standstill"), ngettext("{count} day", "{count} days", days).format(count=days),
                   law.standstill_source),
                  (_("The value, fixed contract term"), _("the whole term with extensions"), law.whole_term_source),
                  (_("The value, until further notice or total value unknown"),
                   _("the monthly value × {months}").format(months=law.open_ended_months), law.open_ended_source),
                  (_("Guidance on the value"), "Upphandlingsmyndigheten", law.value_guidance)],
                 (_("Rule"), _("Value"), source))
    return EXIT_OK


def _print_table(rows, header=None) -> None:
    """Rows in aligned columns; the last column (a source) is left to run on."""
    rows = [tuple(header)] + list(rows) if header else list(rows)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])


def _serve(arguments: argparse.Namespace) -> int:
    from .serve import PortInUse, serve

    if not arguments.directory.is_dir():
        raise UsageError(_("no such directory: {path}").format(path=arguments.directory),
                         _("give the specs repository (the directory with specs/ and tenderkit.yaml)"))
    try:
        return serve(arguments.directory, arguments.host, arguments.port, browser=not arguments.no_browser)
    except PortInUse as exc:
        raise UsageError(str(exc), exc.hint) from None


def _textconv(arguments: argparse.Namespace) -> int:
    from .notice.text import notice_markdown
    from .render.text import docx_markdown

    try:
        data = arguments.file.read_bytes()
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(path=arguments.file, reason=exc.strerror)) from None
    text = docx_markdown(data)
    if text is None and arguments.file.suffix == ".xml":
        text = notice_markdown(data)
    if text is None:
        print("tenderkit: " + _("{path} is not a Word (.docx) file").format(path=arguments.file), file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(text)
    return EXIT_OK


def _require_tenders_directory(directory: Path | None) -> None:
    if directory is not None and not directory.is_dir():
        raise UsageError(_("no such directory: {directory}").format(directory=directory),
                         _("give the directory that holds one answers file per tenderer"))


def _evaluate(arguments: argparse.Namespace) -> int:
    from .build import check_spec
    from .evaluate import read_tenders, table, template, write_template
    from .evaluation import evaluate
    from .spec.errors import SpecError

    if arguments.template == (arguments.tenders is not None) or (
            arguments.output and not (arguments.template or arguments.documents)):
        raise UsageError(_("give either TENDERS_DIR, or --template (with -o FILE to write it to a file)"),
                         _("e.g. `tenderkit evaluate specs/x.yaml anbud/`"))
    if (arguments.decided or arguments.force) and not arguments.documents:
        raise UsageError(_("--decided and --force apply to the award documents"),
                         _("add --documents, e.g. `tenderkit evaluate specs/x.yaml anbud/ --documents --decided "
                           "2025-06-10`"))
    _require_tenders_directory(arguments.tenders)
    try:
        checked = check_spec(arguments.spec)
        if not (checked.spec.procurement and checked.spec.procurement.is_lou):
            raise UsageError(_("{spec} is not a procurement under LOU: there are no tenders to evaluate").format(
                spec=arguments.spec))
        read = None if arguments.template else read_tenders(arguments.tenders, checked)
    except SpecError as exc:
        _report(exc.problems, exc.sources)
        return EXIT_INVALID
    if read is None:
        if arguments.output is None:
            sys.stdout.write(template(checked))
            return EXIT_OK
        try:
            write_template(arguments.output, template(checked))
        except FileExistsError:
            raise UsageError(_("{file} exists, and tenderkit never replaces answers").format(file=arguments.output),
                             _("choose a new file name")) from None
        except OSError as exc:
            print(_("tenderkit: cannot write {file}: {reason}").format(file=arguments.output, reason=exc.strerror),
                  file=sys.stderr)
            return EXIT_INVALID
        print(arguments.output)
        return EXIT_OK
    result = evaluate(checked.spec, checked.requirements, read.tenders)
    _report([*read.warnings, *(warning for lot in result.lots for warning in lot.warnings)], read.sources)
    if arguments.documents:
        return _award_documents(arguments, checked, read)
    sys.stdout.write(table(result))
    return EXIT_OK


def _award_documents(arguments: argparse.Namespace, checked, read) -> int:
    from .award import write_award
    from .output import OutputProblem
    from .spec.errors import Problem, SpecError

    try:
        written, warnings = write_award(checked, read, arguments.decided, arguments.output or Path("output"),
                                        force=arguments.force)
    except SpecError as exc:
        _report(exc.problems, exc.sources)
        return EXIT_INVALID
    except OutputProblem as exc:
        _report([Problem(str(exc), hint=exc.hint)])
        return EXIT_INVALID
    _report(warnings)
    for path in written:
        print(path)
    return EXIT_OK


def _notice(arguments: argparse.Namespace) -> int:
    from .build import check_spec
    from .notice import award_notice, notice
    from .notice.text import notice_text
    from .output import write_atomic_files
    from .spec.errors import SpecError

    if not arguments.spec.is_file():
        raise UsageError(_("no such file: {file}").format(file=arguments.spec), _nearby_specs(arguments.spec))
    if arguments.decided and not arguments.award:
        raise UsageError(_("--decided applies to the award notice"),
                         _("add --award TENDERS_DIR, e.g. `tenderkit notice specs/x.yaml --award anbud/ --decided "
                           "2025-06-10`"))
    _require_tenders_directory(arguments.award)
    if arguments.text and arguments.output is not None:
        raise UsageError(_("--text prints the notice's text; with -o FILE the text is written beside FILE anyway"),
                         _("leave out --text, or -o"))
    try:
        checked = check_spec(arguments.spec)
        xml, warnings = (notice(checked), []) if arguments.award is None else \
            award_notice(checked, arguments.award, arguments.decided)
    except SpecError as exc:
        _report(exc.problems, exc.sources)
        return EXIT_INVALID
    _report(warnings, checked.valid.source.lines)
    if arguments.text:
        sys.stdout.write(notice_text(xml))
    elif arguments.output is None:
        sys.stdout.buffer.write(xml)
    else:
        text = arguments.output.with_suffix(".md")
        try:
            write_atomic_files({arguments.output: xml, text: notice_text(xml).encode()})
        except OSError as exc:
            print("tenderkit: " + _("cannot write {path}: {reason}").format(path=arguments.output, reason=exc.strerror),
                  file=sys.stderr)
            return EXIT_INVALID
        print(arguments.output)
        print(text)
    return EXIT_OK
