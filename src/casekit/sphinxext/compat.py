"""Every patch of another package's internals, in one place (issue 13).

Each entry names what it relies on upstream; tests/unit/test_compat.py fails when that
changes (a signature, or a tiny render of the upstream output), so an upgrade that breaks
a patch is caught by `make unit`, not by a reader.

* jupyter-cache: the on-disk layout ``executed/<hashkey>/base.ipynb`` and ``NbCacheRecord`` are used
  to drop records a killed build left without their notebook (casekit.sphinxext.cache);
* jupyter_client: ``KernelManager.start_kernel`` / ``AsyncKernelManager.start_kernel``
  (``self, **kw``) are wrapped so kernels start one at a time (casekit.sphinxext.kernelstart);
* nbval: ``nbval.kernel.start_new_kernel`` (``**kwargs`` passed on to ``start_kernel``) is
  replaced (casekit.sphinxext.nbval_guard);
* pydata-sphinx-theme: the ``generate_toctree_html`` function it puts in the page context
  is wrapped, to name the sidebar's ``<summary>`` buttons (casekit.sphinxext.htmlfixes);
* docutils: citations are written with ``role="doc-biblioentry"``, rewritten as a list item;
* pybtex: ``Style.format_entry(label, entry, bib_data=None)`` is overridden to cache
  formatted entries (casekit.sphinxext.bibstyle);
* Sphinx: ``sphinx.builders.html._assets._JavaScript(filename, /, *, priority, **attributes)``
  is rebuilt with ``defer`` (casekit.sphinxext.htmlfixes);
* sphinx-exercise 1.2.1: every exercise and solution body is a ``<section>`` with the same id
  (``exercise-content`` / ``solution-content``); a post-transform turns them into classes, so every
  id on a page is unique (issue 13, section 8; tests/unit/test_exercise_ids.py);
* myst-nb 1.4.0: the hidden code cell's ``<summary>`` holds ``<p>`` labels, which HTML does not
  allow there; the node's HTML visitor is replaced by one writing ``<span>`` labels, and
  ``_static/casekit.css`` gives them myst-nb's rules (tests/unit/test_summary_markup.py);
* sphinx-exercise, sphinxcontrib-bibtex, Sphinx's figure numbering and pybtex's plugin look-ups:
  four costs removed from every build (section "Build speed" below; tests/unit/test_speedups.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform as _PostTransform

from ..i18n import _

# jupyter-cache ----------------------------------------------------------------------------
# jupyter-cache 1.0 stores an executed notebook in two steps (``cache_notebook_bundle``): it commits
# the record to its database, then writes ``executed/<hashkey>/base.ipynb``. A build killed between
# the two leaves a record without its notebook, and every later build stopped with "Notebook file
# does not exist for cache record" (myst-nb reading it, or ``remove_cache`` dropping it).


def drop_broken_cache_records(cache: Any) -> int:
    """Remove the cache records whose executed notebook is missing or cut short; return how many."""
    import shutil

    from jupyter_cache.cache.db import NbCacheRecord

    broken = []
    for record in cache.list_cache_records():
        path = cache._get_notebook_path_cache(record.hashkey)
        if not _complete_notebook_file(path):
            shutil.rmtree(path.parent, ignore_errors=True)
            broken.append(record.pk)
    if broken:
        NbCacheRecord.remove_records(broken, cache.db)
    return len(broken)


def _complete_notebook_file(path: Any) -> bool:
    """True when ``path`` holds a whole JSON notebook (nbformat ends it with a closing brace)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 16))
            return size > 0 and handle.read().rstrip().endswith(b"}")
    except OSError:
        return False


# jupyter_client ---------------------------------------------------------------------------


