"""The förfrågningsunderlag. Headings are numbered by the house style; every requirement shows its id."""

from __future__ import annotations

from .wordml import (
    AUTHORITY_FOOTER,
    DEADLINE,
    MAX_VOLUME_CELL,
    MAX_VOLUME_HEADING,
    TABLE_OF_CONTENTS,
    authority_header,
    cell,
    contract_period_sentence,
    h,
    loop,
    p,
    package,
    paragraphs,
    row,
    table,
    tag,
    tag_row,
)

TENDER_HEADER = authority_header("FÖRFRÅGNINGSUNDERLAG", "{{ service.name|upperfirst }}")


def requirements(kind: str) -> list[str]:
    """Each requirement of a kind under its own numbered heading, with its id; qualification and
    service requirements say whether they must be met (ska-krav) or are evaluated (bör-krav)."""
    kind_of_requirement = ("{% if requirement.mandatory %}Ska-krav. {% else %}Bör-krav, som utvärderas enligt "
                           "avsnittet Utvärdering. {% endif %}") if kind != "contract" else ""
    return loop("requirement", f"requirements.{kind}",
                h(2, "{{ requirement.title }}"),
                p("Krav {{ requirement.id }}. " + kind_of_requirement + "{{ requirement.text }}"),
                *loop("point", "requirement.points", p("{{ point }}", style="ListNumber")),
                tag("if requirement.lots"),
                p("Kravet gäller {{ requirement.lots|map('lot_label')|join_and }}."),
                tag("endif"),
                tag("if requirement.verification"),
                p("Så visas kravet: {{ requirement.verification }}"),
                tag("endif"),
                tag("if requirement.law"),
                p("Lagrum: {{ requirement.law }}."),
                tag("endif"))


def volume_table(max_volumes: bool) -> str:
    """The components with their estimated volume a year, and their max volume where the spec
    states one."""
    headings = ["Insats", "Enhet", "Uppskattad volym per år"] + ([MAX_VOLUME_HEADING] if max_volumes else [])
    widths = [3470, 1600, 2000, 2000] if max_volumes else [4870, 2100, 2100]
    cells = ["{{ component.name|upperfirst }}", "{{ component.unit|unit_name }}", "{{ component.per_year|number }}",
             MAX_VOLUME_CELL][:len(widths)]
    return table(headings, widths,
                 [tag_row("for component in service.components", len(widths)),
                  row([cell(text, width, number=i >= 2) for i, (text, width) in enumerate(zip(cells, widths, strict=True))]),
                  tag_row("endfor", len(widths))],
                 caption="Insatser med uppskattad volym per år" + (" och maxvolym" if max_volumes else ""),
                 numeric_from=2)


def authority(contact: str) -> list[str]:
    """The contracting authority with its contact person (shared with the valfrihetssystem's)."""
    return [h(2, "Upphandlande myndighet"),
            p("{{ authority }}, organisationsnummer {{ procurement.authority.organisation_number }}. " + contact
              + " är {{ procurement.authority.contact.name }}, {{ procurement.authority.contact.email }}"
              "{% if procurement.authority.contact.phone %}, {{ procurement.authority.contact.phone }}{% endif %}.")]


def assignment(subject: str) -> list[str]:
    """What is bought for whom: `subject` is "Upphandlingen" or "Valfrihetssystemet"."""
    return [h(2, "Uppdraget"),
            p(subject + " avser {{ service.name }}. Målgruppen är {{ group.label }}"
              "{% if group.age %} {{ group.age|span }} år{% endif %}{% if group.life_situations %} "
              "{{ group.life_situations_lead }} {{ group.life_situations|join_or }}{% endif %}."
              "{% if service.aims %} Målet med insatserna är att {{ service.aims|join_and }}.{% endif %}"
              "{% if service.participants %} {{ organisation.short_name|upperfirst }} beräknar att cirka {{ service.participants|span }} "
              "{{ group.label }} får del av insatserna.{% endif %}")]


