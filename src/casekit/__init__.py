"""casekit: the helper package of the Local Ecommerce Casebook.

Importing it enables the offline chart renderer and the accessible chart theme,
so a notebook needs one visible line: ``import casekit``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed_version

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

try:
    # The version is written once, in pyproject.toml; pip records it when it installs casekit.
    __version__ = _installed_version("casekit")
except PackageNotFoundError:  # a source tree on sys.path that pip never installed
    __version__ = "0+unknown"


def enable_charts() -> None:
    """Use the offline renderer and the book's chart theme (done on import)."""
    render.enable()
    charts.enable_theme()


enable_charts()

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
