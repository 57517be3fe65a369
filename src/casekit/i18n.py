"""The book's languages: which edition is being written, and generated text in that language.

The English and Spanish editions are two builds of the same sources (issue 15). Everything the
book generates reaches the Spanish edition through GNU gettext catalogs (``.po`` files, read here
with Babel), the mechanism Sphinx uses for the hand-written pages, so one set of tools checks all
of it and a changed English sentence shows up as an untranslated or fuzzy message, never as a
stale translation:

* casekit's own words (chart titles, axis labels, table headings, "In brief" labels):
  ``src/casekit/locales/<language>/<module>.po``, one catalog per module, looked up with
  :func:`gettext` (imported as ``_``) and :func:`ngettext`;
* a data file's prose, e.g. a case file's title, summary, programme descriptions, outcome labels
  and unknowns: ``locales/<language>/data/cases/<case id>.po`` in the book (:func:`data_catalog`), applied by :mod:`casekit.cases` when it
  loads a case. The case file stays the only source of facts: numbers, years, codes and source
  keys are never in a catalog, and :func:`format_number` writes numbers in each edition's
  convention.

A message with no translation, or only a fuzzy one, falls back to English here (a notebook run by
hand still works); the strict build and ``casekit check`` report it (:mod:`casekit.contrib.translations`).

The edition comes from the ``CASEKIT_LANGUAGE`` environment variable, which the book's build sets
for the kernels it starts; a trainer can call :func:`set_language` in a notebook.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path

#: The editions of the book: English first (the source language), then its translations.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
SOURCE_LANGUAGE = "en"
#: The environment variable that says which edition a kernel or command is writing.
LANGUAGE_VARIABLE = "CASEKIT_LANGUAGE"
#: casekit's own catalogs, one per module: ``<this folder>/<language>/<module>.po``.
PACKAGE_LOCALES = Path(__file__).parent / "locales"

#: Number conventions (issue 15): the Spanish edition follows the RAE (Ortografía, 2010):
#: a decimal comma, and digits grouped in threes by a narrow no-break space from five digits up
#: (2023 and 3000 stay together; 90 000 is spaced). A percent sign follows a no-break space.
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def language() -> str:
    """The edition being written: ``CASEKIT_LANGUAGE``, English when unset."""
    value = os.environ.get(LANGUAGE_VARIABLE, "").strip() or SOURCE_LANGUAGE
    if value not in LANGUAGES:
        from .errors import CasekitError, Problem

        raise CasekitError(
            [Problem(LANGUAGE_VARIABLE, "(environment)", f"expected one of {', '.join(LANGUAGES)}, got {value!r}")]
        )
    return value


def set_language(value: str) -> None:
    """Write what follows in another edition's language, e.g. ``casekit.set_language("es")``."""
    if value not in LANGUAGES:
        from .errors import CasekitError, Problem

        raise CasekitError(
            [Problem("casekit.set_language", "language", f"expected one of {', '.join(LANGUAGES)}, got {value!r}")]
        )
    os.environ[LANGUAGE_VARIABLE] = value


@contextmanager
def in_language(value: str) -> Iterator[None]:
    """Within the block, casekit writes in ``value`` whatever the edition (then as before)."""
    if value not in LANGUAGES:
        from .errors import CasekitError, Problem

        raise CasekitError(
            [Problem("casekit.i18n.in_language", "language", f"expected one of {', '.join(LANGUAGES)}, got {value!r}")]
        )
    before = os.environ.get(LANGUAGE_VARIABLE)
    os.environ[LANGUAGE_VARIABLE] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LANGUAGE_VARIABLE, None)
        else:
            os.environ[LANGUAGE_VARIABLE] = before


def source_language() -> AbstractContextManager[None]:
    """Within the block, casekit works in English (the source language) whatever the edition.

    For a notebook's own checks of the facts its text states: they find outcomes, series and
    programmes by their English labels, which the Spanish edition translates (the numbers are the
    same in both).
    """
    return in_language(SOURCE_LANGUAGE)


# Reading catalogs ------------------------------------------------------------------------------
Messages = dict[tuple[str | None, str], "str | tuple[str, ...]"]


def read_catalog(path: Path) -> Messages:
    """The translated, non-fuzzy messages of a ``.po`` file: ``(context, msgid) -> msgstr``.

    Plural messages map their singular ``msgid`` to a tuple of forms. A missing file is an empty
    catalog. The result is cached by the file's modification time.
    """
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _read(str(path), mtime)


@cache
def _read(path: str, mtime: int) -> Messages:
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    messages: Messages = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = tuple(message.string or ())
            if forms and all(forms):
                messages[(message.context, message.id[0])] = forms
        elif isinstance(message.string, str) and message.string:
            messages[(message.context, message.id)] = message.string
    return messages


@cache
def _package_files(lang: str) -> tuple[Path, ...]:
    return tuple(sorted((PACKAGE_LOCALES / lang).glob("*.po")))


