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
        "id-mismatch",
    ],
)
def test_mistakes_name_file_field_and_expectation(minibook, change, expected):
    path = _edit(minibook, change)
    problems = _problems(path)
    assert any(expected in p for p in problems), problems


def test_yaml_syntax_error_names_line(minibook):
    path = minibook / "data" / "cases" / f"{CASE}.yml"
    path.write_text("id: demo-city-voucher\ntitle: [unclosed\n")
    (problem,) = _problems(path)
    assert problem.startswith("data/cases/demo-city-voucher.yml: line ")
    assert "expected valid YAML" in problem


def test_not_a_mapping(minibook):
    path = minibook / "data" / "cases" / f"{CASE}.yml"
    path.write_text("- just\n- a list\n")
    assert _problems(path) == [
        "data/cases/demo-city-voucher.yml: (top level): expected a mapping of case fields, got list"
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


def test_yaml_syntax_errors_read_the_same_with_or_without_libyaml(tmp_path):
    import pytest
    import yaml

    from casekit.cases import read_case_file

    text = "id: broken-case\ntitle: [unclosed\nplace: x\n"
    with pytest.raises(yaml.YAMLError) as pure:  # PyYAML's own parser, as without libyaml
        yaml.load(text, Loader=yaml.SafeLoader)
    bad = tmp_path / "broken-case.yml"
    bad.write_text(text, encoding="utf-8")
    case, problems = read_case_file(bad)
    assert case is None
    assert [(p.field, p.message) for p in problems] == [
        (
            f"line {pure.value.problem_mark.line + 1}",
            f"expected valid YAML, got a syntax error: {pure.value.problem}",
        )
    ]
