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

import datetime as _dt
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from . import i18n, paths, textfile
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
assert set(get_args(LevelOfGovernment)) == set(LEVELS_OF_GOVERNMENT)  # one vocabulary, two spellings
assert set(get_args(PopulationArea)) == set(POPULATION_AREAS)

CASE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80  # an id names files and URLs
SOURCE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$")


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
        raise ValueError(f"expected a year between {YEAR_MIN} and {YEAR_MAX}, got {value!r}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

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
    led_by: LevelOfGovernment = Field(description="level of government that led (vocabulary.LEVELS_OF_GOVERNMENT)")
    population: Population | None = Field(
        description="how many people live in the place, from a cited source; null only with population_unknown"
    )
    population_unknown: str | None = Field(
        default=None, min_length=20, description="why no sourced population could be given (with population: null)"
    )
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
        if len(v) > MAX_ID_LENGTH:
            raise ValueError(f"expected an id of at most {MAX_ID_LENGTH} characters, got {len(v)} characters")
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

    @model_validator(mode="after")
    def _population_or_why_not(self) -> Case:
        # Never a guessed number: a case without a sourced population says why.
        if self.population is None and not self.population_unknown:
            raise ValueError(
                "population: expected a sourced population, or population: null with the reason in "
                "population_unknown (never an estimate)"
            )
        if self.population is not None and self.population_unknown:
            raise ValueError("population_unknown: expected only when population is null")
        return self

    # -- derived views -----------------------------------------------------------------
    @property
    def theme_label(self) -> str:
        return i18n.gettext(THEMES[self.theme])

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
    "finite_number": "expected a finite number",
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


#: What to write when a required field is left out, for fields a contributor may not know yet.
_MISSING = {
    "led_by": "expected this required field: the level of government that led the case, one of "
    "municipal, state-provincial, national or private-led (put it right after evidence:)",
    "population": "expected this required field: how many people live in the place, with value, year, "
    "area (city, agglomeration, region or country), name and source (a key in references.bib); if no "
    "source gives it, write population: null and say why in population_unknown (see CONTRIBUTING.md)",
}


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _message(err: ErrorDetails) -> str:
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
        return _MISSING.get(_loc(err["loc"]), base)
    return f"{base}, got {got!r}"


def _split_value_error_field(loc: str, message: str) -> tuple[str, str]:
    # Model-level validators name their own field ("end_year: expected ..."); attach it.
    m = re.match(r"^(?:field )?'?([a-z_]+)'?: (.*)$", message, re.S)
    if m:
        return (f"{loc}.{m.group(1)}" if loc != "(top level)" else m.group(1)), m.group(2)
    return loc, message


def _as_written(value: Any, raw: str, kind: str, message: str) -> str:
    """A value YAML read as something other than text, shown as the contributor wrote it."""
    if value is None:
        return "an empty value" if raw == "" else f"{raw}, which YAML reads as empty"
    quote = f'; if you mean the text, put it in quotes: "{raw}"'
    if isinstance(value, bool):
        return f"{raw}, which YAML reads as {str(value).lower()}{quote}"
    if isinstance(value, _dt.datetime | _dt.date):
        if kind == "value_error" and "year" in message:
            return f"{raw}, which YAML reads as a date; write the year alone: {value.year}"
        return f"{raw}, which YAML reads as a date{quote}"
    if kind == "string_type":
        return f"{raw}, which YAML reads as a number{quote}"
    return raw


def _name_as_written(message: str, err: ErrorDetails, written: dict[tuple[Any, ...], str]) -> str:
    """``got True`` becomes ``got yes, which YAML reads as true; ...``: the value as written."""
    loc, got = tuple(err["loc"]), err.get("input")
    candidates = [(loc, got)]
    if isinstance(got, list):
        candidates += [((*loc, i), item) for i, item in enumerate(got)]
    for where, value in candidates:
        if isinstance(value, str) or where not in written:
            continue
        shown = f"got {value!r}"
        if shown in message:
            return message.replace(shown, "got " + _as_written(value, written[where], err["type"], message), 1)
    return message


def validation_problems(
    exc: ValidationError, file: str, prefix: str = "", written: dict[tuple[Any, ...], str] | None = None
) -> list[Problem]:
    """A pydantic error as readable problems, one per field; ``prefix`` names the item (``risks[3]``)."""
    out = []
    for err in exc.errors(include_url=False):
        loc = _loc(err["loc"])
        message = _name_as_written(_message(err), err, written or {})
        if err["type"] == "value_error":
            loc, message = _split_value_error_field(loc, message)
        if prefix:
            loc = prefix if loc == "(top level)" else f"{prefix}.{loc}"
        out.append(Problem(file, loc, message))
    return out


def validate_case_data(
    data: Any, file: str, *, expected_id: str | None = None, written: dict[tuple[Any, ...], str] | None = None
) -> tuple[Case | None, list[Problem]]:
    """Validate parsed YAML; return the case (or None) and a list of problems.

    ``written`` maps a value's path to its text as written in the file (see :func:`parse_yaml`),
    so messages show ``yes`` rather than ``True``.
    """
    if data is None:
        return None, [Problem(file, "(top level)", "expected a mapping of case fields, got an empty file")]
    if not isinstance(data, dict):
        kinds: dict[type, str] = {list: "a list", str: "a single line of text"}
        kind = kinds.get(type(data), "a single value")
        return None, [Problem(file, "(top level)", f"expected a mapping of case fields (name: value), got {kind}")]
    problems: list[Problem] = []
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return None, validation_problems(exc, file, written=written)
    if expected_id is not None and case.id != expected_id:
        problems.append(Problem(file, "id", f"expected the file name's id {expected_id!r}, got {case.id!r}"))
    return case, problems


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_YAML_BYTES = 100_000  # the largest case file is about 12 KB
MAX_YAML_DEPTH = 20  # a case file nests four levels deep


class YAMLProblem(yaml.YAMLError):
    """YAML that a case file may not hold, or cannot be read: where it is and what was expected."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def _syntax_problem(exc: yaml.YAMLError) -> YAMLProblem:
    """A YAML syntax error reported where the mistake is, in the book's words."""
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    # An unclosed quote or bracket is found only where the file ends or the next field starts:
    # name the line where it was opened.
    opened = {
        "while scanning a quoted scalar": "a closing quote for the text that starts here",
        "while parsing a flow sequence": "a closing ']' for the list that starts here",
        "while parsing a flow mapping": "a closing '}' for the mapping that starts here",
    }
    if context in opened and context_mark is not None:
        return YAMLProblem(
            f"line {context_mark.line + 1}",
            f"expected {opened[context]} (column {context_mark.column + 1}), got a syntax error: {problem}",
        )
    where = f"line {problem_mark.line + 1}" if problem_mark else "(file)"
    if problem == "but found another document":
        return YAMLProblem(where, "expected one YAML document, got a second one after a '---' line")
    return YAMLProblem(where, f"expected valid YAML, got a syntax error: {problem}")


def _walk_events(text: str, loader: type) -> dict[tuple[Any, ...], str]:
    """Check the YAML event stream; return the text of every plain value, by its path.

    Refuses, before anything is built from them, what a case file never needs and an attacker
    would use: anchors and aliases (recursion, alias bombs), explicit tags, and deep nesting.
    Refuses duplicate keys (YAML keeps the last one silently).
    """
    scalars: dict[tuple[Any, ...], str] = {}
    # A frame per open collection: [path, is_mapping, index or expecting-a-key, keys seen, key]
    stack: list[list[Any]] = []
    for event in yaml.parse(text, Loader=loader):
        line = f"line {event.start_mark.line + 1}" if event.start_mark else "(file)"
        if isinstance(event, yaml.AliasEvent):
            raise YAMLProblem(line, f"expected plain values, got the YAML alias *{event.anchor}: write the value out")
        if not isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.CollectionEndEvent):
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        if event.anchor is not None:
            raise YAMLProblem(line, f"expected plain values, got the YAML anchor &{event.anchor}: remove it")
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise YAMLProblem(line, f"expected plain values, got the YAML tag {tag}: remove it")
        path: tuple[Any, ...] = ()
        is_key = False
        if stack:
            frame = stack[-1]
            if frame[1]:  # a mapping: keys and values alternate
                if frame[2]:
                    is_key = True
                    frame[2] = False
                    if isinstance(event, yaml.ScalarEvent):
                        first = frame[3].get(event.value)
                        if first is not None:
                            raise YAMLProblem(
                                line, f"expected each field once, got {event.value!r} again (first on {first})"
                            )
                        frame[3][event.value] = line
                        frame[4] = event.value
                    else:
                        frame[4] = None
                else:
                    frame[2] = True
                    path = (*frame[0], frame[4])
            else:
                path = (*frame[0], frame[2])
                frame[2] += 1
        if isinstance(event, yaml.ScalarEvent):
            if not is_key and not event.style:  # plain (unquoted): None, or '' from libyaml
                scalars[path] = event.value
        else:
            if len(stack) >= MAX_YAML_DEPTH:
                raise YAMLProblem(line, f"expected at most {MAX_YAML_DEPTH} levels of nested lists and mappings")
            is_mapping = isinstance(event, yaml.MappingStartEvent)
            stack.append([path, is_mapping, True if is_mapping else 0, {}, None])
    return scalars


