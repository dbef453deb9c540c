"""`tenderkit serve`: a local preview of a project's documents that follows every save.

Each spec is built in the server by the pipeline `tenderkit build` uses (check_spec, then
render_documents), kept in memory, and shown as HTML made from the documents' Markdown twins, so the
page says what the Word files say. Requests are answered from that memory only: no path of a request
ever reaches the file system, so nothing outside the project can be served, and nothing is written.
A watcher (watchfiles, on the operating system's file events) rebuilds the specs a saved file
affects, and each open page's event stream (server-sent events) sends the page's new content in the
event itself; the page replaces its content in place, keeping its scroll position.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import socket
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from . import build, i18n
from .i18n import N_, _
from .pdf import INSTALL_HINT, Converter, find_soffice
from .review.diff import diff_specs, render_text, same_service
from .review.redline import redline
from .review.sources import SourceProblem, spec_source
from .spec.errors import Problem, SpecError
from .spec.loader import YAML_SUFFIXES, display_path

STATES = {"pending": N_("Building…"), "built": N_("Built"), "warnings": N_("Warnings"), "errors": N_("Errors"),
          "crashed": N_("Crashed")}
AROUND = 2  # YAML lines shown before and after the line of a problem
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream, so proxies and browsers keep it open
# Milliseconds watchfiles sleeps between looks at the operating system's events; a batch is yielded once a
# look finds nothing new, so a save is seen 1 to 2 steps after it. Two saves closer than that are one batch.
WATCH_STEP = 2
WATCHED_SUFFIXES = frozenset({*YAML_SUFFIXES, ".docx"})  # specs, project file, libraries, law data; templates
MEDIA_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               ".md": "text/markdown; charset=utf-8", ".pdf": "application/pdf"}
PDF_TIMEOUT = 120.0  # seconds LibreOffice may take for one document


class PortInUse(Exception):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Document:
    name: str  # the kind's name, the file stem in output/
    title: str
    html: str | None  # None for a document without a Markdown twin (the price workbook)
    files: dict[str, bytes]  # what can be downloaded: file name → bytes


@dataclass(frozen=True)
class View:
    """What the server knows of one spec: its state, and the documents of its last good build."""

    path: Path
    slug: str
    state: str = "pending"
    title: str = ""
    documents: tuple[Document, ...] = ()
    problems: tuple[str, ...] = ()  # errors, or the crash, as the CLI prints them with the lines around
    warnings: tuple[str, ...] = ()
    inputs: frozenset[Path] = frozenset()  # the files its documents were built from; empty until it checks
    stale: bool = False  # the documents are those of an earlier, valid version of the spec
    builds: int = 0
    checked: build.CheckedSpec | None = None  # the current version, when it is valid: what a diff compares

    @property
    def name(self) -> str:
        return self.title or self.path.name


class Preview:
    """The specs of one project, each built on demand of `update`; safe to read from other threads
    while one thread updates (each view is replaced whole)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.templates = build.Templates()
        self.views: dict[str, View] = {slug_of(path): View(path, slug_of(path)) for path in self.spec_paths()}
        # (spec, revision) → the commit the revision named and the spec as it was there, checked: the old
        # side of a diff, the same for every save until the revision moves or a file other than a spec changes
        self.revisions: dict[tuple[Path, str], tuple[str, build.CheckedSpec]] = {}
        self.named: dict[tuple[Path, str], str | None] = {}  # what they named as the last save's build began

    def spec_paths(self) -> list[Path]:
        """The project's specs: those in DIR/specs/ when DIR has one (a repository's root), else in DIR."""
        directory = self.root / "specs" if (self.root / "specs").is_dir() else self.root
        return build.spec_files([directory])

    def update(self, changed: Iterable[Path] | None = None) -> list[str]:
        """Rebuild the specs that `changed` files affect (all when None); the slugs of the specs
        whose page changed, those of deleted specs included."""
        changed = None if changed is None else {path.resolve() for path in changed if relevant(path)}
        if changed is not None and not changed:
            return []
        paths = {slug_of(path): path for path in self.spec_paths()}
        touched = sorted(self.views.keys() - paths.keys())
        for slug in touched:
            del self.views[slug]
        specs = {path.resolve() for path in paths.values()}
        if changed is None or changed - specs:
            self.templates = build.Templates()  # a template may have changed: compile them again
            self.revisions.clear()  # so may a library or the law data an old version is checked with
        for slug, path in paths.items():
            old = self.views.get(slug) or View(path, slug)
            if changed is None or old.state == "pending" or build.affected(old.path.resolve(), old.inputs, changed, specs):
                self.views[slug] = self._build(old)
                touched.append(slug)
        return touched

    def name_revisions(self) -> dict[tuple[Path, str], str | None]:
        """The commit each kept revision names now: asked of git while a save's specs build (on the
        other core), so the pages made right after the build need not wait for git."""
        return {(path, rev): commit_of(rev, path.parent) for path, rev in list(self.revisions)}

    def watched(self) -> list[Path]:
        """The project directory and tenderkit's own templates, libraries and law data, which a
        build reads from wherever tenderkit is installed (a checkout's edits to them show too)."""
        from .spec.law import BUNDLED_LAW

        existing = sorted({d.resolve() for d in (self.root, build.bundled("templates"), build.bundled("library"),
                                                 BUNDLED_LAW.parent) if d.is_dir()})
        return [d for d in existing if not any(d != other and d.is_relative_to(other) for other in existing)]

    def _build(self, old: View) -> View:
        builds = old.builds + 1
        checked = None
        try:
            checked = build.check_spec(old.path)
            built = build.render_documents(checked, self.templates)
        except SpecError as exc:
            return View(old.path, old.slug, "errors", old.title, old.documents,
                        tuple(problem_text(p, exc.sources) for p in exc.problems), (),
                        frozenset(checked.inputs) if checked else old.inputs, bool(old.documents), builds)
        except Exception as exc:  # a bug in tenderkit: shown on this spec's page, the server goes on
            crash = "tenderkit: " + _("internal error: {error}\n  This is a bug in tenderkit, not in your spec. "
                                      "Report it with the text below.").format(error=f"{type(exc).__name__}: {exc}")
            crash += f"\n\n{traceback.format_exc()}"
            return View(old.path, old.slug, "crashed", old.title, old.documents, (crash,), (), old.inputs,
                        bool(old.documents), builds)
        sources = checked.valid.source.lines
        warnings = tuple(problem_text(p, sources) for p in checked.warnings)
        documents = tuple(Document(d.kind.name, d.kind.title,
                                   markdown_html(d.files[f"{d.kind.name}.md"].decode()) if "md" in d.kind.formats
                                   else None,
                                   {name: data for name, data in d.files.items() if not name.endswith(".md")})
                          for d in built)
        return View(old.path, old.slug, "warnings" if warnings else "built", checked.spec.service.name, documents,
                    (), warnings, frozenset(path.resolve() for path in checked.inputs), False, builds, checked)


