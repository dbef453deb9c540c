"""The annexes of the förfrågningsunderlag: the forms a tenderer fills in and signs
(anbudsformulär, sanningsförsäkran, referensformulär) and the contracts to be signed
(avtalsutkast, PUB-avtal). They share one header, footer, opening and signature block.

Every field is an inline Word content control: rich text for what the tenderer writes, a drop-down
list for "Ja / Nej", a w14 check box for a lot. Word has these since 2010; LibreOffice 7.4 imports
all three as content controls and shows them (plain-text controls it would turn into input fields,
so none is used). A control's w:tag names what it holds, so a program can read a filled-in form
back; within one document each tag occurs once:

    anbudsgivare.namn, .organisationsnummer, .adress, .kontaktperson, .telefon, .epost, .firmatecknare
    delomrade.<lot id>                      the tick box of a lot tendered for (or contracted)
    krav.<requirement id>.svar              Ja / Nej for a ska-krav
    krav.<requirement id>.beskrivning       the description or attachment a requirement asks for
    referens.<n>.uppdrag, .bestallare, .period, .omfattning, .kontaktperson, .telefon, .epost
    leverantor.namn, .organisationsnummer, .adress, .kontaktperson   the supplier in a contract
    underskrift.<party>.ort-datum, underskrift.<party>.namnfortydligande
                                            party: anbudsgivare, kommunen or leverantor

Sources for the law the texts state: the grounds for exclusion of 13 kap. 1 § (crimes, also of
the supplier's representatives), 2 § (taxes and social security contributions) and 3 §
(bankruptcy, grave professional misconduct and the other optional grounds) LOU as Konkurrensverket
lists them (konkurrensverket.se, "Uteslutningsgrunder och kvalifikationskrav"); a declaration on
"heder och samvete" as the evidence for the crimes (upphandlingsmyndigheten.se, "Uteslutning");
the processor's obligations (a)–(h) of article 28.3 of the GDPR, Regulation (EU) 2016/679.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .wordml import (
    AUTHORITY_FOOTER,
    DEADLINE,
    MAX_VOLUME_CELL,
    MAX_VOLUME_HEADING,
    authority_header,
    cell,
    contract_period_sentence,
    h,
    loop,
    p,
    package,
    row,
    run,
    section,
    table,
    tag,
    tag_row,
)

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
BOX_FONT = "MS Gothic"  # the font Word itself gives a check box's ☐ and ☒
BLANK = "\u00a0" * 24  # what an unfilled text field shows: room to click in, nothing printed

# ---------------------------------------------------------------------------------------------
# Form fields: content controls inside a paragraph (wordml's p() writes text only).


class Control(str):
    """The XML of one inline content control, told apart from text by `line`."""


def _control(tag_name: str, label: str, kind: str, content: str, placeholder: bool = True) -> Control:
    properties = (f"<w:alias w:val={quoteattr(label)}/><w:tag w:val={quoteattr(tag_name)}/>"
                  + ("<w:showingPlcHdr/>" if placeholder else "") + kind)
    return Control(f"<w:sdt><w:sdtPr>{properties}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>")


def text_field(tag_name: str, label: str) -> Control:
    """Room for text; until filled in it shows blank space, so a printed form has an empty box."""
    return _control(tag_name, label, "", run(BLANK))


def yes_no(tag_name: str, label: str) -> Control:
    items = "".join(f'<w:listItem w:displayText="{answer}" w:value="{answer}"/>' for answer in ("Ja", "Nej"))
    return _control(tag_name, label, f"<w:dropDownList>{items}</w:dropDownList>", run("Ja / Nej"))


def tick_box(tag_name: str, label: str) -> Control:
    state = f'<w14:checkbox xmlns:w14="{W14}"><w14:checked w14:val="0"/>' \
            f'<w14:checkedState w14:val="2612" w14:font="{BOX_FONT}"/>' \
            f'<w14:uncheckedState w14:val="2610" w14:font="{BOX_FONT}"/></w14:checkbox>'
    box = f'<w:r><w:rPr><w:rFonts w:ascii="{BOX_FONT}" w:eastAsia="{BOX_FONT}" w:hAnsi="{BOX_FONT}"/></w:rPr>' \
          f"<w:t>\u2610</w:t></w:r>"
    return _control(tag_name, label, state, box, placeholder=False)


def line(*pieces, style: str = "TableText") -> str:
    """A paragraph of text and form fields."""
    content = "".join(piece if isinstance(piece, Control) else run(piece) for piece in pieces)
    return p(style=style).replace("</w:p>", content + "</w:p>")


def box(width: int, *paragraphs: str) -> str:
    """A table cell holding whole paragraphs (fields, tags), where wordml's cell() holds one text."""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paragraphs)}</w:tc>'


