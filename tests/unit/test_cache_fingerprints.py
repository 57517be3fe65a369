"""What invalidates a page's execution cache (casekit.sphinxext)."""

from __future__ import annotations

from casekit.sphinxext.cache import fingerprints

CASE_DOC = "case_studies/msme-digitization/demo-city-voucher"
OTHER_DOC = "chapters/overview"
PAGES = [CASE_DOC, OTHER_DOC]


def test_own_series_changes_only_pages_that_read_it(minibook):
    before = fingerprints(minibook, PAGES)
    path = minibook / "data/series/demo-city-voucher.csv"
    path.write_text(path.read_text().replace("4000", "4001"))
    after = fingerprints(minibook, PAGES)
    assert after[CASE_DOC] != before[CASE_DOC]
    assert after[OTHER_DOC] != before[OTHER_DOC]  # chapters read every case


def test_other_case_does_not_touch_this_case(minibook):
    before = fingerprints(minibook, PAGES)
    (minibook / "data/cases/another-case.yml").write_text("id: another-case\n")
    after = fingerprints(minibook, PAGES)
    assert after[CASE_DOC] == before[CASE_DOC]
    assert after[OTHER_DOC] != before[OTHER_DOC]


def test_shared_inputs_change_every_page(minibook):
    # references.bib is not shared: a page depends on the entries it cites (test_bibdeps.py).
    for rel in ("requirements.lock", "data/indicators/digital_economy.csv"):
        before = fingerprints(minibook, PAGES)
        path = minibook / rel
        path.write_text(path.read_text() + "\n")
        after = fingerprints(minibook, PAGES)
        assert all(after[d] != before[d] for d in PAGES), rel


def test_prose_only_edit_changes_nothing(minibook):
    before = fingerprints(minibook, PAGES)
    nb = minibook / "case_studies/msme-digitization/demo-city-voucher.md"
    nb.write_text(nb.read_text().replace("Lessons.", "Lessons, reworded."))
    assert fingerprints(minibook, PAGES) == before


def test_a_changed_page_stays_stale_until_its_new_outputs_are_recorded(minibook):
    """Issue 13 section 3: the fingerprint counts only once the build finished with the page."""
    from casekit.sphinxext.cache import record_finished, sync_cache

    cache = minibook / "_build" / ".jupyter_cache"
    sources = {CASE_DOC: (minibook / f"{CASE_DOC}.md").resolve()}
    assert sync_cache(minibook, cache, sources)[0] == [CASE_DOC]  # never built
    assert sync_cache(minibook, cache, sources)[0] == [CASE_DOC]  # a build that stopped before the end
    assert record_finished(cache, need_cache_record=False) == [str(sources[CASE_DOC])]
    assert sync_cache(minibook, cache, sources)[0] == []
    lock = minibook / "requirements.lock"
    lock.write_text(lock.read_text() + "# changed\n")
    assert sync_cache(minibook, cache, sources)[0] == [CASE_DOC]
    assert sync_cache(minibook, cache, sources)[0] == [CASE_DOC]


def test_only_the_notebook_api_counts_among_casekits_files():
    """Editing the build or contributor tooling re-executes nothing: no notebook imports it."""
    from casekit.sphinxext.cache import PACKAGE, notebook_api_files

    files = {p.relative_to(PACKAGE).as_posix() for p in notebook_api_files()}
    assert {"__init__.py", "cases.py", "charts.py", "render.py", "templatedoc.py", "geo/countries-110m.json"} <= files
    assert not {f for f in files if f.startswith(("sphinxext/", "contrib/"))}