def parse_yaml(text: str) -> tuple[Any, dict[tuple[Any, ...], str]]:
    """Parse a case file's YAML; return the data and the text of each plain value, by path.

    Raises :class:`YAMLProblem` for YAML a case file may not hold (see :func:`_walk_events`),
    for oversized text and for syntax errors, which are reported at the line where the mistake
    is, with the same words on every machine, with or without libyaml.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise YAMLProblem("(file)", f"expected a case file of at most {MAX_YAML_BYTES:,} bytes, got {size:,} bytes")
    try:
        scalars = _walk_events(text, _FAST_LOADER)
        data = yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: CSafeLoader or SafeLoader
    except YAMLProblem:
        raise
    except yaml.YAMLError:
        # libyaml's messages differ from PyYAML's: parse again with PyYAML for the report.
        try:
            scalars = _walk_events(text, yaml.SafeLoader)
            data = yaml.safe_load(text)
        except YAMLProblem:
            raise
        except yaml.YAMLError as exc:
            raise _syntax_problem(exc) from None
    return data, scalars


def load_yaml(text: str) -> Any:
    """The data in a case file's YAML; :class:`YAMLProblem` (a ``yaml.YAMLError``) for bad input."""
    return parse_yaml(text)[0]


def read_case_file(path: Path) -> tuple[Case | None, list[Problem]]:
    """Read and validate one case file; never raises for bad input."""
    rel = paths.display(path)
    try:
        text = textfile.read_text(path)
    except CasekitError as exc:
        return None, exc.problems
    try:
        data, written = parse_yaml(text)
    except YAMLProblem as exc:
        return None, [Problem(rel, exc.where, exc.message)]
    return validate_case_data(data, rel, expected_id=path.stem, written=written)


