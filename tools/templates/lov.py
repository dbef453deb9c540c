"""The förfrågningsunderlag of a valfrihetssystem (lag (2008:962) om valfrihetssystem, LOV) and the
ansökningsformulär an applicant returns with its application.

A valfrihetssystem has no price competition, no award criteria and no standstill: the authority
sets the ersättning, providers apply at any time, every applicant that meets the requirements is
approved and signs the same contract, and users choose. What the texts state of the law:
- the system is advertised continuously on the national website for valfrihetssystem (3 kap. 1 §
  LOV), Upphandlingsmyndigheten's service "Hitta LOV-uppdrag", called Valfrihetswebben until
  2022-12-14 (upphandlingsmyndigheten.se/frageportalen/2766422/innehaller-valfrihetswebben-alla-upphandlingar-enl/);
  the förfrågningsunderlag stays there while the system exists and applications may come in at
  any time, with no last day (konkurrensverket.se, "Inrättande av ett valfrihetssystem");
- every applicant that meets the requirements and is not excluded under 7 kap. 1 § LOV is
  approved, and a contract is signed with it as soon as possible (9 kap. 1 § LOV); the applicant
  is told in writing as soon as possible whether it is approved, with the reasons when it is not
  (9 kap. 2 § LOV) (upphandlingsmyndigheten.se, "Valfrihetssystem steg för steg: Tilldelning av
  kontrakt");
- applications are as a rule public documents; secrecy is tried under lag (2009:400) (same
  Konkurrensverket page);
- private providers of VAT-exempt care cannot deduct input VAT, while the municipality is
  compensated for that hidden VAT under lag (2005:807) om ersättning för viss mervärdesskatt för
  kommuner, regioner, kommunalförbund och samordningsförbund (skatteverket.se, "Momsersättning till
  kommuner"); so a private provider's ersättning may carry momskompensation (skr.se,
  "Ersättningssystem"). The percentage is the authority's own (`lov.reimbursement.vat_compensation`).

Shared with the LOU tender: the header, the authority and assignment paragraphs, the
requirements with their ids and the list of annexes (tender.py); the form fields, requirement
tables and signature blocks of the annexes (annexes.py); the contract period (wordml.py).
"""

from __future__ import annotations

from .annexes import HEADER, form, opening, party, requirement_group, signature
from .tender import ANNEX_TABLE, TENDER_HEADER, assignment, authority, requirements
from .wordml import (
    AUTHORITY_FOOTER,
    TABLE_OF_CONTENTS,
    cell,
    contract_period_sentence,
    h,
    loop,
    p,
    package,
    row,
    table,
    tag,
    tag_row,
)

NAME, UNIT, AMOUNT = 3670, 1800, 1800


def application_form_annex() -> str:
    """`{% set %}` of the list holding the ansökningsformulär annex."""
    return tag("set application_form = annexes|selectattr('name', 'equalto', 'ansokningsformular')|list")


