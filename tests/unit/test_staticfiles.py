"""A changed file in _static/ reaches the site even when no page changed (casekit.sphinxext.staticfiles)."""

from __future__ import annotations

import sys
from pathlib import Path

from casekit.sphinxext.staticfiles import changed_static_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sphinxmini import build as _build
from sphinxmini import write_conf


def _book(tmp_path: Path, hook: bool) -> Path:
    src = tmp_path / ("with-hook" if hook else "stock")
    (src / "_static").mkdir(parents=True)
    (src / "_static" / "site.css").write_text("body { color: black; }\n", encoding="utf-8")
    (src / "index.rst").write_text("Page\n====\n\nText.\n", encoding="utf-8")
    hook_spec = ("casekit.sphinxext.staticfiles", "outdated_for_static_files", "env-get-outdated")
    write_conf(src, "html_static_path = ['_static']\nhtml_theme = 'basic'\n", hook_spec if hook else None)
    return src


def _edit_css_and_rebuild(tmp_path: Path, hook: bool) -> str:
    src = _book(tmp_path, hook)
    out = src.parent / (src.name + "-out")
    _build(src, out)
    (src / "_static" / "site.css").write_text("body { color: navy; }\n", encoding="utf-8")
    _build(src, out)
    return (out / "_static" / "site.css").read_text(encoding="utf-8")


def test_stock_sphinx_keeps_the_old_static_file(tmp_path):
    # The upstream behaviour the hook exists for; when Sphinx copies static files on a build
    # with nothing to write, this fails and the hook can go.
    assert "black" in _edit_css_and_rebuild(tmp_path, hook=False)


def test_the_hook_publishes_the_changed_static_file(tmp_path):
    assert "navy" in _edit_css_and_rebuild(tmp_path, hook=True)


def test_unchanged_files_ask_for_nothing(tmp_path):
    src = _book(tmp_path, hook=False)
    out = tmp_path / "out"
    _build(src, out)
    assert changed_static_files(src, out, ["_static"]) == []
    (out / "_static" / "site.css").unlink()
    assert changed_static_files(src, out, ["_static"]) == [(src / "_static" / "site.css").resolve()]
