"""`tenderkit serve` over HTTP: the pages hold the documents' text escaped, invalid and crashing
specs are shown on their own page, the Host header and every path outside the pages are refused,
a saved file rebuilds only what it affects, and a busy port is reported with a free one."""

from __future__ import annotations

import asyncio
import html
import http.client
import io
import json
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers.common import SPEC_2021, SPEC_TENDER, Process, line_of, normalise, require, variant
from starlette.testclient import TestClient

from tenderkit import build, serve
from tenderkit.render.text import docx_markdown
from tenderkit.review.sources import spec_source
from tenderkit.serve import Broadcast, Follower, Preview, create_app

PORT = 8123
MEMO_2021 = "anhorigstod-barn-2021"


@pytest.fixture
def served(repo):
    """The preview of the repository, built, and a client that asks as the browser on 127.0.0.1 would."""
    preview = Preview(repo)
    preview.update()
    client = TestClient(create_app(preview, [f"127.0.0.1:{PORT}", f"localhost:{PORT}"], follow=False),
                        base_url=f"http://127.0.0.1:{PORT}")
    return preview, client


def text_of(html: str) -> str:
    return normalise(re.sub(r"<[^>]+>", " ", html))


def test_the_index_lists_every_spec_with_its_state(served):
    _, client = served
    page = client.get("/")
    assert page.status_code == 200
    for slug in (MEMO_2021, "anhorigstod-barn-unga-2024", SPEC_TENDER.stem):
        assert f'href="/spec/{slug}"' in page.text
    assert text_of(page.text).count("Built") + text_of(page.text).count("Warnings") == 3


def test_a_spec_page_shows_each_document_as_its_markdown_twin_says(served, repo, tmp_path):
    _, client = served
    page = client.get(f"/spec/{SPEC_TENDER.stem}")
    assert page.status_code == 200
    build.build(repo / "specs" / SPEC_TENDER.name, tmp_path)
    shown = text_of(page.text)
    for twin in sorted((tmp_path / SPEC_TENDER.stem).glob("*.md")):  # memo, förfrågningsunderlag, annexes
        for line in twin.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                assert normalise(line.lstrip("# ")) in shown, (twin.name, line)
    assert "<h1>Stödboende för unga vuxna – godkännande av upphandlingsdokument</h1>" in page.text
    assert "<td>Boendeplats med stöd</td><td>dygn</td><td>3\u00a0650</td><td>4\u00a0380</td><td>+730</td>" in page.text


