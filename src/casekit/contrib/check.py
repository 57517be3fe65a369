"""``casekit check``: validate the whole book's input and report one line per problem.

The checks read files and never write any. Each returns :class:`Problem` objects
naming the file, the field and what was expected; nothing here raises for bad input.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from .. import bib, cases, data, diagnostic, paths, textfile
from ..errors import CasekitError, Problem
from ..vocabulary import THEMES
from . import safety, unfinished
from .scaffold import PLACEHOLDER_KEY_PREFIX

NOTEBOOK_DIR = "case_studies"
REQUIRED_SECTIONS = ["At a glance", "Context", "What was done", "Results", "What other places can learn", "Sources"]
MIN_EXERCISES = 2
PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|coming soon)\b", re.I)
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def check_book(root: Path | None = None) -> tuple[list[Problem], dict[str, int]]:
    """Run every check; return the problems and a few counts for the summary line."""
    root = root or paths.book_root()
    problems: list[Problem] = []
    counts = {"cases": 0, "notebooks": 0, "data files": 0, "references": 0}

    refs: dict[str, bib.Reference] | None = None
    try:
        refs = bib.references(root)
        counts["references"] = len(refs)
        problems.extend(_check_references(refs, root))
    except CasekitError as exc:
        problems.extend(exc.problems)

    loaded: dict[str, cases.Case] = {}
    problems.extend(_duplicate_ids(cases.case_files(root)))
    for path in cases.case_files(root):
        case, found = cases.read_case_file(path)
        problems.extend(found)
        if case is not None:
            loaded[case.id] = case
        # The to-do list and the citation keys are checked even when the schema check failed,
        # so a contributor sees everything at once.
        rel = paths.display(path)
        try:
            text = textfile.read_text(path)
            cases.load_yaml(text)  # YAML a case file may not hold is walked no further
        except (CasekitError, cases.YAMLProblem):
            continue  # reported by the schema check
        problems.extend(unfinished.case_file_markers(text, rel))
        if refs is not None:
            problems.extend(_check_case_keys(text, refs, rel))
    counts["cases"] = len(loaded)
    problems.extend(_check_countries(root, loaded))

    data_problems, n_files = _check_data(root, refs)
    problems.extend(data_problems)
    problems.extend(diagnostic.check_shipped(root))  # beyond the Table Schema: the survey's own rules
    counts["data files"] = n_files
    problems.extend(_check_design(root, loaded))

    nb_problems, n_notebooks = _check_notebooks(root, loaded, refs, {p.stem for p in cases.case_files(root)})
    problems.extend(nb_problems)
    counts["notebooks"] = n_notebooks
    problems.extend(safety.check(root))  # data stays data; pages stay inside the repository
    problems.extend(_check_translations(root))
    return sorted(set(problems)), counts


def _check_translations(root: Path) -> list[Problem]:
    """The translated editions' catalogs of generated text: complete and up to date (issue 15).

    What is left to translate is listed as unfinished work, like a scaffold's FILL IN fields:
    ``make test`` fails on it all the same. (A workshop kit has no translations to check.)
    """
    from ..sphinxext.registry import DEFAULT_EDITION, EDITIONS
    from . import translations

    if not paths.is_book(root):
        return []
    found = []
    for language in EDITIONS:
        # A book with no locales/<language>/ has no such edition yet (a test book, a fork).
        if language != DEFAULT_EDITION and (root / "locales" / language).is_dir():
            found += [Problem(p.file, p.field, p.message, "unfinished") for p in translations.problems(root, language)]
    return found


def _duplicate_ids(files: list[Path]) -> list[Problem]:
    import yaml

    owners: dict[str, list[Path]] = {}
    for path in files:
        try:
            data = cases.load_yaml(textfile.read_text(path))
        except (CasekitError, yaml.YAMLError):
            continue  # reported by the schema check
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            owners.setdefault(data["id"], []).append(path)
    out = []
    for case_id, paths_ in owners.items():
        for path in paths_[1:] if len(paths_) > 1 else []:
            out.append(
                Problem(
                    paths.display(path),
                    "id",
                    f"expected a unique case id, got {case_id!r}, already used by {paths.display(paths_[0])}",
                )
            )
    return out


INDICATOR_TABLES = ["indicators/digital_economy.csv", "indicators/digital_economy_world.csv"]


def _check_countries(root: Path, loaded: dict[str, cases.Case]) -> list[Problem]:
    """A case's country and peers need rows in the indicator tables: its context chart draws them."""
    import csv

    covered: set[str | None] = set()  # a row without the column counts as None
    tables = [rel for rel in INDICATOR_TABLES if (root / "data" / rel).is_file()]
    for table in tables:
        try:
            text = textfile.read_text(root / "data" / table)
            covered |= {row.get("country_iso3") for row in csv.DictReader(io.StringIO(text, newline=""))}
        except CasekitError:
            return []  # reported by the data check
    if not tables:
        return []
    out = []
    for case_id, case in sorted(loaded.items()):
        for field, code in [("country", case.country), *((f"peers[{i}]", c) for i, c in enumerate(case.peers))]:
            if code not in covered:
                out.append(
                    Problem(
                        f"data/cases/{case_id}.yml",
                        field,
                        f"expected a country with rows in data/{tables[-1]} (the context chart "
                        f"draws it), got {code!r}: choose another country or add its sourced rows",
                    )
                )
    return out


