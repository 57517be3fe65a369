"""Static files are published even when no page changed.

Sphinx copies ``html_static_path`` into the site only at the end of a build that wrote at
least one page: after an edit to ``_static/casekit.css`` alone, ``make book`` printed "no
targets are out of date" and the site kept the old stylesheet. This hook compares each
static file with its published copy and, when one differs or is missing, asks Sphinx to
write the root page again, which makes it finish the build and copy the static files.
"""

from __future__ import annotations

import filecmp
from pathlib import Path
from typing import Any


def changed_static_files(srcdir: Path, outdir: Path, static_paths: list[str]) -> list[Path]:
    """The files of ``static_paths`` whose copy in ``outdir/_static`` is missing or different."""
    changed = []
    for entry in static_paths:
        base = (srcdir / entry).resolve()
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for path in files:
            if path.name.endswith("_t"):  # a template Sphinx renders, never copied as it is
                continue
            copy = outdir / "_static" / (path.name if path == base else path.relative_to(base))
            if not copy.is_file() or not filecmp.cmp(path, copy, shallow=False):
                changed.append(path)
    return changed


def outdated_for_static_files(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: the root page, when a static file was not yet published as it is."""
    if getattr(app.builder, "format", "") != "html" or not (Path(app.outdir) / "_static").is_dir():
        return []  # a first build copies everything anyway
    if changed_static_files(Path(app.srcdir), Path(app.outdir), list(app.config.html_static_path)):
        return [app.config.root_doc]
    return []
