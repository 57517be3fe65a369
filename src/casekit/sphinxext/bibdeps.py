"""Which bibliography entries a page's outputs read (issue 13, section 2).

The notebook API reads ``references.bib`` in one place: :func:`casekit.tables.sources_table`
looks up the keys a case file cites (tests/unit/test_bibdeps.py keeps it that way). So a
page's outputs depend on the entries whose keys appear in the data files it reads (its case
file and series; every case's, for a chapter page) or in its own code cells, and on nothing
else in the bibliography. A page's fingerprint counts those entries only: adding or editing
an entry that no page cites re-executes nothing; editing an entry a case cites re-executes
that case's page and the pages that read every case.

Entries are split on ``@`` at the start of a line. ``@string`` and ``@preamble`` blocks,
text outside any entry, and entries whose key could not be told apart from other words,
count for every page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)")
#: What a bibliography key looks like in a data file or code (book keys: ``worldbank-wdi``).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-_.:/+][A-Za-z0-9]+)*")
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
COMMON = {"string", "preamble", "comment"}


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=4)
def _entries(path: str, mtime: int, size: int) -> tuple[dict[str, str], str]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    common = [(text[: starts[0]] if starts else text).strip()]
    entries: dict[str, str] = {}
    for start, end in zip(starts, [*starts[1:], len(text)], strict=False):
        chunk = text[start:end].strip()  # blank lines between entries belong to none
        head = _HEAD.match(chunk.lstrip())
        key = head.group(2) if head else ""
        if not head or head.group(1).lower() in COMMON or not key or not _TOKEN.fullmatch(key):
            common.append(chunk)  # counts for every page
        else:
            entries[key] = entries.get(key, "") + chunk
    return entries, "\n".join(common)


def entries(bib: Path) -> tuple[dict[str, str], str]:
    """Key -> the entry's text, and the text every page depends on."""
    return _entries(*_stamp(bib)) if bib.is_file() else ({}, "")


@lru_cache(maxsize=1024)
def _tokens(path: str, mtime: int, size: int, code_only: bool) -> frozenset[str]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    if code_only:
        text = "\n".join(_CODE_CELL.findall(text)) if path.endswith(".md") else text
    return frozenset(_TOKEN.findall(text))


def tokens(path: Path, *, code_only: bool = False) -> frozenset[str]:
    return _tokens(*_stamp(path), code_only) if path.is_file() else frozenset()


def cited_keys(bib: Path, data_files: Iterable[Path], code: Path | None = None) -> list[str]:
    """The bibliography keys that appear in ``data_files`` or in the code cells of ``code``."""
    known = entries(bib)[0].keys()
    found: set[str] = set()
    for path in data_files:
        found |= tokens(path) & known
    if code is not None:
        found |= tokens(code, code_only=True) & known
    return sorted(found)


def digest(bib: Path, keys: Iterable[str]) -> str:
    """A hash of the entries ``keys`` name and of what every page depends on."""
    return _digest(*_stamp(bib), frozenset(keys)) if bib.is_file() else ""


@lru_cache(maxsize=64)
def _digest(path: str, mtime: int, size: int, keys: frozenset[str]) -> str:
    known, common = _entries(path, mtime, size)
    h = hashlib.sha256(common.encode("utf-8"))
    for key in sorted(keys):
        h.update(b"\0" + key.encode("utf-8") + b"\0" + known.get(key, "").encode("utf-8"))
    return h.hexdigest()
