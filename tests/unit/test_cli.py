"""The `casekit` command behaves like a Unix tool: --version, quiet on a closed pipe, choices in
--help, clear refusals outside a book, machine-readable `check` output and its own exit status
for unfinished fields. Every test runs the real command (a subprocess or ``cli.main``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from casekit.contrib import cli
from casekit.contrib.check import as_github
from casekit.errors import Problem
from casekit.vocabulary import INSTRUMENTS, THEMES

CASE_FILE = "data/cases/demo-city-voucher.yml"
SERIES_FILE = "data/series/demo-city-voucher.csv"


def casekit(*args: str, cwd: Path | None = None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """The installed command as a user runs it, with no book chosen through the environment."""
    env = {k: v for k, v in os.environ.items() if k not in {"CASEKIT_ROOT", "CASEKIT_DATA"}}
    return subprocess.run(
        [sys.executable, "-m", "casekit", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def in_process(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _edit(book: Path, rel: str, old: str, new: str) -> None:
    path = book / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(book: Path, rel: str, start: str) -> int:
    lines = (book / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def _line_with(book: Path, rel: str, needle: str) -> int:
    lines = (book / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def seed_error_and_todo(book: Path) -> None:
    """One schema error, one error in a data row and one unfinished field."""
    _edit(book, CASE_FILE, "country: IRL", "country: IRE")
    _edit(book, SERIES_FILE, "4000,applications", "many,applications")
    _edit(book, CASE_FILE, "place: Demo City", "place: Demo City  # FILL IN: check the spelling")


# 1. --version


def test_version_is_the_installed_package_version():
    result = casekit("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"casekit {version('casekit')}\n"


# 2. A closed pipe ends the command quietly, with the status a shell reports for `yes | head`.


@pytest.mark.parametrize("command", [["instruments"], ["list"], ["check"]])
def test_a_closed_pipe_ends_quietly(minibook, command):
    if command == ["check"]:
        _edit(minibook, CASE_FILE, "country: IRL", "country: IRE")  # so that it prints something
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written, like `| head -0`
    try:
        result = casekit("--root", str(minibook), *command, stdout=write_end)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert "Exception ignored" not in result.stderr, result.stderr
    assert result.returncode == cli.EXIT_PIPE == 141


def test_head_reads_the_first_lines_without_an_error(minibook):
    result = subprocess.run(
        ["bash", "-c", f'set -o pipefail; "{sys.executable}" -m casekit instruments | head -n 2'],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.splitlines() == [
        f"{name.ljust(max(map(len, INSTRUMENTS)))}  {meaning}" for name, meaning in list(INSTRUMENTS.items())[:2]
    ]
    assert result.stderr == ""
    assert result.returncode in (0, cli.EXIT_PIPE)  # 0 when all output fit in the pipe before head left


# 3. The vocabularies are in --help.


def _help(*command: str) -> str:
    result = casekit(*command, "--help")
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())  # help text is wrapped; names must never be split


def test_list_help_names_every_theme_and_instrument():
    text = _help("list")
    for name in [*THEMES, *INSTRUMENTS]:
        assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text), name


def test_new_help_names_every_theme():
    text = _help("new")
    assert f"--theme THEME one of: {', '.join(THEMES)}" in text


# 4. Where the book is.


def test_root_on_a_missing_folder_is_one_line(tmp_path):
    missing = tmp_path / "no-such-book"
    result = casekit("--root", str(missing), "check")
    assert result.returncode == cli.EXIT_USAGE
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casekit: --root {missing}: no such folder")


@pytest.mark.parametrize(
    "command", [["check"], ["list"], ["new", "x-y", "--theme", "logistics", "--place", "X", "--country", "PER"]]
)
def test_outside_a_book_says_so(tmp_path, command):
    result = casekit(*command, cwd=tmp_path)
    assert result.returncode == cli.EXIT_USAGE
    assert result.stdout == ""  # in particular: not the installed source tree's cases or problems
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casekit {command[0]}: no book here: neither {tmp_path.resolve()} nor a folder above it")
    assert list(tmp_path.iterdir()) == []  # `new` wrote nothing


def test_root_on_a_folder_that_is_not_a_book(tmp_path):
    result = casekit("--root", str(tmp_path), "check")
    assert result.returncode == cli.EXIT_USAGE
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casekit check: {tmp_path.resolve()} is not a book")


def test_inside_a_book_the_book_is_found_upward(minibook):
    result = casekit("check", cwd=minibook / "data" / "cases")
    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stderr.startswith("casekit check: OK (1 cases")


# 5. Output formats for CI.


def test_check_format_json(minibook, capsys):
    seed_error_and_todo(minibook)
    code, out, err = in_process(capsys, "--root", str(minibook), "check", "--format", "json")
    assert code == cli.EXIT_ERRORS
    report = json.loads(out)
    rows = {(r["file"], r["field"]): r for r in report["problems"]}
    assert set(report["problems"][0]) == {"file", "line", "field", "message", "severity"}
    country = rows[(CASE_FILE, "country")]
    assert country["line"] == _line_of(minibook, CASE_FILE, "country:")
    assert country["severity"] == "error"
    assert "expected an ISO 3166-1 alpha-3 country code, got 'IRE'" in country["message"]
    place = rows[(CASE_FILE, "place")]
    assert place == {
        "file": CASE_FILE,
        "line": _line_of(minibook, CASE_FILE, "place:"),
        "field": "place",
        "message": "check the spelling (then delete the FILL IN comment)",
        "severity": "unfinished",
    }
    value = next(r for (f, _), r in rows.items() if f == SERIES_FILE)
    assert value["line"] == _line_with(minibook, SERIES_FILE, "many,applications")
    assert (report["errors"], report["unfinished"]) == (len(report["problems"]) - 1, 1)
    assert report["checked"] == {"cases": 0, "notebooks": 1, "data files": 4, "references": 3}  # the case is invalid
    assert err.startswith(f"casekit check: {len(report['problems'])} problem(s)")


def test_check_format_github(minibook, capsys):
    seed_error_and_todo(minibook)
    code, out, _ = in_process(capsys, "--root", str(minibook), "check", "--format", "github")
    assert code == cli.EXIT_ERRORS
    lines = out.splitlines()
    assert lines and all(re.match(r"::(error|warning) file=[^,:]+(,line=\d+)?,title=[^:]+::\S", x) for x in lines), (
        lines
    )
    country = _line_of(minibook, CASE_FILE, "country:")
    assert any(
        x.startswith(f"::error file={CASE_FILE},line={country},title=casekit check::country: expected an ISO 3166-1")
        for x in lines
    ), lines
    place = _line_of(minibook, CASE_FILE, "place:")
    assert lines[-1] == (
        f"::warning file={CASE_FILE},line={place},title=casekit check%3A unfinished field::"
        "place: check the spelling (then delete the FILL IN comment)"
    )


def test_github_annotations_cannot_be_forged_from_the_book():
    (line,) = as_github([Problem("a,b.yml", "f", "got 'x'\n::error file=evil::100%")], Path("/nonexistent"))
    assert line == "::error file=a%2Cb.yml,title=casekit check::f: got 'x'%0A::error file=evil::100%25"


def test_default_text_output_is_one_line_per_problem(minibook, capsys):
    seed_error_and_todo(minibook)
    code, out, _ = in_process(capsys, "--root", str(minibook), "check")
    lines = out.splitlines()
    assert code == cli.EXIT_ERRORS
    assert f"{CASE_FILE}: place: unfinished: check the spelling (then delete the FILL IN comment)" == lines[-1]
    assert all(not x.startswith("::") and not x.startswith("{") for x in lines)


# 6. Unfinished fields are told apart from errors.


def test_only_unfinished_fields_have_their_own_exit_status(minibook, capsys):
    _edit(minibook, CASE_FILE, "place: Demo City", "place: Demo City  # FILL IN: check the spelling")
    code, out, err = in_process(capsys, "--root", str(minibook), "check")
    assert code == cli.EXIT_UNFINISHED == 3
    assert out == f"{CASE_FILE}: place: unfinished: check the spelling (then delete the FILL IN comment)\n"
    assert err.startswith("casekit check: 1 problem(s): 0 errors, 1 unfinished field to fill in (1 cases")


def test_errors_win_over_unfinished_fields(minibook, capsys):
    seed_error_and_todo(minibook)
    code, out, err = in_process(capsys, "--root", str(minibook), "check")
    errors = sum(": unfinished: " not in x for x in out.splitlines())
    assert code == cli.EXIT_ERRORS
    assert errors >= 2
    assert err.startswith(f"casekit check: {errors + 1} problem(s): {errors} errors, 1 unfinished field to fill in")


def test_help_documents_the_exit_statuses():
    for command in ([], ["check"]):
        text = casekit(*command, "--help").stdout
        assert re.search(r"^\s*3\s+no errors, but unfinished FILL IN fields", text, re.M), text
        assert re.search(r"^\s*1\s+errors", text, re.M), text
