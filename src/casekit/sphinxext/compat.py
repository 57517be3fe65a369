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
  is rebuilt with ``defer`` (casekit.sphinxext.htmlfixes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    replacement._casekit_original = original
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
            return super().format_entry(label, entry, bib_data=bib_data)
        key = self.format_cache.key(label, entry)
        formatted = self.format_cache.get(key)
        if formatted is None:
            formatted = super().format_entry(label, entry)
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