def test_the_word_files_download_as_built(served):
    _, client = served
    memo = client.get(f"/spec/{MEMO_2021}/files/tjansteskrivelse.docx")
    assert memo.status_code == 200
    assert memo.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in memo.headers["content-disposition"]
    assert "Förslaget är att avtalet utökas med 2\u00a0600 timmar per år" in docx_markdown(memo.content)
    workbook = client.get(f"/spec/{SPEC_TENDER.stem}/files/prisbilaga.xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_spec_text_is_escaped(repo):
    variant(repo, {"name: anhörigstöd barn": "name: anhörigstöd <script>alert(1)</script> barn"})
    preview = Preview(repo)
    preview.update()
    client = TestClient(create_app(preview, [f"127.0.0.1:{PORT}"], follow=False), base_url=f"http://127.0.0.1:{PORT}")
    for path in (f"/spec/{MEMO_2021}", "/"):
        page = client.get(path).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert preview.views[MEMO_2021].state in ("built", "warnings")


@pytest.mark.parametrize("host", ["evil.example:8123", "127.0.0.1:8124", "127.0.0.1", "localhost", "",
                                  "127.0.0.1:8123.evil.example"])
def test_a_foreign_host_is_refused(served, host):
    _, client = served
    for path in ("/", f"/spec/{MEMO_2021}", f"/spec/{MEMO_2021}/files/tjansteskrivelse.docx", "/events"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 403, (host, path)
        assert "anhörigstöd" not in response.text


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_the_server_own_names_are_served(served, host):
    _, client = served
    assert client.get(f"/spec/{MEMO_2021}", headers={"Host": host}).status_code == 200


TRAVERSALS = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
              "/spec/..%2f..%2f..%2fetc%2fpasswd", f"/spec/{MEMO_2021}/files/..%2f..%2f..%2f..%2fetc%2fpasswd",
              f"/spec/{MEMO_2021}/files/%2e%2e%2fspecs%2f{MEMO_2021}.yaml", f"/spec/{MEMO_2021}/files/..%5c..%5cetc%5cpasswd",
              f"/spec/{MEMO_2021}/files/{MEMO_2021}.yaml", "/specs/anhorigstod-barn-2021.yaml", "/tenderkit.yaml",
              "//etc/passwd", "/spec/%2fetc%2fpasswd", f"/spec/{MEMO_2021}/files/%00", "/spec/%2e%2e", "/spec/%2e"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_but_the_pages_is_served(served, path):
    _, client = served
    response = client.get(path)
    assert response.status_code == 404, path
    assert "root:" not in response.text and "per_year" not in response.text


def test_an_invalid_spec_shows_its_located_problem_and_the_last_good_preview(served, repo):
    preview, client = served
    spec = repo / "specs" / SPEC_2021.name
    spec.write_text(spec.read_text(encoding="utf-8").replace("per_year: 2600", "per_year: mycket"), encoding="utf-8")
    assert preview.update([spec]) == [MEMO_2021]
    line = line_of(spec, "per_year: mycket")
    page = client.get(f"/spec/{MEMO_2021}").text
    problem = re.search(r'<pre class="problem">(.*?)</pre>', page, re.S).group(1)
    assert f"specs/{SPEC_2021.name}:{line}:" in problem and "expected a whole number, got &quot;mycket&quot;" in problem
    for number in range(line - 2, line + 3):  # the YAML lines around, numbered as the file is
        assert re.search(rf"^ *{number} \| ", problem, re.M), number
    assert "      name: föräldrastärkande insatser" in problem
    stale = page[page.index('<section class="stale">'):]
    assert "Last valid preview" in stale and "utökas med 2\u00a0600 timmar" in stale
    assert 'class="state errors"' in client.get("/").text


def test_a_crash_in_one_spec_is_shown_on_its_page_and_the_others_are_served(served, repo, monkeypatch):
    preview, client = served
    render = build.render_documents

    def crashing(checked, templates=None):
        if checked.valid.id == MEMO_2021:
            raise ZeroDivisionError("a bug")
        return render(checked, templates)

    monkeypatch.setattr(build, "render_documents", crashing)
    (repo / "tenderkit.yaml").touch()
    assert sorted(preview.update([repo / "tenderkit.yaml"])) == sorted(preview.views)  # the project file: all
    page = client.get(f"/spec/{MEMO_2021}")
    assert page.status_code == 200
    assert "tenderkit: internal error: ZeroDivisionError: a bug" in page.text
    assert 'class="state crashed"' in page.text
    other = client.get(f"/spec/{SPEC_TENDER.stem}")
    assert other.status_code == 200 and 'class="state built"' in other.text


def test_a_save_rebuilds_only_the_specs_it_affects(served, repo):
    preview, _ = served
    builds = {slug: view.builds for slug, view in preview.views.items()}
    spec = repo / "specs" / SPEC_2021.name
    spec.write_text(spec.read_text(encoding="utf-8").replace("per_year: 2600", "per_year: 1950"), encoding="utf-8")
    assert preview.update([spec, repo / "output" / "x.docx.tmp", repo / ".git" / "index"]) == [MEMO_2021]
    assert {slug: view.builds - builds[slug] for slug, view in preview.views.items()} == {
        MEMO_2021: 1, "anhorigstod-barn-unga-2024": 0, SPEC_TENDER.stem: 0}
    spec.unlink()
    assert preview.update([spec]) == [MEMO_2021]
    assert MEMO_2021 not in preview.views


def test_a_deleted_spec_has_no_page(served, repo):
    preview, client = served
    (repo / "specs" / SPEC_2021.name).unlink()
    preview.update([repo / "specs" / SPEC_2021.name])
    page = client.get(f"/spec/{MEMO_2021}")
    assert page.status_code == 404 and "There is no spec" in page.text


def test_two_saves_within_milliseconds_end_in_a_build_of_the_last(repo):
    """The watcher itself, on the operating system's events: two quick saves are one batch, or two when
    the second comes after the watcher looked (WATCH_STEP ms); either way only the saved spec is
    rebuilt, once a batch, and the last build, the one the page shows, is of the second save."""
    spec = repo / "specs" / SPEC_2021.name
    good = spec.read_text(encoding="utf-8")

    def shown(preview: Preview) -> str:
        return normalise(" ".join(d.html for d in preview.views[MEMO_2021].documents if d.html))

    async def scenario() -> tuple[int, list[list[str]], str]:
        preview, broadcast = Preview(repo), Broadcast()
        events: asyncio.Queue[list[str]] = asyncio.Queue()
        broadcast.queues.add(events)
        follower = Follower(preview, broadcast)
        task = asyncio.create_task(follower.run())
        try:
            assert len(await asyncio.wait_for(events.get(), 60)) == 3  # the first build, of all three
            before = preview.views[MEMO_2021].builds
            spec.write_text(good.replace("per_year: 2600", "per_year: 1950"), encoding="utf-8")
            spec.write_text(good.replace("per_year: 2600", "per_year: 1951"), encoding="utf-8")
            seen = [await asyncio.wait_for(events.get(), 20)]
            while "utökas med 1 951 timmar per år" not in shown(preview):
                seen.append(await asyncio.wait_for(events.get(), 20))
            await asyncio.sleep(1.0)  # nothing more comes
            while not events.empty():
                seen.append(events.get_nowait())
            return preview.views[MEMO_2021].builds - before, seen, shown(preview)
        finally:
            follower.stop.set()
            await asyncio.wait_for(task, 10)

    builds, seen, last = asyncio.run(scenario())
    assert seen == [[MEMO_2021]] * builds and builds in (1, 2)
    assert "utökas med 1 951 timmar per år" in last


def test_a_port_in_use_is_reported_with_a_free_one(cli, repo):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", repo, "--port", port, "--no-browser")
    assert result.code == 2
    assert f"tenderkit: port {port} on 127.0.0.1 is in use" in result.err
    suggested = int(re.search(r"--port (\d+)", result.err).group(1))
    assert suggested != port
    with socket.socket() as free:
        free.bind(("127.0.0.1", suggested))


def test_the_real_server_refuses_raw_traversals_and_foreign_hosts(repo):
    """Against uvicorn itself, with paths no client library normalises first."""
    server = Process([str(Path(sys.executable).with_name("tenderkit")), "serve", str(repo), "--no-browser"], cwd=repo)
    try:
        url = server.wait_for("http://127.0.0.1:")
        port = int(url.rsplit(":", 1)[1].strip("/"))
        for path, host, status in [("/../../etc/passwd", f"127.0.0.1:{port}", 404),
                                   ("/%2e%2e/%2e%2e/etc/passwd", f"127.0.0.1:{port}", 404),
                                   (f"/spec/{MEMO_2021}/files/../../../../etc/passwd", f"127.0.0.1:{port}", 404),
                                   (f"/spec/{MEMO_2021}/../../tenderkit.yaml", f"127.0.0.1:{port}", 404),
                                   ("/", "rebound.example", 403), ("/", f"localhost:{port}", 200)]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read().decode()
            connection.close()
            assert response.status == status, (path, host)
            assert "root:" not in body and "defaults:" not in body
    finally:
        assert server.interrupt() == 0


@pytest.fixture
def committed(repo):
    """The repository under git, its specs committed as they are bundled, then the 2021 volume raised."""
    (repo / ".git").rmdir()
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                      "commit", "-qm", "bundled"]):
        subprocess.run(["git", *command], cwd=repo, check=True, capture_output=True)
    spec = repo / "specs" / SPEC_2021.name
    spec.write_text(spec.read_text(encoding="utf-8").replace("per_year: 2600", "per_year: 3000"), encoding="utf-8")
    preview = Preview(repo)
    preview.update()
    return TestClient(create_app(preview, [f"127.0.0.1:{PORT}"], follow=False), base_url=f"http://127.0.0.1:{PORT}")


