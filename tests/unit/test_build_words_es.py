"""The words casekit's Sphinx extension writes (tag pages, "In brief"), in each edition's language.

Both editions build from the same sources: the generated tag pages must hold the same bytes in
both, and the words come out in the build's language when Sphinx reads them.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sphinxmini import build


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    monkeypatch.delenv("CASEKIT_LANGUAGE", raising=False)


HOOKS = """\
from casekit.sphinxext import inbrief, tagpages


def setup(app):
    app.connect("config-inited", tagpages.generate_pages, priority=100)
    app.connect("doctree-read", inbrief.insert_box)
"""


def _book(root: Path, language: str) -> Path:
    """The minibook as a plain MyST project: the case page, the generated tag pages, an index."""
    (root / "casekit_hooks.py").write_text(HOOKS, encoding="utf-8")
    (root / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(root)!r})\n"
        "extensions = ['myst_parser', 'casekit_hooks']\n"
        f"language = {language!r}\nhtml_theme = 'basic'\n"
        "exclude_patterns = ['_build', 'reference', '_static', 'data']\n",
        encoding="utf-8",
    )
    (root / "index.md").write_text(
        "# Mini book\n\n```{toctree}\n:glob:\n\ncase_studies/msme-digitization/*\ncase_studies/tags/index\n"
        "case_studies/tags/*\n```\n",
        encoding="utf-8",
    )
    (root / "case_studies" / "msme-digitization" / "demo-city-voucher.md").write_text(
        "# Demo City voucher\n\nThe page's own text.\n", encoding="utf-8"
    )
    return root


def _text(path: Path) -> str:
    """The page's main text, tags removed, runs of ASCII white space as one space (no-break spaces kept)."""
    body = path.read_text(encoding="utf-8").split('role="main"', 1)[1].split(">", 1)[1]
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def _copy_sources(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "case_studies" / "tags").glob("*.md"))}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, object]:
    """The minibook built in English, then in Spanish from the same sources (as `make book` does)."""
    from conftest import make_minibook

    root = _book(make_minibook(tmp_path_factory.mktemp("book") / "book"), "en")
    patch = pytest.MonkeyPatch()
    patch.setenv("CASEKIT_ROOT", str(root))
    patch.delenv("CASEKIT_DATA", raising=False)
    try:
        built: dict[str, object] = {"root": root}
        for lang in ("en", "es"):
            patch.setenv("CASEKIT_LANGUAGE", lang)
            conf = (root / "conf.py").read_text(encoding="utf-8")
            (root / "conf.py").write_text(re.sub(r"language = '\w+'", f"language = {lang!r}", conf), encoding="utf-8")
            build(root, root / "_build" / lang)
            built[f"sources-{lang}"] = _copy_sources(root)
        patch.setenv("CASEKIT_LANGUAGE", "en")
        build_gettext = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", str(root), str(root / "_build" / "pot")]
        import subprocess

        result = subprocess.run(build_gettext, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return built
    finally:
        patch.undo()


def _page(editions, lang: str, name: str) -> str:
    return _text(editions["root"] / "_build" / lang / name)


def test_both_editions_read_the_same_generated_sources(editions):
    english, spanish = editions["sources-en"], editions["sources-es"]
    assert english == spanish and "theme-msme-digitization.md" in english and "index.md" in english
    page = english["theme-msme-digitization.md"].decode()
    # No words in the source: a directive, the tag's file name and its cases' ids.
    assert "```{casekit-tag-page} theme-msme-digitization\n:cases: demo-city-voucher\n```" in page
    assert "MSME" not in page and "case in the book" not in page


def test_english_tag_pages_read_as_before(editions):
    page = _page(editions, "en", "case_studies/tags/theme-msme-digitization.html")
    assert page.startswith("Theme: MSME digitization")
    assert (
        "1 case in the book: Demo City: vouchers for small firms to trade online (Demo City; led by: national "
        "government; population 1,200,000 (Demo City agglomeration, 2015); evidence: medium) "
        "This page is generated from the case files when the book is built."
    ) in page
    raw = (editions["root"] / "_build" / "en" / "case_studies/tags/theme-msme-digitization.html").read_text()
    assert 'href="../msme-digitization/demo-city-voucher.html"' in raw
    assert "<title>Theme: MSME digitization" in raw
    voucher = _page(editions, "en", "case_studies/tags/instrument-voucher.html")
    assert voucher.startswith("Instrument: voucher ¶ A fixed-value grant a firm spends with an approved supplier.")
    index = _page(editions, "en", "case_studies/tags/index.html")
    assert index.startswith("Cases by tag ¶ Every theme, policy instrument, World Bank region and income group")
    assert "Instruments ¶ addressing (0)" in index and "training (1) voucher (1)" in index
    assert "World Bank regions ¶ Europe & Central Asia (1)" in index
    assert "No case in the book uses this yet." in _page(editions, "en", "case_studies/tags/instrument-loan.html")


def test_spanish_tag_pages_are_in_spanish(editions):
    page = _page(editions, "es", "case_studies/tags/theme-msme-digitization.html")
    assert page.startswith("Eje temático: ")
    assert (
        "1 caso en el libro: Demo City: vouchers for small firms to trade online (Demo City; dirigido por: "
        "gobierno nacional; población: 1\u202f200\u202f000 (Demo City agglomeration, 2015); nivel de evidencia: "
        "medio) Esta página se genera a partir de los archivos de los casos cuando se compila el libro."
    ) in page  # the case's own prose comes from its catalog (none in the minibook)
    raw = (editions["root"] / "_build" / "es" / "case_studies/tags/instrument-voucher.html").read_text()
    assert "<title>Instrumento: bono" in raw and 'href="../msme-digitization/demo-city-voucher.html"' in raw
    assert '<section id="instrument-voucher">' in raw  # anchors as in English, so links work in both editions
    index_raw = (editions["root"] / "_build" / "es" / "case_studies/tags/index.html").read_text()
    assert '<section id="cases-by-tag">' in index_raw and '<section id="world-bank-regions">' in index_raw
    index = _page(editions, "es", "case_studies/tags/index.html")
    assert index.startswith("Casos por etiqueta ¶ Cada eje temático, instrumento de política")
    assert "Regiones del Banco Mundial ¶ Europa y Asia central (1)" in index
    assert "Grupos de ingreso del Banco Mundial ¶ Ingreso alto (1)" in index
    assert "Dirigido por" in _page(editions, "es", "case_studies/tags/led-national-government.html")
    for english in ("case in the book", "Cases by tag", "World Bank region", "evidence:", "led by", "generated"):
        assert english not in page + index, english


def test_the_in_brief_box_in_each_language(editions):
    english = _page(editions, "en", "case_studies/msme-digitization/demo-city-voucher.html")
    assert "In brief What was done : Demo voucher scheme. Tools: voucher, training. Who led it :" in english
    assert "5,000,000 EUR per year for Demo voucher scheme [demo-2020-report]" in english
    assert "Where : Demo City, Ireland. 1,200,000 people in Demo City agglomeration in 2015" in english
    spanish = _page(editions, "es", "case_studies/msme-digitization/demo-city-voucher.html")
    assert (
        "En síntesis Qué se hizo : Demo voucher scheme. Instrumentos: bono, capacitación. Quién lo dirigió :" in spanish
    )
    assert "EUR 5\u202f000\u202f000 per year para Demo voucher scheme [demo-2020-report]" in spanish
    assert "Dónde : Demo City, Irlanda. 1\u202f200\u202f000 habitantes en Demo City agglomeration en 2015" in spanish
    assert "Resultado principal : Applications: 1100 applications en 2020 [demo-2021-answer]" in spanish
    assert "Nivel de evidencia : Medio: " in spanish


def test_generated_words_are_not_offered_to_the_page_catalogs(editions):
    # Sphinx's gettext builder extracts the pages' own text only: casekit's words live in its catalogs.
    pots = "".join(p.read_text() for p in (editions["root"] / "_build" / "pot").rglob("*.pot"))
    assert "The page's own text." in pots
    for generated in ("In brief", "What was done", "case in the book", "Cases by tag", "Theme: "):
        assert generated not in pots, generated


# The other words of the extension, one function at a time ----------------------------------------
def _code_cell(**attributes):
    from docutils import nodes

    cell = nodes.container(nb_element="cell_code", **attributes)
    cell += nodes.container(nb_element="cell_code_source")
    return cell


@pytest.mark.parametrize(
    ("lang", "show", "hide", "own"),
    [
        ("en", "Show code", "Hide code", "Show code cell {type}"),
        ("es", "Mostrar código", "Ocultar código", "Mostrar el contenido de la celda"),
    ],
)
def test_the_code_toggle_speaks_the_edition(monkeypatch, lang, show, hide, own):
    from docutils.utils import new_document

    from casekit.sphinxext.codehide import HideCodeByDefault

    monkeypatch.setenv("CASEKIT_LANGUAGE", lang)
    document = new_document("page")
    plain = _code_cell()
    tagged = _code_cell(hide_mode="output", prompt_show="Show code cell {type}", prompt_hide="Hide code cell {type}")
    document += [plain, tagged]
    HideCodeByDefault(document).run()
    assert (plain["prompt_show"], plain["prompt_hide"]) == (show, hide)
    assert tagged["hide_mode"] == "output" and tagged["prompt_show"] == own
    assert tagged["prompt_hide"] == own.replace("Show", "Hide").replace("Mostrar", "Ocultar")


def test_sidebar_buttons_and_the_toggle_are_named_in_spanish(monkeypatch):
    from casekit.sphinxext import compat, htmlfixes

    page = '<ul><li><a class="reference" href="x.html">Casos</a><details><summary></summary></details></li></ul>'
    assert "Show or hide the pages under Casos" in htmlfixes._name_summaries(page)
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    assert ">Mostrar u ocultar las páginas de Casos</span>" in htmlfixes._name_summaries(page)
    assert "las páginas de esta sección" in htmlfixes._name_summaries("<details><summary></summary></details>")
    context: dict = {}
    htmlfixes.name_sidebar_buttons(None, "index", "page.html", context, None)
    assert context["casekit_book_title_region"] == "Título del libro"  # _templates/navbar-logo.html's aria-label

    from types import SimpleNamespace

    writer = SimpleNamespace(body=[])
    compat.visit_hide_cell_input(writer, {"classes": [], "prompt_show": "Mostrar código", "prompt_hide": "x"})
    assert writer.body[1] == '<summary aria-label="Mostrar u ocultar el contenido oculto">\n'


def test_the_downloads_set_up_cell_in_spanish_is_the_same_code(monkeypatch):
    import ast

    from casekit.sphinxext.downloads import setup_cell_source

    def code(source: str) -> list[str]:
        """The cell's statements and expressions without their strings (%pip is IPython syntax)."""
        tree = ast.parse(source.replace("%pip install", "pip_install ="))
        return [type(n).__name__ for n in ast.walk(tree) if not isinstance(n, ast.Constant)]

    url = "https://example.org/book.git"
    english = {u: setup_cell_source(u) for u in (None, url)}
    assert (
        '"This notebook needs the book\'s helper package, casekit, and this Python does not have it.\\n"'
        in english[None]
    )
    assert (
        'raise ModuleNotFoundError("casekit is not installed: follow the instructions printed above.")' in english[None]
    )
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    for u in (None, url):
        spanish = setup_cell_source(u)
        assert "# Preparación, añadida a esta descarga del cuaderno: ejecútela primero." in spanish
        assert 'print(f"casekit {casekit.__version__} lee los datos del libro desde {DATA}")' in spanish
        # The same statements, only the words differ, and one more: casekit writes Spanish.
        assert 'casekit.i18n.set_language("es")\n' in spanish
        assert code(spanish.replace('casekit.i18n.set_language("es")\n', "")) == code(english[u])
    assert "(https://example.org/book.git) o del kit del taller" in " ".join(
        setup_cell_source(url).split('"\n        "')
    )
    assert '"    pip install --no-deps casekit-*.whl\\n"' in setup_cell_source(None)


def test_tag_words_in_spanish(minibook, monkeypatch):
    from casekit import cases
    from casekit.sphinxext import tagpages

    case = cases.load_case("demo-city-voucher")
    english = tagpages.case_facts(case)
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    spanish = cases.load_case("demo-city-voucher")
    assert english == (
        "Demo City; led by: national government; population 1,200,000 (Demo City agglomeration, 2015); evidence: medium"
    )
    assert tagpages.case_facts(spanish) == (
        "Demo City; dirigido por: gobierno nacional; población: 1\u202f200\u202f000 (Demo City agglomeration, 2015); "
        "nivel de evidencia: medio"
    )
    assert tagpages.title(tagpages.Tag("region", "Latin America & Caribbean", "")) == (
        "Región del Banco Mundial: América Latina y el Caribe"
    )
    assert tagpages.title(tagpages.Tag("income", "Upper middle income", "")) == "Grupo de ingreso: Ingreso mediano alto"
    assert tagpages.count_line(0) == "Todavía ningún caso del libro lo usa."
    assert tagpages.count_line(12) == "12 casos en el libro:"
    # Every World Bank name in the book's country table has a Spanish name.
    import csv

    from conftest import REPO

    with (REPO / "data" / "countries.csv").open(encoding="utf-8") as handle:
        names = {row[k] for row in csv.DictReader(handle) for k in ("wb_region", "wb_income_group") if row[k]}
    assert names == set(tagpages.WORLD_BANK_NAMES)
    assert all(tagpages.Tag("region", n, "").label != n for n in names)


def test_the_extensions_catalogs_are_complete_and_keep_their_placeholders():
    import string

    from babel.messages.pofile import read_po

    from casekit.contrib import translations
    from casekit.i18n import PACKAGE_LOCALES

    catalogs = sorted((PACKAGE_LOCALES / "es").glob("sphinxext.*.po"))
    assert {p.stem for p in catalogs} >= {f"sphinxext.{m}" for m in ("inbrief", "tagpages", "gitdates", "codehide")}
    current = {path: entries for path, entries in translations.package_catalogs("es")}
    for path in catalogs:
        assert translations.catalog_problems(path) == [], path.name
        assert translations.render(path, current[path], "es") == path.read_bytes(), f"{path.name}: make translations"
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue
                ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                allowed = {f[1] for text in ids for f in string.Formatter().parse(text) if f[1]}
                for text in strings:
                    used = {f[1] for f in string.Formatter().parse(text) if f[1]}
                    assert used <= allowed, (path.name, message.id, text)  # a typo would raise KeyError


def test_a_changed_case_file_refreshes_its_tag_pages_only(tmp_path, monkeypatch):
    from conftest import make_minibook

    root = _book(make_minibook(tmp_path / "book"), "en")
    monkeypatch.setenv("CASEKIT_ROOT", str(root))
    out = root / "_build" / "en"
    build(root, out)
    listed, empty = (
        out / "case_studies/tags/theme-msme-digitization.html",
        out / "case_studies/tags/instrument-loan.html",
    )
    before = empty.stat().st_mtime_ns
    case_file = root / "data" / "cases" / "demo-city-voucher.yml"
    text = case_file.read_text(encoding="utf-8")
    old_title = "Demo City: vouchers for small firms to trade online"
    assert old_title in text
    case_file.write_text(text.replace(old_title, "Demo City: vouchers, renamed"), encoding="utf-8")
    build(root, out)
    assert "Demo City: vouchers, renamed (Demo City;" in _text(listed)
    assert empty.stat().st_mtime_ns == before  # a page without the case is not written again


def test_no_message_is_translated_two_ways_in_casekits_catalogs():
    # casekit looks a message up in all its catalogs at once (casekit.i18n), so the same English
    # in two modules must have the same Spanish, or the catalogs' file order would pick one.
    from babel.messages.pofile import read_po

    from casekit.i18n import PACKAGE_LOCALES

    seen: dict[tuple[str | None, str], tuple[str, object]] = {}
    clashes = []
    for path in sorted((PACKAGE_LOCALES / "es").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or message.fuzzy:
                    continue
                key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
                string = message.string if isinstance(message.string, str) else tuple(message.string)
                if key in seen and seen[key][1] != string:
                    clashes.append(f"{key[1]!r}: {seen[key][0]} {seen[key][1]!r}, {path.name} {string!r}")
                seen.setdefault(key, (path.name, string))
    assert clashes == []


def test_plain_myst_tag_pages_for_a_build_without_casekit(minibook, monkeypatch):
    # benchmarks/bench.py's stock Jupyter Book copy has no casekit extension: plain MyST pages.
    from casekit.sphinxext import tagpages

    written = tagpages.plain_myst_pages(minibook)
    page = (minibook / "case_studies/tags/theme-msme-digitization.md").read_text(encoding="utf-8")
    assert len(written) == 30 and "casekit-tag" not in page
    assert page.startswith("# Theme: MSME digitization\n\n1 case in the book:\n\n- [Demo City\\: vouchers")
    assert "](../msme-digitization/demo-city-voucher.md) (Demo City\\; led by\\: national government" in page
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    tagpages.plain_myst_pages(minibook)
    page = (minibook / "case_studies/tags/instrument-voucher.md").read_text(encoding="utf-8")
    assert page.startswith("# Instrumento: bono\n\n")
