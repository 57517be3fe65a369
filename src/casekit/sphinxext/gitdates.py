"""The footer's "Last updated": the last commit that changed each page's content."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path
from typing import Any

from .registry import Registry


def git_dates(root: Path) -> dict[str, str]:
    """The date (YYYY-MM-DD) of the last commit that touched each file under ``root``.

    One ``git log`` for the whole book; paths are relative to ``root``. Empty when ``root``
    is not in a git repository or git is missing (a workshop kit, a tarball).
    """
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)  # newest first: keep the first date seen
    return dates


def last_updated(root: Path, dates: dict[str, str], source: str) -> str | None:
    """When the content of the page built from ``source`` last changed in git.

    A case page counts its case file and series as content; other pages count their source.
    """
    case_id = Registry(root).case_id(Path(source).with_suffix("").as_posix())
    files = [source]
    if case_id is not None:
        files += [f"data/cases/{case_id}.yml", f"data/series/{case_id}.csv"]
    found = [dates[f] for f in files if f in dates]
    if not found:
        return None
    day = datetime.date.fromisoformat(max(found))
    return f"{day.day} {day:%B %Y}"


def read_git_dates(app: Any) -> None:
    """``builder-inited``: one ``git log`` for the whole build."""
    app._casekit_git_dates = git_dates(Path(app.srcdir))


def set_last_updated(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: the theme's footer says "Last updated on ..." with this date, not the build's."""
    if pagename in app.env.found_docs:
        source = Path(app.env.doc2path(pagename, base=False)).as_posix()
        context["last_updated"] = last_updated(Path(app.srcdir), getattr(app, "_casekit_git_dates", {}), source)
