"""casekit.sphinxext.compat.unique_exercise_ids against stock sphinx-exercise, in a two-page Sphinx build (about a second each).

The first test pins the upstream markup the patch relies on: when sphinx-exercise stops writing
the shared ``exercise-content`` / ``solution-content`` ids (or writes them elsewhere), it fails,
and the patch can be reviewed or removed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from htmlids import duplicate_ids, ids

# Two exercises, a solution of each form (the directive, and the gated solution-start/-end pair,
# whose body sphinx-exercise builds in transforms.py), one of them in a dropdown as the case pages do.
PAGE = textwrap.dedent(
    """\
    Page
    ====

    .. exercise::
       :label: ex-one

       Read the chart.

    .. solution:: ex-one
       :class: dropdown

       The bar is twice as tall.

    .. exercise::
       :label: ex-two

       Redraw it.

    .. solution-start:: ex-two

    Use two other countries.

    .. solution-end::
    """
)


def build(tmp_path: Path, extensions: list[str]) -> str:
    """Build the page in a fresh process (docutils keeps node registrations per process), warnings as errors."""
    src = tmp_path / "src"
    src.mkdir()
    # The patch alone, as a one-line extension (the whole casekit.sphinxext needs a book around it).
    (src / "exercise_patch.py").write_text(
        "from casekit.sphinxext.compat import unique_exercise_ids as setup\n", encoding="utf-8"
    )
    conf = f"import sys\nsys.path.insert(0, {str(src)!r})\nextensions = {extensions!r}\nhtml_theme = 'basic'\n"
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.rst").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", "-E", str(src), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return (out / "index.html").read_text(encoding="utf-8")


def test_stock_sphinx_exercise_still_repeats_the_body_ids(tmp_path):
    html = build(tmp_path, ["sphinx_exercise"])
    assert duplicate_ids(html) == {"exercise-content": 2, "solution-content": 2}, (
        "sphinx-exercise's markup changed: review casekit.sphinxext.compat.unique_exercise_ids (it may no longer be needed)"
    )


@pytest.fixture(scope="module")
def patched(tmp_path_factory) -> str:
    return build(tmp_path_factory.mktemp("patched"), ["sphinx_exercise", "exercise_patch"])


def test_patched_page_has_unique_ids(patched):
    assert duplicate_ids(patched) == {}
    assert "exercise-content" not in ids(patched) and "solution-content" not in ids(patched)


def test_patched_bodies_keep_the_hook_as_a_class_and_the_labels_stay(patched):
    assert patched.count('class="exercise-content"') == 2
    assert patched.count('class="solution-content"') == 2
    assert {"ex-one", "ex-two"} <= set(ids(patched))
    # The dropdown that sphinx-togglebutton opens is the solution admonition, untouched.
    assert 'class="solution dropdown admonition"' in patched


def test_only_exercise_and_solution_sections_change():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    from casekit.sphinxext.compat import drop_shared_ids

    document = new_document("test", get_default_settings())
    elsewhere = nodes.section(ids=["exercise-content"])
    document += elsewhere
    assert drop_shared_ids(document) == 0
    assert elsewhere["ids"] == ["exercise-content"]