def case_files(root: Path | None = None) -> list[Path]:
    folder = paths.data_dir(root) / "cases"
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


#: A case file's prose: the fields each edition shows in its own language (casekit.i18n), by
#: their path in the file (a list's items share their field's path). Ids, codes, numbers, years,
#: vocabulary values and source keys are facts, never translated.
PROSE_FIELDS = (
    "title",
    "place",
    "summary",
    "population_unknown",
    "population.name",
    "programmes.name",
    "programmes.lead",
    "programmes.delivery",
    "programmes.partners",
    "programmes.description",
    "programmes.budget.period",
    "programmes.budget.reach.unit",
    "outcomes.label",
    "outcomes.unit",
    "outcomes.measures",
    "unknowns",
)


def prose(data: Any, replace: Any, field: str = "") -> Any:
    """A copy of a case's data in which every prose string is ``replace(field, text)``."""
    if isinstance(data, dict):
        return {key: prose(value, replace, f"{field}.{key}" if field else key) for key, value in data.items()}
    if isinstance(data, list):
        return [prose(value, replace, field) for value in data]
    if isinstance(data, str) and field in PROSE_FIELDS:
        return replace(field, data)
    return data


@cache
def _load(path: str, mtime: float) -> Case:
    case, problems = read_case_file(Path(path))
    if problems or case is None:
        raise CasekitError(problems)
    return case


def _in_language(path: Path) -> Case:
    """The case of ``path``, its prose in the current edition's language (English falls back)."""
    case = _load(str(path), path.stat().st_mtime)
    lang = i18n.language()
    if lang == i18n.SOURCE_LANGUAGE:
        return case
    catalog = i18n.case_catalog(path.parent.parent.parent, case.id, lang)
    try:
        mtime = catalog.stat().st_mtime_ns
    except OSError:  # no translation yet: the English text (casekit check says so)
        return case
    return _translated(str(path), path.stat().st_mtime, str(catalog), mtime)


@cache
def _translated(path: str, mtime: float, catalog: str, _catalog_mtime: int) -> Case:
    case = _load(path, mtime)
    messages = i18n.read_catalog(Path(catalog))
    if not messages:
        return case
    data = prose(case.model_dump(), lambda field, text: messages.get((field, text), text))
    # A catalog is data as much as the case file: the translated case passes the same checks.
    translated, problems = validate_case_data(data, paths.display(Path(catalog)), expected_id=case.id)
    if problems or translated is None:
        raise CasekitError(problems)
    return translated


def load_case(case_id: str) -> Case:
    """Load one case by id, raising :class:`~casekit.errors.CasekitError` with readable problems."""
    path = paths.data_dir() / "cases" / f"{case_id}.yml"
    if not path.is_file():
        known = ", ".join(p.stem for p in case_files()) or "none"
        raise CasekitError(
            [Problem(paths.display(path), "(file)", f"expected a case file for {case_id!r}; known cases: {known}")]
        )
    return _in_language(path)


def source_case(case_id: str) -> Case:
    """The case exactly as its file says it, in English whatever the edition.

    For a notebook's own checks that find an outcome by its label: the label is translated in the
    Spanish edition, the number is not, so the check reads the source.
    """
    load_case(case_id)  # one readable error for an unknown case
    path = paths.data_dir() / "cases" / f"{case_id}.yml"
    return _load(str(path), path.stat().st_mtime)


def all() -> list[Case]:
    """Every case in ``data/cases``, sorted by id, its prose in the edition's language."""
    return [_in_language(p) for p in case_files()]


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
    "source_case",
]
