"""casekit.design: the chooser, budget, KPI and risk tables, and the checks on their data."""

from __future__ import annotations

import csv
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from casekit import cases, design
from casekit.contrib.check import check_book
from casekit.errors import CasekitError
from casekit.vocabulary import CONSTRAINTS, INSTRUMENT_CONSTRAINTS, INSTRUMENTS

CASE = "demo-city-voucher"

KPIS = textwrap.dedent(
    """\
    - id: active-sellers
      stage: intermediate outcome
      indicator: Active online sellers
      definition: Supported firms with at least one paid online order in the last 90 days, by district.
      unit: firms
      data_source: Platform records
      frequency: Quarterly
      collected_by: Programme office & platform
      cases:
        - case: demo-city-voucher
          measured: false
          note: How many vouchers led to sales is not known ("no evaluation").
    - id: applications
      stage: output
      indicator: Applications received
      definition: Complete applications received in the period, counted once per firm.
      unit: applications
      data_source: Application register
      frequency: Monthly
      collected_by: Demo office
      cases:
        - case: demo-city-voucher
          measured: true
          note: The demo office received 1,100 applications in 2020.
    """
)

RISKS = textwrap.dedent(
    """\
    - id: back-office-backlog
      risk: A surge in demand swamps the office that pays
      early_warning: Days from claim to payment grow.
      mitigation: Budget for processing staff when scaling up.
      cases: [demo-city-voucher]
      what_happened: Applications rose from 1,200 in 2019 to 4,000 in 2020 <& more>.
    """
)


def _case_file(book: Path) -> Path:
    return book / "data" / "cases" / f"{CASE}.yml"


def _edit_case(book: Path, change) -> None:
    path = _case_file(book)
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _rates(book: Path) -> Path:
    return book / "data" / "indicators" / "exchange_rates.csv"


def _add_rate(book: Path, year: int, value: str, note: str = "") -> None:
    path = _rates(book)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = dict(rows[0], year=str(year), value=value, note=note)
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n").writerow(row)


def _ireland_rate(book: Path, year: int) -> float:
    with _rates(book).open(encoding="utf-8", newline="") as fh:
        return next(
            float(r["value"]) for r in csv.DictReader(fh) if r["country_iso3"] == "IRL" and int(r["year"]) == year
        )


def _write_design(book: Path, kpis: str = KPIS, risks: str = RISKS) -> None:
    folder = book / "data" / "design"
    folder.mkdir(exist_ok=True)
    (folder / "kpis.yml").write_text(kpis)
    (folder / "risks.yml").write_text(risks)


def _lines(book: Path) -> list[str]:
    problems, _ = check_book(book)
    return [str(p) for p in problems]


def _parse(fragment: str) -> ET.Element:
    """The tables must be well-formed markup (so also valid HTML fragments)."""
    return ET.fromstring(fragment)


# -- conversion rule -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "start", "expected"),
    [
        ("2020 allocation (national), after two COVID-19 top-ups", 2014, (2020, "named")),
        ("fund announced for the 2024/25 call", 2019, (2024, "named")),
        ("first year of services (2021), as announced in November 2020", 2020, (2021, "named")),
        ("per year", 2014, (2014, "start")),
        ("original public and private investment in the centre", 2021, (2021, "start")),
    ],
)
def test_conversion_year_rule(period, start, expected):
    programme = cases.Programme.model_validate(
        {
            "name": "Test programme",
            "start_year": start,
            "lead": "A body",
            "instruments": ["grant"],
            "constraints": ["finance"],
            "budget": {"amount": 1, "currency": "EUR", "period": period, "source": "k"},
            "description": "A programme used only to test the conversion rule.",
            "sources": ["k"],
        }
    )
    year, why = design.conversion_year(programme)
    assert year == expected[0]
    assert ("named in the budget's period" in why) == (expected[1] == "named")
    assert ("start year" in why) == (expected[1] == "start")


# -- budgets -------------------------------------------------------------------------------
def test_budget_converted_at_the_world_bank_rate_of_the_start_year(minibook):
    row = design.budgets().iloc[0]
    rate = _ireland_rate(minibook, 2014)
    assert row["year"] == 2014 and "start year" in row["year_rule"]
    assert row["rate"] == pytest.approx(rate)
    assert row["usd"] == pytest.approx(5_000_000 / rate)
    assert row["status"] == "converted"
    html = design.budget_table().html
    assert f"{5_000_000 / rate / 1e6:,.1f} million" in html
    _parse(html)


