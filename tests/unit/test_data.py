"""Curated tables: located by walking up, typed by their schema, filtered with clear errors."""

from __future__ import annotations

import pytest

import casekit
from casekit import data, paths
from casekit.errors import CasekitError


def test_indicators_filter(minibook):
    df = casekit.indicators("IT.NET.USER.ZS", countries=["IRL", "GBR"], years=(2020, 2021))
    assert sorted(set(df["country_iso3"])) == ["GBR", "IRL"]
    assert sorted(set(df["year"])) == [2020, 2021]
    assert df.loc[(df.country_iso3 == "IRL") & (df.year == 2021), "value"].item() == 83
    assert str(df["year"].dtype) == "Int64"


def test_indicators_unknown_code_and_country(minibook):
    with pytest.raises(CasekitError) as info:
        casekit.indicators("NOPE", countries=["ZZZ"])
    text = str(info.value)
    assert (
        "data/indicators/digital_economy.csv: indicator_code: expected one of ['IT.NET.USER.ZS'], got ['NOPE']" in text
    )
    assert "country_iso3: expected countries present in the table, got ['ZZZ']" in text


def test_series(minibook):
    df = casekit.series("demo-city-voucher", "applications")
    assert df["value"].tolist() == [1200, 4000]
    with pytest.raises(CasekitError, match="series: expected one of \\['applications'\\], got 'nope'"):
        casekit.series("demo-city-voucher", "nope")


def test_missing_column_is_named(minibook):
    path = minibook / "data" / "series" / "demo-city-voucher.csv"
    path.write_text("year,series,label,unit,source,note\n2019,a,A,x,demo-2020-report,\n")
    with pytest.raises(CasekitError) as info:
        casekit.series("demo-city-voucher")
    assert str(info.value) == (
        "data/series/demo-city-voucher.csv: value: expected this column (declared required in the data package schema)"
    )


def test_non_numeric_value_names_line(minibook):
    path = minibook / "data" / "series" / "demo-city-voucher.csv"
    path.write_text(
        "year,series,label,value,unit,source,note\n2019,a,A,12,x,demo-2020-report,\n2020,a,A,lots,x,demo-2020-report,\n"
    )
    with pytest.raises(CasekitError, match=r"value \(line 3\): expected a number, got 'lots'"):
        casekit.series("demo-city-voucher")


def test_undeclared_file_is_refused(minibook):
    with pytest.raises(CasekitError, match=r"expected a resource with path 'series/other\.csv'"):
        data.table("series/other.csv")


def test_book_root_walks_up_from_a_subfolder(minibook, monkeypatch):
    monkeypatch.delenv("CASEKIT_ROOT")
    deep = minibook / "_build" / "jupyter_execute" / "case_studies"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert paths.book_root() == minibook
    assert paths.data_dir() == minibook / "data"


def test_data_env_override(minibook, monkeypatch, tmp_path):
    monkeypatch.setenv("CASEKIT_DATA", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"
