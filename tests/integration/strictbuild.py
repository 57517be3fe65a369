"""The strict Jupyter Book build of a test book, as `make book` runs it (shared by the integration tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run_build(book: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CASEKIT_ROOT": str(book), "IPYTHONDIR": str(book / "_build" / "ipython")}
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", str(book)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=book,
    )
