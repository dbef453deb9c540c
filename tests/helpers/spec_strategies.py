"""Hypothesis strategies for valid specs, drawn as the plain data a YAML spec holds.

A drawn spec passes validation and every consistency rule that is an error (warnings are
allowed: they are the user's to weigh), so each one must build. Free text is drawn hard:
Swedish letters, quotes, `&`, `<`, Word XML, Jinja tags, emoji, long strings, spaces and line
breaks around and inside, any character XML 1.0 can hold. Numbers cover their whole allowed
range and dates keep the rules' order (memo before meeting, timetable in order, standstill kept).

Two alphabets: `EVERY_CHARACTER` for the in-memory round trip, and `PRINTABLE` for the
LibreOffice pass, where a PDF's text layer cannot be expected to give back characters that no
installed font has or that bidirectional layout reorders.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

import yaml
from hypothesis import strategies as st

from tenderkit.derive import earliest_signing, period_months, volume_over
from tenderkit.spec.types import FIRST_DATE, LAST_DATE, LEFTOVER_MARKERS, MAX_COUNT, WINDOWS_RESERVED

# The notice dates the bundled law data has thresholds for (src/tenderkit/data/lou.yaml).
FIRST_NOTICE, LAST_NOTICE = date(2022, 2, 1), date(2025, 12, 31)
STANDSTILL_DAYS = 10
# Library requirements (library/krav.yaml): bör-krav need a criterion, so they are drawn apart.
LIBRARY_MUST = (
    "KVAL-UTESL", "KVAL-REG", "KVAL-EKONOMI", "KVAL-TILLSTAND", "KVAL-ERFARENHET", "KVAL-SANNING",
    "TJ-PERSONAL-KOMPETENS", "TJ-PERSONAL-SPRAK", "TJ-PERSONAL-REGISTER", "TJ-KONTINUITET", "TJ-DOKUMENTATION",
    "TJ-SEKRETESS", "TJ-KVALITET", "TJ-MISSFORHALLANDEN", "TJ-UPPFOLJNING", "TJ-LOKALER",
    "AV-UNDERLEVERANTOR", "AV-MEDDELARSKYDD", "AV-INSYN", "AV-ARBETSRATT", "AV-OVERLAMNING", "AV-HAVNING",
    "AV-ANDRINGAR", "AV-FORCE-MAJEURE", "AV-TVIST")
LIBRARY_MAY = ("TJ-DELAKTIGHET", "TJ-METOD-EVIDENS")  # service requirements with mandatory: false

# Text that has broken document generators: markup of the template language and of Word,
# XML's special characters, Swedish letters and quotes, characters outside the BMP.
SNIPPETS = (
    "Åsa Öberg", "ärende", "ÅÄÖ åäö é ü", "Ekonomi & HR", "a < b > c", "&amp;", "&lt;w:t&gt;", "\"citat\"",
    "'apostrof'", "”svenska citat”", "’", "«»", "{{ 7*7 }}", "{% if true %}x{% endif %}", "{%p if x %}", "{{r x }}",
    "{#", "#}", "</w:t><w:r><w:t>", "<w:br/>", "]]>", "<![CDATA[", "<!-- x -->", "\\", "%s", "{0}", "${x}", "|",
    "·", " · ", "–", "—", "…", "§ 11", "½", "€", "1 000", "2025-03-01", "#", "- ", "* ", "[x](y)", "_x_",
)
WIDE_SNIPPETS = ("👩‍👩‍👧", "🇸🇪", "😀", "\u00a0", "\u202f", "\u200b", "\u200d", "\u2028", "\u2029", "\x85", "\x7f",
                 "\u00ad", "e\u0301", "\ue000", "\U0010fffd", "\ufeff", "עברית", "العربية", "中文")
# XML 1.0's Char production: tab, line feed, carriage return and everything from U+0020 up,
# except surrogates and U+FFFE, U+FFFF. The model refuses the rest.
XML_CHARACTERS = st.characters(
    exclude_categories=("Cs",),
    exclude_characters="".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + "\ufffe\uffff")
PRINTABLE_CHARACTERS = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzåäöéüABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉÜ0123456789 .,;:!?-–()/&<>\"'%+=*#@§{}[]|\\")

_LEFTOVER = re.compile("|".join(re.escape(m) for m in LEFTOVER_MARKERS), re.IGNORECASE)
_SPACE_RUNS = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Alphabet:
    characters: st.SearchStrategy[str]  # of free text
    snippets: tuple[str, ...]
    address_characters: st.SearchStrategy[str]  # of web and e-mail addresses: no space, no @
    digits: str  # of an organisation number; the model's \d takes any script's digits


# Web and e-mail addresses are drawn from characters XML can hold; the model refuses the others.
EVERY_CHARACTER = Alphabet(XML_CHARACTERS, SNIPPETS + WIDE_SNIPPETS,
                           XML_CHARACTERS.filter(lambda c: c != "@" and not c.isspace()), r"\d")
PRINTABLE = Alphabet(PRINTABLE_CHARACTERS, SNIPPETS,
                     st.sampled_from("abcdefghijklmnopqrstuvwxyzåäö0123456789.-_/?=&%#~+"), "[0-9]")


def collapsed(text: str) -> str:
    """What the model keeps of a text: runs of spaces, tabs and line breaks become one space
    (YAML folding must not change a document), and the ends are trimmed."""
    return _SPACE_RUNS.sub(" ", text).strip()


def acceptable(text: str) -> bool:
    """Text the model takes: something left after trimming, and no prompt of a Word template."""
    return bool(collapsed(text)) and not _LEFTOVER.search(text)


def _made_acceptable(text: str) -> str:
    """The rare draw the model would refuse (only spaces, or a template prompt by chance), mended."""
    if acceptable(text):
        return text
    text = "Text " + text
    while _LEFTOVER.search(text):
        text = _LEFTOVER.sub("ok", text)
    return text


@functools.cache
def texts(alphabet: Alphabet) -> st.SearchStrategy[str]:
    """Free text: words and snippets with spaces and line breaks between and around them; one
    in ten long (the same piece repeated, which is cheap to draw). Built once per alphabet:
    strategies made inside a draw cost more than the draw."""
    word = st.one_of(st.sampled_from(alphabet.snippets), st.text(alphabet.characters, min_size=1, max_size=12))
    gap = st.sampled_from(["", " ", " ", " ", "  ", "\n", "\t", " \r\n "])
    body = st.lists(st.tuples(word, gap), min_size=1, max_size=5).map(lambda parts: "".join(w + g for w, g in parts))
    repeats = st.sampled_from((1,) * 27 + (20, 60, 150))  # shrinks to 1: a failing example stays short
    sized = st.builds(lambda text, times: " ".join([text] * times), body, repeats)
    edge = st.sampled_from(["", "", "", " ", "\n  ", "\t", " \n"])
    return st.builds(lambda before, text, after: before + text + after, edge, sized, edge).map(_made_acceptable)


class _SpecDumper(yaml.SafeDumper):
    """Writes every text in double quotes, and a repeated value out in full. Plain, PyYAML would
    write `y`, `0:30` or `08` bare, which tenderkit's loader refuses as YAML 1.1 values (a user
    must quote them too); and specs may not hold aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


_SpecDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))


def spec_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_SpecDumper, allow_unicode=True, sort_keys=False)


@functools.cache
def urls(alphabet: Alphabet) -> st.SearchStrategy[str]:
    rest = st.text(alphabet.address_characters, min_size=1, max_size=30)
    return st.builds(lambda scheme, rest: f"{scheme}://{rest}", st.sampled_from(["http", "https"]), rest)


@functools.cache
def emails(alphabet: Alphabet) -> st.SearchStrategy[str]:
    part = st.text(alphabet.address_characters, min_size=1, max_size=12)
    return st.builds(lambda user, host, top: f"{user}@{host}.{top}", part, part, part)


@functools.cache
def organisation_numbers(alphabet: Alphabet) -> st.SearchStrategy[str]:
    return st.from_regex(f"{alphabet.digits}{{6}}-{alphabet.digits}{{4}}", fullmatch=True)


def escape_braces(text: str) -> str:
    """Literal braces in prose are written doubled; a single brace starts a reference."""
    return text.replace("{", "{{").replace("}", "}}")


_JOINS = st.sampled_from(["", " ", " "])


@dataclass(frozen=True)
class Writer:
    """Draws the texts of one spec: plain text, and prose that may cite the spec's data."""

    alphabet: Alphabet
    references: tuple[str, ...] = ()

    def citing(self, references: list[str]) -> Writer:
        """A writer whose prose may cite these references."""
        return Writer(self.alphabet, tuple(references))

    @property
    def text(self) -> st.SearchStrategy[str]:
        return texts(self.alphabet)

    def texts(self, max_size: int = 3) -> st.SearchStrategy[list[str]]:
        return st.lists(self.text, max_size=max_size)

    @property
    def url(self) -> st.SearchStrategy[str]:
        return urls(self.alphabet)

    @property
    def email(self) -> st.SearchStrategy[str]:
        return emails(self.alphabet)

    @property
    def organisation_number(self) -> st.SearchStrategy[str]:
        return organisation_numbers(self.alphabet)

    @functools.cached_property
    def prose(self) -> st.SearchStrategy[str]:
        """A paragraph of literal text and references, joined with or without spaces."""
        literal = self.text.map(escape_braces)
        part = st.one_of(literal, st.sampled_from(self.references)) if self.references else literal
        return st.lists(st.tuples(part, _JOINS), min_size=1, max_size=4).map(
            lambda parts: "".join(p + gap for p, gap in parts))

    def paragraphs(self, max_size: int = 2, min_size: int = 0) -> st.SearchStrategy[list[str]]:
        return st.lists(self.prose, min_size=min_size, max_size=max_size)


