"""The workshop kit's wheelhouse: which locked packages each laptop gets (tools/make_workshop_kit.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

import make_workshop_kit as kit  # noqa: E402

LOCK = (REPO / kit.KIT_LOCK).read_text(encoding="utf-8")


def names(platform: str, python: str) -> set[str]:
    return {line.split("==")[0] for line in kit.requirements_for(LOCK, platform, python)}


def test_markers_are_evaluated_for_the_target_not_this_machine():
    assert "pywinpty" in names("windows-x86_64", "3.11")
    assert "pywinpty" not in names("linux-x86_64", "3.11")
    assert "appnope" in names("macos-arm64", "3.12")
    assert "appnope" not in names("windows-x86_64", "3.12")
    assert "pexpect" not in names("windows-x86_64", "3.13")


def test_python_version_markers_pick_the_locked_version():
    numpy = {
        p: [r for r in kit.requirements_for(LOCK, "linux-x86_64", p) if r.startswith("numpy==")] for p in kit.PYTHONS
    }
    assert all(len(v) == 1 for v in numpy.values())
    locked = {line.split(";")[0].strip() for line in LOCK.splitlines() if line.startswith("numpy==")}
    assert {v[0] for v in numpy.values()} <= locked


def test_kit_lock_is_the_lab_lock_narrowed_to_what_notebooks_need():
    lab = {line.strip() for line in (REPO / "requirements-lab.lock").read_text().splitlines() if "==" in line}
    kit_lines = {line.strip() for line in LOCK.splitlines() if "==" in line}
    assert kit_lines <= lab
    kit_names = {line.split("==")[0] for line in kit_lines}
    assert {"altair", "pandas", "pydantic", "babel", "jupyterlab", "ipykernel", "nbconvert"} <= kit_names
    # Contributor tooling (casekit.contrib, the `check` extra) and the build stay out of the kit.
    assert not {"jupyter-book", "sphinx", "playwright", "pytest", "frictionless", "python-docx"} & kit_names


def test_targets():
    assert len(kit.parse_targets("all")) == len(kit.PLATFORMS) * len(kit.PYTHONS)
    assert kit.parse_targets("windows-x86_64@3.12") == [("windows-x86_64", "3.12")]
    assert kit.parse_targets("host") == [kit.host_target()]
    with pytest.raises(SystemExit, match="unknown target"):
        kit.parse_targets("amiga")


def test_sizes_count_a_shared_wheel_once_per_platform(tmp_path):
    a, b = tmp_path / "a-py3-none-any.whl", tmp_path / "b-cp311-win_amd64.whl"
    a.write_bytes(b"x" * 10)
    b.write_bytes(b"y" * 5)
    sizes = kit.sizes_per_platform(
        {"windows-x86_64-py3.11": [a, b], "windows-x86_64-py3.12": [a], "linux-x86_64-py3.11": [a]}
    )
    assert sizes == {"windows-x86_64": 15, "linux-x86_64": 10}


def test_every_patch_release_gets_its_locked_version():
    """soupsieve is locked at one version below Python 3.11.5 and another from 3.11.5: a laptop may have either."""
    soupsieve = [r for r in kit.requirements_for(LOCK, "linux-x86_64", "3.11") if r.startswith("soupsieve==")]
    locked = sorted(line.split(";")[0].strip() for line in LOCK.splitlines() if line.startswith("soupsieve=="))
    assert sorted(soupsieve) == locked and len(locked) == 2
