"""Words: names are never re-cased, no sentence says "X omfattar X", the board's genitive and the
authority's own short name are right, statements appear only when the spec makes them, and a free
unit is written in its own Swedish words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.common import SPEC_TENDER, SPECS, normalise, variant
from openpyxl import load_workbook

from tenderkit.build import build_checked, check_spec
from tenderkit.render.filters import genitive, price_unit, quantity, unit_name, upperfirst
from tenderkit.spec.model import Unit, UnitWords

BESOK = UnitWords(singular="besök", plural="besök")
SAMTAL = UnitWords(singular="samtal", plural="samtal")


def names(spec) -> set[str]:
    """Every name the spec holds that a document may print: the service, components, lots,
    suppliers, municipality, authority and people. The board is a designation, not a name: its
    first letter follows its place in the sentence (see Organisation.board)."""
    found = {spec.service.name, spec.service.short_name, spec.organisation.municipality,
             spec.organisation.short_name, spec.case.signed_by, *spec.case.officers,
             *(c.name for c in spec.service.components), *(c.supplier for c in spec.contracts)}
    if spec.procurement:
        found |= {spec.procurement.authority.name, spec.procurement.authority.contact.name,
                  *(lot.name for lot in spec.procurement.lots)}
    return {name for name in found if name}


def recased(text: str, name: str) -> list[str]:
    """Occurrences of `name` (as a whole phrase, any case) written other than as the spec has it or
    with only its first letter raised."""
    found = re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)
    return [match.group() for match in found if match.group() not in (name, upperfirst(name))]


# "stödboende omfattar stödboende", "Enligt förslaget omfattar anhörigstöd anhörigstöd": the words
# before "omfattar" repeated after it, or the same words twice after it.
TAUTOLOGY = re.compile(r"(?<!\w)(\w+(?: \w+){0,5}) omfattar \1(?!\w)|omfattar (\w+(?: \w+){0,5}) \2(?!\w)",
                       flags=re.IGNORECASE)


def built_documents(spec_path: Path, output: Path) -> tuple[object, dict[str, str], Path]:
    """The spec, the text of every document built from it by file name, and where they are."""
    checked = check_spec(spec_path)
    directory = build_checked(checked, output).directory
    texts = {md.name: normalise(md.read_text(encoding="utf-8")) for md in sorted(directory.glob("*.md"))}
    return checked.spec, texts, directory


def assert_well_worded(spec, documents: dict[str, str]) -> None:
    assert documents
    for document, text in documents.items():
        for name in names(spec):
            assert not recased(text, name), f"{document} re-cases “{name}”: {recased(text, name)}"
        tautology = TAUTOLOGY.search(text)
        assert not tautology, f"{document}: “{tautology.group()}”"


@pytest.mark.parametrize("spec_path", sorted(SPECS.glob("*.yaml")), ids=lambda path: path.stem)
def test_no_bundled_document_re_cases_a_name_or_says_x_omfattar_x(spec_path, tmp_path):
    spec, documents, _ = built_documents(spec_path, tmp_path)
    assert_well_worded(spec, documents)


# The tender spec bought from an authority that calls itself "Borås Stad", decided by "Nämnden för
# Vård & Omsorg", with proper names inside component and lot names, one component counted in a
# free unit, no max volume and nothing said of prices.
BORAS = {
    "  municipality: Exempelstads kommun\n  board: Socialnämnden\n":
        "  municipality: Borås Stad\n  board: Nämnden för Vård & Omsorg\n  short_name: Borås Stad\n",
    "      name: boendeplats med stöd\n": "      name: vård- och omsorgsboende Amalia\n",
    "      name: stödsamtal\n": "      name: samtal enligt KBT i Christiansro\n",
    "      unit: sessions\n      per_year: 150\n": "      unit: {singular: besök, plural: besök}\n      per_year: 150\n",
    "      max_volume: 20000\n      unit_price: 1450\n": "      unit_price: 1450\n",
    "      max_volume: 5600\n      unit_price: 850\n": "      unit_price: 850\n",
    "      max_volume: 700\n      unit_price: 1600\n": "      unit_price: 1600\n",
    "      name: boende\n      components: [boende]\n": "      name: boende på Amalia\n      components: [boende]\n",
    "    price_adjustment:\n      index: Omsorgsprisindex (OPI)\n      first: 2026-10-01\n      base_month: 2025-09\n": "",
}


@pytest.fixture(scope="module")
def boras(tmp_path_factory):
    repo = tmp_path_factory.mktemp("repo")
    (repo / "specs").mkdir()
    (repo / ".git").mkdir()
    return built_documents(variant(repo, BORAS, base=SPEC_TENDER), repo / "output")


def test_proper_names_keep_their_capitals_and_begin_lines_raised(boras):
    spec, documents, _ = boras
    assert_well_worded(spec, documents)
    tender, memo = documents["forfragningsunderlag.md"], documents["tjansteskrivelse.md"]
    assert "Uppdraget omfattar vård- och omsorgsboende Amalia, samtal enligt KBT i Christiansro och " \
           "utslussningsstöd." in tender
    assert "| Vård- och omsorgsboende Amalia | dygn | 4 380 |" in tender
    assert "### 7.1 Delområde 1: Boende på Amalia" in tender
    assert "Delområde 1, boende på Amalia: " in memo
    assert "Enligt förslaget omfattar stödboende vård- och omsorgsboende Amalia, samtal enligt KBT i " \
           "Christiansro och utslussningsstöd." in memo


def test_the_board_and_the_authority_are_named_as_they_name_themselves(boras):
    _, documents, _ = boras
    memo, tender, contract = (documents[name] for name in ("tjansteskrivelse.md", "forfragningsunderlag.md",
                                                           "avtalsutkast.md"))
    assert "# Förslag till beslut i nämnden för Vård & Omsorg" in memo
    assert "Nämndens för" not in memo and "Omsorgs beslut" not in memo
    assert "Borås Stad kan förlänga avtalet två gånger" in memo
    assert "Borås Stad beräknar att cirka 25–35 unga vuxna får del av insatserna." in tender
    assert "Borås Stad kan avbryta upphandlingen" in tender
    assert "säger ingenting om Borås Stads bedömning av rimliga priser" in tender
    assert "delta i den avtalsuppföljning som Borås Stad gör" in tender  # a library text's {organisation.short_name}
    assert "Borås Stad har rätt att följa upp och kontrollera verksamheten" in contract  # … raised at a sentence start
    assert "Leverantören behandlar personuppgifter för Borås Stads räkning." in contract
    assert "Avtalet är tecknat mellan Borås Stad, organisationsnummer 212000-0019, och leverantören" in contract


def test_no_max_volume_and_no_price_terms_go_unsaid(boras):
    _, documents, _ = boras
    tender, contract = documents["forfragningsunderlag.md"], documents["avtalsutkast.md"]
    assert "Volymerna är uppskattningar och inte garanterade; Borås Stad beställer efter behov." in tender
    assert "| Insats | Enhet | Uppskattad volym per år |" in tender  # no max volume column
    assert "Borås Stad beställer insatser efter behov." in contract
    assert "Maxvolym för avtalsperioden" not in contract
    assert "## 5 Pris Borås Stad betalar" in contract
    assert "prisjustering" not in contract.lower() and "fasta" not in contract


def test_a_free_unit_is_written_in_its_own_words(boras):
    _, documents, directory = boras
    tender = documents["forfragningsunderlag.md"]
    assert "| Utslussningsstöd | besök | 150 |" in tender
    assert "| Utslussningsstöd | kr per besök | 150 besök |" in tender
    book = load_workbook(directory / "prisbilaga.xlsx")
    rows = [row[:3] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ("Utslussningsstöd", "kr per besök", 150) in rows
    assert ("Vård- och omsorgsboende Amalia", "kr per dygn", 4380) in rows
    assert [sheet.title for sheet in book.worksheets] == ["1 Boende på Amalia", "2 Stöd och utslussning"]


def test_fixed_prices_are_stated_when_the_spec_says_so(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / ".git").mkdir()
    fixed = variant(tmp_path, {**BORAS, "  terms:\n": "  terms:\n    fixed_prices: true\n"}, base=SPEC_TENDER)
    _, documents, _ = built_documents(fixed, tmp_path / "output")
    assert "Priserna är fasta under hela avtalsperioden." in documents["avtalsutkast.md"]


def test_fixed_prices_cannot_also_be_adjusted(cli, tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / ".git").mkdir()
    both = variant(tmp_path, {"  terms:\n": "  terms:\n    fixed_prices: true\n"}, base=SPEC_TENDER)
    result = cli("validate", both, cwd=tmp_path)
    assert result.code != 0
    assert "stodboende-unga-vuxna-2025.yaml:" in result.err and "both fixed" in result.err


@pytest.mark.parametrize(("name", "thing", "preposition", "written"), [
    ("social- och omsorgsnämnden", "beslut", "i", "social- och omsorgsnämndens beslut"),
    ("socialnämnden", "beslut", "i", "socialnämndens beslut"),
    ("kommunen", "bedömning", "av", "kommunens bedömning"),
    ("Borås Stad", "räkning", "av", "Borås Stads räkning"),
    ("Linköpings kommun", "räkning", "av", "Linköpings kommuns räkning"),
    ("Kalix", "beslut", "i", "Kalix beslut"),  # ends in x: no further s
    ("Borås", "beslut", "i", "Borås beslut"),  # ends in s
    ("Lorenz", "beslut", "i", "Lorenz beslut"),  # ends in z
    ("IFO", "beslut", "i", "IFO:s beslut"),  # an initialism
    ("nämnden för Vård & Omsorg", "beslut", "i", "beslut i nämnden för Vård & Omsorg"),
    ("nämnden för vård och omsorg", "räkning", "av", "räkning av nämnden för vård och omsorg"),
    ("socialnämnden i Exempelstad", "beslut", "i", "beslut i socialnämnden i Exempelstad"),
])
def test_genitive(name, thing, preposition, written):
    assert genitive(name, thing, preposition) == written


def test_upperfirst_raises_only_the_first_letter():
    assert upperfirst("vård- och omsorgsboende Amalia") == "Vård- och omsorgsboende Amalia"
    assert upperfirst("eHälsa i Borås") == "EHälsa i Borås"
    assert upperfirst("") == ""


def test_unit_words():
    assert quantity(1, BESOK) == "1 besök" and quantity(40, BESOK) == "40 besök"
    assert unit_name(SAMTAL) == "samtal" and price_unit(BESOK) == "besök"
    assert quantity(1, Unit.places) == "1 plats" and price_unit(Unit.places) == "plats och dygn"
    assert quantity(2600, "hours") == "2\u00a0600 timmar"


# The tender spec with one component, named as the service's short name, in one lot.
ONE_COMPONENT = {
    "      name: boendeplats med stöd\n": "      name: stödboende\n",
    "    - id: stodsamtal\n      name: stödsamtal\n      unit: hours\n      per_year: 1200\n      max_volume: 5600\n"
    "      unit_price: 850\n    - id: utslussning\n      name: utslussningsstöd\n      unit: sessions\n"
    "      per_year: 150\n      max_volume: 700\n      unit_price: 1600\n": "",
    "      - component: stodsamtal\n        per_year: 1000\n        max_volume: 4500\n": "",
    "    - id: stod\n      name: stöd och utslussning\n      components: [stodsamtal, utslussning]\n"
    '      cpv: ["85312000", "85312300"]\n': "",
}


def test_one_component_named_as_the_service_in_one_lot_reads_as_swedish(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / ".git").mkdir()
    spec, documents, _ = built_documents(variant(tmp_path, ONE_COMPONENT, base=SPEC_TENDER), tmp_path / "output")
    assert_well_worded(spec, documents)
    tender, contract = documents["forfragningsunderlag.md"], documents["avtalsutkast.md"]
    assert "Uppdraget omfattar" not in tender and "Uppdraget omfattar" not in contract
    assert "Upphandlingen avser delområde 1 (boende)." in tender
    assert "indelad i ett delområde" not in tender


def test_a_change_of_unit_is_shown_in_swedish(cli, tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / ".git").mkdir()
    visits = variant(tmp_path, {"      unit: sessions\n": "      unit: {singular: besök, plural: besök}\n"},
                     base=SPEC_TENDER, name="besok.yaml")
    result = cli("diff", SPEC_TENDER, visits, cwd=tmp_path)
    assert "~ utslussningsstöd, enhet: tillfällen → besök" in result.out.splitlines()
    assert "+ besök per år, förslag totalt: 150" in result.out.splitlines()
