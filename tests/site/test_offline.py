"""The built site needs no network: every script, stylesheet, font and image comes from the site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ASSET_ATTRS = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
# <link rel=...> values that make the browser fetch something (not plain navigation links).
FETCHING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch"}
REMOTE = re.compile(r"^(https?:)?//", re.I)


class AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []
        self.scripts: list[str] = []
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "style":
            self._in_style = True
            if "scoped" in a:
                self.remote.append("<style scoped> (invalid HTML)")
        for name, value in attrs:
            if (tag, name) in ASSET_ATTRS and value and REMOTE.match(value):
                if tag == "link" and not (set((a.get("rel") or "").lower().split()) & FETCHING_RELS):
                    continue
                self.remote.append(f"<{tag} {name}={value}>")
            if name == "style" and value and "url(" in value and re.search(r"url\(['\"]?(https?:)?//", value):
                self.remote.append(f"style attribute {value}")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and re.search(r"(@import|url\()\s*['\"]?(https?:)?//", data):
            self.remote.append("remote @import or url() in <style>")


def parse(text: str) -> AssetParser:
    parser = AssetParser()
    parser.feed(text)
    return parser


def test_the_checker_catches_remote_assets():
    bad = (
        '<script src="https://cdn.example.org/npm/vega@6"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css">'
        '<style>@import url("https://x.org/a.css")</style><a href="https://example.org">fine</a>'
    )
    found = parse(bad).remote
    assert len(found) == 3, found


def test_no_page_loads_anything_from_outside(every_page):
    offenders = {name: parse(text).remote for name, text in every_page.items()}
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_no_stylesheet_fetches_remote_fonts_or_imports(html_dir: Path):
    bad = []
    for css in html_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"(@import\s+(url\()?|url\()\s*['\"]?((https?:)?//[^'\")]+)", text):
            bad.append(f"{css.relative_to(html_dir)}: {m.group(3)}")
    assert bad == []


def test_pages_with_charts_load_the_local_chart_bundle(pages, html_dir: Path):
    with_charts = {n: t for n, t in pages.items() if 'class="vega-chart"' in t}
    assert len(with_charts) >= 5, sorted(with_charts)
    for name, text in with_charts.items():
        # casekit-charts.js loads the runtime named in its data-runtime from its own folder.
        loader = re.search(
            r'<script data-runtime="vega-bundle.js"[^>]* src="((?:\.\./)*_static/)casekit-charts\.js', text
        )
        assert loader, f"{name}: no local casekit-charts.js loading vega-bundle.js"
        for file in ("casekit-charts.js", "vega-bundle.js"):
            target = (html_dir / name).parent / (loader.group(1) + file)
            assert target.resolve().is_file(), f"{name}: {target} does not resolve"


def test_every_local_script_and_stylesheet_exists(every_page, html_dir: Path):
    missing = []
    for name, text in every_page.items():
        for ref in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"#?]+\.(?:js|css))', text):
            if not REMOTE.match(ref) and not ((html_dir / name).parent / ref).resolve().is_file():
                missing.append(f"{name}: {ref}")
    assert missing == []


def test_only_pages_with_a_map_load_the_shared_world_outline(pages, html_dir: Path):
    """The world outline (108 KB) is a cached script, not copied into pages that never draw a map."""
    world = "_static/casekit-world-110m.js"
    # The chart loader (casekit-charts.js) loads the outline named in its data-world.
    loaders = sorted(n for n, t in pages.items() if 'data-world="casekit-world-110m.js"' in t)
    users = sorted(n for n, t in pages.items() if "casekitWorld" in t)
    assert "case_studies/explorer.html" in users
    assert loaders == users
    assert not [n for n, t in pages.items() if '"Topology"' in t], "a page still carries a copy of the outline"
    script = (html_dir / world).read_text(encoding="utf-8")
    assert script.startswith("/* Natural Earth") and "var casekitWorld = {" in script
    assert (html_dir / "_static" / "world-atlas-LICENSE.txt").is_file()
