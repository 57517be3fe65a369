"""Checks that keep data as data and pages inside the repository (part of ``casekit check``).

The trust model (README, CONTRIBUTING): notebooks are code and run in CI with no secrets;
case files, series and the bibliography are data and can never execute. These checks
refuse what would break that model before a build can publish it:

* symbolic links anywhere in the book's content (publishing ``data/`` would follow them);
* markup (HTML, MyST roles and directives, templates) in the text of data tables and of
  ``references.bib`` (case files are checked by their model, see casekit.cases);
* raw HTML in the book's Markdown pages and notebooks, outside a short allow-list;
* ``{download}``, ``{include}``, image and similar targets outside the repository, or
  with a scheme such as ``javascript:``; ``raw`` and ``eval-rst`` blocks.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .. import paths
from ..errors import Problem
from ..plaintext import find_markup

#: Folders whose every file is part of the book (recursively); other top-level folders are tooling.
CONTENT_DIRS = [
    "data",
    "case_studies",
    "chapters",
    "start",
    "reference",
    "design",
    "diagnostic",
    "_static",
    "_templates",
]
#: Top-level files the build reads.
CONTENT_FILES = ["_config.yml", "_toc.yml", "references.bib", "index.md"]
#: Folders never scanned for pages: builds, environments, tooling and generated tag pages.
SKIP_DIRS = {"_build", ".git", ".github", ".ci", "src", "tests", "tools", "benchmarks", "node_modules", "tags"}

#: Raw HTML a page may use: a few inline elements without attributes (``abbr`` may have a
#: title), and comments. Anything else (script, iframe, style, event handlers) is refused.
ALLOWED_HTML = re.compile(
    r"^(<!--(?:(?!<\s*script|-->).)*-->|</?(?:br|wbr|sub|sup|kbd)\s*/?>|<abbr(?:\s+title=\"[^\"<>]*\")?>|</abbr>)$",
    re.I | re.S,
)
#: Directives whose argument is a file the build reads or publishes.
FILE_DIRECTIVES = {"include", "literalinclude", "image", "figure", "csv-table"}
#: Directives that would put anything at all into the page.
FORBIDDEN_DIRECTIVES = {"raw", "eval-rst", "eval-md"}
FILE_ROLES = {"download"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ROLE_TARGET = re.compile(r"<([^<>]*)>\s*$")


def check(root: Path) -> list[Problem]:
    problems = list(symlinks(root))
    problems += data_text(root)
    problems += pages(root)
    return problems


def _content_paths(root: Path) -> Iterator[Path]:
    for name in CONTENT_FILES:
        yield root / name
    for name in CONTENT_DIRS:
        top = root / name
        if top.is_symlink():
            yield top
            continue
        for folder, dirs, files in os.walk(top):  # never follows links
            base = Path(folder)
            for d in list(dirs):
                if (base / d).is_symlink():
                    yield base / d
                    dirs.remove(d)
            yield from (base / f for f in files)


def symlinks(root: Path) -> Iterator[Problem]:
    for path in _content_paths(root):
        if path.is_symlink():
            target = os.readlink(path)
            yield Problem(
                _rel(root, path),
                "(file)",
                f"expected a regular file or folder, got a symbolic link to {target!r}; put the file itself "
                "in the repository (links are never published)",
            )


def data_text(root: Path) -> list[Problem]:
    """Markup in any text cell of a data table, or in a bibliography entry's text."""
    problems: list[Problem] = []
    folder = root / "data"
    for path in sorted(folder.rglob("*.csv")) if folder.is_dir() else []:
        if path.is_symlink():
            continue  # reported by symlinks()
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                seen: set[str] = set()
                for line, row in enumerate(csv.DictReader(fh), start=2):
                    for column, value in row.items():
                        if column in seen or not isinstance(value, str):
                            continue
                        found = find_markup(value)
                        if found:
                            seen.add(column)  # one line per column is enough to act on
                            problems.append(
                                Problem(
                                    _rel(root, path),
                                    f"{column} (line {line})",
                                    f"expected plain text, got {found}; write it as ordinary words "
                                    "(data tables are data: markup is never run)",
                                )
                            )
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # unreadable files are reported by the data checks
    problems += _bib_text(root)
    return problems


