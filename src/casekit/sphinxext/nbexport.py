"""Export the notebooks the build executed, for strict nbval.

myst-nb 1.4 writes ``_build/jupyter_execute/*.ipynb`` *without* outputs on a
cache hit, which would let nbval pass without comparing anything. The executed
notebooks in the jupyter-cache are the real reference. This module finds, for
every notebook page of the book, the cache record that matches its current code
and writes the executed copy to ``_build/nbval/`` with a manifest of how many
notebooks and output-bearing cells there are; ``casekit.sphinxext.nbval_guard`` then fails
the nbval run if fewer were compared.

    python -m casekit.sphinxext.nbexport        # after `jupyter-book build`
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat

from .. import paths
from ..i18n import LANGUAGE_VARIABLE
from .registry import DEFAULT_EDITION, Registry


def notebook_sources(root: Path) -> list[Path]:
    """Every notebook page of the book (the registry decides)."""
    return list(Registry(root).notebooks().values())


def edition() -> str:
    """The edition to export: ``CASEKIT_LANGUAGE`` (``make nbval`` sets it for each), else English."""
    return os.environ.get(LANGUAGE_VARIABLE) or DEFAULT_EDITION


def export(root: Path, out_dir: Path, language: str = DEFAULT_EDITION) -> tuple[int, int, list[str]]:
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    cache_path = Registry(root, language).cache_dir
    missing: list[str] = []
    if not cache_path.is_dir():
        return 0, 0, [f"{cache_path}: expected the execution cache of a finished build (run `make book` first)"]
    cache = get_cache(str(cache_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.ipynb"):
        old.unlink()
    notebooks = cells = 0
    for src in notebook_sources(root):
        rel = src.relative_to(root).as_posix()
        nb = read_myst_markdown_notebook(src.read_text(encoding="utf-8"), path=str(src))
        try:
            record = cache.match_cache_notebook(nb)
        except KeyError:
            missing.append(f"{rel}: expected an executed copy in the cache matching the current code (run `make book`)")
            continue
        executed = cache.get_cache_bundle(record.pk).nb
        code = [c for c in executed.cells if c.cell_type == "code"]
        if any(c.get("execution_count") is None for c in code):
            missing.append(f"{rel}: expected every code cell of the cached copy to have been executed")
            continue
        cells += sum(1 for c in code if c.get("outputs"))
        notebooks += 1
        target = out_dir / (rel[:-3].replace("/", "__") + ".ipynb")
        nbformat.write(executed, str(target))
    (out_dir / "manifest.json").write_text(
        json.dumps({"notebooks": notebooks, "cells_with_outputs": cells}, indent=1) + "\n"
    )
    return notebooks, cells, missing


def main() -> int:
    root = paths.book_root()
    out_dir = Registry(root, edition()).nbval_dir
    notebooks, cells, problems = export(root, out_dir, edition())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"nbexport: {notebooks} executed notebooks, {cells} cells with outputs -> {paths.display(out_dir)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
