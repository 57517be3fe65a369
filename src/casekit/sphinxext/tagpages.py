"""Tag pages: one page per theme, instrument, World Bank region and income group, listing its cases.

The pages are generated from the case files into ``case_studies/tags/`` when the book is
built (:func:`generate_pages` runs :func:`write_tag_pages` before Sphinx reads the sources), so
they are never kept by hand and a new case appears on its tags' pages by itself. The
folder is not committed.

Every piece of text that comes from data (a case's title and place, a region's name) goes
through :func:`casekit.plaintext.myst_inline`, and links are Markdown links rather than roles,
so the text is shown as written and can never act as MyST markup or a template.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.util import logging

from .. import cases
from ..countries import countries
from ..errors import CasekitError
from ..plaintext import myst_inline
from ..vocabulary import INSTRUMENTS, LEVELS_OF_GOVERNMENT, THEMES

logger = logging.getLogger(__name__)

FOLDER = Path("case_studies") / "tags"
KINDS = {
    "theme": "Themes",
    "instrument": "Instruments",
    "region": "World Bank regions",
    "income": "World Bank income groups",
    "led": "Levels of government that led",
}
SINGULAR = {
    "theme": "Theme",
    "instrument": "Instrument",
    "region": "World Bank region",
    "income": "Income group",
    "led": "Led by",
}
LED_BY = {
    "municipal": "Municipal government",
    "state-provincial": "State or provincial government",
    "national": "National government",
    "private-led": "Private-led (firm, platform or NGO)",
}
assert set(LED_BY) == set(LEVELS_OF_GOVERNMENT)


@dataclass(frozen=True)
class Tag:
    kind: str
    name: str
    description: str

    @property
    def slug(self) -> str:
        return f"{self.kind}-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def tags_of(case: cases.Case) -> list[Tag]:
    meta = countries().get(case.country, {})
    out = [Tag("theme", THEMES[case.theme], "")]
    out += [Tag("instrument", i, INSTRUMENTS[i]) for i in case.instruments]
    if meta.get("wb_region"):
        out.append(Tag("region", meta["wb_region"], ""))
    if meta.get("wb_income_group"):
        out.append(Tag("income", meta["wb_income_group"], ""))
    if case.led_by:
        out.append(Tag("led", LED_BY[case.led_by], LEVELS_OF_GOVERNMENT[case.led_by]))
    return out


def collect() -> dict[Tag, list[cases.Case]]:
    """Every tag with its cases; every theme and instrument has a tag even without cases."""
    tagged: dict[Tag, list[cases.Case]] = {Tag("theme", label, ""): [] for label in THEMES.values()}
    tagged.update({Tag("instrument", name, meaning): [] for name, meaning in INSTRUMENTS.items()})
    for case in cases.all():
        for tag in tags_of(case):
            tagged.setdefault(tag, []).append(case)
    return tagged


def _case_line(c: cases.Case) -> str:
    facts = [c.place]
    if c.led_by:
        facts.append(f"led by: {LED_BY[c.led_by].lower()}")
    if c.population:
        facts.append(f"population {c.population.value:,} ({c.population.name}, {c.population.year})")
    facts.append(f"evidence: {c.evidence}")
    return f"- [{myst_inline(c.title)}](../{c.theme}/{c.id}.md) ({myst_inline('; '.join(facts))})"


def _page(tag: Tag, members: list[cases.Case]) -> str:
    lines = [f"# {SINGULAR[tag.kind]}: {myst_inline(tag.name)}", ""]
    if tag.description:
        lines += [myst_inline(tag.description + "."), ""]
    if members:
        lines += [f"{len(members)} case{'s' if len(members) != 1 else ''} in the book:", ""]
        lines += [_case_line(c) for c in members]
    else:
        lines.append("No case in the book uses this yet.")
    lines += ["", "This page is generated from the case files when the book is built.", ""]
    return "\n".join(lines)


def _index(tagged: dict[Tag, list[cases.Case]]) -> str:
    lines = [
        "# Cases by tag",
        "",
        "Every theme, policy instrument, World Bank region and income group, and the level of government "
        "that led, with the number of cases. The pages are generated from the case files when the book is built.",
        "",
    ]
    for kind, heading in KINDS.items():
        listed = sorted((t for t in tagged if t.kind == kind), key=lambda t: t.name)
        if not listed:
            continue
        lines += [f"## {heading}", ""]
        for tag in listed:
            lines.append(f"- [{myst_inline(tag.name)}]({tag.slug}.md) ({len(tagged[tag])})")
        lines.append("")
    return "\n".join(lines)


def write_tag_pages(root: Path) -> list[Path]:
    """Write (or refresh) the tag pages under ``root/case_studies/tags``; return the changed files."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tagged = collect()
    wanted = {folder / "index.md": _index(tagged)}
    wanted.update({folder / f"{tag.slug}.md": _page(tag, members) for tag, members in tagged.items()})
    changed = []
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for stale in folder.glob("*.md"):
        if stale not in wanted:
            stale.unlink()
            changed.append(stale)
    return changed


def generate_pages(app: Any, config: Any) -> None:
    """``config-inited``: write the tag pages before the table of contents and the sources are read."""
    os.environ.setdefault("CASEKIT_ROOT", str(app.srcdir))
    try:
        changed = write_tag_pages(Path(app.srcdir))
    except CasekitError as exc:
        # A case file that `casekit check` refuses: stop before anything is written, with the
        # check's own lines. SystemExit, because Jupyter Book prints a traceback for any
        # exception, and a contributor needs the problem, not the stack.
        for problem in exc.problems:
            logger.error(f"{problem}")
        logger.error("The case files are not valid: nothing was built. Run `casekit check` for every problem.")
        raise SystemExit(2) from None
    if changed:
        logger.info(f"[casekit] {len(changed)} tag page(s) written to case_studies/tags/")