LABEL, VALUE = 3200, 5870


def form(caption: str, fields: list[tuple[str, str]]) -> str:
    """A two-column form: a label and a text field per row, tags as given."""
    body = [row([cell(label, LABEL), box(VALUE, line(text_field(tag_name, label)))]) for label, tag_name in fields]
    return table(["Uppgift", "Svar"], [LABEL, VALUE], body, caption=caption, numeric_from=2)


def party(prefix: str, *fields: str) -> list[tuple[str, str]]:
    labels = {"namn": "Namn", "organisationsnummer": "Organisationsnummer", "adress": "Postadress",
              "kontaktperson": "Kontaktperson", "telefon": "Telefon", "epost": "E-post",
              "firmatecknare": "Firmatecknare (behörig att teckna avtal)"}
    return [(labels[name], f"{prefix}.{name}") for name in fields]


# ---------------------------------------------------------------------------------------------
# What every annex shares: header, footer, opening, signature, the requirements it answers.

HEADER = authority_header("Bilaga {{ document.annex }}", "{{ document.title }} – {{ service.name|upperfirst }}")


def opening(purpose: str) -> list[str]:
    """The title, and what the annex is for in which procurement."""
    return [p("{{ authority }}", style="Addressee"),
            p("{{ document.title }} – {{ service.name|upperfirst }}", style="Title"),
            p("Bilaga {{ document.annex }} till förfrågningsunderlaget för {{ 'valfrihetssystemet för' if procurement.lov "
              "else 'upphandlingen av' }} {{ service.name }}"
              "{% if reference %}, {{ reference }}{% endif %}. " + purpose)]


def signature(party_name: str, heading: str) -> list[str]:
    """Place and date, the signature itself and the name in print, for one party."""
    prefix = f"underskrift.{party_name}"
    return [p(heading, style="Signature"),
            table(["Underskrift", ""], [LABEL, VALUE],
                  [row([cell("Ort och datum", LABEL), box(VALUE, line(text_field(f"{prefix}.ort-datum", "Ort och datum")))]),
                   row([cell("Underskrift", LABEL), box(VALUE, line(""), line(""))]),
                   row([cell("Namnförtydligande", LABEL),
                        box(VALUE, line(text_field(f"{prefix}.namnfortydligande", "Namnförtydligande")))])],
                  caption=heading, numeric_from=2)]


ALL_REQUIREMENTS = "(requirements.qualification + requirements.service + requirements.contract)"
# The requirements a form answers: those whose `attachment` is this document.
ANSWERED = tag(f"set answered = {ALL_REQUIREMENTS}|selectattr('attachment', 'equalto', document.name)|list")
ANSWERS = p("{% if answered %}Formuläret besvarar {{ 'kravet' if answered|length == 1 else 'kraven' }} "
            "{{ answered|map(attribute='id')|join_and }} i förfrågningsunderlaget.{% endif %}")


def annex_named(name: str) -> str:
    """`{% set … %}` of the list holding the package's annex of that name (empty when not built)."""
    return tag(f"set {name.replace('-', '_')} = annexes|selectattr('name', 'equalto', '{name}')|list")


# ---------------------------------------------------------------------------------------------
# Anbudsformulär

KRAV, SVAR, BESKRIVNING = 2400, 1300, 5370


