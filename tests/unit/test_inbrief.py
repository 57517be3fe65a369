"""casekit.sphinxext.inbrief: the "In brief" box drawn from a case file, as plain text nodes."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from casekit import cases
from casekit.sphinxext import inbrief


def _case(book: Path, edit=None) -> cases.Case:
    path = book / "data" / "cases" / "demo-city-voucher.yml"
    if edit:
        path.write_text(edit(path.read_text()))
    return cases.load_case("demo-city-voucher")


def test_rows_say_what_who_when_cost_result_and_evidence(minibook):
    rows = dict(inbrief.rows(_case(minibook)))
    assert list(rows) == ["What was done", "Who led it", "When", "What it cost", "Main result", "Where", "Evidence"]
    assert rows["What was done"] == "Demo voucher scheme. Tools: voucher, training."
    assert rows["Who led it"] == "National government (first lead: Demo Department of Enterprise)"
    assert rows["When"] == "Since 2014; at least one programme is still running"
    assert rows["What it cost"] == "5,000,000 EUR per year for Demo voucher scheme [demo-2020-report]"
    assert rows["Main result"] == "Applications: 1,100 applications in 2020 [demo-2021-answer]"
    assert rows["Where"] == (
        "Demo City, Ireland. 1,200,000 people in Demo City agglomeration in 2015 [demo-2020-report]"
    )
    assert rows["Evidence"].startswith("Medium: programme facts are sourced")


def test_no_budget_and_no_result_are_said_plainly(minibook):
    def edit(text: str) -> str:
        head, tail = text.split("    budget:\n", 1)
        tail = tail.split("    description:", 1)[1]
        text = head + "    description:" + tail
        text = text.replace("ongoing: true", "ongoing: false").replace("end_year: null", "end_year: 2019")
        return text.split("outcomes:")[0] + "outcomes: []\nsources:" + text.split("\nsources:", 1)[1]

    rows = dict(inbrief.rows(_case(minibook, edit)))
    assert rows["What it cost"] == "No budget published"
    assert rows["Main result"].startswith("No result figure published")
    assert rows["When"] == "2014 to 2019"
    rows = dict(inbrief.rows(_case(minibook, lambda t: t.replace("end_year: 2019", "end_year: null"))))
    assert rows["When"] == "From 2014; the sources do not give an end year for every programme"


def test_case_text_stays_text(minibook):
    # MyST or reST markup in a case file is shown as written, never interpreted.
    # The case model refuses roles and HTML (casekit.plaintext); the box must not depend on that,
    # so the programme is given the markup after validation.
    marked = "Demo *voucher* scheme {cite}`x` & `code` [link](http://example.org) <b>x</b>"
    plain = _case(minibook)
    programme = plain.programmes[0].model_copy(update={"name": marked})
    case = plain.model_copy(update={"programmes": [programme, *plain.programmes[1:]]})
    box = inbrief.box(case)
    assert marked in box.astext()
    assert not list(box.findall(nodes.emphasis)) and not list(box.findall(nodes.literal))
    assert not list(box.findall(nodes.reference)) and not list(box.findall(nodes.raw))
    assert box.next_node(nodes.rubric).astext() == "In brief"


def test_only_case_pages_get_a_box(minibook):
    assert inbrief.case_for(minibook, "case_studies/msme-digitization/demo-city-voucher").id == "demo-city-voucher"
    assert inbrief.case_for(minibook, "case_studies/explorer") is None
    assert inbrief.case_for(minibook, "chapters/demo-city-voucher") is None
