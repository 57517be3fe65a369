"""In the build's process (Sphinx loaded first) casekit loads its notebook API on first use, charts enabled."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_build_process_does_not_load_pandas_or_altair_until_the_notebook_api_is_used():
    out = _run(
        """
        import sys
        import sphinx.application
        import casekit
        import casekit.sphinxext, casekit.sphinxext.tagpages, casekit.sphinxext.inbrief, casekit.templatedoc
        from casekit import cases
        print("pandas" in sys.modules, "altair" in sys.modules)
        casekit.glance  # first use of the notebook API: all of it, as on a plain import
        import altair as alt
        print("pandas" in sys.modules, alt.renderers.active)
        """
    )
    assert out.splitlines() == ["False False", "True casekit-offline"]


def test_a_plain_import_enables_the_charts_as_before():
    out = _run(
        """
        import sys
        import casekit
        import altair as alt
        print("pandas" in sys.modules, alt.renderers.active, callable(casekit.glance))
        """
    )
    assert out == "True casekit-offline True"
