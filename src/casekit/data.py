"""The book's curated tables, read through ``data/datapackage.json``.

Every table a page uses is a resource of the Frictionless Data Package in
``data/``. Loaders find ``data/`` by walking up to the book root (or through the
``CASEKIT_DATA`` / ``CASEKIT_ROOT`` environment variables), never by a path
relative to the current directory, so a notebook runs the same in the build,
under pytest and in JupyterLab.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from . import i18n, paths, textfile
from .errors import CasekitError, Problem

PACKAGE = "datapackage.json"
#: The prose columns of the series and indicator files: each edition shows them in its language,
#: translated in ``locales/<language>/data/<folder>/<file>.po`` (``msgctxt`` is the column; see
#: casekit.contrib.translations). Ids, codes, numbers, years and source keys are never translated;
#: country names come from :func:`casekit.countries.name`.
PROSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "series": ("label", "unit", "note"),
    "indicators": ("indicator", "unit", "note", "publisher"),
}


def prose_columns(rel_path: str) -> tuple[str, ...]:
    """The columns of ``rel_path`` (a path under ``data/``) that are prose, in file order."""
    return PROSE_COLUMNS.get(rel_path.split("/", 1)[0], ())


@lru_cache(maxsize=4)
def _package(path: str, mtime: float) -> dict[str, Any]:
    try:
        return json.loads(textfile.read_text(Path(path)))
    except json.JSONDecodeError as exc:
        raise CasekitError(
            [Problem(paths.display(Path(path)), f"line {exc.lineno}", f"expected valid JSON, got: {exc.msg}")]
        ) from None


def package(data_dir: Path | None = None) -> dict[str, Any]:
    """The parsed data package descriptor."""
    folder = data_dir or paths.data_dir()
    path = folder / PACKAGE
    if not path.is_file():
        raise CasekitError([Problem(paths.display(path), "(file)", "expected the book's data package descriptor")])
    return _package(str(path), path.stat().st_mtime)


def resource(rel_path: str, data_dir: Path | None = None) -> dict[str, Any]:
    """The resource descriptor whose ``path`` is ``rel_path`` (relative to ``data/``)."""
    folder = data_dir or paths.data_dir()
    for res in package(folder).get("resources", []):
        if res.get("path") == rel_path:
            return res
    raise CasekitError(
        [
            Problem(
                f"data/{PACKAGE}",
                "resources",
                f"expected a resource with path {rel_path!r}; declare every data file in the package",
            )
        ]
    )


def schema(res: dict[str, Any], data_dir: Path | None = None) -> dict[str, Any]:
    folder = data_dir or paths.data_dir()
    sch = res.get("schema")
    if isinstance(sch, str):
        path = folder / sch
        try:
            return json.loads(textfile.read_text(path))
        except json.JSONDecodeError as exc:
            raise CasekitError(
                [Problem(paths.display(path), f"line {exc.lineno}", f"expected valid JSON, got: {exc.msg}")]
            ) from None
    return sch or {"fields": []}


@lru_cache(maxsize=64)
def _read(path: str, mtime: float, fields: tuple[tuple[str, str, bool], ...]) -> pd.DataFrame:
    display = paths.display(Path(path))
    dtypes = {name: "string" for name, kind, _ in fields if kind == "string"}
    try:
        df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, ValueError) as exc:
        raise CasekitError([Problem(display, "(file)", f"expected a readable CSV file, got: {exc}")]) from None
    problems = [
        Problem(display, name, "expected this column (declared required in the data package schema)")
        for name, _, required in fields
        if required and name not in df.columns
    ]
    if problems:
        raise CasekitError(problems)
    for name, kind, _ in fields:
        if name in df.columns and kind in {"integer", "number"}:
            converted = pd.to_numeric(df[name], errors="coerce")
            infinite = converted.isin([float("inf"), float("-inf")])
            bad = df[name][(converted.isna() & df[name].notna()) | infinite]
            if len(bad):
                row = int(bad.index[0]) + 2  # header is line 1
                words = "a whole number" if kind == "integer" else "a number"
                finite = " that is finite" if infinite[bad.index[0]] else ""
                raise CasekitError(
                    [Problem(display, f"{name} (line {row})", f"expected {words}{finite}, got {bad.iloc[0]!r}")]
                )
            df[name] = converted.astype("Int64") if kind == "integer" else converted
    return df


def table(rel_path: str) -> pd.DataFrame:
    """Read one declared CSV resource, typed by its schema. Returns a copy."""
    folder = paths.data_dir()
    res = resource(rel_path, folder)
    fields = tuple(
        (f["name"], f.get("type", "string"), bool((f.get("constraints") or {}).get("required")))
        for f in schema(res, folder).get("fields", [])
    )
    path = folder / rel_path
    if not path.is_file():
        raise CasekitError(
            [Problem(paths.display(path), "(file)", "expected this data file (it is declared in the data package)")]
        )
    mtime = path.stat().st_mtime
    lang = i18n.language()
    if lang == i18n.SOURCE_LANGUAGE:
        return _read(str(path), mtime, fields).copy()
    catalog = i18n.data_catalog(folder.parent, rel_path, lang)
    try:
        catalog_mtime = catalog.stat().st_mtime_ns
    except OSError:  # no catalog yet: the English prose (casekit check says so)
        catalog_mtime = 0
    return _in_language(str(path), mtime, fields, rel_path, lang, str(catalog), catalog_mtime).copy()


@lru_cache(maxsize=64)
def _in_language(
    path: str,
    mtime: float,
    fields: tuple[tuple[str, str, bool], ...],
    rel_path: str,
    lang: str,
    catalog: str,
    _catalog_mtime: int,
) -> pd.DataFrame:
    """The table with its prose columns translated (English where untranslated) and its country
    names in ``lang``."""
    from . import countries

    df = _read(path, mtime, fields).copy()
    messages = i18n.read_catalog(Path(catalog)) if _catalog_mtime else {}
    for column in prose_columns(rel_path):
        if column in df.columns and messages:
            df[column] = df[column].map(
                lambda text, column=column: messages.get((column, text), text) if isinstance(text, str) else text
            )
    if "country" in df.columns and "country_iso3" in df.columns:
        known = countries.countries()
        df["country"] = [
            countries.name(code, lang) if isinstance(code, str) and code in known else shown
            for code, shown in zip(df["country_iso3"], df["country"], strict=True)
        ]
    return df


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def indicators(
    codes: str | Iterable[str] | None = None,
    countries: str | Iterable[str] | None = None,
    years: tuple[int, int] | Iterable[int] | None = None,
    table: str = "digital_economy",
) -> pd.DataFrame:
    """Rows of one indicator table (``data/indicators/<table>.csv``), filtered.

    ``codes`` are indicator codes (``IT.NET.USER.ZS``), ``countries`` ISO3 codes,
    ``years`` either an inclusive ``(first, last)`` pair or a list of years.
    Unknown codes and countries raise a readable error rather than returning
    an empty frame.
    """
    rel = f"indicators/{table}.csv"
    df = globals()["table"](rel)
    code_list, country_list = _as_list(codes), _as_list(countries)
    problems = []
    if code_list is not None:
        unknown = sorted(set(code_list) - set(df["indicator_code"]))
        if unknown:
            problems.append(
                Problem(
                    f"data/{rel}",
                    "indicator_code",
                    f"expected one of {sorted(set(df['indicator_code']))}, got {unknown}",
                )
            )
        df = df[df["indicator_code"].isin(code_list)]
    if country_list is not None:
        unknown = sorted(set(country_list) - set(df["country_iso3"]))
        if unknown:
            hint = (
                " (for countries outside the 17 case countries use table='digital_economy_world')"
                if table == "digital_economy"
                else ""
            )
            problems.append(
                Problem(f"data/{rel}", "country_iso3", f"expected countries present in the table, got {unknown}{hint}")
            )
        df = df[df["country_iso3"].isin(country_list)]
    if problems:
        raise CasekitError(problems)
    if years is not None:
        ys = list(years)
        if isinstance(years, tuple) and len(ys) == 2:
            df = df[(df["year"] >= ys[0]) & (df["year"] <= ys[1])]
        else:
            df = df[df["year"].isin(ys)]
    return df.reset_index(drop=True)


def series(case_id: str, series: str | Iterable[str] | None = None) -> pd.DataFrame:
    """A case's own sourced time series (``data/series/<case-id>.csv``), optionally some of them."""
    rel = f"series/{case_id}.csv"
    df = table(rel)
    wanted = _as_list(series)
    if wanted is not None:
        known = sorted(set(df["series"]))
        unknown = [s for s in wanted if s not in known]
        if unknown:
            got = unknown[0] if isinstance(series, str) else unknown
            raise CasekitError([Problem(f"data/{rel}", "series", f"expected one of {known}, got {got!r}")])
        df = df[df["series"].isin(wanted)]
    return df.sort_values(["series", "year"]).reset_index(drop=True)
