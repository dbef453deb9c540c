"""`tenderkit check-templates`: every problem of a template, found without a spec, with its place."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import docx
import pytest
from helpers.common import ROOT, with_parts

from tenderkit import documents
from tenderkit.derive import Figures
from tenderkit.render.context import Texts
from tenderkit.render.vocabulary import UNKNOWN, Missing, Refused, element, member
from tenderkit.spec.model import Case, Component, Spec
from tenderkit.spec.procurement import Lot


def template(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
             header: list[str] | None = None) -> Path:
    """A .docx whose paragraphs (and one table, and a header) hold the given text."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        cells = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                cells.cell(r, c).text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header[0]
    document.save(path)
    return path


def problems_of(cli, *paths: Path) -> tuple[int, list[str]]:
    result = cli("check-templates", *paths)
    return result.code, [line for line in result.err.splitlines() if line]


def test_the_bundled_templates_are_clean(cli):
    result = cli("check-templates")
    assert result.code == 0, result.err
    assert result.err == ""
    assert [Path(line.removeprefix("ok: ")).name for line in result.out.splitlines()] == sorted(
        documents.template_names())


def test_unknown_fields_are_found_with_their_paragraph_and_a_suggestion(cli, tmp_path):
    path = template(tmp_path / "t.docx", [
        "Ärende: {{ case.titel }}",
        "{{ cse.title }} och {{ figures.totalz }}",
        "{%p for c in service.components %}",
        "{{ c.nme }} {{ c.per_year|number }}",
        "{%p endfor %}",
    ])
    code, lines = problems_of(cli, path)
    assert code == 1
    assert lines == [
        f"{path}: paragraph 1 “Ärende: {{{{ case.titel }}}}”: “{{{{ case.titel }}}}” uses `case.titel`, "
        "but `case` has no field `titel`",
        "  hint: did you mean `title`?",
        f"{path}: paragraph 2 “{{{{ cse.title }}}} och {{{{ figures.totalz }}}}”: “{{{{ cse.title }}}}” uses `cse`, "
        "which no spec has",
        "  hint: did you mean `case`?",
        f"{path}: paragraph 2 “{{{{ cse.title }}}} och {{{{ figures.totalz }}}}”: “{{{{ figures.totalz }}}}” uses "
        "`figures.totalz`, but `figures` has no field `totalz`",
        "  hint: did you mean `totals`?",
        f"{path}: paragraph 4 “{{{{ c.nme }}}} {{{{ c.per_year|number }}}}”: “{{{{ c.nme }}}}” "
        "uses `c.nme`, but `c` has no field `nme`",
        "  hint: did you mean `name`?",
    ]


def test_curly_quotes_that_word_types_in_a_tag_are_read_as_docxtpl_reads_them(cli, tmp_path):
    path = template(tmp_path / "t.docx", ["{{ contracts|length|count(’neuter’) }}",
                                          "{{ service.name|default(“–”) }}"])
    assert cli("check-templates", path).code == 0


def test_a_misspelt_field_in_a_branch_no_bundled_spec_takes_is_found(cli, tmp_path):
    """Types, not sample specs: the lots of a procurement are checked though the memo's specs have none."""
    path = template(tmp_path / "t.docx", ["{%p if procurement %}", "{{ procurement.lots[0].nam }}", "{%p endif %}"])
    code, lines = problems_of(cli, path)
    assert code == 1
    assert "“{{ procurement.lots[0].nam }}” uses `procurement.lots[0].nam`, but `procurement.lots[0]` has no field " \
           "`nam`" in lines[0]
    assert lines[1] == "  hint: did you mean `name`?"


