"""Text from data stays text: find markup in it, and escape it for MyST.

Case files, series and the bibliography are data, written by contributors and read by
reviewers as data. Their text must never be interpreted as markup (HTML, MyST roles and
directives) nor evaluated as a template (``{{ … }}``) wherever it lands. Two defences:

* :func:`find_markup` lets ``casekit check`` (through the case model) refuse such text, with
  a message a contributor can act on;
* :func:`myst_inline` escapes text for the pages the build writes in MyST (the tag pages),
  so that even text that slipped past the check would be shown, not run.
"""

from __future__ import annotations

import re
import string

# What counts as markup in a text field, with the words used to tell the contributor.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("an HTML tag", re.compile(r"<\s*/?\s*[A-Za-z!?][^>]{0,30}>?")),
    ("template syntax", re.compile(r"\{\{|\}\}|\{%|%\}|\{#")),
    ("a MyST role", re.compile(r"\{[A-Za-z][\w:+-]*\}`")),
    ("a MyST directive", re.compile(r"(`{3,}|~{3,}|:{3,})\s*\{[^}\n]{0,30}\}?")),
    ("a code fence", re.compile(r"^\s*(`{3,}|~{3,})", re.M)),
    ("a javascript: or data: link", re.compile(r"\b(javascript|vbscript)\s*:|\bdata:\s*[a-z]+/[\w.+-]+[;,]", re.I)),
]


def find_markup(text: str) -> str | None:
    """What markup ``text`` holds, in words with the offending characters, or None for plain text.

    For example ``a MyST role '{download}`'`` or ``template syntax '{{'``.
    """
    for words, pattern in _PATTERNS:
        found = pattern.search(text)
        if found:
            return f"{words} {found.group(0).strip()!r}"
    return None


_PUNCTUATION = set(string.punctuation)


def myst_inline(text: str) -> str:
    """``text`` as one line of literal MyST inline content.

    Line breaks become spaces (so no line can start a block, fence or directive), and
    every ASCII punctuation character is backslash-escaped, which CommonMark (and so
    MyST) guarantees to render as the character itself: no role, link, HTML, emphasis,
    substitution or directive can form.
    """
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in flat)
