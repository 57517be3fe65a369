"""The book's chart theme and the few chart builders the pages share.

Every builder requires a ``title`` and a ``description``: the title is shown, the
description becomes the chart's accessible label for screen readers. Colours come
from the Okabe–Ito palette, which stays distinguishable for the common forms of
colour blindness. A notebook draws a chart in one call::

    casekit.charts.context("manila-it-bpm", "IT.NET.USER.ZS", title=..., description=...)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from . import cases, data, i18n
from .countries import name as country_name
from .countries import names as country_names
from .errors import CasekitError, Problem
from .i18n import N_, _
from .vocabulary import STATUS_NAMES, THEMES, instrument_list, shown

#: Okabe & Ito (2008) colour-blind-safe palette, black moved last.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HIGHLIGHT = "#D55E00"
MUTED = "#8C8C8C"
WIDTH = 560
HEIGHT = 300
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


#: Titles of the columns a chart's tooltip or axis may show (others show the column's name).
COLUMN_TITLES = {
    "year": N_("Year"),
    "country": N_("Country"),
    "area": N_("Area"),
    "location": N_("Location"),
    "label": N_("Label"),
    "period": N_("Period"),
    "channel": N_("Channel"),
    "value": N_("Value"),
    "indicator": N_("Indicator"),
    "programme": N_("Programme"),
    "status": N_("Status"),
}
#: Values of the indicator tables' ``location``/``area`` columns that a chart shows as words.
LOCATION_NAMES = {"urban": N_("urban"), "rural": N_("rural"), "allarea": N_("all areas")}


@alt.theme.register("casekit", enable=False)
def theme() -> alt.theme.ThemeConfig:
    theme: alt.theme.ThemeConfig = {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": PALETTE},
            "title": {
                "fontSize": 16,
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
                "offset": 10,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "labelColor": "#333333",
                "titleColor": "#222222",
                "gridColor": "#e6e6e6",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 4},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 50, "filled": True},
            "bar": {"color": PALETTE[0]},
        }
    }
    if i18n.language() != i18n.SOURCE_LANGUAGE:
        # The edition's number format on axes, labels and tooltips (Vega's default is en-US).
        theme["config"]["locale"] = {"number": i18n.D3_NUMBER_LOCALES[i18n.language()]}  # type: ignore[typeddict-item]
    return theme


def enable_theme() -> None:
    alt.theme.enable("casekit")


def _require_text(title: str | None, description: str | None, builder: str) -> None:
    problems = []
    if not title or not str(title).strip():
        problems.append(Problem(f"casekit.charts.{builder}", "title", "expected a chart title (every chart has one)"))
    if not description or len(str(description).strip()) < 15:
        problems.append(
            Problem(
                f"casekit.charts.{builder}",
                "description",
                "expected a one-sentence description of what the chart shows (read out by screen readers)",
            )
        )
    if problems:
        raise CasekitError(problems)


def _finish(
    chart: alt.Chart | alt.LayerChart | alt.FacetChart, title: str, description: str, source: str | None
) -> alt.TopLevelMixin:
    # The title and description a notebook passed, in the edition's language (its catalog).
    title, description = i18n.text(title), i18n.text(description)
    params: dict[str, Any] = {"text": title}
    if source:
        params["subtitle"] = _("Source: {source}").format(source=source)
    return chart.properties(title=alt.TitleParams(**params), description=description, width=WIDTH, height=HEIGHT)


def _sources(df: pd.DataFrame) -> str:
    pubs = list(dict.fromkeys(df["publisher"].dropna())) if "publisher" in df else []
    keys = list(dict.fromkeys(df["source"].dropna())) if "source" in df else []
    text = "; ".join(pubs)
    if keys:
        text = (text + " " if text else "") + "[" + ", ".join(keys) + "]"
    return text


def _title(column: str) -> str:
    """A column's title in the edition's language (a column the book does not name: its name)."""
    if column in COLUMN_TITLES:
        return _(COLUMN_TITLES[column])
    return column.capitalize()


def _field_title(column: str) -> Any:
    """A tooltip title for a column Vega-Lite would title by its name: unchanged in English."""
    return alt.Undefined if i18n.language() == i18n.SOURCE_LANGUAGE else _title(column)


def _shown_values(frame: pd.DataFrame, *columns: str | None) -> dict[str, str]:
    """Country names and urban/rural words in ``columns`` of ``frame`` (a chart's own copy) in the
    edition's language; returns the mapping used, so highlights can follow it."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return {}
    mapping = {**country_names(), **{k: _(v) for k, v in LOCATION_NAMES.items()}}
    for column in columns:
        if column and column in frame.columns:
            frame[column] = frame[column].map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
    return mapping


def _records(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Only the columns a chart draws, as plain Python types: the data are embedded in
    every page, so each unused column (publisher, codes) would cost bytes on every row."""
    out = (df[[c for c in dict.fromkeys(columns) if c in df.columns]] if columns else df).copy()
    for col in out.columns:
        if str(out[col].dtype) in {"Int64", "Float64"}:
            out[col] = out[col].astype("float64")
        elif str(out[col].dtype) == "string":
            out[col] = out[col].astype(object)
    return out


def trend(
    df: pd.DataFrame,
    *,
    title: str,
    description: str,
    x: str = "year",
    y: str = "value",
    color: str | None = "country",
    y_title: str | None = None,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """Lines over time, one per ``color`` group; ``highlight`` one group in a stronger colour."""
    _require_text(title, description, "trend")
    _check_columns(df, [x, y] + ([color] if color else []), "trend")
    unit = i18n.text(y_title) if y_title else (str(df["unit"].iloc[0]) if "unit" in df and len(df) else y)
    frame = _records(df, [x, y] + ([color] if color else []))
    mapping = _shown_values(frame, color)
    highlight = mapping.get(i18n.text(highlight), i18n.text(highlight)) if highlight else highlight
    base = alt.Chart(frame)
    tooltip = [alt.Tooltip(f"{x}:O", title=_title(x)), alt.Tooltip(f"{y}:Q", title=unit, format=",.4~f")]
    if color:
        tooltip.insert(0, alt.Tooltip(f"{color}:N", title=_title(color)))
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=_("Year") if x == "year" else x, axis=alt.Axis(format="d", tickMinStep=1)),
        "y": alt.Y(f"{y}:Q", title=unit),
        "tooltip": tooltip,
    }
    if color:
        groups = sorted(str(g) for g in frame[color].dropna().unique())
        if highlight and highlight in groups:
            # The highlighted group comes first, in the highlight colour, drawn thicker.
            groups = [highlight] + [g for g in groups if g != highlight]
            others = [c for c in PALETTE if c != HIGHLIGHT]
            scale = alt.Scale(domain=groups, range=[HIGHLIGHT, *others[: len(groups) - 1]])
            enc["strokeWidth"] = alt.condition(alt.datum[color] == highlight, alt.value(4), alt.value(1.8))
        else:
            scale = alt.Scale(domain=groups)
        enc["color"] = alt.Color(f"{color}:N", title=None, scale=scale)
        enc["strokeDash"] = alt.StrokeDash(f"{color}:N", title=None, scale=alt.Scale(domain=groups))  # not colour alone
    chart = base.mark_line(point=True).encode(**enc)
    return _finish(chart, title, description, _sources(df))


def ranked_bars(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    description: str,
    highlight: str | list[str] | None = None,
    x_title: str | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars sorted from largest to smallest; ``highlight`` marks some categories."""
    _require_text(title, description, "ranked_bars")
    _check_columns(df, [category, value], "ranked_bars")
    unit = i18n.text(x_title) if x_title else (str(df["unit"].iloc[0]) if "unit" in df and len(df) else value)
    frame = _records(df, [category, value])
    enc: dict[str, Any] = {
        "y": alt.Y(f"{category}:N", sort="-x", title=None),
        "x": alt.X(f"{value}:Q", title=unit),
        "tooltip": [
            alt.Tooltip(f"{category}:N", title=_field_title(category)),
            alt.Tooltip(f"{value}:Q", title=unit, format=",.4~f"),
        ],
    }
    if highlight:
        chosen = [i18n.text(h) for h in ([highlight] if isinstance(highlight, str) else list(highlight))]
        frame["highlighted"] = frame[category].isin(chosen).map({True: "highlighted", False: "other"})
        enc["color"] = alt.Color(
            "highlighted:N",
            scale=alt.Scale(domain=["highlighted", "other"], range=[HIGHLIGHT, PALETTE[0]]),
            legend=None,
        )
    _shown_values(frame, category)
    chart = alt.Chart(frame).mark_bar().encode(**enc)
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(y=alt.Y(f"{category}:N", sort="-x"), x=alt.X(f"{value}:Q"), text=alt.Text(f"{value}:Q", format=",.3~f"))
    )
    return _finish(alt.layer(chart, labels), title, description, _sources(df))


def dumbbell(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    group: str,
    title: str,
    description: str,
    x_title: str | None = None,
) -> alt.TopLevelMixin:
    """Two or more values per category on one line (for example urban against rural)."""
    _require_text(title, description, "dumbbell")
    _check_columns(df, [category, value, group], "dumbbell")
    unit = i18n.text(x_title) if x_title else (str(df["unit"].iloc[0]) if "unit" in df and len(df) else value)
    frame = _records(df, [category, value, group])
    _shown_values(frame, category, group)
    order = frame.groupby(category)[value].max().sort_values(ascending=False).index.tolist()
    y = alt.Y(f"{category}:N", sort=order, title=None)
    rule = (
        alt.Chart(frame)
        .mark_rule(color=MUTED, strokeWidth=2)
        .encode(y=y, x=alt.X(f"min({value}):Q", title=unit), x2=f"max({value}):Q")
    )
    points = (
        alt.Chart(frame)
        .mark_point(size=90, filled=True)
        .encode(
            y=y,
            x=alt.X(f"{value}:Q"),
            color=alt.Color(f"{group}:N", title=None),
            shape=alt.Shape(f"{group}:N", title=None),  # not colour alone
            tooltip=[
                alt.Tooltip(f"{category}:N", title=_field_title(category)),
                alt.Tooltip(f"{group}:N", title=_field_title(group)),
                alt.Tooltip(f"{value}:Q", title=unit, format=",.4~f"),
            ],
        )
    )
    return _finish(alt.layer(rule, points), title, description, _sources(df))


def context(
    case_id: str,
    indicator_code: str,
    *,
    title: str,
    description: str,
    table: str = "digital_economy",
    years: tuple[int, int] | None = None,
) -> alt.TopLevelMixin:
    """The case's country (highlighted) against its peer countries, over time."""
    case = cases.load_case(case_id)
    countries = [case.country, *case.peers]
    if table == "digital_economy":
        # Annual data cover the 17 case countries; any other country comes from the
        # all-economies table (same vintage, survey years only).
        covered = set(data.table("indicators/digital_economy.csv")["country_iso3"])
        if not set(countries) <= covered:
            table = "digital_economy_world"
    df = data.indicators(indicator_code, countries=countries, years=years, table=table)
    if "location" in df:
        df = df[df["location"] == "allarea"]
    return trend(df, title=title, description=description, highlight=country_name(case.country))


def series_chart(
    case_id: str,
    series: str,
    *,
    title: str,
    description: str,
    mark: str = "line",
) -> alt.TopLevelMixin:
    """One of the case's own sourced series, with its source keys under the title."""
    df = data.series(case_id, series)
    _require_text(title, description, "series_chart")
    unit = str(df["unit"].iloc[0])
    frame = _records(df, ["year", "value", "source", "note", "label"])
    tooltip = [
        alt.Tooltip("year:O", title=_("Year")),
        alt.Tooltip("value:Q", title=unit, format=",.4~f"),
        alt.Tooltip("source:N", title=_("Source")),
    ]
    if "note" in frame:
        frame["note"] = frame["note"].fillna("")
        tooltip.append(alt.Tooltip("note:N", title=_("Note")))
    if mark == "bar":
        chart = (
            alt.Chart(frame)
            .mark_bar()
            .encode(x=alt.X("year:O", title=_("Year")), y=alt.Y("value:Q", title=unit), tooltip=tooltip)
        )
    elif mark == "line":
        chart = (
            alt.Chart(frame)
            .mark_line(point=True)
            .encode(
                x=alt.X("year:Q", title=_("Year"), axis=alt.Axis(format="d", tickMinStep=1)),
                y=alt.Y("value:Q", title=unit),
                tooltip=tooltip,
            )
        )
    else:
        raise CasekitError([Problem("casekit.charts.series_chart", "mark", f"expected 'line' or 'bar', got {mark!r}")])
    return _finish(chart, title, description, "[" + ", ".join(dict.fromkeys(df["source"])) + "]")


def timeline(case_id: str, *, title: str, description: str, until: int | None = None) -> alt.TopLevelMixin:
    """Programme start and end years as bars; ongoing programmes run to ``until`` (default: latest year in the case)."""
    _require_text(title, description, "timeline")
    case = cases.load_case(case_id)
    last = until or max([p.end_year or p.start_year for p in case.programmes] + [o.year for o in case.outcomes])
    rows = []
    for p in case.programmes:
        end = p.end_year or (last if p.ongoing else p.start_year)
        status = "ongoing" if p.ongoing else ("ended" if p.end_year else "end not reported")
        rows.append(
            {
                "programme": p.name,
                "start": p.start_year,
                "end": end + 1,
                "status": shown(STATUS_NAMES, status),
                "years": _years(p.start_year, p.end_year, p.ongoing),
            }
        )
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_bar(height=16)
        .encode(
            y=alt.Y("programme:N", sort=alt.EncodingSortField("start"), title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("start:Q", title=_("Year"), axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
            x2="end:Q",
            color=alt.Color("status:N", title=None),
            tooltip=[
                alt.Tooltip("programme:N", title=_field_title("programme")),
                alt.Tooltip("years:N", title=_("Years")),
                alt.Tooltip("status:N", title=_field_title("status")),
            ],
        )
    )
    return _finish(
        chart, title, description, "[" + ", ".join(dict.fromkeys(k for p in case.programmes for k in p.sources)) + "]"
    )


def _years(start: int, end: int | None, ongoing: bool) -> str:
    """A programme's years, "2019–2023", "2019–ongoing" or "2019–?" (end not reported)."""
    if ongoing:
        return _("{start}–ongoing").format(start=start)
    return f"{start}–{end or '?'}"


def _check_columns(df: pd.DataFrame, columns: list[str], builder: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise CasekitError(
            [
                Problem(
                    f"casekit.charts.{builder}",
                    "data",
                    f"expected columns {missing} in the DataFrame, got {list(df.columns)}",
                )
            ]
        )
    if df.empty:
        raise CasekitError(
            [Problem(f"casekit.charts.{builder}", "data", "expected at least one row to draw, got an empty table")]
        )


def instrument_matrix(
    theme: str | None = None, *, title: str, description: str, case_ids: Iterable[str] | None = None
) -> alt.TopLevelMixin:
    """Which instruments each case's programmes use (cases × instruments), from the case files;
    ``case_ids`` keeps the named cases only (a chapter's own cases)."""
    from . import catalog

    _require_text(title, description, "instrument_matrix")
    df = catalog.instruments_frame(theme, case_ids=case_ids)
    _check_columns(df, ["place", "instrument"], "instrument_matrix")
    df["case"] = df["place"] + " (" + df["case_id"] + ")"
    df["instrument"] = [instrument_list([i]) for i in df["instrument"]]
    frame = _records(df, ["case", "instrument", "case_id"])
    counts = frame.groupby("instrument")["case"].count().sort_values(ascending=False)
    chart = (
        alt.Chart(frame)
        .mark_square(size=140, color=PALETTE[0])
        .encode(
            x=alt.X(
                "instrument:N", sort=counts.index.tolist(), title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180)
            ),
            y=alt.Y("case:N", title=None, axis=alt.Axis(labelLimit=320)),
            tooltip=[alt.Tooltip("case:N", title=_("Case")), alt.Tooltip("instrument:N", title=_("Instrument"))],
        )
    )
    return _finish(chart, title, description, _("the book's case files")).properties(
        height=max(120, 22 * frame["case"].nunique())
    )


def programme_timeline(
    theme: str | None = None,
    *,
    title: str,
    description: str,
    until: int | None = None,
    case_ids: Iterable[str] | None = None,
) -> alt.TopLevelMixin:
    """Every programme of every case (of one theme) as a bar from its start to its end year;
    ``case_ids`` keeps the named cases only (a chapter's own cases)."""
    from . import catalog

    _require_text(title, description, "programme_timeline")
    df = catalog.programmes_frame(theme, case_ids=case_ids)
    _check_columns(df, ["programme", "start_year"], "programme_timeline")
    last = until or int(
        max(df["end_year"].dropna().max() if df["end_year"].notna().any() else 0, df["start_year"].max())
    )
    df["end"] = [
        int(e) + 1 if pd.notna(e) else (last + 1 if s == "ongoing" else int(st) + 1)
        for e, s, st in zip(df["end_year"], df["status"], df["start_year"], strict=False)
    ]
    df["label"] = df["place"] + ": " + df["programme"].str.slice(0, 60)
    df["years"] = [
        _years(int(st), int(e) if pd.notna(e) else None, s == "ongoing")
        for st, e, s in zip(df["start_year"], df["end_year"], df["status"], strict=False)
    ]
    df["status"] = [shown(STATUS_NAMES, s) for s in df["status"]]
    frame = _records(df, ["label", "start_year", "end", "status", "years", "case_id"])
    chart = (
        alt.Chart(frame)
        .mark_bar(height=12)
        .encode(
            y=alt.Y("label:N", sort=alt.EncodingSortField("start_year"), title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X(
                "start_year:Q", title=_("Year"), axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)
            ),
            x2="end:Q",
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(domain=[_(v) for v in STATUS_NAMES.values()], range=[PALETTE[0], PALETTE[1], MUTED]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("Programme")),
                alt.Tooltip("years:N", title=_("Years")),
                alt.Tooltip("status:N", title=_field_title("status")),
            ],
        )
    )
    return _finish(chart, title, description, _("the book's case files")).properties(
        height=max(120, 20 * frame["label"].nunique())
    )


def case_map(*, title: str, description: str, link_prefix: str = ".") -> alt.TopLevelMixin:
    """Every case on a world map, coloured and shaped by theme; a click opens the case page.

    The country outlines are Natural Earth's (world-atlas, shipped with casekit), so the map
    draws offline. ``link_prefix`` is the path from the page to the ``case_studies`` folder.
    """
    import json
    from importlib import resources

    _require_text(title, description, "case_map")
    topo = json.loads(resources.files("casekit").joinpath("geo", "countries-110m.json").read_text(encoding="utf-8"))
    rows = []
    for c in cases.all():
        years = [p.start_year for p in c.programmes]
        rows.append(
            {
                "place": c.place,
                "case": c.title,
                "theme": c.theme_label,
                "programmes": "; ".join(p.name for p in c.programmes)[:200],
                "years": _("from {year}").format(year=min(years)),
                "latitude": c.latitude,
                "longitude": c.longitude,
                "url": f"{link_prefix}/{c.theme}/{c.id}.html",
            }
        )
    frame = pd.DataFrame(rows)
    themes = [_(label) for label in THEMES.values()]
    outline = alt.Chart(
        alt.Data(values=topo, format=alt.DataFormat(type="topojson", feature="countries"))
    ).mark_geoshape(fill="#e6e6e6", stroke="#ffffff", strokeWidth=0.5, aria=False)  # decorative outline
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=110, opacity=0.9, stroke="#000000", strokeWidth=0.6, cursor="pointer")
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=alt.Color("theme:N", title=None, scale=alt.Scale(domain=themes, range=PALETTE[: len(themes)])),
            shape=alt.Shape("theme:N", title=None, scale=alt.Scale(domain=themes)),  # not colour alone
            href="url:N",
            tooltip=[
                alt.Tooltip("place:N", title=_("Place")),
                alt.Tooltip("case:N", title=_("Case")),
                alt.Tooltip("theme:N", title=_("Theme")),
                alt.Tooltip("programmes:N", title=_("Programmes")),
                alt.Tooltip("years:N", title=_("Years")),
            ],
        )
    )
    return _finish(
        alt.layer(outline, points).project(type="equalEarth"),
        title,
        description,
        _("the book's case files; map: Natural Earth"),
    )
