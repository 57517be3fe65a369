"""A real Jupyter Book build of the miniature book: the execution cache follows data changes.

myst-nb caches on code cells only; casekit.sphinxext adds the files a page reads.
Editing a series value (no code change) must re-execute the case page and show the
new value; a second build with nothing changed must execute nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from strictbuild import run_build

BIN = Path(sys.executable).parent
PAGE = "_build/html/case_studies/msme-digitization/demo-city-voucher.html"


def build(book: Path) -> str:
    result = run_build(book)
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line or "Error" in line]
    assert result.returncode == 0, "\n".join(problems[-20:])
    return result.stdout + result.stderr


def executed(log: str) -> int:
    """Notebooks a build executed: in parallel before reading (casekit.sphinxext.execute), or by myst-nb."""
    found = re.search(r"\[casekit\] prebuild: (\d+) of \d+ notebooks executed", log)
    assert found, "the build did not run casekit's parallel execution step"
    return int(found.group(1)) + log.count("Executed notebook")


def test_data_edit_reexecutes_only_that_page(minibook):
    log = build(minibook)
    assert executed(log) == 1
    html = (minibook / PAGE).read_text()
    assert "'value': 4000" in html or "&#39;value&#39;: 4000" in html

    log = build(minibook)  # nothing changed
    assert executed(log) == 0

    series = minibook / "data/series/demo-city-voucher.csv"
    series.write_text(series.read_text().replace("4000", "4321"))
    log = build(minibook)
    assert executed(log) == 1
    assert "[casekit] 1 cached notebook(s) dropped" in log
    html = (minibook / PAGE).read_text()
    assert "4321" in html and "4000" not in html


def test_a_failing_cell_fails_the_build_and_names_the_page(minibook):
    """The parallel step leaves a failing notebook to myst-nb, which reports it: no HTML is passed off."""
    page = minibook / "case_studies/msme-digitization/demo-city-voucher.md"
    text = page.read_text()
    line = 'CASE = "demo-city-voucher"\n'
    page.write_text(text.replace(line, line + 'raise ValueError("deliberately broken for the test")\n', 1))
    result = run_build(minibook)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "[casekit] prebuild: 0 of 1 notebooks executed" in log and "(1 left to the build to report)" in log
    assert "demo-city-voucher.md: WARNING: Executing notebook failed: CellExecutionError" in log
    assert "ValueError" in log and "deliberately broken for the test" in log
