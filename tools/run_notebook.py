"""Run one MyST notebook of the book and report the first failing cell, without building the site.

    .venv/bin/python tools/run_notebook.py case_studies/logistics/nyc-off-hour-delivery.md

Useful while writing a case: it takes seconds, where a full build takes longer. The
strict build (`make book`) remains the real test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = Path(argv[0])
    if not path.is_file():
        print(f"{path}: expected a notebook file", file=sys.stderr)
        return 2
    nb = jupytext.read(path, fmt="md:myst")
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        print(f"{path}: a cell failed:\n{exc}", file=sys.stderr)
        return 1
    cells = sum(1 for c in nb.cells if c.cell_type == "code")
    print(f"{path}: OK, {cells} code cells ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
