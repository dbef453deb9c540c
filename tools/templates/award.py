"""The award documents (`tenderkit evaluate --documents`): the utvärderingsrapport, the
tilldelningsbeslut sent to every tenderer, and the tjänsteskrivelse when the board decides. They see
the spec's context plus `award` (render/award.py), whose figures and reasons are already written out."""

from __future__ import annotations

from .wordml import (
    AUTHORITY_FOOTER,
    MEMO_FOOTER,
    authority_header,
    cell,
    h,
    loop,
    memo_header,
    memo_opening,
    p,
    package,
    row,
    table,
    tag,
    tag_row,
)

SEVERAL = "award.lots|length > 1"

# Drafts until the real decision date is given (`--decided`): case.final is the first memo's, written
# months before the tenders arrive.
DRAFT = [tag("if not award.final"), p("UTKAST", style="DraftMark"), tag("endif")]


def lots(*body: str) -> list[str]:
    """Each lot's part under its own heading when there are several."""
    return loop("lot", "award.lots", tag(f"if {SEVERAL}"), h(2, "{{ lot.heading }}"), tag("endif"), *body)


def _table(headings: list[str], cells: list[str], widths: list[int], loop_over: str, caption: str,
           numeric_from: int) -> str:
    return table(headings, widths, [tag_row(f"for {loop_over}", len(widths)),
                                    row([cell(text, width, number=i >= numeric_from)
                                         for i, (text, width) in enumerate(zip(cells, widths, strict=True))]),
                                    tag_row("endfor", len(widths))], caption=caption, numeric_from=numeric_from)


# The ranking per model: every figure the evaluation compared.
RANKING = [
    tag("if award.model == 'price_deductions'"),
    _table(["Plats", "Anbudsgivare", "Anbudspris", "Avdrag", "Jämförelsepris"],
           ["{{ t.rank }}", "{{ t.tenderer }}", "{{ t.tendered_price }}", "{{ t.deduction }}",
            "{{ t.comparison_price }}"], [800, 3070, 2000, 1100, 2100], "t in lot.ranked",
           "Rangordning: anbudspris, avdrag för kvalitet och jämförelsepris", 2),
    tag("elif award.model == 'weights'"),
    _table(["Plats", "Anbudsgivare", "Anbudspris", "Prispoäng", "Kvalitetspoäng", "Totalpoäng"],
           ["{{ t.rank }}", "{{ t.tenderer }}", "{{ t.tendered_price }}", "{{ t.price_points }}",
            "{{ t.quality_points }}", "{{ t.total_points }}"], [800, 2570, 1900, 1200, 1400, 1200], "t in lot.ranked",
           "Rangordning: anbudspris och poäng", 2),
    tag("else"),
    _table(["Plats", "Anbudsgivare", "Anbudspris"], ["{{ t.rank }}", "{{ t.tenderer }}", "{{ t.tendered_price }}"],
           [1000, 5070, 3000], "t in lot.ranked", "Rangordning efter anbudspris", 2),
    tag("endif"),
]

REJECTIONS = loop("r", "lot.rejected",
                  p("{{ r.tenderer }}: kravet {{ r.requirement }}{% if r.title %} ({{ r.title }}){% endif %} är inte "
                    "uppfyllt. {{ r.note }}", style="ListBullet"))

