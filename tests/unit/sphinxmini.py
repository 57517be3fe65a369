"""Tiny Sphinx projects for testing one casekit hook against stock Sphinx (no book around it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def write_conf(src: Path, conf: str, hook: tuple[str, str, str] | None = None) -> None:
    """``conf.py`` with ``conf``; with ``hook = (module, function, event)``, that function connected to the event."""
    if hook is not None:
        module, function, event = hook
        (src / "hook_under_test.py").write_text(
            f"from {module} import {function}\n\ndef setup(app):\n    app.connect({event!r}, {function})\n",
            encoding="utf-8",
        )
        conf = f"import sys\nsys.path.insert(0, {str(src)!r})\nextensions = ['hook_under_test']\n" + conf
    (src / "conf.py").write_text(conf, encoding="utf-8")


def build(src: Path, out: Path) -> None:
    """An HTML build in a fresh process (docutils keeps registrations per process), warnings as errors."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
