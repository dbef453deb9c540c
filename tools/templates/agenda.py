"""The föredragningslista (agenda) of a board meeting: the cases of a package, in order, each with
its Dnr and the decisions its memo proposes (taken from the built memo, so the wording is the
memo's own)."""

from __future__ import annotations

from .wordml import PAGE_LINE, TAB, h, loop, p, package, tag

AGENDA_HEADER = [
    tag("if draft"), p("UTKAST", style="DraftMark"), tag("endif"),
    p("{{ meeting.administration }}", TAB, "FÖREDRAGNINGSLISTA", style="Header"),
    p("{{ meeting.board|upperfirst }}", TAB, "{% if meeting.date %}{{ meeting.date|date }}{% endif %}", style="Header"),
    PAGE_LINE,
]

AGENDA_FOOTER = [p("{{ meeting.municipality }}", style="Footer")]

AGENDA_BODY = [
    p("{{ meeting.board|upperfirst }}", style="Addressee"),
    p("Föredragningslista", style="Title"),
    p("{% set number = cases|length|count('neuter') ~ (' ärende' if cases|length == 1 else ' ärenden') %}"
      "{% if meeting.date %}Nämndens sammanträde {{ meeting.date|when }}{% if meeting.time %} klockan "
      "{{ meeting.time }}{% endif %}{% if meeting.place %}, {{ meeting.place }}{% endif %}, med {{ number }}."
      "{% else %}"
      "{{ number|upperfirst }} utan bestämt sammanträde.{% endif %}"),
    *loop("case", "cases",
          h(1, "{{ case.number }}. {{ case.title }}"),
          tag("if case.dnr"),
          p("Dnr {{ case.dnr }}"),
          tag("endif"),
          p("Förslag till beslut:", keep_next=True),
          *loop("proposal", "case.proposals", p("{{ proposal }}", style="ListNumber")),
          p("Handlingar: {{ case.documents|join_and }}.")),
]



TEMPLATES = {"foredragningslista.docx": package("Föredragningslista", AGENDA_BODY, AGENDA_HEADER, AGENDA_FOOTER)}
