"""Balance of the case base: where the cases are, who led them, and the selection rules of issue 12.

The rules (at least six cases in Latin America, ...) are computed from the case files, so the
explorer page and the unit test read the same numbers. A case counts as being in a *secondary city*
only when its file says enough to decide without guessing:

* it is not about a national capital: the place (or the place its population figure counts) does
  not name the capital of the case's country, from :data:`CAPITALS` (World Bank country API,
  ``worldbank-nd-country-api``);
* its cited ``population`` counts a city, an agglomeration or a region that contains the place, and
  that count is at most :data:`SECONDARY_MAX_POPULATION` (a region of up to 5 million people cannot
  hold an agglomeration of more than 5 million unless the agglomeration crosses its boundary).

A case without a ``population`` figure, whose region or country counts more than 5 million, or in a
country whose capital :data:`CAPITALS` does not list yet, is "not known": it is never counted as
secondary.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import cases, countries, i18n
from .i18n import N_, _
from .tables import Html, table
from .vocabulary import POPULATION_AREA_NAMES, shown

#: The largest cited population (people) a case's place may count and still be a secondary city.
SECONDARY_MAX_POPULATION = 5_000_000
CAPITALS_SOURCE = "worldbank-nd-country-api"
#: National capitals of the case countries (World Bank country API, field capitalCity), with the
#: other names under which the case files write them. South Africa's API entry is Pretoria.
CAPITALS: dict[str, tuple[str, ...]] = {
    "ARG": ("Buenos Aires",),
    "BGD": ("Dhaka",),
    "BRA": ("Brasília", "Brasilia"),
    "CHN": ("Beijing",),
    "COL": ("Bogotá", "Bogota"),
    "CRI": ("San José", "San Jose"),
    "ECU": ("Quito",),
    "ESP": ("Madrid",),
    "ETH": ("Addis Ababa",),
    "FRA": ("Paris",),
    "GBR": ("London",),
    "IND": ("New Delhi",),
    "IRL": ("Dublin",),
    "KEN": ("Nairobi",),
    "MEX": ("Mexico City", "Ciudad de México", "CDMX"),
    "NGA": ("Abuja",),
    "NPL": ("Kathmandu",),
    "PHL": ("Manila",),
    "RWA": ("Kigali",),
    "SLE": ("Freetown",),
    "THA": ("Bangkok",),
    "UGA": ("Kampala",),
    "USA": ("Washington",),
    "ZAF": ("Pretoria",),
}

LATIN_AMERICA = "Latin America & Caribbean"
SUB_SAHARAN_AFRICA = "Sub-Saharan Africa"
LOW_INCOME = "Low income"
SUBNATIONAL = ("municipal", "state-provincial")
INCOME_ORDER = ["Low income", "Lower middle income", "Upper middle income", "High income"]
LEVEL_ORDER = ["municipal", "state-provincial", "national", "private-led"]
NOT_RECORDED = "not recorded"

CAPITAL, SECONDARY, LARGE, NOT_KNOWN = "national capital", "secondary city", "above 5 million", "not known"
#: The place types and "not recorded" in a table, looked up with ``_()``.
SHOWN = {
    CAPITAL: N_("national capital"),
    SECONDARY: N_("secondary city"),
    LARGE: N_("above 5 million"),
    NOT_KNOWN: N_("not known"),
    NOT_RECORDED: N_("not recorded"),
    "municipal": N_("municipal"),
    "state-provincial": N_("state-provincial"),
    "national": N_("national"),
    "private-led": N_("private-led"),
}


def _fold(text: str) -> str:
    """Lower case without accents, so 'Bogota' matches 'Bogotá'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def names_capital(case: cases.Case) -> bool:
    """True when the case's place, or the place its population counts, names its country's capital."""
    # CAPITALS lists English names: a translated edition reads them from the case file itself.
    source = case if i18n.language() == i18n.SOURCE_LANGUAGE else cases.source_case(case.id)
    texts = [source.place] + ([source.population.name] if source.population else [])
    folded = [_fold(t) for t in texts]
    return any(_fold(name) in t for name in CAPITALS.get(case.country, ()) for t in folded)


def place_type(case: cases.Case) -> str:
    """One of "national capital", "secondary city", "above 5 million" or "not known"."""
    if case.country not in CAPITALS:  # a new country: its capital is not listed yet
        return NOT_KNOWN
    if names_capital(case):
        return CAPITAL
    pop = case.population
    if pop is None or pop.area == "country":
        return NOT_KNOWN
    if pop.value <= SECONDARY_MAX_POPULATION:
        return SECONDARY
    # A city or agglomeration above the limit is large; a large region may still hold a smaller city.
    return LARGE if pop.area in ("city", "agglomeration") else NOT_KNOWN


