"""What the award documents see: the spec's context plus the evaluation written out in Swedish
(`context.AwardContext`). The figures come from `evaluation.Result` unchanged; this module only
decides which sentences they make (the reasons a tilldelningsbeslut must give, LOU 12 kap. 12 §),
so the templates only word the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from ..derive import NON_WORKING, earliest_signing, tendered_price
from ..evaluation import Entry, LotResult, Result, Tender
from ..spec.procurement import DecisionMaker, EvaluationModel
from .context import Award, AwardLot, AwardTender, Standstill
from .filters import (
    day_kind,
    document_date,
    join_and,
    kronor,
    lot_label,
    lowerfirst,
    number,
    percent,
    price_unit,
    upperfirst,
)

TIE_RULES = {"quality_then_lottery": "högst kvalitet först, sedan lottning",
             "price_then_lottery": "lägst anbudspris först, sedan lottning", "lottery": "lottning"}


def award_context(context: dict[str, Any], checked, tenders: Sequence[Tender], result: Result, decided: date,
                  warnings: Sequence[Sequence[str]], *, final: bool) -> dict[str, Any]:
    """The spec's `context` with `award`; `warnings` are each lot's evaluation warnings, in Swedish;
    `final` when the decision date is the real one rather than the timetable's plan."""
    spec, law = checked.spec, checked.law
    procurement = spec.procurement
    award = procurement.award
    titles = {r.id: r.title for r in checked.requirements}
    prices = {tender.answers.tenderer: tender.prices for tender in tenders}
    lots = [_lot(lot, number_, result.model, titles, lot_warnings, len(result.lots) > 1, prices)
            for number_, (lot, lot_warnings) in enumerate(zip(result.lots, warnings, strict=True), 1)]
    timetable, review_body = procurement.timetable, procurement.authority.review_body
    tendered: dict[tuple[str, str], list[str]] = {}
    for lot in result.lots:
        for entry in lot.entries:
            tendered.setdefault((entry.tenderer, entry.organisation_number), []).append(
                _label(lot, result) if len(result.lots) > 1 else "hela uppdraget")
    value: Award = {
        "decided": decided, "final": final, "planned": timetable.award, "planned_signing": timetable.contract_signing,
        "by_board": award.decided_by is DecisionMaker.board, "delegate": award.delegate,
        "delegation": award.delegation, "review_body": review_body.name if review_body else None,
        "model": result.model.value if result.model else None, "tie_rule": TIE_RULES[result.tie_break.value],
        "group": list(procurement.evaluation.group),
        "tenderers": [{"name": name, "organisation_number": org, "lots": join_and(lots_)}
                      for (name, org), lots_ in sorted(tendered.items())],
        "lots": lots, "standstill": standstill(decided, law.standstill_days, law.standstill_source),
        "notes": notes(decided, timetable.award, timetable.contract_signing, law.standstill_days)}
    return {**context, "award": value}


def standstill(decided: date, days: int, source: str) -> Standstill:
    """The period as derive.earliest_signing counts it, with the non-working days it ran past."""
    signing = earliest_signing(decided, days)
    nominal = decided + timedelta(days=days)
    past = [nominal + timedelta(days=n) for n in range((signing - nominal).days - 1)]
    return {"days": days, "source": source, "first": decided + timedelta(days=1), "nominal": nominal,
            "last": signing - timedelta(days=1), "signing": signing,
            "extended_by": [f"{document_date(day)} ({join_and(day_kind(kind) for kind, is_kind in NON_WORKING.items() if is_kind(day))})"
                            for day in past]}


def notes(decided: date, planned: date, planned_signing: date, days: int) -> list[str]:
    """What the decision date changes in the timetable, in Swedish (the documents say it too)."""
    if decided == planned:
        return []
    found = [f"Beslutet fattas {document_date(decided)}, inte {document_date(planned)} som tidsplanen anger; "
             "avtalsspärren räknas från beslutsdagen."]
    signing = earliest_signing(decided, days)
    if signing > planned_signing:
        found.append(f"Avtal kan tecknas tidigast {document_date(signing)}, efter den dag tidsplanen anger för "
                     f"avtalstecknande, {document_date(planned_signing)}.")
    return found