# Patterns of the model (spec/types.py, spec/procurement.py), drawn in full.
IDENTIFIERS = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,39}", fullmatch=True)
SPEC_IDS = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,79}", fullmatch=True).filter(lambda name: name not in WINDOWS_RESERVED)
OWN_REQUIREMENT_IDS = st.lists(st.from_regex(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]*(-[A-ZÅÄÖ0-9]+)*", fullmatch=True).filter(
    lambda i: i not in LIBRARY_MUST + LIBRARY_MAY), max_size=3, unique=True)
MBL_KINDS = st.sampled_from([{"status": "not_required"}, {"status": "informed"},
                             {"status": "negotiated", "section": 11}, {"status": "negotiated", "section": 38}])
REQUIREMENT_KINDS = st.sampled_from(["qualification", "service", "contract"])
POSITIVE = st.integers(1, 10**100 - 1)  # unbounded in the model; the loader reads numbers of up to 100 digits


def counts(low: int = 0, high: int = MAX_COUNT) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def dates(low: date = FIRST_DATE, high: date = LAST_DATE) -> st.SearchStrategy[date]:
    return st.dates(low, max(low, high))


COUNTS = counts()
RANGES = st.tuples(COUNTS, COUNTS).map(lambda pair: {"min": min(pair), "max": max(pair)})


def maybe(draw, target: dict, key: str, strategy: st.SearchStrategy) -> None:
    """Set `key` about half the time: optional fields present or absent."""
    if draw(st.booleans()):
        target[key] = draw(strategy)


def _months(day: date) -> int:
    return day.year * 12 + day.month - 1


@st.composite
def specs(draw, alphabet: Alphabet = EVERY_CHARACTER, procurement: bool | None = None) -> dict:
    """A valid spec as plain data; with or without a procurement part unless `procurement` says."""
    write = Writer(alphabet)
    with_procurement = draw(st.booleans()) if procurement is None else procurement
    spec: dict = {}
    if draw(st.booleans()):
        spec["id"] = draw(SPEC_IDS)
    spec["organisation"] = {"municipality": draw(write.text), "board": draw(write.text),
                            "administration": draw(write.text)}
    case = spec["case"] = _case(draw, write)
    term = _contract_term(draw) if with_procurement else None
    service = spec["service"] = _service(draw, write, term)
    component_ids = [c["id"] for c in service["components"]]
    spec["contracts"] = _contracts(draw, write, service, case["date"])
    write = write.citing(_references(spec))  # prose from here on cites the data drawn so far
    spec["proposal"] = _proposal(draw, write, case)
    spec["mbl"] = dict(draw(MBL_KINDS))
    if spec["mbl"]["status"] != "not_required":
        spec["mbl"]["date"] = draw(dates(high=case.get("meeting", LAST_DATE)))
    maybe(draw, spec, "municipal_goals", st.fixed_dictionaries({"text": write.text, "url": write.url}))
    spec["prose"] = {section: draw(write.paragraphs()) for section in
                     ("summary", "matter", "background", "economics", "child_perspective")}
    maybe(draw, spec, "settings", st.fixed_dictionaries({"hours_per_fte": POSITIVE}))
    if with_procurement and spec["proposal"]["form"] == "lov":
        spec["procurement"] = _lov_procurement(draw, write, component_ids)
    elif with_procurement:
        spec["procurement"] = _procurement(draw, write, term, component_ids)
    return spec


