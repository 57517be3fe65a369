"""The "Design a programme" part's generated tables: the instrument chooser, what programmes
cost, the KPI table and the risk register.

Everything here is drawn from data files, so a new case or a new row appears with no page edit:

- the chooser and the budgets from the case files (``constraints:``, ``instruments:``, ``budget:``);
- US dollar amounts from ``data/indicators/exchange_rates.csv`` (World Bank PA.NUS.FCRF);
- the KPIs from ``data/design/kpis.yml`` and the risks from ``data/design/risks.yml``.

Each ``*_table`` function takes ``base``, the relative path from the calling page to the book
root (``"../"`` for a page in ``design/``), for links to case pages. ``problems()`` is what
``casekit check`` runs on the same files.

The conversion rule for budgets: a budget is converted at the World Bank official rate of the
first year its ``period`` text names (``"2020 allocation"`` -> 2020); if the period names no
year, at the programme's start year. A budget already in US dollars is not converted. If the
World Bank extract has no rate for that year, the amount is shown unconverted, never estimated.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import cases, i18n, paths
from .errors import CasekitError, Problem
from .i18n import N_, _, pgettext
from .plaintext import find_markup
from .tables import Html, format_value
from .vocabulary import CONSTRAINTS, INSTRUMENT_CONSTRAINTS, INSTRUMENTS

#: The budget table's conversion rule in words, for pages to print (one place for the rule).
CONVERSION_RULE = N_(
    "Each budget is converted to US dollars at the World Bank official exchange rate (indicator "
    "PA.NUS.FCRF: local currency units per US dollar, annual average) of the first year named in "
    "the budget's description of what it covers; if that description names no year, at the rate "
    "of the programme's start year. Budgets published in US dollars are not converted. Where the "
    "book's extract of the World Bank data has no rate for that year, the amount is left "
    "unconverted rather than estimated."
)

DESIGN_DIR = "design"
KPI_FILE = "kpis.yml"
RISK_FILE = "risks.yml"
RATES = "indicators/exchange_rates.csv"
RATE_INDICATOR = "PA.NUS.FCRF"
_YEAR_IN_TEXT = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")

#: The design files' prose, by field path (a list's items share their field's path), which each
#: edition shows in its own language from ``locales/<language>/data/design/<file>.po`` (as
#: casekit.cases does for a case file). Ids, stages and case ids are never translated.
PROSE_FIELDS: dict[str, tuple[str, ...]] = {
    KPI_FILE: ("indicator", "definition", "unit", "data_source", "frequency", "collected_by", "cases.note"),
    RISK_FILE: ("risk", "early_warning", "mitigation", "what_happened"),
}


# ---------------------------------------------------------------------------------------
# Data models for the two design files
# ---------------------------------------------------------------------------------------
class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_text(cls, v: Any) -> Any:
        # The design files are data, like the case files: their text is shown, never run.
        for text in [v] if isinstance(v, str) else [x for x in v if isinstance(x, str)] if isinstance(v, list) else []:
            found = find_markup(text)
            if found:
                raise ValueError(f"expected plain text, got {found}; write it as ordinary words (markup is never run)")
        return v


class CaseMention(_Row):
    """A case that measured a KPI (``measured: true``) or failed to (``false``), and how."""

    case: str = Field(min_length=2)
    measured: bool
    note: str = Field(min_length=10, description="what the case counted, or what it could not say")


Stage = Literal["output", "intermediate outcome", "outcome"]
STAGES: tuple[str, ...] = get_args(Stage)
#: The KPI table's row-group heading for each stage.
STAGE_HEADINGS: dict[str, str] = {
    "output": N_("Outputs"),
    "intermediate outcome": N_("Intermediate outcomes"),
    "outcome": N_("Outcomes"),
}


class Kpi(_Row):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    stage: Stage
    indicator: str = Field(min_length=5)
    definition: str = Field(min_length=20)
    unit: str = Field(min_length=2)
    data_source: str = Field(min_length=5)
    frequency: str = Field(min_length=4)
    collected_by: str = Field(min_length=3)
    cases: list[CaseMention] = Field(min_length=1)


class Risk(_Row):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    risk: str = Field(min_length=10)
    early_warning: str = Field(min_length=10)
    mitigation: str = Field(min_length=10)
    cases: list[str] = Field(min_length=1, description="ids of the cases where it happened")
    what_happened: str = Field(min_length=20, description="what the case files say happened")


def _missing_messages(kind: str) -> dict[str, str]:
    if kind == "kpi":
        return {
            "definition": "expected a definition: what exactly is counted, and when (a KPI without one cannot be compared)",
            "cases": "expected at least one case that measured this indicator or failed to (case: <id>, measured: true/false)",
        }
    return {"cases": "expected the id of at least one case where this risk happened (cases: [<case-id>])"}


def _read_list(
    path: Path, model: type[Kpi] | type[Risk], kind: str, case_ids: set[str]
) -> tuple[list[Any], list[Problem]]:
    rel = paths.display(path)
    label = "KPI" if kind == "kpi" else kind
    if not path.is_file():
        return [], [Problem(rel, "(file)", f"expected the design part's {label} file")]
    try:
        data = cases.load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        return [], [Problem(rel, where, f"expected valid YAML, got a syntax error: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, list):
        return [], [Problem(rel, "(top level)", f"expected a list of {label}s, one '- id: ...' entry each")]
    items: list[Any] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, raw in enumerate(data):
        # Entries are named by their id, which a contributor can search for; by position otherwise.
        name = raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"[{i}]"
        # An empty or missing definition or case list gets its own sentence instead of pydantic's.
        said = set()
        if isinstance(raw, dict):
            for field_name, message in _missing_messages(kind).items():
                if not raw.get(field_name):
                    problems.append(Problem(rel, f"{name}.{field_name}", message))
                    said.add(f"{name}.{field_name}")
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(p for p in cases.validation_problems(exc, rel, prefix=name) if p.field not in said)
            continue
        if item.id in seen:
            problems.append(Problem(rel, f"{name}.id", f"expected each id once, got {item.id!r} twice"))
        seen.add(item.id)
        ids = [m.case for m in item.cases] if isinstance(item, Kpi) else list(item.cases)
        for j, case_id in enumerate(ids):
            if case_id not in case_ids:
                field_path = f"{name}.cases[{j}]" + (".case" if kind == "kpi" else "")
                problems.append(Problem(rel, field_path, f"expected the id of a case in data/cases/, got {case_id!r}"))
        items.append(item)
    return items, problems


# ---------------------------------------------------------------------------------------
# Exchange rates and budgets
# ---------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _read_rates(path: str, mtime: float) -> pd.DataFrame:
    """The rate table as `casekit check` reads it, before the data package has been validated."""
    df = pd.read_csv(path, dtype={"country_iso3": "string", "currency": "string", "note": "string"})
    if "value" in df.columns:
        df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df


def conversion_year(programme: cases.Programme) -> tuple[int, str]:
    """The year a programme's budget is converted at, and why (the rule in the module docstring)."""
    assert programme.budget is not None
    match = _YEAR_IN_TEXT.search(programme.budget.period)
    if match:
        return int(match.group(1)), N_("named in the budget's period")
    return programme.start_year, N_("programme start year (the period names no year)")


