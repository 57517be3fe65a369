"""The footer's "Last updated" date comes from git, per page, not from the day of the build."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from casekit.sphinxext.gitdates import git_dates, last_updated


def _commit(repo: Path, date: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", date], check=True, env=env)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "book"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(
        repo,
        "2024-03-05",
        {
            "index.md": "home",
            "case_studies/logistics/a-case.md": "page",
            "data/cases/a-case.yml": "id: a-case",
            "data/series/a-case.csv": "year,value\n",
            "chapters/one.md": "chapter",
        },
    )
    _commit(repo, "2025-01-02", {"data/series/a-case.csv": "year,value\n2020,1\n", "index.md": "home, edited"})
    return repo


def test_each_file_gets_its_last_commit_date(tmp_path):
    repo = _repo(tmp_path)
    dates = git_dates(repo)
    assert dates["index.md"] == "2025-01-02"
    assert dates["chapters/one.md"] == "2024-03-05"
    assert dates["data/cases/a-case.yml"] == "2024-03-05"


def test_a_case_page_counts_its_case_file_and_series(tmp_path):
    repo = _repo(tmp_path)
    dates = git_dates(repo)
    # The page source is older; the series changed later.
    assert last_updated(repo, dates, "case_studies/logistics/a-case.md") == "2 January 2025"
    assert last_updated(repo, dates, "chapters/one.md") == "5 March 2024"


def test_paths_are_relative_to_the_book_inside_a_larger_repository(tmp_path):
    repo = _repo(tmp_path)
    _commit(repo, "2025-06-30", {"book/index.md": "nested"})
    assert git_dates(repo / "book") == {"index.md": "2025-06-30"}


def test_no_git_no_date(tmp_path):
    (tmp_path / "index.md").write_text("x")
    assert git_dates(tmp_path) == {}
    assert last_updated(tmp_path, {}, "index.md") is None
