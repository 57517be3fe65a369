"""What an injection would leave behind in a built site, found by reading the HTML.

Used by the site tests (over the real book) and by the injection test (over a miniature
book built from hostile case files). Each finding is one line naming the page.

* an inline script that is not one of the book's own (its chart scripts, the theme's and
  the extensions' fixed snippets, JSON data islands);
* an event-handler attribute other than the theme's print button;
* a ``javascript:``, ``vbscript:`` or ``data:`` URL in a link or a source;
* a file under ``_downloads/`` that is not a file of the repository.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

# Fixed snippets that Sphinx, the theme and its extensions write inline (whitespace-normalised).
KNOWN_SNIPPETS = {
    "var togglebuttonSelector = '.toggle, .admonition.dropdown';",
    "var togglebuttonSelector = '.toggle, .admonition.dropdown, .tag_hide_input div.cell_input, "
    ".tag_hide-input div.cell_input, .tag_hide_output div.cell_output, .tag_hide-output div.cell_output, "
    ".tag_hide_cell.cell, .tag_hide-cell.cell';",
    'document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto"; '
    'document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";',
    # The search page's own snippet (pydata-sphinx-theme): focuses the search box.
    '// Activate the search field on page load let searchInput = document.querySelector("form.bd-search input"); '
    'if (searchInput) { searchInput.focus(); searchInput.select(); console.log("[PST]: Set focus on search field."); }',
    "let toggleHintShow = 'Click to show';",
    "let toggleHintHide = 'Click to hide';",
    # sphinx-togglebutton's own Spanish words (the Spanish edition).
    "let toggleHintShow = 'Haz clic para mostrar';",
    "let toggleHintHide = 'Haz clic para ocultar';",
    "let toggleOpenOnPrint = 'true';",
    "DOCUMENTATION_OPTIONS.search_as_you_type = false;",
}
PATTERNS = [
    re.compile(r"DOCUMENTATION_OPTIONS\.pagename = '[\w./-]+';"),
]
# casekit.render's chart script: a fixed frame around data that casekit.render.script_json
# escaped, so no "<" can appear in it.
CHART = re.compile(
    r"^\(function\(el, spec, opt\) \{ if \(!el\) \{ return; \} .*vegaEmbed\(el, spec, opt\).*\}\)"
    r'\(document\.getElementById\("vega-chart-[0-9a-f]{10}-\d+"\), [^<]*, \{"actions": false\}\);$'
)
EVENT_HANDLERS_ALLOWED = {("onclick", "window.print()")}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._script: list[str] | None = None
        self._type = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and not a.get("src"):
            self._script, self._type = [], (a.get("type") or "").lower()
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") and (name, (value or "").strip()) not in EVENT_HANDLERS_ALLOWED:
                self.findings.append(f"event handler {name}={value!r} on <{tag}>")
            if name in URL_ATTRS and value and BAD_SCHEME.match(value):
                self.findings.append(f"{value[:40]!r} in <{tag} {name}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = " ".join("".join(self._script).split())
            if body and not _known(body, self._type):
                self.findings.append(f"unknown inline script {body[:80]!r}")
            self._script = None


def _known(body: str, kind: str) -> bool:
    if kind in {"application/json", "application/ld+json"}:
        try:
            json.loads(body)
        except ValueError:
            return False
        return "<" not in body
    return body in KNOWN_SNIPPETS or any(p.fullmatch(body) for p in PATTERNS) or bool(CHART.match(body))


def page_findings(text: str) -> list[str]:
    parser = _Parser()
    parser.feed(text)
    return parser.findings


def repository_digests(repo: Path) -> set[str]:
    """SHA-256 of every file of the repository that a page could offer for download."""
    out = set()
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in {"_build", ".git", ".venv", ".venv-lab", "node_modules"}]
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                out.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def audit(html_dir: Path, repo: Path) -> list[str]:
    findings = []
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        rel = page.relative_to(html_dir).as_posix()
        findings += [f"{rel}: {f}" for f in page_findings(page.read_text(encoding="utf-8"))]
    downloads = html_dir / "_downloads"
    if downloads.is_dir():
        known = repository_digests(repo)
        for path in sorted(p for p in downloads.rglob("*") if p.is_file()):
            if hashlib.sha256(path.read_bytes()).hexdigest() not in known:
                findings.append(
                    f"{path.relative_to(html_dir).as_posix()}: a download that is not a file of the repository"
                )
    return findings
