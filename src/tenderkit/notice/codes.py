"""The eForms code lists a notice's values come from (vendored from the eForms SDK 1.15.1).

Read on first use and kept: `tenderkit notice` reads them, nothing else does.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from .schema import EFORMS

CODELISTS = EFORMS / "codelists"


@cache
def _codes(name: str, label: str) -> dict[str, str]:
    """A genericode list: code → its label in the column `label`."""
    codes = {}
    for row in etree.parse(str(CODELISTS / name)).iter("Row"):
        values = {value.get("ColumnRef"): value.findtext("SimpleValue") for value in row.iter("Value")}
        codes[values["code"]] = values.get(label) or values.get("Name") or ""
    return codes


@cache
def cpv_codes() -> frozenset[str]:
    """Every CPV code (codelists/cpv.txt, from the SDK's rules: tools/cpv_codes.py)."""
    lines = (CODELISTS / "cpv.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if not line.startswith("#"))


def social_service_cpv() -> dict[str, str]:
    """The CPV codes of social and other specific services (LOU bilaga 2, directive 2014/24 annex XIV),
    with their Swedish names: the codes a subtype 20 notice may use."""
    return _codes("cpv_social-service-cpv.gc", "swe_label")


def swedish_nuts() -> dict[str, str]:
    """Sweden's NUTS 3 regions (the län), code → name."""
    return _codes("nuts_nuts-swe-lvl3.gc", "swe_label")
