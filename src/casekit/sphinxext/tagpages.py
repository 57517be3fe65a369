"""Tag pages: one page per theme, instrument, World Bank region and income group, listing its cases.

The pages are generated from the case files into ``case_studies/tags/`` when the book is
built (:func:`generate_pages` runs :func:`write_tag_pages` before Sphinx reads the sources), so
they are never kept by hand and a new case appears on its tags' pages by itself. The
folder is not committed.

Both editions build from the same sources, at the same time if need be, so a generated file
holds no words: only a casekit directive naming the tag and its cases (:data:`PAGE_DIRECTIVE`,
:data:`INDEX_DIRECTIVE`), the same bytes in every edition. The directive writes the page's
title, introduction and list of cases when Sphinx reads the page, in the build's language
(casekit's catalogs, :mod:`casekit.i18n`). Text made by a directive has no source line, so
Sphinx's gettext builder does not extract it: these words live in casekit's catalogs only.
The list of case ids in the file is what makes Sphinx read a page again when a case joins or
leaves its tag; a changed case file or catalog does it through Sphinx's dependencies.

Every piece of text that comes from data (a case's title and place, a region's name) becomes
a docutils text node, so it is shown as written and can never act as MyST markup or a template.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import cases, i18n, paths
from ..countries import countries
from ..errors import CasekitError
from ..i18n import N_, _, ngettext
from ..vocabulary import INSTRUMENT_NAMES as VOCABULARY_INSTRUMENT_NAMES
from ..vocabulary import INSTRUMENTS, LEVELS_OF_GOVERNMENT, THEMES

logger = logging.getLogger(__name__)

FOLDER = Path("case_studies") / "tags"
PAGE_DIRECTIVE = "casekit-tag-page"
INDEX_DIRECTIVE = "casekit-tag-index"
KINDS = {
    "theme": N_("Themes"),
    "instrument": N_("Instruments"),
    "region": N_("World Bank regions"),
    "income": N_("World Bank income groups"),
    "led": N_("Levels of government that led"),
}
SINGULAR = {
    "theme": N_("Theme"),
    "instrument": N_("Instrument"),
    "region": N_("World Bank region"),
    "income": N_("Income group"),
    "led": N_("Led by"),
}
LED_BY = {
    "municipal": N_("Municipal government"),
    "state-provincial": N_("State or provincial government"),
    "national": N_("National government"),
    "private-led": N_("Private-led (firm, platform or NGO)"),
}
assert set(LED_BY) == set(LEVELS_OF_GOVERNMENT)
#: An instrument's tag is named by its key, as in the case files; the Spanish edition names it in words.
INSTRUMENT_NAMES = VOCABULARY_INSTRUMENT_NAMES
#: The World Bank's region and income-group names in data/countries.csv, for the catalogs.
WORLD_BANK_NAMES = (
    N_("East Asia & Pacific"),
    N_("Europe & Central Asia"),
    N_("Latin America & Caribbean"),
    N_("Middle East & North Africa"),
    N_("North America"),
    N_("South Asia"),
    N_("Sub-Saharan Africa"),
    N_("High income"),
    N_("Upper middle income"),
    N_("Lower middle income"),
    N_("Low income"),
)
EVIDENCE_WORDS = {"high": N_("evidence: high"), "medium": N_("evidence: medium"), "low": N_("evidence: low")}


@dataclass(frozen=True)
class Tag:
    """A tag as the case files and countries.csv name it (English): its page's file name comes from it."""

    kind: str
    name: str
    description: str

    @property
    def slug(self) -> str:
        return f"{self.kind}-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    @property
    def label(self) -> str:
        """The tag's name in the edition's language."""
        return _(self.name)


def tags_of(case: cases.Case) -> list[Tag]:
    meta = countries().get(case.country, {})
    out = [Tag("theme", THEMES[case.theme], "")]
    out += [Tag("instrument", INSTRUMENT_NAMES[i], INSTRUMENTS[i]) for i in case.instruments]
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
    tagged.update({Tag("instrument", INSTRUMENT_NAMES[key], meaning): [] for key, meaning in INSTRUMENTS.items()})
    for case in cases.all():
        for tag in tags_of(case):
            tagged.setdefault(tag, []).append(case)
    return tagged


# The words, in the edition's language ----------------------------------------------------------
def title(tag: Tag) -> str:
    return _("{kind}: {name}").format(kind=_(SINGULAR[tag.kind]), name=tag.label)


