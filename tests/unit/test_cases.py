"""The case model: valid files load; each class of mistake names the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import casekit
from casekit import cases
from casekit.errors import CasekitError

CASE = "demo-city-voucher"


def _edit(book: Path, change) -> Path:
    path = book / "data" / "cases" / f"{CASE}.yml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def _problems(path: Path) -> list[str]:
    _, problems = cases.read_case_file(path)
    return [str(p) for p in problems]


def test_valid_case_loads_with_derived_fields(minibook):
    case = casekit.load_case(CASE)
    assert case.country == "IRL"
    assert case.instruments == ["voucher", "training"]
    assert case.start_year == 2014
    assert case.cited_keys() == ["demo-2020-report", "demo-2021-answer"]


def test_all_and_filter(minibook):
    assert [c.id for c in cases.all()] == [CASE]
    assert [c.id for c in cases.filter(theme="msme-digitization")] == [CASE]
    assert cases.filter(theme="logistics") == []
    assert [c.id for c in cases.filter(instrument="voucher")] == [CASE]
    with pytest.raises(CasekitError, match="instrument: expected one of"):
        cases.filter(instrument="magic")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["programmes"][0].update(start_year="soon"),
            "data/cases/demo-city-voucher.yml: programmes[0].start_year: expected a year between 1980 and 2035, got 'soon'",
        ),
        (
            lambda d: d["programmes"][0].update(start_year=1970),
            "programmes[0].start_year: expected a year between 1980 and 2035, got 1970",
        ),
        (
            lambda d: d.update(theme="ecommerce"),
            "data/cases/demo-city-voucher.yml: theme: expected one of 'msme-digitization', 'rural-ecommerce', 'logistics' or 'investment-attraction', got 'ecommerce'",
        ),
        (
            lambda d: d.update(country="XYZ"),
            "data/cases/demo-city-voucher.yml: country: expected an ISO 3166-1 alpha-3 country code, got 'XYZ'",
        ),
        (lambda d: d.update(peers=["GBR", "UK"]), "peers: expected ISO 3166-1 alpha-3 country codes, got 'UK'"),
        (
            lambda d: d.update(latitude=123.0),
            "data/cases/demo-city-voucher.yml: latitude: expected a latitude between -90 and 90, got 123.0",
        ),
        (lambda d: d.update(longitude=-200), "longitude: expected a longitude between -180 and 180, got -200"),
        (lambda d: d.pop("summary"), "data/cases/demo-city-voucher.yml: summary: expected this required field"),
        (lambda d: d.update(sumary="typo"), "sumary: expected no such field (check the spelling against the template)"),
        (
            lambda d: d["programmes"][0].update(instruments=["voucher", "magic"]),
            "programmes[0].instruments: expected an instrument from the vocabulary",
        ),
        (
            lambda d: d["programmes"][0].update(end_year=2010, ongoing=False),
            "programmes[0].end_year: expected a year not before start_year 2014, got 2010",
        ),
        (
            lambda d: d.update(title="<script>alert(1)</script> Demo"),
            "data/cases/demo-city-voucher.yml: title: expected plain text, got an HTML tag '<script>'",
        ),
        (lambda d: d["outcomes"][0].update(value="many"), "outcomes[0].value: expected a number, got 'many'"),
        (lambda d: d.update(sources=["demo-2020-report"]), "sources: expected at least 2 item(s), got 1"),
        (lambda d: d.update(evidence="strong"), "evidence: expected one of 'high', 'medium' or 'low', got 'strong'"),
        (
            lambda d: d.pop("led_by"),
            "data/cases/demo-city-voucher.yml: led_by: expected this required field: the level of government that "
            "led the case, one of municipal, state-provincial, national or private-led",
        ),
        (
            lambda d: d.update(led_by="city"),
            "led_by: expected one of 'municipal', 'state-provincial', 'national' or 'private-led', got 'city'",
        ),
        (
            lambda d: d.pop("population"),
            "data/cases/demo-city-voucher.yml: population: expected this required field: how many people live in "
            "the place",
        ),
        (
            lambda d: d["population"].update(value=0),
            "population.value: expected a number greater than 0, got 0",
        ),
        (
            lambda d: d["population"].update(area="metro"),
            "population.area: expected one of 'city', 'agglomeration', 'region' or 'country', got 'metro'",
        ),
        (
            lambda d: d.update(id="other-id"),
            "data/cases/demo-city-voucher.yml: id: expected the file name's id 'demo-city-voucher', got 'other-id'",
        ),
    ],
    ids=[
        "year-text",
        "year-range",
        "theme",
        "country",
        "peer",
        "latitude",
        "longitude",
        "missing",
        "extra",
        "instrument",
        "end-before-start",
        "html",
        "value-type",
        "too-few-sources",
        "evidence",
        "led-by-missing",
        "led-by-unknown",
        "population-missing",
        "population-zero",
        "population-area-unknown",
        "id-mismatch",
    ],
)
def test_mistakes_name_file_field_and_expectation(minibook, change, expected):
    path = _edit(minibook, change)
    problems = _problems(path)
    assert any(expected in p for p in problems), problems


def test_yaml_syntax_error_names_line(minibook):
    path = minibook / "data" / "cases" / f"{CASE}.yml"
    path.write_text('id: demo-city-voucher\ntitle: "unclosed\nplace: x\n' + "tags: []\n" * 80)
    assert _problems(path) == [
        "data/cases/demo-city-voucher.yml: line 2: expected a closing quote for the text that starts here "
        "(column 8), got a syntax error: found unexpected end of stream"
    ]


def test_not_a_mapping(minibook):
    path = minibook / "data" / "cases" / f"{CASE}.yml"
    path.write_text("- just\n- a list\n")
    assert _problems(path) == [
        "data/cases/demo-city-voucher.yml: (top level): expected a mapping of case fields (name: value), got a list"
    ]


def test_load_case_unknown_id_lists_known_cases(minibook):
    with pytest.raises(CasekitError) as info:
        casekit.load_case("nowhere")
    assert "expected a case file for 'nowhere'; known cases: demo-city-voucher" in str(info.value)


def test_load_case_reflects_edits(minibook):
    assert casekit.load_case(CASE).place == "Demo City"
    _edit(minibook, lambda d: d.update(place="Demo Town"))
    assert casekit.load_case(CASE).place == "Demo Town"


def test_fast_yaml_reads_every_case_file_as_pyyaml_does():
    import yaml

    from casekit.cases import case_files, load_yaml

    files = case_files()
    assert len(files) >= 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path.name


def test_yaml_syntax_errors_read_the_same_with_or_without_libyaml(tmp_path, monkeypatch):
    import yaml

    from casekit import cases

    bad = tmp_path / "broken-case.yml"
    bad.write_text("id: broken-case\ntitle: [unclosed\nplace: x\n", encoding="utf-8")
    with_libyaml = cases.read_case_file(bad)
    monkeypatch.setattr(cases, "_FAST_LOADER", yaml.SafeLoader)  # as on a machine without libyaml
    assert cases.read_case_file(bad) == with_libyaml
    assert [(p.field, p.message) for p in with_libyaml[1]] == [
        (
            "line 2",
            "expected a closing ']' for the list that starts here (column 8), "
            "got a syntax error: expected ',' or ']', but got ':'",
        )
    ]


def test_hostile_yaml_is_refused_before_anything_is_built():
    import time

    import pytest

    from casekit.cases import MAX_YAML_BYTES, YAMLProblem, parse_yaml

    laughs = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    hostile = {
        "tags: &loop [*loop]\n": "line 1: expected plain values, got the YAML anchor &loop: remove it",
        laughs: "line 1: expected plain values, got the YAML anchor &a0: remove it",
        "id: x\ntags: " + "[" * 5000 + "\n": "line 2: expected at most 20 levels of nested lists and mappings",
        "id: x\n"
        + "# padding\n"
        * (MAX_YAML_BYTES // 10): "(file): expected a case file of at most 100,000 bytes, got 100,006 bytes",
        "place: !!python/name:os.system\n": "line 1: expected plain values, got the YAML tag !!python/name:os.system: remove it",
        "programmes:\n  - name: a\n    lead: b\n    name: c\n": "line 4: expected each field once, got 'name' again (first on line 2)",
    }
    for text, expected in hostile.items():
        started = time.perf_counter()
        with pytest.raises(YAMLProblem) as refused:
            parse_yaml(text)
        assert time.perf_counter() - started < 5
        assert f"{refused.value.where}: {refused.value.message}" == expected


def test_values_yaml_reads_as_something_else_are_named_as_written(minibook):
    path = minibook / "data" / "cases" / f"{CASE}.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("peers: [GBR, FRA]", "peers: [GBR, NO]").replace("start_year: 2014", "start_year: 2013-07-01")
    path.write_text(text.replace('title: "Demo City: vouchers for small firms to trade online"', "title: 2013-07-01"))
    assert _problems(path) == [
        "data/cases/demo-city-voucher.yml: title: expected text, got 2013-07-01, which YAML reads as a date; "
        'if you mean the text, put it in quotes: "2013-07-01"',
        "data/cases/demo-city-voucher.yml: peers[1]: expected text, got NO, which YAML "
        'reads as false; if you mean the text, put it in quotes: "NO"',
        "data/cases/demo-city-voucher.yml: programmes[0].start_year: expected a year between 1980 and 2035, "
        "got 2013-07-01, which YAML reads as a date; write the year alone: 2013",
    ]


def test_population_is_sourced_or_its_absence_is_explained(minibook):
    import yaml

    from casekit.cases import validate_case_data

    path = minibook / "data" / "cases" / "demo-city-voucher.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["population"] = None
    _, problems = validate_case_data(data, "x.yml")
    assert [str(p) for p in problems] == [
        "x.yml: population: expected a sourced population, or population: null with the reason in "
        "population_unknown (never an estimate)"
    ]
    data["population_unknown"] = "No census count for the demo city was found in any source."
    case, problems = validate_case_data(data, "x.yml")
    assert problems == [] and case is not None and case.population is None
    data["population"] = {"value": 5, "year": 2020, "area": "city", "name": "Demo", "source": "demo-2020-report"}
    _, problems = validate_case_data(data, "x.yml")
    assert [str(p) for p in problems] == ["x.yml: population_unknown: expected only when population is null"]
