"""Valid HTML (issue 13, section 8): every id on every built page is unique; no block element in a <summary>."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from htmlids import blocks_in_summary, duplicate_ids, ids


def test_every_id_on_every_page_is_unique(html_dir):
    files = sorted(html_dir.rglob("*.html"))
    assert len(files) > 40, f"only {len(files)} pages under {html_dir}: is the build complete?"
    problems = []
    for path in files:
        duplicates = duplicate_ids(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(html_dir)}: id {i!r} appears {n} times" for i, n in sorted(duplicates.items())]
    assert problems == [], "\n".join(problems)


def test_exercise_bodies_keep_their_hook_as_a_class(pages):
    """casekit.sphinxext.compat turned sphinx-exercise's shared body ids into classes, on every case page."""
    cases = {name: text for name, text in pages.items() if 'class="exercise admonition"' in text}
    assert len(cases) >= 30
    for name, text in cases.items():
        assert "exercise-content" not in ids(text) and "solution-content" not in ids(text), name
        assert text.count('class="exercise-content"') >= 2, name
        assert text.count('class="solution-content"') >= 2, name


def test_no_block_element_inside_a_summary(html_dir):
    """casekit.sphinxext.compat: myst-nb's "Show code" labels were <p> elements inside <summary>."""
    problems = []
    for path in sorted(html_dir.rglob("*.html")):
        problems += [
            f"{path.relative_to(html_dir)}: <{tag}> inside <summary>"
            for tag in blocks_in_summary(path.read_text(encoding="utf-8"))
        ]
    assert problems == [], "\n".join(problems[:20])


def test_the_show_code_toggle_keeps_its_two_labels(pages):
    toggles = sum(text.count('<span class="collapsed admonition-title">Show code</span>') for text in pages.values())
    assert toggles > 200
    assert toggles == sum(
        text.count('<span class="expanded admonition-title">Hide code</span>') for text in pages.values()
    )
