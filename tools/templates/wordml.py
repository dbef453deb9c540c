"""The vocabulary the bundled templates are written in (blocks that become WordprocessingML),
the house style, and the package around a template's content."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A fixed time for every zip entry, so the generated templates are byte-for-byte reproducible.
ZIP_TIME = (2021, 1, 1, 0, 0, 0)
TEXT_WIDTH = 9070  # twips between A4 margins of 2.5 cm: the right tab stop in headers

# ---------------------------------------------------------------------------------------------
# Document content: a tiny vocabulary of blocks that become WordprocessingML.


@dataclass(frozen=True)
class Tab:
    pass


@dataclass(frozen=True)
class Field:
    instruction: str  # e.g. "PAGE"
    shown: str = "1"  # the cached result until the field is updated


@dataclass(frozen=True)
class Raw:
    """A docxtpl tag that replaces its whole run, e.g. `{{r link }}` for a hyperlink."""

    tag: str


TAB = Tab()


def run(piece) -> str:
    if isinstance(piece, Tab):
        return "<w:r><w:tab/></w:r>"
    if isinstance(piece, Field):
        return (f'<w:fldSimple w:instr=" {piece.instruction} "><w:r><w:rPr><w:noProof/></w:rPr>'
                f"<w:t>{piece.shown}</w:t></w:r></w:fldSimple>")
    if isinstance(piece, Raw):
        return f"<w:r><w:t>{escape(piece.tag)}</w:t></w:r>"
    return f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>'


def p(*pieces, style: str | None = None, keep_next: bool = False) -> str:
    props = ""
    if style or keep_next:
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "") + "</w:pPr>"
    return f"<w:p>{props}{''.join(run(x) for x in pieces)}</w:p>"


def tag(statement: str) -> str:
    """A docxtpl paragraph tag (`{%p if … %}`): the paragraph itself disappears on render."""
    return p("{%p " + statement + " %}")


def h(level: int, text: str) -> str:
    return p(text, style=f"Heading{level}")


def cell(text: str, width: int, header: bool = False, number: bool = False) -> str:
    props = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
    style = ("TableHeading" if header else "TableText") + ("Number" if number else "")
    return f"<w:tc>{props}{p(text, style=style)}</w:tc>"


def row(cells: list[str], header: bool = False) -> str:
    props = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def tag_row(statement: str, columns: int) -> str:
    """A docxtpl row tag (`{%tr for … %}`): the row disappears on render."""
    return row([cell("{%tr " + statement + " %}" if i == 0 else "", 100) for i in range(columns)])


def table(header: list[str], widths: list[int], body: list[str], caption: str, numeric_from: int) -> str:
    """A table with a repeating header row; columns from `numeric_from` on are right-aligned."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (f'<w:tblPr><w:tblStyle w:val="TenderTable"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
             f' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val={quoteattr(caption)}/></w:tblPr>')
    head = row([cell(text, w, header=True, number=i >= numeric_from) for i, (text, w) in enumerate(zip(header, widths, strict=True))],
               header=True)
    return f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{head}{''.join(body)}</w:tbl>"


def loop(variable: str, sequence: str, *body: str) -> list[str]:
    return [tag(f"for {variable} in {sequence}"), *body, tag("endfor")]


def section(heading: str, *body: str, when: str | None = None) -> list[str]:
    """A heading and its content; with `when`, left out as a whole when there is nothing to say."""
    blocks = [h(1, heading), *body]
    return [tag(f"if {when}"), *blocks, tag("endif")] if when else blocks


def paragraphs(sequence: str) -> list[str]:
    return loop("paragraph", sequence, p("{{ paragraph }}"))


# A table of contents: a content control that tenderkit fills with one linked entry per heading
# when it builds the document, so the contents are there when the file is opened.
TABLE_OF_CONTENTS = (
    '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj>'
    '</w:sdtPr><w:sdtContent>' + p("Innehåll", style="TOCHeading") + '</w:sdtContent></w:sdt>'
    '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')