def case_facts(c: cases.Case) -> str:
    """What the list says about a case after its title: place, who led, population, evidence."""
    facts = [c.place]
    if c.led_by:
        who = _(LED_BY[c.led_by])
        facts.append(_("led by: {who}").format(who=who[:1].lower() + who[1:]))  # "NGO" and "ONG" stay capitals
    if c.population:
        facts.append(
            _("population {value} ({counted}, {year})").format(
                value=i18n.format_number(c.population.value), counted=c.population.name, year=c.population.year
            )
        )
    facts.append(_(EVIDENCE_WORDS[c.evidence]))
    return "; ".join(facts)


def count_line(members: int) -> str:
    if not members:
        return _("No case in the book uses this yet.")
    return ngettext("{count} case in the book:", "{count} cases in the book:", members).format(
        count=i18n.format_number(members)
    )


GENERATED = N_("This page is generated from the case files when the book is built.")
INDEX_TITLE = N_("Cases by tag")
INDEX_INTRO = N_(
    "Every theme, policy instrument, World Bank region and income group, and the level of government "
    "that led, with the number of cases. The pages are generated from the case files when the book is built."
)


def _sort_key(text: str) -> str:
    """Alphabetical in either language: accents sort with their letter."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))


# The generated sources: no words, the same bytes in every edition -------------------------------
def _page(tag: Tag, members: list[cases.Case]) -> str:
    ids = " ".join(c.id for c in members)
    option = f":cases: {ids}\n" if ids else ""
    return f"% Generated from the case files when the book is built (casekit.sphinxext.tagpages).\n\n```{{{PAGE_DIRECTIVE}}} {tag.slug}\n{option}```\n"


def _index(tagged: dict[Tag, list[cases.Case]]) -> str:
    lines = [f"{tag.slug} {len(members)}" for tag, members in sorted(tagged.items(), key=lambda t: t[0].slug)]
    return (
        "% Generated from the case files when the book is built (casekit.sphinxext.tagpages).\n\n"
        f"```{{{INDEX_DIRECTIVE}}}\n" + "\n".join(lines) + "\n```\n"
    )


def _write_atomically(path: Path, text: str) -> None:
    """Never a half-written page: the other edition's build may be reading it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
            _write_atomically(path, text)
            changed.append(path)
    for stale in folder.glob("*.md"):
        if stale not in wanted:
            stale.unlink(missing_ok=True)  # the other edition's build may have removed it first
            changed.append(stale)
    return changed


def plain_myst_pages(root: Path) -> list[Path]:
    """The tag pages as plain MyST in the current language, for a build without casekit's extension.

    Only the benchmark's stock Jupyter Book copy needs this (benchmarks/bench.py): the book
    itself writes the pages' words when it reads them (:class:`TagPage`). Text from data goes
    through :func:`casekit.plaintext.myst_inline`, links are Markdown links.
    """
    from ..plaintext import myst_inline

    tagged = collect()
    pages = {"index.md": [f"# {_(INDEX_TITLE)}", "", _(INDEX_INTRO), ""]}
    for kind, heading in KINDS.items():
        listed = sorted((t for t in tagged if t.kind == kind), key=lambda t: _sort_key(t.label))
        pages["index.md"] += [f"## {_(heading)}", ""]
        pages["index.md"] += [f"- [{myst_inline(t.label)}]({t.slug}.md) ({len(tagged[t])})" for t in listed] + [""]
    for tag, members in tagged.items():
        heading = _("{kind}: {name}").format(kind=_(SINGULAR[tag.kind]), name=myst_inline(tag.label))
        lines = [f"# {heading}", ""]
        if tag.description:
            lines += [myst_inline(_(tag.description) + "."), ""]
        lines += [count_line(len(members)), ""]
        lines += [f"- [{myst_inline(c.title)}](../{c.theme}/{c.id}.md) ({myst_inline(case_facts(c))})" for c in members]
        pages[f"{tag.slug}.md"] = [*lines, "", _(GENERATED), ""]
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.md"):
        stale.unlink()
    for name, lines in pages.items():
        _write_atomically(folder / name, "\n".join(lines))
    return sorted(folder / name for name in pages)


# The directives: the words, written when Sphinx reads a page -----------------------------------
def _text(node_class: type[nodes.TextElement], text: str = "") -> nodes.TextElement:
    """A node holding ``text`` as plain text, never offered to Sphinx's gettext builder."""
    node = node_class("", "", nodes.Text(text)) if text else node_class()
    node["translatable"] = False
    return node