LOV_BODY = [
    tag("set lov = procurement.lov"),
    tag("set group = service.target_group"),
    tag("set vat = lov.reimbursement.vat_compensation"),
    application_form_annex(),
    p("{{ authority }}", style="Addressee"),
    p("Förfrågningsunderlag – {{ service.name|upperfirst }}", style="Title"),
    p("Valfrihetssystem enligt lagen (2008:962) om valfrihetssystem (LOV){% if reference %}, {{ reference }}{% endif %}"),
    TABLE_OF_CONTENTS,
    h(1, "Allmän orientering"),
    *authority("Kontaktperson för valfrihetssystemet"),
    *assignment("Valfrihetssystemet"),
    h(2, "Valfrihetssystemet"),
    p("Den enskilde väljer själv utförare bland de leverantörer som {{ authority }} har godkänt och tecknat kontrakt "
      "med. Leverantörerna konkurrerar inte med pris: ersättningen är bestämd i förväg och densamma för alla utförare"
      "{% if vat %}, med momskompensation till privata utförare{% endif %}. Varje leverantör som uppfyller kraven i "
      "detta förfrågningsunderlag godkänns; antalet utförare är inte begränsat."),
    tag("if text.no_choice"),
    p("För den som inte vill eller kan välja finns ett ickevalsalternativ. {{ text.no_choice }}"),
    tag("endif"),
    h(2, "Omfattning"),
    p("Valfrihetssystemet omfattar {{ service.components|map(attribute='name')|join_and }}. "
      "Volymerna nedan är {{ organisation.short_name|genitive('uppskattning') }} för alla utförare tillsammans. Ingen utförare garanteras någon volym: "
      "den beror på hur många som väljer utföraren."),
    table(["Insats", "Enhet", "Uppskattad volym per år"], [NAME + AMOUNT, UNIT, AMOUNT],
          [tag_row("for component in service.components", 3),
           row([cell("{{ component.name|upperfirst }}", NAME + AMOUNT), cell("{{ component.unit|unit_name }}", UNIT),
                cell("{{ component.per_year|number }}", AMOUNT, number=True)]),
           tag_row("endfor", 3)],
          caption="Insatser med uppskattad volym per år för alla utförare", numeric_from=2),
    h(2, "Annonsering"),
    p("Valfrihetssystemet öppnar för ansökningar {{ lov.opens|date }}. Det annonseras löpande på den nationella "
      "webbplatsen för valfrihetssystem, Upphandlingsmyndighetens tjänst Hitta LOV-uppdrag (3 kap. 1 § LOV), där "
      "förfrågningsunderlaget finns tillgängligt så länge valfrihetssystemet gäller."),
    h(1, "Ersättning"),
    p("{{ authority }} har bestämt ersättningen{% if lov.reimbursement.decided %} ({{ lov.reimbursement.decided }})"
      "{% endif %}. Den är densamma för alla utförare, och leverantörerna lämnar inga priser. Ersättningen betalas per "
      "utförd enhet av insatsen."),
    tag("if vat"),
    table(["Insats", "Ersättning per", "Egen regi", "Privata utförare"], [NAME, UNIT, AMOUNT, AMOUNT],
          [tag_row("for rate in figures.rates", 4),
           row([cell("{{ rate.component.name|upperfirst }}", NAME), cell("{{ rate.component.unit|price_unit }}", UNIT),
                cell("{{ rate.amount|kronor }}", AMOUNT, number=True),
                cell("{{ rate.private_amount|kronor }}", AMOUNT, number=True)]),
           tag_row("endfor", 4)],
          caption="Ersättning per insats och enhet, för egen regi och för privata utförare", numeric_from=2),
    p("Ersättningen till privata utförare innehåller momskompensation med {{ vat|percent }}. Insatserna är undantagna "
      "från moms, så en privat utförare kan inte dra av ingående moms på sina inköp; {{ organisation.short_name }} får ersättning för "
      "motsvarande moms enligt lagen (2005:807) om ersättning för viss mervärdesskatt för kommuner, regioner, "
      "kommunalförbund och samordningsförbund, och utföraren får den som momskompensation."),
    tag("else"),
    table(["Insats", "Ersättning per", "Ersättning"], [NAME + AMOUNT, UNIT, AMOUNT],
          [tag_row("for rate in figures.rates", 3),
           row([cell("{{ rate.component.name|upperfirst }}", NAME + AMOUNT), cell("{{ rate.component.unit|price_unit }}", UNIT),
                cell("{{ rate.amount|kronor }}", AMOUNT, number=True)]),
           tag_row("endfor", 3)],
          caption="Ersättning per insats och enhet", numeric_from=2),
    tag("endif"),
    tag("if text.reimbursement_adjustment"),
    p("{{ text.reimbursement_adjustment }}"),
    tag("endif"),
    h(2, "Fakturering och betalning"),
    p("{{ text.invoicing }} Betalning sker {{ procurement.terms.payment_days }} dagar efter att {{ organisation.short_name }} har fått en "
      "korrekt faktura."),
    tag("if lov.fee"),
    h(2, "Avgift för den enskilde"),
    p("Den enskilde betalar en avgift enligt {{ organisation.short_name|genitive('taxa') }}, densamma hos alla utförare: "
      "{% for rate in figures.rates if rate.fee is not none %}{% if rate.fee %}{{ rate.fee|kronor }} per "
      "{{ rate.component.unit|unit_singular }}{% else %}ingen avgift{% endif %} för "
      "{{ rate.component.name }}{{ ', ' if loop.revindex > 2 else (' och ' if not loop.last else '') }}"
      "{% endfor %}.{% if lov.fee.caps %} Avgiften är {{ lov.fee.caps|map('fee_cap')|join_and }}.{% endif %}"
      "{% if text.fee_collection %} {{ text.fee_collection }}{% endif %}"),
    tag("endif"),
    h(1, "Ansökan och godkännande"),
    h(2, "Ansökan"),
    p("Ansökan kan lämnas när som helst så länge valfrihetssystemet gäller; det finns ingen sista ansökningsdag. "
      "{{ text.application }} Ansökan görs på ansökningsformuläret{% if application_form %}, bilaga "
      "{{ application_form[0].annex }},{% endif %} med de handlingar som kraven nedan efterfrågar, och skrivs under av "
      "behörig företrädare för sökanden."),
    h(2, "Handläggning och beslut"),
    p("{{ organisation.short_name|upperfirst }} prövar ansökningarna löpande, i den ordning de kommer in, och beslutar normalt inom "
      "{{ lov.handling_days|count }} dagar från att en fullständig ansökan har kommit in. Varje sökande som uppfyller "
      "kraven och inte är utesluten enligt 7 kap. 1 § LOV godkänns, och {{ organisation.short_name }} tecknar kontrakt med sökanden så snart "
      "som möjligt (9 kap. 1 § LOV). Sökanden får skriftligt besked om beslutet så snart som möjligt; ett beslut att "
      "inte godkänna anger skälen (9 kap. 2 § LOV). En sökande som anser att {{ organisation.short_name }} har brutit "
      "mot lagen kan ansöka om rättelse hos förvaltningsrätten (10 kap. 1 § LOV)."
      "{% if lov.start_months %} En godkänd utförare ska kunna ta emot uppdrag inom {{ lov.start_months|months }} "
      "från att kontraktet har tecknats.{% endif %}"),
    h(2, "Frågor"),
    p("Frågor om valfrihetssystemet ställs skriftligt till kontaktpersonen. Svar som har betydelse för fler sökande "
      "publiceras tillsammans med förfrågningsunderlaget."),
    h(2, "Sekretess"),
    p("Ansökningar är som huvudregel allmänna handlingar. Sökanden ska ange vilka uppgifter som bör omfattas av "
      "sekretess enligt offentlighets- och sekretesslagen (2009:400) och skälen för det."),
    h(1, "Krav på utföraren"),
    p("Sökanden ska uppfylla samtliga krav i detta avsnitt för att godkännas."),
    *requirements("qualification"),
    h(1, "Uppdragsbeskrivning och kravspecifikation"),
    p("Utföraren ska utföra uppdraget enligt kraven nedan under hela kontraktstiden."),
    *requirements("service"),
    h(1, "Kontraktsvillkor"),
    p("Alla godkända utförare tecknar samma kontrakt med {{ authority }}. Genom att ansöka godtar sökanden villkoren "
      "utan reservationer."),
    contract_period_sentence("gäller", "löper", "gäller avtalet"),
    tag("if procurement.terms.price_adjustment"),
    p("{% set adjustment = procurement.terms.price_adjustment %}Ersättningen justeras med förändringen i "
      "{{ adjustment.index }}{% if adjustment.base_month %} från indexvärdet för {{ adjustment.base_month|month }}"
      "{% endif %}, första gången {{ adjustment.first|date }} och därefter med "
      "{{ adjustment.interval_months|months }} mellan justeringarna."),
    tag("endif"),
    p("Om utföraren inte fullgör sina åtaganden kan {{ organisation.short_name }} använda följande sanktioner, beroende på hur allvarligt "
      "avtalsbrottet är:"),
    *loop("sanction", "text.sanctions", p("{{ sanction }}", style="ListNumber")),
    tag("if text.insurance"),
    p("{{ text.insurance }}"),
    tag("endif"),
    tag("if procurement.terms.personal_data"),
    p("Utföraren behandlar personuppgifter för {{ organisation.short_name|genitive('räkning') }}. Behandlingen regleras i ett "
      "personuppgiftsbiträdesavtal{% for annex in annexes if annex.name == 'pub-avtal' %}, bilaga {{ annex.annex }},"
      "{% endfor %} som tecknas samtidigt med kontraktet."),
    tag("endif"),
    *requirements("contract"),
    h(1, "Bilagor"),
    p("Förfrågningsunderlaget består av detta dokument och följande bilagor. Ansökningsformuläret fylls i och lämnas "
      "in med ansökan."),
    ANNEX_TABLE,
]


