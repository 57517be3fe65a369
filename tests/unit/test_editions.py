"""The edition machinery (issue 15): numbers, catalogs, translated cases, links, publishing, notebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import cases, i18n
from casekit.contrib import translations
from casekit.errors import CasekitError
from casekit.sphinxext import catalogs, editions
from casekit.sphinxext.mdtranslate import translate_markdown

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "english", "spanish"),
    [
        (12946, "12,946", f"12{NNBSP}946"),
        (2023, "2,023", "2023"),  # four digits stay together in Spanish (RAE)
        (3000, "3,000", "3000"),
        (2.6, "2.6", "2,6"),
        (1234.5, "1,234.5", "1234,5"),
        (-98539.25, "-98,539.25", f"-98{NNBSP}539,25"),
        (18647626, "18,647,626", f"18{NNBSP}647{NNBSP}626"),
        (80.0, "80", "80"),
    ],
)
def test_numbers_in_each_edition(value, english, spanish):
    assert i18n.format_number(value, lang="en") == english
    assert i18n.format_number(value, lang="es") == spanish


def test_decimals_zero_keeps_the_integer_part():
    assert i18n.format_number(80.4, 0, lang="en") == "80"
    assert i18n.format_number(1250.4, 0, lang="es") == "1250"


def test_percent_in_each_edition():
    assert i18n.format_percent(48.48, lang="en") == "48.5%"
    assert i18n.format_percent(48.48, lang="es") == f"48,5{NBSP}%"


def test_an_unknown_language_is_one_readable_error(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "fr")
    with pytest.raises(CasekitError, match="expected one of en, es, got 'fr'"):
        i18n.language()


def test_source_language_restores_the_edition(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "es")
    with i18n.source_language():
        assert i18n.language() == "en"
    assert i18n.language() == "es"


def _catalog(path: Path, entries: list[tuple[str | None, str, str]], fuzzy: set[str] = frozenset()) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=utf-8\\n"', ""]
    for context, msgid, msgstr in entries:
        if msgid in fuzzy:
            lines.append("#, fuzzy")
        if context:
            lines.append(f'msgctxt "{context}"')
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_case_reads_its_prose_from_its_catalog_and_keeps_its_facts(minibook, monkeypatch):
    english = cases.load_case("demo-city-voucher")
    _catalog(
        i18n.case_catalog(minibook, "demo-city-voucher", "es"),
        [("title", english.title, "Ciudad Demo: bonos para vender en línea"), ("place", english.place, "Ciudad Demo")],
    )
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "es")
    spanish = cases.load_case("demo-city-voucher")
    assert (spanish.title, spanish.place) == ("Ciudad Demo: bonos para vender en línea", "Ciudad Demo")
    assert spanish.summary == english.summary  # untranslated: English, until the catalog has it
    assert spanish.programmes[0].start_year == english.programmes[0].start_year
    assert cases.source_case("demo-city-voucher").title == english.title


def test_a_catalog_cannot_smuggle_markup_into_a_case(minibook, monkeypatch):
    english = cases.load_case("demo-city-voucher")
    _catalog(i18n.case_catalog(minibook, "demo-city-voucher", "es"), [("place", english.place, "<b>Demo</b>")])
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "es")
    with pytest.raises(CasekitError) as caught:
        cases.load_case("demo-city-voucher")
    assert "locales/es/data/cases/demo-city-voucher.po" in str(caught.value)


def test_catalogs_follow_the_english_untranslated_fuzzy_and_dropped(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes(translations.render(path, [(None, "One", []), (None, "Two 50%", [])], "es"))
    text = path.read_text(encoding="utf-8")
    assert "python-format" not in text
    text = text.replace('msgid "One"\nmsgstr ""', 'msgid "One"\nmsgstr "Uno"')
    text = text.replace('msgid "Two 50%"\nmsgstr ""', 'msgid "Two 50%"\nmsgstr "Dos 50 %"')
    path.write_text(text, encoding="utf-8")
    assert translations.catalog_problems(path) == []
    # "Two 50%" changed, "One" went away, "Three" is new.
    path.write_bytes(translations.render(path, [(None, "Two 60%", []), (None, "Three", [])], "es"))
    problems = [p.message for p in translations.catalog_problems(path)]
    assert any(m.startswith("fuzzy translation of 'Two 60%'") for m in problems)
    assert any(m.startswith("no translation yet for 'Three'") for m in problems)
    assert "Uno" not in path.read_text(encoding="utf-8")  # the removed message is dropped, not kept obsolete
    # Rendering again what the file holds changes no byte.
    before = path.read_bytes()
    assert translations.render(path, [(None, "Two 60%", []), (None, "Three", [])], "es") == before


def test_page_catalog_problems_name_the_catalog_and_the_message(tmp_path):
    assert catalogs.page_problems(tmp_path, "es", "chapters/x", ["Hello"]) == [
        "locales/es/LC_MESSAGES/chapters/x.po is missing: run `make translations`, then translate its 1 message(s)"
    ]
    _catalog(
        catalogs.page_catalog(tmp_path, "es", "chapters/x"),
        [(None, "Hello", "Hola"), (None, "Old", "Viejo"), (None, "Fuzzy", "Borroso")],
        fuzzy={"Fuzzy"},
    )
    problems = catalogs.page_problems(tmp_path, "es", "chapters/x", ["Hello", "Fuzzy", "New"])
    assert any("no translation (or only a fuzzy one) for 'Fuzzy'" in p for p in problems)
    assert any("no translation (or only a fuzzy one) for 'New'" in p for p in problems)
    assert any("'Old' is no longer on the page" in p for p in problems)
    assert not any("'Hello'" in p for p in problems)


def test_the_switcher_links_the_same_page_in_the_other_edition():
    english = editions.edition_links("case_studies/logistics/nyc", "en")
    spanish = editions.edition_links("case_studies/logistics/nyc", "es")
    assert [(e["language"], e["url"], e["current"]) for e in english] == [
        ("en", "../../case_studies/logistics/nyc.html", True),
        ("es", "../../es/case_studies/logistics/nyc.html", False),
    ]
    assert [(e["language"], e["url"]) for e in spanish] == [
        ("en", "../../../case_studies/logistics/nyc.html"),
        ("es", "../../../es/case_studies/logistics/nyc.html"),
    ]
    assert editions.edition_links("index", "es")[0]["url"] == "../index.html"


def test_publishing_an_edition_copies_what_changed_and_removes_what_went(tmp_path):
    source, target = tmp_path / "es" / "html", tmp_path / "html" / "es"
    (source / "a").mkdir(parents=True)
    (source / "a" / "page.html").write_text("uno")
    (source / "index.html").write_text("inicio")
    assert editions.sync_tree(source, target) == 2
    assert editions.sync_tree(source, target) == 0  # nothing changed: nothing copied
    (source / "index.html").write_text("inicio nuevo")
    (source / "a" / "page.html").unlink()
    (target / "a" / "page.html.casekit-partial").write_text("a copy killed half-way")
    editions.sync_tree(source, target)
    assert (target / "index.html").read_text() == "inicio nuevo"
    assert sorted(p.name for p in target.rglob("*")) == ["a", "index.html"]


def test_notebook_markdown_is_translated_block_by_block():
    messages = {
        "Context": "Contexto",
        "A first paragraph on two lines.": "Un primer párrafo.",
        "an item": "un elemento",
        "Read the chart.": "Lea el gráfico.",
    }
    text = (
        "(case-x)=\n## Context\n\nA first paragraph\non two lines.\n\n- an item\n- another item\n\n"
        "```python\nContext\n```\n\n```{exercise}\n:label: x\n\nRead the chart.\n```\n"
    )
    translated, done, blocks = translate_markdown(text, messages)
    assert translated == (
        "(case-x)=\n## Contexto\n\nUn primer párrafo.\n\n- un elemento\n- another item\n\n"
        "```python\nContext\n```\n\n```{exercise}\n:label: x\n\nLea el gráfico.\n```\n"
    )
    assert (done, blocks) == (4, 5)


def test_a_fuzzy_catalog_header_is_reported(tmp_path):
    """sphinx-intl marks a new page's catalog fuzzy as a whole; that too is work left."""
    path = tmp_path / "page.po"
    path.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Hello"\nmsgstr "Hola"\n',
        encoding="utf-8",
    )
    assert [p.field for p in translations.catalog_problems(path)] == ["(header)"]
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    assert translations.catalog_problems(path) == []