def test_budget_year_named_in_period_wins_and_missing_rate_is_an_error(minibook):
    _edit_case(minibook, lambda d: d["programmes"][0]["budget"].update(period="2019 call"))
    with pytest.raises(CasekitError) as err:
        design.budgets()
    assert "EUR in 2019" in str(err.value) and "exchange_rates.csv" in str(err.value)
    assert any(
        "programmes[0].budget.period: expected an exchange rate for EUR in 2019" in line for line in _lines(minibook)
    )
    _add_rate(minibook, 2019, "0.8932762571")
    assert design.budgets().iloc[0]["usd"] == pytest.approx(5_000_000 / 0.8932762571)
    assert _lines(minibook) == []


def test_unpublished_rate_leaves_the_amount_unconverted(minibook):
    note = "no value in the extract used (its latest year is 2022)"
    _edit_case(minibook, lambda d: d["programmes"][0]["budget"].update(period="2025 call"))
    _add_rate(minibook, 2025, "", note)
    row = design.budgets().iloc[0]
    assert row["status"].startswith("not converted") and row["usd"] != row["usd"]  # NaN
    html = design.budget_table().html
    assert "not converted: no World Bank rate for 2025" in html
    assert _lines(minibook) == []


def test_usd_budget_needs_no_rate_and_reach_gives_cost_per_unit(minibook):
    def change(d):
        d["programmes"][0]["budget"].update(
            currency="USD",
            period="pilot, 2031",
            reach={"value": 400, "unit": "vouchers paid", "year": 2031, "source": "demo-2021-answer"},
        )

    _edit_case(minibook, change)
    row = design.budgets().iloc[0]
    assert row["usd"] == 5_000_000 and row["status"] == "in US dollars"
    assert row["usd_per_reach"] == pytest.approx(5_000_000 / 400)
    html = design.budget_table().html
    assert "400 vouchers paid (2031) [demo-2021-answer]" in html and "12,500" in html
    assert _lines(minibook) == []


def test_programme_without_budget_gets_a_row_saying_so(minibook):
    _edit_case(minibook, lambda d: d["programmes"][0].pop("budget"))
    df = design.budgets()
    assert len(df) == 1 and df.iloc[0]["amount"] != df.iloc[0]["amount"]  # NaN
    assert "No public budget" in design.budget_table().html
    assert "No public budget" not in design.budget_table(include_unbudgeted=False).html


def test_unknown_currency_is_one_clear_line(minibook):
    _edit_case(minibook, lambda d: d["programmes"][0]["budget"].update(currency="XYZ"))
    assert _lines(minibook) == [
        f"data/cases/{CASE}.yml: programmes[0].budget.currency: expected an ISO 4217 currency code such as "
        "EUR, MXN or USD, got 'XYZ'"
    ]


# -- chooser -------------------------------------------------------------------------------
def test_chooser_groups_by_constraint_with_anchors_and_fitting_instruments(minibook):
    root = _parse(design.chooser_table(base="../").html)
    groups = root.findall("tbody")
    assert [g.find("tr").get("id") for g in groups] == [f"constraint-{c}" for c in CONSTRAINTS]
    by_id = {g.find("tr").get("id"): g for g in groups}
    finance = ET.tostring(by_id["constraint-finance"], encoding="unicode")
    skills = ET.tostring(by_id["constraint-skills"], encoding="unicode")
    # The demo programme: instruments [voucher, training], constraints [finance, skills].
    assert ">voucher<" in finance and ">training<" not in finance
    assert ">training<" in skills and ">voucher<" not in skills  # a voucher buys a service, not skills
    assert 'href="../case_studies/msme-digitization/demo-city-voucher.html"' in finance
    assert "(evidence: medium)" in finance
    payments = ET.tostring(by_id["constraint-payments"], encoding="unicode")
    assert "No case in the book" in payments


def test_chooser_shows_a_new_case_with_no_other_edit(minibook):
    _edit_case(
        minibook, lambda d: d["programmes"][0].update(instruments=["digital-payments"], constraints=["payments"])
    )
    html = design.chooser_table(base="").html
    group = next(g for g in _parse(html).findall("tbody") if g.find("tr").get("id") == "constraint-payments")
    text = ET.tostring(group, encoding="unicode")
    assert ">digital-payments<" in text and 'href="case_studies/msme-digitization/demo-city-voucher.html"' in text


def test_every_instrument_fits_some_constraint():
    assert set(INSTRUMENT_CONSTRAINTS) == set(INSTRUMENTS)
    for fits in INSTRUMENT_CONSTRAINTS.values():
        assert fits and set(fits) <= set(CONSTRAINTS)