REPORT_BODY = [
    p("{{ authority }}", style="Addressee"),
    p("Utvärderingsrapport – {{ service.name|upperfirst }}", style="Title"),
    p("Upphandling enligt lagen (2016:1145) om offentlig upphandling (LOU){% if reference %}, {{ reference }}"
      "{% endif %}. Sista anbudsdag var {{ procurement.timetable.tender_deadline|date }}. Rapporten redovisar hur "
      "anbuden har prövats och utvärderats inför tilldelningsbeslutet {{ award.decided|date }}."),
    h(1, "Inkomna anbud"),
    p("{{ award.tenderers|length|count('neuter')|upperfirst }} anbud kom in före sista anbudsdagen:"),
    _table(["Anbudsgivare", "Organisationsnummer", "Anbudet gäller"],
           ["{{ t.name }}", "{{ t.organisation_number }}", "{{ t.lots|upperfirst }}"], [3270, 2200, 3600],
           "t in award.tenderers", "Inkomna anbud med anbudsgivarens organisationsnummer", 3),
    h(1, "Prövning av ska-krav"),
    p("Varje anbud har prövats mot förfrågningsunderlagets ska-krav för de delområden det gäller. Ett anbud som "
      "inte uppfyller ett ska-krav förkastas och utvärderas inte."),
    *lots(tag("if lot.rejected"),
          p("Förkastade anbud:", keep_next=True),
          *REJECTIONS,
          tag("else"),
          p("Alla anbud uppfyller ska-kraven."),
          tag("endif"),
          tag("if lot.unpriced"),
          p("Rangordnas inte, eftersom anbudet saknar pris: {{ lot.unpriced|join_and }}."),
          tag("endif")),
    h(1, "Utvärdering"),
    p("Tilldelningsgrunden är {{ procurement.evaluation.basis|basis_name }}. Anbudspriset är summan av priset per "
      "enhet gånger den uppskattade volymen per år."
      "{% if award.model == 'price_deductions' %} Varje kriteriums nivå ger ett avdrag i procent av anbudspriset; "
      "jämförelsepriset är anbudspriset minskat med avdragen, och lägst jämförelsepris vinner."
      "{% elif award.model == 'weights' %} Pris och kvalitet ger poäng efter sina vikter, och högst totalpoäng "
      "vinner.{% else %} Lägst anbudspris vinner.{% endif %} Vid lika resultat gäller {{ award.tie_rule }}."),
    *lots(tag("if lot.estimate"),
          p("Myndighetens egen uppskattning med samma volymer: {{ lot.estimate }}."),
          tag("endif"),
          tag("if lot.ranked"),
          _table(["Anbudsgivare", "Insats", "Pris per enhet", "Volym per år", "Summa"],
                 ["{{ line.tenderer }}", "{{ line.component }}", "{{ line.price }} per {{ line.unit }}",
                  "{{ line.volume }}", "{{ line.amount }}"], [2270, 1900, 2000, 1100, 1800], "line in lot.prices",
                 "Anbudspris: pris per enhet gånger uppskattad volym per år", 2),
          *RANKING,
          tag("if award.model"),
          table(["Anbudsgivare", "Kriterium", "Bedömd nivå"], [2800, 4270, 2000],
                [tag_row("for t in lot.ranked", 3), tag_row("for level in t.levels", 3),
                 row([cell("{{ t.tenderer }}", 2800), cell("{{ level.criterion }}", 4270),
                      cell("{{ level.worth }}", 2000, number=True)]),
                 tag_row("endfor", 3), tag_row("endfor", 3)],
                caption="Utvärderingsgruppens bedömning per kriterium", numeric_from=2),
          tag("endif"),
          *loop("reason", "lot.reasons", p("{{ reason }}")),
          *loop("tie", "lot.ties", p("{{ tie }}")),
          tag("if lot.winner"),
          p("Det ekonomiskt mest fördelaktiga anbudet har lämnats av {{ lot.winner }}."),
          tag("else"),
          p("Det ekonomiskt mest fördelaktiga anbudet kan inte utses ännu: första platsen avgörs genom lottning."),
          tag("endif"),
          tag("else"),
          p("Inget anbud kan rangordnas."),
          tag("endif")),
    tag("if award.notes or award.lots|selectattr('warnings')|list"),
    h(1, "Att uppmärksamma"),
    p("Utvärderingsgruppen behöver ta ställning till följande innan beslutet fattas:", keep_next=True),
    *loop("note", "award.notes", p("{{ note }}", style="ListBullet")),
    *loop("lot", "award.lots", *loop("warning", "lot.warnings", p("{{ warning }}", style="ListBullet"))),
    tag("endif"),
    h(1, "Utvärderingsgrupp"),
    tag("if award.group"),
    p("Anbuden har prövats och utvärderats av:", keep_next=True),
    *loop("member", "award.group", p("{{ member }}", style="ListBullet")),
    tag("else"),
    p("Anbuden har prövats och utvärderats av {{ organisation.administration }}."),
    tag("endif"),
]