def wrap_kernel_start(sync_wrapper: Callable, async_wrapper: Callable) -> bool:
    """Replace jupyter_client's ``start_kernel`` methods with ``wrapper(original)``; idempotent.

    ``sync_wrapper(original)`` and ``async_wrapper(original)`` return the replacement
    methods. Returns True if newly installed.
    """
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    if getattr(KernelManager.start_kernel, "_casekit_patched", False):
        return False
    for cls, make in ((KernelManager, sync_wrapper), (AsyncKernelManager, async_wrapper)):
        original = cls.start_kernel
        replacement = make(original)
        replacement.__doc__ = original.__doc__
        replacement._casekit_patched = True
        cls.start_kernel = replacement
    return True


# nbval ------------------------------------------------------------------------------------


def wrap_nbval_kernel_start(make: Callable[[Callable], Callable]) -> Callable:
    """Replace ``nbval.kernel.start_new_kernel`` with ``make(original)``; returns the original."""
    from nbval import kernel as nbval_kernel

    original = getattr(nbval_kernel.start_new_kernel, "_casekit_original", nbval_kernel.start_new_kernel)
    replacement = make(original)
    replacement._casekit_original = original  # type: ignore[attr-defined]
    nbval_kernel.start_new_kernel = replacement
    return original


# pydata-sphinx-theme ------------------------------------------------------------------------


def wrap_toctree_html(context: dict, transform: Callable[[str], str]) -> None:
    """Pass the theme's sidebar HTML (``generate_toctree_html`` in the page context) through ``transform``."""
    from markupsafe import Markup

    original = context.get("generate_toctree_html")
    if not callable(original) or getattr(original, "_casekit_patched", False):
        return

    def generate_toctree_html(*args: Any, **kwargs: Any) -> Markup:
        return Markup(transform(str(original(*args, **kwargs))))

    generate_toctree_html._casekit_patched = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_toctree_html


# docutils ---------------------------------------------------------------------------------

#: How docutils' HTML writer marks a citation (the deprecated DPUB role).
BIBLIOENTRY_ROLE = 'role="doc-biblioentry"'


def citations_as_list_items(body: str) -> str:
    """A citation inside docutils' ``role="list"`` container becomes a ``listitem``."""
    return body.replace(BIBLIOENTRY_ROLE, 'role="listitem"') if BIBLIOENTRY_ROLE in body else body


# pybtex -----------------------------------------------------------------------------------


class CachedFormatEntry:
    """Mixin for a pybtex style: ``format_entry`` results kept in ``self.format_cache``.

    Overrides ``BaseStyle.format_entry(self, label, entry, bib_data=None)``. The cache
    must offer ``key(label, entry)``, ``get(key)`` and ``put(key, value)``. With
    ``bib_data`` (cross-references) the entry is formatted afresh.
    """

    format_cache: Any = None

    def format_entry(self, label, entry, bib_data=None):
        if bib_data is not None or self.format_cache is None:
            return super().format_entry(label, entry, bib_data=bib_data)  # type: ignore[misc]
        key = self.format_cache.key(label, entry)
        formatted = self.format_cache.get(key)
        if formatted is None:
            formatted = super().format_entry(label, entry)  # type: ignore[misc]
            self.format_cache.put(key, formatted)
        return formatted


# Sphinx -----------------------------------------------------------------------------------


def deferred_script(js: Any, keep_blocking: set[str]) -> Any:
    """A Sphinx script-file entry loaded with ``defer``, or the same entry when it must not be deferred."""
    from sphinx.builders.html._assets import _JavaScript

    if not isinstance(js, _JavaScript) or not js.filename or str(js.filename) in keep_blocking:
        return js
    if "defer" in js.attributes or "async" in js.attributes:
        return js
    return _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})


# sphinx-exercise ----------------------------------------------------------------------------
# sphinx-exercise 1.2.1 wraps the body of every exercise in ``<section id="exercise-content">`` and
# of every solution in ``<section id="solution-content">`` (``directive.py``; gated solutions in
# ``transforms.py``). A case page has two or three of each, so the ids repeated (the Nu HTML checker:
# 158 duplicate-id errors on the 46 case pages). Nothing reads those ids (no stylesheet or script of
# sphinx-exercise, sphinx-togglebutton or the theme), so each becomes a class of the same name.

