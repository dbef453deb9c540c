"""The tjänsteskrivelse: the memo that proposes to the board how to procure."""

from __future__ import annotations

from .wordml import (
    MEMO_FOOTER,
    TEXT_WIDTH,
    Raw,
    cell,
    contract_period_sentence,
    loop,
    memo_header,
    memo_opening,
    p,
    package,
    paragraphs,
    row,
    section,
    table,
    tag,
    tag_row,
)

MEMO_HEADER = memo_header("{{ case.date|date }}", "Dnr {{ case.dnr }}", when="case.dnr")

# The volume table's columns: what each cell of a row shows. Which columns a memo has, their
# headings and the rows are decided in render/context.py (`volumes`).
COLUMNS = {"current": "row.current", "proposed": "row.proposed", "change": "row.change"}
UNIT_WIDTH, AMOUNT_WIDTH = 1300, 1650  # twips; the name column takes the rest of the line


def volume_table(columns: list[str]) -> str:
    """The volume per component (and per contract where several hold one), with a total row when
    there are several components of one unit."""
    name_width = TEXT_WIDTH - UNIT_WIDTH - AMOUNT_WIDTH * len(columns)
    widths = [name_width, UNIT_WIDTH] + [AMOUNT_WIDTH] * len(columns)
    return table(
        ["Insats", "Enhet", *("{{ volumes.headings." + column + " }}" for column in columns)], widths,
        [tag_row("for row in volumes.rows", len(widths)),
         row([cell("{{ row.name }}", name_width), cell("{{ row.unit }}", UNIT_WIDTH)]
             + [cell("{{ " + COLUMNS[column] + " }}", AMOUNT_WIDTH, number=True) for column in columns]),
         tag_row("endfor", len(widths))],
        caption="{{ volumes.caption }}", numeric_from=2)