def _source_keys(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, key) for every ``source``/``sources`` value anywhere in a parsed case file."""
    if isinstance(node, dict):
        for name, value in node.items():
            sub = f"{path}.{name}" if path else str(name)
            if name == "source" and isinstance(value, str):
                yield sub, value
            elif name == "sources" and isinstance(value, list):
                yield from ((f"{sub}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str))
            else:
                yield from _source_keys(value, sub)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _source_keys(item, f"{path}[{i}]")


def _check_case_keys(text: str, refs: dict[str, bib.Reference], file: str) -> list[Problem]:
    import yaml

    try:
        data = cases.load_yaml(text)
    except yaml.YAMLError:
        return []  # reported by the schema check
    return [
        Problem(file, where, f"expected a citation key defined in references.bib, got {key!r}")
        for where, key in _source_keys(data)
        if key not in refs and not key.startswith(PLACEHOLDER_KEY_PREFIX)
    ]


def _check_references(refs: dict[str, bib.Reference], root: Path) -> list[Problem]:
    out = []
    for key, ref in refs.items():
        for name in ("title", "year", "url"):
            if not getattr(ref, name):
                out.append(Problem(bib.BIB_FILE, f"{key}.{name}", f"expected every reference to have a {name}"))
        if ref.year and not re.fullmatch(r"\d{4}|n\.d\.", ref.year):
            out.append(
                Problem(
                    bib.BIB_FILE,
                    f"{key}.year",
                    f"expected a four-digit year (or n.d. for an undated source), got {ref.year!r}",
                )
            )
        if ref.url and not re.match(r"^https?://", ref.url):
            out.append(Problem(bib.BIB_FILE, f"{key}.url", f"expected an http(s) URL, got {ref.url!r}"))
        elif ref.url and "." not in (_host(ref.url) or ""):
            out.append(
                Problem(
                    bib.BIB_FILE,
                    f"{key}.url",
                    f"expected an http(s) URL naming its site, like https://example.org/page, got {ref.url!r}",
                )
            )
    return out


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname
    except ValueError:  # e.g. a malformed port or IPv6 address
        return None


def _check_data(root: Path, refs: dict[str, bib.Reference] | None) -> tuple[list[Problem], int]:
    folder = root / "data"
    problems: list[Problem] = []
    try:
        package = data.package(folder)
    except CasekitError as exc:
        return exc.problems, 0
    declared = {res.get("path") for res in package.get("resources", [])}
    # Links are reported once, by casekit.contrib.safety; they are never data files.
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*.csv") if not p.is_symlink()}
    for rel in sorted(on_disk - declared):
        problems.append(
            Problem(
                f"data/{rel}",
                "(file)",
                "expected every data file to be declared as a resource in data/datapackage.json",
            )
        )
    for rel in sorted(d for d in declared - on_disk if d):
        problems.append(
            Problem("data/datapackage.json", f"resources[path={rel}]", "expected the declared file to exist")
        )
    for schema_file in sorted(
        {res["schema"] for res in package.get("resources", []) if isinstance(res.get("schema"), str)}
    ):
        try:
            data.schema({"schema": schema_file}, folder)
        except CasekitError as exc:
            problems.extend(exc.problems)
    if problems and any(p.file.startswith("data/schemas/") for p in problems):
        return problems, len(on_disk)  # every table would fail its schema: report the schema only
    texts: dict[str, str] = {}
    for rel in sorted(declared & on_disk):
        try:
            texts[rel] = textfile.read_text(folder / rel)
        except CasekitError as exc:
            problems.extend(exc.problems)
    problems.extend(_frictionless(folder, set(texts)))
    import csv

    for rel, text in texts.items():
        reader = csv.DictReader(io.StringIO(text, newline=""))
        numeric = _numeric_fields(package, rel, folder)
        unknown: dict[str, list[int]] = {}
        for line, row in enumerate(reader, start=2):
            key = row.get("source") or ""
            if refs is not None and key and key not in refs:
                unknown.setdefault(key, []).append(line)
            for name in numeric:
                cell = (row.get(name) or "").strip()
                if cell and _not_finite(cell):
                    problems.append(
                        Problem(f"data/{rel}", f"{name} (line {line})", f"expected a finite number, got {cell!r}")
                    )
        for key, lines in unknown.items():
            where = f"source (line {lines[0]}" + (f" and {len(lines) - 1} more)" if len(lines) > 1 else ")")
            problems.append(
                Problem(f"data/{rel}", where, f"expected a citation key defined in references.bib, got {key!r}")
            )
    return problems, len(on_disk)


def _numeric_fields(package: dict, rel: str, folder: Path) -> list[str]:
    """The columns a resource's schema declares as numbers."""
    for res in package.get("resources", []):
        if res.get("path") == rel:
            try:
                fields = data.schema(res, folder).get("fields", [])
            except (CasekitError, OSError, ValueError):
                return []  # reported by the Frictionless check
            return [f.get("name") for f in fields if f.get("type") in {"number", "integer"}]
    return []


