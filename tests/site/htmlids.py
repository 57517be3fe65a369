"""Every id attribute of an HTML page, read with html.parser (shared by the site test and the unit test)."""

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