def _package_messages(lang: str) -> Messages:
    merged: Messages = {}
    for path in _package_files(lang):
        merged.update(read_catalog(path))
    return merged


#: A notebook's own words (the chart titles, descriptions and axis titles its code passes to
#: casekit, and any text it wraps in ``_()``): ``locales/<language>/notebooks/<page>.po`` in the
#: book. casekit looks them up in all the book's notebook catalogs at once (a kernel does not know
#: which page it runs); the catalogs agree where two notebooks share a sentence (checked).
NOTEBOOK_CATALOGS = "notebooks"


def notebook_catalog(root: Path, docname: str, lang: str | None = None) -> Path:
    return Path(root) / "locales" / (lang or language()) / NOTEBOOK_CATALOGS / f"{docname}.po"


def _notebook_messages(lang: str) -> Messages:
    from .paths import book_root

    try:
        folder = book_root() / "locales" / lang / NOTEBOOK_CATALOGS
    except FileNotFoundError:
        return {}
    merged: Messages = {}
    for path in _notebook_files(folder):
        merged.update(read_catalog(path))
    return merged


@cache
def _notebook_files(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted(folder.rglob("*.po"))) if folder.is_dir() else ()


def gettext(message: str) -> str:
    """``message`` (casekit's own English words) in the current edition's language."""
    return pgettext(None, message)


def pgettext(context: str | None, message: str) -> str:
    """``message`` in the edition's language, where the same English needs ``context`` to translate."""
    lang = language()
    if lang == SOURCE_LANGUAGE:
        return message
    found = _package_messages(lang).get((context, message))
    if found is None and context is None:
        found = _notebook_messages(lang).get((None, message))
    return found if isinstance(found, str) else message


def text(message: str) -> str:
    """A text a notebook passed in (a chart title, a description) in the edition's language.

    Only exact English sentences found in a catalog are translated; anything else (data, text
    built in code) is returned as it is.
    """
    return gettext(message) if isinstance(message, str) else message


_ = gettext


def N_(message: str) -> str:
    """Mark a message for the catalogs where it is defined (a vocabulary label); look it up with ``_()`` where shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current edition's language.

    Both editions pick the singular form for exactly one (English and Spanish share that rule).
    Babel writes Spanish catalogs with CLDR's three forms (one, many for whole millions, other);
    the book's counts never reach a million, so the last form ("other") serves every count but one.
    """
    lang = language()
    if lang != SOURCE_LANGUAGE:
        forms = _package_messages(lang).get((None, singular))
        if isinstance(forms, tuple) and len(forms) >= 2:
            return forms[0] if n == 1 else forms[-1]
    return singular if n == 1 else plural


def data_catalog(root: Path, relative: str, lang: str | None = None) -> Path:
    """Where a data file's prose is translated: ``locales/<language>/data/<its path>.po`` in the book.

    ``relative`` is the file's path under ``data/``, e.g. ``cases/dublin-trading-online-voucher.yml``.
    """
    return Path(root) / "locales" / (lang or language()) / "data" / Path(relative).with_suffix(".po")


def case_catalog(root: Path, case_id: str, lang: str | None = None) -> Path:
    """A case file's catalog: ``locales/<language>/data/cases/<case id>.po``."""
    return data_catalog(root, f"cases/{case_id}.yml", lang)


# Numbers -----------------------------------------------------------------------------------------
def format_number(value: float | int, decimals: int = 2, lang: str | None = None) -> str:
    """A number as the edition prints it: thousands grouped, at most ``decimals`` places, no trailing 0.

    English: ``90,000`` and ``1,234.5``. Spanish (RAE): ``90 000`` (narrow no-break space),
    ``1234,5`` and ``2023`` (four-digit numbers are not grouped).
    """
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}"
        if "." in text:  # no trailing zeros after the point, and no point without decimals
            text = text.rstrip("0").rstrip(".")
    if (lang or language()) == SOURCE_LANGUAGE:
        return text
    whole, _sep, fraction = text.partition(".")
    digits = whole.lstrip("-").replace(",", "")
    whole = whole.replace(",", NARROW_NBSP) if len(digits) > 4 else whole.replace(",", "")
    return whole + ("," + fraction if fraction else "")


def format_percent(value: float | int, decimals: int = 1, lang: str | None = None) -> str:
    """``81%`` in English, ``81 %`` (no-break space) in Spanish."""
    number = format_number(value, decimals, lang)
    return number + ("%" if (lang or language()) == SOURCE_LANGUAGE else NBSP + "%")


#: d3-format locales for the charts' axes and tooltips (Vega-Lite ``config.locale.number``).
D3_NUMBER_LOCALES: dict[str, dict[str, object]] = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
    "es": {
        "decimal": ",",
        "thousands": NARROW_NBSP,
        "grouping": [3],
        "currency": ["", "\u00a0$"],
        "percent": NBSP + "%",
    },
}
