"""The notice's readable twin: the eForms XML as the Swedish text TED shows, section by section.

Read from the XML, not from the spec, so it says what the notice says, and a reviewer (or `git diff`)
reads a notice like the other documents. The outline follows the SDK's view templates
(view-templates/20.efx and 33.efx: the same numbers, headings and fields, in their order); the labels
are the SDK's Swedish translations and the XPaths its fields.json, both extracted by
tools/notice_labels.py into data/eforms/notice_text_sv.json. A field the notice lacks is left out,
and a section with nothing in it, so the one outline serves a contract notice and an award notice.
What the view templates compute (organisations looked up by their ID, values with their currency)
is done here for the fields the outline names, not by an EFX interpreter: a section may follow the
notice's references (a lot result's tender, the tender's tendering party, its organisations, the
contract settled on the tender) as 33.efx walks them, and may be shown only for some codes of a field
(the winners only where a winner was chosen).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel.numbers import format_decimal
from lxml import etree

from ..render.filters import LOCALE, number
from .schema import EFORMS
from .ubl import NAMESPACES

DATA_FILE = EFORMS / "notice_text_sv.json"


# The units of a duration (code list duration-unit), in the singular and the plural a text needs.
_UNITS = {"DAY": ("dag", "dagar"), "WEEK": ("vecka", "veckor"), "MONTH": ("månad", "månader"), "YEAR": ("år", "år")}


@dataclass(frozen=True)
class Field:
    """One line: the label, then the values of the fields joined by spaces (a date and its time)."""
    ids: tuple[str, ...]
    label: str | None = None  # a translation key; the first field's name when None
    separator: str = " "


@dataclass(frozen=True)
class Link:
    """A reference in the notice: the elements of `node` whose `key` field holds a value of the `ref` field
    where the reader stands (OPT-320-LotResult → the ND-LotTender whose OPT-321-Tender it names)."""
    ref: str
    node: str
    key: str


@dataclass(frozen=True)
class Section:
    number: str  # as the view template numbers it; "" for an unnumbered group, shown as a list item
    label: str  # a translation key; "" for a heading that is only the caption; "" and no caption: no heading
    items: tuple[Field | Section, ...]
    node: str | None = None  # a repeated node: the section is shown once for each of its elements
    caption: str | None = None  # the field whose value follows the heading: "Del: LOT-0001"
    links: tuple[Link, ...] = ()  # the node's elements are those these references lead to, in turn
    only: tuple[str, tuple[str, ...]] | None = None  # shown only where this field holds one of these codes


def _f(*ids: str, label: str | None = None, separator: str = " ") -> Field:
    return Field(ids, label and f"auxiliary|text|{label}", separator)


def _s(number: str, label: str, *items: Field | Section, node: str | None = None, caption: str | None = None,
       links: tuple[Link, ...] = (), only: tuple[str, tuple[str, ...]] | None = None) -> Section:
    key = label if "|" in label or not label else f"auxiliary|text|{label}"
    return Section(number, key, tuple(item if isinstance(item, Field | Section) else _f(item) for item in items),
                   links[-1].node if links else node, caption, links, only)


# An organisation's name, size, number and postal address, in the order of 33.efx's section 8.1.
_COMPANY = ("BT-500-Organization-Company", "BT-165-Organization-Company", "BT-501-Organization-Company",
            "BT-510(a)-Organization-Company", "BT-513-Organization-Company", "BT-512-Organization-Company")

# 33.efx's 6.1.2, for each tender of the lot result: the winner (the organisations of the tender's
# tendering party; the SDK's Swedish "winner" says "Verklig ägare", so the organisation role's name),
# then the tender's value and the contract settled on it.
_WINNERS = _s("6.1.2", "winner-info", _s(
    "", "",
    _s("", "code|name|organisation-role.winner", *_COMPANY,
       links=(Link("OPT-310-Tender", "ND-TenderingParty", "OPT-210-Tenderer"),
              Link("OPT-300-Tenderer", "ND-Organization", "OPT-200-Organization-Company"))),
    _s("", "tender", "BT-720-Tender", _s(
        "", "contract-information", "BT-150-Contract", "BT-721-Contract", "BT-1451-Contract", "BT-145-Contract",
        links=(Link("OPT-321-Tender", "ND-SettledContract", "BT-3202-Contract"),))),
    links=(Link("OPT-320-LotResult", "ND-LotTender", "OPT-321-Tender"),)),
    only=("BT-142-LotResult", ("selec-w", "unpublished")))


OUTLINE = _s("", "", *(
    _s("1", "buyer", _s("1.1", "buyer", "OPT-300-Procedure-Buyer", "BT-11-Procedure-Buyer",
                        "BT-10-Procedure-Buyer", node="ND-ContractingParty")),
    _s("2", "procedure", _s(
        "2.1", "procedure", "BT-21-Procedure", "BT-24-Procedure", "BT-04-notice", "BT-22-Procedure",
        "BT-105-Procedure", "BT-88-Procedure",
        _s("2.1.1", "purpose", "BT-23-Procedure", _f("BT-262-Procedure"), _f("BT-263-Procedure")),
        _s("2.1.2", "place-performance", "BT-5131-Procedure", "BT-5121-Procedure", "BT-5071-Procedure",
           "BT-5141-Procedure"),
        _s("2.1.3", "value", "BT-27-Procedure", "BT-271-Procedure"),
        _s("2.1.4", "general-information", "BT-300-Procedure", _f("BT-01-notice", label="legal-basis")),
        _s("2.1.5", "procurement-terms", "BT-31-Procedure"),
        _s("2.1.6", "exclusion-grounds", _f("BT-806-Procedure", label="exclusion-grounds-sources")))),
    _s("5", "lot", _s(
        "5.1", "field|name|BT-137-Lot", "BT-21-Lot", "BT-24-Lot", "BT-22-Lot",
        _s("5.1.1", "purpose", "BT-23-Lot", "BT-262-Lot", "BT-263-Lot"),
        _s("5.1.2", "place-performance", "BT-5131-Lot", "BT-5121-Lot", "BT-5071-Lot", "BT-5141-Lot"),
        _s("5.1.3", "estimated-duration", "BT-536-Lot", "BT-537-Lot", "BT-36-Lot"),
        _s("5.1.4", "renewal", "BT-58-Lot", "BT-57-Lot"),
        _s("5.1.5", "value", "BT-27-Lot", "BT-271-Lot"),
        _s("5.1.6", "general-information", "BT-71-Lot", "BT-60-Lot", "BT-115-Lot"),
        _s("5.1.9", "selection-criteria", _f("BT-821-Lot", label="selection-criteria-sources")),
        _s("5.1.10", "award-criteria", "BT-543-Lot", _s("", "criterion", "BT-539-Lot", "BT-734-Lot", "BT-540-Lot",
                                          node="ND-LotAwardCriterion")),
        _s("5.1.11", "procurement-documents", "BT-708-Lot", _f("BT-13(d)-Lot", "BT-13(t)-Lot"), "BT-15-Lot"),
        _s("5.1.12", "procurement-terms", "BT-17-Lot", "BT-18-Lot", "BT-736-Lot", "BT-97-Lot",
           _f("BT-131(d)-Lot", "BT-131(t)-Lot"), "BT-98-Lot", "BT-743-Lot", "BT-92-Lot", "BT-93-Lot"),
        _s("5.1.15", "techniques", "BT-765-Lot", "BT-766-Lot", "BT-767-Lot"),
        _s("5.1.16", "further-info", _f("OPT-301-Lot-ReviewOrg", label="organisation-review"), "BT-99-Lot"),
        node="ND-Lot", caption="BT-137-Lot")),
    _s("6", "results", "BT-161-NoticeResult", "BT-118-NoticeResult", "BT-1118-NoticeResult", _s(
        "6.1", "field|name|BT-13713-LotResult", "BT-142-LotResult", "BT-144-LotResult",
        _s("", "framework-agreement", "BT-709-LotResult", "BT-660-LotResult"), _WINNERS,
        _s("6.1.4", "statistical-information", _s("", "received-submissions", "BT-760-LotResult",
                                                  "BT-759-LotResult", node="ND-ReceivedSubmissions")),
        node="ND-LotResult", caption="BT-13713-LotResult"),
        node="ND-NoticeResult"),
    _s("8", "organisations", _s(
        "8.1", "", *_COMPANY, "BT-507-Organization-Company",
        "BT-514-Organization-Company", "BT-502-Organization-Company", "BT-506-Organization-Company",
        "BT-503-Organization-Company", "BT-505-Organization-Company",
        node="ND-Organization", caption="OPT-200-Organization-Company")),
    _s("", "notice-information", _f("BT-701-notice", "BT-757-notice", separator=" - "), "BT-03-notice", "BT-02-notice",
       _f("BT-05(a)-notice", "BT-05(b)-notice"), "BT-702(a)-notice"),
))

# The organisation an ID refers to is shown by its name (the view templates' `for … return $orgname`).
_ORGANISATION_ID, _ORGANISATION_NAME = "OPT-200-Organization-Company", "BT-500-Organization-Company"
_BUYER_NAME = "field|name|BT-500-Organization-Company"


def outline_keys(section: Section) -> tuple[set[str], set[str], set[str]]:
    """The field IDs, node IDs and translation keys the outline uses (what tools/notice_labels.py extracts)."""
    fields, nodes = {_ORGANISATION_ID, _ORGANISATION_NAME, "BT-02-notice"}, {"ND-Root"}
    labels = {"auxiliary|text|notice-information", _BUYER_NAME}

    def visit(item: Field | Section) -> None:
        if isinstance(item, Field):
            fields.update(item.ids)
            labels.add(item.label or _Reader.field_label(item.ids[0]))
            return
        nodes.update([item.node] if item.node else [])
        fields.update([item.caption] if item.caption else [])
        fields.update([item.only[0]] if item.only else [])
        fields.update(field for link in item.links for field in (link.ref, link.key))
        nodes.update(link.node for link in item.links)
        labels.update([item.label] if item.label else [])
        for child in item.items:
            visit(child)

    visit(section)
    return fields, nodes, labels


@cache
def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def notice_text(xml: bytes) -> str:
    """The notice as Swedish Markdown, headed by its notice type."""
    root = etree.fromstring(xml)
    reader = _Reader(root)
    title = reader.values("BT-02-notice", root, "ND-Root")
    lines = [f"# {title[0] if title else _label('auxiliary|text|notice-information')}", ""]
    for section in OUTLINE.items:
        lines += reader.section(section, root, "ND-Root", depth=2)
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text.replace("\n#", "\n\n#").replace("\n\n\n", "\n\n")  # a blank line before every heading


def notice_markdown(data: bytes) -> str | None:
    """The twin of an eForms notice (for `tenderkit textconv`, so `git diff` shows a notice's changes as text);
    None for anything else."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return None
    if root.find(f"{{{NAMESPACES['cbc']}}}CustomizationID") is None or not (
            root.findtext(f"{{{NAMESPACES['cbc']}}}CustomizationID") or "").startswith("eforms-sdk-"):
        return None
    return notice_text(data)


def _label(key: str) -> str:
    return _data()["labels"][key]


def _relative(xpath: str, parent: str) -> str:
    """An absolute SDK XPath made relative to the element of the node `parent` it lies under."""
    base = _data()["nodes"][parent]
    if not xpath.startswith(base + "/"):
        raise ValueError(f"{xpath} does not lie under {base}")
    return xpath[len(base) + 1:]


class _Reader:
    def __init__(self, root: etree._Element):
        self.root = root

    def section(self, section: Section, context: etree._Element, node: str, depth: int) -> list[str]:
        if section.only and not set(self._texts(section.only[0], context, node)) & set(section.only[1]):
            return []
        if section.node is None:
            return self._once(section, context, node, depth)
        if section.links:
            elements = [context]
            for link in section.links:
                refs = [ref for element in elements for ref in self._texts(link.ref, element, node)]
                elements, node = self._referenced(link.node, link.key, refs), link.node
        else:
            elements = context.xpath(_relative(_data()["nodes"][section.node], node), namespaces=NAMESPACES)
        return [line for element in elements for line in self._once(section, element, section.node, depth)]

    def _referenced(self, node: str, key: str, refs: list[str]) -> list[etree._Element]:
        """The elements of the node whose `key` field holds one of the references, in the references' order."""
        candidates = [(element, self._texts(key, element, node)) for element in
                      self.root.xpath(_relative(_data()["nodes"][node], "ND-Root"), namespaces=NAMESPACES)]
        found = [element for ref in refs for element, keys in candidates if ref in keys]
        return list(dict.fromkeys(found))

    def _once(self, section: Section, context: etree._Element, node: str, depth: int) -> list[str]:
        body: list[str] = []
        for item in section.items:
            if isinstance(item, Field):
                values = [item.separator.join(parts) for parts in zip(*(self.values(i, context, node) for i in item.ids),
                                                           strict=False)]
                if values:
                    body.append(f"- {_label(item.label or self.field_label(item.ids[0]))}: {', '.join(values)}")
            else:  # an unnumbered group inside a section is a list item (depth 0)
                body += self.section(item, context, node, depth + 1 if item.number else 0)
        if not body:
            return []
        if not (section.number or section.label or section.caption):  # a repetition without a heading of its own
            return body
        heading = " ".join(part for part in (section.number, _label(section.label) if section.label else "") if part)
        if section.caption:
            caption = ", ".join(self.values(section.caption, context, node))
            heading = f"{heading}: {caption}" if section.label else f"{heading} {caption}"
        if not depth:
            return [f"- {heading}" if section.caption else f"- {heading}:", *(f"  {line}" for line in body)]
        return [f"{'#' * depth} {heading}", "", *body]

    @staticmethod
    def field_label(field_id: str) -> str:
        return _BUYER_NAME if field_id == "OPT-300-Procedure-Buyer" else f"field|name|{field_id}"

    def values(self, field_id: str, context: etree._Element, node: str) -> list[str]:
        """The field's values in the context, formatted as TED shows them."""
        field = _data()["fields"][field_id]
        return [self._format(field, value) for value in self._found(field, context, node) if _text(value)]

    def _texts(self, field_id: str, context: etree._Element, node: str) -> list[str]:
        """The field's values in the context as the notice writes them (codes, IDs)."""
        return [text for value in self._found(_data()["fields"][field_id], context, node) if (text := _text(value))]

    @staticmethod
    def _found(field: dict, context: etree._Element, node: str) -> list:
        return context.xpath(_relative(field["xpath"], node), namespaces=NAMESPACES)

    def _format(self, field: dict, value) -> str:
        text, kind = _text(value), field["type"]
        if kind == "amount":
            amount = Decimal(text)
            shown = number(int(amount)) if amount == amount.to_integral_value() else format_decimal(
                amount, format="#,##0.00", locale=LOCALE)
            return f"{shown} {value.get('currencyID')}"
        if kind == "date":
            return text[:10]
        if kind == "time":
            return text[:5]
        if kind == "measure":
            count = int(text)
            singular, plural = _UNITS.get(value.get("unitCode"), (value.get("unitCode"), value.get("unitCode")))
            return f"{count} {singular if count == 1 else plural}"
        if kind in ("code", "internal-code"):
            return self._code(field, text)
        if kind == "id-ref" and text.startswith("ORG-"):
            return self._organisation(text)
        if kind == "indicator":
            return _data()["labels"].get(f"code|name|indicator.{text}", text)
        return text

    @staticmethod
    def _code(field: dict, code: str) -> str:
        labels = _data()["labels"]
        name = next((labels[key] for key in (f"code|name|{codes}.{code}" for codes in field.get("codes", ()))
                     if key in labels), None)
        if name is None:
            return code
        if "cpv" in field.get("codes", ()):
            return f"{code} {name}"
        if "nuts" in field.get("codes", ()):
            return f"{name} ({code})"
        return name

    def _organisation(self, identifier: str) -> str:
        organisations = self._referenced("ND-Organization", _ORGANISATION_ID, [identifier])
        names = [name for organisation in organisations[:1]
                 for name in self.values(_ORGANISATION_NAME, organisation, "ND-Organization")]
        return ", ".join(names) or identifier


def _text(value) -> str:
    return " ".join((value if isinstance(value, str) else value.text or "").split())
