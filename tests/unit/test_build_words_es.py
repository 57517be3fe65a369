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
        "1 caso en el libro: Demo City: vouchers for small firms to trade online (Demo City; liderado por: "
        "gobierno nacional; población: 1\u202f200\u202f000 (Demo City agglomeration, 2015); nivel de evidencia: "
        "medio) Esta página se genera a partir de los archivos de los casos cuando se compila el libro."
    ) in page  # the case's own prose comes from its catalog (none in the minibook)
    raw = (editions["root"] / "_build" / "es" / "case_studies/tags/instrument-voucher.html").read_text()
    assert "<title>Instrumento: bono" in raw and 'href="../msme-digitization/demo-city-voucher.html"' in raw
    index = _page(editions, "es", "case_studies/tags/index.html")
    assert index.startswith("Casos por etiqueta ¶ Cada eje temático, instrumento de política")
    assert "Regiones del Banco Mundial ¶ Europa y Asia central (1)" in index
    assert "Grupos de ingreso del Banco Mundial ¶ Ingreso alto (1)" in index
    assert "Liderado por" in _page(editions, "es", "case_studies/tags/led-national-government.html")
    for english in ("case in the book", "Cases by tag", "World Bank region", "evidence:", "led by", "generated"):
        assert english not in page + index, english


def test_the_in_brief_box_in_each_language(editions):
    english = _page(editions, "en", "case_studies/msme-digitization/demo-city-voucher.html")
    assert "In brief What was done : Demo voucher scheme. Tools: voucher, training. Who led it :" in english
    assert "5,000,000 EUR per year for Demo voucher scheme [demo-2020-report]" in english
    assert "Where : Demo City, Ireland. 1,200,000 people in Demo City agglomeration in 2015" in english
    spanish = _page(editions, "es", "case_studies/msme-digitization/demo-city-voucher.html")
    assert (
        "En síntesis Qué se hizo : Demo voucher scheme. Instrumentos: bono, capacitación. Quién lo lideró :" in spanish
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