# Shared content: the page number every header carries, the draft mark, and the contract period as the memo and the tender documents state it.

DRAFT = [tag("if not case.final"), p("UTKAST", style="DraftMark"), tag("endif")]
PAGE_LINE = p(TAB, "Sida ", Field("PAGE"), " (", Field("NUMPAGES"), ")", style="Header")


# The max volume column: over the whole period for consumption, at the same time for a capacity.
MAX_VOLUME_HEADING = ("{{ {'total': 'Maxvolym för avtalsperioden', 'at_once': 'Högst samtidigt', "
                      "'mixed': 'Maxvolym'}[say.max_volumes] }}")
MAX_VOLUME_CELL = ("{{ component.max_volume|number }}{% if say.max_volumes == 'mixed' and component.max_volume %}"
                   "{{ ' samtidigt' if component.unit.is_capacity else ' under avtalsperioden' }}{% endif %}")


# The tender deadline, with its time of day where the spec gives one.
DEADLINE = ("{{ procurement.timetable.tender_deadline|date }}{% if procurement.timetable.tender_deadline_time %} "
            "{{ procurement.timetable.tender_deadline_time|clock }}{% endif %}")


def authority_header(document: str, title: str, draft: list[str] = DRAFT) -> list[str]:
    """The header of a document the authority sends out (the förfrågningsunderlag and its annexes):
    the authority and what the document is, its title and the procurement's reference."""
    return [*draft, p("{{ authority }}", TAB, document, style="Header"),
            p(title, TAB, "{{ reference or '' }}", style="Header"), PAGE_LINE]


AUTHORITY_FOOTER = [p("{{ authority }}", style="Footer")]


def memo_header(date: str, reference: str, when: str, draft: list[str] = DRAFT) -> list[str]:
    """The header of a tjänsteskrivelse to the board (the memo on how to procure, the one on the
    award): the administration, its officers and the day, and the case's reference `when` it has one."""
    return [*draft, p("{{ organisation.administration }}", TAB, "TJÄNSTESKRIVELSE", style="Header"),
            p("{{ case.officers|join(', ') }}", TAB, date, style="Header"),
            tag(f"if {when}"), p(TAB, reference, style="Header"), tag("endif"), PAGE_LINE]


MEMO_FOOTER = [p("{{ organisation.municipality }}", style="Footer")]


def memo_opening(title: str) -> list[str]:
    """How a tjänsteskrivelse opens: the board it is written to, its title, and the heading of the
    decision it proposes."""
    return [p("{{ organisation.board|upperfirst }}", style="Addressee"), p(title, style="Title"),
            h(1, "Förslag till {{ organisation.board|lowerfirst|genitive('beslut', 'i') }}")]


def contract_period_sentence(start: str, run: str, lot_start: str) -> str:
    """The contract period of a procurement, as both documents state it ("gäller … och löper",
    "föreslås gälla … och löpa"), and of each lot that starts another day ("gäller avtalet",
    "föreslås avtalet gälla"); the procurement's dates only while some part starts then. In a
    valfrihetssystem, each approved provider's contract."""
    return p("{% if procurement.lov %}Kontraktet " + start + " från den dag båda parter har skrivit under det och "
             + run + " tills vidare, med {{ procurement.terms.notice_months|months }} ömsesidig uppsägningstid."
             "{% else %}"
             "{% set term = procurement.contract %}Avtalet " + start + "{% if periods.common %} från "
             "{{ term.start|date }} och " + run + "{% endif %}"
             "{% if term.initial_months %} i {{ term.initial_months|months }}{% if periods.common %}, till och med "
             "{{ figures.procurement.initial_end|date }}{% else %} för varje delområde{% endif %}."
             "{% if term.extensions %} {{ organisation.short_name|upperfirst }} kan förlänga avtalet "
             "{% set lengths = term.extensions|map(attribute='months')|list %}"
             "{{ lengths|length|count('common') }} {{ 'gång' if lengths|length == 1 else 'gånger' }}, "
             "{% if lengths|length > 1 and lengths|unique|list|length == 1 %}med {{ lengths[0]|months }} i taget"
             "{% else %}med {{ lengths|map('months')|join_and }}{% endif %}{% if periods.common %}, till längst "
             "{{ figures.procurement.end|date }}{% endif %}.{% endif %}{% else %} tills vidare, med "
             "{{ procurement.terms.notice_months|months }} ömsesidig uppsägningstid.{% endif %}"
             "{% for lot in periods.lots %} För delområdet {{ lot.name }} " + lot_start + " från {{ lot.start|date }}"
             "{% if lot.initial_end %} till och med {{ lot.initial_end|date }}{% if lot.end and lot.end != lot.initial_end %}"
             ", och om det förlängs till längst {{ lot.end|date }}{% endif %}{% endif %}.{% endfor %}"
             "{% endif %}")


