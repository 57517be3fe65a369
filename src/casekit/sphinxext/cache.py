"""Keep myst-nb's execution cache honest: page fingerprints and cache sync.

myst-nb's cache (jupyter-cache) keys a notebook on its code cells only. A change
to ``src/casekit``, to ``data/``, to ``references.bib`` or to the lock file would
leave stale outputs in the site. This module records, for every notebook page,
a fingerprint of the files its outputs depend on:

* every page: casekit's notebook API (not the build or contributor tooling, which no
  notebook imports), ``requirements.lock`` and the shared data (data package, schemas,
  countries, indicator tables);
* every page: the ``references.bib`` entries its data files and code cells cite (bibdeps);
* a case page (its file name is a case id): its own case file and series;
* any other notebook page (chapters that draw on all cases): every case file and series.

When a fingerprint changes, the page is marked outdated and its cache record is
dropped, so myst-nb executes it again — and only it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from . import bibdeps
from .registry import DEFAULT_EDITION, Registry

FINGERPRINTS = "casekit-fingerprints.json"
BIBLIOGRAPHY = "references.bib"
#: The casekit package (src/casekit), whose sources every notebook's outputs depend on.
PACKAGE = Path(__file__).resolve().parents[1]


def _hash_files(files: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        if path.is_file():
            label = path.relative_to(root) if path.is_relative_to(root) else path.relative_to(PACKAGE.parent)
            digest.update(label.as_posix().encode())
            digest.update(b"\0")
            digest.update(_content(path, root))
            digest.update(b"\0")
    return digest.hexdigest()


#: The data package, relative to the book. Each case's series has its own resource in it.
DATAPACKAGE = Path("data") / "datapackage.json"


def _content(path: Path, root: Path) -> bytes:
    """What a file contributes to a fingerprint: its bytes, except for the data package.

    ``casekit new`` adds the new case's series to ``data/datapackage.json``, which every page
    reads: hashing the whole file re-executed every notebook for one new case. The package
    counts here without the series resources; each series resource counts with the series
    file it describes (:func:`_series_resources`), so only the pages reading that series change.
    """
    if path == root / DATAPACKAGE:
        try:
            package = json.loads(path.read_bytes())
            package["resources"] = [r for r in package["resources"] if not _is_series(r)]
        except (ValueError, KeyError, TypeError, AttributeError):
            return path.read_bytes()  # not the shape we know: the whole file counts, nothing is missed
        return json.dumps(package, sort_keys=True).encode()
    if path.suffix == ".csv" and path.parent == root / "data" / "series":
        return path.read_bytes() + _series_resources(root).get(path.name, b"")
    return path.read_bytes()


def _is_series(resource: object) -> bool:
    return isinstance(resource, dict) and str(resource.get("path", "")).startswith("series/")


def _series_resources(root: Path) -> dict[str, bytes]:
    """Each series resource of the data package, as JSON, by its file name."""
    try:
        return _parse_series_resources((root / DATAPACKAGE).read_bytes())
    except OSError:
        return {}


@lru_cache(maxsize=4)
def _parse_series_resources(text: bytes) -> dict[str, bytes]:
    try:
        package = json.loads(text)
        return {
            Path(r["path"]).name: json.dumps(r, sort_keys=True).encode() for r in package["resources"] if _is_series(r)
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def shared_dependencies(root: Path, edition: str = DEFAULT_EDITION) -> list[Path]:
    """Files every notebook's outputs depend on: the notebook API of casekit and the shared data.

    ``references.bib`` is not among them: a page depends only on the entries it reads
    (casekit.sphinxext.bibdeps).
    """
    return [*notebook_api_files(edition), *Registry(root, edition).shared_reads()]


#: Subpackages the notebooks never import: the build and the contributor tooling. Editing them
#: changes how pages are built or checked, not what a notebook computes.
NOT_NOTEBOOK_API = ("sphinxext", "contrib")


def notebook_api_files(edition: str = DEFAULT_EDITION) -> list[Path]:
    """The casekit files a notebook's outputs can depend on: the notebook API, its package data,
    and (in a translated edition) casekit's catalogs for that language."""
    own_catalogs = PACKAGE / "locales" / edition
    return [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and (
            p.suffix in {".py", ".yml", ".yaml", ".json", ".md"}
            or (p.suffix == ".po" and p.is_relative_to(own_catalogs))
        )
        and p.relative_to(PACKAGE).parts[0] not in NOT_NOTEBOOK_API
        and p.stem.split(".")[0] not in NOT_NOTEBOOK_API  # the catalogs of sphinxext.* and contrib.* modules
        and "__pycache__" not in p.parts
    ]


def page_dependencies(root: Path, docname: str, edition: str = DEFAULT_EDITION) -> list[Path]:
    """The files a page reads beyond the shared ones (the registry decides)."""
    return Registry(root, edition).reads(docname)


