"""The book's bibliography (``references.bib``), read with pybtex."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the 'ulatex' codec)
from pybtex.database import BibliographyDataError, parse_file
from pybtex.scanner import PybtexError

from . import paths
from .errors import CasekitError, Problem

BIB_FILE = "references.bib"


@dataclass(frozen=True)
class Reference:
    key: str
    title: str
    author: str
    year: str
    publisher: str
    url: str


def _clean(text: str) -> str:
    """BibTeX field text as plain Unicode: LaTeX accents and escapes decoded, braces dropped."""
    text = codecs.decode(text, "ulatex").replace("\\$", "$")  # latexcodec leaves \$ alone
    return re.sub(r"\s+", " ", re.sub(r"[{}]", "", text)).strip()


@lru_cache(maxsize=4)
def _parse(path: str, mtime: float) -> dict[str, Reference]:
    try:
        data = parse_file(path, bib_format="bibtex")
    except (BibliographyDataError, PybtexError) as exc:
        raise CasekitError(
            [Problem(paths.display(Path(path)), "(file)", f"expected valid BibTeX, got: {exc}")]
        ) from None
    refs: dict[str, Reference] = {}
    for key, entry in data.entries.items():
        fields = entry.fields
        people = entry.persons.get("author", [])
        author = "; ".join(_clean(str(p)) for p in people)
        refs[key] = Reference(
            key=key,
            title=_clean(fields.get("title", "")),
            author=author,
            year=_clean(fields.get("year", "")),
            publisher=_clean(fields.get("howpublished", fields.get("publisher", fields.get("journal", "")))),
            url=re.sub(r"\\([%&#_$])", r"\1", fields.get("url", "").strip()),  # \% etc. are not part of a URL
        )
    return refs


def references(root: Path | None = None) -> dict[str, Reference]:
    """Key -> Reference for every entry in ``references.bib``."""
    path = (root or paths.book_root()) / BIB_FILE
    if not path.is_file():
        raise CasekitError([Problem(paths.display(path), "(file)", "expected the book's bibliography file")])
    return _parse(str(path), path.stat().st_mtime)
