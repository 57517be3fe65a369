"""The "Show code" toggle in valid HTML: its labels are ``<span>`` elements, not ``<p>``.

myst-nb 1.4.0 writes each hidden code cell as ``<details class="admonition hide ...">`` whose
``<summary>`` holds two ``<p class="... admonition-title">`` labels ("Show code", "Hide code";
``myst_nb/sphinx_.py``, ``visit_HideCellInput``). HTML allows only phrasing content and headings in
``<summary>``, so the Nu HTML checker reported "Element p not allowed as child of element summary"
twice per hidden cell, on every notebook page, once casekit.codehide hid every code cell.

This module registers the same visitor with ``<span>`` labels, and ``_static/casekit.css`` gives
the spans the rules myst-nb's stylesheet gives the ``<p>`` labels (``summary>p`` selectors), so
the toggle looks and behaves as before. ``tests/unit/test_summary_markup.py`` fails when myst-nb's
own markup changes, so the patch can be reviewed or removed.

A patch of another package's output: the ``house`` split moves it into ``casekit/sphinxext/compat.py``.
"""

from __future__ import annotations

from html import escape
from typing import Any


def visit_hide_cell_input(self: Any, node: Any) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append('<summary aria-label="Toggle hidden content">\n')
    self.body.append(f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>\n')
    self.body.append("</summary>\n")


def depart_hide_cell_input(self: Any, node: Any) -> None:
    self.body.append("</details>\n")


def setup(app: Any) -> dict[str, Any]:
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_input, depart_hide_cell_input))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
