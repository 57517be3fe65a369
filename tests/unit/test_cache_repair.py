"""A cache record a killed build left without its notebook is dropped, not fatal (compat.drop_broken_cache_records)."""

from __future__ import annotations

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from casekit.sphinxext.cache import repair_cache


def _cache_one(cache_path, tmp_path, code: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code, execution_count=1)])
    cache = get_cache(str(cache_path))
    record = cache.cache_notebook_bundle(CacheBundleIn(nb, str(tmp_path / f"{abs(hash(code))}.ipynb")))
    return cache, record


def test_the_layout_relied_on_is_upstreams(tmp_path):
    # jupyter-cache writes the record, then executed/<hashkey>/base.ipynb, a whole JSON notebook.
    cache, record = _cache_one(tmp_path / "cache", tmp_path, "1 + 1")
    path = cache._get_notebook_path_cache(record.hashkey)
    assert path == tmp_path / "cache" / "executed" / record.hashkey / "base.ipynb"
    assert path.read_bytes().rstrip().endswith(b"}")
    assert repair_cache(tmp_path / "cache") == 0


@pytest.mark.parametrize("damage", ["missing", "cut short"])
def test_a_record_without_its_whole_notebook_is_dropped(tmp_path, damage):
    cache, record = _cache_one(tmp_path / "cache", tmp_path, "1 + 1")
    _, kept = _cache_one(tmp_path / "cache", tmp_path, "2 + 2")
    path = cache._get_notebook_path_cache(record.hashkey)
    if damage == "missing":
        path.unlink()  # killed between the database commit and the file
        with pytest.raises(KeyError, match="Notebook file does not exist"):  # what stopped every build
            cache.get_cache_bundle(record.pk)
    else:
        path.write_bytes(path.read_bytes()[:40])  # killed while writing the file
    assert repair_cache(tmp_path / "cache") == 1
    assert [r.pk for r in cache.list_cache_records()] == [kept.pk]
    assert repair_cache(tmp_path / "cache") == 0


def test_no_cache_yet_is_not_an_error(tmp_path):
    assert repair_cache(tmp_path / "nothing-here") == 0
