"""Fast on a slow link (issue 14): what a first visit loads, read from the built HTML.

`make bench` measures the result with Lighthouse; these checks keep the causes fixed:
the chart runtime only where a chart draws, nothing render-blocking but one tiny script,
the search index only on the search page, no icon script, a favicon.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class HeadParser(HTMLParser):
    """The page's script files (src and attributes) and its icon links."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str, dict[str, str | None]]] = []
        self.icons: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.scripts.append((a["src"].split("?")[0], a))
        if tag == "link" and "icon" in (a.get("rel") or "").split() and a.get("href"):
            self.icons.append(a["href"])


def head(text: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(text)
    return parser


def named(scripts, name: str):
    return [(src, a) for src, a in scripts if src.rsplit("/", 1)[-1] == name]


def test_only_pages_that_draw_a_chart_get_the_chart_loader_and_no_page_blocks_on_the_runtime(pages):
    drawing = {n for n, t in pages.items() if "vegaEmbed(" in t}
    loading = {n for n, t in pages.items() if named(head(t).scripts, "casekit-charts.js")}
    assert "case_studies/explorer.html" in drawing and "index.html" not in drawing
    assert loading == drawing
    for name in loading:
        for _, attrs in named(head(pages[name]).scripts, "casekit-charts.js"):
            assert "defer" in attrs and attrs.get("data-runtime") == "vega-bundle.js", (name, attrs)
    # The runtime and the world outline are loaded by the loader when a chart nears the screen.
    assert not [n for n, t in pages.items() if named(head(t).scripts, "vega-bundle.js")]
    assert not [n for n, t in pages.items() if named(head(t).scripts, "casekit-world-110m.js")]


def test_no_script_file_blocks_the_first_paint_but_the_documentation_options(pages):
    blocking = {}
    for name, text in pages.items():
        if name == "search.html":
            continue  # the search page runs its index as it loads (checked by the browser search test)
        found = [
            src
            for src, a in head(text).scripts
            if "defer" not in a and "async" not in a and not src.endswith("_static/documentation_options.js")
        ]
        if found:
            blocking[name] = found
    assert blocking == {}


def test_the_search_index_loads_only_on_the_search_page(pages):
    loaders = sorted(n for n, t in pages.items() if named(head(t).scripts, "searchindex.js"))
    assert loaders == ["search.html"]


def test_no_page_loads_the_icon_script_and_every_icon_shown_has_a_drawing(pages, html_dir: Path):
    assert not [n for n, t in pages.items() if "fontawesome.js" in t]
    css = (html_dir / "_static" / "casekit-icons.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.fa-([a-z0-9-]+)::before \{ --casekit-icon", css))
    shown = set()
    for text in pages.values():
        for classes in re.findall(r'<i class="([^"]*\bfa[a-z-]*[^"]*)"', text):
            shown |= {c[3:] for c in classes.split() if c.startswith("fa-") and c not in {"fa-solid", "fa-lg"}}
    theme_js = (html_dir / "_static" / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    shown |= set(re.findall(r'"fa-([a-z][a-z0-9-]+)"', theme_js)) - {"solid", "regular", "brands", "lg"}
    assert shown, "no icon found on the pages: the check reads the wrong markup"
    assert shown <= drawn, f"icons without a drawing (add them to tools/make_icons.py): {sorted(shown - drawn)}"


def test_the_icon_stylesheet_is_current(load_tool):
    module = load_tool("make_icons")
    assert module.css(module.fontawesome_js()) == module.OUT.read_text(encoding="utf-8"), "run tools/make_icons.py"


def test_every_page_names_a_favicon_that_exists(pages, html_dir: Path):
    for name, text in pages.items():
        icons = head(text).icons
        assert icons, f"{name}: no <link rel=icon> (browsers then ask for /favicon.ico: a 404)"
        assert all(((html_dir / name).parent / i.split("?")[0]).resolve().is_file() for i in icons), (name, icons)


def test_the_theme_icon_glyphs_come_from_the_cut_down_font(pages, html_dir: Path):
    """casekit-icons.css redeclares the icon font (1.8 KB instead of 156 KB), after the theme's CSS."""
    css = (html_dir / "_static" / "casekit-icons.css").read_text(encoding="utf-8")
    face = re.search(
        r'@font-face \{ font-family: "Font Awesome 6 Free";[^}]*font-weight: 900;[^}]*url\("([^"]+)"\)', css
    )
    assert face, "casekit-icons.css does not redeclare the solid icon font"
    font = html_dir / "_static" / face.group(1)
    assert font.is_file() and font.read_bytes()[:4] == b"wOF2" and font.stat().st_size < 10_000
    for name, text in pages.items():
        theme = text.find("styles/pydata-sphinx-theme.css")
        ours = text.find("_static/casekit-icons.css")
        assert 0 <= theme < ours, f"{name}: casekit-icons.css must come after the theme's stylesheet"
