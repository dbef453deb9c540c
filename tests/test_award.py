"""`tenderkit evaluate --documents`: the utvärderingsrapport, the tilldelningsbeslut and the board's
tjänsteskrivelse from the bundled example tenders, every figure pinned in the documents' text, the
standstill's last day pinned across weekends and public holidays, through the same guards as every
document, and opened by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers.common import PDFTOTEXT, ROOT, SOFFICE, SPEC_TENDER, SWEDISH, normalise, require, run_process, variant

from tenderkit import checks
from tenderkit.build import check_spec
from tenderkit.render.text import docx_markdown

EXAMPLES = ROOT / "examples" / "tenders" / "stodboende-unga-vuxna-2025"
AWARD = Path("stodboende-unga-vuxna-2025") / "tilldelning"
DELEGATE = ("  award:\n    decided_by: delegate\n    delegate: Per Förvaltningschef, förvaltningschef\n"
            "    delegation: socialnämndens delegationsordning, punkt 9.3\n")


def documents(cli, out: Path, *extra: str, spec: Path = SPEC_TENDER) -> tuple[dict[str, str], str]:
    """The award documents' text (the .docx read back), and stderr."""
    result = cli("evaluate", spec, EXAMPLES, "--documents", "-o", out, *extra)
    assert result.code == 0, result.err
    written = [Path(line) for line in result.out.splitlines()]
    assert all(path.parent == out / AWARD for path in written)
    return ({path.stem: normalise_lines(docx_markdown(path.read_bytes())) for path in written if path.suffix == ".docx"},
            result.err)


def normalise_lines(text: str) -> str:
    return "\n".join(normalise(line) for line in text.splitlines())


def test_the_report_states_every_figure_rejection_ranking_and_the_group(cli, tmp_path):
    texts, _ = documents(cli, tmp_path)
    assert sorted(texts) == ["tilldelningsbeslut", "utvarderingsrapport"]  # a delegate decides: no memo
    report = texts["utvarderingsrapport"]
    for line in [
        "Tre anbud kom in före sista anbudsdagen:",
        "| Trygga Steg AB | 559012-3456 | Delområde 1 (boende) och delområde 2 (stöd och utslussning) |",
        "- Trygga Steg AB: kravet TJ-LOKALER (Lokaler) är inte uppfyllt. Lägenheterna ligger i Grannby, 55 minuter "
        "från Exempelstad med kollektivtrafik.",
        "Myndighetens egen uppskattning med samma volymer: 6 351 000 kronor.",
        "| Omsorg Norr AB | Boendeplats med stöd | 1 390 kronor per dygn | 4 380 | 6 088 200 kronor |",
        "| Trygga Steg AB | Stödsamtal | 480 kronor per timme | 1 200 | 576 000 kronor |",
        "| Trygga Steg AB | Utslussningsstöd | 900 kronor per tillfälle | 150 | 135 000 kronor |",
        "| 1 | Omsorg Norr AB | 6 088 200 kronor | 20 % | 4 870 560 kronor |",
        "| 2 | Stiftelsen Vägen Vidare | 6 482 400 kronor | 20 % | 5 185 920 kronor |",
        "| 1 | Trygga Steg AB | 711 000 kronor | 10 % | 639 900 kronor |",
        "| 2 | Omsorg Norr AB | 1 209 000 kronor | 20 % | 967 200 kronor |",
        "| 3 | Stiftelsen Vägen Vidare | 1 264 500 kronor | 20 % | 1 011 600 kronor |",
        "| Stiftelsen Vägen Vidare | Kunskapsbaserade metoder | 15 % |",
        "Det ekonomiskt mest fördelaktiga anbudet har lämnats av Omsorg Norr AB.",
        "Det ekonomiskt mest fördelaktiga anbudet har lämnats av Trygga Steg AB.",
        "- Delområde ”stöd och utslussning”: anbudspriset från Trygga Steg AB, 711 000 kr, ligger 44 % under "
        "myndighetens uppskattning, 1 260 000 kr: anbudet kan vara onormalt lågt (LOU 16 kap. 7 §).",
        "- Ulla Upphandlare, upphandlare",
        "- Omar Enhetschef, enhetschef för boendestöd",
    ]:
        assert line in report.splitlines(), line
    # the rejected tender is not ranked in the lot it fails, and ranks first in the other
    boende = report[report.index("### Delområde 1: Boende", report.index("## Utvärdering")):report.index("lämnats av Omsorg")]
    assert "Trygga Steg AB" not in boende


