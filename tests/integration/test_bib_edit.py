"""Editing references.bib in a built book (issue 13, section 2).

A new entry, cited from a page's prose, and then an edit to it: each build succeeds without
removing _build/.doctrees (sphinxcontrib-bibtex registers references.bib as a dependency of
the page holding the bibliography, so that page is read again), the bibliography shows the
edit, and no notebook is executed again, because no notebook's code reads that entry.
Editing an entry the case file cites re-executes the case page.
"""

from __future__ import annotations

from test_build_cache import build, executed

from casekit.sphinxext.registry import Registry

NEW = (
    "\n@misc{new-2024-entry,\n  author = {{New Body}},\n  title = {A new entry},\n  year = {2024},\n"
    "  howpublished = {New Body},\n  url = {https://example.org/new},\n}\n"
)


def test_bibliography_edits_rebuild_without_clean_and_reexecute_only_readers(minibook):
    assert executed(build(minibook)) == 1
    bib = minibook / "references.bib"
    page = minibook / "case_studies/msme-digitization/demo-city-voucher.md"
    bib.write_text(bib.read_text() + NEW)
    text = page.read_text()
    cite = "A test case {cite:p}`demo-2020-report`."
    assert cite in text
    page.write_text(text.replace(cite, "A test case {cite:p}`demo-2020-report` and {cite:p}`new-2024-entry`."))
    assert executed(build(minibook)) == 0  # prose and an uncited-by-code entry: nothing to execute

    bib.write_text(bib.read_text().replace("A new entry", "A renamed entry"))
    assert executed(build(minibook)) == 0
    listing = (Registry(minibook).html_dir / "reference" / "bibliography.html").read_text()
    assert "A renamed entry" in listing and "A new entry" not in listing

    bib.write_text(bib.read_text().replace("Demo voucher report", "Demo voucher report, revised"))
    assert executed(build(minibook)) == 1  # the case file cites demo-2020-report: its page runs again
    case_page = (Registry(minibook).html_dir / "case_studies/msme-digitization/demo-city-voucher.html").read_text()
    assert "Demo voucher report, revised" in case_page
