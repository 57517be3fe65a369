"""What did places like mine do? Rank the book's cases by how much they share with a reader's place.

The ranking is a plain sum of points, each with a reason shown beside the case::

    casekit.matching.similar_cases("KEN", focus="rural", themes=["rural-ecommerce"])

=================================================  ======  ==================================================
What is compared                                   Points  Reason shown
=================================================  ======  ==================================================
The case is in your country                        +4      ``same country``
Same World Bank region (data/countries.csv)        +2      ``same World Bank region (South Asia)``
Same World Bank income group (data/countries.csv)  +2      ``same income group (Lower middle income)``
Internet users less than 10 points apart           +1      ``similar internet use (35% vs 41%, 2023)``
The case's theme is one you chose (``themes``)     +3      ``theme you chose (Rural ecommerce)``
The case's theme suits your ``city_size``          +1      ``theme suits a small place (Rural ecommerce)``
The case's theme suits your ``focus``              +1      ``theme suits a rural focus (Rural ecommerce)``
=================================================  ======  ==================================================

Points add up (a case in your own country also earns the region, income and internet points).
Equal scores are listed by case id, so the order never changes between runs.

* Region and income group are the World Bank classification in ``data/countries.csv``. A blank
  classification (territories, and Venezuela's income group) never matches anything.
* Internet use is ``IT.NET.USER.ZS`` (individuals using the Internet, % of population) from
  ``data/indicators/digital_economy_world.csv`` (same WDI vintage as ``digital_economy``), in the
  latest survey year in which *both* countries have a value. The reason shows your value first, then
  the case country's, then that year. No common year, no point.
* Theme fit is a rule of thumb about the kind of place each theme's programmes were built for, not a
  fact about the case's place:

  - ``city_size``: ``"small"`` suits rural ecommerce; ``"medium"`` suits MSME digitization and rural
    ecommerce; ``"large"`` suits MSME digitization, ecommerce logistics and attracting tech investment.
  - ``focus``: ``"rural"`` suits rural ecommerce; ``"urban"`` suits the three other themes.

A high score says the places have something in common, not that a programme would work in yours.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from . import cases, charts, data
from .countries import countries
from .errors import CasekitError, Problem
from .tables import Html, _link, format_value
from .tables import table as html_table
from .vocabulary import THEMES

WHERE = "casekit.matching"
WORLD = "indicators/digital_economy_world.csv"
INTERNET = "IT.NET.USER.ZS"

#: Points per shared trait (see the module docstring).
WEIGHTS: dict[str, int] = {
    "same country": 4,
    "same World Bank region": 2,
    "same income group": 2,
    "similar internet use": 1,
    "theme you chose": 3,
    "theme suits your city size": 1,
    "theme suits your focus": 1,
}
#: Internet-use gap, in percentage points, below which two countries count as similar.
INTERNET_GAP = 10

#: Themes whose programmes suit each city size and each focus.
SIZE_THEMES: dict[str, tuple[str, ...]] = {
    "small": ("rural-ecommerce",),
    "medium": ("msme-digitization", "rural-ecommerce"),
    "large": ("msme-digitization", "logistics", "investment-attraction"),
}
SIZE_WORDS = {"small": "a small place", "medium": "a medium-sized place", "large": "a large city"}
FOCUS_THEMES: dict[str, tuple[str, ...]] = {
    "rural": ("rural-ecommerce",),
    "urban": ("msme-digitization", "logistics", "investment-attraction"),
}
FOCUS_WORDS = {"rural": "a rural focus", "urban": "an urban focus"}

#: Indicators of :func:`place_profile`, in the order shown.
PROFILE_INDICATORS = ["IT.NET.USER.ZS", "IT.NET.BBND.P2", "SP.URB.TOTL.IN.ZS", "NY.GDP.PCAP.PP.KD"]

COLUMNS = ["rank", "case_id", "title", "place", "country", "theme", "score", "reasons"]


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------
def _fail(field: str, message: str) -> CasekitError:
    return CasekitError([Problem(WHERE, field, message)])


def _check_country(country: object) -> str:
    if not isinstance(country, str) or country not in countries():
        raise _fail("country", f"expected an ISO 3166-1 alpha-3 code from data/countries.csv, got {country!r}")
    return country


def _check_options(city_size: str | None, focus: str | None, themes: Iterable[str] | None, top: int) -> list[str]:
    problems = []
    if city_size is not None and city_size not in SIZE_THEMES:
        problems.append(Problem(WHERE, "city_size", f"expected one of {list(SIZE_THEMES)} or None, got {city_size!r}"))
    if focus is not None and focus not in FOCUS_THEMES:
        problems.append(Problem(WHERE, "focus", f"expected one of {list(FOCUS_THEMES)} or None, got {focus!r}"))
    chosen = [themes] if isinstance(themes, str) else list(themes or [])
    bad = [t for t in chosen if t not in THEMES]
    if bad:
        problems.append(Problem(WHERE, "themes", f"expected theme ids from {list(THEMES)}, got {bad}"))
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        problems.append(Problem(WHERE, "top", f"expected a whole number of at least 1, got {top!r}"))
    if problems:
        raise CasekitError(problems)
    return chosen


# ---------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------
def _internet() -> dict[str, dict[int, float]]:
    """Country -> {year: internet users, % of population} from the all-economies table."""
    df = data.table(WORLD)
    df = df[(df["indicator_code"] == INTERNET) & df["value"].notna()]
    out: dict[str, dict[int, float]] = {}
    for iso3, year, value in zip(df["country_iso3"], df["year"], df["value"], strict=True):
        out.setdefault(str(iso3), {})[int(year)] = float(value)
    return out


def _percent(value: float) -> str:
    return format_value(round(value, 1)) + "%"


def _score(
    case: cases.Case,
    home: str,
    meta: dict[str, dict[str, str]],
    internet: dict[str, dict[int, float]],
    chosen: list[str],
    city_size: str | None,
    focus: str | None,
) -> tuple[int, list[str]]:
    points, reasons = 0, []
    mine, theirs = meta[home], meta[case.country]
    if case.country == home:
        points += WEIGHTS["same country"]
        reasons.append("same country")
    if mine["wb_region"] and mine["wb_region"] == theirs["wb_region"]:
        points += WEIGHTS["same World Bank region"]
        reasons.append(f"same World Bank region ({mine['wb_region']})")
    if mine["wb_income_group"] and mine["wb_income_group"] == theirs["wb_income_group"]:
        points += WEIGHTS["same income group"]
        reasons.append(f"same income group ({mine['wb_income_group']})")
    a, b = internet.get(home, {}), internet.get(case.country, {})
    common = set(a) & set(b)
    if common:
        year = max(common)
        if abs(a[year] - b[year]) < INTERNET_GAP:
            points += WEIGHTS["similar internet use"]
            reasons.append(f"similar internet use ({_percent(a[year])} vs {_percent(b[year])}, {year})")
    if case.theme in chosen:
        points += WEIGHTS["theme you chose"]
        reasons.append(f"theme you chose ({case.theme_label})")
    if city_size and case.theme in SIZE_THEMES[city_size]:
        points += WEIGHTS["theme suits your city size"]
        reasons.append(f"theme suits {SIZE_WORDS[city_size]} ({case.theme_label})")
    if focus and case.theme in FOCUS_THEMES[focus]:
        points += WEIGHTS["theme suits your focus"]
        reasons.append(f"theme suits {FOCUS_WORDS[focus]} ({case.theme_label})")
    return points, reasons


def similar_cases(
    country: str,
    *,
    city_size: str | None = None,
    focus: str | None = None,
    themes: Iterable[str] | None = None,
    top: int = 8,
) -> pd.DataFrame:
    """The ``top`` cases most like ``country`` (an ISO3 code), best first, with the reasons.

    Columns: ``rank, case_id, title, place, country, theme, score, reasons`` (reasons joined by
    ``"; "``). See the module docstring for the points. A case sharing nothing scores 0 and says so.
    """
    home = _check_country(country)
    chosen = _check_options(city_size, focus, themes, top)
    meta, internet = countries(), _internet()
    rows = []
    for case in cases.all():
        score, reasons = _score(case, home, meta, internet, chosen, city_size, focus)
        rows.append(
            {
                "case_id": case.id,
                "title": case.title,
                "place": case.place,
                "country": meta[case.country]["name"],
                "theme": case.theme_label,
                "score": score,
                "reasons": "; ".join(reasons) or "none of the compared traits match",
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["case_id"]))
    rows = rows[:top]
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return pd.DataFrame(rows, columns=COLUMNS)


def results_table(results: pd.DataFrame, *, link_prefix: str = ".", caption: str | None = None) -> Html:
    """:func:`similar_cases` as an accessible table; each title links to its case page.

    ``link_prefix`` is the path from the page to the ``case_studies`` folder. The table adds each
    case's evidence level from its case file.
    """
    shown = results.copy()
    found = [cases.load_case(cid) for cid in shown["case_id"]]
    shown["title"] = [_link(f"{link_prefix}/{c.theme}/{c.id}.html", c.title) for c in found]
    shown["evidence"] = [c.evidence for c in found]
    return html_table(
        shown,
        caption or "Cases ranked by what they share with your place",
        columns={
            "rank": "Rank",
            "title": "Case",
            "place": "Place",
            "country": "Country",
            "theme": "Theme",
            "score": "Points",
            "reasons": "Why it is listed",
            "evidence": "Evidence",
        },
    )


def weights() -> pd.DataFrame:
    """The points of the ranking in words, for a page to show (from :data:`WEIGHTS`)."""
    words = {
        "same country": "The case is in your country",
        "same World Bank region": "The case's country is in your World Bank region",
        "same income group": "The case's country is in your World Bank income group",
        "similar internet use": f"Internet users less than {INTERNET_GAP} percentage points apart, "
        "in the latest year both countries report",
        "theme you chose": "The case's theme is one you chose",
        "theme suits your city size": "The case's theme suits the size of your place",
        "theme suits your focus": "The case's theme suits your urban or rural focus",
    }
    return pd.DataFrame({"compared": [words[k] for k in WEIGHTS], "points": list(WEIGHTS.values())})


# ---------------------------------------------------------------------------------------
# Profile of a place against the case countries
# ---------------------------------------------------------------------------------------
def place_profile(country: str) -> pd.DataFrame:
    """``country``'s internet use, fixed broadband, urban share and GDP per capita (PPP) beside the
    case countries', from ``digital_economy_world``.

    For each indicator the year is the latest survey year in which your country and every case
    country have a value; if your country has no value in any year the case countries share, it is
    left out of that indicator (the case countries keep their latest common year). Columns:
    ``country_iso3, country, role, indicator_code, indicator, year, value, unit, publisher, source``,
    with ``role`` either "your place" or "case country".
    """
    home = _check_country(country)
    case_countries = sorted({c.country for c in cases.all()})
    df = data.table(WORLD)
    df = df[df["indicator_code"].isin(PROFILE_INDICATORS) & df["value"].notna()]
    parts = []
    for code in PROFILE_INDICATORS:
        rows = df[df["indicator_code"] == code]
        years = None
        for iso3 in case_countries:
            have = set(rows.loc[rows["country_iso3"] == iso3, "year"].astype(int))
            years = have if years is None else years & have
        if not years:
            continue
        with_home = years & set(rows.loc[rows["country_iso3"] == home, "year"].astype(int))
        year = max(with_home or years)
        wanted = [*case_countries, home] if with_home else case_countries
        parts.append(rows[(rows["year"] == year) & rows["country_iso3"].isin(wanted)])
    columns = ["country_iso3", "country", "role", "indicator_code", "indicator", "year", "value", "unit"]
    columns += ["publisher", "source"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts)
    out["role"] = out["country_iso3"].map(lambda c: "your place" if c == home else "case country")
    order = {code: i for i, code in enumerate(PROFILE_INDICATORS)}
    out = out.assign(_order=out["indicator_code"].map(order))
    out = out.sort_values(["_order", "value", "country_iso3"], ascending=[True, False, True])
    return out[columns].reset_index(drop=True)


def profile_summary(country: str) -> pd.DataFrame:
    """:func:`place_profile` in one row per indicator: your value beside the case countries' range.

    Columns: ``indicator, unit, year, your place, lowest, median, highest`` (the last three over the
    other case countries; ``your place`` is empty where your country has no value in that year).
    """
    df = place_profile(country)
    rows = []
    for code in PROFILE_INDICATORS:
        part = df[df["indicator_code"] == code]
        if part.empty:
            continue
        others = part.loc[part["role"] == "case country", "value"]
        mine = part.loc[part["role"] == "your place", "value"]
        rows.append(
            {
                "indicator": part["indicator"].iloc[0],
                "unit": part["unit"].iloc[0],
                "year": int(part["year"].iloc[0]),
                "your place": float(mine.iloc[0]) if len(mine) else None,
                "lowest": float(others.min()),
                "median": float(others.median()),
                "highest": float(others.max()),
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "unit", "year", "your place", "lowest", "median", "highest"])


def profile_chart(country: str, indicator_code: str, *, title: str, description: str) -> alt.TopLevelMixin:
    """One indicator of :func:`place_profile` as ranked bars, ``country`` highlighted."""
    if indicator_code not in PROFILE_INDICATORS:
        raise _fail("indicator_code", f"expected one of {PROFILE_INDICATORS}, got {indicator_code!r}")
    df = place_profile(country)
    df = df[df["indicator_code"] == indicator_code]
    if df.empty:
        raise _fail(indicator_code, f"expected values for the case countries in data/{WORLD}, got none")
    year = int(df["year"].iloc[0])
    x_title = f"{df['indicator'].iloc[0]} ({df['unit'].iloc[0]}), {year}"
    mine = df.loc[df["role"] == "your place", "country"].tolist()
    return charts.ranked_bars(
        df,
        category="country",
        value="value",
        title=title,
        description=description,
        highlight=mine or None,
        x_title=x_title,
    )


__all__ = [
    "WEIGHTS",
    "place_profile",
    "profile_chart",
    "profile_summary",
    "results_table",
    "similar_cases",
    "weights",
]
