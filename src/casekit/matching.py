"""What did places like mine do? Rank the book's cases by how much they share with a reader's place.

The ranking is a plain sum of points, each with a reason shown beside the case::

    casekit.matching.similar_cases("ECU", city_size="medium", focus="urban", level="municipal")

===================================================  ======  ===============================================
What is compared                                     Points  Reason shown
===================================================  ======  ===============================================
The case is in your country                          +3      ``same country``
Same World Bank region (data/countries.csv)          +1      ``same World Bank region (South Asia)``
Same World Bank income group (data/countries.csv)    +1      ``same income group (Lower middle income)``
Internet users less than 10 points apart             +1      ``similar internet use (35% vs 41%, 2023)``
The case's theme is one you chose (``themes``)       +7      ``theme you chose (Rural ecommerce)``
The case's theme and your ``city_size``              -3..+3  ``theme suits a small place (Rural ecommerce)``
The case's place is as big as yours (population)     +2      ``a place of similar size (1,162,823 people ...)``
The case's place is far bigger or smaller            -2      ``a much larger place (21,339,781 people ...)``
The case's theme and your ``focus``                  -3..+3  ``theme suits a rural focus (Rural ecommerce)``
Same level of government as yours (``level``)        +2      ``led by the same level of government (municipal)``
===================================================  ======  ===============================================

Points add up (a case in your own country also earns the region, income and internet points).
Equal scores are listed by case id, so the order never changes between runs. The country traits
count little on purpose: what a place chose to do, and how big it is, say more about whether a
case is worth reading than a shared region does (issue 11: a rural place in Ecuador was shown
Bogotá's investment agency first).

* Region and income group are the World Bank classification in ``data/countries.csv``. A blank
  classification (territories, and Venezuela's income group) never matches anything.
* Internet use is ``IT.NET.USER.ZS`` (individuals using the Internet, % of population) from
  ``data/indicators/digital_economy_world.csv`` (same WDI vintage as ``digital_economy``), in the
  latest survey year in which *both* countries have a value. The reason shows your value first, then
  the case country's, then that year. No common year, no point.
* Theme fit (:data:`SIZE_FIT`, :data:`FOCUS_FIT`) is a rule of thumb about the kind of place each
  theme's programmes were built for, not a fact about the case's place: rural ecommerce suits small
  places and a rural focus; MSME digitization suits medium-sized places and large cities; ecommerce
  logistics and attracting tech investment suit large cities and fit badly in small places or with a
  rural focus.
* Place size compares your ``city_size`` with the case's ``population`` (:data:`SIZE_CLASSES`), only
  where the case counts a city or an agglomeration (a region's or a country's population says
  nothing about the size of the place the programme served). A city of 10 million or more is two
  classes above a medium-sized place.
* ``level`` is the level of government that would run your programme; it is compared with the
  case's ``led_by``.

A high score says the places have something in common, not that a programme would work in yours.
:func:`page_data` gives the same points and reasons in parts, for the "places like mine" page to add
up in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from . import cases, charts, data, i18n
from .countries import countries
from .countries import label as country_label
from .countries import name as country_name
from .errors import CasekitError, Problem
from .i18n import N_, _, format_percent
from .tables import Html, _link, format_value
from .tables import table as html_table
from .vocabulary import EVIDENCE_NAMES, THEMES, shown

WHERE = "casekit.matching"
WORLD = "indicators/digital_economy_world.csv"
INTERNET = "IT.NET.USER.ZS"

#: Points per shared trait (see the module docstring).
WEIGHTS: dict[str, int] = {
    "same country": 3,
    "same World Bank region": 1,
    "same income group": 1,
    "similar internet use": 1,
    "theme you chose": 7,
    "place of similar size": 2,
    "much larger or smaller place": -2,
    "same level of government": 2,
}
#: Internet-use gap, in percentage points, below which two countries count as similar.
INTERNET_GAP = 10

#: Points for each theme given the size of your place (a rule of thumb, see the docstring).
SIZE_FIT: dict[str, dict[str, int]] = {
    "small": {"rural-ecommerce": 3, "msme-digitization": 0, "logistics": -3, "investment-attraction": -3},
    "medium": {"msme-digitization": 3, "rural-ecommerce": 1, "logistics": -3, "investment-attraction": -3},
    "large": {"msme-digitization": 2, "logistics": 3, "investment-attraction": 3, "rural-ecommerce": 0},
}
#: Points for each theme given your urban or rural focus.
FOCUS_FIT: dict[str, dict[str, int]] = {
    "rural": {"rural-ecommerce": 3, "msme-digitization": 0, "logistics": -3, "investment-attraction": -3},
    "urban": {"msme-digitization": 2, "logistics": 2, "investment-attraction": 2, "rural-ecommerce": 0},
}
#: Themes whose programmes suit each city size and each focus (a positive fit).
SIZE_THEMES: dict[str, tuple[str, ...]] = {k: tuple(t for t, p in v.items() if p > 0) for k, v in SIZE_FIT.items()}
FOCUS_THEMES: dict[str, tuple[str, ...]] = {k: tuple(t for t, p in v.items() if p > 0) for k, v in FOCUS_FIT.items()}
SIZE_WORDS = {"small": N_("a small place"), "medium": N_("a medium-sized place"), "large": N_("a large city")}
FOCUS_WORDS = {"rural": N_("a rural focus"), "urban": N_("an urban focus")}
#: Size classes by population (people): the lower bound of each. "megacity" (the UN's 10 million)
#: is a class of cases only: a reader's "large" covers it.
SIZE_CLASSES: dict[str, int] = {"small": 0, "medium": 200_000, "large": 1_500_000, "megacity": 10_000_000}
SIZE_AREAS = ("city", "agglomeration")
#: The level of government a reader can say would run the programme (cases may also be private-led).
LEVELS: dict[str, str] = {
    "municipal": N_("municipal"),
    "state-provincial": N_("state or provincial"),
    "national": N_("national"),
}

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


def _check_options(
    city_size: str | None, focus: str | None, themes: Iterable[str] | None, top: int, level: str | None = None
) -> list[str]:
    problems = []
    if city_size is not None and city_size not in SIZE_FIT:
        problems.append(Problem(WHERE, "city_size", f"expected one of {list(SIZE_FIT)} or None, got {city_size!r}"))
    if focus is not None and focus not in FOCUS_FIT:
        problems.append(Problem(WHERE, "focus", f"expected one of {list(FOCUS_FIT)} or None, got {focus!r}"))
    if level is not None and level not in LEVELS:
        problems.append(Problem(WHERE, "level", f"expected one of {list(LEVELS)} or None, got {level!r}"))
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
Part = tuple[int, list[str]]  # points and the reasons that earned them


def _internet() -> dict[str, dict[int, float]]:
    """Country -> {year: internet users, % of population} from the all-economies table."""
    df = data.table(WORLD)
    df = df[(df["indicator_code"] == INTERNET) & df["value"].notna()]
    out: dict[str, dict[int, float]] = {}
    for iso3, year, value in zip(df["country_iso3"], df["year"], df["value"], strict=True):
        out.setdefault(str(iso3), {})[int(year)] = float(value)
    return out


def _percent(value: float) -> str:
    return format_percent(round(value, 1))


def country_part(home: str, other: str, meta: dict[str, dict[str, str]], internet: dict[str, dict[int, float]]) -> Part:
    """Points and reasons for what ``other`` (a case's country) shares with ``home``."""
    points, reasons = 0, []
    mine, theirs = meta[home], meta[other]
    if other == home:
        points += WEIGHTS["same country"]
        reasons.append(_("same country"))
    if mine["wb_region"] and mine["wb_region"] == theirs["wb_region"]:
        points += WEIGHTS["same World Bank region"]
        reasons.append(_("same World Bank region ({region})").format(region=country_label(mine["wb_region"])))
    if mine["wb_income_group"] and mine["wb_income_group"] == theirs["wb_income_group"]:
        points += WEIGHTS["same income group"]
        reasons.append(_("same income group ({group})").format(group=country_label(mine["wb_income_group"])))
    a, b = internet.get(home, {}), internet.get(other, {})
    common = set(a) & set(b)
    if common:
        year = max(common)
        if abs(a[year] - b[year]) < INTERNET_GAP:
            points += WEIGHTS["similar internet use"]
            reasons.append(
                _("similar internet use ({yours} vs {theirs}, {year})").format(
                    yours=_percent(a[year]), theirs=_percent(b[year]), year=year
                )
            )
    return points, reasons


def size_class(case: cases.Case) -> str | None:
    """The case's size class from its population, or None when it counts a region or a country."""
    if case.population is None or case.population.area not in SIZE_AREAS:
        return None
    return [name for name, low in SIZE_CLASSES.items() if case.population.value >= low][-1]


def theme_part(case: cases.Case, chosen: list[str]) -> Part:
    if case.theme in chosen:
        return WEIGHTS["theme you chose"], [_("theme you chose ({theme})").format(theme=case.theme_label)]
    return 0, []


def size_part(case: cases.Case, city_size: str | None) -> Part:
    """Theme fit for your size of place, then the case's own size beside yours."""
    if not city_size:
        return 0, []
    points, reasons = SIZE_FIT[city_size][case.theme], []
    words = _(SIZE_WORDS[city_size])
    if points > 0:
        reasons.append(_("theme suits {place} ({theme})").format(place=words, theme=case.theme_label))
    elif points < 0:
        reasons.append(_("theme seldom suits {place} ({theme})").format(place=words, theme=case.theme_label))
    theirs, pop = size_class(case), case.population
    if theirs is not None and pop is not None:  # size_class() is None without a population
        order = list(SIZE_CLASSES)
        gap = order.index(theirs) - order.index(city_size)
        if city_size == "large" and theirs == "megacity":
            gap = 0
        counted = _("{people} people in {place}, {year}").format(
            people=format_value(pop.value), place=pop.name, year=pop.year
        )
        if gap == 0:
            points += WEIGHTS["place of similar size"]
            reasons.append(_("a place of similar size ({counted})").format(counted=counted))
        elif abs(gap) >= 2:
            points += WEIGHTS["much larger or smaller place"]
            larger = _("a much larger place ({counted})") if gap > 0 else _("a much smaller place ({counted})")
            reasons.append(larger.format(counted=counted))
    return points, reasons


def focus_part(case: cases.Case, focus: str | None) -> Part:
    if not focus:
        return 0, []
    points = FOCUS_FIT[focus][case.theme]
    words = _(FOCUS_WORDS[focus])
    if points > 0:
        return points, [_("theme suits {focus} ({theme})").format(focus=words, theme=case.theme_label)]
    if points < 0:
        return points, [_("theme seldom suits {focus} ({theme})").format(focus=words, theme=case.theme_label)]
    return 0, []


def level_part(case: cases.Case, level: str | None) -> Part:
    if level and case.led_by == level:
        return WEIGHTS["same level of government"], [
            _("led by the same level of government as yours ({level})").format(level=_(LEVELS[level]))
        ]
    return 0, []


def _row(case: cases.Case, meta: dict[str, dict[str, str]], parts: Iterable[Part]) -> dict:
    score, reasons = 0, []
    for points, said in parts:
        score += points
        reasons += said
    return {
        "case_id": case.id,
        "title": case.title,
        "place": case.place,
        "country": country_name(case.country),
        "theme": case.theme_label,
        "score": score,
        "reasons": "; ".join(reasons) or _(NO_MATCH),
    }


NO_MATCH = N_("none of the compared traits match")


def similar_cases(
    country: str,
    *,
    city_size: str | None = None,
    focus: str | None = None,
    themes: Iterable[str] | None = None,
    level: str | None = None,
    top: int = 8,
) -> pd.DataFrame:
    """The ``top`` cases most like ``country`` (an ISO3 code), best first, with the reasons.

    Columns: ``rank, case_id, title, place, country, theme, score, reasons`` (reasons joined by
    ``"; "``). See the module docstring for the points. A case sharing nothing scores 0 and says so.
    """
    home = _check_country(country)
    chosen = _check_options(city_size, focus, themes, top, level)
    meta, internet = countries(), _internet()
    rows = [
        _row(
            case,
            meta,
            [
                country_part(home, case.country, meta, internet),
                theme_part(case, chosen),
                size_part(case, city_size),
                focus_part(case, focus),
                level_part(case, level),
            ],
        )
        for case in cases.all()
    ]
    rows.sort(key=lambda r: (-r["score"], r["case_id"]))
    rows = rows[:top]
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return pd.DataFrame(rows, columns=COLUMNS)


def page_data(*, link_prefix: str = ".") -> dict:
    """Everything the "places like mine" page needs to rank the cases in the browser.

    The points and reasons are :func:`similar_cases`' own, in parts: for every economy in
    ``data/countries.csv``, what each case country shares with it; for every case, the points of
    each theme choice, size, focus and level. The page adds the parts in the order
    :func:`similar_cases` does (country, theme, size, focus, level), sorts by points then case id
    and shows the first eight. Reasons are indexes into ``reasons`` to keep the page small.
    """
    meta, internet = countries(), _internet()
    every = cases.all()
    reasons: dict[str, int] = {}

    def encode(part: Part) -> list:
        points, said = part
        return [points, [reasons.setdefault(r, len(reasons)) for r in said]]

    case_countries = sorted({c.country for c in every})
    pairs = {}
    for home in meta:
        shared = {}
        for i, other in enumerate(case_countries):
            part = country_part(home, other, meta, internet)
            if part[1]:
                shared[i] = encode(part)
        pairs[home] = shared
    case_rows = []
    for case in every:
        case_rows.append(
            {
                "id": case.id,
                "title": case.title,
                "place": case.place,
                "country": country_name(case.country),
                "home": case_countries.index(case.country),
                "theme": case.theme_label,
                "evidence": shown(EVIDENCE_NAMES, case.evidence),
                "href": f"{link_prefix}/{case.theme}/{case.id}.html",
                "themes": encode(theme_part(case, [case.theme])),
                "size": {s: encode(size_part(case, s)) for s in SIZE_FIT},
                "focus": {f: encode(focus_part(case, f)) for f in FOCUS_FIT},
                "level": {lv: encode(level_part(case, lv)) for lv in LEVELS},
                "themeId": case.theme,
            }
        )
    english = i18n.language() == i18n.SOURCE_LANGUAGE
    return {
        "countries": sorted(
            ([iso3, country_name(iso3)] for iso3 in meta), key=lambda c: c[1] if english else (_fold(c[1]), c[1])
        ),
        "caseCountries": case_countries,
        "pairs": pairs,
        "cases": case_rows,
        "reasons": list(reasons),
        "noMatch": _(NO_MATCH),
        "top": 8,
        "themes": {k: _(v) for k, v in THEMES.items()},
        "sizes": {k: _(v) for k, v in SIZE_WORDS.items()},
        "focuses": {k: _(v) for k, v in FOCUS_WORDS.items()},
        "levels": {k: _(v) for k, v in LEVELS.items()},
    }


def _fold(text: str) -> str:
    """Accents removed, for an alphabetical order in which "Ómán" sorts among the O's."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def results_table(results: pd.DataFrame, *, link_prefix: str = ".", caption: str | None = None) -> Html:
    """:func:`similar_cases` as an accessible table; each title links to its case page.

    ``link_prefix`` is the path from the page to the ``case_studies`` folder. The table adds each
    case's evidence level from its case file.
    """
    table_ = results.copy()
    found = [cases.load_case(cid) for cid in table_["case_id"]]
    table_["title"] = [_link(f"{link_prefix}/{c.theme}/{c.id}.html", c.title) for c in found]
    table_["evidence"] = [shown(EVIDENCE_NAMES, c.evidence) for c in found]
    return html_table(
        table_,
        caption or _("Cases ranked by what they share with your place"),
        columns={
            "rank": _("Rank"),
            "title": _("Case"),
            "place": _("Place"),
            "country": _("Country"),
            "theme": _("Theme"),
            "score": _("Points"),
            "reasons": _("Why it is listed"),
            "evidence": _("Evidence"),
        },
    )


def weights() -> pd.DataFrame:
    """The points of the ranking in words, for a page to show (from :data:`WEIGHTS` and the fit tables)."""
    rows = [
        (_("The case is in your country"), WEIGHTS["same country"]),
        (_("The case's country is in your World Bank region"), WEIGHTS["same World Bank region"]),
        (_("The case's country is in your World Bank income group"), WEIGHTS["same income group"]),
        (
            _(
                "Internet users less than {gap} percentage points apart, in the latest year both countries report"
            ).format(gap=INTERNET_GAP),
            WEIGHTS["similar internet use"],
        ),
        (_("The case's theme is one you chose"), WEIGHTS["theme you chose"]),
        (_("The case's place has about as many people as yours"), WEIGHTS["place of similar size"]),
        (_("The case's place is much bigger or much smaller than yours"), WEIGHTS["much larger or smaller place"]),
        (_("The case was led by the same level of government as yours"), WEIGHTS["same level of government"]),
    ]
    for size, fit in SIZE_FIT.items():
        for theme, points in fit.items():
            if points:
                rows.append(
                    (_("Theme {theme}, for {place}").format(theme=_(THEMES[theme]), place=_(SIZE_WORDS[size])), points)
                )
    for focus, fit in FOCUS_FIT.items():
        for theme, points in fit.items():
            if points:
                rows.append(
                    (
                        _("Theme {theme}, with {focus}").format(theme=_(THEMES[theme]), focus=_(FOCUS_WORDS[focus])),
                        points,
                    )
                )
    return pd.DataFrame(rows, columns=["compared", "points"])


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
    "FOCUS_FIT",
    "SIZE_CLASSES",
    "SIZE_FIT",
    "WEIGHTS",
    "page_data",
    "place_profile",
    "profile_chart",
    "profile_summary",
    "results_table",
    "similar_cases",
    "weights",
]
