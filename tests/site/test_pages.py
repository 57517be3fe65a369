"""What every case page must show once built."""

from __future__ import annotations

import re

import pytest

from casekit import cases
from casekit.contrib.check import REQUIRED_SECTIONS
from casekit.vocabulary import THEMES


def case_pages(pages):
    themes = "|".join(THEMES)
    return {n: t for n, t in pages.items() if re.match(rf"case_studies/({themes})/(?!index)[^/]+\.html$", n)}


def test_every_case_has_a_page(pages, monkeypatch):
    built = {n.rsplit("/", 1)[1][:-5] for n in case_pages(pages)}
    assert built == {c.id for c in cases.all()}


@pytest.mark.parametrize("section", REQUIRED_SECTIONS)
def test_case_pages_have_every_section(pages, section):
    for name, text in case_pages(pages).items():
        headings = [re.sub(r"<[^>]+>|#", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", text, re.S)]
        assert section in headings, f"{name}: {headings}"


def test_case_pages_have_charts_with_descriptions(pages):
    for name, text in case_pages(pages).items():
        charts = re.findall(
            r'<div id="vega-chart-[0-9a-f]{10}-\d+" class="vega-chart" role="figure" aria-label="([^"]+)"', text
        )
        assert charts, f"{name}: no chart"
        assert all(len(label) >= 15 for label in charts), name


def test_no_unrendered_roles_or_errors(pages):
    for name, text in pages.items():
        assert "{cite" not in text and "{doc}" not in text, name
        assert "Traceback (most recent call last)" not in text, name


def test_explorer_lists_and_maps_every_case(pages):
    text = pages["case_studies/explorer.html"]
    for case in cases.all():
        link = f'href="./{case.theme}/{case.id}.html"'
        assert link in text, f"the explorer table does not link {case.id}"
        assert f'"url":"./{case.theme}/{case.id}.html"' in text, f"the explorer map has no point for {case.id}"
    assert 'class="casekit-table casekit-sortable"' in text


def test_every_case_page_has_exercises_with_hidden_solutions(pages):
    for name, text in case_pages(pages).items():
        assert text.count('class="exercise admonition"') >= 2, name
        assert text.count('class="solution dropdown admonition"') >= 2, name


def test_case_pages_link_their_data_and_the_data_is_published(pages, html_dir):
    for name, text in case_pages(pages).items():
        case_id = name.rsplit("/", 1)[1][:-5]
        for rel in (f"series/{case_id}.csv", f"cases/{case_id}.yml", "datapackage.json"):
            assert f'href="../../data/{rel}"' in text, f"{name} does not link data/{rel}"
            assert (html_dir / "data" / rel).is_file(), f"data/{rel} is not published with the site"


def test_places_like_mine_shows_ranked_cases_with_reasons(pages):
    text = pages["case_studies/places-like-mine.html"]
    assert "Cases ranked by what they share with Kenya" in text
    assert "same World Bank region" in text
    assert text.count('href="./') >= 5  # links to the ranked case pages


def test_case_pages_offer_their_notebook(pages, html_dir):
    import json

    for name, text in case_pages(pages).items():
        theme, file = name.split("/")[1:3]
        rel = f"_notebooks/case_studies/{theme}/{file[:-5]}.ipynb"
        assert f'href="../../data/../{rel}"' in text, name
        nb = json.loads((html_dir / rel).read_text())
        first = nb["cells"][0]
        assert first["cell_type"] == "code" and "import casekit" in "".join(first["source"])
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_tag_pages_list_every_case(pages):
    from casekit.sphinxext.tagpages import collect

    tagged = collect()
    for tag, members in tagged.items():
        text = pages[f"case_studies/tags/{tag.slug}.html"]
        for case in members:
            assert f"../{case.theme}/{case.id}.html" in text, f"{tag.slug} does not list {case.id}"


def test_footer_dates_come_from_git_per_page(pages):
    """A case page's "Last updated" is the last commit of its page, case file or series."""
    import datetime
    import subprocess
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    for name in [*sorted(case_pages(pages)), "chapters/why-places-differ.html"]:
        stem = name.rsplit("/", 1)[1][:-5]
        files = [name[:-5] + ".md", f"data/cases/{stem}.yml", f"data/series/{stem}.csv"]
        expected = subprocess.run(
            ["git", "-C", str(repo), "log", "-1", "--format=%cs", "--", *files],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        day = datetime.date.fromisoformat(expected)
        shown = re.search(r"Last updated on\s+([^<.]+)\.", pages[name])
        assert shown, f"{name}: no 'Last updated' date in the footer"
        assert shown.group(1).strip() == f"{day.day} {day:%B %Y}", name
