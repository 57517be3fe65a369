"""Keep myst-nb's execution cache honest: page fingerprints and cache sync.

myst-nb's cache (jupyter-cache) keys a notebook on its code cells only. A change
to ``src/casekit``, to ``data/``, to ``references.bib`` or to the lock file would
leave stale outputs in the site. This module records, for every notebook page,
a fingerprint of the files its outputs depend on:

* every page: the casekit package, ``requirements.lock``, ``references.bib`` and
  the shared data (data package, schemas, countries, indicator tables);
* a case page (its file name is a case id): its own case file and series;
* any other notebook page (chapters that draw on all cases): every case file and series.

When a fingerprint changes, the page is marked outdated and its cache record is
dropped, so myst-nb executes it again — and only it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .registry import Registry

FINGERPRINTS = "casekit-fingerprints.json"
#: The casekit package (src/casekit), whose sources every notebook's outputs depend on.
PACKAGE = Path(__file__).resolve().parents[1]


def _hash_files(files: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        if path.is_file():
            label = path.relative_to(root) if path.is_relative_to(root) else path.relative_to(PACKAGE.parent)
            digest.update(label.as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def shared_dependencies(root: Path) -> list[Path]:
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".yaml", ".json", ".md"}]
    return [*files, Path(root) / "references.bib", *Registry(root).shared_reads()]


def page_dependencies(root: Path, docname: str) -> list[Path]:
    """The files a page reads beyond the shared ones (the registry decides)."""
    return Registry(root).reads(docname)


def fingerprints(root: Path, docnames: Iterable[str]) -> dict[str, str]:
    registry = Registry(root)
    shared = _hash_files(shared_dependencies(root), root)
    return {
        doc: hashlib.sha256((shared + _hash_files(registry.reads(doc), root)).encode()).hexdigest() for doc in docnames
    }


def _drop_cache_records(cache_path: Path, sources: set[str]) -> int:
    if not cache_path.exists() or not sources:
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    dropped = 0
    for record in cache.list_cache_records():
        if str(Path(record.uri).resolve()) in sources:
            cache.remove_cache(record.pk)
            dropped += 1
    return dropped


def sync_cache(root: Path, cache_path: Path, sources: dict[str, Path]) -> tuple[list[str], int]:
    """Compare each page's fingerprint with the stored one; drop the cache records of changed pages.

    ``sources`` maps docnames to their source files. Returns the stale docnames and the
    number of cache records dropped. Used by the Sphinx build and by
    casekit.sphinxext.execute, so both agree on what is stale.
    """
    store = cache_path / FINGERPRINTS
    docs = sorted(sources)
    current = {str(sources[d]): fp for d, fp in fingerprints(root, docs).items()}
    try:
        previous: dict[str, str] = json.loads(store.read_text())
    except (OSError, ValueError):
        previous = {}
    stale = [d for d in docs if previous.get(str(sources[d])) != current[str(sources[d])]]
    dropped = _drop_cache_records(cache_path, {str(sources[d]) for d in stale})
    cache_path.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps({**previous, **current}, indent=1, sort_keys=True))
    return stale, dropped