def _case(draw, write: Writer) -> dict:
    case = {"title": draw(write.text), "date": draw(dates())}
    maybe(draw, case, "dnr", write.text)
    maybe(draw, case, "officers", write.texts())
    maybe(draw, case, "signed_by", write.text)
    maybe(draw, case, "meeting", dates(low=case["date"]))
    maybe(draw, case, "final", st.booleans())
    attachment = st.fixed_dictionaries({"id": IDENTIFIERS, "title": write.text}, optional={"date": dates()})
    maybe(draw, case, "attachments", st.lists(attachment, max_size=3, unique_by=lambda a: a["id"]))
    maybe(draw, case, "recipients", write.texts())
    return case


@dataclass(frozen=True)
class Term:
    """The new contract's term, drawn before the components whose max volumes it bounds."""

    timetable: dict
    contract: dict

    @property
    def months(self) -> int | None:
        initial = self.contract.get("initial_months")
        return None if initial is None else initial + sum(e["months"] for e in self.contract.get("extensions", []))


def _contract_term(draw) -> Term:
    """A timetable in order with the standstill kept, and a contract that starts after signing
    and ends by 2199-12-31."""
    publication = draw(dates(FIRST_NOTICE, LAST_NOTICE))
    step = st.integers(1, 400)
    questions = publication + timedelta(days=draw(step))
    deadline = questions + timedelta(days=draw(step))
    award = deadline + timedelta(days=draw(step))
    signing = earliest_signing(award, STANDSTILL_DAYS) + timedelta(days=draw(st.integers(0, 60)))
    validity = signing + timedelta(days=draw(st.integers(0, 400)))
    start = signing + timedelta(days=draw(st.one_of(st.integers(0, 400), st.integers(0, (LAST_DATE - signing).days))))
    timetable = {"publication": publication, "questions_deadline": questions, "tender_deadline": deadline,
                 "tender_validity": validity, "award": award, "contract_signing": signing}
    contract: dict = {"start": start}
    room = _months(LAST_DATE) - _months(start)  # months left before the last date the model allows
    if room < 1 or draw(st.integers(0, 4)) == 0:
        contract["initial_months"] = None  # until further notice
    else:
        initial = contract["initial_months"] = draw(st.integers(1, min(1200, room)))
        extensions = draw(st.lists(st.integers(1, 1200), max_size=4))
        kept = []
        for months in extensions:
            if initial + sum(kept) + months <= room:
                kept.append(months)
        if kept:
            contract["extensions"] = [{"months": months} for months in kept]
    return Term(timetable, contract)


def _service(draw, write: Writer, term: Term | None) -> dict:
    service = {"name": draw(write.text)}
    maybe(draw, service, "short_name", write.text)
    group = service["target_group"] = {"label": draw(write.text)}
    maybe(draw, group, "age", RANGES)
    maybe(draw, group, "life_situations", write.texts())
    maybe(draw, service, "participants", RANGES)
    maybe(draw, service, "aims", write.texts())
    service["components"] = [_component(draw, write, component_id, term)
                             for component_id in draw(st.lists(IDENTIFIERS, min_size=1, max_size=4, unique=True))]
    return service


