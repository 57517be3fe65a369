"""Every patch of another package's internals, in one place (issue 13).

Each entry names what it relies on upstream; tests/unit/test_compat.py fails when that
changes (a signature, or a tiny render of the upstream output), so an upgrade that breaks
a patch is caught by `make unit`, not by a reader.

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
  ``_static/casekit.css`` gives them myst-nb's rules (tests/unit/test_summary_markup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform as _PostTransform

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
    self.body.append('<summary aria-label="Toggle hidden content">\n')
    self.body.append(f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>\n')
    self.body.append("</summary>\n")


def depart_hide_cell_input(self: Any, node: Any) -> None:
    self.body.append("</details>\n")


def hidden_cell_labels_as_spans(app: Any) -> None:
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_input, depart_hide_cell_input))