def requirement_rows(kind: str) -> list[str]:
    """One row per requirement: its id and title, Ja / Nej for a ska-krav, and the description,
    annex or evaluated answer asked for."""
    field_tag = "krav.{{ requirement.id }}"
    # The förfrågningsunderlag says how a qualification or service requirement is shown, and that
    # text names the annex; a contract term's verification is said nowhere else, so here.
    said_elsewhere = ("{% if requirement.verification %}{{ requirement.verification }} {% endif %}"
                      if kind == "contract" else "")
    return [
        tag_row(f"for requirement in requirements.{kind}", 3),
        tag_row("set elsewhere = annexes|selectattr('name', 'equalto', requirement.attachment)"
                "|rejectattr('name', 'equalto', document.name)|list", 3),
        row([box(KRAV, line("{{ requirement.id }}"), line("{{ requirement.title }}"),
                 tag("if requirement.lots"),
                 line("(gäller {{ 'delområde' if requirement.lots|length == 1 else 'delområdena' }} "
                      "{{ requirement.lots|map(attribute='number')|join_and }})"),
                 tag("endif")),
             box(SVAR, tag("if requirement.mandatory"),
                 line(yes_no(field_tag + ".svar", "Uppfylls kravet {{ requirement.id }}?")),
                 tag("else"), line("Bör-krav"), tag("endif")),
             box(BESKRIVNING,
                 tag("if not requirement.mandatory"),
                 line("Utvärderas{% if requirement.criterion %} under kriteriet {{ requirement.criterion }}{% endif %}."
                      "{% if requirement.verification %} {{ requirement.verification }}{% endif %}"),
                 line(text_field(field_tag + ".beskrivning", "Svar på {{ requirement.id }}")),
                 tag("elif elsewhere"),
                 line(said_elsewhere + "Lämnas i bilaga {{ elsewhere[0].annex }}, {{ elsewhere[0].title|lowerfirst }}."),
                 tag("elif requirement.verification"),
                 line("{{ requirement.verification }}"),
                 line(text_field(field_tag + ".beskrivning", "Underlag för {{ requirement.id }}")),
                 tag("else"),
                 line("Bekräftas med Ja."),
                 tag("endif"))]),
        tag_row("endfor", 3)]


def requirement_group(heading: str, kind: str) -> list[str]:
    return section(heading, table(["Krav", "Uppfylls", "Beskrivning, underlag eller svar"], [KRAV, SVAR, BESKRIVNING],
                                  requirement_rows(kind), caption=f"{heading}: krav att besvara", numeric_from=3),
                   when=f"requirements.{kind}")


TENDER_FORM = [
    *opening("Anbudsgivaren fyller i formuläret och lämnar det med anbudet senast " + DEADLINE + ". Kraven har "
             "samma id och ordning som i förfrågningsunderlaget, där deras fullständiga text står. Ett ska-krav som "
             "besvaras med Nej innebär att anbudet inte uppfyller kraven och inte prövas vidare."),
    h(1, "Anbudsgivare"),
    form("Anbudsgivarens uppgifter", party("anbudsgivare", "namn", "organisationsnummer", "adress", "kontaktperson",
                                             "telefon", "epost", "firmatecknare")),
    *section("Delområden",
             p("Markera de delområden som anbudet avser. Varje delområde utvärderas och tilldelas för sig."),
             *loop("lot", "procurement.lots",
                   line(tick_box("delomrade.{{ lot.id }}", "Delområde {{ loop.index }}: {{ lot.name|upperfirst }}"),
                        " Delområde {{ loop.index }}: {{ lot.name|upperfirst }}", style="Normal")),
             when="procurement.lots"),
    *requirement_group("Kvalificering", "qualification"),
    *requirement_group("Uppdragsbeskrivning och kravspecifikation", "service"),
    *requirement_group("Avtalsvillkor", "contract"),
    h(1, "Underskrift"),
    p("Anbudsgivaren försäkrar att uppgifterna i anbudet är riktiga och är bunden av anbudet till och med "
      "{{ procurement.timetable.tender_validity|date }}."),
    *signature("anbudsgivare", "Behörig företrädare för anbudsgivaren"),
]


# ---------------------------------------------------------------------------------------------
# Sanningsförsäkran

