"""The tjänsteskrivelse: the memo that proposes to the board how to procure."""

from __future__ import annotations

from .wordml import (
    DRAFT,
    PAGE_LINE,
    TAB,
    TEXT_WIDTH,
    Raw,
    cell,
    contract_period_sentence,
    h,
    loop,
    p,
    package,
    paragraphs,
    row,
    section,
    table,
    tag,
    tag_row,
)

MEMO_HEADER = [
    *DRAFT,
    p("{{ organisation.administration }}", TAB, "TJÄNSTESKRIVELSE", style="Header"),
    p("{{ case.officers|join(', ') }}", TAB, "{{ case.date|date }}", style="Header"),
    tag("if case.dnr"),
    p(TAB, "Dnr {{ case.dnr }}", style="Header"),
    tag("endif"),
    PAGE_LINE,
]

MEMO_FOOTER = [p("{{ organisation.municipality }}", style="Footer")]

# An amount column of the volume table: its heading, and what its cells show of a component or total.
CURRENT = ("Dagens avtal per år", "current_per_year|number")
PROPOSED = ("Förslag per år", "proposed_per_year|number")
CHANGE = ("Förändring", "change|signed")
UNIT_WIDTH, AMOUNT_WIDTH = 1300, 1650  # twips; the name column takes the rest of the line


def volume_table(amounts: list[tuple[str, str]], caption: str) -> str:
    """The volume per component and year, with a total row when there are several components of
    one unit."""
    name_width = TEXT_WIDTH - UNIT_WIDTH - AMOUNT_WIDTH * len(amounts)
    widths = [name_width, UNIT_WIDTH] + [AMOUNT_WIDTH] * len(amounts)
    columns = len(widths)

    def line(item: str, label: str) -> str:
        return row([cell(label, name_width), cell("{{ " + item + ".unit|unit_name }}", UNIT_WIDTH)]
                   + [cell("{{ " + item + "." + shown + " }}", AMOUNT_WIDTH, number=True) for _, shown in amounts])

    return table(
        ["Insats", "Enhet", *(heading for heading, _ in amounts)], widths,
        [tag_row("for component in figures.components", columns), line("component", "{{ component.name }}"),
         tag_row("endfor", columns),
         tag_row("for total in figures.totals if figures.totals|length == 1 and figures.components|length > 1",
                 columns),
         line("total", "Totalt"), tag_row("endfor", columns)],
        caption=caption, numeric_from=2)


