"""Numbers as the book prints them, in tables and in the case pages' "In brief" boxes.

A module of its own (no pandas), so the build's "In brief" boxes do not load the table code.
"""

from __future__ import annotations

from .i18n import format_number


def format_value(value: float | int) -> str:
    """Numbers as readers of the edition expect them: thousands grouped, no trailing .0 (casekit.i18n)."""
    return format_number(value)