def _known_currency(code: str) -> bool:
    from babel.numbers import list_currencies

    return code in list_currencies()


def _rate_row(rates: pd.DataFrame, currency: str, year: int, country: str) -> pd.Series | None:
    rows = rates[(rates["currency"] == currency) & (rates["year"] == year)]
    if rows.empty:
        return None
    own = rows[rows["country_iso3"] == country]
    return (own if not own.empty else rows).iloc[0]


def _budget_problems(all_cases: Sequence[cases.Case], rates: pd.DataFrame) -> list[Problem]:
    out = []
    for case in all_cases:
        file = f"data/cases/{case.id}.yml"
        for i, p in enumerate(case.programmes):
            b = p.budget
            if b is None:
                continue
            where = f"programmes[{i}].budget"
            if not _known_currency(b.currency):
                out.append(
                    Problem(
                        file,
                        f"{where}.currency",
                        f"expected an ISO 4217 currency code such as EUR, MXN or USD, got {b.currency!r}",
                    )
                )
                continue
            if b.currency == "USD":
                continue
            year, why = conversion_year(p)
            if _rate_row(rates, b.currency, year, case.country) is None:
                out.append(
                    Problem(
                        file,
                        f"{where}.period",
                        f"expected an exchange rate for {b.currency} in {year} ({why}) in data/{RATES}; "
                        f"add the World Bank {RATE_INDICATOR} value for that year, or an empty value with a note "
                        "if the World Bank has none",
                    )
                )
    return out