#: The ids sphinx-exercise gives to every exercise's and solution's body, and the class each becomes.
SHARED_IDS = ("exercise-content", "solution-content")


def _is_exercise_or_solution(node: nodes.Node | None) -> bool:
    from sphinx_exercise import nodes as exercise_nodes

    kinds = (exercise_nodes.exercise_node, exercise_nodes.exercise_enumerable_node, exercise_nodes.solution_node)
    return isinstance(node, kinds)


def drop_shared_ids(document: nodes.Node) -> int:
    """Turn the shared body ids of exercises and solutions into classes; return how many changed."""
    changed = 0
    for section in document.findall(nodes.section):
        shared = [i for i in section["ids"] if i in SHARED_IDS]
        if not shared or not _is_exercise_or_solution(section.parent):
            continue
        section["ids"] = [i for i in section["ids"] if i not in SHARED_IDS]
        section["classes"].extend(c for c in shared if c not in section["classes"])
        changed += len(shared)
    return changed


class UniqueExerciseIds(_PostTransform):
    """After sphinx-exercise's own post-transforms have resolved titles and links."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        drop_shared_ids(self.document)


def unique_exercise_ids(app: Any) -> None:
    app.add_post_transform(UniqueExerciseIds)


# myst-nb ------------------------------------------------------------------------------------
# myst-nb 1.4.0 writes each hidden code cell as ``<details class="admonition hide ...">`` whose
# ``<summary>`` holds two ``<p class="... admonition-title">`` labels (``myst_nb/sphinx_.py``,
# ``visit_HideCellInput``); HTML allows only phrasing content there (858 Nu errors).


def visit_hide_cell_input(self: Any, node: Any) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    label = _("Toggle hidden content")
    self.body.append(f'<summary aria-label="{escape(label)}">\n')
    self.body.append(f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>\n')
    self.body.append("</summary>\n")


def depart_hide_cell_input(self: Any, node: Any) -> None:
    self.body.append("</details>\n")


class TranslatedSolutionTitles(SphinxTransform):
    """sphinx-exercise titles a solution with its catalog's "Solution", which has no Spanish entry.

    With ``exercise_style: solution_follow_exercise`` the directive stores ``translate("Solution")``
    in the title node and in ``node["title"]`` (its post-transform shows the latter); in a language
    its catalogs lack, both stay English. They take casekit's translation here, before Sphinx reads
    the page's catalog (priority 20).
    """

    default_priority = 17

    def apply(self, **kwargs: Any) -> None:
        from sphinx_exercise.nodes import solution_node, solution_title

        for node in self.document.findall(solution_node):
            if node.get("title") != "Solution":
                continue
            node["title"] = _("Solution")
            for title in node.findall(solution_title):
                if title.astext() == "Solution":
                    title.clear()
                    title += nodes.Text(_("Solution"))


class UniqueIdsAfterTranslation(SphinxTransform):
    """Sphinx's ``Locale`` transform parses each translated paragraph as a small document of its
    own, whose automatic ids (``id1``, ``id2`` ...) start again from 1, so a translated page can
    repeat an id (sphinxcontrib-bibtex's citation spans): invalid HTML. A repeat gets a fresh id,
    right after the translation and before any reference to it is resolved.
    """

    default_priority = 21  # sphinx.transforms.i18n.Locale is 20

    def apply(self, **kwargs: Any) -> None:
        if not self.config.language or self.config.language == "en":
            return
        seen: set[str] = set()
        for node in self.document.findall(nodes.Element):
            ids = node.get("ids")
            if not ids:
                continue
            fresh = []
            for node_id in ids:
                if node_id in seen:
                    node_id = self._new_id()
                seen.add(node_id)
                fresh.append(node_id)
            if fresh != ids:
                node["ids"] = fresh
                for node_id in fresh:
                    self.document.ids.setdefault(node_id, node)

    def _new_id(self) -> str:
        """``translated-1``, ``translated-2`` ...: no automatic id of Sphinx or docutils looks like it."""
        while True:
            self._counter = getattr(self, "_counter", 0) + 1
            candidate = f"translated-{self._counter}"
            if candidate not in self.document.ids:
                return candidate


def hidden_cell_labels_as_spans(app: Any) -> None:
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_input, depart_hide_cell_input))


# Build speed (issue 13, section 2) ----------------------------------------------------------
# Four costs Sphinx and other extensions add to builds, removed at the cause (issue 13, section 2).
#
# All four are patches of another package's internals, each with a unit test
# (tests/unit/test_speedups.py) that fails when the upstream code they rely on changes.
#
# * sphinx-exercise keeps each exercise and solution node in ``env.sphinx_exercise_registry``,
#   still attached to its page: an exercise's copy keeps a reference to the page's whole
#   document, a solution is the page's own node (its parent chain is the document). Sphinx
#   pickles the environment after reading, so every page with an exercise was stored a
#   second time in ``environment.pickle`` (7.6 of its 7.7 MB), and every build, even one
#   with nothing to do, loaded it. ``detach_exercise_nodes`` keeps a detached copy of each
#   node: the same attributes and children, no document, no parent. sphinx-exercise reads
#   only those (labels, docnames, title text) when it resolves references and titles.
#
# * sphinxcontrib-bibtex, after every build's reading phase, decides for each entry of each
#   bibliography which pages cite it by scanning every citation on every page: entries x
#   citations (745 x 2,278 here, 1.7 million set look-ups, about a third of a second on
#   every build, growing with both). ``get_filtered_entries`` below is upstream's method
#   with that scan replaced by one index of cited keys per bibliography; same result, same order.
#
# * Sphinx numbers figures (here: sphinx-exercise's exercises, which turn ``numfig`` on) on
#   every build by unpickling every page's doctree (119 pages, 8.7 MB) and walking it, even
#   when the numbers cannot have changed. ``assign_figure_numbers`` keeps the stored numbers
#   when this build removed no page and every page it read holds the same numbered nodes, in
#   the same order, as before: a warm build (no page read) or an edited cell. A change to
#   the configuration or an extension makes Sphinx read every page, so it is covered too.
#
# * sphinxcontrib-bibtex asks pybtex for its plain-text backend (and the referencing style)
#   for every citation it resolves, and pybtex 0.26 answers by scanning the entry points
#   of every installed package each time: 2,278 citations cost about a third of the CPU
#   of writing every page. ``cache_plugin_lookups`` remembers each answer until a plugin
#   is registered (casekit registers its bibliography style that way).

REGISTRY = "sphinx_exercise_registry"


def detached(node: nodes.Node) -> nodes.Node:
    """A copy of ``node`` that refers to no document and no parent (its own subtree only)."""
    copy = node.deepcopy()
    for part in copy.findall():
        part.__dict__.pop("_document", None)
    for name in ("resolved_title",):  # a Python attribute sphinx-exercise sets, not a node attribute
        if name in node.__dict__:
            copy.__dict__[name] = node.__dict__[name]
    return copy


def _attached(node: nodes.Node) -> bool:
    return node.parent is not None or any(part.__dict__.get("_document") is not None for part in node.findall())


def detach_exercise_nodes(app: Any, env: Any) -> None:
    """After reading (before Sphinx pickles the environment): keep detached exercise nodes only."""
    registry = getattr(env, REGISTRY, None)
    if not registry:
        return
    for entry in registry.values():
        node = entry.get("node") if isinstance(entry, dict) else None
        if isinstance(node, nodes.Node) and _attached(node):
            entry["node"] = detached(node)


def citing_pages(citation_refs: Iterable[Any]) -> dict[str, set[str]]:
    """Every cited key, with the pages that cite it: one pass over the citation references."""
    cited: defaultdict[str, set[str]] = defaultdict(set)
    for citation_ref in citation_refs:
        for target in citation_ref.targets:
            cited[target.key].add(citation_ref.docname)
    return cited


def get_filtered_entries(self: Any, bibliography_key: Any) -> Iterable[tuple[str, Any]]:
    """sphinxcontrib-bibtex 2.6-2.7's ``BibtexDomain.get_filtered_entries``, with the cited pages indexed.

    Upstream computes ``cited_docnames`` for every entry by scanning all citation
    references; here one index per bibliography (:func:`citing_pages`). The rest is upstream's code.
    """
    from sphinxcontrib.bibtex.domain import _FilterVisitor, logger

    cited = citing_pages(self.citation_refs)
    bibliography = self.bibliographies[bibliography_key]
    for entry in self.get_entries(bibliography.bibfiles):
        key = bibliography.keyprefix + entry.key
        cited_docnames = set(cited.get(key, ()))
        visitor = _FilterVisitor(
            entry=entry,
            docname=bibliography_key.docname,
            cited_docnames=cited_docnames,
        )
        try:
            success = visitor.visit(bibliography.filter_)
        except ValueError as err:
            logger.warning(
                f"syntax error in :filter: expression; {err}",
                location=(bibliography_key.docname, bibliography.line),
                type="bibtex",
                subtype="filter_syntax_error",
            )
            # recover by falling back to the default
            success = bool(cited_docnames)
        if success or entry.key in bibliography.keys:
            yield key, entry


#: The upstream functions the speed patches replace, kept for calls through and for the tests.
UPSTREAM: dict[str, Any] = {}


def _replace_method(owner: type, name: str, replacement: Callable) -> None:
    """``owner.name = replacement``, keeping the upstream method in ``UPSTREAM[name]``; idempotent."""
    current = getattr(owner, name)
    if current is replacement:
        return
    UPSTREAM[name] = current
    setattr(owner, name, replacement)


def index_bibtex_citations() -> None:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    _replace_method(BibtexDomain, "get_filtered_entries", get_filtered_entries)


def note_pages_read(app: Any, env: Any, docnames: list[str]) -> None:
    """Record which pages this build reads, and their figure numbers before Sphinx forgets them.

    ``env-before-read-docs``, after other handlers: Sphinx drops a page's numbers when it reads it again.
    """
    app._casekit_pages_read = {d: dict(env.toc_fignumbers.get(d, {})) for d in docnames}


def note_pages_removed(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Record whether this build removes a page (``env-get-outdated``); asks for no page to be read."""
    app._casekit_page_removed = bool(removed)
    return []


def _figtype(env: Any, node: nodes.Element) -> str | None:
    """Upstream's ``get_figtype`` (inside ``assign_figure_numbers``): which kind of numbered node this is."""
    for domain in env.domains.values():
        figtype = domain.get_enumerable_node_type(node)
        if domain.name == "std" and not domain.get_numfig_title(node):
            continue  # an uncaptioned figure or table is not numbered
        if figtype:
            return figtype
    return None


def numbered_nodes(env: Any, doctree: nodes.Element) -> dict[str, list[str]]:
    """The ids of the nodes Sphinx numbers in a page, by kind, in the order upstream's walk meets them."""
    from sphinx import addnodes

    found: dict[str, list[str]] = {}
    stack = list(reversed(doctree.children))
    while stack:
        node = stack.pop()
        if not isinstance(node, nodes.Element) or isinstance(node, addnodes.toctree):
            continue
        if not isinstance(node, nodes.section):
            figtype = _figtype(env, node)
            if figtype and node["ids"]:
                found.setdefault(figtype, []).append(node["ids"][0])
        stack.extend(reversed(node.children))
    return found


def _numbers_unchanged(env: Any, pages: dict[str, dict[str, dict[str, tuple[int, ...]]]]) -> bool:
    """True when the pages read hold the same numbered nodes, in the same order, as when last numbered.

    Then every page's numbers are unchanged: each page adds as many to each count as before,
    in the same place. A page read with a table of contents in it (the book's structure may
    have changed) or numbered sections make this answer no, and Sphinx numbers everything.
    """
    from sphinx import addnodes

    if any(env.toc_secnumbers.values()):
        return False
    for docname, numbers in pages.items():
        doctree = env.get_doctree(docname)
        if any(True for _ in doctree.findall(addnodes.toctree)):
            return False
        before = {
            figtype: [i for i, _ in sorted(ids.items(), key=lambda kv: kv[1])] for figtype, ids in numbers.items()
        }
        if numbered_nodes(env, doctree) != before:
            return False
    return True


def assign_figure_numbers(self: Any, env: Any) -> list[str]:
    """Sphinx's ``TocTreeCollector.assign_figure_numbers``, skipped when no number can have changed.

    That is when this build removed no page, and the pages it read hold the same numbered
    nodes as before (none read, in a warm build; an edited cell, in a one-edit build).
    """
    app = getattr(env, "app", None)
    read = getattr(app, "_casekit_pages_read", None)
    if (
        app is not None
        and read is not None
        and env.config.numfig
        and not getattr(app, "_casekit_page_removed", False)
        and _numbers_unchanged(env, read)
    ):
        for docname, numbers in read.items():  # Sphinx dropped them when it read the page again
            if numbers:
                env.toc_fignumbers[docname] = numbers
        return []  # env.toc_fignumbers, stored with the environment, holds every number
    return UPSTREAM["assign_figure_numbers"](self, env)


def keep_figure_numbers() -> None:
    from sphinx.environment.collectors.toctree import TocTreeCollector

    _replace_method(TocTreeCollector, "assign_figure_numbers", assign_figure_numbers)


def cache_plugin_lookups() -> None:
    """Remember ``pybtex.plugin.find_plugin``'s answers; forget them when a plugin is registered."""
    import functools

    import pybtex.plugin as plugin

    if getattr(plugin.find_plugin, "_casekit_cached", False):
        return
    UPSTREAM["find_plugin"], UPSTREAM["register_plugin"] = plugin.find_plugin, plugin.register_plugin
    remembered = functools.lru_cache(maxsize=None)(UPSTREAM["find_plugin"])

    def find_plugin(plugin_group: str, name: Any = None, filename: Any = None) -> Any:
        if isinstance(name, (str, type(None))) and isinstance(filename, (str, type(None))):
            return remembered(plugin_group, name, filename)
        return UPSTREAM["find_plugin"](plugin_group, name, filename)

    def register_plugin(*args: Any, **kwargs: Any) -> Any:
        remembered.cache_clear()
        return UPSTREAM["register_plugin"](*args, **kwargs)

    find_plugin.__doc__ = UPSTREAM["find_plugin"].__doc__
    find_plugin._casekit_cached = True  # type: ignore[attr-defined]
    find_plugin.cache_clear = remembered.cache_clear  # type: ignore[attr-defined]
    register_plugin.__doc__ = UPSTREAM["register_plugin"].__doc__
    plugin.find_plugin, plugin.register_plugin = find_plugin, register_plugin


def speed_up(app: Any) -> None:
    """Install the four build-speed patches and their event handlers (from casekit.sphinxext's setup)."""
    cache_plugin_lookups()
    index_bibtex_citations()
    keep_figure_numbers()
    app._casekit_pages_read, app._casekit_page_removed = None, False
    app.connect("env-get-outdated", note_pages_removed)
    # Last, so that handlers which add pages to read (casekit.sphinxext) are counted.
    app.connect("env-before-read-docs", note_pages_read, priority=1000)
    # Before Sphinx pickles the environment; after sphinx-exercise's own env-updated check.
    app.connect("env-updated", detach_exercise_nodes, priority=900)
