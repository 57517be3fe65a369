"""A case added with `casekit new` must not break any page of the real book.

Chapters and the explorer read every case file, and the chapters' hidden checks state facts
about the cases they discuss. This adds one scaffolded case per theme to a copy of the book
and runs every page that reads all the cases.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casekit.contrib.scaffold import new_case
from casekit.vocabulary import THEMES

REPO = Path(__file__).resolve().parents[2]
PAGES = [f"chapters/{t}.md" for t in THEMES] + [
    "chapters/why-places-differ.md",
    "case_studies/explorer.md",
    "case_studies/places-like-mine.md",
    "reference/data-and-methods.md",
]


@pytest.fixture
def book_with_new_cases(tmp_path, monkeypatch):
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    book = tmp_path / "book"
    for rel in files:
        (book / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, book / rel)
    monkeypatch.setenv("CASEKIT_ROOT", str(book))
    for i, theme in enumerate(THEMES):
        new_case(book, f"new-test-case-{i}", theme, f"New place {i}", ["PER", "KEN", "FRA", "IND"][i])
    return book


@pytest.mark.parametrize("page", PAGES)
def test_pages_run_with_new_cases(book_with_new_cases, page):
    env = {**os.environ, "CASEKIT_ROOT": str(book_with_new_cases), "CASEKIT_CHARTS": "site"}
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "run_notebook.py"), page],
        cwd=book_with_new_cases,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
