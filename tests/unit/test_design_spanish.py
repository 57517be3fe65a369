"""The "Design a programme" part and the diagnostic kit in the Spanish edition (issue 15).

casekit.design, casekit.diagnostic and casekit.templatedoc write their own words through ``_()``
(catalogs in src/casekit/locales/es/) and the KPI and risk prose through the data catalogs
locales/es/data/design/*.po. These tests read the expected Spanish from those catalogs, so a
changed translation changes the expectation, and check that the English output is untouched.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po

from casekit import design, diagnostic, i18n, paths, templatedoc
from casekit.contrib import translations
from casekit.errors import CasekitError

MY_CATALOGS = ("design.po", "diagnostic.po", "templatedoc.po", "data/design/kpis.po", "data/design/risks.po")


def es(message: str, context: str | None = None) -> str:
    """The Spanish of one of casekit's messages, read from the module catalogs (never from code)."""
    found = i18n._package_messages("es").get((context, message))
    assert isinstance(found, str) and found and found != message, f"no Spanish for {message!r}"
    return found


def data_messages(name: str) -> dict:
    return i18n.read_catalog(i18n.data_catalog(paths.book_root(), f"design/{name}", "es"))


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEKIT_LANGUAGE", raising=False)


def headings(html: str) -> list[str]:
    return re.findall(r'<th scope="col">([^<]*)</th>', html)


# --------------------------------------------------------------------------- design
def test_kpi_table_is_spanish_from_the_catalogs(spanish):
    html = design.kpi_table().html
    assert (
        f"<caption>{es('Indicators to track, from outputs to outcomes, and the cases that measured them or did not')}</caption>"
        in html
    )
    assert headings(html)[:3] == [es("Indicator"), es("Definition"), es("Unit")]
    assert es("Outputs") in html and es("Intermediate outcomes") in html
    messages = data_messages("kpis.yml")
    translated = {
        field: {v for (f, _), v in messages.items() if f == field} for field in design.PROSE_FIELDS["kpis.yml"]
    }
    for row in design.kpis().itertuples(index=False):
        assert row.indicator in translated["indicator"] and row.definition in translated["definition"]
        assert f'<th scope="row">{row.indicator}</th>' in html
        assert all(note in translated["cases.note"] for _case, _measured, note in row.cases)
    assert f": {es('measured')}. " in html and f": {es('did not measure')}. " in html