def test_tags_docxtpl_cannot_place_are_found_all_at_once(cli, tmp_path):
    path = template(
        tmp_path / "t.docx",
        ["{%p if procurement %} text beside the tag", "{%p endif %}", "{%tr for c in service.components %}",
         "{%tr endfor %}", "{{ case.title", "{{p case.title }}", "{{r case.title }}",
         '{{r link("mål", "https://x.se/m%C3%A5l") }}'],
        table=[["{% for c in service.components %}", ""], ["{{ c.name }}", "{% endfor %}"]])
    code, lines = problems_of(cli, path)
    assert code == 1
    messages = [line.removeprefix(f"{path}: ") for line in lines if not line.startswith("  hint")]
    assert messages == [
        "paragraph 1 “{%p if procurement %} text beside the tag”: the text “text beside the tag” beside "
        "“{%p if procurement %}” is lost: docxtpl replaces the whole paragraph with the tag",
        "paragraph 3 “{%tr for c in service.components %}”: “{%tr for c in service.components %}” is not in a "
        "table, so docxtpl has no table row to replace",
        "paragraph 4 “{%tr endfor %}”: “{%tr endfor %}” is not in a table, so docxtpl has no table row to replace",
        "paragraph 5 “{{ case.title”: the tag “{{ case.title” is not closed here",
        "paragraph 6 “{{p case.title }}”: tenderkit has nothing that “{{p case.title }}” can insert: the text "
        "would be lost",
        "paragraph 7 “{{r case.title }}”: only {{r link(…) }} makes a run: “{{r case.title }}” would lose its text",
        "paragraph 8 “{{r link(\"mål\", \"https://x.se/m%C3%A5l\") }}”: docxtpl does not take "
        "“{{r link(\"mål\", \"https://x.se/m%C3%A5l\") }}” for a {{r tag, because the tag holds “%” or “}”",
        "table 1, row 2, cell 2 “{% endfor %}”: “{% for c in service.components %}” in table 1, row 1, cell 1 "
        "“{% for c in service.components %}” and “{% endfor %}” are in different table cells, which docxtpl "
        "cannot place",
    ]
    hints = [line for line in lines if line.startswith("  hint")]
    assert "  hint: to repeat or hide table rows, write {%tr for c in service.components %} and {%tr endfor %}, " \
           "each in a row of its own; to hide paragraphs, {%p for c in service.components %} and {%p endfor %}" in hints


def test_a_plain_if_across_paragraphs_is_a_warning_and_what_docxtpl_renders_is_not_flagged(cli, tmp_path):
    """Templates docxtpl renders as meant pass: whitespace control, `set` inside `if` (no scope of
    its own), `is defined`, loops over filtered lists, raw blocks, a plain `for` across paragraphs."""
    path = template(tmp_path / "t.docx", [
        "{% if case.final %}Slutlig", "{% endif %}",
        "Före{%- if case.final -%}", "Slutlig", "{%- endif -%}Efter",
        "{%p if case.final %}", "{% set status = 'Slutlig' %}", "{%p else %}", "{% set status = 'Utkast' %}",
        "{%p endif %}", "{{ status }} {{- case.title -}}",
        "{% if case.handlaggare is defined %}x{% endif %}",
        "{% for c in service.components|sort(attribute='name')|reverse %}{{ c.name }}{% endfor %}",
        "{% raw %}{{ fält }}{% endraw %}", "{% for c in service.components %}{{ c.name }}", "{% endfor %}",
        "{{ service.components|first|attr('name') }} {{ (service.components|first).name }}"])
    result = cli("check-templates", path)
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"warning: {path}: paragraph 2 “{{% endif %}}”: when the condition of “{{% if case.final %}}” in paragraph 1 "
        "“{% if case.final %}Slutlig” is false, its paragraph and this one become one paragraph",
        "  hint: to hide whole paragraphs, write {%p if case.final %} and {%p endif %}, each in a paragraph of its own",
    ]
    assert result.out == f"ok: {path}\n"


def test_loops_over_filtered_lists_keep_their_items(cli, tmp_path):
    path = template(tmp_path / "t.docx", [
        "{% for c in service.components|sort(attribute='name') %}{{ c.nme }}{% endfor %}"])
    code, lines = problems_of(cli, path)
    assert "uses `c.nme`, but `c` has no field `nme`" in lines[0]