def test_the_decision_gives_winners_reasons_standstill_review_and_the_delegates_signature(cli, tmp_path):
    decision = documents(cli, tmp_path)[0]["tilldelningsbeslut"]
    lines = decision.splitlines()
    for line in [
        "Exempelstads kommun tilldelar kontrakt per delområde:",
        "- Delområde 1 (boende): Omsorg Norr AB.",
        "- Delområde 2 (stöd och utslussning): Trygga Steg AB.",
        "Omsorg Norr AB har lägst jämförelsepris, 4 870 560 kronor: anbudspriset 6 088 200 kronor minskat med 20 % "
        "för kvalitet (brukarens delaktighet 10 %, kunskapsbaserade metoder 10 %).",
        # the same quality in sum: the winner's advantage and disadvantage, criterion by criterion
        "Stiftelsen Vägen Vidare (plats 2) har jämförelsepriset 5 185 920 kronor, 315 360 kronor högre: anbudspriset "
        "är högre (6 482 400 kronor mot 6 088 200 kronor) och kvaliteten densamma (avdrag 20 %); anbudet bedömdes "
        "högre på kunskapsbaserade metoder (15 % mot 10 %) men lägre på brukarens delaktighet (5 % mot 10 %).",
        "Omsorg Norr AB (plats 2) har jämförelsepriset 967 200 kronor, 327 300 kronor högre: anbudspriset är högre "
        "(1 209 000 kronor mot 711 000 kronor) och kvaliteten högre (avdrag 20 % mot 10 %); anbudet bedömdes högre "
        "på brukarens delaktighet (5 % mot 0 %) och kunskapsbaserade metoder (15 % mot 10 %).",
        "- Trygga Steg AB: kravet TJ-LOKALER (Lokaler) är inte uppfyllt. Lägenheterna ligger i Grannby, 55 minuter "
        "från Exempelstad med kollektivtrafik.",
        # planned award 2025-06-10 + 10 days = midsommarafton; then midsommardagen (a Saturday), a Sunday
        # counted from the day after the decision is sent, not from the decision (20 kap. 1 § LOU)
        "Beslutet skickas elektroniskt till alla anbudsgivare 2025-06-10. Avtal får inte ingås under avtalsspärren, "
        "som är tio dagar räknat från dagen efter den dag då beslutet skickades (20 kap. 1 § LOU): från 2025-06-11 "
        "till och med 2025-06-23. Spärren förlängs till nästa vardag, eftersom 2025-06-20 (midsommarafton), "
        "2025-06-21 (lördag och helgdag) och 2025-06-22 (söndag) inte är vardagar (lagen (1930:173) om beräkning av "
        "lagstadgad tid). Avtal kan tecknas tidigast 2025-06-24.",
        "Tilldelningsbeslutet är inte ett avtal. Avtal sluts först när avtalsspärren har löpt ut, genom att båda "
        "parter skriver under ett skriftligt avtal.",
        "En leverantör som anser att den har lidit eller kan komma att lida skada kan ansöka om överprövning av "
        "upphandlingen hos Förvaltningsrätten i Stockholm (20 kap. LOU). Ansökan ska ha kommit in till "
        "förvaltningsrätten innan avtal har ingåtts, alltså under avtalsspärren, senast 2025-06-23. När avtal har "
        "ingåtts kan upphandlingen inte längre överprövas.",
        "Per Förvaltningschef, förvaltningschef",
        "Beslutet har fattats 2025-06-10 på delegation från socialnämnden enligt socialnämndens delegationsordning, "
        "punkt 9.3.",
    ]:
        assert line in lines, line
    assert "tidsplanen" not in decision  # decided on the planned day: nothing to say


def test_a_decision_on_another_day_counts_the_standstill_past_a_saturday_and_whitsunday(cli, tmp_path):
    """2025-05-28 + 10 days is Saturday 2025-06-07; Sunday 2025-06-08 is pingstdagen: the last day
    is Monday 2025-06-09, and the timetable's award (2025-06-10) is said to differ."""
    assert check_spec(SPEC_TENDER).law.standstill_days == 10  # the law data's rule, 20 kap. 1 § LOU
    texts, err = documents(cli, tmp_path, "--decided", "2025-05-28")
    decision = texts["tilldelningsbeslut"]
    assert ("från 2025-05-29 till och med 2025-06-09. Spärren förlängs till nästa vardag, eftersom 2025-06-07 "
            "(lördag) och 2025-06-08 (söndag och helgdag) inte är vardagar") in decision
    assert "Avtal kan tecknas tidigast 2025-06-10." in decision
    note = "Beslutet fattas 2025-05-28, inte 2025-06-10 som tidsplanen anger; avtalsspärren räknas från beslutsdagen."
    assert note in decision.splitlines() and f"- {note}" in texts["utvarderingsrapport"].splitlines()
    assert ("warning: the decision is dated 2025-05-28, the timetable plans the award for 2025-06-10: the standstill "
            "is counted from 2025-05-28, and the documents say so") in err