def slug_of(path: Path) -> str:
    return path.stem


def relevant(path: Path) -> bool:
    """A file a build may read; editors' lock and backup files, output/ and .git are not."""
    return path.suffix.lower() in WATCHED_SUFFIXES and not path.name.startswith(("~$", ".#"))


def problem_text(problem: Problem, sources: dict[str, list[str]]) -> str:
    """The problem as the CLI prints it, with AROUND lines of the YAML before and after its line."""
    text = problem.render(sources)
    location = problem.location
    lines = sources.get(location.file) if location else None
    if not lines or not 0 < location.line <= len(lines):
        return text

    def numbered(numbers: range) -> list[str]:
        return [f"{n:>5} | {lines[n - 1].rstrip()}" for n in numbers]

    headline, source, caret, *rest = text.split("\n")
    before = numbered(range(max(1, location.line - AROUND), location.line))
    after = numbered(range(location.line + 1, min(len(lines), location.line + AROUND) + 1))
    return "\n".join([headline, *before, source, caret, *after, *rest])


# --- comparing with a git revision, and the PDF ------------------------------------------------------

class Unavailable(Exception):
    """What the page says instead of a comparison or a PDF: a revision that does not exist, an old
    version that does not validate, no LibreOffice."""


@contextlib.contextmanager
def revision_of(view: View, rev: str, commit: str | None = None) -> Iterator[build.CheckedSpec]:
    """The spec as it was in the git revision `rev` (in `commit`, when `rev` has been resolved to it),
    checked as `tenderkit diff` checks an old version."""
    if not rev or rev.startswith("-"):
        raise Unavailable(_("`{revision}` is not a git revision").format(revision=rev) + "\n  " + _("hint: {hint}").format(
            hint=_("give one such as HEAD, HEAD~1, a tag or a commit")))
    display = f"{rev}:{display_path(view.path)}"
    try:
        with spec_source(f"{commit or rev}:./{view.path.name}", cwd=view.path.parent) as path:
            old = build.check_spec(path, display=display, compared=True)
            if not same_service(old, view.checked):
                raise Unavailable(_("{file} describes another service ({name})").format(
                    file=display, name=old.spec.service.name))
            yield old
    except SourceProblem as exc:
        raise Unavailable(str(exc) + ("\n  " + _("hint: {hint}").format(hint=exc.hint) if exc.hint else "")) from None
    except SpecError as exc:
        raise Unavailable("\n\n".join(problem_text(p, exc.sources) for p in exc.problems)) from None