MEMO_BODY = [
    tag("set group = service.target_group"),
    *memo_opening("{{ case.title }}"),
    tag("if proposal.provide"),
    p("{{ (service.short_name or service.name)|upperfirst }} ska erbjudas {{ group.label }}"
      "{% if group.age %} {{ group.age|span }} år{% endif %}, och verksamheten ska {{ proposal.form|form_clause }}.",
      style="ListNumber"),
    tag("else"),
    p("{{ (service.short_name or service.name)|upperfirst }} för {{ group.label }}{% if group.age %} {{ group.age|span }} år"
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
        tag("if volumes.contracts"),
        p("{{ volumes.contracts }}"),
        tag("endif"),
        # "Enligt förslaget" only where the proposal sets the content; a single component named as the
        # service goes unsaid (both decided in render.context.wording).
        p("{% set name = service.short_name or service.name %}"
          "{% if say.components %}{% if say.proposal_sets_scope %}Enligt förslaget omfattar {{ name }}"
          "{% else %}{{ name|upperfirst }} omfattar{% endif %} {{ say.components|join_and }}. {% endif %}"
          "Målgruppen är {{ group.label }}{% if group.age %} {{ group.age|span }} år{% endif %}"
          "{% if group.life_situations %} {{ group.life_situations_lead }} "
          "{{ group.life_situations|join_or }}{% endif %}."
          "{% if service.aims %} Målet är att {{ service.aims|join_and }}.{% endif %}"
          "{% if service.participants %} Totalt beräknas cirka {{ service.participants|span }} "
          "{{ group.label }} få del av insatsen.{% endif %}"),
        # A procurement in lots says so, and names them by number as the tender documents do.
        tag("if figures.procurement and figures.procurement.lots|length > 1"),
        p("Upphandlingen föreslås göras i {{ figures.procurement.lots|length|count('neuter') }} delområden: "
          "{% for lot in figures.procurement.lots %}{% if not loop.first %}{% if loop.last %} och {% else %}, "
          "{% endif %}{% endif %}delområde {{ loop.index }} ({{ lot.name }}){% endfor %}."),
        tag("endif"),
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
        tag("if volumes.today"),
        p("{{ volumes.today }}"),
        tag("endif"),
        tag("if volumes.max_volumes"),
        p("{{ volumes.max_volumes }}"),
        tag("endif"),
        *paragraphs("text.economics"),
        tag("if volumes.change"),
        p("{{ volumes.change }}"),
        tag("endif"),
        tag("if text.financing"),
        p("{{ text.financing }}"),
        tag("endif"),
        tag("if figures.procurement"),
        contract_period_sentence("föreslås gälla", "löpa", "föreslås avtalet gälla"),
        # The value; what gave it, with the new contract's max volumes it is built on; a year at the
        # estimated volumes, said once; each lot by its number.
        p("{% set value = figures.procurement %}{% set v = valuation %}"
          "Upphandlingens uppskattade värde är {{ value.value|money }} exklusive moms. Det bygger på "
          "{% if not v or v.basis != 'estimates' %}avtalets maxvolymer{% if v and v.max_volumes %}, högst "
          "{{ v.max_volumes }},{% endif %}{% if v and v.basis == 'mixed' %} och, för insatser utan maxvolym, de "
          "uppskattade volymerna,{% endif %}"
          "{% else %}de uppskattade volymerna{% endif %}"
          "{% if value.value_rule == 'whole_term' %} under hela avtalstiden{% if v and v.extended %} med "
          "förlängningar{% endif %}, {{ value.term_months|months }} ({{ law.whole_term_source }})"
          "{% else %} under {{ value.counted_months }} månader, eftersom avtalet "
          "{% if value.value_rule == 'until_further_notice' %}gäller tills vidare{% else %}har ett totalt värde som "
          "inte går att uppskatta{% endif %} ({{ law.open_ended_source }}){% endif %}."
          "{% if value.annual_value is not none %}{% if v and v.basis != 'estimates' %} Med de uppskattade volymerna "
          "blir värdet {{ value.expected_value|money }}, eller {{ value.annual_value|money }} per år."
          "{% else %} Per år blir värdet {{ value.annual_value|money }}.{% endif %}{% endif %}"
          "{% for lot in value.lots %}{% if loop.first %} D{% else %}; d{% endif %}elområde {{ loop.index }}, "
          "{{ lot.name }}: {{ lot.maximum_value|money }}{% if loop.last %}.{% endif %}{% endfor %}"),
        tag("if valuation"),
        p("{% set value = figures.procurement %}{% set v = valuation %}Tröskelvärdet för "
          "{{ procurement.category|category_name }} är {{ value.threshold|money }} ({{ value.period.start|date }}–"
          "{{ value.period.end|date }}){% if not v.says_limit %}{% elif v.limits_equal %}, och direktupphandlingsgränsen "
          "är densamma{% else %} och direktupphandlingsgränsen {{ value.direct_award_limit|money }}{% endif %}. "
          "Värdet, {{ value.value|money }}, "
          "{% if value.value_class == 'at_or_above' %}{% if v.equal %}är lika med{% else %}överstiger{% endif %} "
          "tröskelvärdet"
          "{% elif value.value_class == 'below_threshold' %}överstiger direktupphandlingsgränsen men understiger "
          "tröskelvärdet"
          "{% elif v.limits_equal %}understiger tröskelvärdet och därmed direktupphandlingsgränsen"
          "{% else %}{% if v.equal %}är lika med{% else %}understiger{% endif %} direktupphandlingsgränsen{% endif %}. "
          "{{ value.class_meaning }}"),
        tag("endif"),
        tag("endif"),
        # A valfrihetssystem has no contract value or threshold (figures.procurement is None): what it
        # costs follows from the ersättning the authority sets and how many are granted the service.
        tag("if figures.rates"),
        p("I ett valfrihetssystem konkurrerar utförarna inte med pris: {{ organisation.short_name }} bestämmer "
          "ersättningen i förväg, {{ figures.rates|map('rate_amount')|join_and }}"
          "{% if procurement.lov.reimbursement.vat_compensation %}. Privata utförare får samma ersättning med "
          "{{ procurement.lov.reimbursement.vat_compensation|percent }} momskompensation, för den ingående moms de inte "
          "kan dra av{% endif %}. Kostnaden beror på hur många som får insatsen, inte på hur många utförare som "
          "godkänns."),
        tag("endif"),
        # Only the columns that carry information: no proposal column that repeats today's volumes,
        # no today's column where the current contracts state none.
        tag("if volumes.table == 'change'"),
        volume_table(["current", "proposed", "change"]),
        tag("elif volumes.table == 'current'"),
        volume_table(["current"]),
        tag("else"),
        volume_table(["proposed"]),
        tag("endif"),
    ),
    *section("Barnperspektiv", *paragraphs("text.child_perspective"), when="text.child_perspective"),
    *section("Kommunala mål", p(Raw("{{r link(municipal_goals.text, municipal_goals.url) }}")),
             when="municipal_goals"),
    *section(
        "Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet",
        tag("if mbl.status == 'negotiated'"),
        p("Förhandling enligt {{ mbl.sections|join_and }} {{ '§§' if mbl.sections|length > 1 else '§' }} MBL genomfördes "
          "{{ mbl.date|date }}."),
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
