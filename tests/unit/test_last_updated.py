"""The footer's "Last updated" line comes from git, per page, not from the day of the build.

A page not committed yet says so; a shallow clone stops the build; no git, no date.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from casekit.sphinxext.gitdates import NOT_COMMITTED, ShallowClone, footer, git_state, redated

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _commit(repo: Path, date: str, files: dict[str, str]) -> None:
    _write(repo, files)
    env = {
        **os.environ,
        **GIT_ENV,
        "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00",
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
    state = git_state(_repo(tmp_path))
    assert state.dates["index.md"] == "2025-01-02"
    assert state.dates["chapters/one.md"] == "2024-03-05"
    assert state.dates["data/cases/a-case.yml"] == "2024-03-05"
    assert state.uncommitted == frozenset()


def test_a_case_page_counts_its_case_file_and_series(tmp_path):
    repo = _repo(tmp_path)
    state = git_state(repo)
    # The page source is older; the series changed later.
    assert footer(repo, state, "case_studies/logistics/a-case.md").line == "Last updated on 2 January 2025."
    assert footer(repo, state, "chapters/one.md").line == "Last updated on 5 March 2024."


def test_a_page_not_committed_yet_says_so(tmp_path):
    repo = _repo(tmp_path)
    _write(
        repo,
        {
            "case_studies/logistics/new-case.md": "page",
            "data/cases/new-case.yml": "id: new-case",
            "chapters/two.md": "x",
        },
    )
    state = git_state(repo)
    assert footer(repo, state, "case_studies/logistics/new-case.md").line == NOT_COMMITTED
    assert footer(repo, state, "chapters/two.md").line == NOT_COMMITTED
    # Staged is not committed either.
    subprocess.run(["git", "-C", str(repo), "add", "chapters/two.md"], check=True)
    assert footer(repo, git_state(repo), "chapters/two.md").line == NOT_COMMITTED
    assert footer(repo, state, "chapters/one.md").line == "Last updated on 5 March 2024."


def test_changes_since_the_last_commit_are_named(tmp_path):
    repo = _repo(tmp_path)
    _write(repo, {"data/cases/a-case.yml": "id: a-case\nplace: changed"})
    state = git_state(repo)
    assert state.uncommitted == frozenset({"data/cases/a-case.yml"})
    changed = footer(repo, state, "case_studies/logistics/a-case.md")
    assert changed.line == "Last updated on 2 January 2025, with changes since then not yet committed."
    assert changed.date == "2 January 2025"  # the theme's meta tag keeps the last commit's date
    assert footer(repo, state, "chapters/one.md").line == "Last updated on 5 March 2024."


def test_paths_are_relative_to_the_book_inside_a_larger_repository(tmp_path):
    repo = _repo(tmp_path)
    _commit(repo, "2025-06-30", {"book/index.md": "nested"})
    _write(repo, {"book/new.md": "new", "outside.md": "not in the book"})
    state = git_state(repo / "book")
    assert state.dates == {"index.md": "2025-06-30"}
    assert state.uncommitted == frozenset({"new.md"})


def test_a_shallow_clone_stops_the_build_with_one_line(tmp_path):
    repo = _repo(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True
    )
    with pytest.raises(ShallowClone) as raised:
        git_state(clone)
    message = str(raised.value)
    assert "\n" not in message and "shallow" in message and "fetch-depth: 0" in message
    # The full clone of the same history is fine.
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(tmp_path / "full")], check=True, capture_output=True)
    assert git_state(tmp_path / "full").dates["index.md"] == "2025-01-02"


def test_no_git_no_date(tmp_path):
    (tmp_path / "index.md").write_text("x")
    assert git_state(tmp_path) is None
    assert footer(tmp_path, None, "index.md") is None


def test_an_ignored_file_has_no_line(tmp_path):
    repo = _repo(tmp_path)
    _commit(repo, "2025-02-01", {".gitignore": "generated/\n"})
    _write(repo, {"generated/tag.md": "written by the build"})
    assert footer(repo, git_state(repo), "generated/tag.md") is None


def test_pages_whose_line_changed_are_written_again():
    before = {"a": "Last updated: not yet committed", "b": "Last updated on 5 March 2024.", "c": None}
    after = {**before, "a": "Last updated on 2 January 2025.", "d": None}
    assert redated(before, after) == ["a", "d"]
    assert redated(before, before) == []
    assert redated(None, after) == sorted(after)  # no record of the last build: write them all


def test_the_footer_in_spanish(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    _write(repo, {"data/cases/a-case.yml": "id: a-case\nplace: changed", "chapters/two.md": "x"})
    state = git_state(repo)
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    assert footer(repo, state, "chapters/one.md").line == "Última actualización: 5 de marzo de 2024."
    changed = footer(repo, state, "case_studies/logistics/a-case.md")
    assert changed.date == "2 de enero de 2025"
    assert changed.line == (
        "Última actualización: 2 de enero de 2025, con cambios posteriores aún sin registrar en el repositorio."
    )
    assert footer(repo, state, "chapters/two.md").line.startswith("Última actualización: aún sin registrar")
    monkeypatch.delenv("CASEKIT_LANGUAGE")
    assert footer(repo, state, "chapters/one.md").line == "Last updated on 5 March 2024."
    assert footer(repo, state, "chapters/two.md").line == NOT_COMMITTED