def _label(lot: LotResult, result: Result) -> str:
    number_ = result.lots.index(lot) + 1
    return lot_label({"number": number_, "name": lot.lot.name})


def _lot(lot: LotResult, number_: int, model: EvaluationModel | None, titles: dict[str, str],
         warnings: Sequence[str], several: bool, unit_prices: dict[str, dict]) -> AwardLot:
    ranked = [entry for entry in lot.entries if entry.ranked]
    prices = [{"tenderer": entry.tenderer, "component": upperfirst(component.name), "price": kronor(price),
               "unit": price_unit(component.unit), "volume": number(component.per_year),
               "amount": kronor(tendered_price({component.id: price}, [component]))}
              for entry in ranked for component in lot.lot.components
              for price in [unit_prices[entry.tenderer][lot.lot.id][component.id]]]
    return {
        "heading": f"Delområde {number_}: {upperfirst(lot.lot.name)}" if several else upperfirst(lot.lot.name),
        "label": lot_label({"number": number_, "name": lot.lot.name}) if several else "upphandlingen",
        "received": sorted(entry.tenderer for entry in lot.entries),
        "rejected": [{"tenderer": entry.tenderer, "requirement": rejection.requirement,
                      "title": titles.get(rejection.requirement, ""), "note": rejection.note or ""}
                     for entry in lot.entries for rejection in entry.rejected],
        "unpriced": [f"{entry.tenderer} ({join_and(entry.empty_prices)})" for entry in lot.entries
                     if entry.empty_prices and not entry.rejected],
        "prices": prices, "ranked": [_tender(entry, model) for entry in ranked],
        "estimate": kronor(lot.estimate) if lot.estimate is not None else None,
        "winner": ranked[0].tenderer if ranked and not _undecided(lot, ranked[0]) else None,
        # a first place shared until lots are drawn has no reasons yet: the tie says why
        "reasons": reasons(ranked, model) if ranked and not _undecided(lot, ranked[0]) else [],
        "ties": [_tie(tie) for tie in lot.ties], "warnings": [_sentence(w) for w in warnings]}


def _sentence(message: str) -> str:
    """An evaluation warning (a message without a full stop) as a sentence of the report's list."""
    return upperfirst(message) if message.endswith(".") else f"{upperfirst(message)}."


def _undecided(lot: LotResult, first: Entry) -> bool:
    """The first place is shared and only lottning can decide it: no winner yet."""
    return any(tie.decided_by is None and first.tenderer in tie.tenderers for tie in lot.ties)


def _tender(entry: Entry, model: EvaluationModel | None) -> AwardTender:
    deductions = model is EvaluationModel.price_deductions
    weights = model is EvaluationModel.weights
    return {"rank": entry.rank, "tenderer": entry.tenderer, "tendered_price": kronor(entry.tendered_price),
            "deduction": percent(entry.deduction) if deductions else None,
            "comparison_price": kronor(entry.comparison_price) if deductions else None,
            "price_points": points(entry.price_points) if weights else None,
            "quality_points": points(entry.quality_points) if weights else None,
            "total_points": points(entry.total_points) if weights else None,
            "levels": [{"criterion": a.criterion.name, "worth": _worth(a.level.worth(model), model),
                        "earned_by": a.level.earned_by} for a in entry.levels]}


def points(value: Fraction) -> str:
    """Points to two decimals, as the table of `tenderkit evaluate` shows them: "87,50"."""
    return f"{float(value):.2f}".replace(".", ",")


def _worth(worth: int, model: EvaluationModel | None) -> str:
    return percent(worth) if model is EvaluationModel.price_deductions else f"{worth} poäng"


