"""Chart builders and tables: accessible, sourced and built from the case files."""

from __future__ import annotations

import pandas as pd
import pytest

import casekit
from casekit import charts
from casekit.errors import CasekitError

CASE = "demo-city-voucher"


def test_every_chart_needs_title_and_description():
    df = pd.DataFrame({"year": [2020], "value": [1.0], "country": ["A"]})
    with pytest.raises(CasekitError) as info:
        charts.trend(df, title="", description="short")
    text = str(info.value)
    assert "casekit.charts.trend: title: expected a chart title" in text
    assert "casekit.charts.trend: description: expected a one-sentence description" in text


def test_missing_columns_are_named():
    with pytest.raises(CasekitError, match=r"expected columns \['value'\]"):
        charts.ranked_bars(
            pd.DataFrame({"c": ["a"]}), category="c", value="value", title="T", description="A long description."
        )


def test_context_highlights_case_country_and_cites(minibook):
    spec = charts.context(CASE, "IT.NET.USER.ZS", title="Internet", description="Ireland against peers.").to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["country"] for v in values} == {"Ireland", "United Kingdom", "France"}
    assert set(values[0]) == {"year", "value", "country"}  # only what the chart draws
    assert spec["description"] == "Ireland against peers."
    assert spec["title"]["subtitle"].startswith("Source: International Telecommunication Union")
    assert "[worldbank-wdi]" in spec["title"]["subtitle"]
    assert "Ireland" in str(spec["encoding"]["strokeWidth"])


def test_series_chart_uses_only_that_series(minibook):
    spec = charts.series_chart(
        CASE, "applications", title="Apps", description="Applications per year.", mark="bar"
    ).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert [v["value"] for v in values] == [1200, 4000]
    assert spec["title"]["subtitle"] == "Source: [demo-2020-report, demo-2021-answer]"


def test_timeline_from_case_file(minibook):
    spec = charts.timeline(CASE, title="Timeline", description="Programme years.").to_dict()
    (row,) = spec["datasets"][next(iter(spec["datasets"]))]
    assert row["programme"] == "Demo voucher scheme" and row["start"] == 2014 and row["status"] == "ongoing"


def test_palette_is_okabe_ito():
    assert charts.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_table_is_valid_accessible_html():
    html = casekit.table(pd.DataFrame({"a": [1, 2500.5], "b": ["<x>", None]}), caption="Cap")._repr_html_()
    assert "<style" not in html
    assert '<th scope="col">a</th>' in html
    assert "<caption>Cap</caption>" in html
    assert "&lt;x&gt;" in html and "2,500.5" in html


def test_glance_and_sources_come_from_the_case_file(minibook):
    glance = casekit.glance(CASE)._repr_html_()
    assert "Demo City, Ireland" in glance
    assert "Demo voucher scheme: 2014–ongoing" in glance
    assert "voucher, training" in glance
    sources = casekit.sources_table(CASE)._repr_html_()
    assert '<a href="https://example.org/demo-report">Demo voucher report</a>' in sources
    outcomes = casekit.outcomes_table(CASE)._repr_html_()
    assert "1,100" in outcomes and "demo-2021-answer" in outcomes


def test_catalog_and_theme_charts(minibook):
    from casekit import catalog

    assert catalog.cases_frame("msme-digitization")["case_id"].tolist() == [CASE]
    assert catalog.cases_frame("logistics").empty
    assert catalog.instruments_frame()["instrument"].tolist() == ["voucher", "training"]
    progs = catalog.programmes_frame()
    assert progs.loc[0, "status"] == "ongoing" and progs.loc[0, "start_year"] == 2014
    assert catalog.outcomes_frame()["value"].tolist() == [1100]
    spec = charts.instrument_matrix(
        "msme-digitization", title="Instruments", description="Instruments each case uses."
    ).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["instrument"] for v in values} == {"voucher", "training"}
    spec = charts.programme_timeline(
        title="Programmes", description="Programme start and end years.", until=2024
    ).to_dict()
    (row,) = spec["datasets"][next(iter(spec["datasets"]))]
    assert row["start_year"] == 2014 and row["end"] == 2025 and row["years"] == "2014–ongoing"
    with pytest.raises(CasekitError, match="theme: expected one of"):
        catalog.cases_frame("shops")


def test_cases_table_links_each_case(minibook):
    html = casekit.tables.cases_table("msme-digitization")._repr_html_()
    assert (
        '<a href="../case_studies/msme-digitization/demo-city-voucher.html">Demo City: vouchers for small firms to trade online</a>'
        in html
    )
    assert "Demo City, Ireland" in html


def test_bibtex_text_is_decoded():
    from casekit.bib import _clean

    assert (
        _clean(r"{D}{\'a}il {\'E}ireann: a \$3 grant, 10\% \& more -- {LEO}")
        == "Dáil Éireann: a $3 grant, 10% & more – LEO"
    )


def test_table_picks_and_renames_columns():
    df = pd.DataFrame({"year": [2019], "value": [5], "junk": ["x"]})
    html = casekit.table(df, columns={"year": "Year", "value": "Firms"})._repr_html_()
    assert '<th scope="col">Year</th><th scope="col">Firms</th></tr>' in html and "junk" not in html
    assert "<td>2019</td>" in html
    with pytest.raises(CasekitError, match=r"expected columns of the table, got \['nope'\]"):
        casekit.table(df, columns=["nope"])
