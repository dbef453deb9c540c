"""`tenderkit notice`: the eForms contract notice of a spec's procurement, written from the spec, and
after the evaluation its contract award notice.

The pipeline: a checked spec → what the notice needs that the spec lacks (`problems`, located like
every other problem) → the XML (`contract.py`; `award.py` with the evaluated tenders) → the eForms
XSD (`schema.py`). A notice is
returned only when the spec supplies every field and the XML passes the schema, so an invalid
notice is never written. The SDK's business rules (schematron) run in the tests, not here: they
take a minute to compile (README, "The notice").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import N_, _
from ..render.filters import money
from ..spec.errors import Problem, SpecError
from ..spec.procurement import ONE_STAGE, ThresholdCategory
from . import award
from .codes import cpv_codes, social_service_cpv, swedish_nuts
from .contract import contract_notice
from .schema import schema_errors
from .ubl import regime_of

if TYPE_CHECKING:
    from ..build import CheckedSpec

_PROCUREMENT = ("procurement",)
_AUTHORITY = _PROCUREMENT + ("authority",)


def notice(checked: CheckedSpec) -> bytes:
    """The contract notice as XML; SpecError with every problem when it cannot be written."""
    found = [checked.valid.locate(problem) for problem in problems(checked)]
    if found:
        raise SpecError(found, checked.valid.source.lines)
    return _schema_checked(contract_notice(checked))


def award_notice(checked: CheckedSpec, directory: Path, decided: date | None) -> tuple[bytes, list[Problem]]:
    """The contract award notice of the tenders in `directory`, evaluated, the award decided on
    `decided` (or the timetable's day), with its warnings; SpecError with every problem, in the spec
    or an answers file, when it cannot be written."""
    from ..award import decision_date
    from ..evaluate import read_tenders
    from ..evaluation import evaluate

    found = [checked.valid.locate(problem) for problem in problems(checked)]
    if found:  # the tenders are read against a spec that can be announced
        raise SpecError(found, checked.valid.source.lines)
    day, dated = decision_date(checked, decided)
    if any(problem.is_error for problem in dated):
        raise SpecError([problem for problem in dated if problem.is_error])
    tenders = read_tenders(directory, checked)
    outcomes = award.awards(checked, tenders, evaluate(checked.spec, checked.requirements, tenders.tenders))
    found = award.problems(checked, tenders, outcomes, day)
    if found:
        raise SpecError(found, {**checked.valid.source.lines, **tenders.sources})
    answers = {tender.file: tender.answers for tender in tenders.tenders}
    return _schema_checked(award.award_notice(checked, outcomes, answers, day)), [*dated, *_planned(checked, decided)]


def _planned(checked: CheckedSpec, decided: date | None) -> list[Problem]:
    """An award notice states what happened; without --decided its days are the timetable's plan."""
    if decided is not None:
        return []
    timetable = checked.spec.procurement.timetable
    return [checked.valid.locate(Problem(
        _("the award notice states the timetable's days: the decision on {decided} and the contract signed on "
          "{signed}; a notice sent to TED must state the days they happened").format(
            decided=timetable.award, signed=timetable.contract_signing),
        path=_PROCUREMENT + ("timetable", "contract_signing"), severity="warning",
        hint=_("give the day of the decision with --decided, and write the day the contract was signed in "
               "procurement.timetable.contract_signing")))]


def _schema_checked(xml: bytes) -> bytes:
    errors = schema_errors(xml)
    if errors:
        raise SpecError([Problem(
            _("the notice does not pass the eForms schema (XSD), so it was not written: {errors}").format(
                errors="; ".join(errors)),
            hint=_("this is a bug in tenderkit, not in your spec: report it with the spec"))])
    return xml


def problems(checked: CheckedSpec) -> list[Problem]:
    """What keeps the spec from its notice (subtype 20 or 16), each at the field to add or change."""
    procurement = checked.spec.procurement
    if procurement is None or not procurement.is_lou:
        return [Problem(_("there is no procurement under LOU to announce: a notice is written for a procurement "
                          "with a procedure, timetable, contract and evaluation"),
                        path=_PROCUREMENT, on_key=True,
                        hint=_("a valfrihetssystem is announced on the national website for valfrihetssystem, "
                               "not with an eForms contract notice") if procurement is not None else
                        _("add the `procurement:` part (see specs/stodboende-unga-vuxna-2025.yaml) to write its "
                          "notice"))]
    return [*_threshold(checked), *_procedure(procurement), *_authority(procurement.authority), *_cpv(procurement),
            *_required(procurement)]


def _threshold(checked: CheckedSpec) -> Iterator[Problem]:
    procurement, figures = checked.spec.procurement, checked.figures.procurement
    if figures.value_class != "at_or_above":  # a notice date the law data lacks stops check_spec (rules.py)
        yield Problem(_("the value, {value}, is below the threshold of {threshold}: an eForms notice in TED (subtype "
                        "{subtype}) is for a procurement at or above it; below it the notice goes to a registered "
                        "advertising database (lag (2019:668) om upphandlingsstatistik) with the content "
                        "upphandlingsförordningen (2016:1162) asks for, in the form that database takes").format(
                          value=money(figures.value), threshold=money(figures.threshold),
                          subtype=regime_of(procurement).contract.subtype),
                      path=_PROCUREMENT + ("timetable", "publication"),
                      hint=_("fill in the notice in the advertising database; tenderkit does not write it"))


def _procedure(procurement) -> Iterator[Problem]:
    """The procedure's type the notice states (which types a category allows is a rule of the spec,
    rules.py): for other services and works it must be named, and it must be one in a single stage,
    as the timetable has no deadline for requests to participate."""
    light, procedure_type = regime_of(procurement).light, procurement.procedure_type
    path = _PROCUREMENT + ("procedure_type",)
    if not light and procedure_type is None:
        yield Problem(_("the notice of a procurement of `{category}` needs the type of its procedure").format(
                          category=procurement.category), path=path, on_key=True,
                      hint=_("add `procedure_type: open` (öppet förfarande) under procurement, or the type you "
                             "use"))
    elif procedure_type is not None and procedure_type not in ONE_STAGE:
        yield Problem(_("tenderkit writes the notice of a procedure in one stage, and `{type}` begins with requests "
                        "to participate, whose deadline the timetable does not hold").format(type=procedure_type),
                      path=path,
                      hint=_("fill in this notice in the advertising database, or use open or single_stage") if light
                      else _("fill in this notice in the advertising database, or use open"))
    if not light and procurement.gpa is None:
        yield Problem(_("the notice of a procurement of `{category}` states whether the WTO Government Procurement "
                        "Agreement (GPA) covers it").format(category=procurement.category),
                      path=_PROCUREMENT + ("gpa",), on_key=True,
                      hint=_("add `gpa: true` under procurement if the EU's annexes to the GPA cover the service or "
                             "work, otherwise `gpa: false`"))


def _authority(authority) -> Iterator[Problem]:
    yield from _organisation(authority, _AUTHORITY)
    if authority.address is None:
        yield Problem(_("the notice needs the authority's postal address"), path=_AUTHORITY + ("address",),
                      on_key=True, hint=_("add `address:` with `street`, `postal_code`, `city` and `nuts` under "
                                          "procurement.authority"))
    if authority.review_body is None:
        yield Problem(_("the notice needs the review body: the förvaltningsrätt where the authority has its seat "
                        "(20 kap. 5 § LOU)"), path=_AUTHORITY + ("review_body",), on_key=True,
                      hint=_("add `review_body:` with `name`, `organisation_number` and `address` under "
                             "procurement.authority, e.g. Förvaltningsrätten i Stockholm"))
    else:
        review = _AUTHORITY + ("review_body",)
        for name, missing in (("organisation_number", _("the notice needs the review body's organisation number")),
                              ("address", _("the notice needs the review body's postal address"))):
            if getattr(authority.review_body, name) is None:
                yield Problem(missing, path=review + (name,), on_key=True,
                              hint=_("add `{name}:` under procurement.authority.review_body, as the court's "
                                     "letterhead gives it").format(name=name))
        yield from _organisation(authority.review_body, review)


def _organisation(organisation, path) -> Iterator[Problem]:
    """The organisation number and the NUTS region of the buyer or the review body."""
    if organisation.organisation_number is not None and not luhn_valid(organisation.organisation_number):
        yield Problem(_("{number} is not an organisation number: its check digit (the last one) is wrong").format(
                          number=organisation.organisation_number),
                      path=path + ("organisation_number",),
                      hint=_("copy the number from the organisation's letterhead or from SCB's register"))
    if organisation.address is not None and organisation.address.nuts not in swedish_nuts():
        nuts = organisation.address.nuts
        close = difflib.get_close_matches(nuts, list(swedish_nuts()), n=1, cutoff=0.6)
        yield Problem(_("{code} is not a Swedish NUTS 3 region (a län)").format(code=nuts),
                      path=path + ("address", "nuts"),
                      hint=_("did you mean {code} ({name})?").format(code=close[0], name=swedish_nuts()[close[0]])
                      if close else _("e.g. SE110 for Stockholms län"))


def _cpv(procurement) -> Iterator[Problem]:
    if not procurement.cpv:
        yield _no_cpv(_("the notice needs the procurement's CPV codes"), _PROCUREMENT + ("cpv",), "procurement")
    for index, lot in enumerate(procurement.lots):
        if not lot.cpv:  # at the lot itself: a key missing inside a list item has no place of its own
            yield _no_cpv(_("the notice needs the CPV codes of this lot"), _PROCUREMENT + ("lots", index),
                          f"procurement.lots[{lot.id}]")
    listed = [(_PROCUREMENT + ("cpv", index), code) for index, code in enumerate(procurement.cpv)]
    listed += [(_PROCUREMENT + ("lots", lot_index, "cpv", index), code)
               for lot_index, lot in enumerate(procurement.lots) for index, code in enumerate(lot.cpv)]
    social = regime_of(procurement).light
    for path, code in listed:
        if code not in cpv_codes():
            yield Problem(_("{code} is not a CPV code").format(code=code), path=path, hint=_close_codes(code, social))
        elif social and code not in social_service_cpv():
            yield Problem(_("{code} is not a CPV code of social and other specific services (LOU bilaga 2), which a "
                            "contract notice of subtype 20 must use").format(code=code), path=path,
                          hint=_close_codes(code, social))
        elif not social and path[-1] == 0:
            yield from _main_cpv(code, path, procurement.category)


def _main_cpv(code: str, path, category: ThresholdCategory) -> Iterator[Problem]:
    """The main CPV code names what is bought, so it decides the category: in CPV 2008 (Commission
    Regulation (EC) No 213/2008) division 45 is works, 50–98 are services, the others goods."""
    if code in social_service_cpv():
        yield Problem(_("{code} ({name}) is a social or other specific service (LOU bilaga 2), and the procurement's "
                        "category is `{category}`").format(code=code, name=social_service_cpv()[code],
                                                           category=category),
                      path=path, hint=_("set `category: social_services` under procurement, or choose another main "
                                        "code"))
    else:
        division = code[:2]
        kind = "works" if division == "45" else "services" if division >= "50" else "goods"
        if kind != category:
            yield Problem(_("{code} is a CPV code of {kind}, and the procurement's category is `{category}`").format(
                              code=code, category=category, kind=_(_NATURES[kind])),
                          path=path, hint=_("the main code decides: works are division 45, services 50 to 98"))


_NATURES = {"works": N_("works"), "services": N_("services"), "goods": N_("goods")}


def _no_cpv(message: str, path, parent: str) -> Problem:
    return Problem(message, path=path, on_key=path[-1] == "cpv",
                   hint=_("add `cpv:` under {parent}, the main code first and in quotes, e.g. cpv: [\"85311000\"] "
                          "(social omsorg med inkvartering)").format(parent=parent))


def _close_codes(code: str, social: bool) -> str:
    """The codes of the same group (the longest shared leading digits) of the list the code must be
    in: social services' with their names, or the whole vocabulary's."""
    names = social_service_cpv() if social else {}
    for length in range(len(code) - 1, 1, -1):
        near = sorted(known for known in (names or cpv_codes()) if known[:length] == code[:length])[:3]
        if near:
            return _("codes of the same group: {codes}").format(
                codes="; ".join(f"{known} ({names[known]})" if social else known for known in near))
    if social:
        return _("the codes begin with 75, 79, 80, 85, 92 or 98; the list is LOU bilaga 2")
    return _("look the code up in the CPV vocabulary (Commission Regulation (EC) No 213/2008)")


def _required(procurement) -> Iterator[Problem]:
    if procurement.documents_url is None:
        yield Problem(_("the notice needs the address where the procurement documents can be downloaded"),
                      path=_PROCUREMENT + ("documents_url",), on_key=True,
                      hint=_("add `documents_url:` under procurement, the page of the procurement in the "
                             "procurement system"))
    if procurement.timetable.tender_deadline_time is None:
        yield Problem(_("the notice needs the time of day of the tender deadline"),
                      path=_PROCUREMENT + ("timetable", "tender_deadline_time"), on_key=True,
                      hint=_("add `tender_deadline_time: \"23.59\"` under procurement.timetable"))


def luhn_valid(number: str) -> bool:
    """The check digit of a Swedish organisation number (the Luhn algorithm over its ten digits)."""
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(number) if d.isdigit()):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0