def cases_frame(case_list: Iterable[cases.Case] | None = None) -> pd.DataFrame:
    """One row per case: id, place, country, World Bank region and income group, led_by, place type."""
    table_ = countries.countries()
    rows = []
    for c in cases.all() if case_list is None else case_list:
        meta = table_.get(c.country, {})
        rows.append(
            {
                "case_id": c.id,
                "place": c.place,
                "country": c.country,
                "region": meta.get("wb_region", ""),
                "income_group": meta.get("wb_income_group", ""),
                "led_by": c.led_by or NOT_RECORDED,
                "place_type": place_type(c),
                "population": c.population.value if c.population else None,
                "population_area": c.population.area if c.population else "",
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Rule:
    """One selection rule: what it asks for, the minimum, and what the case files give."""

    rule: str
    minimum: int
    actual: int

    @property
    def met(self) -> bool:
        return self.actual >= self.minimum


def rules(case_list: Iterable[cases.Case] | None = None) -> list[Rule]:
    """The balance rules of issue 12, counted from the case files."""
    df = cases_frame(case_list)
    lac = df["region"] == LATIN_AMERICA
    ssa = df["region"] == SUB_SAHARAN_AFRICA
    return [
        Rule(_("Cases in Latin America and the Caribbean"), 6, int(lac.sum())),
        Rule(_("... of which in Ecuador"), 2, int((df["country"] == "ECU").sum())),
        Rule(_("... of which in Mexico"), 2, int((df["country"] == "MEX").sum())),
        Rule(_("Cases in Sub-Saharan Africa"), 4, int(ssa.sum())),
        Rule(_("... of which in low-income countries"), 2, int((ssa & (df["income_group"] == LOW_INCOME)).sum())),
        Rule(
            _("Cases led by a municipal or a state or provincial government"),
            8,
            int(df["led_by"].isin(SUBNATIONAL).sum()),
        ),
        Rule(
            _("Cases in secondary cities (not a national capital, not above 5 million)"),
            6,
            int((df["place_type"] == SECONDARY).sum()),
        ),
    ]


def _ordered(values: Iterable[str], order: list[str]) -> list[str]:
    present = list(dict.fromkeys(values))
    return [v for v in order if v in present] + sorted(v for v in present if v not in order)


def region_income_table(case_list: Iterable[cases.Case] | None = None) -> Html:
    """Cases by World Bank region (rows) and income group (columns), with totals."""
    df = cases_frame(case_list)
    counts = pd.crosstab(df["region"], df["income_group"])
    counts = counts[_ordered(counts.columns, INCOME_ORDER)]
    counts["All"] = counts.sum(axis=1)
    counts = counts.sort_values("All", ascending=False)
    counts.loc["All regions"] = counts.sum()
    counts.index = [_("All regions") if r == "All regions" else countries.label(r) for r in counts.index]
    counts.columns = [_("All") if c == "All" else countries.label(c) for c in counts.columns]
    counts.index.name = _("Region")
    return table(
        counts.reset_index(),
        caption=_("Cases by World Bank region and income group of the country"),
    )


def level_table(case_list: Iterable[cases.Case] | None = None) -> Html:
    """Cases by the level of government that led them (``led_by``)."""
    df = cases_frame(case_list)
    counts = df["led_by"].value_counts()
    order = _ordered(counts.index, [*LEVEL_ORDER, NOT_RECORDED])
    frame = pd.DataFrame(
        {
            _("Level of government that led"): [shown(SHOWN, k) for k in order],
            _("Cases"): [int(counts[k]) for k in order],
        }
    )
    return table(
        frame,
        caption=_(
            "Cases by the level of government that led them (not recorded in cases written before the field existed)"
        ),
    )


def place_table(case_list: Iterable[cases.Case] | None = None) -> Html:
    """Cases by place type, with the population figure each decision rests on."""
    df = cases_frame(case_list)
    frame = df[df["place_type"] != NOT_KNOWN][["case_id", "place", "place_type", "population", "population_area"]]
    frame = frame.sort_values(["place_type", "case_id"])
    frame["place_type"] = [shown(SHOWN, v) for v in frame["place_type"]]
    frame["population_area"] = [shown(POPULATION_AREA_NAMES, v) for v in frame["population_area"]]
    return table(
        frame,
        caption=_(
            "Cases whose place type the case files decide; the others have no population figure yet,"
            " or one for a region of more than 5 million"
        ),
        columns={
            "case_id": _("Case"),
            "place": _("Place"),
            "place_type": _("Place type"),
            "population": _("Population counted"),
            "population_area": _("What the figure counts"),
        },
    )


def rules_table(case_list: Iterable[cases.Case] | None = None) -> Html:
    """The balance rules with the minimum, the count from the case files and whether it is met."""
    frame = pd.DataFrame(
        [
            {
                _("Rule"): r.rule,
                _("At least"): r.minimum,
                _("Cases"): r.actual,
                _("Met"): _("yes") if r.met else _("no"),
            }
            for r in rules(case_list)
        ]
    )
    return table(frame, caption=_("The case base against the book's balance rules, counted from the case files"))