RAISED = ("~ föräldrastärkande insatser, timmar per år: 2 600 → 3 000 (+400) computed: ~ timmar per år, förslag totalt: "
          "3 350 → 3 750 (+400) ~ timmar per år, förändring mot dagens avtal: 2 600 → 3 000 (+400) "
          "~ årsarbetare, förändring: 2 → 2,3 (+0,3)")  # the committed 2600 raised to 3000, as `tenderkit diff` says


def diff_of(page: str) -> str:
    return html.unescape(re.search(r'<pre class="diff">(.*?)</pre>', page, re.S).group(1))


def test_the_spec_page_shows_what_changed_since_head_or_a_chosen_revision(committed, cli, repo):
    page = committed.get(f"/spec/{MEMO_2021}").text
    assert "<h2>Changes since HEAD</h2>" in page
    shown = diff_of(page)
    assert shown == cli("diff", f"HEAD:specs/{SPEC_2021.name}", f"specs/{SPEC_2021.name}", cwd=repo).out
    assert normalise(shown) == RAISED
    assert diff_of(committed.get(f"/spec/{SPEC_TENDER.stem}").text) == "no changes in meaning\n"
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "raised"],
                   cwd=repo, check=True)
    assert diff_of(committed.get(f"/spec/{MEMO_2021}").text) == "no changes in meaning\n"
    assert normalise(diff_of(committed.get(f"/spec/{MEMO_2021}", params={"rev": "HEAD~1"}).text)) == RAISED



