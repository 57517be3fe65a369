"""The case model and registry.

One YAML file per case, ``data/cases/<case-id>.yml``, is the single source of
truth for a case's structured facts. This module validates those files and
turns them into :class:`Case` objects::

    import casekit
    case = casekit.load_case("dublin-trading-online-voucher")
    casekit.cases.all()                       # every case, sorted by id
    casekit.cases.filter(theme="logistics")   # by theme and/or instrument
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import paths
from .countries import is_country
from .errors import CasekitError, Problem
from .plaintext import find_markup
from .vocabulary import (
    CONSTRAINTS,
    EVIDENCE_LEVELS,
    INSTRUMENTS,
    LEVELS_OF_GOVERNMENT,
    POPULATION_AREAS,
    THEMES,
    YEAR_MAX,
    YEAR_MIN,
)

Theme = Literal["msme-digitization", "rural-ecommerce", "logistics", "investment-attraction"]
Evidence = Literal["high", "medium", "low"]
LevelOfGovernment = Literal["municipal", "state-provincial", "national", "private-led"]
PopulationArea = Literal["city", "agglomeration", "region", "country"]
assert set(LevelOfGovernment.__args__) == set(LEVELS_OF_GOVERNMENT)  # one vocabulary, two spellings
assert set(PopulationArea.__args__) == set(POPULATION_AREAS)

CASE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$")


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
        raise ValueError(f"expected a year between {YEAR_MIN} and {YEAR_MAX}, got {value!r}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_markup(cls, data: Any) -> Any:
        # Case files are data, never code: text fields may not carry HTML, MyST roles or
        # directives, or template syntax (see casekit.plaintext).
        if isinstance(data, dict):
            for key, value in data.items():
                texts = (
                    [value]
                    if isinstance(value, str)
                    else [v for v in value if isinstance(v, str)]
                    if isinstance(value, list)
                    else []
                )
                for text in texts:
                    found = find_markup(text)
                    if found:
                        raise ValueError(
                            f"field {key!r}: expected plain text, got {found}; write it as ordinary words "
                            "(case files are data: markup is never run)"
                        )
        return data


class Reach(_Strict):
    """How many firms (or vouchers, grants...) the budgeted money reached, as a cited source counts them."""

    value: int = Field(gt=0)
    unit: str = Field(min_length=3, description="what was counted, e.g. 'vouchers approved'")
    year: int
    source: str = Field(pattern=SOURCE_KEY.pattern)

    _check_year = field_validator("year", mode="before")(classmethod(lambda cls, v: _year(v)))


class Budget(_Strict):
    amount: float = Field(gt=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR")
    period: str = Field(min_length=3, description="what the amount covers, e.g. 'per year'")
    source: str = Field(pattern=SOURCE_KEY.pattern)
    reach: Reach | None = Field(
        default=None, description="only where a source counts what this same money reached; never estimated"
    )


class Programme(_Strict):
    name: str = Field(min_length=3)
    start_year: int
    end_year: int | None = None
    ongoing: bool = False
    lead: str = Field(min_length=2, description="lead public body")
    delivery: str | None = None
    partners: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(min_length=1)
    constraints: list[str] = Field(
        min_length=1, description="the binding constraints it addressed (vocabulary.CONSTRAINTS)"
    )
    budget: Budget | None = None
    description: str = Field(min_length=20)
    sources: list[str] = Field(min_length=1)

    _check_start = field_validator("start_year", mode="before")(classmethod(lambda cls, v: _year(v)))

    @field_validator("end_year", mode="before")
    @classmethod
    def _check_end(cls, v: Any) -> Any:
        return None if v is None else _year(v)

    @model_validator(mode="before")
    @classmethod
    def _constraints_given(cls, data: Any) -> Any:
        # Said in words: the design chooser cannot place a programme without its constraint.
        if isinstance(data, dict) and not data.get("constraints"):
            raise ValueError(
                "constraints: expected the binding constraint(s) this programme addressed, a list from "
                f"{', '.join(CONSTRAINTS)} (put it right after instruments:)"
            )
        return data

    @field_validator("instruments")
    @classmethod
    def _check_instruments(cls, v: list[str]) -> list[str]:
        for item in v:
            if item not in INSTRUMENTS:
                raise ValueError(
                    f"expected an instrument from the vocabulary (list them with `casekit instruments`), got {item!r}"
                )
        return v

    @field_validator("constraints")
    @classmethod
    def _check_constraints(cls, v: list[str]) -> list[str]:
        for item in v:
            if item not in CONSTRAINTS:
                raise ValueError(f"expected a constraint from the list {list(CONSTRAINTS)}, got {item!r}")
        return v

    @model_validator(mode="after")
    def _years_consistent(self) -> Programme:
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError(f"end_year: expected a year not before start_year {self.start_year}, got {self.end_year}")
        if self.ongoing and self.end_year is not None:
            raise ValueError("ongoing: expected either an end_year or ongoing: true, not both")
        return self


class Outcome(_Strict):
    label: str = Field(min_length=3, description="short label used in tables and charts")
    value: float
    unit: str = Field(min_length=1)
    year: int
    measures: str = Field(min_length=10, description="what the number measures, in a sentence")
    source: str = Field(pattern=SOURCE_KEY.pattern)

    _check_year = field_validator("year", mode="before")(classmethod(lambda cls, v: _year(v)))


class Population(_Strict):
    """How many people live in the place the case is about, as a cited source counts them."""

    value: int = Field(gt=0)
    year: int
    area: PopulationArea = Field(description="what the number counts (vocabulary.POPULATION_AREAS)")
    name: str = Field(min_length=2, description="the place counted, e.g. 'Cuenca canton'")
    source: str = Field(pattern=SOURCE_KEY.pattern)

    _check_year = field_validator("year", mode="before")(classmethod(lambda cls, v: _year(v)))


class Case(_Strict):
    id: str
    title: str = Field(min_length=5)
    place: str = Field(min_length=2)
    country: str
    latitude: float
    longitude: float
    theme: Theme
    summary: str = Field(min_length=40)
    evidence: Evidence
    led_by: LevelOfGovernment | None = Field(default=None, description="level of government that led")
    population: Population | None = None
    peers: list[str] = Field(min_length=1, description="ISO3 codes of peer countries for context")
    programmes: list[Programme] = Field(min_length=1)
    outcomes: list[Outcome] = Field(default_factory=list)
    sources: list[str] = Field(min_length=2)
    unknowns: list[str] = Field(default_factory=list, description="what could not be sourced")
    tags: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not CASE_ID.match(v):
            raise ValueError(f"expected lowercase words joined by hyphens, got {v!r}")
        return v

    @field_validator("country")
    @classmethod
    def _check_country(cls, v: str) -> str:
        if not is_country(v):
            raise ValueError(f"expected an ISO 3166-1 alpha-3 country code, got {v!r}")
        return v

    @field_validator("peers")
    @classmethod
    def _check_peers(cls, v: list[str]) -> list[str]:
        for code in v:
            if not is_country(code):
                raise ValueError(f"expected ISO 3166-1 alpha-3 country codes, got {code!r}")
        return v

    @field_validator("latitude")
    @classmethod
    def _check_lat(cls, v: float) -> float:
        if not -90 <= v <= 90:
            raise ValueError(f"expected a latitude between -90 and 90, got {v!r}")
        return v

    @field_validator("longitude")
    @classmethod
    def _check_lon(cls, v: float) -> float:
        if not -180 <= v <= 180:
            raise ValueError(f"expected a longitude between -180 and 180, got {v!r}")
        return v

    @field_validator("sources", "tags")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        dupes = sorted({x for x in v if v.count(x) > 1})
        if dupes:
            raise ValueError(f"expected each entry once, got duplicates {dupes}")
        return v

    # -- derived views -----------------------------------------------------------------
    @property
    def theme_label(self) -> str:
        return THEMES[self.theme]

    @property
    def instruments(self) -> list[str]:
        seen: dict[str, None] = {}
        for programme in self.programmes:
            for item in programme.instruments:
                seen.setdefault(item, None)
        return list(seen)

    @property
    def start_year(self) -> int:
        return min(p.start_year for p in self.programmes)

    def cited_keys(self) -> list[str]:
        """Every source key the case file uses, in order of first use."""
        keys: dict[str, None] = dict.fromkeys(self.sources)
        for programme in self.programmes:
            keys.update(dict.fromkeys(programme.sources))
            if programme.budget:
                keys.setdefault(programme.budget.source, None)
                if programme.budget.reach:
                    keys.setdefault(programme.budget.reach.source, None)
        if self.population:
            keys.setdefault(self.population.source, None)
        for outcome in self.outcomes:
            keys.setdefault(outcome.source, None)
        return list(keys)


# ---------------------------------------------------------------------------------------
# Reading and validating files
# ---------------------------------------------------------------------------------------
_EXPECTED = {
    "missing": "expected this required field",
    "extra_forbidden": "expected no such field (check the spelling against the template)",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of fields",
    "model_type": "expected a mapping of fields",
    "literal_error": None,  # filled in from the error context
    "string_too_short": None,
    "too_short": None,
    "greater_than": None,
    "string_pattern_mismatch": None,
}


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    got = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {got!r}"
    if kind == "string_too_short":
        return f"expected text of at least {ctx.get('min_length')} characters, got {got!r}"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} item(s), got {len(got or [])}"
    if kind == "greater_than":
        return f"expected a number greater than {ctx.get('gt')}, got {got!r}"
    if kind == "string_pattern_mismatch":
        return f"expected text matching {ctx.get('pattern')}, got {got!r}"
    base = _EXPECTED.get(kind) or err["msg"]
    if kind == "missing":
        return base
    return f"{base}, got {got!r}"


def _split_value_error_field(loc: str, message: str) -> tuple[str, str]:
    # Model-level validators name their own field ("end_year: expected ..."); attach it.
    m = re.match(r"^(?:field )?'?([a-z_]+)'?: (.*)$", message, re.S)
    if m:
        return (f"{loc}.{m.group(1)}" if loc != "(top level)" else m.group(1)), m.group(2)
    return loc, message


def validation_problems(exc: ValidationError, file: str, prefix: str = "") -> list[Problem]:
    """A pydantic error as readable problems, one per field; ``prefix`` names the item (``risks[3]``)."""
    out = []
    for err in exc.errors(include_url=False):
        loc = _loc(err["loc"])
        message = _message(err)
        if err["type"] == "value_error":
            loc, message = _split_value_error_field(loc, message)
        if prefix:
            loc = prefix if loc == "(top level)" else f"{prefix}.{loc}"
        out.append(Problem(file, loc, message))
    return out


def validate_case_data(data: Any, file: str, *, expected_id: str | None = None) -> tuple[Case | None, list[Problem]]:
    """Validate parsed YAML; return the case (or None) and a list of problems."""
    if not isinstance(data, dict):
        return None, [Problem(file, "(top level)", f"expected a mapping of case fields, got {type(data).__name__}")]
    problems: list[Problem] = []
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return None, validation_problems(exc, file)
    if expected_id is not None and case.id != expected_id:
        problems.append(Problem(file, "id", f"expected the file name's id {expected_id!r}, got {case.id!r}"))
    return case, problems


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, parsed by libyaml when PyYAML has it (several times faster).

    Input that libyaml rejects is parsed again by PyYAML's own parser, so a syntax error
    carries the same message and line on every machine, with or without libyaml.
    """
    try:
        return yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def read_case_file(path: Path) -> tuple[Case | None, list[Problem]]:
    """Read and validate one case file; never raises for bad input."""
    rel = paths.display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [Problem(rel, "(file)", f"expected a readable file, got {exc.strerror}")]
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(rel, where, f"expected valid YAML, got a syntax error: {reason}")]
    return validate_case_data(data, rel, expected_id=path.stem)


