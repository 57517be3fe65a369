"""Four costs Sphinx and other extensions add to builds, removed at the cause (issue 13, section 2).

All four are patches of another package's internals, each with a unit test
(tests/unit/test_speedups.py) that fails when the upstream code they rely on changes.

* sphinx-exercise keeps each exercise and solution node in ``env.sphinx_exercise_registry``,
  still attached to its page: an exercise's copy keeps a reference to the page's whole
  document, a solution is the page's own node (its parent chain is the document). Sphinx
  pickles the environment after reading, so every page with an exercise was stored a
  second time in ``environment.pickle`` (7.6 of its 7.7 MB), and every build, even one
  with nothing to do, loaded it. ``detach_exercise_nodes`` keeps a detached copy of each
  node: the same attributes and children, no document, no parent. sphinx-exercise reads
  only those (labels, docnames, title text) when it resolves references and titles.

* sphinxcontrib-bibtex, after every build's reading phase, decides for each entry of each
  bibliography which pages cite it by scanning every citation on every page: entries x
  citations (745 x 2,278 here, 1.7 million set look-ups, about a third of a second on
  every build, growing with both). ``get_filtered_entries`` below is upstream's method
  with that scan replaced by one index of cited keys per bibliography; same result, same order.

* Sphinx numbers figures (here: sphinx-exercise's exercises, which turn ``numfig`` on) on
  every build by unpickling every page's doctree (119 pages, 8.7 MB) and walking it, even
  when the numbers cannot have changed. ``assign_figure_numbers`` keeps the stored numbers
  when this build removed no page and every page it read holds the same numbered nodes, in
  the same order, as before: a warm build (no page read) or an edited cell. A change to
  the configuration or an extension makes Sphinx read every page, so it is covered too.

* sphinxcontrib-bibtex asks pybtex for its plain-text backend (and the referencing style)
  for every citation it resolves, and pybtex 0.26 answers by scanning the entry points
  of every installed package each time: 2,278 citations cost about a third of the CPU
  of writing every page. ``cache_plugin_lookups`` remembers each answer until a plugin
  is registered (casekit registers its bibliography style that way).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from docutils import nodes

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


#: sphinxcontrib-bibtex's own method, kept for the test that compares the two.
UPSTREAM: dict[str, Any] = {}


def index_bibtex_citations() -> None:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    current = BibtexDomain.get_filtered_entries
    if current is get_filtered_entries:
        return
    UPSTREAM["get_filtered_entries"] = current
    BibtexDomain.get_filtered_entries = get_filtered_entries


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

    current = TocTreeCollector.assign_figure_numbers
    if current is assign_figure_numbers:
        return
    UPSTREAM["assign_figure_numbers"] = current
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers


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


def setup(app: Any) -> dict[str, Any]:
    cache_plugin_lookups()
    index_bibtex_citations()
    keep_figure_numbers()
    app._casekit_pages_read, app._casekit_page_removed = None, False
    app.connect("env-get-outdated", note_pages_removed)
    # Last, so that handlers which add pages to read (casekit.sphinxext) are counted.
    app.connect("env-before-read-docs", note_pages_read, priority=1000)
    # Before Sphinx pickles the environment; after sphinx-exercise's own env-updated check.
    app.connect("env-updated", detach_exercise_nodes, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
