"""The printed briefs (`make briefs`): one case brief and the handbook, read back with pypdf.

Run after `make briefs`:  .venv/bin/python -m pytest -q tests/briefs
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from casekit import bib, cases

REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "_build" / "html"
BRIEFS = REPO / "_build" / "briefs"
CASE = "dublin-trading-online-voucher"


def pdf_text(path: Path) -> tuple[str, int]:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make briefs` first", pytrace=False)
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    # NFKC undoes the ligatures the PDF font uses ("ﬁ" -> "fi").
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)), len(reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def chart_titles(page: Path) -> list[str]:
    """Titles of the charts on a built page, read from the Vega-Lite specs in its HTML."""
    source = page.read_text(encoding="utf-8")
    found = re.findall(r'"title":\{[^{}]*?"text":"((?:[^"\\]|\\.)+)"', source)
    found += re.findall(r'"title":"((?:[^"\\]|\\.)+)"', source)
    return [html.unescape(t.encode().decode("unicode_escape")) for t in found]


def test_one_brief_per_case():
    made = sorted(p.stem for p in BRIEFS.glob("*.pdf") if p.stem != "design-a-programme")
    assert made == sorted(c.id for c in cases.all())


def test_case_brief_has_title_chart_and_sources_on_two_pages_at_most():
    case = cases.load_case(CASE)
    text, pages = pdf_text(BRIEFS / f"{CASE}.pdf")
    assert 1 <= pages <= 2, f"{pages} pages"
    assert squash(case.title) in text
    titles = chart_titles(HTML / "case_studies" / case.theme / f"{CASE}.html")
    assert titles, "no chart title found in the built page"
    assert any(squash(t) in text for t in titles), f"none of the page's chart titles is in the brief: {titles}"
    for heading in ("At a glance", "What other places can learn", "Sources"):
        assert heading in text, heading
    # The source list: the first few sources of the case by title, as the bibliography prints them.
    entries = bib.references()
    shown = [key for key in case.sources[:5] if squash(entries[key].title)[:40] in text]
    assert len(shown) >= 3, f"only {shown} of the first five sources were found in the brief"
    # The brief leaves out the long sections: "What was done" appears once, as a row of the
    # In brief box, never again as the section's heading.
    assert text.count("What was done") <= 1
    assert "In brief" in text


def test_every_case_brief_fits_two_pages():
    for path in sorted(BRIEFS.glob("*.pdf")):
        if path.stem == "design-a-programme":
            continue
        assert len(PdfReader(str(path)).pages) <= 2, path.name


def test_handbook_holds_the_whole_part_in_order():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "Design a programme")
    docs = [part["chapters"][0]["file"], *[s["file"] for s in part["chapters"][0]["sections"]]]
    text, pages = pdf_text(BRIEFS / "design-a-programme.pdf")
    assert pages >= len(docs)
    positions = []
    for doc in docs:
        source = (REPO / f"{doc}.md").read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", source, re.M).group(1)
        assert squash(title) in text, title
        positions.append(text.index(squash(title)))
    assert positions == sorted(positions), "the handbook's pages are not in the order of _toc.yml"
    assert "Mexico: basic ICT skills of urban and rural residents, 2021" in text  # a chart, drawn
    assert "ILLUSTRATIVE" in text
