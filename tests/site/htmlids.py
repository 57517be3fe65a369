"""Every id attribute of an HTML page, and block elements where HTML forbids them, read with html.parser.

Shared by the site test (tests/site/test_valid_html.py) and the unit test of casekit.exercise_ids.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)

    handle_startendtag = handle_starttag


def ids(html: str) -> list[str]:
    """The page's ids in document order (inline SVG included)."""
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return parser.ids


def duplicate_ids(html: str) -> dict[str, int]:
    """Each id used more than once on the page, with how many times."""
    return {i: n for i, n in Counter(ids(html)).items() if n > 1}


# Elements that are flow content only: HTML allows none of them inside <summary>.
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)


class _Summary(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "summary":
            self.depth += 1
        elif self.depth and tag in BLOCKS:
            self.found.append(tag)

    def handle_endtag(self, tag):
        if tag == "summary" and self.depth:
            self.depth -= 1


def blocks_in_summary(html: str) -> list[str]:
    """The block elements found inside a <summary>, in document order."""
    parser = _Summary()
    parser.feed(html)
    parser.close()
    return parser.found