SIGNATURE = [
    tag("if award.by_board"),
    p("{{ organisation.board|upperfirst }}", style="Signature"),
    p("Beslutet fattades vid nämndens sammanträde {{ award.decided|date }}."),
    tag("else"),
    p("{{ award.delegate }}", style="Signature"),
    p("Beslutet har fattats {{ award.decided|date }} på delegation från {{ organisation.board|lowerfirst }}"
      "{% if award.delegation %} enligt {{ award.delegation }}{% endif %}."),
    tag("endif"),
]

# The standstill runs from the day after the decision is sent (20 kap. 1 § LOU), not from the
# decision: the documents assume it is sent electronically the day it is made, and say so.
STANDSTILL = [
    p("{% set s = award.standstill %}Beslutet skickas elektroniskt till alla anbudsgivare {{ award.decided|date }}. "
      "Avtal får inte ingås under avtalsspärren, som är {{ s.days|count }} dagar räknat från dagen efter den dag då "
      "beslutet skickades ({{ s.source }}): från {{ s.first|date }} till och med {{ s.last|date }}."
      "{% if s.extended_by %} Spärren förlängs till nästa vardag, eftersom {{ s.extended_by|join_and }} inte är "
      "vardagar (lagen (1930:173) om beräkning av lagstadgad tid).{% endif %} Avtal kan tecknas tidigast {{ s.signing|date }}."),
    p("Tilldelningsbeslutet är inte ett avtal. Avtal sluts först när avtalsspärren har löpt ut, genom att båda "
      "parter skriver under ett skriftligt avtal."),
]

DECISION_BODY = [
    p("Till anbudsgivarna", style="Addressee"),
    p("Tilldelningsbeslut – {{ service.name|upperfirst }}", style="Title"),
    p("Upphandling enligt lagen (2016:1145) om offentlig upphandling (LOU){% if reference %}, {{ reference }}"
      "{% endif %}. Beslutsdatum {{ award.decided|date }}."),
    h(1, "Beslut"),
    p("{% if award.by_board %}{{ organisation.board|upperfirst }}{% else %}{{ authority }}{% endif %} tilldelar "
      "kontrakt{% if " + SEVERAL + " %} per delområde{% endif %}:", keep_next=True),
    *loop("lot", "award.lots",
          p("{{ lot.label|upperfirst }}: {% if lot.winner %}{{ lot.winner }}{% else %}inget kontrakt tilldelas "
            "ännu{% endif %}.", style="ListBullet")),
    h(1, "Skäl för beslutet"),
    p("Anbuden har prövats mot ska-kraven och utvärderats enligt förfrågningsunderlaget. Tilldelningsgrunden är "
      "{{ procurement.evaluation.basis|basis_name }}; vid lika resultat gäller {{ award.tie_rule }}."),
    *lots(tag("if lot.rejected"),
          p("Anbud som har förkastats för att ett ska-krav inte är uppfyllt:", keep_next=True),
          *REJECTIONS,
          tag("endif"),
          *loop("reason", "lot.reasons", p("{{ reason }}")),
          *loop("tie", "lot.ties", p("{{ tie }}")),
          tag("if lot.ranked"),
          *RANKING,
          tag("else"),
          p("Inget anbud kan rangordnas."),
          tag("endif")),
    h(1, "Avtalsspärr"),
    *STANDSTILL,
    *loop("note", "award.notes", p("{{ note }}")),
    h(1, "Överprövning"),
    p("En leverantör som anser att den har lidit eller kan komma att lida skada kan ansöka om överprövning av "
      "upphandlingen hos {% if award.review_body %}{{ award.review_body }}{% else %}den förvaltningsrätt där "
      "{{ authority }} har sin hemvist{% endif %} (20 kap. LOU). Ansökan ska ha kommit in till förvaltningsrätten "
      "innan avtal har ingåtts, alltså under avtalsspärren, senast {{ award.standstill.last|date }}. När avtal har "
      "ingåtts kan upphandlingen inte längre överprövas."),
    p("Frågor om beslutet besvaras av {{ procurement.authority.contact.name }}, "
      "{{ procurement.authority.contact.email }}."),
    *SIGNATURE,
]