ANNEX_TABLE = table(["Bilaga", "Handling", "Fil"], [1300, 4270, 3500],
                    [tag_row("for annex in annexes", 3),
                     row([cell("{{ annex.annex }}", 1300), cell("{{ annex.title }}", 4270),
                          cell("{{ annex.file }}", 3500)]),
                     tag_row("endfor", 3)],
                    caption="Bilageförteckning: bilagornas nummer, titel och fil", numeric_from=3)


def timetable_row(label: str, value: str) -> str:
    return row([cell(label, 5070), cell(value, 4000)])


CRITERIA_COLUMNS = [4870, 2600, 1600]

TENDER_BODY = [
    tag("set value = figures.procurement"),
    tag("set term = procurement.contract"),
    tag("set group = service.target_group"),
    p("{{ authority }}", style="Addressee"),
    p("Förfrågningsunderlag – {{ service.name|upperfirst }}", style="Title"),
    p("Upphandling enligt lagen (2016:1145) om offentlig upphandling (LOU)"
      "{% if reference %}, {{ reference }}{% endif %}"),
    TABLE_OF_CONTENTS,
    h(1, "Allmän orientering"),
    *authority("Kontaktperson under upphandlingen"),
    *assignment("Upphandlingen"),
    h(2, "Omfattning"),
    p("{% if say.components %}Uppdraget omfattar {{ say.components|join_and }}. {% endif %}"
      "Volymerna är uppskattningar och inte garanterade; {{ organisation.short_name }} beställer efter behov"
      "{% if say.max_volumes %} inom maxvolymen{% endif %}.{% if procurement.contract.framework_agreement %} Avtalet "
      "är ett ramavtal, och {{ organisation.short_name }} avropar från det utan förnyad konkurrensutsättning."
      "{% endif %}"),
    tag("if procurement.lots|length > 1"),
    p("Upphandlingen är indelad i {{ procurement.lots|length|count('neuter') }} delområden: "
      "{{ price_lots|map('lot_label')|join_and }}. Anbud får lämnas för {{ 'ett av delområdena eller för båda' if "
      "procurement.lots|length == 2 else 'ett eller flera av dem' }}, och varje delområde utvärderas och tilldelas "
      "för sig."),
    tag("elif procurement.lots"),
    p("Upphandlingen avser {{ price_lots[0]|lot_label }}."),
    tag("endif"),
    tag("if say.max_volumes"),
    volume_table(True),
    tag("else"),
    volume_table(False),
    tag("endif"),
    h(2, "Avtalsperiod"),
    contract_period_sentence("gäller", "löper", "gäller avtalet"),
    h(2, "Annonsering"),
    p("Upphandlingen annonseras i en registrerad annonsdatabas{% if value.value_class == 'at_or_above' %} och i "
      "EU:s annonsdatabas TED{% endif %}."),
    h(1, "Upphandlingsföreskrifter"),
    h(2, "Förfarande"),
    p("{{ text.procedure }}"),
    h(2, "Tidplan"),
    table(["Händelse", "Datum"], [5070, 4000],
          [timetable_row("Annonsering", "{{ procurement.timetable.publication|date }}"),
           timetable_row("Sista dag för frågor", "{{ procurement.timetable.questions_deadline|date }}"),
           tag_row("if procurement.timetable.answers_deadline", 2),
           timetable_row("Sista dag för svar på frågor", "{{ procurement.timetable.answers_deadline|date }}"),
           tag_row("endif", 2),
           timetable_row("Sista anbudsdag", DEADLINE),
           timetable_row("Planerat tilldelningsbeslut", "{{ procurement.timetable.award|date }}"),
           timetable_row("Avtal tecknas tidigast", "{{ procurement.timetable.contract_signing|date }}"),
           tag_row("if periods.lots", 2),
           tag_row("for lot in figures.procurement.lots", 2),
           timetable_row("Avtalet börjar gälla, delområde {{ lot.name }}", "{{ lot.start|date }}"),
           tag_row("endfor", 2),
           tag_row("else", 2),
           timetable_row("Avtalet börjar gälla", "{{ term.start|date }}"),
           tag_row("endif", 2)],
          caption="Upphandlingens tidplan", numeric_from=2),
    h(2, "Anbudet"),
    p("Anbudet ska vara skrivet på svenska och ha kommit in senast " + DEADLINE + ". "
      "{% if text.submission %}{{ text.submission }}{% else %}Anbudet lämnas elektroniskt.{% endif %} "
      "Anbud som kommer in för sent prövas inte. Anbudet ska vara bindande till och med "
      "{{ procurement.timetable.tender_validity|date }}."),
    p("{% set forms = annexes|selectattr('form')|list %}Anbudet ska innehålla ifyllda "
      "{{ 'bilaga' if forms|length == 1 else 'bilagor' }} {{ forms|map(attribute='annex')|numbers_span }} "
      "({{ forms|map(attribute='title')|map('lowerfirst')|join_and }}) och de handlingar som kraven efterfrågar. "
      "Sanningsförsäkran undertecknas av behörig företrädare för anbudsgivaren."),
    p("Ett anbud som besvarar ett ska-krav med Nej, eller som inte visar att ett ska-krav uppfylls, uppfyller inte "
      "kraven och prövas inte vidare."),
    h(2, "Frågor och svar"),
    p("Frågor om upphandlingen ställs skriftligt till kontaktpersonen senast "
      "{{ procurement.timetable.questions_deadline|date }}. Frågor och svar lämnas till alla anbudsgivare utan att "
      "frågeställaren röjs.{% if procurement.timetable.answers_deadline %} "
      "{{ organisation.short_name|upperfirst }} besvarar frågorna senast "
      "{{ procurement.timetable.answers_deadline|date }}.{% endif %}"),
    h(2, "Sekretess"),
    p("Anbud omfattas av absolut sekretess till dess att tilldelningsbeslut har fattats (19 kap. 3 § "
      "offentlighets- och sekretesslagen (2009:400)). Därefter är anbuden som huvudregel offentliga. "
      "Anbudsgivaren ska ange vilka uppgifter som bör omfattas av sekretess och skälen för det."),
    h(2, "Tilldelning och avtalsspärr"),
    p("Tilldelningsbeslutet skickas elektroniskt till alla anbudsgivare. Därefter gäller avtalsspärr i "
      "{{ law.standstill_days|count('common') }} dagar ({{ law.standstill_source }}); infaller den sista dagen på en "
      "{{ non_working|map('day_kind')|join_or }} förlängs spärren till nästa vardag. Avtal tecknas först när spärren har löpt ut, "
      "enligt tidplanen tidigast {{ procurement.timetable.contract_signing|date }}."),
    h(2, "Avbrytande"),
    p("{{ organisation.short_name|upperfirst }} kan avbryta upphandlingen om det finns sakliga skäl, till exempel om inget anbud uppfyller kraven "
      "eller om anbuden överstiger de medel som finns för uppdraget."),
    h(1, "Kvalificering"),
    p("Anbudsgivaren ska uppfylla samtliga krav i detta avsnitt för att anbudet ska prövas."),
    *requirements("qualification"),
    h(1, "Uppdragsbeskrivning och kravspecifikation"),
    p("Leverantören ska utföra uppdraget enligt kraven nedan.{% if procurement.lots %} Om ett krav bara gäller "
      "ett delområde anges det vid kravet.{% endif %}"),
    *requirements("service"),
    h(1, "Utvärdering"),
    p("Tilldelningsgrunden är {{ procurement.evaluation.basis|basis_name }}. "
      "{% if procurement.lots %}Anbuden utvärderas per delområde. Anbudspriset för ett delområde är summan, för varje "
      "insats i delområdet{% else %}Anbudspriset är summan, för varje insats i prisbilagan{% endif %}, av pris per "
      "enhet gånger uppskattad volym per år{% if say.days_per_year %}; för en insats som prissätts per "
      "{{ say.capacity_units|map('unit_singular')|join_or }} och dygn är volymen per år antalet "
      "{{ say.capacity_units|map('unit_name')|join_or }} gånger {{ say.days_per_year }} dygn{% endif %}."),
    tag("if procurement.evaluation.model == 'price_deductions'"),
    p("Kvaliteten utvärderas med prisavdrag. För varje kriterium bedömer {{ organisation.short_name }} vilken nivå "
      "anbudet når. Varje nivå ger ett avdrag i procent av anbudspriset. Avdragen läggs samman och dras från "
      "anbudspriset. Anbudet med lägst jämförelsepris, anbudspriset minus avdragen, antas. Modellen är absolut: ett anbuds jämförelsepris beror inte "
      "på andra anbud."),
    tag("elif procurement.evaluation.model == 'weights'"),
    p("Pris och kvalitet vägs samman med vikterna nedan: priset väger {{ procurement.evaluation.price_weight|percent }}. "
      "För varje kriterium ger den högsta nivån kriteriets hela vikt. {{ text.method }}"),
    tag("endif"),
    p("Om två eller fler anbud{% if procurement.lots %} i samma delområde{% endif %} har samma "
      "{% if procurement.evaluation.model == 'price_deductions' %}jämförelsepris{% elif procurement.evaluation.model "
      "== 'weights' %}totalpoäng{% else %}anbudspris{% endif %}"
      "{% if procurement.evaluation.tie_rule == 'lottery' %}, avgörs ordningen mellan dem genom lottning."
      "{% else %}, rangordnas det anbud först som har {% if procurement.evaluation.tie_rule == 'price_then_lottery' %}"
      "lägst anbudspris{% elif procurement.evaluation.model == 'price_deductions' %}störst summa prisavdrag, det "
      "vill säga högst kvalitet{% else %}flest kvalitetspoäng{% endif %}. Är anbuden lika även i det, avgörs "
      "ordningen mellan dem genom lottning.{% endif %}"),
    *loop("criterion", "text.criteria",
          h(2, "{{ criterion.name }}"),
          p("{% if criterion.requirement %}Kriteriet utvärderar bör-kravet {{ criterion.requirement }}. {% endif %}"
            "{{ criterion.description }}{% if criterion.weight %} Vikt: {{ criterion.weight|percent }}.{% endif %}"),
          table(["Nivå", "Vad anbudet ska visa",
                 "{{ 'Prisavdrag' if procurement.evaluation.model == 'price_deductions' else 'Poäng' }}"],
                [900, 6570, 1600],
                [tag_row("for level in criterion.levels", 3),
                 row([cell("{{ loop.index }}", 900), cell("{{ level.earned_by }}", 6570),
                      cell("{{ level.worth|percent if procurement.evaluation.model == 'price_deductions' else "
                           "level.worth }}", 1600, number=True)]),
                 tag_row("endfor", 3)],
                caption="Kriteriets nivåer och vad varje nivå ger", numeric_from=2)),
    tag("set example = figures.procurement.example"),
    tag("if example"),
    h(2, "Exempel på utvärderingen"),
    p("Exemplet visar hur modellen räknar, med två tänkta anbud{% if example.lot %} för delområdet "
      "{{ example.lot }}{% endif %}. Priserna är påhittade och säger ingenting om "
      "{{ organisation.short_name|genitive('bedömning') }} av rimliga priser. {% for tender in example.tenders %}Anbud {{ tender.name }} anger "
      "{% for line in tender.lines %}{{ line.unit_price|money }} per {{ line.unit|price_unit }}"
      "{% if tender.lines|length > 1 %} för {{ line.name }}{% endif %}"
      "{{ ', ' if loop.revindex > 2 else (' och ' if not loop.last else '') }}"
      "{% endfor %}, vilket med de uppskattade volymerna ger anbudspriset {{ tender.tendered_price|money }}. "
      "{% endfor %}"),
    table(["", "Anbud {{ example.tenders[0].name }}", "Anbud {{ example.tenders[1].name }}"], [4870, 2100, 2100],
          [row([cell("Anbudspris", 4870), cell("{{ example.tenders[0].tendered_price|money }}", 2100, number=True),
                cell("{{ example.tenders[1].tendered_price|money }}", 2100, number=True)]),
           tag_row("for reached in example.tenders[0].levels", 3),
           row([cell("{{ reached.criterion }}", 4870),
                cell("{{ (reached.level.deduction|percent ~ ' avdrag') if procurement.evaluation.model == 'price_deductions' else (reached.points|number ~ ' poäng') }}", 2100, number=True),
                cell("{{ (example.tenders[1].levels[loop.index0].level.deduction|percent ~ ' avdrag') if procurement.evaluation.model == 'price_deductions' else (example.tenders[1].levels[loop.index0].points|number ~ ' poäng') }}", 2100, number=True)]),
           tag_row("endfor", 3),
           tag_row("if procurement.evaluation.model == 'price_deductions'", 3),
           row([cell("Jämförelsepris", 4870), cell("{{ example.tenders[0].comparison_price|money }}", 2100, number=True),
                cell("{{ example.tenders[1].comparison_price|money }}", 2100, number=True)]),
           tag_row("elif procurement.evaluation.model == 'weights'", 3),
           row([cell("Kvalitetspoäng", 4870), cell("{{ example.tenders[0].quality_points|number }}", 2100, number=True),
                cell("{{ example.tenders[1].quality_points|number }}", 2100, number=True)]),
           tag_row("endif", 3)],
          caption="Exempel: två tänkta anbud utvärderade med modellen", numeric_from=1),
    tag("if example.winner"),
    p("{% set best = example.tenders|selectattr('name', 'eq', example.winner)|first %}Anbud {{ example.winner }} "
      "antas, eftersom det har lägst {{ 'jämförelsepris' if best.comparison_price is not none else 'anbudspris' }}."),
    tag("endif"),
    tag("endif"),
    h(1, "Avtalsvillkor"),
    p("Avtalsvillkoren står i avtalsutkastet, {% for annex in annexes if annex.name == 'avtalsutkast' %}bilaga "
      "{{ annex.annex }}{% endfor %}, som är det avtal som tecknas med den eller de leverantörer som tilldelas "
      "kontrakt. Genom att lämna anbud godtar anbudsgivaren villkoren utan reservationer. Ett anbud med "
      "reservationer mot avtalsvillkoren prövas inte."),
    h(1, "Pris"),
    p("Anbudsgivaren anger sina priser i prisbilagan, {% for annex in annexes if annex.name == 'prisbilaga' %}bilaga "
      "{{ annex.annex }} ({{ annex.file }}){% endfor %}: pris per enhet i kronor exklusive moms för varje insats"
      "{% if procurement.lots %} i varje delområde som anbudet gäller{% endif %}. Prisbilagan räknar ut anbudspriset, "
      "summan av pris gånger uppskattad volym per år{% if procurement.evaluation.model == 'price_deductions' %}, och "
      "jämförelsepriset för de prisavdrag anbudsgivaren anser sig uppfylla. Det jämförelsepris som utvärderas "
      "bygger på {{ organisation.short_name|genitive('bedömning') }} av nivåerna enligt avsnittet Utvärdering, inte "
      "på de avdrag anbudsgivaren begär{% endif %}. Endast de gula prisfälten "
      "fylls i; prisbilagan lämnas in i samma format tillsammans med anbudet."),
    p("Priset ska omfatta alla kostnader för att utföra insatsen, till exempel personal, lokaler, resor, "
      "administration och dokumentation. Ersättning utöver de angivna priserna utgår inte."),
    *paragraphs("text.price_notes"),
    *loop("lot", "price_lots",
          tag("if lot.name"),
          h(2, "Delområde {{ lot.number }}: {{ lot.name|upperfirst }}"),
          tag("endif"),
          *paragraphs("lot.notes"),
          table(["Insats", "Prisenhet", "Uppskattad volym per år"], [4870, 2100, 2100],
                [tag_row("for component in lot.components", 3),
                 row([cell("{{ component.name|upperfirst }}", 4870), cell("kr per {{ component.unit|price_unit }}", 2100),
                      cell("{{ component.per_year|quantity(component.unit) }}", 2100, number=True)]),
                 tag_row("endfor", 3)],
                caption="Insatser som prissätts, med prisenhet och uppskattad volym", numeric_from=2)),
    h(1, "Bilagor"),
    p("Förfrågningsunderlaget består av detta dokument och följande bilagor. Bilagorna med formulär fylls i och "
      "lämnas in med anbudet."),
    ANNEX_TABLE,
]



TEMPLATES = {"forfragningsunderlag.docx": package("Förfrågningsunderlag", TENDER_BODY, TENDER_HEADER, AUTHORITY_FOOTER,
                                                  numbered_headings=True)}
