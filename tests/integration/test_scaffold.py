"""`casekit new` in a real book: the scaffold builds, and `casekit check` turns it into a to-do list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_build_cache import build

CASE = "york-market-vouchers"


def casekit(book: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casekit", "--root", str(book), *args], capture_output=True, text=True, timeout=120
    )


def test_scaffold_builds_and_lists_unfinished_fields(minibook):
    result = casekit(minibook, "new", CASE, "--theme", "msme-digitization", "--place", "York", "--country", "GBR")
    assert result.returncode == 0, result.stderr
    assert (minibook / f"data/cases/{CASE}.yml").is_file()
    assert (minibook / f"case_studies/msme-digitization/{CASE}.md").is_file()
    assert (minibook / f"data/series/{CASE}.csv").read_text() == "year,series,label,value,unit,source,note\n"
    package = json.loads((minibook / "data/datapackage.json").read_text())
    assert f"series/{CASE}.csv" in [r["path"] for r in package["resources"]]

    toc = minibook / "_toc.yml"
    toc.write_text(toc.read_text() + f"  - file: case_studies/msme-digitization/{CASE}\n")
    build(minibook)  # strict build: the untouched scaffold must build
    assert (minibook / f"_build/html/case_studies/msme-digitization/{CASE}.html").is_file()

    check = casekit(minibook, "check")
    assert check.returncode == 3  # only unfinished fields, no errors
    lines = check.stdout.splitlines()
    assert lines and all(": unfinished: " in line for line in lines), lines
    fields = {line.split(": ")[1] for line in lines if line.startswith(f"data/cases/{CASE}.yml")}
    assert {
        "title",
        "summary",
        "latitude",
        "longitude",
        "evidence",
        "led_by",
        "population.value",
        "population.name",
        "population.source",
        "peers",
        "programmes[0].name",
        "programmes[0].start_year",
        "programmes[0].lead",
        "sources[0]",
        "sources[1]",
    } <= fields
    assert any(line.startswith(f"case_studies/msme-digitization/{CASE}.md: line ") for line in lines)
    assert "unfinished fields to fill in" in check.stderr


def test_new_refuses_a_taken_id_and_writes_nothing(minibook):
    before = sorted(p.relative_to(minibook).as_posix() for p in minibook.rglob("*"))
    package = (minibook / "data/datapackage.json").read_text()
    result = casekit(
        minibook, "new", "demo-city-voucher", "--theme", "logistics", "--place", "Demo", "--country", "IRL"
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/cases/demo-city-voucher.yml: (file): expected no existing file: this case id is taken" in result.stderr
    assert sorted(p.relative_to(minibook).as_posix() for p in minibook.rglob("*")) == before
    assert (minibook / "data/datapackage.json").read_text() == package


def test_new_reports_every_bad_argument(minibook):
    result = casekit(minibook, "new", "Bad Id", "--theme", "shops", "--place", "<i>x</i>", "--country", "XYZ")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:4] == [
        "casekit new: case-id: expected lowercase words joined by hyphens (for example 'lima-market-vouchers'), got 'Bad Id'",
        "casekit new: --theme: expected one of ['msme-digitization', 'rural-ecommerce', 'logistics', 'investment-attraction'], got 'shops'",
        "casekit new: --place: expected the place's name as plain text, got '<i>x</i>'",
        "casekit new: --country: expected an ISO 3166-1 alpha-3 country code from data/countries.csv, got 'XYZ'",
    ]