DECLARATION = [
    *opening("En behörig företrädare för anbudsgivaren skriver under försäkran, som lämnas med anbudet."),
    ANSWERED,
    ANSWERS,
    h(1, "Anbudsgivare"),
    form("Anbudsgivaren", party("anbudsgivare", "namn", "organisationsnummer")),
    h(1, "Försäkran"),
    p("Undertecknad, behörig att företräda anbudsgivaren, försäkrar på heder och samvete att"),
    p("anbudsgivaren inte genom en lagakraftvunnen dom är dömd för brott som avses i 13 kap. 1 § lagen (2016:1145) "
      "om offentlig upphandling (LOU), det vill säga organiserad brottslighet, bestickning, bedrägeri, terroristbrott "
      "eller brott med anknytning till terroristverksamhet, penningtvätt eller finansiering av terrorism, eller "
      "människohandel, och att inte heller någon som ingår i anbudsgivarens förvaltnings-, lednings- eller "
      "kontrollorgan eller som är behörig att företräda, fatta beslut om eller kontrollera anbudsgivaren är dömd för "
      "ett sådant brott;", style="ListNumber"),
    p("anbudsgivaren har fullgjort sina skyldigheter att betala skatter och socialförsäkringsavgifter, i Sverige och i "
      "det land där anbudsgivaren är etablerad (13 kap. 2 § LOU);", style="ListNumber"),
    p("det inte heller finns någon annan grund för uteslutning enligt 13 kap. 3 § LOU: anbudsgivaren är bland annat "
      "inte i konkurs eller likvidation, under tvångsförvaltning eller föremål för ackord, har inte gjort sig skyldig "
      "till allvarligt fel i yrkesutövningen, har inte åsidosatt miljö-, social- eller arbetsrättsliga skyldigheter, "
      "har inte träffat avtal med andra leverantörer för att snedvrida konkurrensen och har inte haft allvarliga "
      "brister i fullgörandet av ett tidigare kontrakt som har lett till att det har hävts;", style="ListNumber"),
    p("uppgifterna i anbudet är riktiga och anbudsgivaren uppfyller samtliga krav i upphandlingsdokumenten.",
      style="ListNumber"),
    p("Anbudsgivaren känner till att {{ authority }} kan kontrollera uppgifterna och begära bevis för dem, och att "
      "den som lämnar oriktiga uppgifter kan uteslutas från upphandlingen. Ändras förhållandena innan avtal har "
      "tecknats ska anbudsgivaren genast meddela det."),
    *signature("anbudsgivare", "Behörig företrädare för anbudsgivaren (firmatecknare)"),
]


# ---------------------------------------------------------------------------------------------
# Referensformulär

REFERENCES = 3  # blocks on the form; a requirement may ask for fewer, and says how many
REFERENCE_FIELDS = [("Uppdrag: insatser och målgrupp", "uppdrag"), ("Beställare", "bestallare"),
                    ("Period (från och till)", "period"), ("Omfattning (volym per år)", "omfattning"),
                    ("Kontaktperson hos beställaren", "kontaktperson"), ("Telefon", "telefon"), ("E-post", "epost")]


def reference_block(number: int) -> list[str]:
    return [h(1, f"Referens {number}"),
            form(f"Referens {number}", [(label, f"referens.{number}.{name}") for label, name in REFERENCE_FIELDS])]


REFERENCE_FORM = [
    *opening("Anbudsgivaren beskriver här de uppdrag som kravet efterfrågar, med en kontaktperson hos beställaren "
             "som kan lämna referens. Den upphandlande myndigheten kan kontakta referenserna."),
    ANSWERED,
    ANSWERS,
    *loop("requirement", "answered",
          p("{{ requirement.id }}, {{ requirement.title|lowerfirst }}: {{ requirement.text }}")),
    h(1, "Anbudsgivare"),
    form("Anbudsgivaren", party("anbudsgivare", "namn")),
    *[block for number in range(1, REFERENCES + 1) for block in reference_block(number)],
]


# ---------------------------------------------------------------------------------------------
# Avtalsutkast: the contract terms, which the förfrågningsunderlag refers to.

UNIT, MAX = 2000, 2500


def requirement_clauses(kind: str) -> list[str]:
    """Each requirement of a kind as a clause of the contract, its id beside the text."""
    return loop("requirement", f"requirements.{kind}",
                h(2, "{{ requirement.title }}"),
                p("{{ requirement.text }} ({{ requirement.id }})"),
                *loop("point", "requirement.points", p("{{ point }}", style="ListNumber")),
                tag("if requirement.lots"),
                p("Villkoret gäller {{ requirement.lots|map('lot_label')|join_and }}."),
                tag("endif"),
                tag("if requirement.law"),
                p("Lagrum: {{ requirement.law }}."),
                tag("endif"))


