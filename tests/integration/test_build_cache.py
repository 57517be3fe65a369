"""A real Jupyter Book build of the miniature book: the execution cache follows data changes.

myst-nb caches on code cells only; casekit.sphinxext adds the files a page reads.
Editing a series value (no code change) must re-execute the case page and show the
new value; a second build with nothing changed must execute nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
PAGE = "_build/html/case_studies/msme-digitization/demo-city-voucher.html"


def build(book: Path) -> str:
    env = {**os.environ, "CASEKIT_ROOT": str(book), "IPYTHONDIR": str(book / "_build" / "ipython")}
    result = subprocess.run(
        [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", str(book)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line or "Error" in line]
    assert result.returncode == 0, "\n".join(problems[-20:])
    return result.stdout + result.stderr


def test_data_edit_reexecutes_only_that_page(minibook):
    log = build(minibook)
    assert "Executed notebook" in log
    html = (minibook / PAGE).read_text()
    assert "'value': 4000" in html or "&#39;value&#39;: 4000" in html

    log = build(minibook)  # nothing changed
    assert "Executed notebook" not in log

    series = minibook / "data/series/demo-city-voucher.csv"
    series.write_text(series.read_text().replace("4000", "4321"))
    log = build(minibook)
    assert "Executed notebook" in log
    assert "[casekit] 1 cached notebook(s) dropped" in log
    html = (minibook / PAGE).read_text()
    assert "4321" in html and "4000" not in html
