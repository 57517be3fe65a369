"""The bibliography: the ``casekit`` pybtex style and its formatted-entry cache between builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .bibstyle import CACHE, Style


def register_style() -> None:
    """``bibtex_default_style: casekit`` in _config.yml names this style."""
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.style.formatting", "casekit", Style, force=True)


def open_cache(app: Any) -> None:
    """``builder-inited``: formatted bibliography entries are kept beside the doctrees between builds."""
    CACHE.use_file(Path(app.doctreedir) / "casekit-bibliography.pickle")


def save_cache(app: Any, exception: Exception | None) -> None:
    """``build-finished``."""
    CACHE.save()