def test_blocks_left_open_or_closed_twice_and_bad_jinja(cli, tmp_path):
    path = template(tmp_path / "t.docx", [
        "{%p for c in service.components %}", "{%p endif %}", "{{ case.title|uppr }} {{ case.title + }}",
        "{% include 'sidfot.docx' %}", "{%p if case.final %}"])
    code, lines = problems_of(cli, path)
    assert code == 1
    text = "\n".join(lines)
    assert "paragraph 2 “{%p endif %}”: “{%p endif %}” cannot close “{%p for c in service.components %}” in " \
           "paragraph 1" in text
    assert "hint: close that block with {%p endfor %} first" in text
    assert "“{{ case.title|uppr }}” is not valid: No filter named 'uppr'." in text
    assert "hint: did you mean `upper`?" in text
    assert "“{{ case.title + }}” is not valid: unexpected 'end of print statement'" in text
    assert "“{% include 'sidfot.docx' %}” needs other template files, and a template is one .docx" in text
    assert "paragraph 1 “{%p for c in service.components %}”: “{%p for c in service.components %}” is never " \
           "closed" in text
    assert "paragraph 5 “{%p if case.final %}”: “{%p if case.final %}” is never closed" in text
    assert "hint: add {%p endif %} where the block ends (headers and footers are templates of their own)" in text


def test_headers_are_checked_as_templates_of_their_own(cli, tmp_path):
    path = template(tmp_path / "t.docx", ["{{ case.title }}"], header=["{{ organisation.kommun }}"])
    code, lines = problems_of(cli, path)
    assert code == 1
    assert lines[0] == (f"{path}: header1, paragraph 1 “{{{{ organisation.kommun }}}}”: “{{{{ organisation.kommun }}}}” "
                        "uses `organisation.kommun`, but `organisation` has no field `kommun`")
    assert lines[1] == "  hint: did you mean `municipality`?"  # found by its Swedish title, kommun


def test_the_agenda_template_is_checked_against_the_agenda_vocabulary(cli, tmp_path):
    path = template(tmp_path / "foredragningslista.docx", [
        "{{ meeting.board }} {{ meeting.date|when }}", "{%p for case in cases %}", "{{ case.number }} {{ case.dnr }}",
        "{{ case.officers }}", "{%p endfor %}"])
    code, lines = problems_of(cli, path)
    assert code == 1
    assert len(lines) == 2
    assert "“{{ case.officers }}” uses `case.officers`, but `case` has no field `officers`" in lines[0]


def test_a_project_directory_with_some_templates_and_a_damaged_file(cli, tmp_path):
    """The project's directory by default; a template it lacks is tenderkit's own (a note)."""
    (tmp_path / "templates").mkdir()
    shutil.copy(ROOT / "templates" / "tjansteskrivelse.docx", tmp_path / "templates")
    (tmp_path / "templates" / "forfragningsunderlag.docx").write_text("inte ett Word-dokument")
    (tmp_path / "tenderkit.yaml").write_text("templates: templates\n")
    (tmp_path / ".git").mkdir()
    result = cli("check-templates", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "note: templates has no forfragningsunderlag-lov.docx, anbudsformular.docx, ansokningsformular.docx, "
        "sanningsforsakran.docx, referensformular.docx, avtalsutkast.docx, pub-avtal.docx, foredragningslista.docx, "
        "utvarderingsrapport.docx, tilldelningsbeslut.docx, tjansteskrivelse-tilldelning.docx: "
        "tenderkit's own are used",
        "templates/forfragningsunderlag.docx: not a readable Word file (File is not a zip file)",
        "  hint: save it again from Word as a Word document (.docx)",
    ]
    assert result.out == "ok: templates/tjansteskrivelse.docx\n"


def test_usage_errors(cli, tmp_path):
    assert cli("check-templates", tmp_path / "saknas").code == 2
    empty = cli("check-templates", tmp_path)
    assert empty.code == 2
    assert f"no Word templates (*.docx) in {tmp_path}" in empty.err


# --- The vocabulary, as pure functions -------------------------------------------------------------


def test_member_follows_models_dataclasses_typed_dicts_and_optionals():
    assert member(Spec, "case") is Case
    assert member(Case, "date") is date
    assert member(Figures, "hours_change") == int | None  # a property, through its return type
    assert member(Texts, "decisions") == list[str]
    assert member(member(Spec, "procurement"), "lots") == tuple[Lot, ...]  # through `Procurement | None`
    assert member(str, "upper") is UNKNOWN  # a method: known, shape unknown
    assert member(UNKNOWN, "anything") is UNKNOWN
    with pytest.raises(Missing) as missing:
        member(Case, "titel")
    assert "title" in missing.value.known
    with pytest.raises(Missing):
        member(Case, "parse_raw")  # inherited from pydantic, not declared: not for templates
    with pytest.raises(Refused):
        member(list[str], "append")
    with pytest.raises(Refused):
        member(Case, "__class__")


