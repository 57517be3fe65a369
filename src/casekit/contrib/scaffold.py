"""``casekit new``: scaffold a case (case file, notebook, empty series, data-package entry).

Everything is validated before anything is written; if a write fails, the files
already written are removed again, so a failed ``casekit new`` leaves no trace.
The scaffold builds as it is, and ``casekit check`` lists every ``FILL IN`` in it
as unfinished: the contributor's to-do list.
"""

from __future__ import annotations

import copy
import csv
import datetime as _dt
import io
import json
import unicodedata
from importlib import resources
from pathlib import Path

from .. import countries, data, textfile
from ..cases import CASE_ID, MAX_ID_LENGTH
from ..errors import CasekitError, Problem
from ..vocabulary import THEMES

SERIES_HEADER = ["year", "series", "label", "value", "unit", "source", "note"]
MARKER = "FILL IN"
PLACEHOLDER_KEY_PREFIX = "fill-in-"


def series_resource(case_id: str) -> dict:
    """The data-package resource that declares a case's series file."""
    return {
        "name": f"series-{case_id}",
        "path": f"series/{case_id}.csv",
        "title": f"Time series for the case {case_id}",
        "description": "Sourced time series for the case; each row names its source key.",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ","},
        "schema": "schemas/series.schema.json",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 International",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
    }


def _template(name: str) -> str:
    return resources.files("casekit").joinpath("templates", name).read_text(encoding="utf-8")


def _default_peers(root: Path, country: str) -> list[str]:
    """Up to three countries of the same World Bank region that the indicator tables cover."""
    table = root / "data" / "indicators" / "digital_economy.csv"
    covered: set[str] = set()
    if table.is_file():
        text = textfile.read_text(table)  # a CasekitError naming the line if it is not UTF-8
        covered = {row.get("country_iso3") or "" for row in csv.DictReader(io.StringIO(text, newline=""))}
    rows = countries.countries()
    region = rows[country]["wb_region"]
    same = sorted(c for c in covered if c != country and rows.get(c, {}).get("wb_region") == region)
    others = sorted(c for c in covered if c != country and c not in same)
    return (same + others)[:3]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def new_case(root: Path, case_id: str, theme: str, place: str, country: str) -> list[Path]:
    """Write the scaffold for a new case; return the files written (relative to ``root``)."""
    problems: list[Problem] = []
    where = "casekit new"
    if len(case_id or "") > MAX_ID_LENGTH:
        problems.append(
            Problem(
                where,
                "case-id",
                f"expected an id of at most {MAX_ID_LENGTH} characters (it names files), got {len(case_id)} characters",
            )
        )
    elif not CASE_ID.match(case_id or ""):
        problems.append(
            Problem(
                where,
                "case-id",
                f"expected lowercase words joined by hyphens (for example 'lima-market-vouchers'), got {case_id!r}",
            )
        )
    if theme not in THEMES:
        problems.append(Problem(where, "--theme", f"expected one of {list(THEMES)}, got {theme!r}"))
    if not place or not place.strip() or any(ch in place for ch in '<>"{}\\`'):
        problems.append(Problem(where, "--place", f"expected the place's name as plain text, got {place!r}"))
    elif any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in place):
        problems.append(
            Problem(
                where, "--place", f"expected the place's name on one line, without control characters, got {place!r}"
            )
        )
    if not countries.is_country(country):
        problems.append(
            Problem(
                where,
                "--country",
                f"expected an ISO 3166-1 alpha-3 country code from data/countries.csv, got {country!r}",
            )
        )
    if problems:
        raise CasekitError(problems)

    case_file = root / "data" / "cases" / f"{case_id}.yml"
    series_file = root / "data" / "series" / f"{case_id}.csv"
    existing_nb = sorted((root / "case_studies").glob(f"*/{case_id}.md"))
    notebook = root / "case_studies" / theme / f"{case_id}.md"
    for path in [case_file, series_file, *existing_nb]:
        if path.exists():
            problems.append(
                Problem(
                    path.relative_to(root).as_posix(),
                    "(file)",
                    "expected no existing file: this case id is taken; choose another id",
                )
            )
    # Never write through a symbolic link (it may point outside the repository), even a dangling one.
    for path in [case_file, series_file, notebook]:
        for link in [path, *path.parents]:
            if link == root or not link.is_relative_to(root):
                break
            if link.is_symlink():
                problems.append(
                    Problem(
                        link.relative_to(root).as_posix(),
                        "(file)",
                        "expected a regular file or folder, got a symbolic link; remove it (casekit new never "
                        "writes through links)",
                    )
                )
                break
    package_path = root / "data" / data.PACKAGE
    try:
        package = copy.deepcopy(data.package(root / "data"))
    except CasekitError as exc:
        problems.extend(exc.problems)
        raise CasekitError(problems) from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        problems.append(
            Problem(f"data/{data.PACKAGE}", "resources", "expected a list of resources in the data package")
        )
        raise CasekitError(problems)
    rel_series = f"series/{case_id}.csv"
    if any(
        res.get("path") == rel_series or res.get("name") == f"series-{case_id}" for res in package.get("resources", [])
    ):
        problems.append(
            Problem(
                f"data/{data.PACKAGE}", "resources", f"expected no resource for {rel_series} yet: this case id is taken"
            )
        )
    if problems:
        raise CasekitError(problems)

    peers = _default_peers(root, country)
    # Quoted for the syntax each value lands in: a JSON string is a valid YAML and Python string.
    values = {
        "id": case_id,
        "theme": theme,
        "place": place.strip(),
        "place_yaml": _quoted(place.strip()),
        "title_yaml": _quoted(f"{place.strip()}: {MARKER} a short title saying what the place did"),
        "timeline_title_py": _quoted(f"Programme timeline: {place.strip()}"),
        "country": country,
        "country_name": countries.name(country),
        "peers": ", ".join(peers) or country,
        "year": _dt.date.today().year,
    }
    contents = {
        case_file: _template("case.yml").format(**values),
        notebook: _template("case.md").format(**values),
        series_file: ",".join(SERIES_HEADER) + "\n",
    }
    package["resources"].append(series_resource(case_id))
    original_package = package_path.read_text(encoding="utf-8")
    written: list[Path] = []
    try:
        for path, text in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        tmp = package_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(package_path)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        package_path.write_text(original_package, encoding="utf-8")
        raise CasekitError(
            [Problem(where, "(write)", f"expected to write the scaffold, got {exc.strerror}: {exc.filename}")]
        ) from None
    return [p.relative_to(root) for p in [case_file, notebook, series_file, package_path]]
