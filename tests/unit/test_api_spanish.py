"""casekit's notebook API in the Spanish edition: charts, tables, country names and data prose.

Every Spanish expectation is read from the catalog that supplies it (or from CLDR, for country
names), so the tests check the mechanism, not a copy of the translation; the English output is
checked against the words the English edition has always shown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import casekit
from casekit import balance, charts, countries, data, i18n, matching, places, render, tables
from casekit.contrib import translations
from casekit.i18n import NARROW_NBSP, NBSP

REPO = Path(__file__).resolve().parents[2]
CASE = "demo-city-voucher"
#: The catalogs this part of the API owns: casekit's modules and the data files' prose.
MODULES = ("balance", "charts", "countries", "matching", "places", "render", "tables", "vocabulary")
SAME_IN_SPANISH = {"municipal", "no"}


def es(message: str, module: str) -> str:
    """``message``'s translation in ``src/casekit/locales/es/<module>.po`` (fails when missing)."""
    found = i18n.read_catalog(i18n.PACKAGE_LOCALES / "es" / f"{module}.po").get((None, message))
    assert isinstance(found, str) and found, message
    assert found != message or message in SAME_IN_SPANISH, message
    return found


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "es")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE, raising=False)


@pytest.fixture
def book(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real book (its cases, indicator tables and catalogs)."""
    monkeypatch.setenv("CASEKIT_ROOT", str(REPO))
    monkeypatch.delenv("CASEKIT_DATA", raising=False)
    return REPO


# Catalogs ----------------------------------------------------------------------------------------
def test_my_catalogs_are_complete_and_up_to_date(book: Path) -> None:
    mine = [f"src/casekit/locales/es/{m}.po" for m in MODULES] + [
        "locales/es/data/series/",
        "locales/es/data/indicators/",
    ]
    problems = [str(p) for p in translations.problems(REPO, "es") if any(m in str(p) for m in mine)]
    assert problems == []
    files = {
        str(path.relative_to(REPO)) for path, _ in translations.all_catalogs(REPO, "es") if path.is_relative_to(REPO)
    }
    assert {f"src/casekit/locales/es/{m}.po" for m in MODULES} <= files
    assert "locales/es/data/series/dublin-trading-online-voucher.po" in files
    assert "locales/es/data/indicators/digital_economy.po" in files


def test_series_and_indicator_prose_is_extracted_by_column(minibook: Path) -> None:
    entries = translations.table_entries(minibook, f"series/{CASE}.csv")
    assert [(context, text) for context, text, _ in entries] == [
        ("label", "Applications"),
        ("unit", "applications"),
        ("note", "first COVID months"),
    ]  # one message per distinct text; ids, sources, years and values never
    assert entries[0][2] == [(f"data/series/{CASE}.csv", 2)]
    assert translations.table_entries(minibook, "countries.csv") == []  # not a prose table


# Country names -----------------------------------------------------------------------------------
def test_country_names_come_from_cldr_in_spanish(spanish: None, minibook: Path) -> None:
    from babel import Locale

    cldr = Locale.parse("es").territories
    assert countries.name("IRL") == cldr["IE"] == "Irlanda"
    assert countries.name("GBR") == cldr["GB"]
    assert countries.name("IRL", "en") == "Ireland"


def test_every_economy_of_the_book_has_a_spanish_name(spanish: None, book: Path) -> None:
    table = countries.countries()
    no_code = [code for code in table if countries.alpha2(code) is None]
    assert no_code == list(countries.NOT_IN_CLDR)  # only the Channel Islands, named by the catalog
    assert countries.name("MEX") == "México" and countries.name("CHI") == es("Channel Islands", "countries")
    assert countries.region("ECU") == es("Latin America & Caribbean", "countries")
    assert countries.income_group("ECU") == es("Upper middle income", "countries")


def test_country_names_stay_english_in_the_english_edition(english: None, minibook: Path) -> None:
    assert countries.name("IRL") == "Ireland"
    assert countries.region("IRL") == countries.countries()["IRL"]["wb_region"]


# Charts ------------------------------------------------------------------------------------------
def _themed(chart: object) -> dict:
    """The chart's spec under the book's theme (the theme that was active before is restored)."""
    import altair as alt

    before = alt.theme.active
    charts.enable_theme()
    try:
        return chart.to_dict()  # type: ignore[attr-defined]
    finally:
        alt.theme.enable(before)


def test_spanish_chart_theme_carries_the_d3_number_locale(spanish: None, minibook: Path) -> None:
    spec = _themed(charts.context(CASE, "IT.NET.USER.ZS", title="T", description="A description long enough."))
    number = spec["config"]["locale"]["number"]
    assert number == i18n.D3_NUMBER_LOCALES["es"]
    assert number["decimal"] == "," and number["thousands"] == NARROW_NBSP


def test_english_chart_theme_keeps_vega_default_numbers(english: None, minibook: Path) -> None:
    spec = _themed(charts.context(CASE, "IT.NET.USER.ZS", title="T", description="A description long enough."))
    assert "locale" not in spec["config"]


def test_context_chart_in_spanish(spanish: None, minibook: Path) -> None:
    spec = charts.context(CASE, "IT.NET.USER.ZS", title="Internet", description="Irlanda y sus pares.").to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["country"] for v in values} == {"Irlanda", "Reino Unido", "Francia"}
    assert spec["title"]["subtitle"].startswith(es("Source: {source}", "charts").format(source=""))
    assert spec["encoding"]["x"]["title"] == es("Year", "charts")
    titles = [t.get("title") for t in spec["encoding"]["tooltip"]]
    assert titles[0] == es("Country", "charts") and titles[1] == es("Year", "charts")
    assert "Irlanda" in str(spec["encoding"]["strokeWidth"])  # the case country is still highlighted


def test_series_chart_in_spanish_uses_the_data_catalog(spanish: None, minibook: Path) -> None:
    catalog = i18n.data_catalog(minibook, f"series/{CASE}.csv", "es")
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "label"\nmsgid "Applications"\nmsgstr "Solicitudes"\n\n'
        'msgctxt "unit"\nmsgid "applications"\nmsgstr "solicitudes"\n\n'
        'msgctxt "note"\nmsgid "first COVID months"\nmsgstr ""\n',
        encoding="utf-8",
    )
    df = casekit.series(CASE)
    assert set(df["label"]) == {"Solicitudes"} and set(df["unit"]) == {"solicitudes"}
    assert "first COVID months" in set(df["note"])  # untranslated: English, as for cases
    assert list(df["series"]) == ["applications", "applications"]  # ids never translated
    spec = charts.series_chart(CASE, "applications", title="T", description="A description long enough.").to_dict()
    assert spec["encoding"]["y"]["title"] == "solicitudes"
    assert spec["encoding"]["x"]["title"] == es("Year", "charts")
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == [
        es("Year", "charts"),
        "solicitudes",
        es("Source", "charts"),
        es("Note", "charts"),
    ]


def test_series_prose_stays_english_in_the_english_edition(english: None, minibook: Path) -> None:
    df = casekit.series(CASE)
    assert set(df["label"]) == {"Applications"} and set(df["unit"]) == {"applications"}
    spec = charts.series_chart(CASE, "applications", title="T", description="A description long enough.").to_dict()
    assert spec["encoding"]["x"]["title"] == "Year"
    assert spec["title"]["subtitle"] == "Source: [demo-2020-report, demo-2021-answer]"


def test_timelines_and_map_in_spanish(spanish: None, minibook: Path) -> None:
    spec = charts.programme_timeline(title="T", description="A description long enough.").to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        es("ongoing", "vocabulary"),
        es("ended", "vocabulary"),
        es("end not reported", "vocabulary"),
    ]
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert values[0]["status"] == es("ongoing", "vocabulary")
    assert values[0]["years"] == es("{start}–ongoing", "charts").format(start=2014)
    assert spec["title"]["subtitle"] == es("Source: {source}", "charts").format(
        source=es("the book's case files", "charts")
    )
    spec = charts.timeline(CASE, title="T", description="A description long enough.").to_dict()
    assert spec["encoding"]["x"]["title"] == es("Year", "charts")
    spec = charts.instrument_matrix(title="T", description="A description long enough.").to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["instrument"] for v in values} == {es("voucher", "vocabulary"), es("training", "vocabulary")}
    spec = charts.case_map(title="T", description="A description long enough.").to_dict()
    points = spec["layer"][1]
    assert points["encoding"]["color"]["scale"]["domain"][0] == es("MSME digitization", "vocabulary")
    assert [t["title"] for t in points["encoding"]["tooltip"]][:3] == [
        es("Place", "charts"),
        es("Case", "charts"),
        es("Theme", "charts"),
    ]


def test_category_values_shown_in_spanish_but_the_notebooks_data_unchanged(spanish: None, minibook: Path) -> None:
    df = pd.DataFrame(
        {"country": ["Ireland", "Ireland"], "location": ["urban", "rural"], "value": [80.0, 70.0], "unit": ["%", "%"]}
    )
    spec = charts.dumbbell(
        df, category="country", value="value", group="location", title="T", description="A description long enough."
    ).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["location"] for v in values} == {es("urban", "charts"), es("rural", "charts")}
    assert {v["country"] for v in values} == {"Irlanda"}
    assert list(df["location"]) == ["urban", "rural"]  # the caller's frame is not touched
    bars = charts.ranked_bars(
        df, category="country", value="value", title="T", description="A description long enough.", highlight="Ireland"
    ).to_dict()
    drawn = bars["datasets"][next(iter(bars["datasets"]))]
    assert {v["highlighted"] for v in drawn} == {"highlighted"}  # the English highlight still matched
    assert {v["country"] for v in drawn} == {"Irlanda"}


# Tables ------------------------------------------------------------------------------------------
def test_glance_and_programmes_tables_in_spanish(spanish: None, minibook: Path) -> None:
    html = tables.glance(CASE).html
    assert f"<caption>{es('At a glance: {title}', 'tables').split('{')[0]}" in html
    assert f'<th scope="col">{es("Item", "tables")}</th>' in html
    assert f'<th scope="row">{es("Place", "tables")}</th><td>Demo City, Irlanda</td>' in html
    assert es("voucher", "vocabulary") + ", " + es("training", "vocabulary") in html
    assert f"{es('medium', 'vocabulary')}: {es(casekit.vocabulary.EVIDENCE_LEVELS['medium'], 'vocabulary')}" in html
    html = tables.programmes_table(CASE).html
    assert f'<th scope="col">{es("Budget [source]", "tables")}</th>' in html
    assert f"5{NARROW_NBSP}000{NARROW_NBSP}000 EUR" in html  # the Spanish number format
    assert es("ongoing", "vocabulary") in html
    assert "Programme" not in html.replace("Programmes:", "")


def test_tables_unchanged_in_the_english_edition(english: None, minibook: Path) -> None:
    html = tables.glance(CASE).html
    assert "<caption>At a glance: " in html and '<th scope="row">Place</th><td>Demo City, Ireland</td>' in html
    assert "voucher, training" in html and "medium: Programme facts are sourced" in html
    assert "5,000,000 EUR" in tables.programmes_table(CASE).html
    assert '<th scope="col">Led by</th>' in tables.explorer_table().html


def test_explorer_table_in_spanish(spanish: None, minibook: Path) -> None:
    html = tables.explorer_table().html
    for heading in ("Country", "Region", "Led by", "Population counted", "Evidence"):
        assert f'<th scope="col">{es(heading, "tables")}</th>' in html
    assert f"<td>Irlanda</td><td>{es('Europe & Central Asia', 'countries').replace('&', '&amp;')}</td>" in html
    assert f"1{NARROW_NBSP}200{NARROW_NBSP}000" in html
    assert f"{es('agglomeration', 'vocabulary')}, 2015" in html
    assert es("national", "vocabulary") in html


def test_data_links_and_vocabulary_table_in_spanish(spanish: None, minibook: Path) -> None:
    html = tables.data_links(CASE).html
    assert es("Time series for this case (CSV, {file})", "tables").format(file=f"{CASE}.csv") in html
    html = tables.instruments_table().html
    assert f'<th scope="row">{es("grant", "vocabulary")}</th>' in html
    assert f"<caption>{es('Instrument vocabulary', 'tables')}</caption>" in html


# Matching, the places form and the balance tables ------------------------------------------------
def test_matching_reasons_and_tables_in_spanish(spanish: None, book: Path) -> None:
    results = matching.similar_cases("ECU", city_size="medium", level="municipal")
    reasons = results["reasons"].iloc[0]
    assert (
        es("same World Bank region ({region})", "matching").format(region=es("Latin America & Caribbean", "countries"))
        in reasons
    )
    assert (
        es("led by the same level of government as yours ({level})", "matching").format(
            level=es("municipal", "matching")
        )
        in reasons
    )
    assert f"{NBSP}%" in reasons  # internet use in the Spanish percent format
    assert results["country"].iloc[0] == "Ecuador"
    assert matching._percent(77.25) == f"77,2{NBSP}%"
    html = matching.results_table(results).html
    assert f'<th scope="col">{es("Why it is listed", "matching")}</th>' in html
    assert f"<td>{es('medium', 'vocabulary')}</td>" in html
    words = matching.weights()
    assert words["compared"].iloc[0] == es("The case is in your country", "matching")


def test_matching_unchanged_in_the_english_edition(english: None, book: Path) -> None:
    results = matching.similar_cases("ECU", city_size="medium", level="municipal")
    assert "same World Bank region (Latin America & Caribbean)" in results["reasons"].iloc[0]
    assert matching._percent(77.25) == "77.2%"
    assert matching.weights()["compared"].iloc[0] == "The case is in your country"


def test_places_form_in_spanish(spanish: None, book: Path) -> None:
    html = places.form(country="MEX").html
    assert f"<label>{es('Country', 'places')} <select" in html
    assert '<option value="MEX" selected>México</option>' in html
    assert es("Small: under {people} people", "places").format(people=f"200{NARROW_NBSP}000") in html
    assert es("Medium-sized: {low} to {high} million", "places").format(low=f"200{NARROW_NBSP}000", high="1,5") in html
    assert "Choose your country" not in html and "Cases ranked by" not in html


def test_places_form_unchanged_in_the_english_edition(english: None, book: Path) -> None:
    html = places.form(country="MEX").html
    assert "<label>Country <select" in html and "Small: under 200,000 people" in html
    assert "Medium-sized: 200,000 to 1.5 million" in html and "State or provincial government" in html
    assert "<caption>Cases ranked by what they share with your place</caption>" in html


def test_balance_tables_in_spanish(spanish: None, book: Path) -> None:
    html = balance.rules_table().html
    assert f'<th scope="col">{es("Rule", "balance")}</th>' in html
    assert es("Cases in Latin America and the Caribbean", "balance") in html
    assert f"<td>{es('no', 'balance')}</td>" in html or f"<td>{es('yes', 'balance')}</td>" in html
    html = balance.level_table().html
    assert f"<td>{es('national', 'matching')}</td>" in html
    assert "Level of government" not in html


def test_indicator_prose_in_spanish_from_the_books_catalog(spanish: None, book: Path) -> None:
    messages = i18n.read_catalog(i18n.data_catalog(REPO, "indicators/digital_economy.csv", "es"))
    df = data.indicators("IT.NET.USER.ZS", countries=["MEX"])
    assert set(df["indicator"]) == {messages[("indicator", "Individuals using the Internet")]}
    assert set(df["unit"]) == {messages[("unit", "% of population")]}
    assert set(df["country"]) == {"México"}
    assert set(df["indicator_code"]) == {"IT.NET.USER.ZS"}  # codes are never translated


def test_chart_fallback_messages_in_spanish(spanish: None) -> None:
    html = render.spec_html({"mark": "point"})
    assert f'aria-label="{es("Chart", "render")}"' in html
    assert es("[chart: the chart library is not loaded here; run the notebook again from the top]", "render") in html
    failed = es("[chart error: {message}]", "render").split("{message}")
    assert f'el.textContent = "{failed[0]}" + e.message + "{failed[1]}"' in html


def test_chart_fallback_messages_unchanged_in_english(english: None) -> None:
    html = render.spec_html({"mark": "point"})
    assert 'aria-label="Chart"' in html
    assert 'el.textContent = "[chart error: " + e.message + "]"' in html
