"""Country codes: the book's list of valid ISO 3166-1 alpha-3 codes (``data/countries.csv``).

Names, World Bank regions and income groups are shown in the edition's language: the English
names of ``data/countries.csv``; Spanish country names from the Unicode CLDR (shipped with
Babel, offline), and the region and income-group names from casekit's catalog.
"""

from __future__ import annotations

import csv
from functools import cache, lru_cache
from pathlib import Path

from . import i18n, paths
from .i18n import N_

#: ISO 3166-1 alpha-3 codes of data/countries.csv that CLDR does not map to an alpha-2 code.
ALPHA2_EXTRA = {"XKX": "XK"}
#: Economies of data/countries.csv that CLDR does not name: their name comes from casekit's catalog.
NOT_IN_CLDR = {"CHI": N_("Channel Islands")}

#: World Bank regions and income groups (data/countries.csv), for display.
REGIONS = {
    "East Asia & Pacific": N_("East Asia & Pacific"),
    "Europe & Central Asia": N_("Europe & Central Asia"),
    "Latin America & Caribbean": N_("Latin America & Caribbean"),
    "Middle East & North Africa": N_("Middle East & North Africa"),
    "North America": N_("North America"),
    "South Asia": N_("South Asia"),
    "Sub-Saharan Africa": N_("Sub-Saharan Africa"),
}
INCOME_GROUPS = {
    "Low income": N_("Low income"),
    "Lower middle income": N_("Lower middle income"),
    "Upper middle income": N_("Upper middle income"),
    "High income": N_("High income"),
}


@lru_cache(maxsize=4)
def _table(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["iso3"]: row for row in csv.DictReader(fh)}


def countries() -> dict[str, dict[str, str]]:
    """ISO3 code -> row (iso_numeric, name, wb_region, wb_income_group), as in the file (English)."""
    path: Path = paths.data_dir() / "countries.csv"
    return _table(str(path))


def is_country(code: object) -> bool:
    return isinstance(code, str) and code in countries()


@cache
def _cldr(lang: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    from babel import Locale
    from babel.core import get_global

    return dict(Locale.parse(lang).territories), dict(get_global("territory_aliases"))


def alpha2(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of an alpha-3 code (CLDR's code mappings), or None."""
    if code in ALPHA2_EXTRA:
        return ALPHA2_EXTRA[code]
    found = _cldr(i18n.SOURCE_LANGUAGE)[1].get(code)
    return found[0] if found else None


def name(code: str, lang: str | None = None) -> str:
    """The country's name in the edition's language (English: data/countries.csv; others: CLDR)."""
    english = countries()[code]["name"]
    lang = lang or i18n.language()
    if lang == i18n.SOURCE_LANGUAGE:
        return english
    if code in NOT_IN_CLDR:
        return i18n.gettext(NOT_IN_CLDR[code])
    territories = _cldr(lang)[0]
    two = alpha2(code)
    return territories.get(two, english) if two else english


def names(lang: str | None = None) -> dict[str, str]:
    """English name (data/countries.csv) -> the name in the edition's language, for every economy."""
    return {row["name"]: name(code, lang) for code, row in countries().items()}


def region(code: str) -> str:
    """The country's World Bank region in the edition's language ("" when unclassified)."""
    value = countries()[code]["wb_region"]
    return i18n.gettext(REGIONS.get(value, value)) if value else ""


def income_group(code: str) -> str:
    """The country's World Bank income group in the edition's language ("" when unclassified)."""
    value = countries()[code]["wb_income_group"]
    return i18n.gettext(INCOME_GROUPS.get(value, value)) if value else ""


def label(value: str) -> str:
    """A region or income-group name of data/countries.csv in the edition's language."""
    found = REGIONS.get(value) or INCOME_GROUPS.get(value)
    return i18n.gettext(found) if found else value
