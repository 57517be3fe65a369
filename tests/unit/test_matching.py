"""casekit.matching: ranking cases by what they share with a reader's place."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from casekit import matching
from casekit.errors import CasekitError

REPO = Path(__file__).resolve().parents[2]
COUNTRY_COLUMNS = ["iso3", "iso_numeric", "name", "wb_region", "wb_income_group"]
WORLD_COLUMNS = ["country_iso3", "country", "year", "indicator_code", "indicator", "value", "unit", "publisher"]
WORLD_COLUMNS += ["source"]
INDICATORS = {
    "IT.NET.USER.ZS": ("Individuals using the Internet", "% of population"),
    "IT.NET.BBND.P2": ("Fixed broadband subscriptions", "per 100 people"),
}
# Internet users (% of population) by country and year, made up for the tests.
INTERNET = {
    "KEN": {2017: 20.0, 2023: 40.0},
    "NGA": {2017: 30.0, 2023: 45.5},  # latest common year 2023: 5.5 points apart
    "IND": {2017: 25.0, 2022: 56.0},  # only 2017 in common with KEN: 5 points apart
    "UGA": {2017: 19.0, 2023: 60.0},  # 2023: 20 points apart, although close in 2017
    "IRL": {2017: 80.0, 2023: 95.0},
}
BROADBAND = {"KEN": {2023: 2.0}, "NGA": {2023: 0.5}, "IND": {2022: 1.0, 2023: 2.5}, "UGA": {2023: 0.1}}
# (case id, country, theme): the minibook's own IRL case stays as it is.
CASES = [
    ("nairobi-demo", "KEN", "msme-digitization"),
    ("lagos-b-demo", "NGA", "logistics"),
    ("lagos-a-demo", "NGA", "logistics"),
    ("kampala-demo", "UGA", "rural-ecommerce"),
    ("delhi-demo", "IND", "investment-attraction"),
]


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _extend(root: Path) -> None:
    """Add countries, cases and a tiny digital_economy_world table to the minibook."""
    with (REPO / "data" / "countries.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["iso3"] in {"IRL", "GBR", "FRA", "ESP", "USA", *INTERNET, "ATA"}]
    _write_csv(root / "data" / "countries.csv", rows, COUNTRY_COLUMNS)
    names = {r["iso3"]: r["name"] for r in rows}
    template = (root / "data" / "cases" / "demo-city-voucher.yml").read_text()  # the minibook's own case
    for case_id, country, theme in CASES:
        text = (
            template.replace("demo-city-voucher", case_id)
            .replace("country: IRL", f"country: {country}")
            .replace("theme: msme-digitization", f"theme: {theme}")
            .replace('title: "Demo City:', f'title: "{case_id}:')
        )
        (root / "data" / "cases" / f"{case_id}.yml").write_text(text)
    world = [
        {
            "country_iso3": iso3,
            "country": names[iso3],
            "year": year,
            "indicator_code": code,
            "indicator": INDICATORS[code][0],
            "value": value,
            "unit": INDICATORS[code][1],
            "publisher": "International Telecommunication Union (ITU), via World Bank WDI",
            "source": "worldbank-wdi",
        }
        for code, table in (("IT.NET.USER.ZS", INTERNET), ("IT.NET.BBND.P2", BROADBAND))
        for iso3, years in table.items()
        for year, value in years.items()
    ]
    _write_csv(root / "data" / "indicators" / "digital_economy_world.csv", world, WORLD_COLUMNS)
    package_path = root / "data" / "datapackage.json"
    package = json.loads(package_path.read_text())
    real = json.loads((REPO / "data" / "datapackage.json").read_text())
    package["resources"] += [r for r in real["resources"] if r["name"] == "digital-economy-world"]
    package_path.write_text(json.dumps(package, indent=2) + "\n")


@pytest.fixture
def book(minibook: Path) -> Path:
    _extend(minibook)
    return minibook


def _by_id(df):
    return {row.case_id: row for row in df.itertuples(index=False)}


def test_ranking_scores_and_reasons(book):
    df = matching.similar_cases("KEN")
    assert list(df.columns) == ["rank", "case_id", "title", "place", "country", "theme", "score", "reasons"]
    assert df["case_id"].tolist() == [
        "nairobi-demo",  # 3 + 1 + 1 + 1
        "lagos-a-demo",  # 1 + 1 + 1, tie with lagos-b broken by id
        "lagos-b-demo",
        "delhi-demo",  # 1 + 1
        "kampala-demo",  # 1
        "demo-city-voucher",  # 0
    ]
    assert df["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert df["score"].tolist() == [6, 3, 3, 2, 1, 0]
    rows = _by_id(df)
    assert rows["nairobi-demo"].reasons == (
        "same country; same World Bank region (Sub-Saharan Africa); same income group (Lower middle income); "
        "similar internet use (40% vs 40%, 2023)"
    )
    assert rows["lagos-a-demo"].reasons == (
        "same World Bank region (Sub-Saharan Africa); same income group (Lower middle income); "
        "similar internet use (40% vs 45.5%, 2023)"
    )
    # Only 2017 is common to both countries, so that year is compared and named.
    assert (
        rows["delhi-demo"].reasons == "same income group (Lower middle income); similar internet use (20% vs 25%, 2017)"
    )
    # Uganda is low income and 20 points apart in the latest common year: region only.
    assert rows["kampala-demo"].reasons == "same World Bank region (Sub-Saharan Africa)"
    assert rows["demo-city-voucher"].reasons == "none of the compared traits match"
    assert rows["lagos-a-demo"].country == "Nigeria" and rows["lagos-a-demo"].theme == "Ecommerce logistics"
    assert rows["lagos-a-demo"].title.startswith("lagos-a-demo:")
    assert rows["nairobi-demo"].place == "Demo City"


def test_theme_size_focus_and_level_points(book):
    # Every minibook case counts 1,200,000 people in an agglomeration (a medium-sized place) and is led
    # nationally.
    df = matching.similar_cases("KEN", city_size="small", focus="rural", themes=["rural-ecommerce"])
    rows = _by_id(df)
    assert rows["kampala-demo"].score == 1 + 7 + 3 + 3
    assert rows["kampala-demo"].reasons == (
        "same World Bank region (Sub-Saharan Africa); theme you chose (Rural ecommerce); "
        "theme suits a small place (Rural ecommerce); theme suits a rural focus (Rural ecommerce)"
    )
    assert df["case_id"].tolist()[0] == "kampala-demo"
    # Logistics and tech investment fit badly in a small, rural place: they lose points.
    assert rows["lagos-a-demo"].score == 3 - 3 - 3
    assert rows["lagos-a-demo"].reasons.endswith(
        "theme seldom suits a small place (Ecommerce logistics); theme seldom suits a rural focus (Ecommerce logistics)"
    )
    assert df["case_id"].tolist()[-3:] == ["lagos-a-demo", "lagos-b-demo", "delhi-demo"]  # -3, -3, -4
    large = _by_id(matching.similar_cases("GBR", city_size="large", focus="urban"))
    assert large["delhi-demo"].reasons == (
        "theme suits a large city (Attracting tech investment); theme suits an urban focus (Attracting tech investment)"
    )
    assert large["kampala-demo"].score == 0
    medium = _by_id(matching.similar_cases("GBR", city_size="medium", level="national"))
    assert medium["demo-city-voucher"].reasons == (
        "same World Bank region (Europe & Central Asia); same income group (High income); "
        "theme suits a medium-sized place (MSME digitization); "
        "a place of similar size (1,200,000 people in Demo City agglomeration, 2015); "
        "led by the same level of government as yours (national)"
    )
    assert medium["demo-city-voucher"].score == 1 + 1 + 3 + 2 + 2
    assert medium["lagos-a-demo"].score == -3 + 2 + 2
    assert _by_id(matching.similar_cases("GBR", level="municipal"))["demo-city-voucher"].score == 1 + 1


def test_place_size_compares_population_classes(book):
    case_file = book / "data" / "cases" / "nairobi-demo.yml"
    text = case_file.read_text()
    case_file.write_text(text.replace("value: 1200000", "value: 12000000"))  # a megacity
    small = _by_id(matching.similar_cases("GBR", city_size="small"))["nairobi-demo"]
    assert small.reasons.endswith("a much larger place (12,000,000 people in Demo City agglomeration, 2015)")
    assert small.score == 0 - 2
    medium = _by_id(matching.similar_cases("GBR", city_size="medium"))["nairobi-demo"]
    assert medium.score == 3 - 2  # a megacity is two classes above a medium-sized place
    large = _by_id(matching.similar_cases("GBR", city_size="large"))["nairobi-demo"]
    assert "a place of similar size" in large.reasons and large.score == 2 + 2
    # A region's or a country's population says nothing about the size of the place served.
    case_file.write_text(text.replace("area: agglomeration", "area: country"))
    assert "size" not in _by_id(matching.similar_cases("GBR", city_size="small"))["nairobi-demo"].reasons


def test_top_limits_and_ranking_is_deterministic(book):
    first = matching.similar_cases("NGA", themes=["logistics"], top=3)
    assert first.equals(matching.similar_cases("NGA", themes=["logistics"], top=3))
    assert first["case_id"].tolist() == ["lagos-a-demo", "lagos-b-demo", "nairobi-demo"]
    assert first["score"].tolist() == [3 + 1 + 1 + 1 + 7] * 2 + [1 + 1 + 1]


def _page_answer(data: dict, country: str, **options) -> list[tuple[str, int, str]]:
    """What the page's script computes: the parts of page_data added in the documented order."""
    reasons = data["reasons"]
    shared = data["pairs"][country]
    rows = []
    for case in data["cases"]:
        parts = [shared.get(case["home"], [0, []])]
        if case["themeId"] in (options.get("themes") or []):
            parts.append(case["themes"])
        for key in ("size", "focus", "level"):
            if options.get(key):
                parts.append(case[key][options[key]])
        said = [reasons[i] for _, idx in parts for i in idx]
        rows.append((case["id"], sum(p for p, _ in parts), "; ".join(said) or data["noMatch"]))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows[: data["top"]]