MEMO_BODY = [
    tag("set contract = figures.current_contract"),
    tag("set group = service.target_group"),
    p("{{ organisation.board }}", style="Addressee"),
    p("{{ case.title }}", style="Title"),
    h(1, "Förslag till {{ organisation.board|genitive|lowerfirst }} beslut"),
    tag("if proposal.provide"),
    p("{{ service.short_name or service.name }} ska erbjudas {{ group.label }}"
      "{% if group.age %} {{ group.age|span }} år{% endif %}, och verksamheten ska {{ proposal.form|form_clause }}.",
      style="ListNumber"),
    tag("else"),
    p("{{ service.short_name or service.name }} för {{ group.label }}{% if group.age %} {{ group.age|span }} år"
      "{% endif %} ska {{ proposal.form|form_clause }}.", style="ListNumber"),
    tag("endif"),
    tag("if proposal.assignment"),
    p("Uppdrag ges till {{ proposal.assignment.to or organisation.administration }} att presentera förslag till "
      "{{ proposal.assignment.deliverable }} vid nämndens sammanträde {{ proposal.assignment.meeting|when }}.",
      style="ListNumber"),
    tag("endif"),
    *loop("decision", "text.decisions", p("{{ decision }}", style="ListNumber")),
    *section("Sammanfattning", *paragraphs("text.summary"), when="text.summary"),
    *section(
        "Ärende",
        tag("if contract"),
        p("{{ organisation.municipality }} har {% if contract.start %}sedan {{ contract.start|date }} {% endif %}"
          "avtal{% if contract.supplier %} med {{ contract.supplier }}{% endif %} avseende "
          "{{ service.name|lowerfirst }}. Avtalet {% if contract.extensions_used %}har förlängts vid "
          "{{ contract.extensions_used|length|count('neuter') }} "
          "{{ 'tillfälle' if contract.extensions_used|length == 1 else 'tillfällen' }}, med "
          "{{ contract.extensions_used|map(attribute='months')|map('months')|join_and }}, och {% endif %}"
          "gäller till och med {{ contract.end|date }}."),
        tag("endif"),
        # "Enligt förslaget" only where the proposal sets the content (it changes a volume, or no volume
        # of today is known): a memo on the procurement form states what the service holds; a single
        # component named as the service goes unsaid.
        p("{% set name = service.short_name or service.name %}"
          "{% if service.components|map(attribute='name')|map('lower')|list not in "
          "[[name|lower], [service.name|lower]] %}{% if figures.components|selectattr('change')|list or not "
          "figures.compared %}Enligt förslaget omfattar {{ name|lowerfirst }}{% else %}{{ name }} omfattar{% endif %} "
          "{{ service.components|map(attribute='name')|map('lowerfirst')|join_and }}. {% endif %}"
          "Målgruppen är {{ group.label }}{% if group.age %} {{ group.age|span }} år{% endif %}"
          "{% if group.life_situations %} som befinner sig i en svår livssituation utifrån "
          "{{ group.life_situations|join_or }}{% endif %}."
          "{% if service.aims %} Målet är att {{ service.aims|join_and }}.{% endif %}"
          "{% if service.participants %} Totalt beräknas cirka {{ service.participants|span }} "
          "{{ group.label }} få del av insatsen.{% endif %}"),
        *paragraphs("text.matter"),
    ),
    *section(
        "Beslutsunderlag",
        p("Tjänsteskrivelse – {{ case.title }}, {{ case.date|date }}", style="ListBullet"),
        *loop("attachment", "case.attachments",
              p("{{ attachment.title }}{% if attachment.date %}, {{ attachment.date|date }}{% endif %}",
                style="ListBullet")),
    ),
    *section("Bakgrund", *paragraphs("text.background"), when="text.background"),
    *section(
        "Ekonomiska konsekvenser",
        tag("if contract and figures.compared"),
        p("Dagens avtal{% if contract.supplier %} med {{ contract.supplier }}{% endif %} omfattar "
          "{{ figures.components|selectattr('current_per_year')|map('amount', 'current_per_year')|join_and }} "
          "per år."),
        tag("endif"),
        tag("if figures.has_max_volumes"),
        p("Då avtalet måste ange en maxvolym för avtalsperioden är den för pågående avtalsperiod "
          "{{ figures.components|selectattr('max_volume')|map('amount', 'max_volume')|join_and }}. "
          "En maxvolym gör det möjligt att utöka insatserna vid förändrade behov hos målgruppen eller "
          "förändrade ekonomiska ramar."),
        tag("endif"),
        *paragraphs("text.economics"),
        tag("set increases = figures.totals|selectattr('change')|selectattr('change', 'gt', 0)|list"),
        tag("set decreases = figures.totals|selectattr('change')|selectattr('change', 'lt', 0)|list"),
        tag("if increases|length == 1 and not decreases"),
        p("Förslaget är att avtalet utökas med {{ increases[0].change|quantity(increases[0].unit) }} per år"
          "{% if increases[0].fte %}, motsvarande {{ increases[0].fte|count('common') }} årsarbetare{% endif %}."),
        tag("elif increases or decreases"),
        p("Förslaget är att avtalet{% if increases %} utökas med {{ increases|map('change_amount')|join_and }} per år"
          "{% endif %}{% if increases and decreases %} och{% endif %}{% if decreases %} minskas med "
          "{{ decreases|map('change_amount')|join_and }} per år{% endif %}."),
        tag("endif"),
        tag("if text.financing"),
        p("{{ text.financing }}"),
        tag("endif"),
        tag("if figures.procurement"),
        contract_period_sentence("föreslås gälla", "löpa"),
        p("{% set value = figures.procurement %}Upphandlingens uppskattade värde är {{ value.maximum_value|money }} "
          "exklusive moms: det som avtalets maxvolymer tillåter{% if value.term_months %} under hela avtalsperioden "
          "med förlängningar{% endif %}. Med de uppskattade volymerna per år blir värdet "
          "{{ value.expected_value|money }}{% if value.term_months != value.counted_months %}, räknat på "
          "{{ value.counted_months }} månader eftersom avtalet {% if value.term_months %}kan löpa längre än så"
          "{% else %}gäller tills vidare{% endif %} ({{ law.open_ended_source }}){% endif %}."
          "{% if value.lots %} Per delområde: {{ value.lots|map('lot_value')|join_and }}.{% endif %}"),
        p("Tröskelvärdet för {{ procurement.category|category_name }} är {{ value.threshold|money }} "
          "({{ value.period.start|date }}–{{ value.period.end|date }}). {{ value.class_meaning }}"),
        tag("endif"),
        # A valfrihetssystem has no contract value or threshold (figures.procurement is None): what it
        # costs follows from the ersättning the authority sets and how many are granted the service.
        tag("if figures.rates"),
        p("I ett valfrihetssystem konkurrerar utförarna inte med pris. Ersättningen bestäms i förväg och är densamma "
          "för alla utförare: {{ figures.rates|map('rate_amount')|join_and }}"
          "{% if procurement.lov.reimbursement.vat_compensation %}; privata utförare får dessutom "
          "{{ procurement.lov.reimbursement.vat_compensation|percent }} momskompensation{% endif %}. Kostnaden beror "
          "på hur många som får insatsen, inte på hur många utförare som godkänns."),
        tag("endif"),
        # Only the columns that carry information: no proposal column that repeats today's volumes,
        # no today's column where the current contract states none.
        tag("if figures.components|selectattr('change')|list"),
        volume_table([CURRENT, PROPOSED, CHANGE], "Volym per insats och år: dagens avtal och förslaget"),
        tag("elif figures.compared"),
        volume_table([CURRENT], "Volym per insats och år enligt dagens avtal"),
        tag("else"),
        volume_table([PROPOSED], "Volym per insats och år enligt förslaget"),
        tag("endif"),
    ),
    *section("Barnperspektiv", *paragraphs("text.child_perspective"), when="text.child_perspective"),
    *section("Kommunala mål", p(Raw("{{r link(municipal_goals.text, municipal_goals.url) }}")),
             when="municipal_goals"),
    *section(
        "Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet",
        tag("if mbl.status == 'negotiated'"),
        p("Förhandling enligt {{ mbl.section }} § MBL genomfördes {{ mbl.date|date }}."),
        tag("elif mbl.status == 'informed'"),
        p("Information enligt {{ mbl.section }} § MBL lämnades {{ mbl.date|date }}."),
        tag("else"),
        p("Information eller förhandling enligt medbestämmandelagen är inte påkallad."),
        tag("endif"),
    ),
    tag("if case.signed_by"),
    p("{{ organisation.administration }}", style="Signature"),
    p("{{ case.signed_by }}"),
    tag("endif"),
    *section("Beslutet skickas till", *loop("recipient", "case.recipients", p("{{ recipient }}")),
             when="case.recipients"),
]



TEMPLATES = {"tjansteskrivelse.docx": package("Tjänsteskrivelse", MEMO_BODY, MEMO_HEADER, MEMO_FOOTER)}
