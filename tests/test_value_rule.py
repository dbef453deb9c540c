"""The estimated value (LOU 5 kap.): a fixed term counts whole with every option (3 §), 48 months
only for a contract until further notice or a fixed term whose total cannot be estimated (13 §);
the class is decided by the whole-krona figure the memo prints, and the memo says what it compares."""

from __future__ import annotations

from fractions import Fraction

import pytest
from helpers.common import SPEC_TENDER, variant

from tenderkit.build import check_spec, render_documents
from tenderkit.derive import threshold_limits, value_class, whole_kronor
from tenderkit.spec.law import load_law
from tenderkit.spec.procurement import ThresholdCategory as C

NO_MAX = {"      max_volume: 20000\n": "", "      max_volume: 5600\n": "", "      max_volume: 700\n": ""}
TERMS = {  # the bundled tender's 2 + 1 + 1 years, rewritten
    "3+3": {"    initial_months: 24\n    extensions:\n      - months: 12\n      - months: 12\n":
            "    initial_months: 36\n    extensions:\n      - months: 36\n"},
    "2+1+1": {},
    "until further notice": {"    initial_months: 24\n    extensions:\n      - months: 12\n      - months: 12\n":
                             "    initial_months: null\n", "  terms:\n": "  terms:\n    notice_months: 6\n"},
    "3+3, no total": {"    initial_months: 24\n    extensions:\n      - months: 12\n      - months: 12\n":
                      "    initial_months: 36\n    extensions:\n      - months: 36\n    total_unknown: true\n"},
}
PER_YEAR = 4380 * 1450 + 1200 * 850 + 150 * 1600  # 7 611 000 kronor a year at the estimated volumes


def _memo(spec) -> str:
    built = {d.kind.name: d for d in render_documents(check_spec(spec))}
    return built["tjansteskrivelse"].files["tjansteskrivelse.md"].decode()


@pytest.mark.parametrize(("term", "months", "counted", "rule", "value", "words"), [
    ("3+3", 72, 72, "whole_term", 45_666_000,
     "de uppskattade volymerna under hela avtalstiden med förlängningar, sex år (5 kap. 3 § LOU)."),
    ("2+1+1", 48, 48, "whole_term", 30_444_000,
     "de uppskattade volymerna under hela avtalstiden med förlängningar, fyra år (5 kap. 3 § LOU)."),
    ("until further notice", None, 48, "until_further_notice", 30_444_000,
     "de uppskattade volymerna under 48 månader, eftersom avtalet gäller tills vidare (5 kap. 13 § LOU)."),
    ("3+3, no total", 72, 48, "total_unknown", 30_444_000,
     "de uppskattade volymerna under 48 månader, eftersom avtalet har ett totalt värde som inte går att uppskatta "
     "(5 kap. 13 § LOU)."),
])
def test_the_value_of_each_kind_of_term(repo, term, months, counted, rule, value, words):
    spec = variant(repo, {**NO_MAX, **TERMS[term]}, base=SPEC_TENDER)
    figures = check_spec(spec).figures.procurement
    assert (figures.term_months, figures.counted_months, figures.value_rule) == (months, counted, rule)
    assert figures.maximum_value == figures.expected_value == Fraction(PER_YEAR * counted, 12) == value
    memo = _memo(spec)
    value_text = f"{value:,}".replace(",", "\u00a0")
    assert f"Upphandlingens uppskattade värde är {value_text} kronor exklusive moms. Det bygger på {words}" in memo
    assert "Per år blir värdet 7\u00a0611\u00a0000 kronor." in memo  # said once, at the estimated volumes
    assert "maxvolym" not in memo.split("Upphandlingens uppskattade värde")[1].split("\n")[0]  # none are given


def test_max_volumes_are_named_only_where_they_exist(repo):
    memo = _memo(SPEC_TENDER)
    assert ("Upphandlingens uppskattade värde är 34\u00a0880\u00a0000 kronor exklusive moms. Det bygger på avtalets "
            "maxvolymer, högst 20\u00a0000 dygn boendeplats med stöd, 5\u00a0600 timmar stödsamtal och 700 tillfällen "
            "utslussningsstöd, under hela avtalstiden med förlängningar, fyra år (5 kap. 3 § LOU). Med de uppskattade "
            "volymerna blir värdet 30\u00a0444\u00a0000 kronor, eller 7\u00a0611\u00a0000 kronor per år.") in memo
    mixed = _memo(variant(repo, {"      max_volume: 700\n": ""}, base=SPEC_TENDER))
    assert ("Det bygger på avtalets maxvolymer, högst 20\u00a0000 dygn boendeplats med stöd och 5\u00a0600 timmar "
            "stödsamtal, och, för insatser utan maxvolym, de uppskattade volymerna, under hela avtalstiden") in mixed


def _priced(repo, total_per_year: int, category: str = "social_services"):
    """The tender as a one-month contract worth `total_per_year` / 12 kronor: the support talks'
    volume makes up the sum at 1 krona an hour, without max volumes."""
    return variant(repo, {**NO_MAX, "    initial_months: 24\n    extensions:\n      - months: 12\n      - months: 12\n":
                          "    initial_months: 1\n",
                          "      per_year: 1200\n": f"      per_year: {total_per_year - 4380 * 1450 - 150 * 1600}\n",
                          "      unit_price: 850\n": "      unit_price: 1\n",
                          "  contract:\n": f"  category: {category}\n  contract:\n"}, base=SPEC_TENDER)


