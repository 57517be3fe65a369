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
from ..numbers import format_value
from ..vocabulary import EVIDENCE_LEVELS

#: Who led, in the words a reader uses.
LED_BY_WORDS = {
    "municipal": "City or municipal government",
    "state-provincial": "State, provincial or regional government",
    "national": "National government",
    "private-led": "A firm, platform, association or NGO, with government in a supporting role",
}
#: Programmes named in "What was done" before the rest are counted.
SHOWN_PROGRAMMES = 3


def _instrument_words(case: cases.Case) -> str:
    return ", ".join(i.replace("-", " ") for i in case.instruments)


def what_was_done(case: cases.Case) -> str:
    names = [p.name for p in case.programmes]
    shown = "; ".join(names[:SHOWN_PROGRAMMES])
    more = len(names) - SHOWN_PROGRAMMES
    if more > 0:
        shown += f"; and {more} more programme{'s' if more > 1 else ''}"
    return f"{shown}. Tools: {_instrument_words(case)}."


def who_led(case: cases.Case) -> str:
    leads = list(dict.fromkeys(p.lead for p in case.programmes))
    extra = f" and {len(leads) - 1} other lead bod{'ies' if len(leads) > 2 else 'y'}" if len(leads) > 1 else ""
    return f"{LED_BY_WORDS[case.led_by]} (first lead: {leads[0]}{extra})"


def when(case: cases.Case) -> str:
    start = case.start_year
    if any(p.ongoing for p in case.programmes):
        return f"Since {start}; at least one programme is still running"
    ends = [p.end_year for p in case.programmes]
    if all(e is not None for e in ends):
        last = max(e for e in ends if e is not None)
        return f"{start} to {last}" if last != start else str(start)
    return f"From {start}; the sources do not give an end year for every programme"


def cost(case: cases.Case) -> str:
    parts = [
        f"{format_value(p.budget.amount)} {p.budget.currency} {p.budget.period} for {p.name} [{p.budget.source}]"
        for p in case.programmes
        if p.budget
    ]
    if not parts:
        return "No budget published"
    missing = sum(1 for p in case.programmes if not p.budget)
    tail = f"; no budget published for the other {missing}" if missing else ""
    return "; ".join(parts) + tail


def main_result(case: cases.Case) -> str:
    if not case.outcomes:
        return "No result figure published (see what is not known, further down)"
    o = case.outcomes[0]
    return f"{o.label}: {format_value(o.value)} {o.unit} in {o.year} [{o.source}]"


def place(case: cases.Case) -> str:
    pop = case.population
    if pop is None:
        return f"{case.place}, {country_name(case.country)}. Population not published in a source the book could use."
    return (
        f"{case.place}, {country_name(case.country)}. {format_value(pop.value)} people in {pop.name} "
        f"in {pop.year} [{pop.source}]"
    )


def evidence(case: cases.Case) -> str:
    return f"{case.evidence.capitalize()}: {EVIDENCE_LEVELS[case.evidence].lower()}"


def rows(case: cases.Case) -> list[tuple[str, str]]:
    """The box's lines, in order, as (label, plain text)."""
    return [
        ("What was done", what_was_done(case)),
        ("Who led it", who_led(case)),
        ("When", when(case)),
        ("What it cost", cost(case)),
        ("Main result", main_result(case)),
        ("Where", place(case)),
        ("Evidence", evidence(case)),
    ]


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
    container += nodes.rubric("", "In brief", classes=["casekit-inbrief-title"])
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
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title + 1, box(case))
