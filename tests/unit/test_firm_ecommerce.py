"""The firm-level table keeps its provenance promises: every row says how it reached the book.

Secondary figures must name the report they were read from ("as reported by"), derived
figures must say DERIVED wherever a reader meets them (indicator text and chart code), and
primary figures must not pretend to be either.
"""

from __future__ import annotations

import pytest
from conftest import REPO

import casekit

TABLE = "firm_ecommerce"


@pytest.fixture()
def firms(monkeypatch):
    monkeypatch.setenv("CASEKIT_ROOT", str(REPO))
    return casekit.indicators(table=TABLE)


def test_secondary_rows_name_the_report(firms):
    secondary = firms[firms["grade"] == "secondary"]
    assert len(secondary) > 0
    missing = secondary[~secondary["publisher"].str.contains("as reported by", case=False)]
    assert missing.empty, missing[["indicator_code", "area", "publisher"]].to_string()


def test_derived_rows_are_labelled(firms):
    derived = firms[firms["grade"] == "derived"]
    assert len(derived) > 0
    assert derived["indicator"].str.contains("DERIVED").all()
    assert derived["indicator_code"].str.endswith("_DERIVED").all()
    assert derived["publisher"].str.contains("DERIVED").all()
    # no other row may borrow the label
    assert not firms.loc[firms["grade"] != "derived", "indicator"].str.contains("DERIVED").any()


def test_charts_of_derived_rows_say_so_in_the_title():
    """Every page that draws a derived indicator puts DERIVED in that chart's title."""
    codes = {"WBES_WEBSITE_DERIVED"}
    for page in REPO.glob("chapters/*.md"):
        for block in page.read_text(encoding="utf-8").split("```"):
            if any(code in block for code in codes) and "casekit.charts." in block:
                assert 'title="DERIVED' in block, page.name


def test_primary_rows_cite_no_news_report(firms):
    primary = firms[firms["grade"] == "primary"]
    assert not primary["publisher"].str.contains("as reported by", case=False).any()