def test_kpi_and_risk_prose_fall_back_to_english_per_message(spanish, monkeypatch, tmp_path):
    catalog = tmp_path / "risks.po"
    catalog.write_text(
        textwrap.dedent(
            """\
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=utf-8\\n"

            msgctxt "risk"
            msgid "A freight ban raises delivery costs without easing congestion"
            msgstr "Una restricción a la carga eleva los costos de entrega sin aliviar la congestión"
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(design.i18n, "data_catalog", lambda root, rel, lang=None: catalog)
    rows = design.risks().set_index("id")
    assert rows.loc["restrictions-raise-costs", "risk"].startswith("Una restricción a la carga")
    # untranslated messages stay English: a missing translation never hides a row
    assert rows.loc["restrictions-raise-costs", "mitigation"].startswith("Model or pilot a restriction")
    assert rows.loc["back-office-backlog", "risk"].startswith("A surge in demand")


def test_a_translation_with_markup_is_one_clear_error_naming_the_catalog(spanish, monkeypatch, tmp_path):
    catalog = tmp_path / "kpis.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "unit"\nmsgid "places"\nmsgstr "<b>lugares</b>"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(design.i18n, "data_catalog", lambda root, rel, lang=None: catalog)
    with pytest.raises(CasekitError) as err:
        design.kpis()
    text = str(err.value)
    assert "kpis.po" in text and "access-points.unit" in text and "plain text" in text
    assert "Traceback" not in text


def test_budget_table_headings_and_money_in_spanish(spanish):
    html = design.budget_table().html
    assert headings(html) == [
        es(h)
        for h in (
            "Case",
            "Programme",
            "Budget as published [source]",
            "Year used for conversion",
            "US dollars",
            "Reach stated by a source [source]",
            "Budget divided by reach (US$)",
        )
    ]
    assert es("No public budget found in the case's sources") in html
    # money as the Spanish edition writes it: decimal comma, "millones" / "mil millones", spaced thousands
    assert design._money(45_460_000) == es("{amount} million").format(amount="45,5")
    assert design._money(1_627_730_000) == es("{amount} billion").format(amount="1,63")
    assert design._money(193_980) == "193\u202f980"


def test_chooser_evidence_levels_in_spanish(spanish):
    html = design.chooser_table().html
    assert es("(evidence: {level})").format(level=es("high", "evidence level")) in html
    assert "(evidence: " not in html


def test_design_tables_unchanged_in_english(english):
    assert design._money(45_460_000) == "45.5 million" and design._money(193_980) == "193,980"
    html = design.kpi_table().html
    assert "<caption>Indicators to track, from outputs to outcomes" in html and ">Outputs</th>" in html
    assert '<th scope="row">Applications received</th>' in html
    assert "(evidence: high)" in design.chooser_table().html


# --------------------------------------------------------------------------- diagnostic
def test_diagnostic_charts_are_spanish(spanish):
    responses = diagnostic.load()
    spec = diagnostic.constraints_chart(responses).to_dict()
    prefix = es("SYNTHETIC example data: {title}").format(title="")
    assert spec["title"]["text"] == prefix + es("What stops {count} firms selling more online").format(
        count=len(responses)
    )
    assert "\u00a0%" in spec["description"] and " is named as " not in spec["description"]
    titles = {t["title"] for layer in spec["layer"][:1] for t in layer["encoding"]["tooltip"]}
    assert titles == {es("Constraint"), es("Named as"), es("% of firms"), es("Firms")}
    answers = diagnostic.answers_chart(responses, "paid_by").to_dict()
    shown = {row["answer"] for row in next(iter(answers["datasets"].values()))}
    question = next(q for q in diagnostic.QUESTIONS if q.column == "paid_by")
    assert shown == {spanish_label for _en, spanish_label in question.choices.values()}
    assert question.es in answers["description"]


def test_diagnostic_tables_are_spanish(spanish):
    responses = diagnostic.load()
    table = diagnostic.profile_table(responses).html
    assert headings(table)[:2] == [es("Constraint"), es("What it means")]
    assert re.search(r"<td>\d+\u00a0% \(\d+\)</td>", table)  # 23 % (14): RAE percent
    barriers = diagnostic.barrier_table().html
    assert headings(barriers) == [es("Code"), es("Answer"), es("Binding constraint")]
    assert all(f"<td>{html.escape(text)}</td>" in barriers for _c, _en, text in diagnostic.BARRIERS.values())
    steps = diagnostic.next_steps(responses).html
    assert steps.startswith(
        "<p>"
        + es(
            "In these SYNTHETIC example responses, the constraints named most often as the main barrier are {names}."
        ).split("{names}")[0]
    )


def test_diagnostic_unchanged_in_english(english):
    responses = diagnostic.load()
    spec = diagnostic.constraints_chart(responses).to_dict()
    assert spec["title"]["text"] == f"SYNTHETIC example data: What stops {len(responses)} firms selling more online"
    assert re.search(r"<td>\d+% \(\d+\)</td>", diagnostic.profile_table(responses).html)
    barriers = diagnostic.barrier_table().html
    assert all(f"<td>{html.escape(text)}</td>" in barriers for _c, text, _es in diagnostic.BARRIERS.values())


# --------------------------------------------------------------------------- templatedoc
def test_template_markdown_and_docx_are_spanish(spanish):
    text = templatedoc.markdown()
    assert text.startswith(f"# {es('Programme design template')}\n")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
        es(f.heading) for f in templatedoc.FIELDS
    ]
    assert text.count(es("(to be filled in)")) == len(templatedoc.FIELDS)
    document = docx.Document(io.BytesIO(templatedoc.docx_bytes()))
    prompts = [p.text for p in document.paragraphs if p.runs and p.runs[0].italic]
    assert prompts == [es(f.prompt) for f in templatedoc.FIELDS]
    assert document.core_properties.title == es("Programme design template")
    assert templatedoc.docx_bytes() == templatedoc.docx_bytes()  # still byte-stable


def test_worked_example_is_spanish_with_the_data_figures_in_rae_format(spanish):
    figures = templatedoc.example_figures()
    filled = templatedoc.worked_example(figures)
    assert filled["instrument"].startswith(templatedoc.illustrative() + ":") and templatedoc.illustrative() == es(
        "ILLUSTRATIVE"
    )
    users, year = figures["internet_users"]
    assert f"{i18n.format_number(round(users, 1), 1)}\u00a0%" in filled["problem"] and str(year) in filled["problem"]
    chart = templatedoc.skills_chart().to_dict()
    assert chart["title"]["text"].startswith(
        es("Mexico: basic ICT skills of urban and rural residents, {year}").split("{year}")[0]
    )
    assert "percent" not in chart["description"]


def test_write_downloads_in_spanish_leaves_the_edition_as_it_was(english, tmp_path):
    written = templatedoc.write_downloads(tmp_path / "es", lang="es")
    assert i18n.language() == "en"
    md = (tmp_path / "es" / "programme-design-template.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {es('Programme design template')}")
    example = (tmp_path / "es" / "worked-example-design.md").read_text(encoding="utf-8")
    assert example.startswith(f"# {es('Programme design: worked example (ILLUSTRATIVE)')}")
    assert len(written) == 4
    templatedoc.write_downloads(tmp_path / "en")
    assert (tmp_path / "en" / "programme-design-template.md").read_text(encoding="utf-8") == templatedoc.markdown()
    assert templatedoc.markdown().startswith("# Programme design template\n\n## Problem and evidence")


# --------------------------------------------------------------------------- the catalogs
def test_my_catalogs_are_complete_and_up_to_date():
    root = paths.book_root()
    mine = [p for p in translations.problems(root, "es") if p.file.endswith(MY_CATALOGS)]
    assert mine == []


def _numbers_en(text: str) -> list[float]:
    return sorted(float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text))


def _numbers_es(text: str) -> list[float]:
    text = text.replace("\u202f", "")
    return sorted(float(x.replace(",", ".")) for x in re.findall(r"\d+(?:,\d+)?", text))


@pytest.mark.parametrize("name", ["kpis", "risks"])
def test_translation_keeps_every_number_of_the_design_files(name):
    """A wrong number is worse than a missing one: each translated note says the same figures."""
    path = Path(paths.book_root()) / "locales" / "es" / "data" / "design" / f"{name}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    checked = 0
    for message in catalog:
        if message.id and message.string:
            assert _numbers_es(message.string) == _numbers_en(message.id), message.id
            assert not re.search(r"\d,\d{3}\b|\d\.\d{3}\b", message.string), (
                message.string
            )  # RAE: no , or . for thousands
            checked += 1
    assert checked == len([m for m in catalog if m.id]) > 50  # every message translated and checked
