"""casekit.prebuild executes notebooks into the cache the build reads, and agrees with it on staleness."""

from __future__ import annotations

import os
import subprocess
import sys

from test_build_cache import build, executed

from casekit.prebuild import prebuild


def test_prebuild_fills_the_cache_the_build_uses(minibook, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(minibook / "_build" / "ipython"))
    first = prebuild(minibook)
    assert first["notebooks"] == 1 and first["executed"] == 1 and first["failed"] == 0
    log = build(minibook)
    assert executed(log) == 0 and "Using cached notebook" in log
    assert prebuild(minibook)["executed"] == 0  # nothing changed

    series = minibook / "data/series/demo-city-voucher.csv"
    series.write_text(series.read_text().replace("4000", "4500"))
    again = prebuild(minibook)
    assert again["stale"] == 1 and again["dropped"] == 1 and again["executed"] == 1
    log = build(minibook)
    assert executed(log) == 0  # the build agrees: nothing stale left
    html = (minibook / "_build/html/case_studies/msme-digitization/demo-city-voucher.html").read_text()
    assert "4500" in html


def test_prebuild_command_reports(minibook):
    env = {**os.environ, "CASEKIT_ROOT": str(minibook), "IPYTHONDIR": str(minibook / "_build" / "ipython")}
    result = subprocess.run(
        [sys.executable, "-m", "casekit.prebuild"], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "prebuild: 1 of 1 notebooks executed" in result.stderr