def fingerprints(root: Path, docnames: Iterable[str], edition: str = DEFAULT_EDITION) -> dict[str, str]:
    """Per page: the shared files, the files it reads, and the bibliography entries those cite."""
    registry = Registry(root, edition)
    shared = _hash_files(shared_dependencies(root, edition), root)
    bib = registry.root / BIBLIOGRAPHY
    by_reads: dict[tuple[Path, ...], tuple[str, frozenset[str]]] = {}  # chapter pages all read every case
    out = {}
    for doc in docnames:
        reads = tuple(registry.reads(doc))
        if reads not in by_reads:
            by_reads[reads] = (_hash_files(reads, root), frozenset(bibdeps.cited_keys(bib, reads)))
        files, keys = by_reads[reads]
        keys |= frozenset(bibdeps.cited_keys(bib, (), code=registry.source(doc)))
        out[doc] = hashlib.sha256((shared + files + bibdeps.digest(bib, keys)).encode()).hexdigest()
    return out


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


def repair_cache(cache_path: Path) -> int:
    """Drop the records a killed build left without their executed notebook (see compat); how many."""
    if not (cache_path / "global.db").is_file():
        return 0
    from jupyter_cache import get_cache

    from .compat import drop_broken_cache_records

    return drop_broken_cache_records(get_cache(str(cache_path)))


def _load(store: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The recorded fingerprints and the pending ones (see :func:`sync_cache`)."""
    try:
        stored = json.loads(store.read_text())
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(stored, dict):
        return {}, {}
    if "recorded" in stored or "pending" in stored:
        return dict(stored.get("recorded") or {}), dict(stored.get("pending") or {})
    return {}, {}  # an older, flat file: its fingerprints may be ahead of the cache; trust none


def _save(store: Path, recorded: dict[str, str], pending: dict[str, str]) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    partial = store.with_suffix(".partial")
    partial.write_text(json.dumps({"recorded": recorded, "pending": pending}, indent=1, sort_keys=True))
    partial.replace(store)  # a build killed here leaves the old file or the new one, never half of one


def sync_cache(
    root: Path, cache_path: Path, sources: dict[str, Path], edition: str = DEFAULT_EDITION
) -> tuple[list[str], int]:
    """Compare each page's fingerprint with the recorded one; drop the cache records of changed pages.

    ``sources`` maps docnames to their source files. Returns the stale docnames and the
    number of cache records dropped. Used by the Sphinx build and by
    casekit.sphinxext.execute, so both agree on what is stale.

    A stale page's new fingerprint is not recorded here: it is *pending* until the page's
    new outputs are in the cache and the page was read with them (:func:`record_finished`).
    Until then every build finds the page stale, executes what the cache lacks and reads
    the page again, so a build killed at any moment is repaired by the next one. The cache
    records of a pending page are dropped once, when it becomes pending for these inputs:
    whatever the cache holds for it later was executed with the current inputs, and is kept.
    """
    store = cache_path / FINGERPRINTS
    docs = sorted(sources)
    current = {str(sources[d]): fp for d, fp in fingerprints(root, docs, edition).items()}
    recorded, pending = _load(store)
    repair_cache(cache_path)
    stale = [d for d in docs if recorded.get(str(sources[d])) != current[str(sources[d])]]
    outdated_records = {str(sources[d]) for d in stale if pending.get(str(sources[d])) != current[str(sources[d])]}
    dropped = _drop_cache_records(cache_path, outdated_records)
    pending.update({str(sources[d]): current[str(sources[d])] for d in stale})
    _save(store, recorded, pending)  # before anything is executed
    return stale, dropped


def record_finished(cache_path: Path, *, need_cache_record: bool = True) -> list[str]:
    """Record the pending fingerprints of the pages whose new outputs are in the cache.

    Called once the build has read the pages and Sphinx has saved its environment
    (``env-check-consistency`` comes right after that). A page whose notebook has no cache
    record matching its code (it failed, or the build stopped first) stays pending.
    Returns the sources recorded.
    """
    store = cache_path / FINGERPRINTS
    recorded, pending = _load(store)
    if not pending:
        return []
    done = set(pending)
    if need_cache_record:
        from jupyter_cache import get_cache

        cache = get_cache(str(cache_path))
        pks = [r.pk for r in cache.list_project_records() if str(Path(r.uri).resolve()) in pending]
        missing = {str(Path(r.uri).resolve()) for r in cache.list_unexecuted(filter_pks=pks)} if pks else set()
        known = {str(Path(r.uri).resolve()) for r in cache.list_project_records()}
        done = {src for src in pending if src in known and src not in missing}
    for src in done:
        recorded[src] = pending.pop(src)
    _save(store, recorded, pending)
    return sorted(done)
