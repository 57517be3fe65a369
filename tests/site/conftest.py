"""Fixtures for checks over the built site (run after `make book`)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "_build" / "html"
SPANISH_PREFIX = "es/"


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML}/index.html is missing: build the site first (`make book`)")
    return HTML


@pytest.fixture(scope="session")
def every_page(html_dir: Path) -> dict[str, str]:
    """Every page of the site, both editions (the Spanish ones under ``es/``)."""
    return {
        p.relative_to(html_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(html_dir.rglob("*.html"))
        if "_static" not in p.parts
    }


@pytest.fixture(scope="session")
def pages(every_page: dict[str, str]) -> dict[str, str]:
    """The English edition's pages: the tests that read the book's words read them in English;
    tests/site/test_editions.py holds the Spanish edition to the same facts."""
    return {name: text for name, text in every_page.items() if not name.startswith(SPANISH_PREFIX)}
