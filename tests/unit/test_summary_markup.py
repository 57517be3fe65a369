"""casekit.sphinxext.compat (hidden-cell labels) against myst-nb's own visitor for hidden code cells."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from myst_nb import sphinx_ as myst_nb_sphinx

from casekit.sphinxext import compat as summary_markup


def render(visit, depart) -> str:
    translator = SimpleNamespace(body=[])
    node = {"classes": ["above-input"], "prompt_show": "Show code", "prompt_hide": "Hide <code>"}
    visit(translator, node)
    depart(translator, node)
    return "".join(translator.body)


def test_stock_myst_nb_still_puts_p_labels_in_summary():
    html = render(myst_nb_sphinx.visit_HideCellInput, myst_nb_sphinx.depart_HideCellInput)
    assert html == (
        '<details class="admonition hide above-input">\n'
        '<summary aria-label="Toggle hidden content">\n'
        '<p class="collapsed admonition-title">Show code</p>\n'
        '<p class="expanded admonition-title">Hide &lt;code&gt;</p>\n'
        "</summary>\n"
        "</details>\n"
    ), (
        "myst-nb's hidden-cell markup changed: review casekit.sphinxext.compat.hidden_cell_labels_as_spans (it may no longer be needed)"
    )


def test_patched_labels_are_spans_and_nothing_else_changes():
    stock = render(myst_nb_sphinx.visit_HideCellInput, myst_nb_sphinx.depart_HideCellInput)
    ours = render(summary_markup.visit_hide_cell_input, summary_markup.depart_hide_cell_input)
    assert "<p" not in ours
    assert ours == stock.replace("<p ", "<span ").replace("</p>", "</span>")


def test_the_stylesheet_gives_the_spans_mystnb_rules():
    css = (Path(__file__).resolve().parents[2] / "_static" / "casekit.css").read_text(encoding="utf-8")
    for rule in (
        "div.cell details.hide>summary>span.admonition-title { display: list-item; margin: 0 10px 0 0; font-weight: 700; }",
        "div.cell details.hide[open]>summary>span.collapsed { display: none; }",
        "div.cell details.hide:not([open])>summary>span.expanded { display: none; }",
    ):
        assert rule in css
    mystnb = Path(myst_nb_sphinx.__file__).parent / "static" / "mystnb.css"
    assert "div.cell details.hide[open]>summary>p.collapsed" in mystnb.read_text(encoding="utf-8"), (
        "myst-nb's stylesheet changed: review the toggle rules in _static/casekit.css"
    )