def test_page_data_adds_up_to_similar_cases(book):
    data = matching.page_data()
    assert [c[0] for c in data["countries"]] == sorted(
        (c[0] for c in data["countries"]), key=lambda iso3: dict(data["countries"])[iso3]
    )
    for country in ("KEN", "NGA", "GBR", "ATA"):
        for options in ({}, {"size": "small", "focus": "rural", "themes": ["rural-ecommerce"]}, {"level": "national"}):
            expected = matching.similar_cases(
                country,
                city_size=options.get("size"),
                focus=options.get("focus"),
                themes=options.get("themes"),
                level=options.get("level"),
            )
            got = _page_answer(data, country, **options)
            assert got == list(zip(expected["case_id"], expected["score"], expected["reasons"], strict=True))


def test_blank_classification_and_missing_data_never_match(book):
    # Antarctica has no World Bank region or income group and no internet data.
    df = matching.similar_cases("ATA")
    assert set(df["score"]) == {0}
    assert df["case_id"].tolist() == sorted(df["case_id"])  # ties: by case id


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"country": "XX"},
            "casekit.matching: country: expected an ISO 3166-1 alpha-3 code from data/countries.csv, got 'XX'",
        ),
        ({"country": "KEN", "themes": ["shops"]}, "casekit.matching: themes: expected theme ids from"),
        ({"country": "KEN", "city_size": "huge"}, "casekit.matching: city_size: expected one of ['small', 'medium'"),
        ({"country": "KEN", "focus": "suburban"}, "casekit.matching: focus: expected one of ['rural', 'urban']"),
        ({"country": "KEN", "top": 0}, "casekit.matching: top: expected a whole number of at least 1, got 0"),
        (
            {"country": "KEN", "level": "city"},
            "casekit.matching: level: expected one of ['municipal', 'state-provincial'",
        ),
    ],
)
def test_bad_input_is_named(book, kwargs, message):
    with pytest.raises(CasekitError) as info:
        matching.similar_cases(**kwargs)
    assert message in str(info.value)
    if "themes" in kwargs:
        assert "got ['shops']" in str(info.value)