def case_files(root: Path | None = None) -> list[Path]:
    folder = paths.data_dir(root) / "cases"
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


@cache
def _load(path: str, mtime: float) -> Case:
    case, problems = read_case_file(Path(path))
    if problems or case is None:
        raise CasekitError(problems)
    return case


def load_case(case_id: str) -> Case:
    """Load one case by id, raising :class:`CasekitError` with readable problems."""
    path = paths.data_dir() / "cases" / f"{case_id}.yml"
    if not path.is_file():
        known = ", ".join(p.stem for p in case_files()) or "none"
        raise CasekitError(
            [Problem(paths.display(path), "(file)", f"expected a case file for {case_id!r}; known cases: {known}")]
        )
    return _load(str(path), path.stat().st_mtime)


def all() -> list[Case]:
    """Every case in ``data/cases``, sorted by id."""
    return [_load(str(p), p.stat().st_mtime) for p in case_files()]


def filter(*, theme: str | None = None, instrument: str | None = None) -> list[Case]:
    """Cases of one theme and/or using one instrument."""
    if theme is not None and theme not in THEMES:
        raise CasekitError([Problem("casekit.cases.filter", "theme", f"expected one of {list(THEMES)}, got {theme!r}")])
    if instrument is not None and instrument not in INSTRUMENTS:
        raise CasekitError(
            [Problem("casekit.cases.filter", "instrument", f"expected one of {list(INSTRUMENTS)}, got {instrument!r}")]
        )
    return [
        c for c in all() if (theme is None or c.theme == theme) and (instrument is None or instrument in c.instruments)
    ]


__all__ = [
    "EVIDENCE_LEVELS",
    "Budget",
    "Case",
    "Outcome",
    "Population",
    "Programme",
    "Reach",
    "all",
    "filter",
    "load_case",
]