def _not_finite(cell: str) -> bool:
    """True for NaN and infinity, which CSV readers accept as numbers but charts cannot draw."""
    import math

    try:
        return not math.isfinite(float(cell))
    except ValueError:
        return False  # not a number at all: reported by the Frictionless check


def _check_design(root: Path, loaded: dict[str, cases.Case]) -> list[Problem]:
    """The "Design a programme" data: budget currencies and rates, KPIs and risks (casekit.design)."""
    from .. import design

    return design.problems(root, loaded)


def _frictionless(folder: Path, present: set[str]) -> list[Problem]:
    """Validate the package's resources against their Table Schemas."""
    from frictionless import Package, system

    problems: list[Problem] = []
    try:
        with system.use_context(trusted=False):
            package = Package(str(folder / data.PACKAGE))
            report = package.validate()
    except Exception as exc:  # frictionless reports descriptor errors as exceptions
        reason = str(exc).replace(f"{folder.parent.as_posix()}/", "")  # paths as the contributor sees them
        return [
            Problem(
                "data/datapackage.json", "(descriptor)", f"expected a valid Frictionless Data Package, got: {reason}"
            )
        ]
    for task in report.tasks:
        rel = task.place or getattr(task, "name", "")
        if rel not in present:
            continue  # a missing file is reported once, by the declaration check
        name = f"data/{rel}" if rel and not rel.startswith("data/") else rel
        errs = list(task.errors)
        header = [e for e in errs if e.type.endswith("-label")]
        if header:  # a wrong header makes every row wrong: report the header only
            errs = header
        key = _primary_key(folder, rel)
        for err in errs[:20]:
            problems.append(_table_problem(name, err, key))
    return problems