CONTRACT = [
    *opening("Avtalet tecknas med den leverantör som tilldelas kontraktet och ska inte fyllas i med anbudet."),
    annex_named("prisbilaga"),
    annex_named("pub-avtal"),
    h(1, "Parter"),
    p("Avtalet är tecknat mellan {{ authority }}, organisationsnummer {{ procurement.authority.organisation_number }}"
      "{% if organisation.short_name != authority %} ({{ organisation.short_name }}){% endif %}, och leverantören "
      "nedan (leverantören)."),
    form("Leverantören", party("leverantor", "namn", "organisationsnummer", "adress", "kontaktperson")),
    h(1, "Avtalets omfattning"),
    p("Avtalet gäller {{ service.name }} enligt förfrågningsunderlaget{% if reference %} {{ reference }}"
      "{% endif %} och leverantörens anbud.{% if say.components and not procurement.lots %} Uppdraget omfattar "
      "{{ say.components|join_and }}.{% endif %}"),
    tag("if procurement.lots"),
    p("Avtalet gäller de delområden som är markerade nedan, med de insatser som hör till dem."),
    *loop("lot", "procurement.lots",
          line(tick_box("delomrade.{{ lot.id }}", "Delområde {{ loop.index }}: {{ lot.name|upperfirst }}"),
               " Delområde {{ loop.index }}: {{ lot.name|upperfirst }}", style="Normal")),
    tag("endif"),
    h(1, "Avtalsperiod och förlängning"),
    contract_period_sentence("gäller", "löper", "gäller avtalet"),
    h(1, "Volymer"),
    p("Volymerna i förfrågningsunderlaget är uppskattningar och inte garanterade. "
      "{{ organisation.short_name|upperfirst }} beställer insatser efter behov"
      "{% if say.max_volumes == 'total' %}, för hela avtalsperioden sammanlagt högst maxvolymen nedan"
      "{% elif say.max_volumes == 'at_once' %}, med högst det antal "
      "{{ say.capacity_units|map('unit_name')|join_or }} samtidigt som står nedan"
      "{% elif say.max_volumes %}, högst maxvolymen nedan: samtidigt för platser, sammanlagt för hela avtalsperioden "
      "för övriga insatser{% endif %}{% if say.max_volumes and procurement.lots %}, för de delområden avtalet gäller"
      "{% endif %}."),
    tag("if say.max_volumes"),
    table(["Insats", "Enhet", MAX_VOLUME_HEADING], [9070 - UNIT - MAX, UNIT, MAX],
          [tag_row("for lot in price_lots", 3),
           tag_row("for component in lot.components", 3),
           row([cell("{{ component.name|upperfirst }}{% if lot.number %} (delområde {{ lot.number }}){% endif %}",
                     9070 - UNIT - MAX), cell("{{ component.unit|unit_name }}", UNIT),
                cell(MAX_VOLUME_CELL, MAX, number=True)]),
           tag_row("endfor", 3),
           tag_row("endfor", 3)],
          caption="Maxvolym per insats", numeric_from=2),
    tag("endif"),
    h(1, "Pris{% if procurement.terms.price_adjustment %} och prisjustering{% endif %}"),
    p("{{ organisation.short_name|upperfirst }} betalar de priser per enhet som leverantören har angett i anbudets prisbilaga"
      "{% if prisbilaga %} (bilaga {{ prisbilaga[0].annex }} till förfrågningsunderlaget){% endif %}, i kronor "
      "exklusive moms. Priserna omfattar alla kostnader för att utföra insatserna."),
    tag("if procurement.terms.price_adjustment"),
    p("{% set adjustment = procurement.terms.price_adjustment %}Priserna är fasta till och med "
      "{{ adjustment.first|day_before|date }}. Därefter får priserna justeras med den procentuella förändringen i "
      "{{ adjustment.index }}{% if adjustment.base_month %}, första gången från indexvärdet för "
      "{{ adjustment.base_month|month }} och därefter{% endif %} sedan föregående justering, med "
      "{{ adjustment.interval_months|months }} mellan justeringarna. Part som vill justera priserna begär det skriftligt senast en månad före justeringsdagen."),
    tag("elif procurement.terms.fixed_prices"),
    p("Priserna är fasta under hela avtalsperioden."),
    tag("endif"),
    h(1, "Fakturering och betalning"),
    p("{{ text.invoicing }} Betalning sker {{ procurement.terms.payment_days }} dagar efter att "
      "{{ organisation.short_name }} har fått en korrekt faktura."),
    h(1, "Sanktioner"),
    p("Om leverantören inte fullgör sina åtaganden kan {{ organisation.short_name }} använda följande sanktioner, beroende på hur "
      "allvarligt avtalsbrottet är:"),
    *loop("sanction", "text.sanctions", p("{{ sanction }}", style="ListNumber")),
    *section("Försäkring", p("{{ text.insurance }}"), when="text.insurance"),
    *section("Personuppgifter",
             p("Leverantören behandlar personuppgifter för {{ organisation.short_name|genitive('räkning') }}. Behandlingen regleras i "
               "personuppgiftsbiträdesavtalet{% if pub_avtal %} (bilaga {{ pub_avtal[0].annex }} till "
               "förfrågningsunderlaget){% endif %}, som parterna tecknar samtidigt med detta avtal och som ingår i "
               "avtalet."),
             when="procurement.terms.personal_data"),
    *section("Övriga villkor", *requirement_clauses("contract"), when="requirements.contract"),
    h(1, "Avtalshandlingar och deras ordning"),
    p("Avtalet består av följande handlingar. Om de motsäger varandra gäller de i denna ordning:"),
    p("skriftliga ändringar och tillägg till avtalet", style="ListNumber"),
    p("detta avtal", style="ListNumber"),
    tag("if procurement.terms.personal_data"),
    p("personuppgiftsbiträdesavtalet", style="ListNumber"),
    tag("endif"),
    p("förfrågningsunderlaget{% if reference %} {{ reference }}{% endif %} med bilagor", style="ListNumber"),
    p("leverantörens anbud.", style="ListNumber"),
    h(1, "Underskrifter"),
    p("Avtalet skrivs under av behöriga företrädare för båda parter och gäller när båda har skrivit under."),
    *signature("kommunen", "För {{ authority }}"),
    *signature("leverantor", "För leverantören"),
]