def diff_text(view: View, rev: str, revisions: dict[tuple[Path, str], tuple[str, build.CheckedSpec]],
              named: dict[tuple[Path, str], str | None]) -> str:
    """What changed in meaning since `rev`, as `tenderkit diff REV:path path` prints it. The old side is
    unpacked and checked once per commit `rev` names and kept in `revisions`: a save changes only the new
    side. The commit is asked of git, unless `named` holds what it named a moment ago."""
    commit = named[view.path, rev] if (view.path, rev) in named else commit_of(rev, view.path.parent)
    kept = revisions.get((view.path, rev))
    if kept and kept[0] == commit and same_service(kept[1], view.checked):
        old = kept[1]
    else:
        with revision_of(view, rev, commit) as old:
            if commit:
                revisions[(view.path, rev)] = (commit, old)
    return render_text(diff_specs(old, view.checked))


def commit_of(rev: str, directory: Path) -> str | None:
    """The commit `rev` names, seen from `directory`; None when it names none, outside a repository or
    without git, which revision_of then says."""
    try:
        found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                               cwd=directory, capture_output=True, text=True)
    except OSError:
        return None
    return found.stdout.strip() if found.returncode == 0 else None


def redline_of(view: View, name: str, rev: str) -> bytes:
    """The Word document `name` with the changes since `rev` as tracked changes."""
    new = next(d.files[f"{name}.docx"] for d in view.documents if f"{name}.docx" in d.files)
    with revision_of(view, rev) as old:
        before = {d.kind.name: d for d in build.render_documents(old)}
    if name not in before:
        raise Unavailable(_("{file} makes no {name}").format(file=f"{rev}:{display_path(view.path)}", name=name))
    return redline(before[name].docx, new, author="tenderkit", when=datetime.now(UTC))


def pdf_of(docx: bytes) -> bytes:
    """The Word document as PDF, through LibreOffice as `tenderkit package --pdf` converts it."""
    soffice = find_soffice()
    if soffice is None:
        raise Unavailable(_("PDF needs LibreOffice, which is not installed") + "\n  "
                          + _("hint: {hint}").format(hint=_(INSTALL_HINT)))
    with tempfile.TemporaryDirectory(prefix="tenderkit-serve-") as profile:
        converted, failures = Converter(soffice, "pdf", Path(profile), date.today(), PDF_TIMEOUT).convert(
            {"document.docx": docx})
    if failures:
        raise Unavailable(_("LibreOffice could not convert the document: {reason}").format(reason=failures[0].reason))
    return converted["document.docx"]