def _section(document: nodes.document, heading: str, english: str) -> nodes.section:
    """A section titled ``heading``; its anchor is made from the English title, the same in every edition."""
    section = nodes.section("", ids=[nodes.make_id(english)], names=[nodes.fully_normalize_name(heading)])
    section += _text(nodes.title, heading)
    document.note_implicit_target(section, section)
    return section


def _link(docname: str, text: str) -> addnodes.pending_xref:
    """A link to another page of the book, resolved (and checked) by Sphinx like a Markdown link."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=True, refwarn=True
    )
    ref += nodes.inline("", text)
    return ref


def _item(link: addnodes.pending_xref, after: str) -> nodes.list_item:
    line = _text(nodes.paragraph)
    line += link
    line += nodes.Text(after)
    return nodes.list_item("", line)


def page_section(document: nodes.document, tag: Tag, members: list[cases.Case]) -> nodes.section:
    """A tag's page: title, the tag's meaning, its cases with links, in the edition's language."""
    section = _section(document, title(tag), f"{SINGULAR[tag.kind]}: {tag.name}")
    if tag.description:
        section += _text(nodes.paragraph, _(tag.description) + ".")
    section += _text(nodes.paragraph, count_line(len(members)))
    if members:
        items = nodes.bullet_list(bullet="-")
        for c in members:
            items += _item(_link(f"case_studies/{c.theme}/{c.id}", c.title), f" ({case_facts(c)})")
        section += items
    section += _text(nodes.paragraph, _(GENERATED))
    return section


def index_section(document: nodes.document, tagged: dict[Tag, list[cases.Case]]) -> nodes.section:
    """The tags' index: every tag by kind, with its number of cases, in the edition's language."""
    page = _section(document, _(INDEX_TITLE), INDEX_TITLE)
    page += _text(nodes.paragraph, _(INDEX_INTRO))
    for kind, heading in KINDS.items():
        listed = sorted((t for t in tagged if t.kind == kind), key=lambda t: _sort_key(t.label))
        if not listed:
            continue
        part = _section(document, _(heading), heading)
        items = nodes.bullet_list(bullet="-")
        for tag in listed:
            count = i18n.format_number(len(tagged[tag]))
            items += _item(_link(f"{FOLDER.as_posix()}/{tag.slug}", tag.label), f" ({count})")
        part += items
        page += part
    return page


def dependencies(root: Path, members: list[cases.Case]) -> list[Path]:
    """The files a page's words come from besides its source: its cases' files and the edition's catalogs.

    A case joining or leaving a tag changes the generated source itself (the ids it lists); a
    tag's name comes from the vocabulary or countries.csv, and a new name is a new page.
    """
    files = [paths.data_dir(root) / "cases" / f"{c.id}.yml" for c in members]
    lang = i18n.language()
    if lang != i18n.SOURCE_LANGUAGE:
        files += [i18n.case_catalog(root, c.id, lang) for c in members]
        files += sorted((i18n.PACKAGE_LOCALES / lang).glob("*.po"))
    return [f for f in files if f.is_file()]  # a missing one would have the page read on every build


class _TagDirective(SphinxDirective):
    def note_dependencies(self, members: list[cases.Case]) -> None:
        """Sphinx reads the page again when one of the files its words come from changes."""
        for path in dependencies(Path(self.env.srcdir), members):
            self.env.note_dependency(str(path))


class TagPage(_TagDirective):
    """``casekit-tag-page <slug>`` (``:cases:`` the ids, as written): one tag's page."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"cases": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        tagged = {tag.slug: (tag, members) for tag, members in collect().items()}
        if self.arguments[0] not in tagged:
            raise self.error(
                f"{PAGE_DIRECTIVE}: no tag {self.arguments[0]!r} in the case files; build again to refresh "
                f"{FOLDER.as_posix()}/"
            )
        tag, members = tagged[self.arguments[0]]
        self.note_dependencies(members)
        return [page_section(self.state.document, tag, members)]


class TagIndex(_TagDirective):
    """``casekit-tag-index`` (its content: each tag's file name and number of cases): the index."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.note_dependencies([])
        return [index_section(self.state.document, collect())]


def register_directives(app: Any) -> None:
    app.add_directive(PAGE_DIRECTIVE, TagPage, override=True)
    app.add_directive(INDEX_DIRECTIVE, TagIndex, override=True)


def generate_pages(app: Any, config: Any) -> None:
    """``config-inited``: write the tag pages before the table of contents and the sources are read.

    It also registers the two directives the pages hold.
    """
    os.environ.setdefault("CASEKIT_ROOT", str(app.srcdir))
    register_directives(app)
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
