"""Readers first (issue 11): the built site shows content, not code; every case opens with
"In brief"; "places like mine" carries its ranking data in the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from casekit import cases, matching

REPO = Path(__file__).resolve().parents[2]


def test_code_is_hidden_behind_a_toggle_on_every_page(pages):
    checked = 0
    for name, text in pages.items():
        soup = BeautifulSoup(text, "html.parser")
        for source in soup.select("div.cell_input"):
            checked += 1
            toggle = source.find_parent("details")
            assert toggle is not None and "hide" in toggle.get("class", []), f"{name}: code shown without a toggle"
            assert toggle.summary.get_text(" ", strip=True).startswith("Show code"), name
            assert not toggle.has_attr("open"), name
    assert checked > 200  # the case pages and chapters have hundreds of code cells


def test_every_case_page_opens_with_in_brief(pages):
    every = cases.all()
    assert len(every) >= 30
    for case in every:
        name = f"case_studies/{case.theme}/{case.id}.html"
        soup = BeautifulSoup(pages[name], "html.parser")
        box = soup.select_one("div.casekit-inbrief")
        assert box is not None, name
        assert box.find_previous_sibling().name == "h1", f"{name}: In brief is not right under the title"
        text = box.get_text(" ", strip=True)
        assert text.startswith("In brief"), name
        for label in ("What was done", "Who led it", "When", "What it cost", "Main result", "Evidence"):
            assert label in text, (name, label)
        if case.population is not None:
            assert f"[{case.population.source}]" in text, name
        else:
            assert "Population not published" in text, name
        if not any(p.budget for p in case.programmes):
            assert "No budget published" in text, name
    assert not any("casekit-inbrief" in text for name, text in pages.items() if not name.startswith("case_studies/"))


def test_places_like_mine_carries_the_ranking_in_the_page(pages):
    soup = BeautifulSoup(pages["case_studies/places-like-mine.html"], "html.parser")
    form = soup.select_one("form#casekit-places-form")
    assert form is not None
    options = [o["value"] for o in form.select("select[name=country] option")]
    with (REPO / "data" / "countries.csv").open(encoding="utf-8") as fh:
        codes = [line.split(",", 1)[0] for line in fh.read().splitlines()[1:]]
    assert sorted(options) == sorted(codes)
    script = soup.select_one("script#casekit-places-data")
    assert script["type"] == "application/json"
    raw = script.string
    assert not re.search(r"[<>&]", raw)  # written by casekit.render.script_json
    data = json.loads(raw)
    words = data.pop("words")  # the script's own words (casekit.places), in the edition's language
    assert set(words) == {"caption", "status"}
    assert data == json.loads(json.dumps(matching.page_data()))
