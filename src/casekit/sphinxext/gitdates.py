"""The footer's "Last updated" line: the last commit that changed a page's content.

A case page counts its case file and series as content; any other page counts its own source.
Git runs three times per build, whatever the number of pages: ``rev-parse`` (is this a
repository, is it a shallow clone), one ``log`` for the whole book, one ``status`` for the
changes not committed yet. A page whose content is not committed yet says so instead of
showing a date; a shallow clone stops the build (its dates would be wrong); without git (a
workshop kit, a tarball) pages show no date.

Sphinx writes only the pages it reads again, and a commit changes no file: a page kept its
old footer until ``make clean``. The footers of the last finished build are kept beside the
doctrees; a page whose footer changed since is written again through ``env-updated``, which
writes a page without reading it, so its notebook is not executed again.

sphinx-last-updated-by-git 0.3.8 was evaluated for this (issue 13) and is not used: it dates
only the pages Sphinx reads again, so a commit left the old footer (the bug above); it shows
nothing for an uncommitted page, and the last commit's date for a changed one, without saying
so; on a shallow clone it warns once per page, and only when a page's date is the clone's
first commit; and it starts two git processes per source folder (42 on this book, 0.23 s,
against 0.05 s for the one ``log`` here).
"""

from __future__ import annotations

import datetime
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..i18n import N_, SOURCE_LANGUAGE, _, language
from .registry import Registry

logger = logging.getLogger(__name__)

RECORD = "casekit-footer-dates.json"  # beside the doctrees: each page's footer in the last finished build
NOT_COMMITTED = N_("Last updated: not yet committed (the date appears once this page's files are committed).")


class ShallowClone(Exception):
    """The book is in a shallow git clone: a file's last commit may be missing from it."""

    def __str__(self) -> str:
        return (
            "This git clone is shallow (made with --depth), so the pages' 'Last updated' dates would be "
            "wrong: run `git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0), "
            "or build from a copy without the .git folder, which shows no dates."
        )


@dataclass(frozen=True)
class GitState:
    """What git says about the files under the book's root (paths relative to it)."""

    dates: dict[str, str]  # path -> YYYY-MM-DD of the last commit that touched it
    uncommitted: frozenset[str]  # paths with changes not committed yet: modified, staged or new


@dataclass(frozen=True)
class Footer:
    """A page's footer: the day of its content's last commit, and whether it changed since."""

    day: datetime.date | None
    uncommitted: bool

    @property
    def date(self) -> str | None:
        """The day in the edition's language: "5 December 2026", "5 de diciembre de 2026"."""
        return day_words(self.day) if self.day else None

    @property
    def line(self) -> str:
        if self.day is None:
            return _(NOT_COMMITTED)
        if self.uncommitted:
            return _("Last updated on {date}, with changes since then not yet committed.").format(date=self.date)
        return _("Last updated on {date}.").format(date=self.date)


def day_words(day: datetime.date) -> str:
    """A date as the footer writes it: English "5 December 2026"; other editions CLDR's long format."""
    lang = language()
    if lang == SOURCE_LANGUAGE:
        return f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=lang)


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def git_state(root: Path) -> GitState | None:
    """Dates and uncommitted changes for the book at ``root``.

    None when ``root`` is not in a git repository or git is missing. Raises ShallowClone
    in a shallow clone.
    """
    head = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if head is None:
        return None
    lines = head.splitlines()
    if lines and lines[0] == "true":
        raise ShallowClone()
    prefix = lines[1] if len(lines) > 1 else ""  # the book's folder inside the repository
    log = _git(root, "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames") or ""
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)  # newest first: keep the first date seen
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", ".") or ""
    paths = (entry[3:] for entry in status.split("\0") if len(entry) > 3)
    return GitState(dates, frozenset(p[len(prefix) :] for p in paths if p.startswith(prefix)))


def content_files(registry: Registry, source: str) -> list[str]:
    """The files that date the page built from ``source``: a case page's case file and series too."""
    case_id = registry.case_id(Path(source).with_suffix("").as_posix())
    if case_id is None:
        return [source]
    return [source, f"data/cases/{case_id}.yml", f"data/series/{case_id}.csv"]


def footer(root: Path, state: GitState | None, source: str) -> Footer | None:
    """The footer of the page built from ``source``; None for none (no git, or a file git ignores)."""
    if state is None:
        return None
    files = content_files(Registry(root), source)
    committed = [state.dates[f] for f in files if f in state.dates]
    uncommitted = any(f in state.uncommitted for f in files)
    if not committed and not uncommitted:
        return None  # generated, and ignored by git (the tag pages)
    return Footer(datetime.date.fromisoformat(max(committed)) if committed else None, uncommitted)


def load_record(doctreedir: Path) -> dict[str, str | None] | None:
    try:
        record = json.loads((doctreedir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def redated(previous: dict[str, str | None] | None, current: dict[str, str | None]) -> list[str]:
    """The pages to write again because their footer changed (all of them without a record)."""
    if previous is None:
        return sorted(current)
    return sorted(doc for doc, line in current.items() if doc not in previous or previous[doc] != line)


# Sphinx hooks: builder-inited, env-updated, html-page-context and build-finished.


def read_git_state(app: Sphinx) -> None:
    """Ask git once per build; a shallow clone stops the build before anything is read."""
    try:
        app._casekit_git = git_state(Path(app.srcdir))  # type: ignore[attr-defined]
    except ShallowClone as exc:
        # SystemExit, as for invalid case files: Jupyter Book prints a traceback for any exception.
        logger.error(str(exc))
        raise SystemExit(2) from None


def write_redated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose footer changed since the last finished build: Sphinx writes them without reading."""
    root = Path(app.srcdir)
    state = getattr(app, "_casekit_git", None)
    footers = {
        doc: footer(root, state, Path(env.doc2path(doc, base=False)).as_posix()) for doc in sorted(env.found_docs)
    }
    app._casekit_footers = footers  # type: ignore[attr-defined]
    again = redated(load_record(Path(app.doctreedir)), _lines(footers))
    if again and (Path(app.doctreedir) / RECORD).is_file():
        logger.info(f"[casekit] {len(again)} page(s) written again for their new 'Last updated' line")
    return again


def add_footer(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: the line _templates/last-updated.html shows; ``last_updated`` (the theme's meta tag) is the date."""
    footers = getattr(app, "_casekit_footers", {})
    if pagename in footers:
        found = footers[pagename]
        context["casekit_footer"] = found.line if found else None
        context["last_updated"] = found.date if found else None


def save_footers(app: Sphinx, exception: Exception | None) -> None:
    """Only a finished build records its footers: after an interrupted one, they are written again."""
    footers = getattr(app, "_casekit_footers", None)
    if exception is None and footers is not None:
        record = Path(app.doctreedir) / RECORD
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(_lines(footers), indent=1, sort_keys=True), encoding="utf-8")


def _lines(footers: dict[str, Footer | None]) -> dict[str, str | None]:
    return {doc: found.line if found else None for doc, found in footers.items()}
