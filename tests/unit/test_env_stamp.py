"""The Makefile's environment stamp compares content, not file dates (issue 13, section 5).

A fresh checkout, or a .venv restored from CI's cache, has file dates unrelated to the
environment's: only a change to what requirements.lock and pyproject.toml say may rebuild it.
The Makefile runs with `make -n` in a copy of the repository's files, so nothing is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REBUILD = "-m venv .venv"  # in the recipe that (re)creates the environment


def _dry_run(root: Path, target: str = "check") -> str:
    done = subprocess.run(
        ["make", "-n", target, f"PYTHON={sys.executable}"], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def book(tmp_path: Path) -> Path:
    for name in ("Makefile", "requirements.lock", "requirements-lab.lock", "pyproject.toml"):
        shutil.copy2(REPO / name, tmp_path / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return tmp_path


def _install(book: Path) -> None:
    """What the stamp's recipe writes at the end of an install: the hash it would store."""
    recipe = _dry_run(book)
    (line,) = [x for x in recipe.splitlines() if x.startswith("echo ") and ".casekit-installed" in x]
    stored = line.split()[1]
    expected = hashlib.sha256((book / "requirements.lock").read_bytes() + (book / "pyproject.toml").read_bytes())
    assert stored == expected.hexdigest()
    (book / ".venv" / ".casekit-installed").write_text(stored + "\n")


def test_a_new_environment_is_installed(book: Path) -> None:
    assert REBUILD in _dry_run(book)


def test_newer_file_dates_alone_do_not_rebuild_the_environment(book: Path) -> None:
    _install(book)
    assert REBUILD not in _dry_run(book)
    later = time.time() + 3600
    for name in ("requirements.lock", "pyproject.toml"):
        os.utime(book / name, (later, later))
    assert REBUILD not in _dry_run(book), "a fresh checkout (newer dates, same content) rebuilt .venv"


@pytest.mark.parametrize("name", ["requirements.lock", "pyproject.toml"])
def test_a_changed_lock_or_pyproject_rebuilds_it(book: Path, name: str) -> None:
    _install(book)
    with (book / name).open("a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    assert REBUILD in _dry_run(book)


def test_an_environment_whose_python_is_gone_is_rebuilt(book: Path) -> None:
    # A cached .venv restored next to another Python patch release points at a missing interpreter.
    _install(book)
    python = book / ".venv" / "bin" / "python"
    python.unlink()
    python.symlink_to(book / "no-such-python")
    assert REBUILD in _dry_run(book)