def budgets() -> pd.DataFrame:
    """One row per programme: its budget as published and in US dollars, or that none is public.

    Columns: case_id, case_title, theme, evidence, programme, amount, currency, period,
    budget_source, year, year_rule, rate, rate_note, usd, reach, reach_unit, reach_year,
    reach_source, usd_per_reach, status.
    """
    from . import data

    all_cases = cases.all()
    rates = data.table(RATES)  # typed by its schema; a missing or malformed file is one clear error
    problems = _budget_problems(all_cases, rates)
    if problems:
        raise CasekitError(problems)
    rows = []
    for case in all_cases:
        for p in case.programmes:
            row: dict[str, Any] = {
                "case_id": case.id,
                "case_title": case.title,
                "theme": case.theme,
                "evidence": case.evidence,
                "programme": p.name,
            }
            b = p.budget
            if b is None:
                row["status"] = "no public budget in the case's sources"
                rows.append(row)
                continue
            year, why = conversion_year(p)
            row.update(amount=b.amount, currency=b.currency, period=b.period, budget_source=b.source, year=year)
            if b.currency == "USD":
                row.update(year_rule="already in US dollars", rate=1.0, usd=b.amount, status="in US dollars")
            else:
                rate_row = _rate_row(rates, b.currency, year, case.country)
                assert rate_row is not None  # checked above
                rate = rate_row["value"]
                row.update(year_rule=why, rate_note=rate_row.get("note"))
                if pd.isna(rate):
                    row["status"] = f"not converted: no World Bank rate for {year} in the book's extract"
                else:
                    row.update(rate=float(rate), usd=b.amount / float(rate), status="converted")
            if b.reach is not None:
                row.update(
                    reach=b.reach.value, reach_unit=b.reach.unit, reach_year=b.reach.year, reach_source=b.reach.source
                )
                if row.get("usd") is not None:
                    row["usd_per_reach"] = row["usd"] / b.reach.value
            rows.append(row)
    columns = [
        "case_id", "case_title", "theme", "evidence", "programme", "amount", "currency", "period",
        "budget_source", "year", "year_rule", "rate", "rate_note", "usd", "reach", "reach_unit",
        "reach_year", "reach_source", "usd_per_reach", "status",
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=columns)
    for col in ("year", "reach", "reach_year"):
        df[col] = df[col].astype("Int64")
    return df