@pytest.mark.parametrize(("total", "printed", "klass", "sentence"), [
    (97_313_400, "8\u00a0109\u00a0450", "at_or_above", "är lika med tröskelvärdet"),  # at the threshold
    # 8 109 449,83 kr: printed as 8 109 450 kronor, so it is at the threshold, as printed
    (97_313_398, "8\u00a0109\u00a0450", "at_or_above", "är lika med tröskelvärdet"),
    (97_313_388, "8\u00a0109\u00a0449", "below_direct_award",  # one krona below
     "understiger tröskelvärdet och därmed direktupphandlingsgränsen"),
    (97_313_401, "8\u00a0109\u00a0450", "at_or_above", "är lika med tröskelvärdet"),  # 8 109 450,08
])
def test_the_memo_prints_what_it_compares_at_the_social_services_threshold(repo, total, printed, klass, sentence):
    spec = _priced(repo, total)
    figures = check_spec(spec).figures.procurement
    assert figures.maximum_value == Fraction(total, 12)
    assert (figures.value, figures.value_class) == (int(printed.replace("\u00a0", "")), klass)
    memo = _memo(spec)
    assert (f"Tröskelvärdet för sociala tjänster är 8\u00a0109\u00a0450 kronor (2024{chr(0x2011)}01{chr(0x2011)}01–"
            f"2025{chr(0x2011)}12{chr(0x2011)}31), och direktupphandlingsgränsen är densamma. Värdet, {printed} kronor, "
            f"{sentence}.") in memo.replace("-", chr(0x2011))


@pytest.mark.parametrize(("total", "says"), [
    (194_626_788, True),  # 16 218 899 kronor: less than twice the threshold, the limit is said
    (194_626_800, False),  # 16 218 900 kronor, twice 8 109 450: far enough above that it says nothing
])
def test_the_direct_award_limit_is_said_only_near_the_value(repo, total, says):
    memo = _memo(_priced(repo, total))
    assert ("och direktupphandlingsgränsen är densamma" in memo) is says
    assert "Tröskelvärdet för sociala tjänster är 8\u00a0109\u00a0450 kronor" in memo


@pytest.mark.parametrize(("total", "category", "sentence"), [
    (8_400_000, "services", "Värdet, 700\u00a0000 kronor, är lika med direktupphandlingsgränsen."),
    (8_399_988, "services", "Värdet, 699\u00a0999 kronor, understiger direktupphandlingsgränsen."),
    (8_400_012, "services", "Värdet, 700\u00a0001 kronor, överstiger direktupphandlingsgränsen men understiger "
                            "tröskelvärdet."),
    (28_675_020, "services", "Värdet, 2\u00a0389\u00a0585 kronor, är lika med tröskelvärdet."),
    (28_675_008, "services", "Värdet, 2\u00a0389\u00a0584 kronor, överstiger direktupphandlingsgränsen men understiger "
                             "tröskelvärdet."),
])
def test_the_memo_prints_what_it_compares_for_services(repo, total, category, sentence):
    memo = _memo(_priced(repo, total, category))
    assert ("Tröskelvärdet för varor och tjänster är 2\u00a0389\u00a0585 kronor" in memo
            and "och direktupphandlingsgränsen 700\u00a0000 kronor. " + sentence in memo)


PERIOD_2024 = load_law().period_for(__import__("datetime").date(2024, 6, 1))


@pytest.mark.parametrize(("category", "value", "expected"), [
    # social services: the direct award limit is the threshold, 8 109 450
    (C.social_services, "8109450", "at_or_above"),
    (C.social_services, "8109449", "below_direct_award"),  # one krona below
    (C.social_services, "8109449.99", "at_or_above"),  # one öre below: printed 8 109 450, so at the threshold
    (C.social_services, "8109449.50", "at_or_above"),  # 50 öre round up
    (C.social_services, "8109449.49", "below_direct_award"),
    # services: direct award limit 700 000 (at most), threshold 2 389 585
    (C.services, "700000", "below_direct_award"),
    (C.services, "699999", "below_direct_award"),
    (C.services, "699999.99", "below_direct_award"),
    (C.services, "700000.49", "below_direct_award"),  # printed 700 000
    (C.services, "700000.50", "below_threshold"),  # printed 700 001
    (C.services, "2389585", "at_or_above"),
    (C.services, "2389584", "below_threshold"),
    (C.services, "2389584.99", "at_or_above"),
    # works: threshold 59 880 179
    (C.works, "59880179", "at_or_above"),
    (C.works, "59880178", "below_threshold"),
    (C.works, "59880178.99", "at_or_above"),
])
def test_the_class_of_the_printed_whole_krona_value(category, value, expected):
    assert value_class(whole_kronor(Fraction(value)), *threshold_limits(PERIOD_2024, category)) == expected