# ---------------------------------------------------------------------------------------------
# The house style: styles, numbering, settings, and the package around the content.

FONT_BODY = "Times New Roman"  # LibreOffice uses the metric-compatible Liberation fonts
FONT_HEADING = "Arial"

def styles(numbered_headings: bool) -> str:
    """The style sheet; with `numbered_headings`, Heading 1 and 2 are numbered 1, 1.1 (list 3)."""
    numbering = {1: '<w:numPr><w:numId w:val="3"/></w:numPr>', 2: '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>'}
    heading_numbers = numbering if numbered_headings else {1: "", 2: ""}
    return f"""<w:styles xmlns:w="{W}">
<w:docDefaults>
 <w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT_BODY}" w:hAnsi="{FONT_BODY}" w:eastAsia="{FONT_BODY}" w:cs="{FONT_BODY}"/>
  <w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="{FONT_HEADING}" w:hAnsi="{FONT_HEADING}" w:cs="{FONT_HEADING}"/><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:keepLines/>{heading_numbers[1]}<w:spacing w:before="320" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="{FONT_HEADING}" w:hAnsi="{FONT_HEADING}" w:cs="{FONT_HEADING}"/><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:keepLines/>{heading_numbers[2]}<w:spacing w:before="240" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="{FONT_HEADING}" w:hAnsi="{FONT_HEADING}" w:cs="{FONT_HEADING}"/><w:b/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
 <w:pPr><w:keepNext/><w:spacing w:before="480" w:after="120"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="{FONT_HEADING}" w:hAnsi="{FONT_HEADING}" w:cs="{FONT_HEADING}"/><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
 <w:pPr><w:tabs><w:tab w:val="left" w:pos="567"/><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>
  <w:spacing w:before="80" w:after="0"/><w:ind w:left="567" w:hanging="567"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
 <w:pPr><w:tabs><w:tab w:val="left" w:pos="1134"/><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>
  <w:spacing w:after="0"/><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Addressee"><w:name w:val="Addressee"/><w:basedOn w:val="Normal"/><w:next w:val="Title"/>
 <w:pPr><w:spacing w:before="480" w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:keepNext/><w:spacing w:before="480" w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="120"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:keepNext/><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableHeading"><w:name w:val="Table Heading"/><w:basedOn w:val="TableText"/>
 <w:pPr><w:keepNext/></w:pPr><w:rPr><w:rFonts w:ascii="{FONT_HEADING}" w:hAnsi="{FONT_HEADING}" w:cs="{FONT_HEADING}"/><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableTextNumber"><w:name w:val="Table Number"/><w:basedOn w:val="TableText"/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableHeadingNumber"><w:name w:val="Table Heading Number"/><w:basedOn w:val="TableHeading"/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="{FONT_HEADING}" w:hAnsi="{FONT_HEADING}" w:cs="{FONT_HEADING}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="DraftMark"><w:name w:val="Draft Mark"/><w:basedOn w:val="Header"/>
 <w:pPr><w:spacing w:after="120"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:color w:val="C00000"/><w:spacing w:val="40"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Header"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="1F4E9A"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>
 <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="TenderTable"><w:name w:val="Tender Table"/><w:basedOn w:val="TableNormal"/>
 <w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/>
  <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders></w:tblPr>
 <w:tblStylePr w:type="firstRow"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr></w:tblStylePr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
</w:styles>"""

NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1"/><w:lvlJc w:val="left"/>
  <w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>
  <w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="ListNumber"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
  <w:pPr><w:ind w:left="426" w:hanging="426"/></w:pPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/>
  <w:pPr><w:ind w:left="426" w:hanging="284"/></w:pPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"""

SETTINGS = f"""<w:settings xmlns:w="{W}">
<w:defaultTabStop w:val="1304"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="sv-SE"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>
</w:settings>"""

CONTENT_TYPES = """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = f"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{R}/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="{R}/settings" Target="settings.xml"/>
<Relationship Id="rId4" Type="{R}/header" Target="header1.xml"/>
<Relationship Id="rId5" Type="{R}/footer" Target="footer1.xml"/>
<Relationship Id="rId6" Type="{R}/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId7" Type="{R}/theme" Target="theme/theme1.xml"/>
</Relationships>"""

# Word requires a font table and a theme beside the document (the Open XML SDK reports their
# absence); both name only the two house fonts, so a theme font never replaces them.
FONT_TABLE = f"""<w:fonts xmlns:w="{W}">
<w:font w:name="{FONT_BODY}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="{FONT_HEADING}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
</w:fonts>"""

THEME_COLOURS = [("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F3A5F"), ("lt2", "E7E6E6"), ("accent1", "1F4E9A"),
                 ("accent2", "C00000"), ("accent3", "808080"), ("accent4", "BFBFBF"), ("accent5", "2E7D32"),
                 ("accent6", "B26B00"), ("hlink", "1F4E9A"), ("folHlink", "6A3D9A")]


def theme() -> str:
    colours = "".join(f"<a:{name}><a:srgbClr val=\"{value}\"/></a:{name}>" for name, value in THEME_COLOURS)
    fonts = "".join(f'<a:{kind}Font><a:latin typeface="{face}"/><a:ea typeface=""/><a:cs typeface=""/></a:{kind}Font>'
                    for kind, face in (("major", FONT_HEADING), ("minor", FONT_BODY)))
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{fill}</a:ln>'
    return (f'<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="tenderkit"><a:themeElements>'
            f'<a:clrScheme name="tenderkit">{colours}</a:clrScheme><a:fontScheme name="tenderkit">{fonts}</a:fontScheme>'
            f'<a:fmtScheme name="tenderkit"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>{line * 3}</a:lnStyleLst>'
            f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>')


APP = """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>tenderkit</Application></Properties>"""


def core(title: str) -> str:
    return f"""<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{escape(title)}</dc:title><dc:language>sv-SE</dc:language><cp:lastModifiedBy>tenderkit</cp:lastModifiedBy><cp:revision>1</cp:revision>
<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:modified>
</cp:coreProperties>"""


def document(body: list[str]) -> str:
    section_properties = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1985" w:right="1418" w:bottom="1418" w:left="1418"'
        ' w:header="709" w:footer="567" w:gutter="0"/></w:sectPr>')
    return f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(body)}{section_properties}</w:body></w:document>'


def part(root: str, content: list[str]) -> str:
    return f'<w:{root} xmlns:w="{W}" xmlns:r="{R}">{"".join(content)}</w:{root}>'


def package(title: str, body: list[str], header: list[str], footer: list[str], numbered_headings: bool = False) -> dict[str, str]:
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": core(title),
        "docProps/app.xml": APP,
        "word/document.xml": document(body),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles(numbered_headings),
        "word/numbering.xml": NUMBERING,
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": FONT_TABLE,
        "word/theme/theme1.xml": theme(),
        "word/header1.xml": part("hdr", header),
        "word/footer1.xml": part("ftr", footer),
    }



def write(name: str, parts: dict[str, str], directory: Path) -> None:
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    with zipfile.ZipFile(directory / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, xml in parts.items():
            info = zipfile.ZipInfo(member, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, declaration + xml)
