"""Publish ``data/`` and the pages' notebooks with the site, for download."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.util import logging

from .registry import EDITIONS

logger = logging.getLogger(__name__)


def copy_data(app: Any, exception: Exception | None) -> None:
    """``build-finished``: copy ``data/`` into the site and write each page's clean .ipynb."""
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir) / "data"
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(
            source, Path(app.outdir) / "data", dirs_exist_ok=True, ignore=_skip_links, copy_function=_copy_if_changed
        )
    # Each case and chapter page as a clean .ipynb (generated, never committed).
    import yaml

    from .downloads import configured_repository_url, export_notebooks

    config_file = Path(app.srcdir) / "_config.yml"
    book_config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    export_notebooks(Path(app.srcdir), Path(app.outdir), configured_repository_url(book_config or {}))


def _copy_if_changed(src: str, dst: str) -> str:
    """``shutil.copy2``, skipped when the published copy has the source's size and modification time.

    copy2 keeps the modification time, so a file is copied again only after it changed.
    """
    import os

    source = os.stat(src)
    try:
        target = os.stat(dst)
    except OSError:
        target = None
    if target is not None and (target.st_size, target.st_mtime_ns) == (source.st_size, source.st_mtime_ns):
        return dst
    return shutil.copy2(src, dst)


def _skip_links(folder: str, names: list[str]) -> set[str]:
    """Never publish what a symbolic link points to (it may be outside the repository).

    ``casekit check`` refuses links; a build that meets one anyway warns (an error under -W).
    """
    links = {name for name in names if (Path(folder) / name).is_symlink()}
    for name in sorted(links):
        logger.warning(f"[casekit] not publishing {Path(folder) / name}: it is a symbolic link (run casekit check)")
    return links


#: Pages the HTML builder writes that have no source.
BUILDER_PAGES = {"genindex", "search", "py-modindex"}


def remove_orphan_pages(app: Any, exception: Exception | None) -> None:
    """``build-finished``: delete the HTML pages whose source is gone (a removed or renamed case).

    Sphinx forgets a removed source but leaves its page in the site, where the search index no
    longer finds it but links, the explorer's old copy and the site tests still could. Folders
    starting with ``_`` (assets) and ``data/`` (published files) are not pages.
    """
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    outdir = Path(app.outdir)
    expected = set(app.env.all_docs) | BUILDER_PAGES
    for page in sorted(outdir.rglob("*.html")):
        relative = page.relative_to(outdir)
        if relative.parts[0].startswith("_") or relative.parts[0] == "data" or relative.parts[0] in EDITIONS:
            continue  # assets, published data, and the other editions' folders (es/)
        docname = relative.with_suffix("").as_posix()
        if docname not in expected:
            page.unlink()
            logger.info(f"[casekit] removed {relative.as_posix()}: its source is gone")
