"""`casekit check`: one line per problem naming file and field, exit code 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casekit.contrib.check import check_book

CASE = "demo-city-voucher"


def _lines(book: Path) -> list[str]:
    problems, _ = check_book(book)
    return [str(p) for p in problems]


def run_cli(book: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casekit", "--root", str(book), *args], capture_output=True, text=True, timeout=120
    )


def test_clean_book_passes(minibook):
    assert _lines(minibook) == []
    result = run_cli(minibook, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "casekit check: OK (1 cases, 1 notebooks, 4 data files, 3 references)" in result.stderr


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new))


FAULTS = {
    "unknown-source-key": (
        lambda b: _replace(b / "data/cases/demo-city-voucher.yml", "source: demo-2021-answer", "source: nobody-2099"),
        "data/cases/demo-city-voucher.yml: outcomes[0].source: expected a citation key defined in references.bib, got 'nobody-2099'",
    ),
    "unknown-key-in-series": (
        lambda b: _replace(
            b / "data/series/demo-city-voucher.csv", "4000,applications,demo-2021-answer", "4000,applications,ghost-key"
        ),
        "data/series/demo-city-voucher.csv: source (line 3): expected a citation key defined in references.bib, got 'ghost-key'",
    ),
    "unknown-key-in-notebook": (
        lambda b: _replace(
            b / "case_studies/msme-digitization/demo-city-voucher.md", "`demo-2020-report`", "`demo-2019-nothing`"
        ),
        "case_studies/msme-digitization/demo-city-voucher.md: line 21: expected a citation key defined in references.bib, got 'demo-2019-nothing'",
    ),
    "bib-entry-without-url": (
        lambda b: _replace(b / "references.bib", "  url = {https://example.org/demo-answer},\n", ""),
        "references.bib: demo-2021-answer.url: expected every reference to have a url",
    ),
    "series-value-not-a-number": (
        lambda b: _replace(b / "data/series/demo-city-voucher.csv", ",4000,", ",four thousand,"),
        "data/series/demo-city-voucher.csv: value (line 3): expected a number, got 'four thousand'",
    ),
    "undeclared-data-file": (
        lambda b: (b / "data/series/stray.csv").write_text("year,value\n2020,1\n"),
        "data/series/stray.csv: (file): expected every data file to be declared as a resource in data/datapackage.json",
    ),
    "notebook-without-case": (
        lambda b: (
            (b / "case_studies/logistics").mkdir()
            or (b / "case_studies/logistics/ghost-town.md").write_text("# Ghost\n")
        ),
        "case_studies/logistics/ghost-town.md: (file): expected a case file data/cases/ghost-town.yml for this notebook",
    ),
    "case-without-notebook": (
        lambda b: (b / "case_studies/msme-digitization/demo-city-voucher.md").unlink(),
        "data/cases/demo-city-voucher.yml: (file): expected a notebook case_studies/<theme>/demo-city-voucher.md for this case",
    ),
    "missing-section": (
        lambda b: _replace(
            b / "case_studies/msme-digitization/demo-city-voucher.md", "## What other places can learn", "## Lessons"
        ),
        "case_studies/msme-digitization/demo-city-voucher.md: section 'What other places can learn': expected this section heading",
    ),
    "too-few-exercises": (
        lambda b: _replace(
            b / "case_studies/msme-digitization/demo-city-voucher.md",
            "```{exercise}\n:label: demo-city-voucher-ex-adapt",
            "```{note}\n:class: demo",
        ),
        "case_studies/msme-digitization/demo-city-voucher.md: section 'Exercises': expected at least 2 exercises for trainers, got 1",
    ),
    "placeholder-text": (
        lambda b: _replace(
            b / "case_studies/msme-digitization/demo-city-voucher.md", "Lessons.", "TODO write lessons."
        ),
        "case_studies/msme-digitization/demo-city-voucher.md: line ",
    ),
    "bad-country-code": (
        lambda b: _replace(b / "data/cases/demo-city-voucher.yml", "country: IRL", "country: IRE"),
        "data/cases/demo-city-voucher.yml: country: expected an ISO 3166-1 alpha-3 country code, got 'IRE'",
    ),
    "broken-datapackage": (
        lambda b: (b / "data/datapackage.json").write_text("{ not json"),
        "data/datapackage.json: line 1: expected valid JSON",
    ),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_is_reported(minibook, name):
    seed, expected = FAULTS[name]
    seed(minibook)
    lines = _lines(minibook)
    assert any(line.startswith(expected) or expected in line for line in lines), lines


def test_cli_exit_code_and_no_traceback(minibook):
    FAULTS["series-value-not-a-number"][0](minibook)
    FAULTS["bad-country-code"][0](minibook)
    before = sorted(p.relative_to(minibook) for p in minibook.rglob("*"))
    result = run_cli(minibook, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "data/cases/demo-city-voucher.yml: country: expected an ISO 3166-1 alpha-3 country code, got 'IRE'"
        in result.stdout
    )
    assert "casekit check: 2 problem(s)" in result.stderr
    assert sorted(p.relative_to(minibook) for p in minibook.rglob("*")) == before  # nothing written


def test_cli_list(minibook):
    result = run_cli(minibook, "list")
    assert result.returncode == 0
    assert "demo-city-voucher  msme-digitization  IRL" in result.stdout


def test_cli_outside_a_book(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "casekit", "--root", str(tmp_path), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_an_invalid_case_still_gets_its_key_and_todo_checks(minibook):
    path = minibook / "data/cases/demo-city-voucher.yml"
    text = path.read_text().replace("start_year: 2014", "start_year: soon")
    text = text.replace("sources: [demo-2020-report]\n", "sources: [demo-2020-report, ghost-2001]\n")
    text = text.replace("place: Demo City", "place: Demo City  # FILL IN: check the spelling")
    path.write_text(text)
    lines = _lines(minibook)
    assert (
        "data/cases/demo-city-voucher.yml: programmes[0].start_year: expected a year between 1980 and 2035, got 'soon'"
        in lines
    )
    assert (
        "data/cases/demo-city-voucher.yml: programmes[0].sources[1]: expected a citation key defined in references.bib, got 'ghost-2001'"
        in lines
    )
    assert (
        "data/cases/demo-city-voucher.yml: place: unfinished: check the spelling (then delete the FILL IN comment)"
        in lines
    )