_KIND_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "year": "a year",
    "date": "a date written YYYY-MM-DD",
    "boolean": "true or false",
}


def _primary_key(folder: Path, rel: str) -> list[str]:
    """The columns that identify a row of a resource, from its schema's primaryKey."""
    try:
        for res in data.package(folder).get("resources", []):
            if res.get("path") == rel:
                key = data.schema(res, folder).get("primaryKey") or []
                return [key] if isinstance(key, str) else list(key)
    except CasekitError:
        pass
    return []


def _duplicate_row(key: list[str], note: str) -> str:
    first = re.search(r"row at position (\d+)", note)
    same = f"the same as line {first.group(1)}" if first else note
    if key:
        return f"expected one row for each {' and '.join(key)}, got {same}"
    return f"expected each row to differ from the others in its key columns, got {same}"


def _table_problem(file: str, err, key: list[str] | None = None) -> Problem:
    """A frictionless error as one readable line: where, what was expected, what was found."""
    field = getattr(err, "field_name", None)
    row = getattr(err, "row_number", None)
    where = (f"{field} (line {row})" if field else f"line {row}") if row else field or "(file)"
    cell = getattr(err, "cell", None)
    label = getattr(err, "label", None)
    note = getattr(err, "note", "")
    kind_match = re.search(r'type is "([a-z]+)', note)
    kind = kind_match.group(1) if kind_match else "declared in the schema"
    got = f"got {cell!r}" if cell not in (None, "") else "got an empty cell"
    constraint = re.search(r'constraint "([A-Za-z]+)" is "(.*)"', note)
    if err.type == "constraint-error" and constraint:
        name, value = constraint.groups()
        wanted = {
            "required": "expected a value (the column is required)",
            "minimum": f"expected a value of at least {value}",
            "maximum": f"expected a value of at most {value}",
            "minLength": f"expected text of at least {value} characters",
            "maxLength": f"expected text of at most {value} characters",
            "pattern": f"expected text matching {value}",
            "enum": f"expected one of {value}",
            "unique": "expected a value that no other row has",
        }.get(name, f"expected a value meeting the schema's rule {name} = {value}")
        return Problem(file, where, f"{wanted}, {got}")
    messages = {
        "type-error": f"expected {_KIND_WORDS.get(kind, 'a value of type ' + kind)}, {got}",
        "constraint-error": f"expected a value meeting the schema's {note}, got {cell!r}",
        "missing-label": "expected this column in the header (the schema requires it)",
        "incorrect-label": f"expected this column at position {getattr(err, 'field_number', '?')}, got a column named {label!r}",
        "extra-label": f"expected no column {label!r} (the schema does not declare it)",
        "duplicate-label": f"expected each column once, got {label!r} twice",
        "primary-key": _duplicate_row(key or [], note),
        "foreign-key": f"expected a value that exists in the referenced table: {note}",
        "missing-cell": "expected a value in this cell",
        "extra-cell": "expected no value beyond the declared columns",
        "blank-row": "expected no blank rows",
    }
    return Problem(file, where, messages.get(err.type, f"expected data matching its schema: {err.type}: {note}"))


CITE_START = re.compile(r"\{cite(?::[a-z]+)?\}")


def _broken_cite_roles(line: str) -> list[str]:
    """Citation roles Sphinx would not read: no closing backtick on the line, or double backticks.

    A role quoted as an example inside a code span (after a backtick) is not a citation.
    """
    broken = []
    for start in CITE_START.finditer(line):
        rest = line[start.end() :]
        if line[: start.start()].endswith("`") or re.match(r"`[^`]+`(?!`)", rest):
            continue
        broken.append((start.group(0) + rest).strip()[:40])
    return broken


