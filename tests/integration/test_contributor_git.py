"""A contributor's path through git, played on the miniature book in a git repository of its own.

Issue 13 (section 4): following CONTRIBUTING, `make test` failed on a case page not yet
committed, and after the commit the page kept its old footer until `make clean` re-ran every
notebook. Here a case page is built before it is committed (the build passes and the footer says
so), then committed and built again without cleaning: the footer shows the commit's date and the
notebook is not executed again. A shallow clone stops the build with one line.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

from strictbuild import run_build

REPO = Path(__file__).resolve().parents[2]
CASE_FILES = [
    "case_studies/msme-digitization/demo-city-voucher.md",
    "data/cases/demo-city-voucher.yml",
    "data/series/demo-city-voucher.csv",
]
PAGE = "_build/html/case_studies/msme-digitization/demo-city-voucher.html"
HOME = "_build/html/index.html"


def git(book: Path, *args: str, date: str = "2024-03-05") -> None:
    stamp = f"{date}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "contributor",
        "GIT_AUTHOR_EMAIL": "contributor@example.org",
        "GIT_COMMITTER_NAME": "contributor",
        "GIT_COMMITTER_EMAIL": "contributor@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(book), *args], check=True, env=env, capture_output=True)


def build(book: Path) -> str:
    result = run_build(book)
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
    assert result.returncode == 0, "\n".join(problems[-20:])
    return log


def executed(log: str) -> int:
    """Notebooks a build executed: in parallel before reading (casekit.prebuild), or by myst-nb."""
    found = re.search(r"\[casekit\] prebuild: (\d+) of \d+ notebooks executed", log)
    return (int(found.group(1)) if found else 0) + log.count("Executed notebook")


def footer(book: Path, page: str) -> str:
    found = re.search(r'<p class="last-updated">\s*(.*?)\s*<br/>', (book / page).read_text(), re.S)
    return html.unescape(found.group(1).strip()) if found else ""


def repository(book: Path) -> Path:
    """The miniature book as a contributor's clone: everything committed except the new case."""
    shutil.copytree(REPO / "_templates", book / "_templates")
    shutil.copy(REPO / ".gitignore", book / ".gitignore")
    subprocess.run(["git", "init", "-q", str(book)], check=True)
    git(book, "add", "-A")
    git(book, "rm", "-q", "--cached", "--", *CASE_FILES)
    git(book, "commit", "-q", "-m", "The book before the new case")
    return book


def test_a_new_case_builds_before_its_commit_and_is_dated_after_it_without_clean(minibook):
    book = repository(minibook)

    log = build(book)  # the case page is not committed yet
    assert executed(log) == 1
    assert (
        footer(book, PAGE) == "Last updated: not yet committed (the date appears once this page's files are committed)."
    )
    assert footer(book, HOME) == "Last updated on 5 March 2024."

    git(book, "add", "--", *CASE_FILES)
    git(book, "commit", "-q", "-m", "Add case: Demo City", date="2025-01-02")
    log = build(book)  # no `make clean`
    assert executed(log) == 0, "the commit changed no file: the notebook must not run again"
    assert "[casekit] 1 page(s) written again for their new 'Last updated' line" in log
    assert footer(book, PAGE) == "Last updated on 2 January 2025."
    assert footer(book, HOME) == "Last updated on 5 March 2024."

    (book / "index.md").write_text((book / "index.md").read_text() + "\nAn uncommitted edit.\n")
    log = build(book)
    assert executed(log) == 0
    assert footer(book, HOME) == "Last updated on 5 March 2024, with changes since then not yet committed."
    assert footer(book, PAGE) == "Last updated on 2 January 2025."

    log = build(book)  # nothing changed: nothing is written again
    assert executed(log) == 0 and "written again" not in log


def test_a_shallow_clone_stops_the_build_with_one_clear_line(minibook, tmp_path):
    book = repository(minibook)
    git(book, "add", "-A")
    git(book, "commit", "-q", "-m", "Add case: Demo City", date="2025-01-02")
    clone = tmp_path / "workshop-laptop"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{book}", str(clone)], check=True, capture_output=True
    )
    result = run_build(clone)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    errors = [line for line in log.splitlines() if "ERROR" in line or "Error" in line]
    assert len(errors) == 1 and "git clone is shallow" in errors[0] and "fetch-depth: 0" in errors[0], log[-3000:]
    assert log.count("git clone is shallow") == 1
    assert "Traceback" not in log
    assert executed(log) == 0 and not (clone / PAGE).exists()
