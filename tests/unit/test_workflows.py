"""The GitHub workflows: pinned actions, least privilege, full history, and Pages only after the tests.

`make lint` validates the same files against the GitHub workflow schema; these tests check
the project's own rules, which no schema knows (issue 13, section 5).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w.-]+)(/[\w./-]+)?@([0-9a-f]{40}) # v\d+(\.\d+){0,2}\s*$")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: expected a mapping"
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def _files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict[str, Any]]:
    return {p.name: _load(p) for p in _files()}


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for s in _steps(job))


def _uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def test_the_workflows_are_the_ones_described(workflows: dict[str, dict[str, Any]]) -> None:
    # pages.yml built the site a second time beside the tests; ci.yml now publishes what it tested.
    assert set(workflows) == {"ci.yml", "linkcheck.yml"}
    for name, wf in workflows.items():
        assert wf.get("on") and wf.get("jobs"), f"{name}: expected `on:` and `jobs:`"


def test_every_action_is_pinned_by_commit_sha_with_its_release_in_a_comment() -> None:
    shas: dict[str, set[str]] = {}
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not re.match(r"^\s*(-\s+)?uses:", line):
                continue
            found = PINNED.match(line)
            assert found, (
                f"{path.name} line {number}: expected `uses: owner/repo@<40-hex SHA> # vX.Y.Z`, got {line.strip()!r}"
            )
            shas.setdefault(found.group(1), set()).add(found.group(3))
    assert shas, "expected the workflows to use actions"
    # One release of each action repository everywhere (actions/cache and actions/cache/save are one).
    assert {repo: len(s) for repo, s in shas.items() if len(s) > 1} == {}


def test_permissions_are_asked_for_per_job(workflows: dict[str, dict[str, Any]]) -> None:
    for name, wf in workflows.items():
        assert wf.get("permissions") == {}, (
            f"{name}: expected `permissions: {{}}` at the top, each job asking for its own"
        )
        for job_id, job in wf["jobs"].items():
            perms = job.get("permissions")
            assert isinstance(perms, dict) and perms, f"{name}: job {job_id} declares no permissions"
            assert "write-all" not in perms.values()
            writes = {k for k, v in perms.items() if v == "write"}
            allowed = {"deploy": {"pages", "id-token"}, "linkcheck": {"issues"}}.get(job_id, set())
            assert writes <= allowed, f"{name}: job {job_id} may write {sorted(writes - allowed)}"


def test_every_checkout_keeps_no_credentials_and_builds_from_full_history(
    workflows: dict[str, dict[str, Any]],
) -> None:
    checkouts = 0
    for name, wf in workflows.items():
        for job_id, job in wf["jobs"].items():
            for step in _steps(job):
                if _uses(step) != "actions/checkout":
                    continue
                checkouts += 1
                options = step.get("with") or {}
                assert options.get("persist-credentials") is False, f"{name}: {job_id} checkout keeps the token"
                if "make" in _runs(job) or "jupyter-book" in _runs(job):
                    # The pages' "last updated" dates come from git history.
                    assert options.get("fetch-depth") == 0, f"{name}: {job_id} builds from a shallow clone"
    assert checkouts >= 3


def test_pages_deploys_only_the_site_the_test_job_built_and_tested(workflows: dict[str, dict[str, Any]]) -> None:
    ci = workflows["ci.yml"]["jobs"]
    uploaders = [j for j, job in ci.items() if any(_uses(s) == "actions/upload-pages-artifact" for s in _steps(job))]
    assert uploaders == ["test"]
    test_steps = _steps(ci["test"])
    names = [_uses(s) or s.get("run", "") for s in test_steps]
    upload = names.index("actions/upload-pages-artifact")
    assert names.index("make test") < upload, "the site must be uploaded after `make test` passed"
    assert next(s for s in test_steps if _uses(s) == "actions/upload-pages-artifact")["with"]["path"] == "_build/html"
    deployers = {
        (wf_name, j)
        for wf_name, wf in workflows.items()
        for j, job in wf["jobs"].items()
        if any(_uses(s) == "actions/deploy-pages" for s in _steps(job))
    }
    assert deployers == {("ci.yml", "deploy")}
    deploy = ci["deploy"]
    assert deploy["needs"] in ("test", ["test"]) and not _runs(deploy), (
        "deploy builds nothing: it publishes the artifact"
    )
    # No job of ci.yml builds the site beside the tests.
    assert [j for j, job in ci.items() if re.search(r"make (book|build)\b|jupyter-book build", _runs(job))] == []


#: Both editions' execution caches, cached as one (issue 15).
EXECUTION_CACHES = "_build/.jupyter_cache\n_build/es/.jupyter_cache\n"


def test_the_weekly_run_is_cold_and_the_caches_are_shared_with_the_link_check(
    workflows: dict[str, dict[str, Any]],
) -> None:
    ci, linkcheck = workflows["ci.yml"], workflows["linkcheck.yml"]
    assert ci["on"].get("schedule"), "expected a weekly scheduled run of ci.yml"
    test = ci["jobs"]["test"]
    assert test["env"]["COLD"] == "${{ github.event_name == 'schedule' }}"
    restores = [s for s in _steps(test) if _uses(s) == "actions/cache/restore"]
    assert {s["with"]["path"] for s in restores} >= {".venv", EXECUTION_CACHES}
    assert all(s.get("if") == "env.COLD != 'true'" for s in restores), "the weekly cold build restores no cache"
    saved = {s["with"]["path"] for s in _steps(test) if _uses(s) == "actions/cache/save"}
    assert saved >= {".venv", EXECUTION_CACHES}

    keys_step = next(s for s in _steps(test) if s.get("id") == "keys")["run"]
    lc_job = linkcheck["jobs"]["linkcheck"]
    lc_restores = {s["with"]["path"]: s["with"] for s in _steps(lc_job) if _uses(s) == "actions/cache/restore"}
    assert f'venv={lc_restores[".venv"]["key"]}"' in keys_step, "linkcheck.yml restores another .venv key"
    assert f'jupyter={lc_restores[EXECUTION_CACHES]["restore-keys"]}"' in keys_step
    assert not any(_uses(s) in ("actions/cache", "actions/cache/save") for s in _steps(lc_job))
    # The link check builds into the default _build, where myst-nb keeps that execution cache.
    assert "--path-output" not in _runs(lc_job)


def test_the_newest_python_job_resolves_from_pyproject(workflows: dict[str, dict[str, Any]]) -> None:
    job = workflows["ci.yml"]["jobs"]["newest-python"]
    assert "schedule" in job["if"]
    setup = next(s for s in _steps(job) if _uses(s) == "actions/setup-python")
    assert setup["with"]["python-version"] == "3.x"
    assert "uv pip compile pyproject.toml" in _runs(job)
    # The same extras as requirements.lock (`make lock`), or a check would miss its tools.
    lock_line = next(
        x for x in (REPO / "Makefile").read_text(encoding="utf-8").splitlines() if "-o requirements.lock" in x
    )
    extras = re.compile(r"--extra (\w+)")
    assert set(extras.findall(_runs(job))) == set(extras.findall(lock_line))


def test_dependabot_keeps_the_actions_fresh() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert ecosystems["github-actions"]["directory"] == "/"
    assert ecosystems["github-actions"]["schedule"]["interval"] in ("daily", "weekly")
