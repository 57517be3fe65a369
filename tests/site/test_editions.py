"""The two editions of the built site (issue 15): same pages, same facts, each in its own language."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from casekit.sphinxext.registry import EDITIONS, site_prefix

#: Folders of the site that hold no pages of an edition.
NOT_PAGES = ("_static", "_sources", "_notebooks", "data", "_images", "_downloads")
SPANISH = "es/"


def edition_pages(html_dir: Path, edition: str) -> dict[str, Path]:
    """Page name (``chapters/logistics.html``) -> file, for one edition of the site."""
    base = html_dir / site_prefix(edition)
    out = {}
    for path in sorted(base.rglob("*.html")):
        relative = path.relative_to(base)
        if relative.parts[0] in NOT_PAGES or (edition == "en" and relative.parts[0] in EDITIONS):
            continue
        out[relative.as_posix()] = path
    return out


@pytest.fixture(scope="session")
def editions(html_dir: Path) -> dict[str, dict[str, Path]]:
    return {edition: edition_pages(html_dir, edition) for edition in EDITIONS}


@pytest.fixture(scope="session")
def pairs(editions: dict[str, dict[str, Path]]) -> list[tuple[str, str, str]]:
    """(page, English HTML, Spanish HTML) for every page."""
    return [
        (name, path.read_text(encoding="utf-8"), editions["es"][name].read_text(encoding="utf-8"))
        for name, path in sorted(editions["en"].items())
        if name in editions["es"]
    ]


def test_every_page_exists_in_both_editions(editions):
    english, spanish = set(editions["en"]), set(editions["es"])
    assert len(english) > 100
    assert english - spanish == set(), "pages only in English"
    assert spanish - english == set(), "pages only in Spanish"


def test_html_lang_names_the_edition(editions):
    for edition, pages in editions.items():
        for name, path in pages.items():
            head = path.read_text(encoding="utf-8")[:300]
            assert f'<html lang="{edition}"' in head, f"{site_prefix(edition)}{name}"


def test_every_page_links_to_its_counterpart(html_dir, editions):
    for edition, pages in editions.items():
        other = "es" if edition == "en" else "en"
        for name, path in pages.items():
            text = path.read_text(encoding="utf-8")
            switcher = re.search(r'<nav class="casekit-editions"[^>]*>(.*?)</nav>', text, re.S)
            assert switcher, f"{site_prefix(edition)}{name}: no language switcher"
            link = re.search(rf'href="([^"]+)" hreflang="{other}"', switcher.group(1))
            assert link, f"{site_prefix(edition)}{name}: no link to the {other} edition"
            target = (path.parent / link.group(1)).resolve()
            assert target == (html_dir / site_prefix(other) / name).resolve(), f"{name}: {link.group(1)}"
            assert target.is_file()


# Facts: the same numbers in both editions ----------------------------------------------------------
#: A number as either edition writes it: digits, grouped by , . or a (narrow) no-break space.
NUMBER = re.compile(r"\d+(?:[.,\u202f\u00a0]\d+)*")


def visible_text(page: str) -> str:
    """The article's text as a reader sees it: no scripts, styles, tags, or the page chrome."""
    main = re.search(r'<article class="bd-article">(.*?)</article>', page, re.S)
    body = main.group(1) if main else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


def number_key(token: str) -> str:
    """A number as its significant digits, whatever the edition's separators: 12,946 and 12 946 are
    "12946"; 2.6 and 2,6 are "26"; 0.7800 and 0,78 are "078" (a table may show trailing zeros in
    one edition only). A changed, dropped or added digit still changes the key."""
    digits = re.sub(r"\D", "", token)
    return digits.rstrip("0") or "0"


def numbers(text: str) -> Counter:
    """Every number of a text as :func:`number_key` writes it."""
    return Counter(number_key(m) for m in NUMBER.findall(text))