def _fixed(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` places: as before in English, in the edition's convention otherwise."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return f"{value:,.{decimals}f}"
    return i18n.format_number(value, decimals)


def _money(value: float) -> str:
    """US dollars as a reader scans them: millions with one decimal, smaller sums to the dollar."""
    if value >= 1_000_000_000:
        return _("{amount} billion").format(amount=_fixed(value / 1_000_000_000, 2))
    if value >= 1_000_000:
        return _("{amount} million").format(amount=_fixed(value / 1_000_000, 1))
    return _fixed(round(value), 0)


# ---------------------------------------------------------------------------------------
# KPIs and risks
# ---------------------------------------------------------------------------------------
def prose(data: Any, replace: Any, fields: Sequence[str], field: str = "") -> Any:
    """A copy of a design file's data in which every prose string is ``replace(field, text)``."""
    if isinstance(data, dict):
        return {k: prose(v, replace, fields, f"{field}.{k}" if field else k) for k, v in data.items()}
    if isinstance(data, list):
        return [prose(v, replace, fields, field) for v in data]
    if isinstance(data, str) and field in fields:
        return replace(field, data)
    return data


def _translated(items: list[Any], model: type[Kpi] | type[Risk], name: str) -> list[Any]:
    """``items`` with their prose from the edition's catalog; English where a message is untranslated."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return items
    catalog = i18n.data_catalog(paths.data_dir().parent, f"{DESIGN_DIR}/{name}")
    messages = i18n.read_catalog(catalog)
    if not messages:
        return items
    out, problems = [], []
    for item in items:
        data = prose(item.model_dump(), lambda f, t: messages.get((f, t), t), PROSE_FIELDS[name])
        try:
            out.append(model.model_validate(data))
        except ValidationError as exc:  # a catalog is data too: a translation passes the same checks
            problems.extend(cases.validation_problems(exc, paths.display(catalog), prefix=item.id))
    if problems:
        raise CasekitError(problems)
    return out


def _load(kind: str) -> list[Any]:
    ids = {c.id for c in cases.all()}
    model, name = (Kpi, KPI_FILE) if kind == "kpi" else (Risk, RISK_FILE)
    items, problems = _read_list(paths.data_dir() / DESIGN_DIR / name, model, kind, ids)
    if problems:
        raise CasekitError(problems)
    return _translated(items, model, name)


def kpis() -> pd.DataFrame:
    """The KPI table's rows (one per indicator); ``cases`` holds (case id, measured, note) tuples."""
    rows = [
        {
            **k.model_dump(exclude={"cases"}),
            "cases": [(m.case, m.measured, m.note) for m in k.cases],
        }
        for k in _load("kpi")
    ]
    return pd.DataFrame(
        rows,
        columns=["id", "stage", "indicator", "definition", "unit", "data_source", "frequency", "collected_by", "cases"],
    )


def risks() -> pd.DataFrame:
    """The risk register's rows (one per risk); ``cases`` holds case ids."""
    rows = [r.model_dump() for r in _load("risk")]
    return pd.DataFrame(rows, columns=["id", "risk", "early_warning", "mitigation", "cases", "what_happened"])


# ---------------------------------------------------------------------------------------
# What `casekit check` runs
# ---------------------------------------------------------------------------------------
def problems(root: Path, loaded: dict[str, cases.Case]) -> list[Problem]:
    """Every problem in the design data: budgets without a known currency or rate, KPIs, risks.

    Runs only on the parts the book has: budgets when the exchange-rate table is declared,
    KPIs and risks when ``data/design/`` exists.
    """
    from . import data

    folder = root / "data"
    out: list[Problem] = []
    try:
        declared = {r.get("path") for r in data.package(folder).get("resources", [])}
    except CasekitError:
        declared = set()  # reported by the data-package check
    if RATES in declared and (folder / RATES).is_file():
        try:
            rates = _read_rates(str(folder / RATES), (folder / RATES).stat().st_mtime)
        except (OSError, ValueError, pd.errors.ParserError):
            rates = None  # reported by the data-package check
        if rates is not None and {"currency", "year", "value", "country_iso3"} <= set(rates.columns):
            out.extend(_budget_problems(list(loaded.values()), rates))
    design = folder / DESIGN_DIR
    if design.is_dir():
        ids = {p.stem for p in cases.case_files(root)}
        out.extend(_read_list(design / KPI_FILE, Kpi, "kpi", ids)[1])
        out.extend(_read_list(design / RISK_FILE, Risk, "risk", ids)[1])
    return out


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------
def _esc(text: Any) -> str:
    return html.escape(str(text))


def _case_link(case_id: str, title: str, theme: str, base: str) -> str:
    href = html.escape(f"{base}case_studies/{theme}/{case_id}.html", quote=True)
    return f'<a href="{href}">{_esc(title)}</a>'


def _table(caption: str, columns: Sequence[str], bodies: Sequence[str], css: str = "casekit-table") -> Html:
    head = "<thead><tr>" + "".join(f'<th scope="col">{_esc(c)}</th>' for c in columns) + "</tr></thead>"
    return Html(
        "\n".join([f'<table class="{css}">', f"<caption>{_esc(caption)}</caption>", head, *bodies, "</table>"]),
        label="design table",
    )


def _evidence(level: str) -> str:
    """An evidence level (vocabulary.EVIDENCE_LEVELS) as the edition writes it."""
    words = {
        "high": pgettext("evidence level", "high"),
        "medium": pgettext("evidence level", "medium"),
        "low": pgettext("evidence level", "low"),
    }
    return words.get(level, level)


def instruments_for(programme: cases.Programme, constraint: str) -> list[str]:
    """The programme's instruments that address ``constraint`` (vocabulary.INSTRUMENT_CONSTRAINTS).

    A programme lists instruments and constraints separately; pairing every instrument with every
    constraint would put, say, a broadband build under "skills". Where none of its instruments
    fits a constraint it names, all of them are returned, so no programme drops out of the chooser.
    """
    fitting = [i for i in programme.instruments if constraint in INSTRUMENT_CONSTRAINTS.get(i, ())]
    return fitting or list(programme.instruments)


def chooser_table(*, base: str = "../") -> Html:
    """Binding constraint -> instruments -> every case that used the instrument for it (with evidence).

    Each constraint is a row group whose heading row has ``id="constraint-<id>"``, so other
    pages can link to ``design/choose-instruments.html#constraint-payments``.
    """
    all_cases = cases.all()
    bodies = []
    for constraint, label in CONSTRAINTS.items():
        used: dict[str, dict[str, cases.Case]] = {}
        for case in all_cases:
            for p in case.programmes:
                if constraint in p.constraints:
                    for instrument in instruments_for(p, constraint):
                        used.setdefault(instrument, {})[case.id] = case
        rows = [
            f'<tr id="constraint-{constraint}" class="casekit-group">'
            f'<th scope="rowgroup" colspan="3">{_esc(_(label))}</th></tr>'
        ]
        if not used:
            rows.append(
                f'<tr><td colspan="3">{html.escape(_("No case in the book has addressed this constraint yet."), quote=False)}</td></tr>'
            )
        for instrument in INSTRUMENTS:  # vocabulary order, so the table reads the same every build
            if instrument not in used:
                continue
            items = "".join(
                f"<li>{_case_link(c.id, c.title, c.theme, base)} "
                + _esc(_("(evidence: {level})").format(level=_evidence(c.evidence)))
                + "</li>"
                for c in sorted(used[instrument].values(), key=lambda c: c.title)
            )
            rows.append(
                f'<tr><th scope="row">{_esc(_(instrument))}</th><td>{_esc(_(INSTRUMENTS[instrument]))}</td>'
                f'<td><ul class="casekit-cases">{items}</ul></td></tr>'
            )
        bodies.append("<tbody>" + "".join(rows) + "</tbody>")
    return _table(
        _("Instruments by binding constraint, with every case that used them (from the case files)"),
        [_("Instrument"), _("What it is"), _("Cases that used it for this constraint (evidence level)")],
        bodies,
    )


def budget_table(*, base: str = "../", include_unbudgeted: bool = True) -> Html:
    """Every budget in the case files, as published and in US dollars; programmes without one say so."""
    df = budgets()
    if not include_unbudgeted:
        df = df[df["amount"].notna()]
    rows = []
    for r in df.itertuples(index=False):
        case = _case_link(r.case_id, r.case_title, r.theme, base)
        if pd.isna(r.amount):
            cells = [
                case,
                _esc(r.programme),
                html.escape(_("No public budget found in the case's sources"), quote=False),
                "",
                "",
                "",
                "",
            ]
        else:
            published = f"{format_value(r.amount)} {r.currency}: {r.period} [{r.budget_source}]"
            year = _("not needed (already in US dollars)") if r.currency == "USD" else f"{r.year} ({_(r.year_rule)})"
            if pd.isna(r.usd):
                usd = _("not converted: no World Bank rate for {year} in the book's extract").format(year=r.year)
            elif r.currency == "USD":
                usd = _money(r.usd)
            else:
                usd = _("{amount} (at {rate} {currency} per US$)").format(
                    amount=_money(r.usd), rate=_fixed(r.rate, 4), currency=r.currency
                )
            reach = per = ""
            if not pd.isna(r.reach):
                reach = f"{format_value(int(r.reach))} {r.reach_unit} ({r.reach_year}) [{r.reach_source}]"
                per = "" if pd.isna(r.usd_per_reach) else _money(r.usd_per_reach)
            cells = [case, _esc(r.programme), _esc(published), _esc(year), _esc(usd), _esc(reach), _esc(per)]
        rows.append(f'<tr><th scope="row">{cells[0]}</th>' + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
    return _table(
        _(
            "What programmes cost: every budget in the case files, in US dollars at the World Bank official "
            "exchange rate (PA.NUS.FCRF) of the year used"
        ),
        [
            _("Case"),
            _("Programme"),
            _("Budget as published [source]"),
            _("Year used for conversion"),
            _("US dollars"),
            _("Reach stated by a source [source]"),
            _("Budget divided by reach (US$)"),
        ],
        ["<tbody>" + "".join(rows) + "</tbody>"],
    )


def kpi_table(*, base: str = "../") -> Html:
    """The KPIs, from outputs to outcomes, with the cases that measured each one or failed to."""
    titles = {c.id: c for c in cases.all()}
    df = kpis()
    bodies = []
    for stage in STAGES:
        part = df[df["stage"] == stage]
        if part.empty:
            continue
        rows = [
            f'<tr class="casekit-group"><th scope="rowgroup" colspan="7">{_esc(_(STAGE_HEADINGS[stage]))}</th></tr>'
        ]
        said = {True: _esc(_("measured")), False: _esc(_("did not measure"))}
        for k in part.itertuples(index=False):
            items = "".join(
                f"<li>{_case_link(cid, titles[cid].title, titles[cid].theme, base)}: "
                f"{said[bool(measured)]}. {_esc(note)}</li>"
                for cid, measured, note in k.cases
            )
            rows.append(
                f'<tr id="kpi-{_esc(k.id)}"><th scope="row">{_esc(k.indicator)}</th><td>{_esc(k.definition)}</td>'
                f"<td>{_esc(k.unit)}</td><td>{_esc(k.data_source)}</td><td>{_esc(k.frequency)}</td>"
                f'<td>{_esc(k.collected_by)}</td><td><ul class="casekit-cases">{items}</ul></td></tr>'
            )
        bodies.append("<tbody>" + "".join(rows) + "</tbody>")
    return _table(
        _("Indicators to track, from outputs to outcomes, and the cases that measured them or did not"),
        [
            _("Indicator"),
            _("Definition"),
            _("Unit"),
            _("Data source"),
            _("Frequency"),
            _("Who collects it"),
            _("Cases"),
        ],
        bodies,
    )


def risk_table(*, base: str = "../") -> Html:
    """The risk register: risk, early warning sign, mitigation, and the cases where it happened."""
    titles = {c.id: c for c in cases.all()}
    rows = []
    for r in risks().itertuples(index=False):
        links = "".join(f"<li>{_case_link(cid, titles[cid].title, titles[cid].theme, base)}</li>" for cid in r.cases)
        rows.append(
            f'<tr id="risk-{_esc(r.id)}"><th scope="row">{_esc(r.risk)}</th><td>{_esc(r.early_warning)}</td>'
            f"<td>{_esc(r.mitigation)}</td><td>{_esc(r.what_happened)}"
            f'<ul class="casekit-cases">{links}</ul></td></tr>'
        )
    return _table(
        _("Risk register: what went wrong in the book's cases, how to see it coming and what to do"),
        [_("Risk"), _("Early warning sign"), _("Mitigation"), _("Where it happened")],
        ["<tbody>" + "".join(rows) + "</tbody>"],
    )


__all__ = [
    "CONVERSION_RULE",
    "Kpi",
    "Risk",
    "budget_table",
    "budgets",
    "chooser_table",
    "conversion_year",
    "instruments_for",
    "kpi_table",
    "kpis",
    "problems",
    "risk_table",
    "risks",
]
