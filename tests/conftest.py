"""Shared fixtures: a miniature book built in a temporary folder.

The miniature book copies the real book's configuration and schemas (so tests
follow them as they evolve) and writes its own tiny data, one case and one
notebook, so that tests never depend on the real cases' content.
"""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from notebookfiles import FRONT_MATTER

from casekit.contrib.scaffold import series_resource

REPO = Path(__file__).resolve().parents[1]
CASE_ID = "demo-city-voucher"

CASE_YAML = textwrap.dedent(
    """\
    id: demo-city-voucher
    title: "Demo City: vouchers for small firms to trade online"
    place: Demo City
    country: IRL
    latitude: 53.35
    longitude: -6.26
    theme: msme-digitization
    summary: >-
      A fictional city used only by the test suite; it funds small firms' first online shop through
      matched vouchers delivered by local enterprise offices.
    evidence: medium
    led_by: national
    population:
      value: 1200000
      year: 2015
      area: agglomeration
      name: Demo City agglomeration
      source: demo-2020-report
    peers: [GBR, FRA]
    programmes:
      - name: Demo voucher scheme
        start_year: 2014
        end_year: null
        ongoing: true
        lead: Demo Department of Enterprise
        delivery: Local offices
        partners: []
        instruments: [voucher, training]
        constraints: [finance, skills]
        budget:
          amount: 5000000
          currency: EUR
          period: per year
          source: demo-2020-report
        description: >-
          Vouchers pay half the cost of a first online shop, after a compulsory seminar.
        sources: [demo-2020-report]
    outcomes:
      - label: Applications
        value: 1100
        unit: applications
        year: 2020
        measures: Applications received by the demo office in 2020.
        source: demo-2021-answer
    sources: [demo-2020-report, demo-2021-answer]
    unknowns: [How many vouchers led to sales.]
    tags: [test]
    """
)

BIB = textwrap.dedent(
    """\
    @misc{demo-2020-report,
      author = {{Demo Agency}},
      title = {Demo voucher report},
      year = {2020},
      howpublished = {Demo Agency},
      url = {https://example.org/demo-report},
    }

    @misc{demo-2021-answer,
      author = {{Demo Parliament}},
      title = {Written answer on demo vouchers},
      year = {2021},
      howpublished = {Demo Parliament},
      url = {https://example.org/demo-answer},
    }

    @misc{worldbank-wdi,
      author = {{World Bank}},
      title = {World Development Indicators},
      year = {2025},
      howpublished = {World Bank},
      url = {http://data.worldbank.org/about/world-development-indicators-data},
    }
    """
)

NOTEBOOK = FRONT_MATTER + textwrap.dedent(
    """\
    # Demo City: vouchers for small firms to trade online

    ```{code-cell} ipython3
    :tags: [remove-cell]
    import casekit

    CASE = "demo-city-voucher"
    ```

    A test case {cite:p}`demo-2020-report`.

    ## At a glance

    ```{code-cell} ipython3
    casekit.glance(CASE)
    ```

    ## Context

    ```{code-cell} ipython3
    casekit.charts.context(CASE, "IT.NET.USER.ZS", title="Internet users", description="Internet users in Ireland and peers, 2019 to 2021.")
    ```

    ## What was done

    ```{code-cell} ipython3
    casekit.programmes_table(CASE)
    ```

    ## Results

    ```{code-cell} ipython3
    casekit.series(CASE)[["year", "value"]].to_dict("records")
    ```

    ## What other places can learn

    Lessons.

    ## Exercises

    ```{exercise}
    :label: demo-city-voucher-ex-read-chart

    Read the context chart: which country had the most internet users in 2021?
    ```

    ```{solution} demo-city-voucher-ex-read-chart
    :class: dropdown

    The United Kingdom.
    ```

    ```{exercise}
    :label: demo-city-voucher-ex-adapt

    Adapt the voucher to a town with one enterprise officer.
    ```

    ```{solution} demo-city-voucher-ex-adapt
    :class: dropdown

    Keep the seminar and the co-funding.
    ```

    ## Sources

    ```{code-cell} ipython3
    casekit.sources_table(CASE)
    ```
    """
)

