"""A translated edition is complete (issue 15): every page's catalog translates every message.

Sphinx translates a page paragraph by paragraph from ``locales/<language>/LC_MESSAGES/<page>.po``
and silently keeps the English of any paragraph its catalog lacks, or holds only as *fuzzy* (what
``sphinx-intl update`` leaves when the English changed). In a translated edition this module turns
each of those into a warning, an error under ``make book``'s ``-W``:

* a message of the page with no translation, or only a fuzzy one;
* a catalog message the page no longer has (obsolete: the English changed or went away);
* a page with no catalog at all.

The generated-text catalogs (casekit's words, the data files' prose, the notebooks' chart texts)
are checked by ``casekit check`` (:mod:`casekit.contrib.translations`), the first step of
``make test``, which does not need a build.

The check runs just before Sphinx's own ``Locale`` transform, on the page as Sphinx read it in
English, so it sees exactly the messages Sphinx will look up. Problems are kept with the page in
Sphinx's environment and reported again by every build until the page is fixed: a build that
does not read the page again (nothing changed) does not pass over them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..i18n import read_catalog
from .registry import DEFAULT_EDITION

logger = logging.getLogger(__name__)

#: Where Sphinx keeps each page's problems between builds.
ENV_KEY = "casekit_translation_problems"
#: The page's messages, noted before Sphinx translates it (while the page is read).
MESSAGES_KEY = "casekit_page_messages"


def page_catalog(srcdir: Path, language: str, docname: str) -> Path:
    return Path(srcdir) / "locales" / language / "LC_MESSAGES" / f"{docname}.po"


def _all_msgids(path: Path) -> set[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id for m in catalog if m.id and isinstance(m.id, str)}


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def page_problems(srcdir: Path, language: str, docname: str, messages: list[str]) -> list[str]:
    """What is wrong with one page's catalog, given the messages the page has (in English)."""
    path = page_catalog(srcdir, language, docname)
    shown = path.relative_to(srcdir).as_posix() if path.is_relative_to(srcdir) else str(path)
    if not messages:
        return []
    if not path.is_file():
        return [f"{shown} is missing: run `make translations`, then translate its {len(messages)} message(s)"]
    translated = {msgid for (context, msgid) in read_catalog(path) if context is None}
    problems = [
        f"{shown}: no translation (or only a fuzzy one) for {_short(m)}; translate it and remove any fuzzy flag"
        for m in dict.fromkeys(messages)
        if m not in translated
    ]
    unused = sorted(_all_msgids(path) - set(messages))
    problems += [f"{shown}: {_short(m)} is no longer on the page; run `make translations` to drop it" for m in unused]
    return problems


class KeepCodeReferenceInEnglish(SphinxTransform):
    """The API reference's entries (autodoc: signatures and docstrings, module docstrings) are not translated.

    They document code whose names are English and change with it; the page's own text around
    them is translated. Marked before the check (19) and Sphinx's translation (20), and before the
    gettext builder extracts messages, so they are in no catalog.
    """

    default_priority = 18

    def apply(self, **kwargs: Any) -> None:
        from docutils import nodes
        from sphinx import addnodes

        for entry in self.document.findall(addnodes.desc):
            for node in entry.findall(nodes.TextElement):
                node["translatable"] = False
        for node in self.document.findall(nodes.TextElement):  # a module's docstring (automodule)
            if "docstring of " in (node.source or ""):
                node["translatable"] = False


def _generated(node: Any) -> bool:
    """Text no author wrote on the page: front matter, and the titles sphinx-exercise gives its
    exercises and solutions (translated by its own catalogs, and casekit's for "Solution")."""
    from docutils import nodes
    from sphinx_exercise.nodes import exercise_title, solution_title

    if isinstance(node, exercise_title | solution_title):
        return True
    parent = node
    while parent is not None:
        # Front matter: MyST's field list at the top of the document (docutils makes it docinfo later).
        if isinstance(parent, nodes.docinfo) or (
            isinstance(parent, nodes.field_list) and isinstance(parent.parent, nodes.document)
        ):
            return True
        parent = parent.parent
    return False


class CheckPageTranslation(SphinxTransform):
    """Note the page's messages, as Sphinx reads it in English, before Sphinx translates it."""

    default_priority = 19  # sphinx.transforms.i18n.Locale (20) translates the page right after

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language or DEFAULT_EDITION
        if language == DEFAULT_EDITION or not getattr(self.env, "docname", None):
            return
        from sphinx.util.nodes import extract_messages

        self.env.temp_data[MESSAGES_KEY] = [
            msg for node, msg in extract_messages(self.document) if not _generated(node)
        ]


class TranslateTocCaptions(SphinxTransform):
    """Translate the navigation's captions, then record what the page's catalog lacks or has left over.

    sphinx-external-toc inserts the toctrees from ``_toc.yml`` (priority 100) after Sphinx has
    translated the page (20), so their captions ("Start here", "Chapters") would stay English:
    they are translated here from the same catalog.
    """

    default_priority = 110  # after sphinx_external_toc.events.InsertToctrees (100)

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language or DEFAULT_EDITION
        if language == DEFAULT_EDITION or not getattr(self.env, "docname", None):
            return
        from sphinx import addnodes

        messages = list(self.env.temp_data.pop(MESSAGES_KEY, []))
        catalog = read_catalog(page_catalog(Path(self.app.srcdir), language, self.env.docname))
        for toctree in self.document.findall(addnodes.toctree):
            caption = toctree.get("caption")
            if not caption:
                continue
            messages.append(str(caption))
            translated = catalog.get((None, str(caption)))
            if isinstance(translated, str):
                toctree["caption"] = translated
                if toctree.get("rawcaption"):
                    toctree["rawcaption"] = translated
        problems = page_problems(Path(self.app.srcdir), language, self.env.docname, messages)
        store = getattr(self.env, ENV_KEY, None)
        if store is None:
            store = {}
            setattr(self.env, ENV_KEY, store)
        if problems:
            store[self.env.docname] = problems
        else:
            store.pop(self.env.docname, None)


def purge(app: Any, env: Any, docname: str) -> None:
    """``env-purge-doc``: a page read again starts with no recorded problems."""
    getattr(env, ENV_KEY, {}).pop(docname, None)


def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    """``env-merge-info``: problems found by parallel readers."""
    store = getattr(env, ENV_KEY, None)
    if store is None:
        store = {}
        setattr(env, ENV_KEY, store)
    store.update({d: p for d, p in getattr(other, ENV_KEY, {}).items() if d in docnames})


def report(app: Any, env: Any) -> None:
    """``env-check-consistency``: every page's recorded problems, this build's and earlier ones'."""
    language = app.config.language or DEFAULT_EDITION
    if language == DEFAULT_EDITION:
        return
    store = getattr(env, ENV_KEY, {})
    for docname in sorted(store):
        if docname not in env.all_docs:
            continue
        for problem in store[docname]:
            logger.warning(problem, location=docname, type="casekit", subtype="translation")