# ---------------------------------------------------------------------------------------------
# PUB-avtal: the content article 28.3 of the GDPR requires, with what the spec states.

OBLIGATIONS = [
    "a) endast behandla personuppgifterna enligt den personuppgiftsansvariges dokumenterade instruktioner, även när "
    "det gäller överföring till ett land utanför EU/EES eller till en internationell organisation, om inte "
    "unionsrätten eller svensk rätt kräver något annat; biträdet ska då informera den personuppgiftsansvarige om "
    "kravet innan behandlingen börjar, om lagen inte förbjuder det;",
    "b) se till att de personer som får behandla personuppgifterna har förbundit sig att iaktta konfidentialitet "
    "eller omfattas av tystnadsplikt enligt lag;",
    "c) vidta alla säkerhetsåtgärder som krävs enligt artikel 32 i dataskyddsförordningen;",
    "d) anlita ett annat personuppgiftsbiträde endast enligt avsnittet Underbiträden nedan;",
    "e) med lämpliga tekniska och organisatoriska åtgärder hjälpa den personuppgiftsansvarige att besvara begäranden "
    "från registrerade som utövar sina rättigheter enligt kapitel III i dataskyddsförordningen;",
    "f) hjälpa den personuppgiftsansvarige att fullgöra skyldigheterna enligt artiklarna 32–36 i "
    "dataskyddsförordningen (säkerhet, anmälan av personuppgiftsincidenter, konsekvensbedömning och förhandssamråd), "
    "och utan onödigt dröjsmål underrätta den personuppgiftsansvarige om en personuppgiftsincident;",
    "g) när uppdraget upphör radera eller återlämna personuppgifterna enligt avsnittet Avtalets upphörande nedan;",
    "h) ge den personuppgiftsansvarige all information som behövs för att visa att skyldigheterna i artikel 28 "
    "uppfylls, och möjliggöra och bidra till granskningar, inbegripet inspektioner, som den personuppgiftsansvarige "
    "eller en granskare som denne har utsett genomför.",
]


