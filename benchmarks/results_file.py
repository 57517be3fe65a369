"""Where every benchmark leaves its numbers: one JSON file, and a line saying where it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_results(path: Path, results: Any) -> None:
    """Write ``results`` as indented JSON to ``path`` (creating its folder) and print the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {path}")
