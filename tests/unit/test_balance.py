"""casekit.balance: the balance rules of issue 12, computed from the book's own case files."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import balance, cases
from casekit.cases import Population

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_cases(monkeypatch: pytest.MonkeyPatch) -> list[cases.Case]:
    """The book's real case files (not the miniature book)."""
    monkeypatch.setenv("CASEKIT_ROOT", str(REPO))
    return cases.all()


def _rule(found: list[balance.Rule], start: str) -> balance.Rule:
    (rule,) = (r for r in found if r.rule.startswith(start))
    return rule


def test_the_case_files_meet_every_balance_rule(real_cases: list[cases.Case]) -> None:
    broken = [f"{r.rule}: {r.actual} < {r.minimum}" for r in balance.rules(real_cases) if not r.met]
    assert not broken, "the case base no longer meets the balance rules of issue 12: " + "; ".join(broken)


def test_the_counts_follow_the_case_files(real_cases: list[cases.Case]) -> None:
    found = balance.rules(real_cases)
    ecuador = [c for c in real_cases if c.country == "ECU"]
    assert _rule(found, "... of which in Ecuador").actual == len(ecuador) >= 1
    subnational = [c for c in real_cases if c.led_by in ("municipal", "state-provincial")]
    assert _rule(found, "Cases led by a municipal").actual == len(subnational)
    # Dropping the Ecuadorian cases breaks the Ecuador rule and lowers the Latin American count by as many.
    without = [c for c in real_cases if c.country != "ECU"]
    after = balance.rules(without)
    assert not _rule(after, "... of which in Ecuador").met
    lac = "Cases in Latin America"
    assert _rule(found, lac).actual - _rule(after, lac).actual == len(ecuador)


def test_losing_a_secondary_city_breaks_the_rule_at_the_minimum(real_cases: list[cases.Case]) -> None:
    secondary = [c for c in real_cases if balance.place_type(c) == balance.SECONDARY]
    rule = _rule(balance.rules(real_cases), "Cases in secondary cities")
    assert rule.actual == len(secondary)
    keep = len(secondary) - rule.minimum  # drop one more than the margin allows
    dropped = {c.id for c in secondary[: keep + 1]}
    after = _rule(balance.rules([c for c in real_cases if c.id not in dropped]), "Cases in secondary cities")
    assert after.actual == rule.minimum - 1 and not after.met


def _variant(base: cases.Case, **update: object) -> cases.Case:
    return base.model_copy(update=update)


def test_place_type_decides_only_from_what_the_case_file_says(real_cases: list[cases.Case]) -> None:
    base = _variant(real_cases[0], country="COL", place="Somewhere", population=None)
    pop = lambda value, area: Population(value=value, year=2020, area=area, name="Somewhere", source="worldbank-wdi")  # noqa: E731
    assert balance.place_type(base) == balance.NOT_KNOWN  # no population: never counted
    assert balance.place_type(_variant(base, population=pop(900_000, "city"))) == balance.SECONDARY
    assert balance.place_type(_variant(base, population=pop(5_000_000, "agglomeration"))) == balance.SECONDARY
    assert balance.place_type(_variant(base, population=pop(5_000_001, "agglomeration"))) == balance.LARGE
    assert balance.place_type(_variant(base, population=pop(9_000_000, "region"))) == balance.NOT_KNOWN
    assert balance.place_type(_variant(base, population=pop(900_000, "country"))) == balance.NOT_KNOWN
    # The capital is found with or without accents, in the place or in the population's name.
    assert balance.place_type(_variant(base, place="Bogota (Usme)", population=pop(900_000, "city"))) == balance.CAPITAL
    named = Population(value=900_000, year=2020, area="city", name="Bogotá D.C.", source="worldbank-wdi")
    assert balance.place_type(_variant(base, population=named)) == balance.CAPITAL
    # Another country's capital does not count: San José is Costa Rica's.
    assert (
        balance.place_type(_variant(base, place="San José del Guaviare", population=pop(900_000, "city")))
        == balance.SECONDARY
    )


def test_a_country_without_a_listed_capital_is_not_known(real_cases: list[cases.Case]) -> None:
    pop = Population(value=900_000, year=2020, area="city", name="Arequipa", source="worldbank-wdi")
    case = _variant(real_cases[0], country="PER", place="Arequipa", population=pop)
    assert "PER" not in balance.CAPITALS and balance.place_type(case) == balance.NOT_KNOWN


def test_the_explorer_tables_are_escaped_html(real_cases: list[cases.Case]) -> None:
    html = balance.region_income_table(real_cases).html
    assert "<caption>" in html and "Latin America &amp; Caribbean" in html
    level = balance.level_table(real_cases).html
    assert "state-provincial" in level
    rules_html = balance.rules_table(real_cases).html
    assert rules_html.count("<tr>") == len(balance.rules(real_cases)) + 1
    place = balance.place_table(real_cases).html
    assert balance.SECONDARY in place and balance.NOT_KNOWN not in place
