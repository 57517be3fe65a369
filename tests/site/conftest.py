"""Fixtures for checks over the built site (run after `make book`)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "_build" / "html"


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML}/index.html is missing: build the site first (`make book`)")
    return HTML


@pytest.fixture(scope="session")
def pages(html_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(html_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(html_dir.rglob("*.html"))
        if "_static" not in p.parts
    }