def test_each_save_is_compared_with_the_revision_unpacked_once_per_commit(committed, repo, monkeypatch):
    unpacked = []

    def counted(argument: str, cwd: Path | None = None):
        unpacked.append(argument)
        return spec_source(argument, cwd)

    monkeypatch.setattr(serve, "spec_source", counted)
    preview = Preview(repo)
    preview.update()
    client = TestClient(create_app(preview, [f"127.0.0.1:{PORT}"], follow=False), base_url=f"http://127.0.0.1:{PORT}")
    assert normalise(diff_of(client.get(f"/spec/{MEMO_2021}").text)) == RAISED
    spec = repo / "specs" / SPEC_2021.name
    for volume, shown in ((3100, "2 600 → 3 100 (+500)"), (2500, "2 600 → 2 500 (−100)")):
        spec.write_text(spec.read_text(encoding="utf-8").replace("per_year: 3000", f"per_year: {volume}")
                        .replace("per_year: 3100", f"per_year: {volume}"), encoding="utf-8")
        assert preview.update([spec]) == [MEMO_2021]
        assert f"föräldrastärkande insatser, timmar per år: {shown}" in normalise(
            diff_of(client.get(f"/spec/{MEMO_2021}").text))
    assert len(unpacked) == 1
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "lowered"],
                   cwd=repo, check=True)
    assert diff_of(client.get(f"/spec/{MEMO_2021}").text) == "no changes in meaning\n"  # HEAD moved
    assert len(unpacked) == 2