def reasons(ranked: list[Entry], model: EvaluationModel | None) -> list[str]:
    """The reasons for the decision (LOU 12 kap. 12 §): the winning tender's deciding figures,
    then each other ranked tender's relative disadvantage against it."""
    first = ranked[0]
    if model is EvaluationModel.price_deductions:
        found = [f"{first.tenderer} har lägst jämförelsepris, {kronor(first.comparison_price)}: anbudspriset "
                 f"{kronor(first.tendered_price)} minskat med {percent(first.deduction)} för kvalitet"
                 f"{_levels(first, model)}."]
    elif model is EvaluationModel.weights:
        found = [f"{first.tenderer} har högst totalpoäng, {points(first.total_points)}: {points(first.price_points)} "
                 f"för pris och {points(first.quality_points)} för kvalitet{_levels(first, model)}."]
    else:
        found = [f"{first.tenderer} har lägst anbudspris, {kronor(first.tendered_price)}."]
    for other in ranked[1:]:
        found.append(_against(other, first, model))
    return found


def _levels(entry: Entry, model: EvaluationModel) -> str:
    return f" ({', '.join(f'{_criterion(a)} {_worth(a.level.worth(model), model)}' for a in entry.levels)})" \
        if entry.levels else ""


def _criterion(assessment) -> str:
    """A criterion's name inside a sentence: the spec writes it as a heading ("Brukarens
    delaktighet"); only its first letter is lowered, so "Metoder enligt KBT" keeps its capitals."""
    return lowerfirst(assessment.criterion.name)


def _against(other: Entry, first: Entry, model: EvaluationModel | None) -> str:
    """One other tender against the winner: the gap, and its price and quality against the winner's
    (a larger deduction is a higher quality), then criterion by criterion where they differ."""
    price = _compare(other.tendered_price, first.tendered_price, "detsamma", kronor)
    if model is EvaluationModel.price_deductions:
        quality = _compare(other.deduction, first.deduction, "densamma", percent, "avdrag ")
        return (f"{other.tenderer} (plats {other.rank}) har jämförelsepriset {kronor(other.comparison_price)}, "
                f"{kronor(other.comparison_price - first.comparison_price)} högre: anbudspriset är {price} och "
                f"kvaliteten {quality}{_criteria_against(other, first, model)}.")
    if model is EvaluationModel.weights:
        quality = _compare(other.quality_points, first.quality_points, "densamma", _points)
        return (f"{other.tenderer} (plats {other.rank}) har totalpoängen {points(other.total_points)}, "
                f"{_points(first.total_points - other.total_points)} färre: anbudspriset är {price} och kvaliteten "
                f"{quality}{_criteria_against(other, first, model)}.")
    return (f"{other.tenderer} (plats {other.rank}) har anbudspriset {kronor(other.tendered_price)}, "
            f"{kronor(other.tendered_price - first.tendered_price)} högre.")


def _points(value: Fraction) -> str:
    return f"{points(value)} poäng"


def _compare(value, winner, same: str, written, prefix: str = "") -> str:
    """"högre (6 482 400 kronor mot 6 088 200 kronor)": the other tender's figure against the winner's."""
    if value == winner:
        return f"{same} ({prefix}{written(value)})"
    return f"{'lägre' if value < winner else 'högre'} ({prefix}{written(value)} mot {written(winner)})"


def _criteria_against(other: Entry, first: Entry, model: EvaluationModel) -> str:
    """The criteria on which the other tender was assessed higher and lower than the winner, each
    with both levels: the winner's relative advantages are the lower ones (LOU 12 kap. 12 §)."""
    higher, lower = [], []
    for a, b in zip(other.levels, first.levels, strict=True):
        mine, winners = a.level.worth(model), b.level.worth(model)
        if mine != winners:
            (higher if mine > winners else lower).append(
                f"{_criterion(a)} ({_worth(mine, model)} mot {_worth(winners, model)})")
    said = [f"högre på {join_and(higher)}"] if higher else []
    said += [f"lägre på {join_and(lower)}"] if lower else []
    return f"; anbudet bedömdes {' men '.join(said)}" if said else ""


def _tie(tie) -> str:
    names = join_and(tie.tenderers)
    if tie.decided_by == "quality":
        return f"{names} står lika; enligt förfrågningsunderlaget går det anbud med högst kvalitet före."
    if tie.decided_by == "price":
        return f"{names} står lika; enligt förfrågningsunderlaget går det anbud med lägst anbudspris före."
    return f"{names} står lika även efter förfrågningsunderlagets regel: ordningen avgörs genom lottning."
