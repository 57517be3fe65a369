"""Accessible, deterministic HTML tables for notebooks and the built site.

pandas' own ``_repr_html_`` writes ``<style scoped>``, which is invalid HTML, and
no ``scope`` on header cells. These tables write plain, valid markup:
a ``<caption>``, ``<th scope="col">`` headers and optional row headers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import bib, cases, i18n
from .errors import CasekitError, Problem
from .i18n import N_, _
from .numbers import format_value
from .vocabulary import (
    EVIDENCE_LEVELS,
    EVIDENCE_NAMES,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    LEVEL_NAMES,
    STATUS_NAMES,
    instrument_list,
    shown,
)

#: The data tables' column names, as a translated edition heads them when a notebook shows a table
#: as it is (``casekit.table(df)``); the English edition keeps the names.
COLUMN_HEADINGS = {
    "year": N_("Year"),
    "series": N_("Series"),
    "label": N_("Label"),
    "value": N_("Value"),
    "unit": N_("Unit"),
    "source": N_("Source"),
    "note": N_("Note"),
    "country": N_("Country"),
    "indicator": N_("Indicator"),
    "period": N_("Period"),
    "area": N_("Area"),
    "publisher": N_("Publisher"),
}


@dataclass(frozen=True)
class Html:
    """A fragment of HTML that Jupyter displays as HTML and prints as a short label."""

    html: str
    label: str = "table"

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<casekit {self.label}>"


def _cell(value: Any) -> str:
    if isinstance(value, Html):
        return value.html
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return html.escape(format_value(value) if isinstance(value, (int, float)) else str(value))


def html_table(
    rows: Sequence[Sequence[Any]],
    columns: Sequence[str],
    *,
    caption: str | None = None,
    row_headers: bool = False,
    css_class: str = "casekit-table",
) -> Html:
    parts = [f'<table class="{css_class}">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if i == 0 and row_headers:
                cells.append(f'<th scope="row">{_cell(value)}</th>')
            else:
                cells.append(f"<td>{_cell(value)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return Html("\n".join(parts))


def table(
    df: pd.DataFrame,
    caption: str | None = None,
    *,
    index: bool = False,
    columns: dict[str, str] | list[str] | None = None,
) -> Html:
    """Any DataFrame as an accessible table (``casekit.table(df)``).

    ``columns`` picks columns in order: a list of names, or a mapping of name to heading.
    """
    frame = df.reset_index() if index else df.copy()
    if columns is not None:
        wanted = list(columns)
        missing = [c for c in wanted if c not in frame.columns]
        if missing:
            raise CasekitError(
                [
                    Problem(
                        "casekit.table",
                        "columns",
                        f"expected columns of the table, got {missing}; it has {list(frame.columns)}",
                    )
                ]
            )
        frame = frame[wanted]
    for col in frame.columns:  # years read as years, not as 2,019
        if "year" in str(col).lower() and pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: "" if pd.isna(v) else str(int(v)))
    if isinstance(columns, dict):  # the headings a notebook gave, in the edition's language
        frame = frame.rename(columns={key: i18n.text(heading) for key, heading in columns.items()})
    return html_table(
        frame.itertuples(index=False, name=None),
        [_heading(str(c)) for c in frame.columns],
        caption=i18n.text(caption) if caption else caption,
    )


def _heading(column: str) -> str:
    """A column heading: a data column the book names (``year``) in a translated edition's words."""
    if i18n.language() != i18n.SOURCE_LANGUAGE and column in COLUMN_HEADINGS:
        return _(COLUMN_HEADINGS[column])
    return column