def test_each_page_stream_sends_the_page_content_now_and_after_each_save_that_changes_it(committed, repo):
    """The event streams of the real server, as the pages open them: a spec's page, with its diff against
    HEAD as HEAD is when the save is built, and the index."""
    import httpx

    server = Process([str(Path(sys.executable).with_name("tenderkit")), "serve", str(repo), "--no-browser"], cwd=repo)
    spec = repo / "specs" / SPEC_2021.name

    def save(old: str, new: str) -> None:
        spec.write_text(spec.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    try:
        url = server.wait_for("http://127.0.0.1:").strip()
        # a read timeout under KEEP_ALIVE, so a content that never comes fails the test
        with httpx.Client(base_url=url, timeout=12) as client, \
                client.stream("GET", "/events", params={"spec": MEMO_2021, "rev": "HEAD"}) as memo, \
                client.stream("GET", "/events") as index:
            pages = {name: (json.loads(line[5:]) for line in stream.iter_lines() if line.startswith("data:"))
                     for name, stream in (("memo", memo), ("index", index))}

            def next_until(name: str, text: str) -> str:
                """The first content of the page to hold `text`: the first build may still send one without."""
                return next(content for content in pages[name] if text in html.unescape(text_of(content)))

            assert RAISED in text_of(next_until("memo", "Built"))
            next_until("index", "Built")
            save("per_year: 3000", "per_year: 1950")
            next_until("memo", "Förslaget är att avtalet utökas med 1 950 timmar per år")
            subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "1950"],
                           cwd=repo, check=True)
            save("per_year: 1950", "per_year: 1960")
            assert "föräldrastärkande insatser, timmar per år: 1 950 → 1 960 (+10)" in text_of(
                next_until("memo", "utökas med 1 960 timmar per år"))
            save("per_year: 1960", "per_year: mycket")
            next_until("memo", 'expected a whole number, got "mycket"')
            assert '<span class="state errors">' in next_until("index", "Errors")
    finally:
        assert server.interrupt() == 0

@pytest.mark.parametrize(("rev", "message"), [("nosuch", "unknown revision `nosuch`"),
                                               ("--output=/tmp/x", "is not a git revision"),
                                               ("<b>x</b>", "unknown revision `<b>x</b>`")])
def test_an_unknown_revision_is_said_on_the_page_escaped(committed, rev, message):
    page = committed.get(f"/spec/{MEMO_2021}", params={"rev": rev})
    assert page.status_code == 200
    assert message in diff_of(page.text)
    assert "<b>x</b>" not in page.text


def test_the_redline_against_head_downloads_with_the_change_tracked(committed):
    response = committed.get(f"/spec/{MEMO_2021}/redline/tjansteskrivelse.docx")
    assert response.status_code == 200
    assert "tjansteskrivelse-andringar.docx" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    deleted = "".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", body))
    inserted = "".join(re.findall(r"<w:ins\b.*?</w:ins>", body, re.S))
    assert "2\u00a0600" in deleted and "3\u00a0000" in inserted
    assert committed.get(f"/spec/{MEMO_2021}/redline/prisbilaga.docx").status_code == 404
    assert committed.get(f"/spec/{MEMO_2021}/redline/tjansteskrivelse.docx?rev=nosuch").status_code == 409


def test_a_pdf_downloads_through_libreoffice(served):
    require("soffice")
    _, client = served
    response = client.get(f"/spec/{MEMO_2021}/pdf/tjansteskrivelse.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    assert client.get(f"/spec/{MEMO_2021}/pdf/tjansteskrivelse.docx").status_code == 404


def test_without_libreoffice_the_pdf_says_how_to_install_it(served, monkeypatch):
    monkeypatch.setenv("TENDERKIT_SOFFICE", "/nonexistent/soffice")
    _, client = served
    response = client.get(f"/spec/{MEMO_2021}/pdf/tjansteskrivelse.pdf")
    assert response.status_code == 503
    assert "PDF needs LibreOffice, which is not installed" in response.text and "apt-get install" in response.text