MEMO_HEADER = memo_header("Sammanträde {{ award.decided|date }}", "{{ reference }}", when="reference", draft=DRAFT)

MEMO_BODY = [
    *memo_opening("Tilldelning av kontrakt – {{ service.name|upperfirst }}"),
    *loop("lot", "award.lots",
          p("{% if lot.winner %}Kontrakt för {{ lot.label }} tilldelas {{ lot.winner }}.{% else %}Kontrakt för "
            "{{ lot.label }} tilldelas inte nu.{% endif %}", style="ListNumber")),
    h(1, "Ärende"),
    p("Upphandlingen av {{ service.name }}{% if reference %} ({{ reference }}){% endif %} annonserades "
      "{{ procurement.timetable.publication|date }}, och sista anbudsdag var "
      "{{ procurement.timetable.tender_deadline|date }}. {{ award.tenderers|length|count('neuter')|upperfirst }} "
      "anbud kom in: {{ award.tenderers|map(attribute='name')|join_and }}. Anbuden har prövats och utvärderats "
      "enligt förfrågningsunderlaget; utvärderingsrapporten redovisar varje anbud."),
    *loop("lot", "award.lots", *loop(
        "r", "lot.rejected",
        p("{% if " + SEVERAL + " %}{{ lot.label|upperfirst }}: {% endif %}{{ r.tenderer }} förkastas, eftersom kravet "
          "{{ r.requirement }}{% if r.title %} ({{ r.title }}){% endif %} inte är uppfyllt. {{ r.note }}",
          style="ListBullet"))),
    h(1, "Beslutsunderlag"),
    p("Tjänsteskrivelse – Tilldelning av kontrakt, {{ service.name }}", style="ListBullet"),
    p("Utvärderingsrapport – {{ service.name|upperfirst }}", style="ListBullet"),
    h(1, "Utvärdering"),
    p("Tilldelningsgrunden är {{ procurement.evaluation.basis|basis_name }}; vid lika resultat gäller "
      "{{ award.tie_rule }}."),
    *lots(*loop("reason", "lot.reasons", p("{{ reason }}")),
          *loop("tie", "lot.ties", p("{{ tie }}")),
          tag("if lot.ranked"),
          *RANKING,
          tag("endif")),
    h(1, "Avtalsspärr"),
    *STANDSTILL,
    *loop("note", "award.notes", p("{{ note }}")),
    tag("if case.signed_by"),
    p("{{ organisation.administration }}", style="Signature"),
    p("{{ case.signed_by }}"),
    tag("endif"),
    tag("if case.recipients"),
    h(1, "Beslutet skickas till"),
    p("Samtliga anbudsgivare"),
    *loop("recipient", "case.recipients", p("{{ recipient }}")),
    tag("endif"),
]

TEMPLATES = {
    "utvarderingsrapport.docx": package(
        "Utvärderingsrapport", REPORT_BODY, authority_header("UTVÄRDERINGSRAPPORT", "{{ service.name|upperfirst }}", DRAFT),
        AUTHORITY_FOOTER),
    "tilldelningsbeslut.docx": package(
        "Tilldelningsbeslut", DECISION_BODY, authority_header("TILLDELNINGSBESLUT", "{{ service.name|upperfirst }}", DRAFT),
        AUTHORITY_FOOTER),
    "tjansteskrivelse-tilldelning.docx": package("Tjänsteskrivelse", MEMO_BODY, MEMO_HEADER, MEMO_FOOTER),
}
