"""The book's bibliography (``references.bib``), read with pybtex."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the 'ulatex' codec)
from pybtex.database import BibliographyDataError, parse_string
from pybtex.scanner import PybtexError

from . import paths, textfile
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
    # latexcodec's "ulatex" codec decodes str to str; typeshed's overloads know only the standard codecs.
    text = codecs.decode(text, "ulatex").replace("\\$", "$")  # type: ignore[call-overload]  # latexcodec leaves \$ alone
    return re.sub(r"\s+", " ", re.sub(r"[{}]", "", text)).strip()


_ENTRY_START = re.compile(r"^[ \t]*@", re.M)
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")


def _syntax_problem(text: str, exc: Exception, file: str) -> Problem:
    """Where BibTeX parsing failed, by the key of the first entry that does not parse on its own."""
    reason = re.sub(r"^syntax error in line \d+: ", "", str(exc))
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[begin:end]
        try:
            parse_string(chunk, bib_format="bibtex")
        except (BibliographyDataError, PybtexError) as chunk_exc:
            key = _ENTRY_KEY.match(chunk.lstrip())
            line = text.count("\n", 0, begin) + 1
            where = f"{key.group(1)} (line {line})" if key else f"line {line}"
            why = re.sub(r"^syntax error in line \d+: ", "", str(chunk_exc))
            return Problem(file, where, f"expected a complete entry, every {{ closed by }}, got a syntax error: {why}")
    repeated = re.match(r"repeated bibliog\w* entry: (.+)", str(exc))
    if repeated:
        return Problem(file, repeated.group(1), "expected each entry key once, got it twice")
    lineno = getattr(exc, "lineno", None)
    return Problem(file, f"line {lineno}" if lineno else "(file)", f"expected valid BibTeX, got: {reason}")


@lru_cache(maxsize=4)
def _parse(path: str, mtime: float) -> dict[str, Reference]:
    file = paths.display(Path(path))
    text = textfile.read_text(Path(path))
    if not text.strip():
        raise CasekitError([Problem(file, "(file)", "expected BibTeX entries, got an empty file")])
    try:
        data = parse_string(text, bib_format="bibtex")
    except (BibliographyDataError, PybtexError) as exc:
        raise CasekitError([_syntax_problem(text, exc, file)]) from None
    if not data.entries:
        raise CasekitError(
            [Problem(file, "(file)", "expected BibTeX entries like @misc{key, title = {...}, ...}, got none")]
        )
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
