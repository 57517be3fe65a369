"""Execute the book's notebooks in parallel, before Sphinx reads them.

myst-nb executes notebooks one at a time while Sphinx reads them, and Sphinx's own
parallel read does not work with Jupyter Book 1 (sphinx-multitoc-numbering is not
parallel-safe). ``prebuild()`` fills the same jupyter-cache that myst-nb reads, with
jupyter-cache's parallel executor, so the build finds every notebook executed.

:func:`on_env_get_outdated` calls it inside the build, when Sphinx asks which pages are out of
date (one process: the build does not pay a second interpreter's imports and fingerprint
pass). It can also run on its own, to fill the cache without building:

    python -m casekit.sphinxext.execute

It first applies the fingerprint check (a change to casekit, data, references or the lock
drops the affected pages' cache records), so the build and it agree on what is stale. A
notebook whose cell fails is left to myst-nb, which executes it again and reports the
error with the page's name.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from sphinx.util import logging

from .. import paths
from ..i18n import LANGUAGE_VARIABLE
from ..render import MODE_ENV
from . import kernelstart
from .cache import record_finished, sync_cache
from .registry import DEFAULT_EDITION, Registry

logger = logging.getLogger(__name__)

READER = {"name": "myst_nb_md", "type": "plugin"}


def prebuild(
    root: Path,
    *,
    timeout: int = 120,
    sources: dict[str, Path] | None = None,
    cache_path: Path | None = None,
    touch_stale: bool = True,
    reading: set[str] | None = None,
    edition: str = DEFAULT_EDITION,
) -> dict:
    """Drop stale cache records, then execute every notebook the cache lacks, in parallel.

    ``sources`` maps docnames to notebook sources (default: every notebook page of the
    book). ``touch_stale`` updates the stale pages' modification times, so that a later
    Sphinx run reads them again; inside the build, the extension reports them instead.
    ``reading`` names the pages Sphinx is about to read (new or edited): only those and
    the stale ones are looked up in the cache, because Sphinx reads no other page. Looking
    a notebook up means parsing it and hashing its code, about 20 ms each, so a warm
    build skips it. ``None`` looks up every page.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    os.environ[MODE_ENV] = "site"  # kernels inherit it: charts render as in the build
    os.environ[LANGUAGE_VARIABLE] = edition  # and write this edition's language
    kernelstart.install()  # forked workers inherit it: no two kernels race for a port
    started = time.perf_counter()
    registry = Registry(root, edition)
    cache_path = cache_path or registry.cache_dir
    if sources is None:
        sources = {doc: path.resolve() for doc, path in registry.notebooks().items()}
    stale, dropped = sync_cache(root, cache_path, sources, edition)
    if touch_stale:
        for doc in stale:  # the build must re-read these pages: their outputs will change
            os.utime(sources[doc])
    cache = get_cache(str(cache_path))
    known = {Path(r.uri).resolve() for r in cache.list_project_records()}
    for path in sources.values():
        if path not in known:
            cache.add_nb_to_project(str(path), read_data=READER)
    candidates = set(sources) if reading is None else (set(reading) | set(stale)) & set(sources)
    wanted = {sources[doc] for doc in candidates}
    pks = [r.pk for r in cache.list_project_records() if Path(r.uri).resolve() in wanted]
    unexecuted = cache.list_unexecuted(filter_pks=pks) if pks else []
    result = None
    if unexecuted:
        executor = load_executor("local-parallel", cache=cache)
        result = executor.run_and_cache(filter_pks=[r.pk for r in unexecuted], timeout=timeout)
    if touch_stale:
        # On its own (not inside a build): the stale pages were touched, so the next build reads
        # them again, and their new outputs are in the cache; their fingerprints count now.
        record_finished(cache_path)
    return {
        "notebooks": len(sources),
        "looked_up": len(candidates),
        "stale": len(stale),
        "stale_docs": stale,
        "dropped": dropped,
        "executed": len(result.succeeded) if result else 0,
        "failed": len(result.excepted) + len(result.errored) if result else 0,
        "seconds": round(time.perf_counter() - started, 1),
        "workers": os.cpu_count() or 1,
    }


def summary(report: dict) -> str:
    """One line; benchmarks/ read the numbers from it."""
    return (
        f"prebuild: {report['executed']} of {report['notebooks']} notebooks executed on {report['workers']} "
        f"workers in {report['seconds']} s ({report['failed']} left to the build to report)"
    )


def on_env_get_outdated(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: drop cache records whose inputs changed, execute what the cache lacks, re-read those pages.

    The fingerprints are stored beside the execution cache, not in Sphinx's
    environment: the environment is thrown away on a config change while the
    cache survives, and stale records must not survive with it. In myst-nb's
    ``cache`` mode the notebooks the cache lacks (new, edited or stale) are executed
    here in parallel (:func:`prebuild`), before Sphinx reads them one at a time.
    """
    registry = Registry.for_app(app)
    pages = {d: Path(env.doc2path(d)).resolve() for d in sorted(env.found_docs)}
    sources = {d: path for d, path in pages.items() if registry.is_notebook(d, path)}
    if getattr(app.config, "nb_execution_mode", "") == "cache":
        report = prebuild(
            Path(app.srcdir),
            timeout=int(getattr(app.config, "nb_execution_timeout", 120) or 120),
            sources=sources,
            cache_path=registry.cache_dir,
            touch_stale=False,
            reading=(added | changed) & set(sources),
            edition=registry.edition,
        )
        logger.info(f"[casekit] {summary(report)}")
        stale, dropped = report["stale_docs"], report["dropped"]
    else:
        stale, dropped = sync_cache(Path(app.srcdir), registry.cache_dir, sources, registry.edition)
    outdated = [d for d in stale if d not in added]
    if dropped:
        logger.info(
            f"[casekit] {dropped} cached notebook(s) dropped because casekit, data, references or the "
            f"lock changed; re-executing: {', '.join(d for d in stale)}"
        )
    return outdated


def on_env_check_consistency(app: Any, env: Any) -> None:
    """``env-check-consistency``: Sphinx has saved the pages it read; their fingerprints now count.

    Until this point a page whose inputs changed stays stale, so a build killed while it
    executed notebooks, or while it read the pages, leaves them to the next build.
    """
    registry = Registry.for_app(app)
    in_cache = getattr(app.config, "nb_execution_mode", "") == "cache"
    record_finished(registry.cache_dir, need_cache_record=in_cache)


def main() -> int:
    edition = os.environ.get(LANGUAGE_VARIABLE) or DEFAULT_EDITION
    print(summary(prebuild(paths.book_root(), edition=edition)), file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