def test_a_later_decision_says_the_planned_signing_day_is_inside_the_standstill(cli, tmp_path):
    """2025-06-18 + 10 = Saturday 2025-06-28: the last day is Monday 2025-06-30, after the timetable's
    signing day 2025-06-25."""
    decision = documents(cli, tmp_path, "--decided", "2025-06-18")[0]["tilldelningsbeslut"]
    assert "till och med 2025-06-30." in decision
    assert ("Avtal kan tecknas tidigast 2025-07-01, efter den dag tidsplanen anger för avtalstecknande, 2025-06-25."
            in decision.splitlines())


def test_the_board_decides_on_a_memo_that_cites_the_same_figures(cli, repo, tmp_path):
    spec = variant(repo, {DELEGATE: ""}, base=SPEC_TENDER)
    texts, _ = documents(cli, tmp_path / "out", spec=spec)
    assert sorted(texts) == ["tilldelningsbeslut", "tjansteskrivelse-tilldelning", "utvarderingsrapport"]
    memo = texts["tjansteskrivelse-tilldelning"].splitlines()
    for line in ["Socialförvaltningen · TJÄNSTESKRIVELSE", "## Förslag till socialnämndens beslut",
                 "1. Kontrakt för delområde 1 (boende) tilldelas Omsorg Norr AB.",
                 "2. Kontrakt för delområde 2 (stöd och utslussning) tilldelas Trygga Steg AB.",
                 "- Delområde 1 (boende): Trygga Steg AB förkastas, eftersom kravet TJ-LOKALER (Lokaler) inte är "
                 "uppfyllt. Lägenheterna ligger i Grannby, 55 minuter från Exempelstad med kollektivtrafik.",
                 "| 1 | Trygga Steg AB | 711 000 kronor | 10 % | 639 900 kronor |"]:
        assert line in memo, line
    decision = texts["tilldelningsbeslut"].splitlines()
    assert "Socialnämnden tilldelar kontrakt per delområde:" in decision
    assert "Beslutet fattades vid nämndens sammanträde 2025-06-10." in decision


