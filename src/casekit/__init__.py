"""casekit: the helper package of the Local Ecommerce Casebook.

Importing it enables the offline chart renderer and the accessible chart theme,
so a notebook needs one visible line: ``import casekit``.

Inside a Sphinx build (the book's extension, ``casekit.sphinxext``, is imported by a
process that has already loaded Sphinx) no chart is drawn: the notebooks run in their own
kernels. There the notebook API is loaded, charts enabled, on first use of any of it instead
of on import, so a build with nothing to execute does not pay for pandas and Altair (about
half of its start-up).
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed_version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names below are, for type checkers and editors
    from . import cases, catalog, charts, data, design, matching
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

try:
    # The version is written once, in pyproject.toml; pip records it when it installs casekit.
    __version__ = _installed_version("casekit")
except PackageNotFoundError:  # a source tree on sys.path that pip never installed
    __version__ = "0+unknown"

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
    if name not in _SUBMODULES and name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name == "cases":  # the case model alone: what the build's extension reads
        globals()[name] = import_module(".cases", __name__)
    else:  # any other part of the notebook API: all of it, charts enabled, as on a plain import
        _load()
    return globals()[name]


def enable_charts() -> None:
    """Use the offline renderer and the book's chart theme (done on import)."""
    from . import charts, render

    render.enable()
    charts.enable_theme()


def _load() -> None:
    for name in _SUBMODULES:
        globals()[name] = import_module(f".{name}", __name__)
    for name, module in _NAMES.items():
        globals()[name] = getattr(import_module(f".{module}", __name__), name)
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