# --- the documents' Markdown twins as HTML ------------------------------------------------------------

def markdown_html(markdown: str) -> str:
    """The Markdown that `render.text.to_markdown` writes, as HTML; every text escaped. Only that
    writer's few forms are read: header and footer, headings, lists, tables, paragraphs."""
    out = []
    for chunk in markdown.strip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if lines[0] in ("<!-- sidhuvud -->", "<!-- sidfot -->"):
            kind = "header" if lines[0] == "<!-- sidhuvud -->" else "footer"
            out.append(f'<div class="{kind}">' + "<br>".join(escape(line.rstrip(" ")) for line in lines[1:]) + "</div>")
        elif chunk.startswith("#"):
            marks, _, text = chunk.partition(" ")
            level = min(len(marks), 6) if set(marks) == {"#"} else 0
            out.append(f"<h{level}>{escape(text)}</h{level}>" if level else f"<p>{escape(chunk)}</p>")
        elif len(lines) > 1 and all(line.startswith("|") for line in lines) and lines[1].startswith("|---"):
            rows = [_cells(line) for line in lines[:1] + lines[2:]]
            head = "".join(f"<th>{escape(cell)}</th>" for cell in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows[1:])
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif all(line.lstrip(" ").startswith("- ") for line in lines):
            items = "".join(f'<li style="margin-left:{(len(line) - len(line.lstrip(" "))) // 2 * 1.5}em">'
                            f'{escape(line.lstrip(" ")[2:])}</li>' for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    cells, current, index = [], "", 1
    while index < len(line):
        if line.startswith("\\|", index):
            current, index = current + "|", index + 2
        elif line[index] == "|":
            cells.append(current.strip())
            current, index = "", index + 1
        else:
            current, index = current + line[index], index + 1
    return cells


# --- the pages ----------------------------------------------------------------------------------------

STYLE = """
body{font-family:Georgia,'Times New Roman',serif;margin:0;background:#eee;color:#111}
nav.top{font-family:Arial,sans-serif;background:#234;color:#fff;padding:.6em 1.2em}
nav.top a{color:#fff}
main{max-width:60em;margin:1em auto;padding:0 1em}
.state{font-family:Arial,sans-serif;font-size:.8em;padding:.1em .5em;border-radius:.8em;background:#ccc}
.state.built{background:#bdb}.state.warnings{background:#fd8}.state.errors,.state.crashed{background:#f99}
.columns{display:flex;gap:1.5em;align-items:flex-start}.columns>*{flex:1;min-width:0}
pre.problem{background:#fff;border-left:4px solid #c00;padding:.6em;overflow-x:auto;white-space:pre-wrap}
pre.problem.warning{border-color:#d90}
pre.diff{background:#fff;border-left:4px solid #36c;padding:.6em;white-space:pre-wrap}
article{background:#fff;padding:2em 3em;margin:1em 0;box-shadow:0 1px 3px #999}
.stale article{opacity:.45;filter:grayscale(1)}
.header,.footer{font-family:Arial,sans-serif;font-size:.8em;color:#555;border-bottom:1px solid #ccc;margin-bottom:1em}
.footer{border:0;border-top:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}
ul.documents li{margin:.3em 0}
"""

SCRIPT = """
const content = document.getElementById("content");
const rev = new URLSearchParams(location.search).get("rev") || "HEAD";
// Each event holds the page's new content: on connecting (whatever changed while the page loaded or the
// stream was away), then after each save that changes it.
const events = new EventSource("/events?" + new URLSearchParams({spec: content.dataset.spec, rev: rev}));
events.onmessage = (event) => { content.innerHTML = JSON.parse(event.data); };
"""


def page(title: str, body: str, spec: str = "") -> str:
    preview = escape(_("preview"))
    return (f'<!doctype html><html lang="{i18n.language()}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{STYLE}</style></head><body><nav class="top"><a href="/">tenderkit</a> · {preview}</nav>'
            f'<main id="content" data-spec="{escape(spec)}">{body}</main><script>{SCRIPT}</script></body></html>')


def paragraph(text: str, tag: str = "p") -> str:
    """A line of the page's own words (already translated), escaped."""
    return f"<{tag}>{escape(text)}</{tag}>"


def all_specs_link() -> str:
    label = escape(_("All specs"))
    return f'<p><a href="/">{label}</a></p>'


def state_badge(view: View) -> str:
    label = escape(_(STATES[view.state]))
    return f'<span class="state {view.state}">{label}</span>'


def index_content(preview: Preview) -> str:
    rows = "".join(f'<li><a href="/spec/{quote(v.slug)}">{escape(v.name)}</a> {state_badge(v)} '
                   f"<small>{escape(display_path(v.path))}</small></li>"
                   for v in sorted(preview.views.values(), key=lambda v: v.slug))
    return (paragraph(_("Specs in {directory}").format(directory=preview.root), "h1")
            + (f'<ul class="documents">{rows}</ul>' if rows else paragraph(_("No specs (*.yaml) found."))))


def spec_content(view: View, rev: str = "HEAD", diff: str = "") -> str:
    """The spec's page; `diff` is what changed since the revision `rev`, shown when the spec is valid."""
    parts = [f'{all_specs_link()}<h1>{escape(view.name)} {state_badge(view)}</h1>',
             f"<p><small>{escape(display_path(view.path))}</small></p>"]
    if view.state == "pending":
        parts.append(paragraph(_("Building the documents…")))
    problems = "".join(f'<pre class="problem">{escape(text)}</pre>' for text in view.problems)
    warnings = "".join(f'<pre class="problem warning">{escape(text)}</pre>' for text in view.warnings)
    base, revision = f"/spec/{quote(view.slug)}", quote(rev)
    since = escape(_("changes since {revision} (.docx)").format(revision=rev))
    links = "".join(f'<li><a href="#{escape(d.name)}">{escape(d.title)}</a> '
                    + " ".join(f'<a download href="{base}/files/{quote(name)}">{escape(name)}</a>' for name in d.files)
                    + (f' <a download href="{base}/pdf/{quote(d.name)}.pdf">PDF</a>'
                       f' <a download href="{base}/redline/{quote(d.name)}.docx?rev={revision}">{since}</a>'
                       if f"{d.name}.docx" in d.files else "")
                    + "</li>" for d in view.documents)
    documents = "".join(f'<article id="{escape(d.name)}">{d.html}</article>' for d in view.documents if d.html)
    shown = (f'<ul class="documents">{links}</ul>{documents}') if view.documents else ""
    if view.problems:
        note = paragraph(_("Last valid preview:") if shown else _("No earlier valid version."))
        heading = paragraph(_("Problems"), "h2")
        parts.append(f'<div class="columns"><section>{heading}{problems}</section>'
                     f'<section class="stale">{note}{shown}</section></div>')
    else:
        if warnings:
            parts.append(paragraph(_("Warnings"), "h2") + warnings)
        if diff:
            parts.append(paragraph(_("Changes since {revision}").format(revision=rev), "h2")
                         + f'<pre class="diff">{escape(diff)}</pre>')
        parts.append(shown)
    return "".join(parts)


class Broadcast:
    """The open event streams; `send` tells each the slugs of the specs that changed, and a stream
    whose page shows one of them sends the page's new content."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[list[str]]] = set()

    def send(self, slugs: list[str]) -> None:
        if slugs:
            for queue in self.queues:
                queue.put_nowait(slugs)

    async def stream(self, shows: Callable[[list[str]], bool], content: Callable[[bool], Awaitable[str]]):
        """The content of a page, first as it is now, then again after each change that `shows` says
        the page shows (`content(True)`); changes that come while it is made are one content."""
        queue: asyncio.Queue[list[str]] = asyncio.Queue()
        self.queues.add(queue)
        try:
            yield "retry: 1000\n\n"
            changed, saved = True, False
            while True:
                if changed:
                    yield f"data: {json.dumps(await content(saved))}\n\n"
                try:
                    batches = [await asyncio.wait_for(queue.get(), KEEP_ALIVE)]
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    changed = False
                    continue
                while not queue.empty():
                    batches.append(queue.get_nowait())
                changed, saved = any(shows(slugs) for slugs in batches), True
        finally:
            self.queues.discard(queue)


class HostGuard:
    """Refuses every request whose Host header is not the server's own address: a web page
    elsewhere cannot read the specs by pointing its own name at 127.0.0.1 (DNS rebinding)."""

    def __init__(self, app, allowed: Iterable[str]):
        self.app = app
        self.allowed = frozenset(host.lower() for host in allowed)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            if host not in self.allowed:
                response = PlainTextResponse(_("tenderkit serve answers only requests to {hosts}").format(
                    hosts=", ".join(sorted(self.allowed))), status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def allowed_hosts(host: str, port: int) -> list[str]:
    named = f"[{host}]" if ":" in host else host
    return [f"{named}:{port}", f"127.0.0.1:{port}", f"localhost:{port}"]


@dataclass
class Follower:
    """The task that builds every spec once, then again the specs each save affects."""

    preview: Preview
    broadcast: Broadcast
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        from watchfiles import awatch

        async def first() -> None:
            self.broadcast.send(await run_in_threadpool(self.preview.update))

        # Watching starts while the first build runs, so a save during it is not missed; changes
        # arriving within WATCH_STEP ms of each other are one batch: two quick saves, one build. A save
        # during a build is the next batch, so the last build is always of the files as last saved.
        initial = asyncio.create_task(first())
        async for changes in awatch(*self.preview.watched(), stop_event=self.stop, step=WATCH_STEP, debounce=1600):
            await initial
            naming = asyncio.ensure_future(run_in_threadpool(self.preview.name_revisions))
            slugs = await run_in_threadpool(self.preview.update, [Path(path) for _, path in changes])
            self.preview.named = await naming
            self.broadcast.send(slugs)
        await initial


def create_app(preview: Preview, hosts: Iterable[str], *, follow: bool = True) -> HostGuard:
    """The web application; `follow` builds the specs and rebuilds them on save (tests build by hand)."""
    broadcast = Broadcast()

    async def index(request: Request) -> Response:
        return HTMLResponse(page("tenderkit", index_content(preview)))

    async def spec_page(slug: str, rev: str, saved: bool = False) -> tuple[str, str, int]:
        """The title, content and status of the page of the spec `slug`, as the page and its event stream show
        it; `saved` when it is made right after a save's build, which asked git what `rev` names."""
        view = preview.views.get(slug)
        if view is None:
            missing = paragraph(_("There is no spec {name} (any more).").format(name=slug))
            return "tenderkit", all_specs_link() + missing, 404
        diff = ""
        if view.checked and not view.problems:
            try:
                diff = await run_in_threadpool(diff_text, view, rev, preview.revisions, preview.named if saved else {})
            except Unavailable as exc:
                diff = str(exc)
        return view.name, spec_content(view, rev, diff), 200

    async def spec(request: Request) -> Response:
        slug = request.path_params["slug"]
        title, body, status = await spec_page(slug, request.query_params.get("rev", "HEAD"))
        return HTMLResponse(page(title, body, slug), status_code=status)

    def attachment(data: bytes, name: str) -> Response:
        return Response(data, media_type=MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream"),
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    def word_file(request: Request, suffix: str) -> tuple[View, str] | None:
        """The spec and the name of its Word document that `request` asks for in another form, if both exist."""
        view = preview.views.get(request.path_params["slug"])
        name = request.path_params["name"].removesuffix(suffix)
        if view is None or not request.path_params["name"].endswith(suffix) or \
                not any(f"{name}.docx" in d.files for d in view.documents):
            return None
        return view, name

    async def pdf(request: Request) -> Response:
        found = word_file(request, ".pdf")
        if found is None:
            return PlainTextResponse(_("no such file"), status_code=404)
        view, name = found
        docx = next(d.files[f"{name}.docx"] for d in view.documents if f"{name}.docx" in d.files)
        try:
            return attachment(await run_in_threadpool(pdf_of, docx), f"{name}.pdf")
        except Unavailable as exc:
            return PlainTextResponse(str(exc), status_code=503)

    async def redlined(request: Request) -> Response:
        found = word_file(request, ".docx")
        if found is None:
            return PlainTextResponse(_("no such file"), status_code=404)
        view, name = found
        rev = request.query_params.get("rev", "HEAD")
        if view.checked is None or view.problems:
            return PlainTextResponse(_("{file} is invalid now; its page shows why").format(file=display_path(view.path)),
                                     status_code=409)
        try:
            data = await run_in_threadpool(redline_of, view, name, rev)
        except Unavailable as exc:
            return PlainTextResponse(str(exc), status_code=409)
        return attachment(data, f"{name}-andringar.docx")

    async def download(request: Request) -> Response:
        view = preview.views.get(request.path_params["slug"])
        name = request.path_params["name"]
        data = next((d.files[name] for d in view.documents if name in d.files), None) if view else None
        if data is None:
            return PlainTextResponse(_("no such file"), status_code=404)
        return attachment(data, name)

    async def events(request: Request) -> Response:
        """The event stream of the page of the spec `spec` (compared with `rev`), or of the index without one."""
        slug, rev = request.query_params.get("spec", ""), request.query_params.get("rev", "HEAD")

        async def content(saved: bool) -> str:
            return (await spec_page(slug, rev, saved))[1] if slug else index_content(preview)

        return StreamingResponse(broadcast.stream(lambda slugs: not slug or slug in slugs, content),
                                 media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if not follow:
            yield
            return
        follower = Follower(preview, broadcast)
        task = asyncio.create_task(follower.run())
        yield
        follower.stop.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task

    app = Starlette(routes=[Route("/", index), Route("/spec/{slug}", spec),
                            Route("/spec/{slug}/files/{name}", download), Route("/spec/{slug}/pdf/{name}", pdf),
                            Route("/spec/{slug}/redline/{name}", redlined), Route("/events", events)],
                    lifespan=lifespan)
    return HostGuard(app, hosts)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `port` (a free one when 0); PortInUse names a free port to use instead."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno != errno.EADDRINUSE:
            raise PortInUse(_("cannot listen on {address}: {reason}").format(address=f"{host}:{port}", reason=exc.strerror),
                            _("give an address of this machine with --host, or leave --host out for 127.0.0.1")) from None
        with socket.socket(family, socket.SOCK_STREAM) as free:
            free.bind((host, 0))
            suggestion = free.getsockname()[1]
        raise PortInUse(_("port {port} on {host} is in use (another tenderkit serve, or another program)").format(
            port=port, host=host),
                        _("use a free port, e.g. --port {port}, or leave --port out to get one").format(port=suggestion)) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(directory: Path, host: str = "127.0.0.1", port: int = 0, browser: bool = True) -> int:
    import webbrowser

    import uvicorn

    sock = bind(host, port)
    port = sock.getsockname()[1]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    app = create_app(Preview(directory), allowed_hosts(host, port))
    print(url, flush=True)
    print(_("previewing the specs of {directory}; press Ctrl-C to stop").format(directory=directory), file=sys.stderr,
          flush=True)
    if browser:
        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then raises it again for the caller
        pass
    print(_("stopped serving"), file=sys.stderr)
    return 0
