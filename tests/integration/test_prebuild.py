"""casekit.sphinxext.execute executes notebooks into the cache the build reads, and agrees with it on staleness."""

from __future__ import annotations

import os
import subprocess
import sys

from test_build_cache import build, executed

from casekit.sphinxext.cache import record_finished
from casekit.sphinxext.execute import prebuild
from casekit.sphinxext.registry import Registry


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
        [sys.executable, "-m", "casekit.sphinxext.execute"], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "prebuild: 1 of 1 notebooks executed" in result.stderr


def test_inside_a_build_only_the_pages_sphinx_reads_are_looked_up(minibook, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(minibook / "_build" / "ipython"))
    doc = "case_studies/msme-digitization/demo-city-voucher"
    sources = {doc: (minibook / f"{doc}.md").resolve()}
    first = prebuild(minibook, sources=sources, reading=set(), touch_stale=False)
    # A first run: the fingerprint is new, so the page is stale and is executed anyway.
    assert first["stale_docs"] == [doc] and first["executed"] == 1
    # The build that ran it reads the page and then records its fingerprint (env-check-consistency).
    assert record_finished(Registry(minibook).cache_dir) == [str(sources[doc])]
    # Nothing stale and nothing being read: the cache is not even consulted.
    quiet = prebuild(minibook, sources=sources, reading=set(), touch_stale=False)
    assert quiet["looked_up"] == 0 and quiet["executed"] == 0
    # The page's code is edited, so Sphinx reads it: looked up, found missing, executed.
    page = sources[doc]
    line = 'CASE = "demo-city-voucher"\n'
    page.write_text(page.read_text().replace(line, line + "edited = True\n", 1))
    edited = prebuild(minibook, sources=sources, reading={doc}, touch_stale=False)
    assert edited["looked_up"] == 1 and edited["executed"] == 1
