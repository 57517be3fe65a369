"""casekit: the helper package of the Local Ecommerce Casebook.

Importing it enables the offline chart renderer and the accessible chart theme,
so a notebook needs one visible line: ``import casekit``.

Inside a Sphinx build (the book's extension, ``casekit.sphinxext``, is imported by a
process that has already loaded Sphinx) no chart is drawn: the notebooks run in their own
kernels. There the notebook API is loaded on first use instead of on import, so a build
with nothing to execute does not pay for pandas and Altair (about half of its start-up).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names below are, for type checkers and editors
    from . import cases, catalog, charts, data, design, matching, render
    from .cases import Case, load_case
    from .data import indicators, series
    from .errors import CasekitError, Problem
    from .tables import (
        cases_table,
        data_links,
        explorer_table,
        glance,
        instruments_table,
        outcomes_table,
        programmes_table,
        resources_table,
        sources_table,
        table,
    )

__version__ = "0.1.0"

_SUBMODULES = ("cases", "catalog", "charts", "data", "design", "matching", "render")
#: Names the package offers, and the module each comes from.
_NAMES = {
    "Case": "cases",
    "load_case": "cases",
    "indicators": "data",
    "series": "data",
    "CasekitError": "errors",
    "Problem": "errors",
    **{
        name: "tables"
        for name in (
            "cases_table",
            "data_links",
            "explorer_table",
            "glance",
            "instruments_table",
            "outcomes_table",
            "programmes_table",
            "resources_table",
            "sources_table",
            "table",
        )
    },
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        value = import_module(f".{name}", __name__)
    elif name in _NAMES:
        value = getattr(import_module(f".{_NAMES[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def enable_charts() -> None:
    """Use the offline renderer and the book's chart theme (done on import)."""
    from . import charts, render

    render.enable()
    charts.enable_theme()


def _load() -> None:
    for name in (*_SUBMODULES, *_NAMES):
        __getattr__(name)
    enable_charts()


if "sphinx" not in sys.modules:
    _load()

__all__ = [
    "Case",
    "CasekitError",
    "Problem",
    "cases",
    "cases_table",
    "catalog",
    "charts",
    "data",
    "data_links",
    "design",
    "enable_charts",
    "explorer_table",
    "glance",
    "indicators",
    "instruments_table",
    "load_case",
    "matching",
    "outcomes_table",
    "programmes_table",
    "resources_table",
    "series",
    "sources_table",
    "table",
]
