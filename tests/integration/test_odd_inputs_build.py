"""What `casekit check` accepts must build: odd but valid input, checked and then built strictly.

The sample: a place with a colon, a hash, quotes and non-ASCII letters; a summary with `#`, `{`,
`%`, `&` and `<`; a tag and a partner with YAML-sensitive characters; an outcome of zero; a series
with zero and negative values and a note with `<`, `&` and quotes; a bibliography title with LaTeX
accents and an escaped percent sign.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_build_cache import PAGE, build

PLACE = "Demo City: Ñuñoa #2 — “east” side"
SUMMARY = (
    "A fictional city (#2 of {several}) used only by tests; 50% of small firms & 3 < 4 markets: "
    "it funds a first online shop through matched vouchers."
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_odd_but_valid_input_is_accepted_and_builds(minibook):
    case_file = minibook / "data/cases/demo-city-voucher.yml"
    _edit(case_file, "place: Demo City", f"place: {json.dumps(PLACE, ensure_ascii=False)}")
    _edit(case_file, "summary: >-\n", f"summary: {json.dumps(SUMMARY, ensure_ascii=False)}\nold_summary: >-\n")
    text = case_file.read_text(encoding="utf-8")
    start = text.index("old_summary: >-\n")
    end = text.index("evidence:")
    case_file.write_text(text[:start] + text[end:], encoding="utf-8")
    _edit(case_file, "tags: [test]", 'tags: [test, "café: été #1"]')
    _edit(case_file, "partners: []", 'partners: ["Chamber of Commerce: North & South", "O\'Brien Ltd."]')
    _edit(case_file, "value: 1100", "value: 0")
    series = minibook / "data/series/demo-city-voucher.csv"
    series.write_text(
        series.read_text(encoding="utf-8")
        + '2019,net-change,Net change,-250.5,firms,demo-2020-report,"fell <10% & then ""recovered"""\n'
        + "2020,net-change,Net change,0,firms,demo-2021-answer,\n",
        encoding="utf-8",
    )
    bib = minibook / "references.bib"
    _edit(bib, "title = {Demo voucher report}", "title = {Informe de {\\'E}xito: 50\\% de las {PYMEs}}")
    notebook = minibook / "case_studies/msme-digitization/demo-city-voucher.md"
    _edit(
        notebook,
        "## What other places can learn",
        "```{code-cell} ipython3\n"
        'casekit.charts.series_chart(CASE, "net-change", title="Net change in firms (test data)", '
        'description="Bar chart of the net change in firms, 2019 and 2020.", mark="bar")\n'
        "```\n\n## What other places can learn",
    )

    check = subprocess.run(
        [sys.executable, "-m", "casekit", "--root", str(minibook), "check"], capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr

    build(minibook)  # strict: -W -n --keep-going
    html = (minibook / PAGE).read_text(encoding="utf-8")
    assert "Ñuñoa #2" in html
    assert "Chamber of Commerce: North &amp; South" in html  # escaped, as plain text
    assert "-250.5" in html
    assert "Éxito" in (minibook / "_build/html/reference/bibliography.html").read_text(encoding="utf-8")
