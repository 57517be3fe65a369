"""The "Design a programme" part once built: its pages, their evidence links and the downloads."""

from __future__ import annotations

import io
import re

import docx

from casekit import templatedoc

DESIGN = [
    "index",
    "find-the-gap",
    "choose-instruments",
    "design-template",
    "partner",
    "budget",
    "measure",
    "risks",
    "review-and-scale",
    "worked-example",
]


def test_every_design_page_is_built_and_cites_the_cases(pages):
    for name in DESIGN:
        text = pages[f"design/{name}.html"]
        if name != "index":
            links = set(re.findall(r'href="\.\./case_studies/[a-z-]+/([a-z0-9-]+)\.html', text))
            assert links, f"design/{name}.html links to no case page"
        assert 'class="bibtex-citation"' in text, f"design/{name}.html cites no source"


def test_find_the_gap_names_the_statistics_offices(pages):
    text = pages["design/find-the-gap.html"]
    for office in (
        "INEGI",
        "INEC",
        "DANE",
        "INEI",
        "IBGE",
        "Cetic.br",
        "MoSPI",
        "National Bureau of Statistics",
        "KNBS",
    ):
        assert office in text, office
    for survey in ("ENDUTIH", "Censos Económicos", "ENAPROCE", "TIC Empresas"):
        assert survey in text, survey


def test_template_downloads_are_published_and_open(html_dir, pages):
    folder = html_dir / "design" / "downloads"
    for stem in templatedoc.DOWNLOADS.values():
        blob = (folder / f"{stem}.docx").read_bytes()
        document = docx.Document(io.BytesIO(blob))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == [f.heading for f in templatedoc.FIELDS]
        assert blob == templatedoc.docx_bytes(
            templatedoc.worked_example() if stem == templatedoc.DOWNLOADS["worked-example"] else None,
            **(
                {"title": templatedoc.EXAMPLE_TITLE, "note": templatedoc.EXAMPLE_NOTE}
                if stem == templatedoc.DOWNLOADS["worked-example"]
                else {}
            ),
        ), f"{stem}.docx differs from a fresh build of the same book"
        assert (folder / f"{stem}.md").read_text(encoding="utf-8").startswith("# ")
    assert 'href="downloads/programme-design-template.docx"' in pages["design/design-template.html"]
    assert 'href="downloads/worked-example-design.docx"' in pages["design/worked-example.html"]


def test_worked_example_marks_its_choices_and_draws_its_chart(pages):
    text = pages["design/worked-example.html"]
    assert text.count("ILLUSTRATIVE") >= 8
    assert "Mexico: basic ICT skills of urban and rural residents, 2021" in text
    assert 'class="casekit-template"' in text