SERIES = [
    {
        "year": 2019,
        "series": "applications",
        "label": "Applications",
        "value": 1200,
        "unit": "applications",
        "source": "demo-2020-report",
        "note": "",
    },
    {
        "year": 2020,
        "series": "applications",
        "label": "Applications",
        "value": 4000,
        "unit": "applications",
        "source": "demo-2021-answer",
        "note": "first COVID months",
    },
]


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_minibook(root: Path) -> Path:
    """Write a complete miniature book into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "_config.yml", root / "_config.yml")
    shutil.copy(REPO / "requirements.lock", root / "requirements.lock")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: case_studies/msme-digitization/demo-city-voucher\n"
        "  - file: reference/bibliography\n"
    )
    (root / "index.md").write_text("# Mini book\n\nA miniature book for tests.\n")
    (root / "reference").mkdir()
    (root / "reference" / "bibliography.md").write_text("# Bibliography\n\n```{bibliography}\n```\n")
    (root / "references.bib").write_text(BIB)
    shutil.copytree(REPO / "_static", root / "_static")
    data = root / "data"
    shutil.copytree(REPO / "data" / "schemas", data / "schemas")
    with (REPO / "data" / "countries.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["iso3"] in {"IRL", "GBR", "FRA", "ESP", "USA"}]
    _write_csv(data / "countries.csv", rows, ["iso3", "iso_numeric", "name", "wb_region", "wb_income_group"])
    names = {"IRL": "Ireland", "GBR": "United Kingdom", "FRA": "France"}
    indicator_rows = [
        {
            "country_iso3": c,
            "country": n,
            "year": y,
            "indicator_code": "IT.NET.USER.ZS",
            "indicator": "Individuals using the Internet",
            "value": v,
            "unit": "% of population",
            "publisher": "International Telecommunication Union (ITU), via World Bank WDI",
            "source": "worldbank-wdi",
        }
        for (c, n), base in zip(names.items(), (80, 90, 85), strict=False)
        for y, v in ((2019, base), (2020, base + 2), (2021, base + 3))
    ]
    _write_csv(
        data / "indicators" / "digital_economy.csv",
        indicator_rows,
        ["country_iso3", "country", "year", "indicator_code", "indicator", "value", "unit", "publisher", "source"],
    )
    (data / "cases").mkdir(parents=True)
    (data / "cases" / f"{CASE_ID}.yml").write_text(CASE_YAML)
    _write_csv(
        data / "series" / f"{CASE_ID}.csv", SERIES, ["year", "series", "label", "value", "unit", "source", "note"]
    )
    # The demo budget (EUR, period "per year", start 2014) converts at Ireland's 2014 rate:
    # the real World Bank PA.NUS.FCRF value, so casekit.design's budget check has a row to find.
    _write_csv(
        data / "indicators" / "exchange_rates.csv",
        [
            {
                "country_iso3": "IRL",
                "country": "Ireland",
                "year": 2014,
                "currency": "EUR",
                "indicator_code": "PA.NUS.FCRF",
                "indicator": "Official exchange rate (LCU per US$, period average)",
                "value": 0.7527281969,
                "unit": "local currency units per US$",
                "publisher": "World Bank, World Development Indicators",
                "source": "worldbank-wdi",
                "note": "",
            }
        ],
        [
            "country_iso3",
            "country",
            "year",
            "currency",
            "indicator_code",
            "indicator",
            "value",
            "unit",
            "publisher",
            "source",
            "note",
        ],
    )
    real = json.loads((REPO / "data" / "datapackage.json").read_text())
    keep = {"countries", "digital-economy", "exchange-rates"}
    resources = [r for r in real["resources"] if r["name"] in keep]
    resources.append(series_resource(CASE_ID))
    package = {k: v for k, v in real.items() if k != "resources"}
    package["resources"] = resources
    (data / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n")
    nb = root / "case_studies" / "msme-digitization" / f"{CASE_ID}.md"
    nb.parent.mkdir(parents=True)
    nb.write_text(NOTEBOOK)
    return root


@pytest.fixture
def minibook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh miniature book; casekit is pointed at it through CASEKIT_ROOT."""
    root = make_minibook(tmp_path / "book")
    monkeypatch.setenv("CASEKIT_ROOT", str(root))
    monkeypatch.delenv("CASEKIT_DATA", raising=False)
    return root


@pytest.fixture(autouse=True)
def site_chart_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see charts as the site build does; the mode tests switch explicitly."""
    monkeypatch.setenv("CASEKIT_CHARTS", "site")


@pytest.fixture(scope="session")
def load_tool():
    """A loader for the scripts in tools/ (they are not a package): ``load_tool("make_briefs")``."""
    import importlib.util

    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
        assert spec is not None and spec.loader is not None, f"tools/{name}.py is missing"
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
