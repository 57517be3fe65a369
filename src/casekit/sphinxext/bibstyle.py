"""A pybtex style for the bibliography that keeps titles as their publishers wrote them.

The words it adds between authors' names ("and") are in the edition's language; entries are
otherwise as references.bib has them (titles and notes are not translated).

pybtex's ``plain``/``unsrt`` styles put every title in sentence case, which turns
"Dáil Éireann debate, 25 March 2014" into "... 25 march 2014" and "LEO" into "Leo".
Titles of web pages and parliamentary records are proper names more often than not,
so this style leaves their case alone. Registered as ``casekit`` by casekit.sphinxext.bibliography.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import Path

from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, names, sentence, words

from ..i18n import _, language
from .compat import CachedFormatEntry

#: The only links a bibliography entry may carry: http(s) with a host. Anything else
#: (javascript:, data:, a bare "https://") is shown as text, never as a link.
WEB_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")


class Style(CachedFormatEntry, UnsrtStyle):
    """unsrt, with titles as written, web-only links and formatted entries cached (see FormatCache)."""

    default_sorting_style = "author_year_title"

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_names(self, role, as_sentence=True):
        # unsrt's, with the joining words in the edition's language ("Ma y Orazem" in Spanish).
        formatted = names(role, sep=", ", sep2=_(" and "), last_sep=_(", and "))
        return sentence[formatted] if as_sentence else formatted

    def format_url(self, e):
        # references.bib is data: a URL becomes a link only if it is a web address
        # (casekit check refuses the others; this keeps the build safe without it).
        url = e.fields.get("url", "")
        if WEB_URL.match(url):
            return super().format_url(e)
        return words["URL:", field("url", raw=True)]

    # sphinxcontrib-bibtex formats every entry of the bibliography on every build, even a
    # warm one, and twice (the list and the citation tooltips): about 0.5 s per pass for the
    # book's sources. format_entry (compat.CachedFormatEntry) keeps results by content, across
    # builds, in CACHE (set below, once the cache exists).


def _recipe() -> bytes:
    """What decides a formatted entry besides the entry: this style and the libraries under it."""
    from importlib.metadata import version

    parts = [Path(__file__).read_bytes(), version("pybtex").encode(), version("latexcodec").encode()]
    parts.append(language().encode())  # the words joining authors' names are the edition's
    return hashlib.sha256(b"\0".join(parts)).digest()


def _entry_key(label: str, entry) -> str:
    digest = hashlib.sha256(CACHE.recipe)
    for part in (label, entry.type, str(entry.key)):
        digest.update(part.encode("utf-8") + b"\0")
    for name, value in sorted(entry.fields.items(), key=lambda kv: kv[0].lower()):
        digest.update(f"{name.lower()}={value}".encode() + b"\0")
    for role, people in sorted(entry.persons.items(), key=lambda kv: kv[0].lower()):
        digest.update(f"{role.lower()}=".encode() + " and ".join(map(str, people)).encode("utf-8") + b"\0")
    return digest.hexdigest()


class FormatCache:
    """Formatted entries by content key; kept in a file between builds once ``use_file`` is called.

    casekit.sphinxext.bibliography points it at the build's doctree folder and saves it when the build
    finishes. Keys cover the entry's label, type, fields and people, this module's source
    and the pybtex and latexcodec versions, so a changed entry or style is formatted again.
    Entries not used by a build are dropped when it is saved.
    """

    def __init__(self) -> None:
        self.use_file(None)

    def use_file(self, path: Path | None) -> None:
        self.path, self.entries, self.changed = path, {}, False
        self.used: set[str] = set()
        self.recipe = _recipe()
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    stored = pickle.load(handle)
                if isinstance(stored, dict):
                    self.entries = stored
            except Exception:  # a missing, partial or foreign file: start afresh
                self.entries = {}

    def key(self, label: str, entry) -> str:
        return _entry_key(label, entry)

    def get(self, key: str):
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, formatted) -> None:
        self.entries[key] = formatted
        self.used.add(key)
        self.changed = True

    def save(self) -> None:
        if self.path is None or not (self.changed or set(self.entries) - self.used):
            return
        keep = {k: v for k, v in self.entries.items() if k in self.used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        with open(partial, "wb") as handle:
            pickle.dump(keep, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)  # never a half-written cache


CACHE = FormatCache()
Style.format_cache = CACHE