def test_place_profile_uses_latest_common_year(book):
    df = matching.place_profile("KEN")
    internet = df[df["indicator_code"] == "IT.NET.USER.ZS"]
    # Case countries IND, IRL, KEN, NGA, UGA share 2017 only.
    assert set(internet["year"]) == {2017}
    assert internet["country_iso3"].tolist() == ["IRL", "NGA", "IND", "KEN", "UGA"]  # largest first
    assert internet.loc[internet["role"] == "your place", "value"].tolist() == [20.0]
    # Broadband: IRL has none, so no year is common to every case country and the indicator is left out.
    assert set(df["indicator_code"]) == {"IT.NET.USER.ZS"}


def test_profile_summary_sets_the_place_beside_the_range(book):
    (row,) = matching.profile_summary("KEN").to_dict("records")
    assert row == {
        "indicator": "Individuals using the Internet",
        "unit": "% of population",
        "year": 2017,
        "your place": 20.0,
        "lowest": 19.0,
        "median": 27.5,
        "highest": 80.0,
    }
    # Nigeria is itself a case country: the range is over the others (IND, IRL, KEN, UGA).
    (row,) = matching.profile_summary("NGA").to_dict("records")
    assert (row["your place"], row["lowest"], row["median"], row["highest"]) == (30.0, 19.0, 22.5, 80.0)


def test_place_profile_leaves_out_a_place_without_data(book):
    df = matching.place_profile("ATA")
    assert "ATA" not in set(df["country_iso3"]) and set(df["role"]) == {"case country"}


