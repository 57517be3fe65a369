"""casekit.sphinxext.compat (build speed): three patches of other extensions' internals, each checked against upstream.

Each test builds a tiny Sphinx project twice, with and without the patch, and asserts the
pages are the same while the cost is gone. If sphinx-exercise starts to need the page's
document in its registry, or sphinxcontrib-bibtex changes how it filters entries, the
pages differ and the test fails: the patch must then be revised or dropped.
"""

from __future__ import annotations

import inspect
import pickle
import re
import sys
import types
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from casekit.sphinxext import compat as speedups

# The speed patches alone, as a Sphinx extension (the whole casekit.sphinxext needs a book around it).
_EXTENSION = "casekit_speed_patches"
sys.modules[_EXTENSION] = types.ModuleType(_EXTENSION)
sys.modules[_EXTENSION].setup = speedups.speed_up  # type: ignore[attr-defined]

MARKER = "A long paragraph that belongs to the page, not to any exercise. " * 20

PAGE = """\
{title}
{underline}

{marker}

.. exercise::
   :label: {name}-ex

   Read the chart on {name}.

.. solution:: {name}-ex
   :label: {name}-sol

   The answer for {name}.

See :ref:`{name}-ex` and :numref:`{other}-ex`. Cited :cite:p:`alpha2020`.
"""

BIB = """\
@misc{alpha2020, title = {Alpha report}, author = {Alpha, Ann}, year = {2020}}
@misc{beta2021, title = {Beta report}, author = {Beta, Ben}, year = {2021}}
@misc{gamma2022, title = {Gamma report}, author = {Gamma, Gil}, year = {2022}}
"""

INDEX = """\
Book
====

.. toctree::

   one
   two
   refs

"""

REFS = """\
References
==========

Cited in two: :cite:p:`beta2021`.

.. bibliography::
   :filter: cited and ({"one", "refs"} & docnames)

"""


def _project(root: Path) -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "index.rst").write_text(INDEX)
    (src / "one.rst").write_text(PAGE.format(title="One", underline="===", marker=MARKER, name="one", other="two"))
    (src / "two.rst").write_text(PAGE.format(title="Two", underline="===", marker=MARKER, name="two", other="one"))
    (src / "refs.rst").write_text(REFS)
    (src / "refs.bib").write_text(BIB)
    return src


def _build(src: Path, out: Path, extensions: list[str], *, fresh: bool = True) -> Sphinx:
    with patch_docutils(src), docutils_namespace():
        app = Sphinx(
            srcdir=src,
            confdir=None,
            outdir=out / "html",
            doctreedir=out / "doctrees",
            buildername="html",
            confoverrides={
                "extensions": extensions,
                "bibtex_bibfiles": ["refs.bib"],
                "numfig": True,
                "html_theme": "basic",
            },
            status=None,
            warning=None,
            freshenv=fresh,
            warningiserror=True,
        )
        app.build()
    return app


def _bodies(out: Path) -> dict[str, str]:
    pages = {}
    for page in sorted((out / "html").glob("*.html")):
        body = page.read_text(encoding="utf-8")
        body = re.sub(r"\s+", " ", body[body.find('<div class="body"') :])
        pages[page.name] = body
    return pages


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    speedups.index_bibtex_citations()
    upstream = speedups.UPSTREAM["get_filtered_entries"]
    root = tmp_path_factory.mktemp("speedups")
    src = _project(root)
    base = ["sphinx_exercise", "sphinxcontrib.bibtex"]
    patched = BibtexDomain.get_filtered_entries
    BibtexDomain.get_filtered_entries = upstream
    try:
        _build(src, root / "stock", base)
    finally:
        BibtexDomain.get_filtered_entries = patched
    _build(src, root / "ours", [*base, _EXTENSION])
    return {"stock": root / "stock", "ours": root / "ours"}