def _bib_text(root: Path) -> list[Problem]:
    from .. import bib
    from ..errors import CasekitError

    try:
        refs = bib.references(root)
    except (CasekitError, OSError, UnicodeDecodeError):
        return []  # reported by the bibliography check
    out = []
    for key, ref in refs.items():
        for name in ("title", "author", "publisher"):
            found = find_markup(getattr(ref, name) or "")
            if found:
                out.append(
                    Problem(
                        bib.BIB_FILE,
                        f"{key}.{name}",
                        f"expected plain text, got {found}; write it as ordinary words "
                        "(the bibliography is data: markup is never run)",
                    )
                )
    return out


def page_files(root: Path) -> list[Path]:
    """The Markdown pages and notebooks of the book (generated tag pages excluded)."""
    out = [root / "index.md"] if (root / "index.md").is_file() else []
    for name in CONTENT_DIRS:
        top = root / name
        if name == "data" or not top.is_dir() or top.is_symlink():
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
            out += [Path(folder) / f for f in files if f.endswith(".md")]
    return sorted(p for p in out if not p.is_symlink())


def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(
        MdParserConfig(enable_extensions={"colon_fence", "linkify", "tasklist", "deflist"}), RendererHTML
    )


def pages(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    parser = None
    for path in page_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the notebook checks
        parser = parser or _parser()
        problems += _page_problems(root, path, text, parser)
    return problems


def _walk(tokens) -> Iterator:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _page_problems(root: Path, path: Path, text: str, parser) -> list[Problem]:
    rel = _rel(root, path)
    out: list[Problem] = []
    tokens = parser.parse(text)
    line = 0
    for token in _walk(tokens):
        if token.map:
            line = token.map[0] + 1
        if token.type in {"html_block", "html_inline"}:
            for tag in re.findall(r"<!--.*?-->|<[^>]*>?", token.content, re.S) or [token.content]:
                if not ALLOWED_HTML.match(tag.strip()):
                    out.append(
                        Problem(
                            rel,
                            f"line {line}",
                            f"expected Markdown or MyST, got raw HTML {tag.strip()[:40]!r}; only "
                            "<br>, <sub>, <sup>, <kbd>, <abbr> and comments are allowed",
                        )
                    )
                    break
        elif token.type in {"fence", "colon_fence"} and token.info.strip().startswith("{"):
            name, _, argument = token.info.strip()[1:].partition("}")
            name = name.strip()
            if name in FORBIDDEN_DIRECTIVES:
                out.append(
                    Problem(
                        rel, f"line {line}", f"expected no {{{name}}} block: it would put unchecked content in the page"
                    )
                )
            elif name in FILE_DIRECTIVES:
                out += _target_problem(root, path, rel, line, f"{{{name}}}", argument.strip())
        elif token.type == "myst_role" and token.meta.get("name") in FILE_ROLES:
            content = token.content.strip()
            found = _ROLE_TARGET.search(content)
            out += _target_problem(
                root, path, rel, line, f"{{{token.meta['name']}}}", found.group(1) if found else content
            )
    return out


def _target_problem(root: Path, page: Path, rel: str, line: int, what: str, target: str) -> list[Problem]:
    target = target.strip()
    if not target:
        return []
    inside = False
    if not _SCHEME.match(target):
        resolved = (root / target.lstrip("/")) if target.startswith("/") else (page.parent / target)
        resolved = Path(os.path.normpath(resolved))
        root_resolved = Path(os.path.normpath(root))
        inside = resolved.is_relative_to(root_resolved) and ".git" not in resolved.relative_to(root_resolved).parts
    if inside:
        return []
    return [
        Problem(
            rel,
            f"line {line}",
            f"expected {what} to name a file inside the repository, got {target[:60]!r}",
        )
    ]


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return paths.display(path)
