"""Tables across all the case files: programmes, instruments and outcomes, optionally of one theme.

``case_ids`` restricts a table to named cases. Chapters use it in their hidden checks, so the
facts they state about the cases they discuss stay checked when a new case joins the theme.

Theme chapters and the case explorer draw on these, so they are built from the case
files at run time and a new case appears in them with no other edit.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import cases
from .countries import name as country_name
from .errors import CasekitError, Problem
from .vocabulary import THEMES


def _cases(theme: str | None, case_ids: Iterable[str] | None = None) -> list[cases.Case]:
    if theme is not None and theme not in THEMES:
        raise CasekitError([Problem("casekit.catalog", "theme", f"expected one of {list(THEMES)}, got {theme!r}")])
    found = cases.filter(theme=theme)
    if case_ids is None:
        return found
    wanted = list(case_ids)
    missing = sorted(set(wanted) - {c.id for c in found})
    if missing:
        raise CasekitError(
            [Problem("casekit.catalog", "case_ids", f"expected cases of the book, got unknown {missing}")]
        )
    return [c for c in found if c.id in wanted]


def cases_frame(theme: str | None = None, *, case_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per case: id, title, place, country, theme, first year, instruments, evidence, the level
    of government that led it and the population of its place (with what the number counts)."""
    rows = [
        {
            "case_id": c.id,
            "title": c.title,
            "place": c.place,
            "country_iso3": c.country,
            "country": country_name(c.country),
            "theme": c.theme_label,
            "start_year": c.start_year,
            "instruments": ", ".join(c.instruments),
            "evidence": c.evidence,
            "led_by": c.led_by,
            "population": c.population.value if c.population else None,
            "population_area": c.population.area if c.population else None,
            "population_year": c.population.year if c.population else None,
            "sources": len(c.cited_keys()),
        }
        for c in _cases(theme, case_ids)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "case_id",
            "title",
            "place",
            "country_iso3",
            "country",
            "theme",
            "start_year",
            "instruments",
            "evidence",
            "led_by",
            "population",
            "population_area",
            "population_year",
            "sources",
        ],
    )


def programmes_frame(theme: str | None = None, *, case_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per programme of every case: years, status, lead and instruments."""
    rows = []
    for c in _cases(theme, case_ids):
        for p in c.programmes:
            rows.append(
                {
                    "case_id": c.id,
                    "place": c.place,
                    "programme": p.name,
                    "start_year": p.start_year,
                    "end_year": p.end_year,
                    "status": "ongoing" if p.ongoing else ("ended" if p.end_year else "end not reported"),
                    "lead": p.lead,
                    "instruments": ", ".join(p.instruments),
                    "sources": ", ".join(p.sources),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["case_id", "place", "programme", "start_year", "end_year", "status", "lead", "instruments", "sources"],
    )


def instruments_frame(theme: str | None = None, *, case_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Long table: one row per (case, instrument) the case's programmes use."""
    rows = [
        {"case_id": c.id, "place": c.place, "instrument": i} for c in _cases(theme, case_ids) for i in c.instruments
    ]
    return pd.DataFrame(rows, columns=["case_id", "place", "instrument"])


def outcomes_frame(theme: str | None = None, *, case_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Every reported outcome of every case, with its unit, year and source."""
    rows = [
        {
            "case_id": c.id,
            "place": c.place,
            "label": o.label,
            "value": o.value,
            "unit": o.unit,
            "year": o.year,
            "measures": o.measures,
            "source": o.source,
        }
        for c in _cases(theme, case_ids)
        for o in c.outcomes
    ]
    return pd.DataFrame(rows, columns=["case_id", "place", "label", "value", "unit", "year", "measures", "source"])
