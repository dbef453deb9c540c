"""Every class of bad YAML input gives a located, plain message through `tenderkit validate`."""

from __future__ import annotations

import codecs

from conftest import SPEC_2021, column_of, line_of, variant


def test_bundled_specs_are_valid(cli, repo):
    result = cli("validate", "specs/", cwd=repo)
    assert result.code == 0, result.err
    assert "ok: specs/anhorigstod-barn-2021.yaml" in result.out
    assert "ok: specs/anhorigstod-barn-unga-2024.yaml (2 warnings)" in result.out


def test_wrong_type_is_located_with_field_and_label(cli, repo):
    spec = variant(repo, {"age: {min: 4, max: 20}": "age: {min: fyra, max: 20}"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    line, column = line_of(spec, "min: fyra"), column_of(spec, "fyra")
    assert (f'specs/anhorigstod-barn-2021.yaml:{line}:{column}: service.target_group.age.min (ålder, lägsta): '
            'expected a whole number, got "fyra"') in result.err
    assert "hint: write digits, e.g. 510" in result.err


def test_quoted_number_is_text_not_a_number(cli, repo):
    spec = variant(repo, {"Gruppverksamhet\n      per_year: 510": 'Gruppverksamhet\n      per_year: "510"'})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    line = line_of(spec, 'per_year: "510"')
    assert f":{line}:17: service.components[group].per_year (volym per år): expected a whole number, got \"510\"" \
        in result.err
    assert "hint: remove the quotes: 510" in result.err


def test_duplicate_key_points_at_the_second(cli, repo):
    spec = variant(repo, {"  dnr: SON 2020-247\n": "  dnr: SON 2020-247\n  dnr: SON 2020-248\n"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    first, second = line_of(spec, "dnr: SON 2020-247"), line_of(spec, "dnr: SON 2020-248")
    assert f":{second}:3: case.dnr (diarienummer): `dnr` is given twice here (first on line {first})" in result.err


def test_alias_and_anchor_are_errors(cli, repo):
    spec = variant(repo, {"    - Maritha Lindblad-Johansson\n    - Carin Gustafsson\n":
                          "    - &who Maritha Lindblad-Johansson\n    - *who\n"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    anchor, alias = line_of(spec, "&who"), line_of(spec, "*who")
    assert f":{anchor}:7: case.officers[1] (handläggare): `&who` marks a value for reuse (a YAML anchor)" in result.err
    assert f":{alias}:7: case.officers[2] (handläggare): `*who` refers to another part of the file (a YAML alias)" \
        in result.err


def test_alias_bomb_is_rejected_without_expanding(cli, tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n")
    result = cli("validate", bomb, cwd=tmp_path)
    assert result.code == 1
    assert "bomb.yaml:1:4: a: `&a` marks a value for reuse (a YAML anchor)" in result.err
    assert "bomb.yaml:2:8: b[1]: `*a` refers to another part of the file (a YAML alias)" in result.err


def test_yaml_11_surprises_are_located_with_a_hint_to_quote(cli, repo):
    spec = variant(repo, {"  dnr: SON 2020-247": "  dnr: no", "Gruppverksamhet\n      per_year: 510": "Gruppverksamhet\n      per_year: 12:30",
                          "Enskild behandling\n      per_year: 240": "Enskild behandling\n      per_year: 010"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert f":{line_of(spec, 'dnr: no')}:8: case.dnr (diarienummer): `no` is read as false by YAML 1.1 tools" \
        in result.err
    assert 'hint: write "no" in quotes for the text' in result.err
    assert (f":{line_of(spec, '12:30')}:17: service.components[group].per_year (volym per år): `12:30` is read as "
            "a number in base 60 by YAML 1.1 tools (12:30 → 750)") in result.err
    assert (f":{line_of(spec, '010')}:17: service.components[individual].per_year (volym per år): `010` has a "
            "leading zero and is read as an octal number by YAML 1.1 tools (010 → 8)") in result.err


def test_impossible_date_is_located(cli, repo):
    spec = variant(repo, {"date: 2021-02-03": "date: 2025-02-30"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, '2025-02-30')}:9: case.date (ärende, datum): 2025-02-30 is not a date in the calendar"
            in result.err)


def test_unknown_key_suggests_the_field_meant(cli, repo):
    spec = variant(repo, {"  signed_by: Linda Ljungqvist": "  signd_by: Linda Ljungqvist"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert f":{line_of(spec, 'signd_by')}:3: case.signd_by (ärende): unknown field `signd_by`" in result.err
    assert "hint: did you mean `signed_by`?" in result.err


def test_unknown_key_in_swedish_finds_the_english_field(cli, repo):
    spec = variant(repo, {"  administration: Social- och omsorgsförvaltningen": "  forvaltning: Social- och omsorgsförvaltningen"})
    result = cli("validate", spec, cwd=repo)
    assert "unknown field `forvaltning`" in result.err
    assert "hint: did you mean `administration`?" in result.err


def test_all_problems_of_a_file_are_reported_at_once(cli, repo):
    spec = variant(repo, {"age: {min: 4, max: 20}": "age: {min: fyra, max: 20}", "date: 2021-02-03": "date: 2021-02-31",
                          "  signed_by:": "  signd_by:", "form: lou": "form: upphandling"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    located = [line for line in result.err.splitlines() if line.startswith("specs/anhorigstod-barn-2021.yaml:")]
    assert len(located) == 4, result.err
    assert [int(line.split(":")[1]) for line in located] == sorted(int(line.split(":")[1]) for line in located)


def test_missing_field_says_what_to_add(cli, repo):
    spec = variant(repo, {"  title: Anhörigstöd barn, ställningstagande till upphandlingsform\n": ""})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert f":{line_of(spec, 'case:')}:1: case (ärende): the field `title` is missing" in result.err
    assert "hint: add `title:` (rubrik): Tjänsteskrivelsens rubrik." in result.err


def test_utf8_with_bom_is_read(cli, repo):
    spec = repo / "specs" / "anhorigstod-barn-2021.yaml"
    spec.write_bytes(codecs.BOM_UTF8 + spec.read_bytes())
    assert cli("validate", spec, cwd=repo).code == 0


def test_utf16_is_a_clear_error(cli, repo):
    spec = repo / "specs" / "anhorigstod-barn-2021.yaml"
    spec.write_bytes(spec.read_text(encoding="utf-8").encode("utf-16"))
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "specs/anhorigstod-barn-2021.yaml:1:1: the file is encoded as UTF-16" in result.err
    assert "save it as UTF-8" in result.err


def test_latin1_is_located_at_the_first_bad_byte(cli, repo):
    spec = repo / "specs" / "anhorigstod-barn-2021.yaml"
    spec.write_bytes(spec.read_text(encoding="utf-8").encode("cp1252"))
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert f"specs/anhorigstod-barn-2021.yaml:{line_of(SPEC_2021, '# Anhörigstöd barn:')}:6: the file is not UTF-8: byte 0xF6 cannot be read" in result.err
    assert "(in Windows-1252 it would be 'ö')" in result.err


def test_tab_indentation_has_a_hint(cli, repo):
    spec = variant(repo, {"  dnr: SON 2020-247": "\tdnr: SON 2020-247"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert f":{line_of(spec, 'dnr: SON 2020-247')}:1: YAML syntax error" in result.err
    assert "hint: YAML indents with spaces only: replace the tab with spaces" in result.err


def test_python_tags_are_refused(cli, repo):
    spec = variant(repo, {"  dnr: SON 2020-247": "  dnr: !!python/object/apply:os.system ['true']"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "the tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed in a spec" in result.err


def test_several_documents_empty_files_and_lists(cli, tmp_path):
    (tmp_path / "two.yaml").write_text("a: 1\n---\nb: 2\n")
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    two = cli("validate", tmp_path / "two.yaml", cwd=tmp_path)
    assert "two.yaml:2:1: the file holds more than one YAML document" in two.err
    assert "empty.yaml:1:1: the file is empty" in cli("validate", tmp_path / "empty.yaml", cwd=tmp_path).err
    assert "list.yaml:1:1: the file holds a list; a spec is a set of fields" in \
        cli("validate", tmp_path / "list.yaml", cwd=tmp_path).err


def test_missing_path_is_a_usage_error(cli, tmp_path):
    result = cli("validate", tmp_path / "nope.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "no such file or directory" in result.err


def test_huge_file_is_refused_before_parsing(cli, tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"a: " + b"x" * 2_000_000 + b"\n")
    result = cli("validate", huge, cwd=tmp_path)
    assert result.code == 1
    assert "huge.yaml:1:1: the file is 2.0 MB; a spec may be at most 1 MB" in result.err


def test_control_character_is_a_located_validation_error(cli, repo):
    spec = variant(repo, {"  signed_by: Linda Ljungqvist": '  signed_by: "Linda\\u0007 Ljungqvist"'})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'signed_by')}:14: case.signed_by (undertecknare): contains the control character "
            "U+0007, which a Word document cannot hold") in result.err


def test_word_placeholder_in_a_spec_is_an_error(cli, repo):
    spec = variant(repo, {"    - Social- och omsorgsförvaltningen\n\nservice:": "    - Klicka här för att ange text.\n\nservice:"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert (f":{line_of(spec, 'Klicka här')}:7: case.recipients[1] (beslutet skickas till): contains “Klicka här”, "
            "a mark of unfinished text") in result.err


def test_project_file_problem_is_reported_in_the_project_file(cli, repo):
    project = repo / "tenderkit.yaml"
    project.write_text(project.read_text().replace("board: Social- och omsorgsnämnden", "board: 12"))
    result = cli("validate", "specs/anhorigstod-barn-unga-2024.yaml", cwd=repo)
    assert result.code == 1
    assert f"tenderkit.yaml:{line_of(project, 'board: 12')}:12: organisation.board (nämnd): expected text, got 12" \
        in result.err


def test_hints_answer_the_mistake_made(cli, repo):
    spec = variant(repo, {"Gruppverksamhet\n      per_year: 510": 'Gruppverksamhet\n      per_year: "2 600"',
                          "participants: {min: 120, max: 140}": "participants: 120-140",
                          "    start: 2018-01-01": '    start: "2018-1-1"'})
    result = cli("validate", spec, cwd=repo)
    assert "hint: write the number without spaces: 2600" in result.err
    assert "hint: write the range as {min: 120, max: 140}" in result.err
    assert "hint: write month and day with two digits: 2018-01-01" in result.err


def test_empty_required_field_is_not_told_to_go_away(cli, repo):
    spec = variant(repo, {"  title: Anhörigstöd barn, ställningstagande till upphandlingsform": "  title:"})
    result = cli("validate", spec, cwd=repo)
    assert "case.title (rubrik): is empty; expected text" in result.err
    assert "hint: write a value here" in result.err


def test_swedish_key_names_find_their_fields(cli, repo):
    spec = variant(repo, {"  participants: {min: 120, max: 140}": "  deltagare: {min: 120, max: 140}",
                          "    end: 2020-12-31": "    slut: 2020-12-31"})
    result = cli("validate", spec, cwd=repo)
    assert "unknown field `deltagare`" in result.err and "hint: did you mean `participants`?" in result.err
    assert "hint: did you mean `end`? It is required and missing." in result.err
    spec = variant(repo, {"\nservice:\n": "\ntjänst:\n"})
    result = cli("validate", spec, cwd=repo)
    assert "unknown field `tjänst`" in result.err and "hint: did you mean `service`? It is required and missing." \
        in result.err
    assert "the field `service` is missing" not in result.err


def test_non_text_key_is_one_problem(cli, repo):
    spec = variant(repo, {"  dnr: SON 2020-247\n": "  ? [a, b]\n  : x\n  dnr: SON 2020-247\n"})
    result = cli("validate", spec, cwd=repo)
    located = [line for line in result.err.splitlines() if line.startswith("specs/")]
    assert located == [f"specs/anhorigstod-barn-2021.yaml:{line_of(spec, '? [a, b]')}:5: case (ärende): "
                       "a field name must be plain text"]


def test_out_of_range_dates_and_numbers_are_errors_not_crashes(cli, repo):
    spec = variant(repo, {"    end: 2021-12-31": "    end: 9999-12-31",
                          "Gruppverksamhet\n      per_year: 510": "Gruppverksamhet\n      per_year: 1000000000000000000000"})
    result = cli("validate", spec, cwd=repo)
    assert result.code == 1
    assert "contracts[stadsmission].end (slutdatum): must be at most 2199-12-31, got 9999-12-31" in result.err
    assert "service.components[group].per_year (volym per år): must be at most 1000000000" in result.err
