"""Check that every place that states the book's version agrees with pyproject.toml (make release-check).

The version is written once, in ``pyproject.toml`` (``[project] version``); ``casekit.__version__``
reads it from the installed package's metadata. The other places that must repeat it, because
other tools read them, are checked here:

* ``CHANGELOG.md``: the latest release heading ``## [X.Y.Z] - YYYY-MM-DD``;
* ``CITATION.cff``: ``version``, and ``date-released`` equal to that heading's date (Zenodo and
  GitHub read this file);
* ``data/datapackage.json``: ``version`` (the data package travels on its own);
* ``reference/how-to-cite.md`` and ``chapters/workshop-guide.md``: the version they quote.

``--tag vX.Y.Z`` also checks that a tag about to be made names the same version. Prints one line
per disagreement and exits 1, or prints the version and exits 0. tests/unit/test_release.py runs
the same checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
RELEASE_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.M)
#: Pages that quote the version, and the pattern each quote follows.
QUOTES = {
    "reference/how-to-cite.md": re.compile(r"version (\d+\.\d+\.\d+)"),
    "chapters/workshop-guide.md": re.compile(r"casekit-(\d+\.\d+\.\d+)-py3-none-any\.whl"),
}


def project_version(root: Path = ROOT) -> str:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def changelog_releases(root: Path = ROOT) -> list[tuple[str, str]]:
    """(version, date) of every release heading in CHANGELOG.md, newest first."""
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    return [(m["version"], m["date"]) for m in RELEASE_HEADING.finditer(text)]


def citation(root: Path = ROOT) -> dict:
    # BaseLoader keeps every value a string, as the CFF schema expects (no YAML dates or floats).
    return yaml.load((root / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def problems(root: Path = ROOT, tag: str | None = None) -> list[str]:
    version = project_version(root)
    out: list[str] = []
    if not SEMVER.match(version):
        out.append(f"pyproject.toml: version {version!r}: expected three numbers, X.Y.Z")
    releases = changelog_releases(root)
    if not releases:
        out.append("CHANGELOG.md: expected a release heading such as '## [0.2.0] - 2026-12-04'")
        latest, released = None, None
    else:
        latest, released = releases[0]
        if latest != version:
            out.append(f"CHANGELOG.md: latest release is {latest}: expected {version}, the version in pyproject.toml")
        try:
            dt.date.fromisoformat(released)
        except ValueError:
            out.append(f"CHANGELOG.md: release {latest} has the date {released!r}: expected a real YYYY-MM-DD date")
        dates = [d for _, d in releases]
        if dates != sorted(dates, reverse=True):
            out.append("CHANGELOG.md: expected releases newest first, with dates that never go up further down")
    cff = citation(root)
    if cff.get("version") != version:
        out.append(f"CITATION.cff: version {cff.get('version')!r}: expected {version!r}")
    if released and cff.get("date-released") != released:
        out.append(
            f"CITATION.cff: date-released {cff.get('date-released')!r}: expected {released!r}, "
            f"the date of {latest} in CHANGELOG.md"
        )
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    if package.get("version") != version:
        out.append(f"data/datapackage.json: version {package.get('version')!r}: expected {version!r}")
    for rel, pattern in QUOTES.items():
        quoted = pattern.findall((root / rel).read_text(encoding="utf-8"))
        if not quoted:
            out.append(f"{rel}: expected the version quoted as {pattern.pattern!r}")
        out += [f"{rel}: quotes version {q}: expected {version}" for q in sorted(set(quoted) - {version})]
    if tag is not None and tag != f"v{version}":
        out.append(f"tag {tag!r}: expected 'v{version}' for version {version}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tag", help="the tag about to be made, e.g. v0.2.0")
    args = parser.parse_args(argv)
    found = problems(ROOT, args.tag)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    print(f"release-check: version {project_version()} agrees everywhere")
    return 0


if __name__ == "__main__":
    sys.exit(main())