def notebook_paths(root: Path) -> list[Path]:
    folder = root / NOTEBOOK_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*/*.md") if p.parent.name in THEMES and p.name != "index.md")


def _check_notebooks(
    root: Path, loaded: dict[str, cases.Case], refs: dict[str, bib.Reference] | None, ids: set[str]
) -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    nbs = notebook_paths(root)
    seen: dict[str, Path] = {}
    for nb in nbs:
        rel = nb.relative_to(root).as_posix()
        case_id = nb.stem
        if case_id in seen:
            problems.append(
                Problem(
                    rel,
                    "(file)",
                    f"expected one notebook per case id, but {seen[case_id].relative_to(root).as_posix()} has the same id",
                )
            )
        seen[case_id] = nb
        if case_id not in ids:
            problems.append(Problem(rel, "(file)", f"expected a case file data/cases/{case_id}.yml for this notebook"))
        elif case_id in loaded and loaded[case_id].theme != nb.parent.name:
            problems.append(
                Problem(
                    rel,
                    "(folder)",
                    f"expected the notebook under case_studies/{loaded[case_id].theme}/ (the case file's theme)",
                )
            )
        try:
            text = textfile.read_text(nb)
        except CasekitError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(unfinished.notebook_markers(text, rel))
        headings = re.findall(r"^## +(.+?)\s*$", text, re.M)
        exercises = len(re.findall(r"^`{3,}\{exercise\}", text, re.M))
        if exercises < MIN_EXERCISES:
            problems.append(
                Problem(
                    rel,
                    "section 'Exercises'",
                    f"expected at least {MIN_EXERCISES} exercises for trainers, got {exercises}",
                )
            )
        for section in REQUIRED_SECTIONS:
            if section not in headings:
                problems.append(
                    Problem(
                        rel, f"section '{section}'", "expected this section heading (## level) from the case template"
                    )
                )
        for lineno, line in enumerate(text.splitlines(), start=1):
            if found := PLACEHOLDERS.search(line):
                problems.append(
                    Problem(
                        rel,
                        f"line {lineno}",
                        f"expected finished text, got placeholder {found.group(0)!r}",
                    )
                )
        if refs is not None:
            for lineno, line in enumerate(text.splitlines(), start=1):
                for role in _broken_cite_roles(line):
                    problems.append(
                        Problem(
                            rel,
                            f"line {lineno}",
                            "expected a citation written on one line with single backticks, like "
                            f"{{cite:p}}`key-one,key-two`, got {role!r}",
                        )
                    )
                # examples in code spans are not citations
                for match in CITE_ROLE.finditer(re.sub(r"``.*?``", "", line)):
                    for key in (k.strip() for k in match.group(1).split(",")):
                        if key not in refs:
                            problems.append(
                                Problem(
                                    rel,
                                    f"line {lineno}",
                                    f"expected a citation key defined in references.bib, got {key!r}",
                                )
                            )
    for case_id in sorted(ids - set(seen)):
        problems.append(
            Problem(
                f"data/cases/{case_id}.yml",
                "(file)",
                f"expected a notebook case_studies/<theme>/{case_id}.md for this case",
            )
        )
    return problems, len(nbs)


# Output formats of `casekit check`. The text format is ``str(problem)``, one line each; the
# others add the line a problem is on, found again from its file and field, for editors and CI.

_LINE_IN_FIELD = re.compile(r"\bline (\d+)\b")
_PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then the to-do list of unfinished fields; each by file and field."""
    return sorted(problems, key=lambda p: (p.level == "unfinished", p.file, p.field, p.message))


def summary(problems: list[Problem], counts: dict[str, int]) -> str:
    """The closing line: errors and unfinished fields counted apart, then what was checked."""
    checked = ", ".join(f"{n} {what}" for what, n in counts.items())
    if not problems:
        return f"casekit check: OK ({checked})"
    todo = sum(p.level == "unfinished" for p in problems)
    errors = len(problems) - todo
    return (
        f"casekit check: {len(problems)} problem(s): {errors} error{'s' * (errors != 1)}, "
        f"{todo} unfinished field{'s' * (todo != 1)} to fill in ({checked})"
    )


def problem_line(root: Path, problem: Problem, cache: dict[str, str | None] | None = None) -> int | None:
    """The 1-based line a problem is on, or None when it concerns a whole file (or cannot be found).

    Found from the field: ``line 12`` and ``value (line 12)`` say it; a case file's
    ``programmes[0].start_year`` is looked up in the file's YAML (the nearest key that exists);
    a reference's ``key.url`` in references.bib. The file is read as text and never evaluated.
    """
    said = _LINE_IN_FIELD.search(problem.field)
    if said:
        return int(said.group(1))
    cache = {} if cache is None else cache
    path = root / problem.file
    if problem.file not in cache:
        try:
            cache[problem.file] = textfile.read_text(path) if path.is_file() and not path.is_symlink() else None
        except CasekitError:
            cache[problem.file] = None
    text = cache[problem.file]
    if text is None:
        return None
    if problem.file.endswith((".yml", ".yaml")):
        return _yaml_line(text, problem.field)
    if problem.file == bib.BIB_FILE:
        return _bib_line(text, problem.field)
    return None


def _yaml_line(text: str, field: str) -> int | None:
    import yaml

    try:
        node = yaml.compose(text)
    except Exception:  # any YAML a parser refuses (or nests too deep): the schema check says why
        return None
    line = None
    for name, index in _PATH_STEP.findall(field):
        if isinstance(node, yaml.MappingNode) and name:
            found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == name), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and index and int(index) < len(node.value):
            node = node.value[int(index)]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _bib_line(text: str, field: str) -> int | None:
    key, _, name = field.partition(".")
    start = re.compile(r"^\s*@\w+\s*\{\s*" + re.escape(key) + r"\s*,", re.I)
    entry = re.compile(r"^\s*" + re.escape(name) + r"\s*=", re.I) if name else None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if start.match(line):
            for j in range(i + 1, len(lines)):
                if lines[j].lstrip().startswith("@"):
                    break
                if entry and entry.match(lines[j]):
                    return j + 1
            return i + 1
    return None


def as_json(problems: list[Problem], counts: dict[str, int], root: Path) -> str:
    """Every problem with file, line (or null), field, message and severity, plus the counts."""
    import json

    cache: dict[str, str | None] = {}
    rows = [
        {
            "file": p.file,
            "line": problem_line(root, p, cache),
            "field": p.field,
            "message": p.message,
            "severity": p.level,  # "error" or "unfinished"
        }
        for p in problems
    ]
    todo = sum(row["severity"] == "unfinished" for row in rows)
    report = {"problems": rows, "errors": len(rows) - todo, "unfinished": todo, "checked": counts}
    return json.dumps(report, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem], root: Path) -> list[str]:
    """GitHub Actions workflow commands: each problem an annotation on its file and line.

    Errors are ``::error``, unfinished fields ``::warning``. Everything taken from the book is
    escaped, so a value in a case file can never start a workflow command of its own.
    """
    cache: dict[str, str | None] = {}
    out = []
    for p in problems:
        command = "warning" if p.level == "unfinished" else "error"
        props = [f"file={_escape_property(p.file)}"]
        line = problem_line(root, p, cache)
        if line is not None:
            props.append(f"line={line}")
        title = "casekit check: unfinished field" if p.level == "unfinished" else "casekit check"
        props.append(f"title={_escape_property(title)}")
        out.append(f"::{command} {','.join(props)}::{_escape_data(f'{p.field}: {p.message}')}")
    return out