def _component(draw, write: Writer, component_id: str, term: Term | None) -> dict:
    component = {"id": component_id, "name": draw(write.text), "per_year": draw(COUNTS)}
    maybe(draw, component, "unit", st.sampled_from(["hours", "sessions", "days", "places", "apartments"]))
    if term is None:
        maybe(draw, component, "max_volume", COUNTS)
        maybe(draw, component, "unit_price", COUNTS)
        return component
    component["unit_price"] = draw(COUNTS)  # the contract value needs every price
    if component.get("unit") in CAPACITY_UNITS:  # a capacity's max volume is the most held at once
        least = component["per_year"]
    else:
        least = 0 if term.months is None else -(-component["per_year"] * term.months // 12)
    if least <= MAX_COUNT:
        maybe(draw, component, "max_volume", counts(least))
    return component


CAPACITY_UNITS = ("places", "apartments")


def _starts(draw, before: date) -> date | int | str:
    """A contract's start, often before `before` (the memo's date, so that it runs then): a date,
    or only its year (2007) or month ("2007-03")."""
    day = draw(st.one_of(dates(high=before), dates()))
    return draw(st.sampled_from([day, day.year, f"{day.year:04d}-{day.month:02d}"]))


def _first_day(start: date | int | str) -> date:
    if isinstance(start, date):
        return start
    if isinstance(start, int):
        return date(start, 1, 1)
    return date(int(start[:4]), int(start[5:]), 1)


def _contracts(draw, write: Writer, service: dict, case_date: date) -> list[dict]:
    """Up to four contracts: suppliers' and egen regi, each covering the components its volumes
    and `components` name (or all), several at once on a component. Running contracts that share a
    component each state their volume of it, as the rules require."""
    component_ids = [c["id"] for c in service["components"]]
    units = {c["id"]: c.get("unit", "hours") for c in service["components"]}
    contracts = []
    for contract_id in draw(st.lists(IDENTIFIERS, max_size=4, unique=True)):
        contract: dict = {"id": contract_id}
        if draw(st.integers(0, 3)) == 0:
            contract["in_house"] = True
        else:
            maybe(draw, contract, "supplier", write.text)
        maybe(draw, contract, "subject", write.text)
        if draw(st.booleans()):
            contract["start"] = _starts(draw, case_date)
        low = _first_day(contract["start"]) if "start" in contract else FIRST_DATE
        if not contract.get("in_house") or draw(st.booleans()):
            contract["end"] = draw(st.one_of(dates(low=max(low, case_date)), dates(low=low)))
        maybe(draw, contract, "extensions_used", st.lists(st.builds(lambda m: {"months": m}, st.integers(1, 1200)),
                                                          max_size=2))
        maybe(draw, contract, "components", st.lists(st.sampled_from(component_ids), min_size=1, unique=True))
        volumes = []
        for component in draw(st.lists(st.sampled_from(component_ids), max_size=len(component_ids), unique=True)):
            volume: dict = {"component": component}
            maybe(draw, volume, "per_year", COUNTS)
            least = 0
            if units[component] in CAPACITY_UNITS:  # a capacity's max volume is the most held at once
                least = volume.get("per_year", 0)
            elif "per_year" in volume and "start" in contract and "end" in contract:
                total = volume_over(volume["per_year"], period_months(low, contract["end"]))
                least = -(-total.numerator // total.denominator)
            if least <= MAX_COUNT:
                maybe(draw, volume, "max_volume", counts(least))
            volumes.append(volume)
        if volumes:
            contract["volumes"] = volumes
        contracts.append(contract)
    _share_volumes(contracts, component_ids, case_date)
    return contracts


def _covered(contract: dict, component_ids: list[str]) -> list[str]:
    named = [v["component"] for v in contract.get("volumes", [])] + contract.get("components", [])
    return list(dict.fromkeys(named)) or component_ids


def _share_volumes(contracts: list[dict], component_ids: list[str], day: date) -> None:
    """Running contracts for the service that share a component each state a volume of it (0 if
    drawn without one), so none claims the others' places."""
    running = [c for c in contracts if "subject" not in c and ("start" not in c or _first_day(c["start"]) <= day)
               and ("end" not in c or day <= c["end"])]
    for component in component_ids:
        sharing = [c for c in running if component in _covered(c, component_ids)]
        if len(sharing) < 2:
            continue
        for contract in sharing:
            contract.setdefault("components", _covered(contract, component_ids))  # adding a volume keeps its scope
            volumes = contract.setdefault("volumes", [])
            volume = next((v for v in volumes if v["component"] == component), None)
            if volume is None:
                volumes.append({"component": component, "per_year": 0})
            else:
                volume.setdefault("per_year", 0)


def _references(spec: dict) -> list[str]:
    """References that resolve in this spec, as prose may write them."""
    service, case = spec["service"], spec["case"]
    group = service["target_group"]
    found = ["{organisation.municipality}", "{organisation.board}", "{case.title}", "{case.date}", "{ case.final }",
             "{service.name}", "{service.target_group.label}", "{proposal.form}", "{settings.hours_per_fte}"]
    found += [f"{{{path}}}" for path, value in (("case.meeting", case.get("meeting")), ("service.short_name",
              service.get("short_name")), ("service.participants", service.get("participants")),
              ("service.target_group.age", group.get("age"))) if value is not None]
    if group.get("life_situations"):
        found += ["{service.target_group.life_situations:eller}", "{service.target_group.life_situations}"]
    if service.get("aims"):
        found.append("{service.aims:och}")
    for component in service["components"]:
        found += [f"{{service.components.{component['id']}.{name}}}" for name in ("name", "per_year")]
    for contract in spec["contracts"]:
        if "end" in contract:
            found.append(f"{{contracts.{contract['id']}.end}}")
        if "supplier" in contract:
            found.append(f"{{contracts.{contract['id']}.supplier}}")
    found += [f"{{case.attachments.{a['id']}.title}}" for a in case.get("attachments", [])]
    return found


def _proposal(draw, write: Writer, case: dict) -> dict:
    proposal = {"form": draw(st.sampled_from(["lou", "lou_reserved", "lov", "iop", "in_house"]))}
    maybe(draw, proposal, "provide", st.booleans())
    if draw(st.booleans()):
        earliest = max(case["date"], case.get("meeting", case["date"]))
        meeting = draw(st.one_of(
            dates(low=earliest),
            st.integers(_months(earliest), _months(LAST_DATE)).map(lambda m: f"{m // 12:04d}-{m % 12 + 1:02d}")))
        assignment = {"deliverable": draw(write.text), "meeting": meeting}
        maybe(draw, assignment, "to", write.text)
        proposal["assignment"] = assignment
    maybe(draw, proposal, "financing", write.prose)
    maybe(draw, proposal, "decisions", write.paragraphs(max_size=3))
    return proposal


def _authority(draw, write: Writer) -> dict:
    """The opening of every procurement part: the authority and the reference."""
    authority = {"organisation_number": draw(write.organisation_number),
                 "contact": {"name": draw(write.text), "email": draw(write.email)}}
    maybe(draw, authority["contact"], "phone", write.text)
    maybe(draw, authority, "name", write.text)
    procurement: dict = {"authority": authority}
    maybe(draw, procurement, "reference", write.text)
    return procurement


def _terms(draw, write: Writer, notice_needed: bool) -> dict:
    terms: dict = {"invoicing": draw(write.prose), "sanctions": draw(write.paragraphs(min_size=1))}
    maybe(draw, terms, "personal_data", st.fixed_dictionaries(
        {"categories": st.lists(write.text, min_size=1, max_size=3),
         "data_subjects": st.lists(write.text, min_size=1, max_size=3),
         "special_categories": st.lists(write.text, max_size=2), "purpose": write.prose},
        optional={"duration": write.text}))
    maybe(draw, terms, "price_adjustment", st.fixed_dictionaries(
        {"index": write.text, "first": dates()}, optional={"interval_months": POSITIVE}))
    maybe(draw, terms, "payment_days", POSITIVE)
    maybe(draw, terms, "insurance", write.prose)
    if notice_needed:
        terms["notice_months"] = draw(st.integers(1, 60))
    else:
        maybe(draw, terms, "notice_months", st.integers(1, 60))
    return terms


# Library requirements a valfrihetssystem's applicant answers in the ansökningsformulär: those with
# no annex of their own, and the LOV ones (library/krav.yaml).
LOV_LIBRARY = ("LOV-UTESL", "LOV-REG", "LOV-EKONOMI", "LOV-KOMPETENS-LEDNING") + tuple(
    i for i in LIBRARY_MUST if i not in ("KVAL-UTESL", "KVAL-ERFARENHET", "KVAL-SANNING"))
CAPS = [(per, period) for per in ("user", "family") for period in ("month", "year")]


def _lov_procurement(draw, write: Writer, component_ids: list[str]) -> dict:
    """A valfrihetssystem: no procedure, timetable, contract, lots or evaluation; every requirement
    a ska-krav answered in the ansökningsformulär; an ersättning for every component."""
    procurement = _authority(draw, write)
    requirements = []
    for requirement_id in draw(st.lists(st.sampled_from(LOV_LIBRARY + LIBRARY_MAY), max_size=8, unique=True)):
        fields = _requirement_fields(draw, write, [], LOV_ATTACHMENTS) if draw(st.booleans()) else {}
        if requirement_id in LIBRARY_MAY:
            fields["mandatory"] = True
        requirements.append({"id": requirement_id, **fields} if fields else requirement_id)
    for requirement_id in draw(OWN_REQUIREMENT_IDS):
        own = {"id": requirement_id, **_requirement_fields(draw, write, [], LOV_ATTACHMENTS),
               "title": draw(write.text), "text": draw(write.prose), "kind": draw(REQUIREMENT_KINDS)}
        maybe(draw, own, "mandatory", st.just(True))
        requirements.append(own)
    procurement["requirements"] = draw(st.permutations(requirements))
    procurement["terms"] = _terms(draw, write, notice_needed=True)
    lov: dict = {"opens": draw(dates()), "application": draw(write.prose), "handling_days": draw(st.integers(1, 365))}
    maybe(draw, lov, "start_months", st.integers(1, 24))
    maybe(draw, lov, "no_choice", write.prose)
    reimbursement: dict = {"rates": draw(st.permutations(
        [{"component": c, "amount": draw(POSITIVE)} for c in component_ids]))}
    maybe(draw, reimbursement, "vat_compensation", st.integers(1, 25))
    maybe(draw, reimbursement, "decided", write.text)
    maybe(draw, reimbursement, "adjustment", write.prose)
    lov["reimbursement"] = reimbursement
    if draw(st.booleans()):
        charged = draw(st.lists(st.sampled_from(component_ids), min_size=1, unique=True))
        fee: dict = {"rates": [{"component": c, "amount": draw(st.integers(0, 10**12))} for c in charged]}
        caps = draw(st.lists(st.sampled_from(CAPS), unique=True, max_size=4))
        if caps:
            fee["caps"] = [{"amount": draw(POSITIVE), "per": per, "period": period} for per, period in caps]
        maybe(draw, fee, "collection", write.prose)
        lov["fee"] = fee
    procurement["lov"] = lov
    return procurement


def _procurement(draw, write: Writer, term: Term, component_ids: list[str]) -> dict:
    procurement = _authority(draw, write)
    maybe(draw, procurement, "category", st.sampled_from(["social_services", "services", "works"]))
    procurement["procedure"] = draw(write.prose.filter(lambda text: "förenklat förfarande" not in text.lower()))
    maybe(draw, procurement, "submission", write.prose)
    procurement["timetable"] = term.timetable
    procurement["contract"] = term.contract
    lots = _lots(draw, write, component_ids)
    if lots:
        procurement["lots"] = lots
    basis = draw(st.sampled_from(["lowest_price", "lowest_cost", "best_price_quality"]))
    requirements, evaluated = _requirements(draw, write, [lot["id"] for lot in lots],
                                            may_evaluate=basis == "best_price_quality")
    procurement["requirements"] = requirements
    procurement["evaluation"] = _evaluation(draw, write, basis, evaluated)
    procurement["terms"] = _terms(draw, write, notice_needed=term.contract["initial_months"] is None)
    maybe(draw, procurement, "price_form", st.fixed_dictionaries({"notes": write.paragraphs()}))
    return procurement


def _lots(draw, write: Writer, component_ids: list[str]) -> list[dict]:
    """None, or every component in exactly one lot."""
    if draw(st.booleans()):
        return []
    order = draw(st.permutations(component_ids))
    cuts = sorted(draw(st.sets(st.integers(1, len(order) - 1), max_size=len(order) - 1))) if len(order) > 1 else []
    groups = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    ids = draw(st.lists(IDENTIFIERS, min_size=len(groups), max_size=len(groups), unique=True))
    return [{"id": lot_id, "name": draw(write.text), "components": group} for lot_id, group in zip(ids, groups, strict=True)]


LOU_ATTACHMENTS = ("anbudsformular", "sanningsforsakran", "referensformular")
LOV_ATTACHMENTS = ("ansokningsformular",)


def _requirement_fields(draw, write: Writer, lot_ids: list[str], attachments: tuple[str, ...] = LOU_ATTACHMENTS) -> dict:
    fields: dict = {}
    maybe(draw, fields, "title", write.text)
    maybe(draw, fields, "text", write.prose)
    maybe(draw, fields, "items", write.paragraphs())
    maybe(draw, fields, "verification", write.prose)
    maybe(draw, fields, "law", write.text)
    maybe(draw, fields, "attachment", st.sampled_from(attachments))
    if lot_ids:
        maybe(draw, fields, "lots", st.lists(st.sampled_from(lot_ids), min_size=1, unique=True))
    return fields


def _requirements(draw, write: Writer, lot_ids: list[str], may_evaluate: bool):
    """Library requirements (as ids, or with fields overridden) and the spec's own, in any order;
    and the bör-krav among them, which the evaluation must cover. Without criteria to evaluate
    them, every requirement is a ska-krav."""
    chosen: list = []
    evaluated: list[str] = []
    for requirement_id in draw(st.lists(st.sampled_from(LIBRARY_MUST + LIBRARY_MAY), max_size=8, unique=True)):
        evaluated_here = requirement_id in LIBRARY_MAY and may_evaluate and draw(st.booleans())
        if requirement_id in LIBRARY_MAY and not evaluated_here:
            chosen.append({"id": requirement_id, "mandatory": True})
        elif draw(st.booleans()):
            chosen.append(requirement_id)
        else:
            fields = _requirement_fields(draw, write, lot_ids)
            if requirement_id in LIBRARY_MUST:  # a ska-krav may change kind; a bör-krav must stay a service one
                maybe(draw, fields, "kind", REQUIREMENT_KINDS)
            chosen.append({"id": requirement_id, **fields})
        if evaluated_here:
            evaluated.append(requirement_id)
    for requirement_id in draw(OWN_REQUIREMENT_IDS):
        own = {"id": requirement_id, **_requirement_fields(draw, write, lot_ids),
               "title": draw(write.text), "text": draw(write.prose)}
        if may_evaluate and draw(st.booleans()):
            own.update(kind="service", mandatory=False)
            evaluated.append(requirement_id)
        else:
            own["kind"] = draw(REQUIREMENT_KINDS)
            maybe(draw, own, "mandatory", st.just(True))
        chosen.append(own)
    return draw(st.permutations(chosen)), evaluated


def _parts(draw, total: int, count: int) -> list[int]:
    """`count` whole numbers of at least 1 that add up to `total`."""
    if count == 1:
        return [total]
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _levels(draw, write: Writer, key: str, highest: int) -> list[dict]:
    """Two or three distinct levels from 0 up to `highest`, each with what earns it."""
    middle = draw(st.lists(st.integers(1, highest - 1), max_size=1)) if highest > 1 else []
    return [{key: worth, "earned_by": draw(write.prose)} for worth in [0, *middle, highest]]


def _evaluation(draw, write: Writer, basis: str, evaluated: list[str]) -> dict:
    """A price-only basis has nothing more; best price-quality has one criterion per bör-krav and
    perhaps more that only describe, each with levels rising from 0, with weights adding up to 100
    or highest deductions under 100 %."""
    evaluation: dict = {"basis": basis}
    if basis != "best_price_quality":
        return evaluation
    criteria = [{"requirement": requirement_id} for requirement_id in evaluated]
    criteria += [{} for _ in range(draw(st.integers(0 if criteria else 1, 2)))]
    for criterion, criterion_id in zip(criteria, draw(st.lists(IDENTIFIERS, min_size=len(criteria),
                                                               max_size=len(criteria), unique=True)), strict=True):
        criterion.update(id=criterion_id, name=draw(write.text), description=draw(write.prose))
    model = evaluation["model"] = draw(st.sampled_from(["price_deductions", "weights"]))
    if model == "weights":
        price, *weights = _parts(draw, 100, len(criteria) + 1)
        evaluation.update(price_weight=price, method=draw(write.prose))
        for criterion, weight in zip(criteria, weights, strict=True):
            criterion.update(weight=weight, levels=_levels(draw, write, "score", draw(st.integers(1, 10))))
    else:
        for criterion, deduction in zip(criteria, _parts(draw, draw(st.integers(len(criteria), 99)), len(criteria)),
                                        strict=True):
            criterion["levels"] = _levels(draw, write, "deduction", deduction)
    evaluation["criteria"] = draw(st.permutations(criteria))
    return evaluation