def test_element_is_the_item_of_a_sequence():
    assert element(member(member(Spec, "service"), "components")) is Component
    assert element(list[str]) is str
    assert element(tuple[int, str]) is UNKNOWN
    assert element(int) is UNKNOWN


# --- Word files as Word writes them ----------------------------------------------------------------

TEXT_BOX = ("<w:txbxContent><w:p><w:r><w:t>{{ case.titel }}</w:t></w:r></w:p></w:txbxContent>")


def rewritten(path: Path, edit) -> Path:
    """The .docx with its XML parts changed by `edit(parts)` (name → text)."""
    def as_text(parts: dict[str, bytes]) -> None:
        texts = {name: data.decode() for name, data in parts.items() if name.endswith((".xml", ".rels"))}
        edit(texts)
        for name in [name for name in parts if name.endswith((".xml", ".rels")) and name not in texts]:
            del parts[name]  # renamed by the edit
        parts.update({name: text.encode() for name, text in texts.items()})

    path.write_bytes(with_parts(path.read_bytes(), as_text))
    return path


def with_body(path: Path, body: str) -> Path:
    def edit(parts):
        xml = parts["word/document.xml"]
        start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
        parts["word/document.xml"] = xml[:start] + body + xml[end:]  # python-docx declares mc: already
    return rewritten(template(path, []), edit)


def test_a_text_box_is_read_once_though_word_stores_it_twice(cli, tmp_path):
    path = with_body(tmp_path / "t.docx", (
        "<w:p><w:r><w:t>Ram:</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\">{TEXT_BOX}</mc:Choice><mc:Fallback>{TEXT_BOX}</mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"))
    code, lines = problems_of(cli, path)
    assert code == 1
    assert lines == [f"{path}: paragraph 2 “{{{{ case.titel }}}}”: “{{{{ case.titel }}}}” uses `case.titel`, but "
                     "`case` has no field `titel`", "  hint: did you mean `title`?"]


def test_rows_in_content_controls_are_counted_as_word_shows_them(cli, tmp_path):
    def row(text: str) -> str:
        return f"<w:tr><w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>"
    path = with_body(tmp_path / "t.docx", "<w:tbl>" + row("Namn") + "<w:sdt><w:sdtContent>"
                     + row("{{ service.nam }}") + "</w:sdtContent></w:sdt></w:tbl>")
    code, lines = problems_of(cli, path)
    assert code == 1
    assert lines[0].startswith(f"{path}: table 1, row 2, cell 1 “{{{{ service.nam }}}}”: ")


def test_the_main_part_is_found_by_its_relationship_as_word_online_names_it(cli, tmp_path):
    def rename(parts):
        parts["word/document2.xml"] = parts.pop("word/document.xml")
        parts["word/_rels/document2.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
        for name in ("_rels/.rels", "[Content_Types].xml"):
            parts[name] = parts[name].replace("/document.xml", "/document2.xml")
    path = rewritten(template(tmp_path / "t.docx", ["{{ case.titel }}"]), rename)
    code, lines = problems_of(cli, path)
    assert code == 1
    assert "“{{ case.titel }}” uses `case.titel`" in lines[0]


def test_document_properties_and_tracked_deletions_are_templates_too(cli, tmp_path):
    document = docx.Document()
    document.add_paragraph("{{ case.title }}")
    document.core_properties.title = "{{ case.titel }}"
    document.save(tmp_path / "t.docx")
    path = rewritten(tmp_path / "t.docx", lambda parts: parts.update({"word/document.xml": parts[
        "word/document.xml"].replace("<w:t>{{ case.title }}</w:t>", "<w:delText>{{ case.dnrr }}</w:delText>")}))
    code, lines = problems_of(cli, path)
    assert code == 1
    assert "paragraph 1 “{{ case.dnrr }}”: “{{ case.dnrr }}” uses `case.dnrr`" in lines[0]
    assert f"{path}: document properties, the property “title”: “{{{{ case.titel }}}}” uses `case.titel`" in lines[2]