APPLICATION_FORM = [
    *opening("Sökanden fyller i formuläret och lämnar det med sin ansökan. Kraven har samma id och ordning som i "
             "förfrågningsunderlaget, där deras fullständiga text står. Ett ska-krav som besvaras med Nej innebär "
             "att sökanden inte uppfyller kraven och inte kan godkännas."),
    h(1, "Sökande"),
    form("Sökandens uppgifter", party("sokande", "namn", "organisationsnummer", "adress", "kontaktperson", "telefon",
                                      "epost", "firmatecknare")),
    *requirement_group("Krav på utföraren", "qualification"),
    *requirement_group("Uppdragsbeskrivning och kravspecifikation", "service"),
    *requirement_group("Kontraktsvillkor", "contract"),
    h(1, "Försäkran"),
    p("Undertecknad, behörig att företräda sökanden, försäkrar på heder och samvete att sökanden inte omfattas av "
      "någon grund för uteslutning enligt 7 kap. 1 § lagen (2008:962) om valfrihetssystem, att uppgifterna i ansökan "
      "är riktiga och att sökanden uppfyller samtliga krav i förfrågningsunderlaget. Sökanden känner till att "
      "{{ authority }} kan kontrollera uppgifterna och begära bevis för dem, och ska genast meddela {{ organisation.short_name }} om "
      "förhållandena ändras."),
    *signature("sokande", "Behörig företrädare för sökanden (firmatecknare)"),
]


TEMPLATES = {
    "forfragningsunderlag-lov.docx": package("Förfrågningsunderlag för valfrihetssystem", LOV_BODY, TENDER_HEADER,
                                             AUTHORITY_FOOTER, numbered_headings=True),
    "ansokningsformular.docx": package("Ansökningsformulär", APPLICATION_FORM, HEADER, AUTHORITY_FOOTER),
}
