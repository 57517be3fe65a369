"""The "In brief" box at the top of every case page, drawn from the case file alone.

A page whose file name is a case id (``case_studies/<theme>/<case-id>.md`` with
``data/cases/<case-id>.yml``) gets the box right under its title, with no edit to the page:
what was done, who led it, when, what it cost, the main result in one line and the evidence
level. Every text from the case file goes into the page as docutils text nodes, so it is
escaped on output and never read as MyST markup or HTML. Figures carry their source key in
square brackets, as in the book's other tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes

from .. import cases
from ..countries import name as country_name
from ..i18n import N_, _, ngettext, pgettext
from ..numbers import format_value
from ..vocabulary import EVIDENCE_LEVELS
from .tagpages import INSTRUMENT_NAMES, dependencies

#: Who led, in the words a reader uses.
LED_BY_WORDS = {
    "municipal": N_("City or municipal government"),
    "state-provincial": N_("State, provincial or regional government"),
    "national": N_("National government"),
    "private-led": N_("A firm, platform, association or NGO, with government in a supporting role"),
}
#: Programmes named in "What was done" before the rest are counted.
SHOWN_PROGRAMMES = 3


def _instrument_words(case: cases.Case) -> str:
    return ", ".join(_(INSTRUMENT_NAMES[i]).replace("-", " ") for i in case.instruments)


def what_was_done(case: cases.Case) -> str:
    names = [p.name for p in case.programmes]
    shown = "; ".join(names[:SHOWN_PROGRAMMES])
    more = len(names) - SHOWN_PROGRAMMES
    if more > 0:
        shown += ngettext("; and {count} more programme", "; and {count} more programmes", more).format(
            count=format_value(more)
        )
    return _("{programmes}. Tools: {instruments}.").format(programmes=shown, instruments=_instrument_words(case))


def who_led(case: cases.Case) -> str:
    leads = list(dict.fromkeys(p.lead for p in case.programmes))
    who = _(LED_BY_WORDS[case.led_by])
    if len(leads) == 1:
        return _("{who} (first lead: {lead})").format(who=who, lead=leads[0])
    others = len(leads) - 1
    return ngettext(
        "{who} (first lead: {lead} and {count} other lead body)",
        "{who} (first lead: {lead} and {count} other lead bodies)",
        others,
    ).format(who=who, lead=leads[0], count=format_value(others))


def when(case: cases.Case) -> str:
    start = case.start_year
    if any(p.ongoing for p in case.programmes):
        return _("Since {start}; at least one programme is still running").format(start=start)
    ends = [p.end_year for p in case.programmes]
    if all(e is not None for e in ends):
        last = max(e for e in ends if e is not None)
        return _("{start} to {end}").format(start=start, end=last) if last != start else str(start)
    return _("From {start}; the sources do not give an end year for every programme").format(start=start)


def cost(case: cases.Case) -> str:
    parts = [
        _("{amount} {currency} {period} for {programme} [{source}]").format(
            amount=format_value(p.budget.amount),
            currency=p.budget.currency,
            period=p.budget.period,
            programme=p.name,
            source=p.budget.source,
        )
        for p in case.programmes
        if p.budget
    ]
    if not parts:
        return _("No budget published")
    missing = sum(1 for p in case.programmes if not p.budget)
    tail = ""
    if missing:
        tail = ngettext(
            "; no budget published for the other {count}", "; no budget published for the other {count}", missing
        ).format(count=format_value(missing))
    return "; ".join(parts) + tail


def main_result(case: cases.Case) -> str:
    if not case.outcomes:
        return _("No result figure published (see what is not known, further down)")
    o = case.outcomes[0]
    return _("{label}: {value} {unit} in {year} [{source}]").format(
        label=o.label, value=format_value(o.value), unit=o.unit, year=o.year, source=o.source
    )


def place(case: cases.Case) -> str:
    pop = case.population
    country = country_name(case.country)
    if pop is None:
        return _("{place}, {country}. Population not published in a source the book could use.").format(
            place=case.place, country=country
        )
    return _("{place}, {country}. {value} people in {counted} in {year} [{source}]").format(
        place=case.place,
        country=country,
        value=format_value(pop.value),
        counted=pop.name,
        year=pop.year,
        source=pop.source,
    )


def evidence_level(level: str) -> str:
    """An evidence level's word: High, Medium or Low."""
    words = {
        "high": pgettext("evidence level", "High"),
        "medium": pgettext("evidence level", "Medium"),
        "low": pgettext("evidence level", "Low"),
    }
    return words[level]


def evidence(case: cases.Case) -> str:
    return _("{level}: {meaning}").format(
        level=evidence_level(case.evidence), meaning=_(EVIDENCE_LEVELS[case.evidence]).lower()
    )


#: The box's title and labels, in order.
TITLE = N_("In brief")
LABELS = (
    N_("What was done"),
    N_("Who led it"),
    N_("When"),
    N_("What it cost"),
    N_("Main result"),
    N_("Where"),
    "Evidence",  # pgettext("in brief", ...) below: "Nivel de evidencia", where a table heading says "Evidencia"
)


def rows(case: cases.Case) -> list[tuple[str, str]]:
    """The box's lines, in order, as (label, plain text), in the edition's language."""
    texts = (what_was_done, who_led, when, cost, main_result, place, evidence)
    labels = [_(label) for label in LABELS[:-1]] + [pgettext("in brief", "Evidence")]
    return list(zip(labels, (text(case) for text in texts), strict=True))


def box(case: cases.Case) -> nodes.Element:
    """The box as docutils nodes: a titled container holding a field list of plain text."""
    fields = nodes.field_list(classes=["casekit-inbrief-fields"])
    for label, text in rows(case):
        fields += nodes.field(
            "",
            nodes.field_name("", label),
            nodes.field_body("", nodes.paragraph("", "", nodes.Text(text))),
        )
    container = nodes.container(classes=["casekit-inbrief"])
    container += nodes.rubric("", _(TITLE), classes=["casekit-inbrief-title"])
    container += fields
    return container


def case_for(srcdir: Path, docname: str) -> cases.Case | None:
    """The case a page is about (its file name is a case id under case_studies/), or None."""
    path = Path(docname)
    if not path.parts or path.parts[0] != "case_studies":
        return None
    case_file = srcdir / "data" / "cases" / f"{path.name}.yml"
    if not case_file.is_file():
        return None
    return cases.load_case(path.name)


def insert_box(app: Any, doctree: nodes.document) -> None:
    """``doctree-read``: put the box under the first title of a case page."""
    case = case_for(Path(app.srcdir), app.env.docname)
    if case is None:
        return
    for path in dependencies(Path(app.srcdir), [case]):  # the case file, and the edition's catalogs
        app.env.note_dependency(str(path))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title + 1, box(case))