def _link(url: str, text: str) -> Html:
    return Html(f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>')


def _cite(keys: Sequence[str]) -> str:
    return ", ".join(keys)


def glance(case_id: str) -> Html:
    """The "At a glance" table, drawn from the case file alone."""
    case = cases.load_case(case_id)
    from .countries import name as country_name

    years = []
    for p in case.programmes:
        if p.ongoing:
            end = shown(STATUS_NAMES, "ongoing")
        else:
            end = str(p.end_year) if p.end_year else shown(STATUS_NAMES, "end not reported")
        years.append(f"{p.name}: {p.start_year}–{end}")
    rows = [
        (_("Place"), f"{case.place}, {country_name(case.country)}"),
        (_("Theme"), case.theme_label),
        (_("Programmes"), "; ".join(years)),
        (_("Lead bodies"), "; ".join(dict.fromkeys(p.lead for p in case.programmes))),
        (
            _("Private and other partners"),
            "; ".join(dict.fromkeys(x for p in case.programmes for x in p.partners)) or _("none reported"),
        ),
        (_("Instruments"), instrument_list(case.instruments)),
        (
            _("Evidence"),
            f"{shown(EVIDENCE_NAMES, case.evidence)}: {_(EVIDENCE_LEVELS[case.evidence])}",
        ),
        (_("Sources"), _("{count} (listed at the end of the page)").format(count=len(case.cited_keys()))),
    ]
    return html_table(
        rows,
        [_("Item"), _("Detail")],
        caption=_("At a glance: {title}").format(title=case.title),
        row_headers=True,
    )


def programmes_table(case_id: str) -> Html:
    """What was done: one row per programme, from the case file."""
    case = cases.load_case(case_id)
    rows = []
    for p in case.programmes:
        end = shown(STATUS_NAMES, "ongoing") if p.ongoing else (p.end_year or _("not reported"))
        budget = ""
        if p.budget:
            budget = f"{format_value(p.budget.amount)} {p.budget.currency} {p.budget.period} [{p.budget.source}]"
        rows.append(
            (
                p.name,
                str(p.start_year),
                str(end),
                p.lead,
                ", ".join(p.partners) or _("none reported"),
                instrument_list(p.instruments),
                budget or _("not reported"),
                _cite(p.sources),
            )
        )
    return html_table(
        rows,
        [
            _("Programme"),
            _("Start"),
            _("End"),
            _("Lead"),
            _("Partners"),
            _("Instruments"),
            _("Budget [source]"),
            _("Sources"),
        ],
        caption=_("Programmes: {title}").format(title=case.title),
        row_headers=True,
    )


def outcomes_table(case_id: str) -> Html:
    """Results reported in sources, each with its source key."""
    case = cases.load_case(case_id)
    rows = [(o.label, format_value(o.value), o.unit, str(o.year), o.measures, o.source) for o in case.outcomes]
    return html_table(
        rows,
        [_("Figure"), _("Value"), _("Unit"), _("Year"), _("What it measures"), _("Source")],
        caption=_("Reported figures: {title}").format(title=case.title),
        row_headers=True,
    )


def sources_table(case_id: str) -> Html:
    """The case's sources, resolved from ``references.bib``."""
    case = cases.load_case(case_id)
    refs = bib.references()
    rows: list[tuple[str, Html | str, str, str]] = []
    for key in case.cited_keys():
        ref = refs.get(key)
        if ref is None:  # a scaffold's placeholder key; `casekit check` reports it
            rows.append((key, _("(not in references.bib yet)"), "", ""))
            continue
        rows.append((key, _link(ref.url, ref.title) if ref.url else ref.title, ref.publisher or ref.author, ref.year))
    return html_table(
        rows,
        [_("Key"), _("Source"), _("Publisher"), _("Year")],
        caption=_("Sources: {title}").format(title=case.title),
        row_headers=True,
    )


def instruments_table() -> Html:
    """The instrument vocabulary, for the methods page."""
    rows = [(shown(INSTRUMENT_NAMES, key), _(meaning)) for key, meaning in INSTRUMENTS.items()]
    return html_table(rows, [_("Instrument"), _("Meaning")], caption=_("Instrument vocabulary"), row_headers=True)


def resources_table() -> Html:
    """Every table in the data package: file, what it holds, licence and original publisher."""
    from . import data

    rows = []
    for res in data.package().get("resources", []):
        licences = ", ".join(lic.get("name", "") for lic in res.get("licenses", []))
        sources = "; ".join(src.get("title", "") for src in res.get("sources", [])[:2])
        rows.append((f"data/{res['path']}", res.get("title", ""), licences, sources))
    return html_table(
        rows,
        [_("File"), _("What it holds"), _("Licence"), _("Original publisher")],
        caption=_("Tables in the book's data package"),
        row_headers=True,
    )


def cases_table(theme: str | None = None, *, link_prefix: str = "../case_studies", caption: str | None = None) -> Html:
    """The cases (of one theme) with a link to each case page, built from the case files.

    ``link_prefix`` is the path from the page showing the table to the ``case_studies`` folder.
    """
    from . import catalog

    rows = []
    for c in cases.filter(theme=theme) if theme else cases.all():
        from .countries import name as country_name

        link = _link(f"{link_prefix}/{c.theme}/{c.id}.html", c.title)
        rows.append(
            (
                link,
                f"{c.place}, {country_name(c.country)}",
                str(c.start_year),
                instrument_list(c.instruments),
                shown(EVIDENCE_NAMES, c.evidence),
            )
        )
    label = caption or (_("Cases") if theme is None else _("Cases: {theme}").format(theme=_(catalog.THEMES[theme])))
    return html_table(
        rows,
        [_("Case"), _("Place"), _("First programme"), _("Instruments"), _("Evidence")],
        caption=label,
        row_headers=True,
    )


#: Level of government in a table cell (the case files' ``led_by``), looked up with ``_()``.
LED_BY_LABELS = LEVEL_NAMES


def explorer_table(*, link_prefix: str = ".") -> Html:
    """All cases in one table that readers can sort and filter (see ``_static/casekit-tables.js``)."""
    from .countries import name, region
    from .vocabulary import POPULATION_AREA_NAMES

    rows = []
    for c in cases.all():
        starts = [p.start_year for p in c.programmes]
        rows.append(
            (
                _link(f"{link_prefix}/{c.theme}/{c.id}.html", c.title),
                c.place,
                name(c.country),
                region(c.country),
                c.theme_label,
                instrument_list(c.instruments),
                str(min(starts)),
                shown(LEVEL_NAMES, c.led_by),
                format_value(c.population.value) if c.population else _("not published"),
                f"{shown(POPULATION_AREA_NAMES, c.population.area)}, {c.population.year}" if c.population else "",
                shown(EVIDENCE_NAMES, c.evidence),
            )
        )
    table_html = html_table(
        rows,
        [
            _("Case"),
            _("Place"),
            _("Country"),
            _("Region"),
            _("Theme"),
            _("Instruments"),
            _("First programme"),
            _("Led by"),
            _("Population"),
            _("Population counted"),
            _("Evidence"),
        ],
        caption=_(
            "All cases (select a column heading to sort; type in the box to filter). Population: "
            "the count in each case file, whose source is given on the case page"
        ),
        row_headers=True,
        css_class="casekit-table casekit-sortable",
    )
    return Html(table_html.html, label="explorer table")


def data_links(case_id: str | None = None, *, prefix: str = "../../data") -> Html:
    """Download links for the data behind a page (the site publishes ``data/`` next to the pages).

    With a case id: the case's series and case file; without: the indicator tables. ``prefix`` is
    the path from the page to the published ``data`` folder.
    """
    from . import data

    items = []
    if case_id is not None:
        case = cases.load_case(case_id)
        items.append(
            (
                f"{prefix}/series/{case.id}.csv",
                _("Time series for this case (CSV, {file})").format(file=f"{case.id}.csv"),
            )
        )
        items.append(
            (
                f"{prefix}/cases/{case.id}.yml",
                _("Case file with programmes, outcomes and sources (YAML, {file})").format(file=f"{case.id}.yml"),
            )
        )
        # Generated by casekit.export when the site is built.
        notebook = f"{prefix}/../_notebooks/case_studies/{case.theme}/{case.id}.ipynb"
        items.insert(
            0,
            (
                notebook,
                _("This page as a notebook to run in JupyterLab or Colab ({file})").format(file=f"{case.id}.ipynb"),
            ),
        )
    else:
        for res in data.package().get("resources", []):
            if res["path"].startswith("indicators/"):
                items.append(
                    (f"{prefix}/{res['path']}", _("{title} (CSV)").format(title=res.get("title", res["path"])))
                )
    items.append(
        (
            f"{prefix}/datapackage.json",
            _("Data package: every table's schema, licence and original publisher (JSON)"),
        )
    )
    parts = ['<ul class="casekit-downloads">']
    parts += [
        f'<li><a href="{html.escape(href, quote=True)}" download>{html.escape(text)}</a></li>' for href, text in items
    ]
    parts.append("</ul>")
    notice = _(
        "The book's own case files and series are CC BY 4.0; indicator tables keep their publishers' "
        "licences, recorded in the data package. Every row names its source."
    )
    parts.append(f"<p>{html.escape(notice, quote=False)}</p>")
    return Html("\n".join(parts), label="data links")