# -- KPIs and risks --------------------------------------------------------------------------
def test_kpi_and_risk_tables_escape_text_and_link_cases(minibook):
    _write_design(minibook)
    assert list(design.kpis()["id"]) == ["active-sellers", "applications"]
    kpi_html = design.kpi_table(base="../").html
    root = _parse(kpi_html)
    headings = [th.text for th in root.iter("th") if th.get("scope") == "rowgroup"]
    assert headings == ["Outputs", "Intermediate outcomes"]  # in stage order, not file order
    assert "Programme office &amp; platform" in kpi_html and "did not measure" in kpi_html
    assert 'href="../case_studies/msme-digitization/demo-city-voucher.html"' in kpi_html
    risk_html = design.risk_table(base="../").html
    _parse(risk_html)
    assert "&lt;&amp; more&gt;" in risk_html  # text, escaped: never read as markup


def test_markup_in_design_text_is_refused(minibook):
    _write_design(minibook, risks=RISKS.replace("Budget for", "<b>Budget</b> for"))
    assert any(
        line.startswith(
            "data/design/risks.yml: back-office-backlog.mitigation: expected plain text, got an HTML tag '<b>'"
        )
        for line in _lines(minibook)
    )


def test_myst_markup_in_design_text_is_refused(minibook):
    _write_design(minibook, kpis=KPIS.replace("Platform records", '"{download}`../../secret.txt`"'))
    assert any(
        line.startswith("data/design/kpis.yml: active-sellers.data_source: expected plain text, got a MyST role")
        for line in _lines(minibook)
    )


def test_clean_design_files_pass(minibook):
    _write_design(minibook)
    assert _lines(minibook) == []
    assert len(design.risks()) == 1


@pytest.mark.parametrize(
    ("kpis", "risks", "expected"),
    [
        (
            KPIS.replace(
                "  definition: Supported firms with at least one paid online order in the last 90 days, by district.\n",
                "",
            ),
            RISKS,
            "data/design/kpis.yml: active-sellers.definition: expected a definition",
        ),
        (
            KPIS,
            RISKS.replace("cases: [demo-city-voucher]", "cases: []"),
            "back-office-backlog.cases: expected the id of at least one case",
        ),
        (
            KPIS,
            RISKS.replace("cases: [demo-city-voucher]", "cases: [nowhere-city]"),
            "back-office-backlog.cases[0]: expected the id of a case in data/cases/, got 'nowhere-city'",
        ),
        (
            KPIS.replace("- case: demo-city-voucher\n      measured: true", "- case: ghost-town\n      measured: true"),
            RISKS,
            "applications.cases[0].case: expected the id of a case in data/cases/, got 'ghost-town'",
        ),
        (KPIS.replace("stage: output", "stage: impact"), RISKS, "applications.stage: expected one of"),
        (KPIS, RISKS + RISKS, "back-office-backlog.id: expected each id once"),
        ("id: not-a-list\n", RISKS, "data/design/kpis.yml: (top level): expected a list of KPIs"),
        (
            KPIS.replace(
                "Supported firms with at least one paid online order in the last 90 days, by district.", "Too short."
            ),
            RISKS,
            "active-sellers.definition: expected text of at least 20 characters, got 'Too short.'",
        ),
    ],
)
def test_design_mistakes_are_one_clear_line(minibook, kpis, risks, expected):
    _write_design(minibook, kpis=kpis, risks=risks)
    lines = _lines(minibook)
    assert any(expected in line for line in lines), lines
    with pytest.raises(CasekitError):
        design.kpis() if "kpis.yml" in expected or "applications" in expected or "active-sellers" in expected else design.risks()


def test_missing_design_file_is_reported(minibook):
    _write_design(minibook)
    (minibook / "data" / "design" / "risks.yml").unlink()
    assert "data/design/risks.yml: (file): expected the design part's risk file" in _lines(minibook)


def test_programme_without_constraints_is_refused(minibook):
    _edit_case(minibook, lambda d: d["programmes"][0].pop("constraints"))
    (line,) = _lines(minibook)
    assert line.startswith(f"data/cases/{CASE}.yml: programmes[0].constraints: expected the binding constraint(s)")


# -- the book's own design data ---------------------------------------------------------------
def test_book_design_data_meets_the_brief(monkeypatch):
    monkeypatch.delenv("CASEKIT_ROOT", raising=False)
    kpis, risks = design.kpis(), design.risks()
    assert len(kpis) >= 12 and set(kpis["stage"]) == set(design.STAGES)
    assert len(risks) >= 15 and all(len(c) >= 1 for c in risks["cases"])
    budgets = design.budgets()
    published = budgets[budgets["amount"].notna()]
    assert len(published) == sum(1 for c in cases.all() for p in c.programmes if p.budget)
    assert published["usd"].notna().sum() + published["status"].str.startswith("not converted").sum() == len(published)
