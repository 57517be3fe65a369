"""The page registry (casekit.sphinxext.registry): one answer, for every page, to what it is and where its files live."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from notebookfiles import FRONT_MATTER

from casekit.sphinxext import downloads, nbexport
from casekit.sphinxext.registry import Registry, source_is_notebook

CASE_DOC = "case_studies/msme-digitization/demo-city-voucher"
FRONT = FRONT_MATTER + "# T\n"


def test_notebooks_cases_and_reads(minibook):
    (minibook / "diagnostic").mkdir()
    (minibook / "diagnostic" / "profile.md").write_text(FRONT)
    (minibook / "chapters").mkdir(exist_ok=True)
    (minibook / "chapters" / "plain.md").write_text("# Only prose\n")
    (minibook / "src").mkdir()
    (minibook / "src" / "ignored.md").write_text(FRONT)  # not a page of the book
    registry = Registry(minibook)
    notebooks = registry.notebooks()
    assert set(notebooks) == {CASE_DOC, "diagnostic/profile"}
    assert registry.case_id(CASE_DOC) == "demo-city-voucher"
    assert registry.case_id("diagnostic/profile") is None and registry.case_id("case_studies/explorer") is None
    assert registry.reads(CASE_DOC) == [
        minibook / "data/cases/demo-city-voucher.yml",
        minibook / "data/series/demo-city-voucher.csv",
    ]
    assert registry.has_download(CASE_DOC) and not registry.has_download("diagnostic/profile")
    assert not source_is_notebook(minibook / "chapters" / "plain.md")
    # The other modules ask the registry: the nbval export covers every notebook page, the
    # downloads only case and chapter notebooks.
    assert nbexport.notebook_sources(minibook) == list(notebooks.values())
    assert downloads.notebook_sources(minibook) == [notebooks[CASE_DOC]]


def test_the_english_edition_keeps_todays_paths_and_another_gets_its_own(tmp_path):
    en, es = Registry(tmp_path), Registry(tmp_path, edition="es")
    build = tmp_path.resolve() / "_build"
    assert en.cache_dir == build / ".jupyter_cache" and en.html_dir == build / "html"
    assert en.executed_copy(CASE_DOC) == build / "jupyter_execute" / f"{CASE_DOC}.ipynb"
    assert en.download(CASE_DOC) == build / "html" / "_notebooks" / f"{CASE_DOC}.ipynb"
    assert en.nbval_dir == build / "nbval"
    assert es.cache_dir == build / "es" / ".jupyter_cache" and es.html_dir == build / "es" / "html"
    assert es.cache_dir != en.cache_dir and es.notebooks() == en.notebooks()  # same sources


def test_a_build_tells_the_registry_its_folders(tmp_path):
    def app(cache: str, language: str | None) -> SimpleNamespace:
        config = SimpleNamespace(nb_execution_cache_path=cache, language=language)
        return SimpleNamespace(srcdir=str(tmp_path), outdir=str(tmp_path / "out" / "html"), config=config)

    registry = Registry.for_app(app("", None))
    # myst-nb's own default: .jupyter_cache beside the output folder.
    assert registry.cache_dir == (tmp_path / "out" / ".jupyter_cache").resolve()
    assert registry.edition == "en"
    configured = Registry.for_app(app(str(tmp_path / "elsewhere"), "es"))
    assert configured.cache_dir == (tmp_path / "elsewhere").resolve() and configured.edition == "es"


def test_only_registry_decides_what_a_notebook_is():
    """No other module keeps its own rule (issue 13 found four)."""
    src = Path(__file__).resolve().parents[2] / "src" / "casekit"
    rules = ('"kernelspec" in', "is_myst_markdown_notebook(")
    holders = sorted(
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if any(rule in p.read_text(encoding="utf-8") for rule in rules)
    )
    assert holders == ["sphinxext/registry.py"]