def test_numbers_and_years_are_the_same_in_both_editions(pairs):
    differences = []
    for name, english, spanish in pairs:
        en, es = numbers(visible_text(english)), numbers(visible_text(spanish))
        if en != es:
            only_en, only_es = sorted((en - es).elements()), sorted((es - en).elements())
            differences.append(f"{name}: only in English {only_en[:12]}, only in Spanish {only_es[:12]}")
    assert not differences, f"{len(differences)} page(s) differ:\n" + "\n".join(differences)


# Charts: each edition's own words ----------------------------------------------------------------
#: Where a chart's Vega-Lite spec starts: the argument after its element (casekit.render).
CHART = re.compile(r'\}\)\(document\.getElementById\("(vega-chart-[^"]+)"\),\s*')
LABEL = re.compile(r'class="vega-chart" role="figure" aria-label="([^"]+)"')


def chart_texts(page: str) -> list[tuple[str, str]]:
    """(title, description) of every chart of a page, from its Vega-Lite spec."""
    decoder = json.JSONDecoder()
    out = []
    for match in CHART.finditer(page):
        start = match.end()
        if page.startswith("function", start):  # a map's spec is built when drawn: function () { return {...
            start = page.index("{", page.index("return", start))
        try:
            spec, _end = decoder.raw_decode(page, start)
        except ValueError:  # a map: its spec names the world outline, a script variable
            head = page[start : page.index("</script>", start)]
            title = re.search(r'"title":\{[^{}]*?"text":"((?:[^"\\]|\\.)*)"[^{}]*\},"width"', head)
            description = re.search(r'"description":"((?:[^"\\]|\\.)*)"', head)
            spec = {
                "title": {"text": json.loads(f'"{title.group(1)}"') if title else ""},
                "description": json.loads(f'"{description.group(1)}"') if description else "",
            }
        title = spec.get("title", "")
        text = title.get("text", "") if isinstance(title, dict) else title
        out.append((" ".join(text) if isinstance(text, list) else str(text), str(spec.get("description", ""))))
    return out


def test_no_chart_shows_the_other_editions_title(pairs):
    same = []
    counted = 0
    for name, english, spanish in pairs:
        en, es = chart_texts(english), chart_texts(spanish)
        assert len(en) == len(es), f"{name}: {len(en)} charts in English, {len(es)} in Spanish"
        en_labels, es_labels = LABEL.findall(english), LABEL.findall(spanish)
        for (en_title, en_text), (es_title, es_text) in zip(en, es, strict=True):
            counted += 1
            if en_title == es_title:
                same.append(f"{name}: title {en_title!r}")
            if en_text == es_text:
                same.append(f"{name}: description {en_text[:60]!r}")
        same += [f"{name}: accessible label {a[:60]!r}" for a, b in zip(en_labels, es_labels, strict=False) if a == b]
    assert counted > 100
    assert not same, f"{len(same)} chart text(s) the same in both editions:\n" + "\n".join(same)


def test_search_finds_spanish_words_in_the_spanish_edition(html_dir):
    """A Spanish query such as "entregas nocturnas" finds the New York and Paris cases."""
    from snowballstemmer import stemmer

    index_text = (html_dir / SPANISH / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index_text[index_text.index("(") + 1 : index_text.rindex(")")])
    stem = stemmer("spanish").stemWord
    found = None
    for word in ("entregas", "nocturnas"):
        docs: set[int] = set()
        for table in ("terms", "titleterms"):  # Sphinx's search looks a word up in both
            hits = index[table].get(stem(word), [])
            docs |= {hits} if isinstance(hits, int) else set(hits)
        found = docs if found is None else found & docs
    names = {index["docnames"][d] for d in found or ()}
    assert "case_studies/logistics/nyc-off-hour-delivery" in names
    assert "case_studies/logistics/paris-off-hour-delivery" in names
    english = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    assert '"language":"es"' not in english.replace(" ", "")
