"""Sphinx extension: keep myst-nb's execution cache honest.

myst-nb's cache (jupyter-cache) keys a notebook on its code cells only. A change
to ``src/casekit``, to ``data/``, to ``references.bib`` or to the lock file would
leave stale outputs in the site. This extension records, for every notebook page,
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
from pathlib import Path
from typing import Any, Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

ENV_KEY = "casekit_dep_fingerprints"


def _hash_files(files: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        if path.is_file():
            label = path.relative_to(root) if path.is_relative_to(root) else path.relative_to(Path(__file__).resolve().parent.parent)
            digest.update(label.as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def shared_dependencies(root: Path) -> list[Path]:
    package = Path(__file__).resolve().parent
    files = [p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".yaml", ".json", ".md"}]
    data = root / "data"
    files += [root / "requirements.lock", root / "references.bib", data / "datapackage.json", data / "countries.csv"]
    files += list((data / "schemas").glob("*.json")) + list((data / "indicators").glob("*.csv"))
    return files


def page_dependencies(root: Path, docname: str) -> list[Path]:
    data = root / "data"
    case_id = Path(docname).name
    case_file = data / "cases" / f"{case_id}.yml"
    if case_file.is_file():
        return [case_file, data / "series" / f"{case_id}.csv"]
    return list((data / "cases").glob("*.yml")) + list((data / "series").glob("*.csv"))


def fingerprints(root: Path, docnames: Iterable[str]) -> dict[str, str]:
    shared = _hash_files(shared_dependencies(root), root)
    return {doc: hashlib.sha256((shared + _hash_files(page_dependencies(root, doc), root)).encode()).hexdigest()
            for doc in docnames}


def _is_notebook(env: BuildEnvironment, docname: str) -> bool:
    path = Path(env.doc2path(docname))
    if path.suffix == ".ipynb":
        return True
    if path.suffix != ".md":
        return False
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec" in head


def _drop_cache_records(app: Sphinx, sources: set[str]) -> int:
    cache_path = getattr(app.config, "nb_execution_cache_path", "") or str(Path(app.outdir).parent / ".jupyter_cache")
    if not Path(cache_path).exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(cache_path)
    dropped = 0
    for record in cache.list_cache_records():
        if str(Path(record.uri).resolve()) in sources:
            cache.remove_cache(record.pk)
            dropped += 1
    return dropped


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    root = Path(app.srcdir)
    notebooks = [d for d in sorted(env.found_docs) if _is_notebook(env, d)]
    current = fingerprints(root, notebooks)
    previous: dict[str, str] = getattr(env, ENV_KEY, {})
    stale = [d for d in notebooks if d not in added and d in previous and previous[d] != current[d]]
    unknown = [d for d in notebooks if d not in added and d not in previous]
    setattr(env, ENV_KEY, current)
    outdated = stale + unknown
    if outdated:
        sources = {str(Path(env.doc2path(d)).resolve()) for d in outdated}
        dropped = _drop_cache_records(app, sources)
        logger.info(f"[casekit] {len(stale)} page(s) re-executed because casekit, data or the lock changed "
                    f"({dropped} cache record(s) dropped): {', '.join(stale) or '-'}")
    return outdated


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", on_env_get_outdated)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
