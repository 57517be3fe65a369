"""Country codes: the book's list of valid ISO 3166-1 alpha-3 codes (``data/countries.csv``)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from . import paths


@lru_cache(maxsize=4)
def _table(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["iso3"]: row for row in csv.DictReader(fh)}


def countries() -> dict[str, dict[str, str]]:
    """ISO3 code -> row (iso_numeric, name, wb_region, wb_income_group)."""
    path: Path = paths.data_dir() / "countries.csv"
    return _table(str(path))


def is_country(code: object) -> bool:
    return isinstance(code, str) and code in countries()


def name(code: str) -> str:
    return countries()[code]["name"]
