"""Every internal link of the built site lands on an existing file, and every #anchor
on an existing id (in the same page or in the page linked to). External http(s) and
mailto links are not checked here: the site must work offline, not the web."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL_SCHEMES = {"http", "https", "mailto"}


class LinkParser(HTMLParser):
    """Collects every `<a href>` and every `id` of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)
            if tag == "a" and name == "href" and value is not None:
                self.hrefs.append(value)

    handle_startendtag = handle_starttag


def parse(text: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(text)
    parser.close()
    return parser


def broken_links(pages: dict[str, str], html_dir: Path) -> list[str]:
    """`pages` maps a page's path relative to `html_dir` (posix) to its HTML."""
    parsed = {name: parse(text) for name, text in pages.items()}
    id_cache: dict[str, set[str] | None] = {name: p.ids for name, p in parsed.items()}

    def ids_of(target: str) -> set[str] | None:
        if target not in id_cache:
            path = html_dir / target
            id_cache[target] = (
                parse(path.read_text(encoding="utf-8", errors="replace")).ids
                if path.suffix == ".html" and path.is_file()
                else None
            )
        return id_cache[target]

    problems = []
    for name, parser in parsed.items():
        base = posixpath.dirname(name)
        for href in parser.hrefs:
            href = href.strip()
            url = urlsplit(href)
            if url.scheme.lower() in EXTERNAL_SCHEMES or (not url.scheme and url.netloc):
                continue
            if url.scheme:
                problems.append(f"{name}: link with unexpected scheme: {href}")
                continue
            if url.path:
                target = posixpath.normpath(posixpath.join(base, unquote(url.path)))
                if target == ".." or target.startswith("../"):
                    problems.append(f"{name}: {href} points outside the site")
                    continue
                path = html_dir / target
                if path.is_dir():
                    target = posixpath.join(target, "index.html") if target != "." else "index.html"
                    path = html_dir / target
                if not path.is_file():
                    problems.append(f"{name}: {href} -> missing file {target}")
                    continue
            else:
                target = name  # "#id" or "?query": this page
            fragment = unquote(url.fragment)
            if not fragment or not target.endswith(".html"):
                continue
            ids = ids_of(target)
            if ids is None or fragment not in ids:
                where = "this page" if target == name else target
                problems.append(f"{name}: {href} -> no id {fragment!r} in {where}")
    return problems


def test_the_checker_catches_broken_links_and_anchors(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "img.png").write_bytes(b"")
    pages = {
        "index.html": (
            '<h1 id="top">Home</h1><a href="#top">ok</a><a href="sub/page.html#part">ok</a>'
            '<a href="sub/">ok, folder index</a><a href="img.png">ok</a><a href="#">ok</a>'
            '<a href="https://example.org/#x">external</a><a href="mailto:a@b.org">mail</a>'
            '<a href="sub/gone.html">broken link</a><a href="sub/page.html#nowhere">broken anchor</a>'
            '<a href="#missing">broken same-page anchor</a>'
        ),
        "sub/page.html": '<section id="part"><a href="../index.html#top">ok</a></section>',
        "sub/index.html": "<p>folder index</p>",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    problems = broken_links(pages, tmp_path)
    assert problems == [
        "index.html: sub/gone.html -> missing file sub/gone.html",
        "index.html: sub/page.html#nowhere -> no id 'nowhere' in sub/page.html",
        "index.html: #missing -> no id 'missing' in this page",
    ]


def test_every_internal_link_and_anchor_resolves(every_page, html_dir: Path):
    problems = broken_links(every_page, html_dir)
    assert problems == [], f"{len(problems)} broken internal link(s):\n" + "\n".join(problems)