def listing(heading: str, sequence: str) -> list[str]:
    return [p(heading, keep_next=True), *loop("item", sequence, p("{{ item }}", style="ListBullet"))]


DATA_PROCESSING = [
    *opening("Avtalet tecknas samtidigt med avtalet om uppdraget och ingår i det."),
    annex_named("avtalsutkast"),
    tag("set data = procurement.terms.personal_data"),
    h(1, "Parter"),
    p("{{ authority }}, organisationsnummer {{ procurement.authority.organisation_number }}, är personuppgiftsansvarig "
      "(den personuppgiftsansvarige). Leverantören nedan är personuppgiftsbiträde (biträdet). Avtalet uppfyller "
      "kraven i artikel 28.3 i Europaparlamentets och rådets förordning (EU) 2016/679 (dataskyddsförordningen)."),
    form("Biträdet", party("leverantor", "namn", "organisationsnummer")),
    h(1, "Föremål och varaktighet"),
    p("Biträdet behandlar personuppgifter för den personuppgiftsansvariges räkning när det utför uppdraget "
      "{{ service.name }} enligt avtalet mellan parterna{% if avtalsutkast %} (bilaga "
      "{{ avtalsutkast[0].annex }} till förfrågningsunderlaget){% endif %}."),
    tag("if data.duration"),
    p("Behandlingens varaktighet: {{ data.duration }}."),
    tag("else"),
    p("Behandlingen pågår så länge avtalet gäller."),
    contract_period_sentence("gäller", "löper", "gäller avtalet"),
    tag("endif"),
    h(1, "Behandlingens art och ändamål"),
    p("{{ text.personal_data_purpose }}"),
    h(1, "Personuppgifter och registrerade"),
    *listing("Kategorier av personuppgifter som behandlas:", "data.categories"),
    *listing("Kategorier av registrerade:", "data.data_subjects"),
    tag("if data.special_categories"),
    *listing("Särskilda kategorier av personuppgifter (artikel 9 i dataskyddsförordningen) som behandlas:",
             "data.special_categories"),
    tag("else"),
    p("Inga särskilda kategorier av personuppgifter (artikel 9 i dataskyddsförordningen) behandlas."),
    tag("endif"),
    h(1, "Biträdets skyldigheter"),
    p("Biträdet ska", keep_next=True),
    *[p(obligation) for obligation in OBLIGATIONS],
    h(1, "Underbiträden"),
    p("Biträdet får anlita ett annat personuppgiftsbiträde (underbiträde) endast med den personuppgiftsansvariges "
      "skriftliga förhandstillstånd. Biträdet ska genom avtal ålägga underbiträdet samma skyldigheter som i detta "
      "avtal och ansvarar fullt ut mot den personuppgiftsansvarige för att underbiträdet fullgör dem."),
    h(1, "Avtalets upphörande"),
    p("När uppdraget upphör ska biträdet, efter den personuppgiftsansvariges val, radera eller återlämna alla "
      "personuppgifter och radera befintliga kopior, om inte unionsrätten eller svensk rätt kräver att uppgifterna "
      "lagras. Biträdet bekräftar skriftligen när det är gjort. Avtalet gäller så länge biträdet behandlar "
      "personuppgifter för den personuppgiftsansvariges räkning."),
    h(1, "Underskrifter"),
    *signature("kommunen", "För {{ authority }}, personuppgiftsansvarig"),
    *signature("leverantor", "För biträdet"),
]


TEMPLATES = {f"{name}.docx": package(title, body, HEADER, AUTHORITY_FOOTER, numbered_headings=numbered)
             for name, title, body, numbered in (
                 ("anbudsformular", "Anbudsformulär", TENDER_FORM, False),
                 ("sanningsforsakran", "Sanningsförsäkran", DECLARATION, False),
                 ("referensformular", "Referensformulär", REFERENCE_FORM, False),
                 ("avtalsutkast", "Avtalsutkast", CONTRACT, True),
                 ("pub-avtal", "Personuppgiftsbiträdesavtal", DATA_PROCESSING, True))}
