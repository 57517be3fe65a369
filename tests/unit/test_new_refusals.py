"""`casekit new` with odd input: values are quoted for the file they land in, or refused.

A refusal is one line per problem on stderr, exit code 1, no traceback and nothing written.
"""

from __future__ import annotations

import ast
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import cases
from casekit.contrib import unfinished
from casekit.contrib.scaffold import new_case


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def casekit_new(book: Path, case_id: str, place: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            *(sys.executable, "-m", "casekit", "--root", str(book), "new", case_id),
            *("--theme", "logistics", "--place", place, "--country", "IRL"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "place",
    ["Saint-Denis: Nord", "Zone #4", "@Home", "12345", "São Paulo: zona sul", "- dash", "yes", "'quoted'", "a, b"],
)
def test_new_quotes_the_place_for_yaml_and_python(minibook, place):
    new_case(minibook, "odd-place-case", "logistics", place, "IRL")
    case_file = minibook / "data/cases/odd-place-case.yml"
    data, _ = cases.parse_yaml(case_file.read_text(encoding="utf-8"))
    assert data["place"] == place
    assert data["title"].startswith(f"{place}: FILL IN")
    # The scaffold is a to-do list, never an error: every problem is an unfinished field.
    case, problems = cases.read_case_file(case_file)
    assert case is not None and case.place == place, problems
    assert unfinished.case_file_markers(case_file.read_text(encoding="utf-8"), "x")
    notebook = (minibook / "case_studies/logistics/odd-place-case.md").read_text(encoding="utf-8")
    (line,) = [line for line in notebook.splitlines() if "Programme timeline" in line]
    title = ast.literal_eval(re.match(r"\s*title=(.*),$", line).group(1))
    assert title == f"Programme timeline: {place}"


@pytest.mark.parametrize(
    ("case_id", "place", "field", "expected"),
    [
        ("new-place", "Two\nlines", "--place", "expected the place's name on one line, without control characters"),
        ("new-place", "Line\u2028separator", "--place", "expected the place's name on one line"),
        ("new-place", "back\\slash", "--place", "expected the place's name as plain text"),
        ("a" * 299, "York", "case-id", "expected an id of at most 80 characters (it names files), got 299 characters"),
    ],
)
def test_new_refuses_and_writes_nothing(minibook, case_id, place, field, expected):
    before = snapshot(minibook)
    result = casekit_new(minibook, case_id, place)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casekit new: {field}: {expected}"), line
    assert snapshot(minibook) == before


def test_new_refuses_a_truncated_data_package(minibook):
    package = minibook / "data/datapackage.json"
    package.write_text(package.read_text(encoding="utf-8")[:200], encoding="utf-8")
    before = snapshot(minibook)
    result = casekit_new(minibook, "york-market", "York")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(r"data/datapackage\.json: line \d+: expected valid JSON, got: .+", line), line
    assert snapshot(minibook) == before


def test_list_reports_a_case_file_that_is_not_utf8(minibook):
    case_file = minibook / "data/cases/demo-city-voucher.yml"
    case_file.write_bytes(case_file.read_bytes().replace(b"Demo City\n", b"D\xe9mo City\n", 1))
    result = subprocess.run(
        [sys.executable, "-m", "casekit", "--root", str(minibook), "list"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "data/cases/demo-city-voucher.yml: line 3: expected text encoded as UTF-8, got the byte 0xE9, "
        "which is not UTF-8 (save the file as UTF-8 in your editor)"
    ]


def test_new_never_writes_through_a_dangling_symlink(minibook, tmp_path):
    outside = tmp_path / "outside" / "written.csv"
    outside.parent.mkdir()
    (minibook / "data" / "series" / "linked-case.csv").symlink_to(outside)
    before = snapshot(minibook)
    result = casekit_new(minibook, "linked-case", "Dublin")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "data/series/linked-case.csv: (file): expected a regular file or folder, got a symbolic link" in result.stderr
    )
    assert not outside.exists() and snapshot(minibook) == before
