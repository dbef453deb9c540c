"""The messages of validation, the project file, templates and output in Swedish (issue 11): a
few pinned exactly, and every plural form with one and two in both languages."""

from __future__ import annotations

import pytest
from helpers.common import SPEC_TENDER, variant
from test_template_check import problems_of, template

MEMO = "anhorigstod-barn-2021"


def test_type_errors_and_unknown_fields_are_said_in_swedish(cli, repo):
    spec = variant(repo, {"age: {min: 4, max: 20}": "age: {min: fyra, max: 20}", "  signed_by:": "  signd_by:"})
    result = cli("validate", spec, "--lang", "sv", cwd=repo)
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0] == f"specs/{MEMO}.yaml:17:3: case.signd_by (ärende): okänt fält `signd_by`"
    assert lines[3] == "  tips: menade du `signed_by`?"
    assert lines[4] == f"specs/{MEMO}.yaml:35:16: service.target_group.age.min (ålder, lägsta): ska vara ett heltal, " \
                       'men är "fyra"'
    assert lines[7] == "  tips: skriv siffror, t.ex. 510"


def test_a_date_in_quotes_is_said_in_swedish(cli, repo):
    spec = variant(repo, {"date: 2021-02-03": 'date: "2021-02-03"'})
    result = cli("validate", spec, "--lang", "sv", cwd=repo)
    assert f'specs/{MEMO}.yaml:13:9: case.date (ärende, datum): ska vara ett datum som 2024-09-19, men är "2021-02-03"' \
        in result.err
    assert "  tips: ta bort citattecknen: 2021-02-03" in result.err


@pytest.mark.parametrize(("language", "replacement", "message"), [
    ("en", "categories: []", "procurement.terms.personal_data.categories (kategorier av personuppgifter): "
                             "needs at least 1 item"),
    ("sv", "categories: []", "procurement.terms.personal_data.categories (kategorier av personuppgifter): "
                             "behöver minst 1 punkt"),
    ("en", "levels: []", "procurement.evaluation.criteria[metoder].levels (nivåer): needs at least 2 items"),
    ("sv", "levels: []", "procurement.evaluation.criteria[metoder].levels (nivåer): behöver minst 2 punkter"),
])
def test_a_list_too_short_counts_its_items_in_both_languages(cli, repo, language, replacement, message):
    text = SPEC_TENDER.read_text(encoding="utf-8")
    if replacement == "levels: []":  # the second criterion's levels, whose last level ends the criteria
        start = text.index("        levels:\n", text.index("id: metoder"))
        spec = variant(repo, {text[start:text.index("  terms:\n")]: "        levels: []\n"}, base=SPEC_TENDER)
    else:
        start = text.index("      categories:\n")
        spec = variant(repo, {text[start:text.index("      data_subjects:")]: "      categories: []\n"},
                       base=SPEC_TENDER)
    result = cli("validate", spec, "--lang", language, cwd=repo)
    assert result.code == 1
    assert f": {message}\n" in result.err


def test_a_missing_directory_of_the_project_file_is_said_in_swedish(cli, repo):
    project = repo / "tenderkit.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "templates: nowhere\n", encoding="utf-8")
    result = cli("validate", f"specs/{MEMO}.yaml", "--lang", "sv", cwd=repo)
    assert result.code == 1
    assert ": mappen finns inte: nowhere\n" in result.err
    assert "  tips: rätta sökvägen (räknad från tenderkit.yaml), eller ta bort raden för att använda tenderkits " \
           "egen" in result.err


def test_template_problems_are_said_in_swedish(cli, tmp_path):
    path = template(tmp_path / "t.docx", ["Ärende: {{ case.titel }}", "{%p if procurement %}"])
    code, lines = problems_of(cli, path, "--lang", "sv")
    assert code == 1
    assert lines == [
        f"{path}: stycke 1 ”Ärende: {{{{ case.titel }}}}”: ”{{{{ case.titel }}}}” använder `case.titel`, "
        "men `case` har inget fält `titel`",
        "  tips: menade du `title`?",
        f"{path}: stycke 2 ”{{%p if procurement %}}”: ”{{%p if procurement %}}” avslutas aldrig",
        "  tips: lägg till {%p endif %} där blocket slutar (sidhuvuden och sidfötter är egna mallar)",
    ]


