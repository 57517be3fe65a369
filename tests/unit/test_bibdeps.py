"""A bibliography edit re-executes only the pages that read the entry (issue 13, section 2)."""

from __future__ import annotations

import ast
from pathlib import Path

import casekit
from casekit.sphinxext.cache import fingerprints

CASE_DOC = "case_studies/msme-digitization/demo-city-voucher"
CHAPTER_DOC = "chapters/overview"
OTHER_CASE_DOC = "case_studies/msme-digitization/another-case"
PAGES = [CASE_DOC, CHAPTER_DOC, OTHER_CASE_DOC]
UNRELATED = "\n@misc{someone-2024-unrelated,\n  title = {An entry no page cites},\n  year = {2024},\n}\n"


def _other_case(book: Path) -> None:
    """A second case that cites only worldbank-wdi (the demo case cites the demo-* reports)."""
    (book / "data/cases/another-case.yml").write_text("id: another-case\nsources: [worldbank-wdi]\n")


def _edit_entry(book: Path, key: str, old: str, new: str) -> None:
    bib = book / "references.bib"
    text = bib.read_text()
    start = text.index(f"{{{key},")
    end = text.index("\n}", start)
    assert old in text[start:end]
    bib.write_text(text[:start] + text[start:end].replace(old, new) + text[end:])


def test_adding_an_unrelated_entry_changes_no_fingerprint(minibook):
    _other_case(minibook)
    before = fingerprints(minibook, PAGES)
    (minibook / "references.bib").write_text((minibook / "references.bib").read_text() + UNRELATED)
    assert fingerprints(minibook, PAGES) == before


def test_editing_a_cited_entry_changes_its_case_and_the_chapters_only(minibook):
    _other_case(minibook)
    before = fingerprints(minibook, PAGES)
    _edit_entry(minibook, "demo-2020-report", "2020", "2019")
    after = fingerprints(minibook, PAGES)
    assert after[CASE_DOC] != before[CASE_DOC]
    assert after[CHAPTER_DOC] != before[CHAPTER_DOC]  # chapter pages read every case
    assert after[OTHER_CASE_DOC] == before[OTHER_CASE_DOC]  # cites worldbank-wdi only


def test_keys_in_a_pages_code_count_for_that_page(minibook):
    _other_case(minibook)
    page = minibook / f"{OTHER_CASE_DOC}.md"
    page.write_text(
        "---\n---\n\n# Other\n\n```{code-cell} ipython3\nKEY = 'demo-2021-answer'\n```\n\nProse: demo-2020-report.\n"
    )
    before = fingerprints(minibook, PAGES)
    _edit_entry(minibook, "demo-2021-answer", "}", "} ")
    assert fingerprints(minibook, PAGES)[OTHER_CASE_DOC] != before[OTHER_CASE_DOC]
    before = fingerprints(minibook, PAGES)
    _edit_entry(minibook, "demo-2020-report", "2020", "2018")  # named in prose only: not read by code
    assert fingerprints(minibook, PAGES)[OTHER_CASE_DOC] == before[OTHER_CASE_DOC]


def test_string_macros_count_for_every_page(minibook):
    before = fingerprints(minibook, PAGES)
    bib = minibook / "references.bib"
    bib.write_text('@string{wb = "World Bank"}\n' + bib.read_text())
    after = fingerprints(minibook, PAGES)
    assert all(after[d] != before[d] for d in PAGES)


def test_the_notebook_api_reads_the_bibliography_only_for_a_cases_sources():
    """bibdeps assumes a page's code reads only the entries its case files cite (tables.sources_table)."""
    package = Path(casekit.__file__).resolve().parent
    readers = set()
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            is_relative = isinstance(node, ast.ImportFrom) and node.level == 1
            if is_relative and (node.module == "bib" or any(a.name == "bib" for a in node.names)):
                readers.add(path.stem)
    assert readers == {"tables"}
    source = (package / "tables.py").read_text(encoding="utf-8")
    assert source.count("bib.references(") == 1 and "for key in case.cited_keys():" in source