def test_the_documents_pass_the_guards_every_document_passes(cli, repo, tmp_path):
    spec = variant(repo, {DELEGATE: ""}, base=SPEC_TENDER)
    result = cli("evaluate", spec, EXAMPLES, "--documents", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    from tenderkit import documents as registry

    for kind in registry.kinds():
        if kind.scope != "award":
            continue
        data = (tmp_path / "out" / AWARD / f"{kind.name}.docx").read_bytes()
        assert checks.package_faults(data) == []
        text = docx_markdown(data)
        assert checks.leftovers(text, []) == []
        headings = [(line.lstrip("#").strip(), line.count("#", 0, 4)) for line in text.splitlines()
                    if line.startswith("#")]
        assert kind.required_sections and all(any(h.startswith(s) for h, _ in headings)
                                              for s in kind.required_sections), kind.name
    assert cli("check-templates", ROOT / "templates" / "tilldelningsbeslut.docx").code == 0


def test_nothing_is_written_for_a_decision_before_the_tender_deadline(cli, tmp_path):
    result = cli("evaluate", SPEC_TENDER, EXAMPLES, "--documents", "-o", tmp_path, "--decided", "2025-05-06")
    assert result.code == 1
    assert "the award decision of 2025-05-06 is not after the tender deadline, 2025-05-06\n" in result.err
    assert not any(tmp_path.iterdir())


def test_nothing_is_written_when_a_tender_is_wrong(cli, tmp_path):
    tenders = shutil.copytree(EXAMPLES, tmp_path / "anbud")
    path = tenders / "omsorg-norr.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("metoder: 15", "metoder: 12"), encoding="utf-8")
    result = cli("evaluate", SPEC_TENDER, tenders, "--documents", "-o", tmp_path / "out")
    assert result.code == 1 and "12 is not one of the levels" in result.err
    assert not (tmp_path / "out").exists()


def test_a_document_edited_by_hand_is_not_overwritten_without_force(cli, tmp_path):
    documents(cli, tmp_path)
    edited = tmp_path / AWARD / "tilldelningsbeslut.md"
    edited.write_text("ändrad för hand\n", encoding="utf-8")
    result = cli("evaluate", SPEC_TENDER, EXAMPLES, "--documents", "-o", tmp_path)
    assert result.code == 1 and "not overwriting" in result.err
    assert edited.read_text(encoding="utf-8") == "ändrad för hand\n"
    assert cli("evaluate", SPEC_TENDER, EXAMPLES, "--documents", "-o", tmp_path, "--force").code == 0
    assert edited.read_text(encoding="utf-8") != "ändrad för hand\n"


def test_the_table_stays_the_default_and_decided_needs_documents(cli, tmp_path):
    result = cli("evaluate", SPEC_TENDER, EXAMPLES, "--decided", "2025-06-10")
    assert result.code == 2 and "--decided and --force apply to the award documents" in result.err
    assert cli("evaluate", SPEC_TENDER, EXAMPLES).out.startswith("Lot 1: Boende\n")


def test_messages_in_swedish(tmp_path):
    result = run_process("evaluate", SPEC_TENDER, EXAMPLES, "--documents", "-o", tmp_path, "--decided", "2025-05-28",
                         cwd=tmp_path, env=SWEDISH)
    assert result.code == 0, result.err
    assert ("varning: beslutet är daterat 2025-05-28, men tidsplanen anger tilldelningsbeslut 2025-06-10: "
            "avtalsspärren räknas från 2025-05-28, och handlingarna säger det") in result.err
    result = run_process("evaluate", SPEC_TENDER, EXAMPLES, "--force", cwd=tmp_path, env=SWEDISH)
    assert result.code == 2 and "--decided och --force gäller tilldelningshandlingarna" in result.err


@pytest.mark.libreoffice
def test_libreoffice_opens_the_award_documents(cli, repo, tmp_path):
    require("soffice", "pdftotext")
    spec = variant(repo, {DELEGATE: ""}, base=SPEC_TENDER)
    assert cli("evaluate", spec, EXAMPLES, "--documents", "-o", tmp_path / "out").code == 0
    words = sorted((tmp_path / "out" / AWARD).glob("*.docx"))
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, words)], capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    expected = {"utvarderingsrapport": ["UTVÄRDERINGSRAPPORT", "Inkomna anbud", "4 870 560 kronor", "Utvärderingsgrupp"],
                "tilldelningsbeslut": ["TILLDELNINGSBESLUT", "Avtalsspärr", "2025-06-23", "Överprövning"],
                "tjansteskrivelse-tilldelning": ["TJÄNSTESKRIVELSE", "tilldelas Trygga Steg AB", "639 900 kronor"]}
    for name, items in expected.items():
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 1000, name
        text = normalise(subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True,
                                        check=True).stdout)
        for item in items:
            assert item in text, (name, item)


def test_a_criterion_name_is_lowered_only_at_its_first_letter_in_the_reasons(cli, repo, tmp_path):
    """A criterion's name is a heading in the spec: inside a sentence only its first letter is
    lowered, never an abbreviation in it ("metoder enligt KBT", not "metoder enligt kbt")."""
    spec = variant(repo, {"name: Kunskapsbaserade metoder\n": "name: Metoder enligt KBT\n"}, base=SPEC_TENDER)
    decision = documents(cli, tmp_path / "out", spec=spec)[0]["tilldelningsbeslut"]
    assert ("anbudspriset 711 000 kronor minskat med 10 % för kvalitet (brukarens delaktighet 0 %, metoder enligt "
            "KBT 10 %).") in decision
    assert "anbudet bedömdes högre på metoder enligt KBT (15 % mot 10 %) men lägre på brukarens delaktighet" in decision
    assert "kbt" not in decision


def test_the_award_documents_are_drafts_until_the_decision_date_is_given(cli, repo, tmp_path):
    """case.final is the first memo's; the award documents are an UTKAST while they are dated by the
    timetable's plan, and final once `--decided` gives the real day, whatever case.final says."""
    spec = variant(repo, {DELEGATE: "", "  date: 2025-02-12\n  meeting:": "  date: 2025-02-12\n  final: true\n  meeting:"},
                   base=SPEC_TENDER)
    planned = documents(cli, tmp_path / "planned", spec=spec)[0]
    assert all(text.splitlines()[1] == "UTKAST" for text in planned.values()), [t[:80] for t in planned.values()]
    decided = documents(cli, tmp_path / "decided", "--decided", "2025-06-10", spec=SPEC_TENDER)[0]
    assert sorted(decided) == ["tilldelningsbeslut", "utvarderingsrapport"]
    assert not any("UTKAST" in text for text in decided.values())  # the bundled spec's case is not final
    data = (tmp_path / "decided" / AWARD / "tilldelningsbeslut.docx").read_bytes()
    assert b"<cp:contentStatus>Slutlig</cp:contentStatus>" in _core(data)


def _core(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")
