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


def test_rows_in_spanish(minibook, monkeypatch):
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    rows = dict(inbrief.rows(_case(minibook)))
    assert list(rows) == [
        "Qué se hizo",
        "Quién lo dirigió",
        "Cuándo",
        "Cuánto costó",
        "Resultado principal",
        "Dónde",
        "Nivel de evidencia",
    ]
    # The programme's name and the case's prose come from the case's catalog (none in the minibook).
    assert rows["Qué se hizo"] == "Demo voucher scheme. Instrumentos: bono, capacitación."
    assert (
        rows["Quién lo dirigió"] == "Gobierno nacional (entidad responsable principal: Demo Department of Enterprise)"
    )
    assert rows["Cuándo"] == "Desde 2014; al menos un programa sigue en curso"
    assert rows["Cuánto costó"] == "EUR 5\u202f000\u202f000 per year para Demo voucher scheme [demo-2020-report]"
    assert rows["Resultado principal"] == "Applications: 1100 applications en 2020 [demo-2021-answer]"
    assert rows["Dónde"] == (
        "Demo City, Irlanda. 1\u202f200\u202f000 habitantes en Demo City agglomeration en 2015 [demo-2020-report]"
    )
    assert rows["Nivel de evidencia"].startswith("Medio: ")
    assert inbrief.box(_case(minibook)).next_node(nodes.rubric).astext() == "En síntesis"


def test_spanish_counts_and_missing_figures(minibook, monkeypatch):
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    case = _case(minibook)
    first = case.programmes[0]
    others = [
        first.model_copy(update={"name": f"Programme {n}", "lead": f"Body {n}", "budget": None}) for n in range(2, 6)
    ]
    many = case.model_copy(update={"programmes": [first, *others], "outcomes": [], "population": None})
    assert inbrief.what_was_done(many).startswith("Demo voucher scheme; Programme 2; Programme 3; y 2 programas más.")
    assert inbrief.who_led(many).endswith("y 4 entidades responsables más)")
    assert inbrief.cost(many).endswith("; sin presupuesto publicado para los otros 4")
    assert inbrief.main_result(many).startswith("No se publicó ninguna cifra de resultados")
    assert (
        inbrief.place(many)
        == "Demo City, Irlanda. La población no se publicó en ninguna fuente que el libro pudiera usar."
    )
    two = many.model_copy(update={"programmes": [first, others[0]]})
    assert inbrief.what_was_done(two) == "Demo voucher scheme; Programme 2. Instrumentos: bono, capacitación."
    assert inbrief.cost(two).endswith("; sin presupuesto publicado para 1 programa más")
    # English, the same case: unchanged wording.
    monkeypatch.delenv("CASEKIT_LANGUAGE")
    assert inbrief.what_was_done(many).startswith(
        "Demo voucher scheme; Programme 2; Programme 3; and 2 more programmes."
    )
    assert inbrief.who_led(many).endswith("and 4 other lead bodies)")
    assert inbrief.cost(many).endswith("; no budget published for the other 4")
    assert inbrief.place(many) == "Demo City, Ireland. Population not published in a source the book could use."