def _registry(out: Path) -> dict:
    with open(out / "doctrees" / "environment.pickle", "rb") as f:
        return pickle.load(f).sphinx_exercise_registry


def test_upstream_registry_stores_the_whole_page(builds: dict[str, Path]) -> None:
    # Why the patch exists: if this fails, sphinx-exercise stopped doing it; drop detach_exercise_nodes.
    assert MARKER.strip().encode() in pickle.dumps(_registry(builds["stock"]))


def test_registry_nodes_are_detached_from_their_pages(builds: dict[str, Path]) -> None:
    registry = _registry(builds["ours"])
    assert set(registry) == {"one-ex", "one-sol", "two-ex", "two-sol"}
    for label, entry in registry.items():
        node = entry["node"]
        assert node.parent is None, label
        assert all(part.__dict__.get("_document") is None for part in node.findall()), label
        assert node["label"] == label and entry["docname"] == label.split("-")[0]
    assert MARKER.strip().encode() not in pickle.dumps(registry)


def test_pages_are_the_same_with_and_without_the_patches(builds: dict[str, Path]) -> None:
    stock, ours = _bodies(builds["stock"]), _bodies(builds["ours"])
    assert set(stock) == set(ours) and {"one.html", "two.html", "refs.html"} <= set(ours)
    assert stock == ours
    # The exercise machinery the patch must keep working: numbers, solution titles, references.
    assert "Exercise 1" in ours["one.html"] and "Exercise 2" in ours["two.html"]
    assert "Solution to" in ours["one.html"]
    assert 'href="two.html#two-ex"' in ours["one.html"]


def test_bibliography_filter_matches_upstream(builds: dict[str, Path]) -> None:
    refs = _bodies(builds["ours"])["refs.html"]
    # cited on "one" or "refs" (the filter), not gamma (never cited)
    assert "Alpha report" in refs and "Beta report" in refs and "Gamma report" not in refs


def test_upstream_filter_still_has_the_shape_the_patch_replaces() -> None:
    speedups.index_bibtex_citations()
    upstream = speedups.UPSTREAM["get_filtered_entries"]
    assert list(inspect.signature(upstream).parameters) == ["self", "bibliography_key"]
    source = inspect.getsource(upstream)
    # The scan the patch replaces, and the pieces of upstream it reuses.
    assert "for citation_ref in self.citation_refs" in source
    assert "_FilterVisitor(" in source and "bibliography.keys" in source


def test_figure_numbers_are_kept_when_no_page_is_read_and_renumbered_when_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    speedups.keep_figure_numbers()
    calls = []
    upstream = speedups.UPSTREAM["assign_figure_numbers"]
    monkeypatch.setitem(
        speedups.UPSTREAM, "assign_figure_numbers", lambda self, env: calls.append(1) or upstream(self, env)
    )
    src = _project(tmp_path)
    extensions = ["sphinx_exercise", "sphinxcontrib.bibtex", _EXTENSION]
    _build(src, tmp_path / "out", extensions)
    assert calls and "Exercise 2" in _bodies(tmp_path / "out")["two.html"]
    calls.clear()
    before = _bodies(tmp_path / "out")
    _build(src, tmp_path / "out", extensions, fresh=False)  # nothing changed: nothing to number
    assert calls == []
    assert _bodies(tmp_path / "out") == before
    one = src / "one.rst"
    one.write_text(one.read_text().replace("Read the chart on one.", "Read the bar chart on one."))
    _build(src, tmp_path / "out", extensions, fresh=False)  # a page read, same exercises: same numbers
    assert calls == []
    edited = _bodies(tmp_path / "out")
    assert "Read the bar chart on one." in edited["one.html"] and "Exercise 2" in edited["two.html"]
    assert edited["two.html"] == before["two.html"]
    assert edited["one.html"] == before["one.html"].replace("Read the chart on one.", "Read the bar chart on one.")
    one.write_text(one.read_text() + "\n.. exercise::\n   :label: one-more\n\n   One more.\n")
    _build(src, tmp_path / "out", extensions, fresh=False)  # one page read: numbers move on
    assert calls
    after = _bodies(tmp_path / "out")
    assert "Exercise 2" in after["one.html"] and "Exercise 3" in after["two.html"]
    assert 'href="two.html#two-ex">Exercise 3' in after["one.html"].replace('<span class="std std-numref">', "")


