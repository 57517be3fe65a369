"""Each patch in casekit.sphinxext.compat fails here first when the upstream code it relies on changes."""

from __future__ import annotations

import inspect

from casekit.sphinxext import compat


def _params(func) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(func).parameters.values()]


def test_jupyter_client_start_kernel_takes_keywords_only():
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    from casekit.sphinxext import kernelstart

    kernelstart.install()
    keywords_only = [
        ("self", inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.empty),
        ("kw", inspect.Parameter.VAR_KEYWORD, inspect.Parameter.empty),
    ]
    # Both start_kernel methods are the async implementation (the sync one through run_sync):
    # the wrappers call the original with the keywords they were given.
    assert _params(KernelManager._async_start_kernel) == keywords_only
    for cls in (KernelManager, AsyncKernelManager):
        assert getattr(cls.start_kernel, "_casekit_patched", False), cls
        original = inspect.getclosurevars(cls.start_kernel).nonlocals["original"]
        if cls is AsyncKernelManager:
            assert original is AsyncKernelManager._async_start_kernel
        else:
            assert inspect.getclosurevars(original).nonlocals.get("coro") is KernelManager._async_start_kernel
    assert inspect.iscoroutinefunction(AsyncKernelManager.start_kernel)
    assert not compat.wrap_kernel_start(lambda f: f, lambda f: f)  # idempotent


def test_nbval_start_new_kernel_passes_keywords_to_start_kernel():
    from nbval import kernel as nbval_kernel

    import casekit.sphinxext.nbval_guard as guard

    original = guard._nbval_start_new_kernel
    assert nbval_kernel.start_new_kernel is not original  # the guard's version is installed
    assert [p[0] for p in _params(original)] == ["startup_timeout", "kernel_name", "kwargs"]
    # The guard adds extra_arguments and stderr; nbval hands **kwargs to KernelManager.start_kernel.
    assert "km.start_kernel(**kwargs)" in inspect.getsource(original)


def test_theme_sidebar_summaries_still_have_no_text():
    """The theme's collapsible sidebar entries: <summary> with only a chevron, inside li with a link."""
    from bs4 import BeautifulSoup
    from pydata_sphinx_theme.toctree import add_collapse_checkboxes

    from casekit.sphinxext.htmlfixes import _name_summaries

    soup = BeautifulSoup(
        '<ul><li class="toctree-l1 has-children"><a class="reference internal" href="a.html">Cases</a>'
        '<ul><li class="toctree-l2"><a class="reference internal" href="b.html">One</a></li></ul></li></ul>',
        "html.parser",
    )
    add_collapse_checkboxes(soup)
    summary = soup.select_one("li > details > summary")
    assert summary is not None and summary.get_text(strip=True) == ""
    named = BeautifulSoup(_name_summaries(str(soup)), "html.parser").select_one("summary")
    assert named.get_text(strip=True) == "Show or hide the pages under Cases"


def test_theme_puts_a_toctree_function_in_the_context():
    from pydata_sphinx_theme import toctree

    assert 'context["generate_toctree_html"] = generate_toctree_html' in inspect.getsource(
        toctree.add_toctree_functions
    )
    context = {"generate_toctree_html": lambda *a, **k: "<summary></summary>"}
    compat.wrap_toctree_html(context, lambda html: html.replace("<summary>", "<summary>x"))
    assert str(context["generate_toctree_html"]("sidebar")) == "<summary>x</summary>"


def test_docutils_marks_citations_with_the_role_rewritten():
    from docutils.core import publish_parts

    body = publish_parts(".. [CIT2002] A citation.\n\nSee [CIT2002]_.\n", writer_name="html5")["body"]
    assert compat.BIBLIOENTRY_ROLE in body
    rewritten = compat.citations_as_list_items(body)
    assert compat.BIBLIOENTRY_ROLE not in rewritten and 'role="listitem"' in rewritten


def test_pybtex_format_entry_signature():
    from pybtex.style.formatting import BaseStyle

    assert [p[0] for p in _params(BaseStyle.format_entry)] == ["self", "label", "entry", "bib_data"]
    assert inspect.signature(BaseStyle.format_entry).parameters["bib_data"].default is None
    from casekit.sphinxext.bibstyle import Style

    assert Style.format_entry is compat.CachedFormatEntry.format_entry


def test_sphinx_javascript_entries_rebuild_with_defer():
    from sphinx.builders.html._assets import _JavaScript

    params = inspect.signature(_JavaScript.__init__).parameters
    assert params["filename"].kind is inspect.Parameter.POSITIONAL_ONLY
    assert params["priority"].kind is inspect.Parameter.KEYWORD_ONLY
    assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    js = _JavaScript("_static/x.js", priority=200, id="x")
    deferred = compat.deferred_script(js, keep_blocking=set())
    assert (deferred.filename, deferred.priority, deferred.attributes) == (
        "_static/x.js",
        200,
        {"id": "x", "defer": "defer"},
    )
    assert compat.deferred_script(js, keep_blocking={"_static/x.js"}) is js
    inline = _JavaScript(None, body="var a = 1;")
    assert compat.deferred_script(inline, keep_blocking=set()) is inline


def test_no_patch_of_another_package_outside_compat():
    from pathlib import Path

    markers = (
        ".start_kernel =",
        "kernel.start_new_kernel =",
        '["generate_toctree_html"] =',
        "_JavaScript(",
        "doc-biblioentry",
    )
    src = Path(compat.__file__).resolve().parents[1]
    found = sorted(
        f"{p.relative_to(src).as_posix()}: {m}"
        for p in src.rglob("*.py")
        if p.name != "compat.py"
        for m in markers
        if m in p.read_text(encoding="utf-8")
    )
    assert found == []
