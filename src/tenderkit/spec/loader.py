"""Read YAML specs safely into plain data plus a source map (file, line, column of every value).

We build the data from PyYAML's parser *events*, not from its constructor, because the
constructor is where YAML goes wrong for our users: aliases expand into "billion laughs",
`no` becomes false, `12:30` becomes 750, `010` becomes 8, duplicate keys silently overwrite and
`!!python/...` tags name Python objects. Working on events, each of those is a located problem,
and an alias is never expanded, so a hostile file costs no more than its size to read.

Keys are always text. Plain scalars follow YAML 1.2's core schema (true/false, null, decimal
numbers, ISO dates); the YAML 1.1 forms are reported with a hint to quote the value.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_decimal

from ..i18n import N_, _, language, ngettext
from .errors import Location, PathT, Problem, Severity, SpecError

MAX_SPEC_BYTES = 1_000_000
MAX_DEPTH = 40
_MAX_DIGITS = 100
YAML_SUFFIXES = (".yaml", ".yml")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOLS = {
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"
}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Why Python's calendar refuses such a date (datetime.date's words, English only).
_DATE_REASONS = frozenset((N_("day is out of range for month"), N_("month must be in 1..12"), N_("year 0 is out of range")))
# Forms that YAML 1.1 tools (PyYAML's default loader among them) turn into numbers.
_YAML11_NUMBERS = [
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
     N_("`{value}` is read as a number in base 60 by YAML 1.1 tools ({example})")),
    (re.compile(r"[-+]?0[0-7_]+"),
     N_("`{value}` has a leading zero and is read as an octal number by YAML 1.1 tools ({example})")),
    (re.compile(r"[-+]?0[0-9_]+"), N_("`{value}` has a leading zero, which YAML tools read in different ways")),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), N_("`{value}` is a hexadecimal number")),
    (re.compile(r"[-+]?0o[0-7_]+"), N_("`{value}` is an octal number")),
    (re.compile(r"[-+]?0b[01_]+"), N_("`{value}` is a binary number")),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"),
     N_("`{value}` has underscores, which YAML 1.1 tools drop ({example})")),
]
_CUT = re.compile(r" #(\S.*)")  # a comment that starts right after one space, against the text before it
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the loaded data stands in its file."""

    values: dict[PathT, Location] = field(default_factory=dict)
    keys: dict[PathT, Location] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)

    def locate(self, path: PathT, *, key: bool = False) -> Location | None:
        """The location of `path`, or of the nearest enclosing value that has one. With `key`, the
        place of the key itself, or of the nearest enclosing key (a missing field is reported at
        the `case:` line it belongs under)."""
        if key:
            for end in range(len(path), 0, -1):
                if path[:end] in self.keys:
                    return self.keys[path[:end]]
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return None


