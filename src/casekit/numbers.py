"""Numbers as the book prints them, in tables and in the case pages' "In brief" boxes.

A module of its own (no pandas), so the build's "In brief" boxes do not load the table code.
"""

from __future__ import annotations


def format_value(value: float | int) -> str:
    """Numbers as readers expect them: thousands separators, no trailing .0."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