def _edited_output(cli, repo, names: list[str]) -> None:
    assert cli("build", f"specs/{MEMO}.yaml", "-o", "out", cwd=repo).code == 0
    for name in names:
        path = repo / "out" / MEMO / name
        path.write_bytes(path.read_bytes() + b"\n")


@pytest.mark.parametrize(("language", "names", "message", "hint"), [
    ("en", ["tjansteskrivelse.md"], "not overwriting out/{spec}/tjansteskrivelse.md: changed since tenderkit wrote "
     "it, or not written by tenderkit", "hint: move the file away to keep your changes, or build with --force to "
     "replace it"),
    ("en", ["tjansteskrivelse.md", "tjansteskrivelse.docx"], "not overwriting out/{spec}/tjansteskrivelse.docx, "
     "out/{spec}/tjansteskrivelse.md: changed since tenderkit wrote them, or not written by tenderkit",
     "hint: move the files away to keep your changes, or build with --force to replace them"),
    ("sv", ["tjansteskrivelse.md"], "skriver inte över out/{spec}/tjansteskrivelse.md: filen har ändrats sedan "
     "tenderkit skrev den, eller är inte skriven av tenderkit", "tips: flytta undan filen för att behålla dina "
     "ändringar, eller bygg med --force för att ersätta den"),
    ("sv", ["tjansteskrivelse.md", "tjansteskrivelse.docx"], "skriver inte över out/{spec}/tjansteskrivelse.docx, "
     "out/{spec}/tjansteskrivelse.md: filerna har ändrats sedan tenderkit skrev dem, eller är inte skrivna av "
     "tenderkit", "tips: flytta undan filerna för att behålla dina ändringar, eller bygg med --force för att "
     "ersätta dem"),
])
def test_files_edited_by_hand_are_counted_in_both_languages(cli, repo, language, names, message, hint):
    _edited_output(cli, repo, names)
    result = cli("build", f"specs/{MEMO}.yaml", "-o", "out", "--lang", language, cwd=repo)
    assert result.code == 1
    assert result.err.splitlines() == [message.format(spec=MEMO), "  " + hint]


@pytest.mark.parametrize(("language", "names", "message", "hint"), [
    ("en", ["tjansteskrivelse.md"], "cannot write out/{spec}/tjansteskrivelse.md: there is a directory of that name",
     "hint: tenderkit writes a file there: move the directory away, or choose another output directory with -o"),
    ("en", ["tjansteskrivelse.md", "tjansteskrivelse.docx"], "cannot write out/{spec}/tjansteskrivelse.docx, "
     "out/{spec}/tjansteskrivelse.md: there are directories of those names", "hint: tenderkit writes files there: "
     "move the directories away, or choose another output directory with -o"),
    ("sv", ["tjansteskrivelse.md"], "kan inte skriva out/{spec}/tjansteskrivelse.md: det finns en mapp med det namnet",
     "tips: tenderkit skriver en fil där: flytta undan mappen, eller välj en annan utdatamapp med -o"),
    ("sv", ["tjansteskrivelse.md", "tjansteskrivelse.docx"], "kan inte skriva out/{spec}/tjansteskrivelse.docx, "
     "out/{spec}/tjansteskrivelse.md: det finns mappar med de namnen", "tips: tenderkit skriver filer där: flytta "
     "undan mapparna, eller välj en annan utdatamapp med -o"),
])
def test_directories_in_the_way_are_counted_in_both_languages(cli, repo, language, names, message, hint):
    for name in names:
        (repo / "out" / MEMO / name).mkdir(parents=True)
    result = cli("build", f"specs/{MEMO}.yaml", "-o", "out", "--lang", language, cwd=repo)
    assert result.code == 1
    assert result.err.splitlines() == [message.format(spec=MEMO), "  " + hint]