@dataclass
class Loaded:
    """A spec as read from disk: plain data, where it came from, and the problems met on the way."""

    data: dict[str, Any]
    source: SourceMap
    problems: list[Problem]
    file: str  # as the user named it, for messages
    # Values reported within another problem (the later uses of an alias, counted in the first's
    # message): validation says nothing more of them.
    said: frozenset[PathT] = frozenset()


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it (a
    link keeps its own name, not its target's)."""
    for candidate, directory in ((path.absolute(), Path.cwd()), (path.resolve(), Path.cwd().resolve())):
        try:
            return str(candidate.relative_to(directory))
        except ValueError:
            continue
    return str(path)


def read_text(path: Path, display: str) -> str:
    """The file's text, or a SpecError saying plainly why it cannot be read as a UTF-8 spec."""
    def fail(message: str, hint: str | None = None, line: int = 1, column: int = 1) -> SpecError:
        return SpecError([Problem(message, hint=hint, location=Location(display, line, column))])

    if not path.exists():
        raise SpecError([Problem(_("{file}: no such file").format(file=display),
                                 hint=_("check the spelling of the path"))])
    if path.is_dir():
        raise SpecError([Problem(
            _("{file} is a directory, not a spec file").format(file=display),
            hint=_("give a .yaml file, or use `tenderkit build DIR` to build every spec in a directory"))])
    if not path.is_file():  # a named pipe or a device would block, or never end
        raise SpecError([Problem(
            _("{file} is not a regular file (a pipe or a device), so it cannot be a spec").format(file=display),
            hint=_("save the spec as a .yaml file and give its path"))])
    size = path.stat().st_size
    if size > MAX_SPEC_BYTES:
        raise _too_large(size, fail)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SPEC_BYTES + 1)  # bounded: a file may grow after stat()
    except OSError as exc:
        raise fail(_("cannot read the file: {reason}").format(reason=exc.strerror),
                   hint=_("check that the file is readable by you (its permissions)")) from None
    if len(raw) > MAX_SPEC_BYTES:
        raise _too_large(len(raw), fail)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise fail(_("the file is encoded as UTF-32"), hint=_("save it as UTF-8"))
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail(_("the file is encoded as UTF-16"), hint=_("save it as UTF-8 (in Notepad: Save as → Encoding: UTF-8)"))
    if b"\x00" in raw:
        raise fail(_("the file contains NUL bytes: it is not a text file (or it is UTF-16 without a BOM)"),
                   hint=_("a spec is a YAML text file saved as UTF-8"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        legacy = raw[exc.start:exc.start + 1].decode("cp1252", errors="replace")
        raise fail(
            _("the file is not UTF-8: byte {byte} cannot be read (in Windows-1252 it would be {character})").format(
                byte=f"0x{raw[exc.start]:02X}", character=repr(legacy)),
            hint=_("save the file as UTF-8 (in Notepad: Save as → Encoding: UTF-8)"), line=line, column=column) from None


def _too_large(size: int, fail) -> SpecError:
    return fail(
        _("the file is {size} MB; a spec may be at most {limit} MB").format(
            size=format_decimal(size / 1_000_000, "0.0", locale=language()), limit=MAX_SPEC_BYTES // 1_000_000),
        hint=_("a spec holds facts about one procurement and is a few kilobytes; check that this is the right file"))


def read_yaml(path: Path, display: str | None = None) -> Loaded:
    """Parse one YAML file whose top level is a mapping."""
    display = display or display_path(path)
    text = read_text(path, display)
    lines = split_lines(text)
    composer = _Composer(display, lines)
    try:
        data = composer.compose(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        problem = _repair(lines, exc, display) or _syntax_problem(exc, display, lines)
        raise SpecError(composer.problems + [problem], {display: lines}) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; it has a position, not a mark
        raise SpecError(composer.problems + [_reader_problem(exc, display, text)], {display: lines}) from None
    except yaml.YAMLError as exc:
        raise SpecError(composer.problems + [Problem(_("YAML cannot read the file: {reason}").format(reason=exc),
                                                     location=Location(display, 1, 1))], {display: lines}) from None
    except SpecError as exc:  # the composer stopped (an empty file, too deep): show the source with it
        raise SpecError(exc.problems, {display: lines}) from None
    source = SourceMap(composer.values, composer.keys, {display: lines})
    if not isinstance(data, dict):
        raise SpecError(composer.problems + [Problem(
            _(_NOT_A_MAPPING.get(type(data), _NOT_A_MAPPING[str])),
            location=Location(display, 1, 1), hint=_("start from one of the specs in specs/"))], {display: lines})
    return Loaded(data, source, composer.problems, display, frozenset(composer.said))


_NOT_A_MAPPING = {
    tuple: N_("the file holds a list; a spec is a set of fields (`name: value` lines)"),
    type(None): N_("the file holds nothing; a spec is a set of fields (`name: value` lines)"),
    str: N_("the file holds a single value; a spec is a set of fields (`name: value` lines)"),
}


class _Composer:
    """Turns parser events into dicts, tuples and scalars, recording locations and problems."""

    def __init__(self, file: str, lines: list[str]):
        self.file = file
        self.lines = lines
        self.values: dict[PathT, Location] = {}
        self.keys: dict[PathT, Location] = {}
        self.problems: list[Problem] = []
        self._aliases: dict[str, tuple[int, int]] = {}  # anchor → (its first alias's problem, later uses)
        self.said: set[PathT] = set()

    def _loc(self, mark) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)

    def _problem(self, message: str, mark, path: PathT, hint: str | None = None, severity: Severity = "error") -> None:
        self.problems.append(Problem(message, path=path, hint=hint, location=self._loc(mark), severity=severity))

    def _alias(self, event: yaml.AliasEvent, path: PathT) -> None:
        """Each alias is a problem, but one anchor used a thousand times (an alias bomb) is said
        once, with the count, not a thousand times."""
        anchor = event.anchor
        if anchor not in self._aliases:
            self._aliases[anchor] = (len(self.problems), 0)
            self._problem(
                _("`*{anchor}` refers to another part of the file (a YAML alias), which specs do not allow").format(
                    anchor=anchor), event.start_mark, path, hint=_("write the value out in full where it is needed"))
            return
        index, later = self._aliases[anchor]
        self._aliases[anchor] = (index, later + 1)
        self.said.add(path)
        message = ngettext(
            "`*{anchor}` refers to another part of the file (a YAML alias), which specs do not allow"
            " ({count} more use of `*{anchor}` follows)",
            "`*{anchor}` refers to another part of the file (a YAML alias), which specs do not allow"
            " ({count} more uses of `*{anchor}` follow)", later + 1).format(anchor=anchor, count=later + 1)
        self.problems[index] = replace(self.problems[index], message=message)

    def compose(self, events: Iterator[yaml.Event]) -> Any:
        data: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._problem(_("the file holds more than one YAML document (a second `---`)"), event.start_mark, (),
                                  hint=_("a spec is one document: remove the `---` line and what follows, or split the "
                                         "file"))
                    return data
                data = self._node(next(events), events, (), 0)
            elif isinstance(event, yaml.StreamEndEvent) and documents == 0:
                raise SpecError([Problem(_("the file is empty"), location=Location(self.file, 1, 1),
                                         hint=_("start from one of the specs in specs/"))])
        return data

    def _node(self, event: yaml.Event, events: Iterator[yaml.Event], path: PathT, depth: int) -> Any:
        self.values[path] = self._loc(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self._alias(event, path)
            return None
        if event.anchor is not None:
            self._problem(_("`&{anchor}` marks a value for reuse (a YAML anchor), which specs do not allow").format(
                anchor=event.anchor), event.start_mark, path, hint=_("remove the `&name` and write values out in full"))
        if depth > MAX_DEPTH:
            raise SpecError(self.problems + [Problem(
                _("the data is nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                location=self._loc(event.start_mark), hint=_("a spec is a few levels deep; check the indentation"))])
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) and event.tag and \
                event.tag not in _STANDARD_COLLECTION_TAGS and event.tag != "!":
            self._problem(_("the tag `{tag}` is not allowed in a spec").format(tag=event.tag), event.start_mark, path,
                          hint=_("remove the `!…` tag"))
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for event in events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return tuple(items)
                items.append(self._node(event, events, path + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, path, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")

    def _mapping(self, events: Iterator[yaml.Event], path: PathT, depth: int) -> dict:
        mapping: dict[str, Any] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            if not isinstance(key_event, yaml.ScalarEvent):
                self._problem(_("a field name must be plain text"), key_event.start_mark, path,
                              hint=_("write `name: value`, one field per line"))
                self._skip(key_event, events)
                self._skip(next(events), events)
                continue
            value_event = next(events)
            key = key_event.value
            child = path + (key,)
            if key == "<<":
                self._problem(_("merge keys (`<<:`) are not allowed in a spec"), key_event.start_mark, path,
                              hint=_("write the fields out in full"))
                self._skip(value_event, events)
                continue
            if key in mapping:
                first = self.keys[child]
                self._problem(_("`{key}` is given twice here (first on line {line})").format(key=key, line=first.line),
                              key_event.start_mark, child, hint=_("keep one of them"))
                self._skip(value_event, events)
                continue
            self.keys[child] = self._loc(key_event.start_mark)
            mapping[key] = self._node(value_event, events, child, depth + 1)
        raise AssertionError("mapping without end")

    def _skip(self, event: yaml.Event, events: Iterator[yaml.Event]) -> None:
        level = 1 if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) else 0
        while level:
            event = next(events)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1

    def _scalar(self, event: yaml.ScalarEvent, path: PathT) -> Any:
        value = event.value
        if event.tag and event.tag not in (_STR_TAG, "!"):
            self._problem(_("the tag `{tag}` is not allowed in a spec").format(tag=event.tag), event.start_mark, path,
                          hint=_("remove the `!…` tag; write the value as plain text or a number"))
            return value
        if event.style or event.tag:  # quoted, block or explicitly tagged: text (plain style is None or "")
            return value
        self._cut_by_comment(event, path)
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
        if value in _YAML11_BOOLS:
            meaning = "true" if value.lower() in {"yes", "on", "y"} else "false"
            self._problem(
                _("`{value}` is read as {meaning} by YAML 1.1 tools and as text by others").format(
                    value=value, meaning=meaning), event.start_mark, path,
                hint=_('write "{value}" in quotes for the text, or {meaning} for a yes/no value').format(
                    value=value, meaning=meaning))
            return value
        if _INT.fullmatch(value):
            digits = len(value.lstrip("+-"))
            if digits > _MAX_DIGITS:  # Python refuses to read 4300 digits; no value in a spec has 30
                self._problem(_("the number has {count} digits, far more than any value in a spec").format(
                    count=digits), event.start_mark, path, hint=_("check the value for a typo"))
                return value
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        match = _DATE.fullmatch(value)
        if match:
            try:
                return date(*map(int, match.groups()))
            except ValueError as exc:
                reason = str(exc)
                self._problem(_("{value} is not a date in the calendar ({reason})").format(
                    value=value, reason=_(reason) if reason in _DATE_REASONS else reason), event.start_mark, path,
                    hint=_("write a real date as YYYY-MM-DD"))
                return value
        for pattern, why in _YAML11_NUMBERS:
            if pattern.fullmatch(value):
                self._problem(_(why).format(value=value, example=_yaml11_reading(value)), event.start_mark, path,
                              hint=_('write "{value}" in quotes if it is text, or the number in plain digits').format(
                                  value=value))
                return value
        return value


    def _cut_by_comment(self, event: yaml.ScalarEvent, path: PathT) -> None:
        """`dnr: SON #2020-247` is valid YAML meaning "SON": a ` #` starts a comment, even in the middle
        of a value. A comment written as one (`  # note`, a space after the `#`) is left alone; a `#`
        right before the text that follows it is most likely part of the value."""
        end = event.end_mark
        if not event.value or event.start_mark.line != end.line or end.line >= len(self.lines):
            return
        cut = _CUT.match(self.lines[end.line][end.column:])
        if cut:
            line, comment = self.lines[end.line], "#" + cut.group(1).rstrip()
            quoted = f'{line[:end.column - len(event.value)]}"{event.value} {comment}"'
            self.problems.append(Problem(
                _("the value ends at ` #`: YAML reads `{comment}` as a comment, so the value is “{value}”").format(
                    comment=comment, value=event.value),
                path=path, severity="warning", location=Location(self.file, end.line + 1, end.column + 2),
                hint=_("if the `#` belongs to the value, write it in quotes: `{quoted}`; for a comment, put two "
                       "spaces before the `#` and one after it").format(quoted=quoted.strip())))


def _yaml11_reading(value: str) -> str:
    """What PyYAML's YAML 1.1 loader makes of `value`, to show the surprise concretely."""
    try:
        read = yaml.load(value, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return _("not a number")
    return f"{value} → {read}" if not isinstance(read, str) else _("read as text")


def _reader_problem(exc: yaml.reader.ReaderError, file: str, text: str) -> Problem:
    """A character YAML refuses (a control character pasted in), at its line and column. The
    reader reads in order, so the refused character is the first one YAML cannot print (its
    own position counts bytes in the C reader and characters in the Python one)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if not found:
        return Problem(_("YAML cannot read the file: {reason}").format(reason=exc.reason), location=Location(file, 1, 1))
    breaks = list(_LINE_BREAK.finditer(text, 0, found.start()))
    line_start = breaks[-1].end() if breaks else 0
    return Problem(_("the file contains the control character U+{code}, which a spec cannot hold").format(
                       code=f"{ord(found.group()):04X}"),
                   hint=_("the character is invisible: retype the text around this place"),
                   location=Location(file, len(breaks) + 1, found.start() - line_start + 1))


def split_lines(text: str) -> list[str]:
    """Lines as YAML counts them: str.splitlines also breaks at form feeds and other control
    characters, which would show a message under the wrong line."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def _unclosed(exc: yaml.MarkedYAMLError) -> str | None:
    """What is left open when the file ends or the next line starts inside a quote or a bracket."""
    context = exc.context or ""
    if "while scanning a quoted scalar" in context and "end of stream" in (exc.problem or ""):
        return "quote"
    opened = exc.context_mark
    if "while parsing a flow" in context and opened and exc.problem_mark and exc.problem_mark.line > opened.line:
        return "bracket"
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, lines: list[str]) -> Problem:
    unclosed = _unclosed(exc)
    mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    neighbour = lines[line - 2] if 1 < line <= len(lines) + 1 else ""
    if unclosed == "quote":
        hint = _("the quote that starts here is not closed: add the closing quote at the end of the value")
    elif unclosed == "bracket":
        opener = lines[line - 1][column - 1] if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]) else "{"
        closer = {"{": "}", "[": "]"}.get(opener, "}")
        hint = _("the `{opener}` that starts here is not closed: add `{closer}` at the end of the value").format(
            opener=opener, closer=closer)
    elif "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "\t" in neighbour[:len(neighbour) - len(neighbour.lstrip())]:
        hint = _("YAML indents with spaces only: replace the tab with spaces")
    elif "mapping values are not allowed" in problem:
        hint = _indentation_hint(lines, line) or \
            _("a value that contains `: ` must be written in quotes, or this line is indented wrongly")
    elif any(words in problem for words in _INDENTATION_PROBLEMS):
        hint = _indentation_hint(lines, line) or _("check the indentation of this line against the lines above it")
    elif "found character" in problem and "cannot start any token" in problem:
        hint = _("a value that starts with this character must be written in quotes")
    elif "control characters" in problem or "special characters" in problem:
        hint = _("remove the invisible control character from this line")
    elif "while scanning a quoted scalar" in (exc.context or ""):
        hint = _("a quote is not closed: add the closing quote")
    else:
        hint = _("check the indentation and quotes on this line and the one before")
    words = _yaml_words(problem) if problem else _("invalid YAML")
    message = _("YAML syntax error: {problem} ({context})").format(
        problem=words, context=_yaml_words(exc.context.strip())) if exc.context else _syntax_error(words)
    return Problem(message, hint=hint, location=Location(file, line, column))


def _syntax_error(problem: str) -> str:
    return _("YAML syntax error: {problem}").format(problem=problem)


def _yaml_words(text: str) -> str:
    """PyYAML's own words for what it found (or what it was reading), in the user's language when
    they are known; PyYAML words them in English only, and a phrase not in the table stays so."""
    return _(text) if text in _YAML_WORDS else text


# What libyaml (PyYAML's C parser, which the loader uses) and PyYAML's Python parser say they found
# wrong or were reading when a spec's YAML does not parse; the ones a spec can run into.
_YAML_WORDS = frozenset((
    # libyaml
    N_("block sequence entries are not allowed in this context"),
    N_("control characters are not allowed"),
    N_("could not find expected ':'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected hexdecimal number"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected whitespace or line break"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an indentation indicator equal to 0"),
    N_("found character that cannot start any token"),
    N_("found invalid Unicode character escape code"),
    N_("found undefined tag handle"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character"),
    N_("mapping keys are not allowed in this context"),
    N_("mapping values are not allowed in this context"),
    N_("while parsing a block collection"),
    N_("while parsing a block mapping"),
    N_("while parsing a block node"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
    N_("while parsing a tag"),
    N_("while scanning a block scalar"),
    N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning a tag"),
    N_("while scanning an alias"),
    N_("while scanning an anchor"),
    N_("while scanning for the next token"),
    # PyYAML's Python parser (without libyaml); its phrases that name what it found vary, and stay English
    N_("found unexpected document separator"),
    N_("mapping keys are not allowed here"),
    N_("mapping values are not allowed here"),
    N_("sequence entries are not allowed here"),
    N_("while scanning a double-quoted scalar"),
))


_INDENTATION_PROBLEMS = ("expected <block end>", "could not find expected ':'", "did not find expected key",
                         "did not find expected '-' indicator")


def _indentation_hint(lines: list[str], line: int) -> str | None:
    """Name the line above that this one does not line up with, when no single change was found
    to make the file readable (see _repair)."""
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    number = next((number for number in range(line - 1, 0, -1) if _content(lines[number - 1])), None)
    if number is None:
        return None
    above = lines[number - 1]
    opens_group = re.sub(r"\s+#.*$", "", above).rstrip().endswith(":")
    if _indent(current) > _indent(above) and not opens_group:
        return _("this line is indented more than line {line} above it, which holds a value, not a group of "
                 "fields: check the indentation of both lines").format(line=number)
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content(text: str) -> bool:
    return bool(text.strip()) and not text.lstrip().startswith("#")


# --- finding the one change that makes the file readable -------------------------------------------
#
# YAML notices a wrong indentation, a missing dash or a `key:value` only on a later line, and its
# message then names that line. Instead of guessing from the columns, we try: each line from the one
# YAML stopped at upwards is changed in each way a person slips (a space after the colon, the dash of
# a list item, each other indentation) and the file parsed again. The first change that makes the
# whole file readable names the line to change and how.

_REPAIR_LINES = 8  # lines with content tried above the one YAML stopped at
_KEY_WITHOUT_SPACE = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?!//)([^\s:].*)")


def _repair(lines: list[str], exc: yaml.MarkedYAMLError, file: str) -> Problem | None:
    mark = exc.problem_mark or exc.context_mark
    if mark is None or _unclosed(exc) or any("\t" in text[:len(text) - len(text.lstrip())] for text in lines):
        return None
    stop = min(mark.line, len(lines) - 1)
    candidates = [number for number in range(stop, -1, -1) if _content(lines[number])][:_REPAIR_LINES + 1]
    for attempt in (_missing_space, _missing_dash, _wrong_column):
        for number in candidates:
            for changed, problem in attempt(lines, number):
                if _readable(lines, number, changed, file):
                    return replace(problem, location=Location(file, number + 1, _indent(lines[number]) + 1))
    return None


def _readable(lines: list[str], number: int, changed: str, file: str) -> bool:
    """Whether the file with line `number` changed parses, and the line still holds a value of its
    own (not the continuation of the text above it) that the composer finds nothing wrong with."""
    changed_lines = lines[:number] + [changed] + lines[number + 1:]
    try:
        events = list(yaml.parse("\n".join(changed_lines), Loader=_Loader))
        composer = _Composer(file, changed_lines)
        composer.compose(iter(events))
    except (yaml.YAMLError, SpecError):
        return False
    own = any(getattr(event, "start_mark", None) and event.start_mark.line == number
              and not isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) for event in events)
    return own and not any(problem.is_error and problem.location and problem.location.line == number + 1
                           for problem in composer.problems)


def _missing_space(lines: list[str], number: int) -> Iterator[tuple[str, Problem]]:
    found = _KEY_WITHOUT_SPACE.fullmatch(lines[number].rstrip())
    if found:
        lead, key, value = found.groups()
        fixed = f"{key}: {value}"
        yield lead + fixed, Problem(
            _syntax_error(_("`{text}` has no space after the colon, so YAML reads the line as one text, not a field "
                            "and its value").format(text=f"{key}:{value}")),
            hint=_("write `{fixed}`").format(fixed=fixed))


def _missing_dash(lines: list[str], number: int) -> Iterator[tuple[str, Problem]]:
    """A line in the column of the list item above it, without the item's `- `."""
    text = lines[number]
    indent = _indent(text)
    sibling = next((lines[above] for above in range(number - 1, -1, -1)
                    if _content(lines[above]) and _indent(lines[above]) <= indent), "")
    if text.lstrip().startswith("-") or _indent(sibling) != indent or not sibling.lstrip().startswith("- "):
        return
    item = f"- {text.strip()}"
    yield " " * indent + item, Problem(
        _syntax_error(_("this line is an item of the list above it but has no dash")),
        hint=_("write `{item}`, like the items above it").format(item=item))


def _wrong_column(lines: list[str], number: int) -> Iterator[tuple[str, Problem]]:
    """The line moved to each column up to two past the deepest line above it, nearest first."""
    text = lines[number]
    indent = _indent(text)
    deepest = max((_indent(line) for line in lines[:number] if _content(line)), default=0)
    for column in sorted(range(deepest + 3), key=lambda column: (abs(column - indent), column)):
        if column == indent:
            continue
        above = [line for line in range(number - 1, -1, -1) if _content(lines[line])]
        guide = next((line + 1 for line in above if _indent(lines[line]) <= column), None)
        if guide and _indent(lines[guide - 1]) != column:
            guide = None
        if guide:
            hint = ngettext("indent it with {count} space, like line {line} above it: then the file reads correctly",
                            "indent it with {count} spaces, like line {line} above it: then the file reads correctly",
                            column).format(count=column, line=guide)
        else:
            hint = ngettext("indent it with {count} space: then the file reads correctly",
                            "indent it with {count} spaces: then the file reads correctly", column).format(count=column)
        yield " " * column + text.lstrip(" "), Problem(
            _syntax_error(_("this line must start in column {column}, not column {indent}").format(
                column=column + 1, indent=indent + 1)), hint=hint)