def test_upstream_toc_collector_still_numbers_figures_through_the_patched_method() -> None:
    from sphinx.environment.collectors.toctree import TocTreeCollector

    speedups.keep_figure_numbers()
    assert "self.assign_figure_numbers(env)" in inspect.getsource(TocTreeCollector.get_updated_docs)
    assert list(inspect.signature(speedups.UPSTREAM["assign_figure_numbers"]).parameters) == ["self", "env"]
    assert "env.get_doctree(docname)" in inspect.getsource(speedups.UPSTREAM["assign_figure_numbers"])


def test_figure_numbers_are_recomputed_when_a_page_is_removed(tmp_path: Path) -> None:
    src = _project(tmp_path)
    extensions = ["sphinx_exercise", "sphinxcontrib.bibtex", _EXTENSION]
    (src / "index.rst").write_text(INDEX.replace("   one\n", ""))
    (src / "zero.rst").write_text(PAGE.format(title="Zero", underline="====", marker="", name="zero", other="one"))
    (src / "index.rst").write_text(INDEX.replace("   one\n", "   zero\n   one\n"))
    _build(src, tmp_path / "out", extensions)
    assert "Exercise 3" in _bodies(tmp_path / "out")["two.html"]
    (src / "zero.rst").unlink()
    (src / "index.rst").write_text(INDEX)
    _build(src, tmp_path / "out", extensions, fresh=False)
    assert "Exercise 2" in _bodies(tmp_path / "out")["two.html"]


def test_plugin_lookups_are_remembered_until_a_plugin_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    import pybtex.plugin as plugin

    speedups.cache_plugin_lookups()
    plugin.find_plugin.cache_clear()
    scans = []
    real_entry_points = plugin.entry_points
    monkeypatch.setattr(plugin, "entry_points", lambda **kw: scans.append(kw) or real_entry_points(**kw))
    plaintext = plugin.find_plugin("pybtex.backends", "plaintext")
    assert plaintext is speedups.UPSTREAM["find_plugin"]("pybtex.backends", "plaintext")
    scanned = len(scans)
    assert scanned and all(plugin.find_plugin("pybtex.backends", "plaintext") is plaintext for _ in range(50))
    assert len(scans) == scanned  # the 50 lookups scanned nothing

    class Dummy(plaintext):  # type: ignore[misc, valid-type]
        pass

    plugin.register_plugin("pybtex.backends", "plaintext", Dummy, force=True)
    try:
        assert plugin.find_plugin("pybtex.backends", "plaintext") is Dummy  # registering forgets old answers
    finally:
        plugin._RUNTIME_PLUGINS["pybtex.backends"].pop("plaintext")
        plugin.find_plugin.cache_clear()
    assert plugin.find_plugin("pybtex.backends", "plaintext") is plaintext


def test_upstream_plugin_functions_keep_the_signatures_the_cache_wraps() -> None:
    speedups.cache_plugin_lookups()
    find, register = speedups.UPSTREAM["find_plugin"], speedups.UPSTREAM["register_plugin"]
    assert list(inspect.signature(find).parameters) == ["plugin_group", "name", "filename"]
    assert list(inspect.signature(register).parameters) == ["plugin_group", "name", "klass", "force"]
    # What makes a lookup slow, and what a registration changes.
    assert "entry_points(" in inspect.getsource(speedups.UPSTREAM["find_plugin"].__globals__["_load_entry_point"])
    assert "_RUNTIME_PLUGINS" in inspect.getsource(register)
