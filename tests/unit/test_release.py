"""Releases (issue 13, section 7): one version, stated alike everywhere; CITATION.cff valid CFF 1.2.0."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

import casekit

REPO = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).resolve().parent / "cff" / "schema-1.2.0.json"


@pytest.fixture(scope="module")
def release_check(load_tool):
    return load_tool("release_check")


@pytest.fixture
def copy(tmp_path, release_check) -> Path:
    """The files release_check reads, copied into a scratch book."""
    for rel in ["pyproject.toml", "CHANGELOG.md", "CITATION.cff", "data/datapackage.json", *release_check.QUOTES]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, tmp_path / rel)
    return tmp_path


def test_every_place_states_the_same_version(release_check):
    assert release_check.problems(REPO) == []


def test_installed_casekit_reports_the_pyproject_version(release_check):
    # Fails when the environment was installed before a version bump: `make` reinstalls it.
    assert casekit.__version__ == release_check.project_version(REPO)


def test_citation_file_is_valid_cff_1_2_0(release_check):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cff = release_check.citation(REPO)
    jsonschema.Draft7Validator(schema).validate(cff)
    # What Zenodo and GitHub's "Cite this repository" read.
    for field in ("cff-version", "title", "version", "date-released", "license", "authors", "abstract", "keywords"):
        assert cff.get(field), field
    assert cff["cff-version"] == "1.2.0"


def test_schema_refuses_what_cff_forbids():
    """The validation above is not vacuous: the schema refuses a bad date and an unknown field."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    base = {"cff-version": "1.2.0", "message": "m", "title": "t", "authors": [{"name": "n"}]}
    jsonschema.Draft7Validator(schema).validate(base)
    for bad in ({"date-released": "4 December 2026"}, {"homepage": "x"}, {"license": ["MIT", "MIT"]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft7Validator(schema).validate({**base, **bad})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        ("CITATION.cff", "\nversion: ", "\nversion: 9", "CITATION.cff: version"),
        ("CITATION.cff", 'date-released: "', 'date-released: "1', "CITATION.cff: date-released"),
        ("data/datapackage.json", '"version": "', '"version": "9', "data/datapackage.json: version"),
        ("CHANGELOG.md", "## [Unreleased]", "## [Unreleased]\n\n## [9.9.9] - 2099-01-01", "CHANGELOG.md: latest"),
        ("CHANGELOG.md", "] - 20", "] - 19", "CHANGELOG.md: expected releases newest first"),
        ("reference/how-to-cite.md", "version ", "version 9", "reference/how-to-cite.md: quotes version"),
        ("chapters/workshop-guide.md", "casekit-", "casekit-9", "chapters/workshop-guide.md: quotes version"),
        ("pyproject.toml", 'version = "', 'version = "v', "pyproject.toml: version"),
    ],
)
def test_a_disagreement_is_one_line_naming_the_file(release_check, copy, rel, old, new, expected):
    _edit(copy / rel, old, new)
    found = release_check.problems(copy)
    assert found and all(isinstance(line, str) and "\n" not in line for line in found)
    assert any(line.startswith(expected) for line in found), found


def test_a_changelog_without_releases_is_reported(release_check, copy):
    (copy / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n", encoding="utf-8")
    assert release_check.problems(copy) == [
        "CHANGELOG.md: expected a release heading such as '## [0.2.0] - 2026-12-04'"
    ]


def test_the_tag_must_name_the_version(release_check, capsys):
    version = release_check.project_version(REPO)
    assert release_check.main(["--tag", f"v{version}"]) == 0
    assert release_check.main(["--tag", "v0.0.1"]) == 1
    assert f"expected 'v{version}'" in capsys.readouterr().err