def test_profile_chart_highlights_the_place(book):
    spec = matching.profile_chart(
        "KEN", "IT.NET.USER.ZS", title="Internet users", description="Kenya against the case countries."
    ).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["country"]: v["highlighted"] for v in values}["Kenya"] == "highlighted"
    assert sum(v["highlighted"] == "highlighted" for v in values) == 1
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Individuals using the Internet (% of population), 2017"
    assert "[worldbank-wdi]" in spec["title"]["subtitle"]
    with pytest.raises(CasekitError, match="indicator_code: expected one of"):
        matching.profile_chart("KEN", "XX.YY", title="T", description="A long enough description.")


def test_results_table_links_case_pages(book):
    html = matching.results_table(matching.similar_cases("KEN", top=2))._repr_html_()
    assert '<a href="./msme-digitization/nairobi-demo.html">nairobi-demo: vouchers' in html
    assert '<th scope="col">Why it is listed</th>' in html and "<td>medium</td>" in html
    assert "lagos-b-demo" not in html


def test_weights_match_the_docstring():
    for trait, points in matching.WEIGHTS.items():
        assert f"{points:+d}" in matching.__doc__, trait
    table = matching.weights()
    assert table["points"].tolist()[: len(matching.WEIGHTS)] == [
        matching.WEIGHTS[k]
        for k in (
            "same country",
            "same World Bank region",
            "same income group",
            "similar internet use",
            "theme you chose",
            "place of similar size",
            "much larger or smaller place",
            "same level of government",
        )
    ]
    assert "less than 10 percentage points apart" in table["compared"].iloc[3]
    assert ("Theme Attracting tech investment, with a rural focus", -3) in list(
        table.itertuples(index=False, name=None)
    )


def test_real_book_has_results_for_every_country(monkeypatch):
    monkeypatch.setenv("CASEKIT_ROOT", str(REPO))
    monkeypatch.delenv("CASEKIT_DATA", raising=False)
    with (REPO / "data" / "countries.csv").open(encoding="utf-8") as fh:
        codes = [row["iso3"] for row in csv.DictReader(fh)]
    assert len(codes) > 200
    for code in codes:
        df = matching.similar_cases(code)
        assert len(df) == 8, code
        assert df["rank"].tolist() == list(range(1, 9)), code
        assert (df["score"].diff().dropna() <= 0).all(), code
    profile = matching.place_profile("KEN")
    assert set(profile["indicator_code"]) == set(matching.PROFILE_INDICATORS)
    assert (profile["role"] == "your place").sum() == 4


def _real(monkeypatch):
    monkeypatch.setenv("CASEKIT_ROOT", str(REPO))
    monkeypatch.delenv("CASEKIT_DATA", raising=False)


def test_real_book_rural_ecuador_sees_rural_cases_first(monkeypatch):
    # Issue 11: rural Ecuador was shown Bogota's investment agency first.
    _real(monkeypatch)
    df = matching.similar_cases("ECU", focus="rural")
    assert "bogota-tech-investment" not in set(df["case_id"])
    assert set(df["theme"].iloc[:2]) == {"Rural ecommerce"}
    assert not ({"Attracting tech investment", "Ecommerce logistics"} & set(df["theme"]))


def test_real_book_medium_urban_ecuador_is_not_shown_capital_investment_or_freight(monkeypatch):
    # Issue 11: capital-city tech-investment and freight cases ranked 2nd to 6th.
    _real(monkeypatch)
    df = matching.similar_cases("ECU", city_size="medium", focus="urban")
    assert not ({"Attracting tech investment", "Ecommerce logistics"} & set(df["theme"].iloc[:6]))
    assert df["theme"].iloc[0] == "MSME digitization"


def test_real_book_chosen_theme_leads(monkeypatch):
    _real(monkeypatch)
    for country in ("ECU", "KEN", "IND", "PER"):
        for theme in ("rural-ecommerce", "msme-digitization", "logistics", "investment-attraction"):
            df = matching.similar_cases(country, themes=[theme], top=3)
            label = matching.THEMES[theme]
            assert set(df["theme"]) == {label}, (country, theme, df["case_id"].tolist())


def test_real_book_level_of_government_and_size_lift_municipal_cities(monkeypatch):
    _real(monkeypatch)
    df = matching.similar_cases("PER", city_size="large", focus="urban", level="municipal")
    top = [matching.cases.load_case(cid) for cid in df["case_id"].iloc[:5]]
    assert {c.led_by for c in top} == {"municipal"}
    assert all(c.population.value >= matching.SIZE_CLASSES["large"] for c in top)
