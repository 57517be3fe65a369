"""Build the book's small curated reference tables from the reference extracts.

Maintainers only. Readers, authors and the book build never need to run this
script: its outputs are committed under ``data/`` and the book reads only those.
Run it again only when the reference extracts change::

    python tools/build_reference_tables.py --reference-dir PATH

``PATH`` is the folder holding the reference extracts (``country_metadata.csv``,
``wdi_digital_urban_economy_case_countries_2000_2024.csv``, ...). There is
deliberately no default: the book must not depend on where that folder lives.

Provenance (details, licences and commits are in ``data/README.md`` and
``data/datapackage.json``). The extracts were taken, without changing any
value, from files published by the original publishers or redistributed
faithfully on GitHub:

* country list: World Bank country metadata (Nov 2024 download, via
  plotly/Figure-Friday) plus ISO 3166-1 numeric codes from Gapminder;
* WDI series (ITU internet and broadband, UN urbanisation share, GDP per
  capita PPP): World Bank WDI, one vintage, via Gapminder Systema Globalis;
* account ownership (Global Findex), ICT skills and 4G coverage (ITU): UN SDG
  Global Database series FB_BNK_ACCSS, SE_ADT_ACTS, IT_MOB_4GNTWK, via the
  open-numbers SDG DDF package;
* Logistics Performance Index: World Bank International LPI workbook
  2012-2023 (third-party GitHub copy).

This script only filters and reshapes: it keeps the 17 case countries, the
years and the indicators the book uses, adds the original publisher and the
book's citation key (``references.bib``) to every row, and rounds values to at
most 4 decimals. Output is deterministic: rows sorted by key, fixed number
formatting, UTF-8, LF line endings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

CASE_COUNTRIES = sorted(
    [
        "ARG",
        "BGD",
        "BRA",
        "CHN",
        "COL",
        "CRI",
        "ESP",
        "FRA",
        "GBR",
        "IND",
        "IRL",
        "MEX",
        "NGA",
        "NPL",
        "PHL",
        "THA",
        "USA",
    ]
)

COMMON_COLUMNS = [
    "country_iso3",
    "country",
    "year",
    "indicator_code",
    "indicator",
    "value",
    "unit",
    "publisher",
    "source",
]

# Reference extract file names.
F_META = "country_metadata.csv"
F_WDI = "wdi_digital_urban_economy_case_countries_2000_2024.csv"
F_WDI_WORLD = "wdi_digital_urban_all_countries_2014_2024.csv"
F_FINDEX = "sdg_account_ownership_urban_rural_sex_2011_2021.csv"
F_LPI = "wb_logistics_performance_index_2012_2023.csv"
F_SKILLS = "sdg_ict_skills_urban_rural_2014_2021.csv"
F_4G = "sdg_mobile_4g_internet_gender_small_industry_2000_2022.csv"

PUB_ITU_WDI = "International Telecommunication Union (ITU), via World Bank WDI"
PUB_WUP_WDI = "United Nations Population Division (World Urbanization Prospects), via World Bank WDI"
PUB_WDI = "World Bank WDI"
PUB_FINDEX = "World Bank, Global Findex (via UN SDG Global Database)"
PUB_LPI = "World Bank, Logistics Performance Index"
PUB_ITU_SDG = "International Telecommunication Union (ITU) (via UN SDG Global Database)"

WDI_SERIES = {
    # code: (publisher, citation key)
    "IT.NET.USER.ZS": (PUB_ITU_WDI, "worldbank-wdi"),
    "IT.NET.BBND.P2": (PUB_ITU_WDI, "worldbank-wdi"),
    "SP.URB.TOTL.IN.ZS": (PUB_WUP_WDI, "worldbank-wdi"),
    "NY.GDP.PCAP.PP.KD": (PUB_WDI, "worldbank-wdi"),
}
WDI_YEARS = (2005, 2024)
FINDEX_YEARS = [2011, 2014, 2017, 2021]
LPI_CODE = "LP.LPI.OVRL.XQ"
SKILL_SERIES = "SE_ADT_ACTS"
SKILLS = ["EMAIL", "COPA", "PCPR"]
SKILL_YEARS_PER_COUNTRY = 3
MOBILE_4G_CODE = "IT_MOB_4GNTWK"
MOBILE_4G_YEARS = (2015, 2022)
MIN_COUNTRIES = 6  # keep an indicator only if at least this many case countries have data


def fail(message: str) -> None:
    sys.exit(f"build_reference_tables: {message}")


def read(ref: Path, name: str, **kwargs) -> pd.DataFrame:
    path = ref / name
    if not path.is_file():
        fail(f"missing reference extract {name} in {ref}")
    return pd.read_csv(path, encoding="utf-8", **kwargs)


def fmt_value(value: float) -> str:
    """At most 4 decimals, trailing zeros dropped (45.30 -> 45.3, 3.0 -> 3)."""
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def one_vintage(df: pd.DataFrame, table: str) -> None:
    """Fail if any series comes from more than one source file/vintage or has several units."""
    for column in ("source", "unit", "indicator"):
        n = df.groupby("indicator_code")[column].nunique()
        if (n > 1).any():
            fail(f"{table}: several {column} values for {list(n[n > 1].index)}")


def finish(df: pd.DataFrame, names: dict[str, str], key: list[str], columns: list[str], table: str) -> pd.DataFrame:
    """Check, name, format and sort one indicator table."""
    df = df.dropna(subset=["value"]).copy()
    df["year"] = df["year"].astype(int)
    df["country"] = df["country_iso3"].map(names)
    if df["country"].isna().any():
        fail(f"{table}: codes not in {F_META}: {sorted(df.loc[df['country'].isna(), 'country_iso3'].unique())}")
    if df.duplicated(key).any():
        fail(f"{table}: duplicate rows for key {key}")
    df = df.sort_values(key, kind="mergesort").reset_index(drop=True)
    df["value"] = df["value"].map(fmt_value)
    return df[columns]


def write(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {path} ({len(df)} rows)")


def countries_table(meta: pd.DataFrame) -> pd.DataFrame:
    df = meta[meta["is_aggregate"] == "False"].rename(
        columns={"country_iso3": "iso3", "iso3166_1_numeric": "iso_numeric", "country": "name"}
    )
    bad = df["iso_numeric"].ne("") & ~df["iso_numeric"].str.fullmatch(r"[0-9]{3}")
    if bad.any():
        fail(f"non 3-digit ISO numeric codes: {df.loc[bad, 'iso3'].tolist()}")
    missing = sorted(set(CASE_COUNTRIES) - set(df["iso3"]))
    if missing:
        fail(f"case countries missing from {F_META}: {missing}")
    df = df.sort_values("iso3", kind="mergesort")
    return df[["iso3", "iso_numeric", "name", "wb_region", "wb_income_group"]]


def digital_economy(ref: Path, names: dict[str, str]) -> pd.DataFrame:
    df = read(ref, F_WDI)
    df = df[
        df["country_iso3"].isin(CASE_COUNTRIES) & df["indicator_code"].isin(WDI_SERIES) & df["year"].between(*WDI_YEARS)
    ].copy()
    one_vintage(df, "digital_economy")
    df["publisher"] = df["indicator_code"].map(lambda c: WDI_SERIES[c][0])
    df["source"] = df["indicator_code"].map(lambda c: WDI_SERIES[c][1])
    key = ["country_iso3", "indicator_code", "year"]
    return finish(df, names, key, COMMON_COLUMNS, "digital_economy")


def digital_economy_world(ref: Path, names: dict[str, str]) -> pd.DataFrame:
    """The same WDI series for every economy, in the survey years the all-countries extract holds.

    Used when a page needs a country outside the 17 case countries (a new case, or the
    "places like mine" comparison). Same vintage as ``digital_economy``.
    """
    df = read(ref, F_WDI_WORLD)
    df = df[df["country_iso3"].isin(names) & df["indicator_code"].isin(WDI_SERIES)].copy()
    one_vintage(df, "digital_economy_world")
    df["publisher"] = df["indicator_code"].map(lambda c: WDI_SERIES[c][0])
    df["source"] = df["indicator_code"].map(lambda c: WDI_SERIES[c][1])
    key = ["country_iso3", "indicator_code", "year"]
    return finish(df, names, key, COMMON_COLUMNS, "digital_economy_world")


def account_ownership(ref: Path, names: dict[str, str]) -> pd.DataFrame:
    df = read(ref, F_FINDEX)
    df = df[
        df["country_iso3"].isin(CASE_COUNTRIES)
        & (df["indicator_code"] == "FB_BNK_ACCSS")
        & df["breakdown"].str.startswith("location=")  # drops sex=female|male
    ].copy()
    one_vintage(df, "account_ownership")
    df["location"] = df["breakdown"].str.removeprefix("location=")
    keep = (df["location"] == "allarea") & df["year"].isin(FINDEX_YEARS)
    keep |= df["location"].isin(["urban", "rural"]) & (df["year"] == 2021)
    df = df[keep].copy()
    df["publisher"] = PUB_FINDEX
    df["source"] = "worldbank-findex-2021"
    columns = [*COMMON_COLUMNS[:3], "location", *COMMON_COLUMNS[3:]]
    key = ["country_iso3", "year", "location"]
    return finish(df, names, key, columns, "account_ownership")


def logistics_performance(ref: Path, names: dict[str, str]) -> pd.DataFrame:
    df = read(ref, F_LPI)
    df = df[df["country_iso3"].isin(CASE_COUNTRIES) & (df["indicator_code"] == LPI_CODE)].copy()
    one_vintage(df, "logistics_performance")
    df["publisher"] = PUB_LPI
    df["source"] = "worldbank-lpi-2023"
    key = ["country_iso3", "year"]
    return finish(df, names, key, COMMON_COLUMNS, "logistics_performance")


def ict_skills(ref: Path, names: dict[str, str]) -> pd.DataFrame:
    df = read(ref, F_SKILLS)
    codes = [f"{SKILL_SERIES}.{s}" for s in SKILLS]
    df = df[
        df["country_iso3"].isin(CASE_COUNTRIES)
        & df["indicator_code"].isin(codes)
        & df["breakdown"].isin(["location=allarea", "location=urban", "location=rural"])
    ].copy()
    one_vintage(df, "ict_skills")
    df = df.dropna(subset=["value"])
    # Keep it small: per country, the latest years with any of the chosen skills.
    latest = (
        df[["country_iso3", "year"]]
        .drop_duplicates()
        .sort_values(["country_iso3", "year"], ascending=[True, False])
        .groupby("country_iso3")
        .head(SKILL_YEARS_PER_COUNTRY)
    )
    df = df.merge(latest, on=["country_iso3", "year"])
    df["location"] = df["breakdown"].str.removeprefix("location=")
    df["skill"] = df["indicator_code"].str.removeprefix(f"{SKILL_SERIES}.")
    df["indicator_code"] = SKILL_SERIES
    df["publisher"] = PUB_ITU_SDG
    df["source"] = "itu-sdg-ict-skills"
    if df["country_iso3"].nunique() < MIN_COUNTRIES:
        fail(f"ict_skills: only {df['country_iso3'].nunique()} case countries have data")
    columns = [*COMMON_COLUMNS[:3], "location", "skill", *COMMON_COLUMNS[3:]]
    key = ["country_iso3", "year", "location", "skill"]
    return finish(df, names, key, columns, "ict_skills")


def mobile_4g_coverage(ref: Path, names: dict[str, str]) -> pd.DataFrame:
    df = read(ref, F_4G)
    df = df[
        df["country_iso3"].isin(CASE_COUNTRIES)
        & (df["indicator_code"] == MOBILE_4G_CODE)
        & df["year"].between(*MOBILE_4G_YEARS)
    ].copy()
    one_vintage(df, "mobile_4g_coverage")
    if df["country_iso3"].nunique() < MIN_COUNTRIES:
        fail(f"mobile_4g_coverage: only {df['country_iso3'].nunique()} case countries have data")
    # The SDG "nature" flag (country data / estimated) is not kept; one value per country-year.
    df["publisher"] = PUB_ITU_SDG
    df["source"] = "itu-sdg-4g-coverage"
    key = ["country_iso3", "year"]
    return finish(df, names, key, COMMON_COLUMNS, "mobile_4g_coverage")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference-dir",
        required=True,
        type=Path,
        help="folder holding the reference extracts (country_metadata.csv, ...)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "data",
        help="the book's data/ folder (default: data/ next to tools/)",
    )
    args = parser.parse_args(argv)
    ref: Path = args.reference_dir
    out: Path = args.out_dir
    if not ref.is_dir():
        fail(f"--reference-dir {ref} is not a folder")

    meta = read(ref, F_META, dtype=str, keep_default_na=False)
    countries = countries_table(meta)
    names = dict(zip(countries["iso3"], countries["name"], strict=False))
    write(countries, out / "countries.csv")

    tables = {
        "digital_economy": digital_economy,
        "digital_economy_world": digital_economy_world,
        "account_ownership": account_ownership,
        "logistics_performance": logistics_performance,
        "ict_skills": ict_skills,
        "mobile_4g_coverage": mobile_4g_coverage,
    }
    for name, build in tables.items():
        write(build(ref, names), out / "indicators" / f"{name}.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
