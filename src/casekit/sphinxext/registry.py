"""The page registry: one place that answers, for every page of the book.

For a page (a docname such as ``case_studies/msme-digitization/dublin-trading-online-voucher``):

* is it a notebook (:meth:`Registry.is_notebook`: an ``.ipynb``, or MyST markdown that myst-nb
  reads as a notebook);
* is it a case page, and which case (:meth:`Registry.case_id`: its file name is the id of a
  case file in ``data/cases/``);
* which files its outputs read (:meth:`Registry.reads`), besides the files every page reads
  (:meth:`Registry.shared_reads`);
* where its executed copy (:meth:`Registry.executed_copy`) and its ``.ipynb`` download
  (:meth:`Registry.download`) live, and where the execution cache is (:attr:`Registry.cache_dir`).

Everything else (the build's cache check, the parallel execution, the nbval export, the
notebook downloads, the benchmarks and the tests) asks it.

An *edition* is one build of the same sources in one language. The English edition (the
default) keeps today's paths (``_build/html``, ``_build/.jupyter_cache``); any other edition
gets its own folder under ``_build/<language>/`` with its own execution cache, so a second
language (issue 15) is one more build, not a copy of the tooling.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

#: The edition whose paths are the book's historical ones.
DEFAULT_EDITION = "en"
#: Folders of the repository that hold no pages (the book's ``exclude_patterns``).
NOT_PAGES = {"_build", "src", "tests", "tools", "benchmarks", "data", "locales", "node_modules"}
NOT_PAGE_FILES = {"README.md", "CONTRIBUTING.md", "LICENSE-CONTENT.md"}
#: The editions the book is built in, and where each is published inside the site: English at
#: its root (the historical addresses), every other edition in a folder named after its language.
EDITIONS = ("en", "es")


def site_prefix(edition: str) -> str:
    """Where an edition's pages sit in the published site: ``""`` (English) or ``"es/"``."""
    return "" if edition == DEFAULT_EDITION else f"{edition}/"


#: Folder of the site where each notebook page's clean ``.ipynb`` download is written.
DOWNLOADS_DIR = "_notebooks"


def source_is_notebook(path: Path) -> bool:
    """The one rule: an ``.ipynb``, or a MyST ``.md`` that myst-nb reads as a notebook.

    myst-nb's own test decides (front matter with ``jupytext.text_representation.format_name:
    myst`` or ``file_format: mystnb``), so the registry never disagrees with the build.
    """
    if path.suffix == ".ipynb":
        return True
    if path.suffix != ".md" or not path.is_file():
        return False
    from myst_nb.core.read import is_myst_markdown_notebook

    return is_myst_markdown_notebook(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Registry:
    """The pages of one edition of the book whose sources are under ``root``.

    ``build`` and ``cache`` override where this edition's build folder and execution cache
    are (a running build knows them: :meth:`for_app`); by default they follow the edition.
    """

    root: Path
    edition: str = DEFAULT_EDITION
    build: Path | None = None
    cache: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @classmethod
    def for_app(cls, app: Any) -> Registry:
        """The registry of a running Sphinx build: its sources, language, build folder and cache.

        The cache is myst-nb's: ``nb_execution_cache_path`` when set, else ``.jupyter_cache``
        beside the output folder (myst-nb's own default, so the two always agree).
        """
        configured = getattr(app.config, "nb_execution_cache_path", "") or ""
        build = Path(app.outdir).resolve().parent
        return cls(
            Path(app.srcdir),
            edition=getattr(app.config, "language", None) or DEFAULT_EDITION,
            build=build,
            cache=Path(configured).resolve() if configured else None,
        )

    # Where things live -------------------------------------------------------------------
    @property
    def build_dir(self) -> Path:
        if self.build is not None:
            return Path(self.build)
        base = self.root / "_build"
        return base if self.edition == DEFAULT_EDITION else base / self.edition

    @property
    def html_dir(self) -> Path:
        return self.build_dir / "html"

    @property
    def site_dir(self) -> Path:
        """This edition's folder in the published site (``_build/html`` or ``_build/html/es``)."""
        return self.root / "_build" / "html" / site_prefix(self.edition)

    def catalogs_for(self, files: list[Path]) -> list[Path]:
        """The translation catalogs of these data files in this edition (none for English)."""
        if self.edition == DEFAULT_EDITION:
            return []
        data = self.root / "data"
        return [
            self.root / "locales" / self.edition / "data" / f.relative_to(data).with_suffix(".po")
            for f in files
            if f.is_relative_to(data)
        ]

    @property
    def cache_dir(self) -> Path:
        """myst-nb's execution cache (jupyter-cache) for this edition."""
        return Path(self.cache) if self.cache is not None else self.build_dir / ".jupyter_cache"

    @property
    def executed_dir(self) -> Path:
        """Where myst-nb writes the executed copies (``jupyter_execute``)."""
        return self.build_dir / "jupyter_execute"

    @property
    def nbval_dir(self) -> Path:
        return self.build_dir / "nbval"

    def executed_copy(self, docname: str) -> Path:
        return self.executed_dir / f"{docname}.ipynb"

    def download(self, docname: str, html_dir: Path | None = None) -> Path:
        """The page's clean ``.ipynb`` in the site (written for :meth:`has_download` pages)."""
        return (html_dir or self.html_dir) / DOWNLOADS_DIR / f"{docname}.ipynb"

    # Which pages ------------------------------------------------------------------------
    def source(self, docname: str) -> Path:
        for suffix in (".md", ".ipynb"):
            path = self.root / f"{docname}{suffix}"
            if path.is_file():
                return path
        return self.root / f"{docname}.md"

    def docname(self, source: Path) -> str:
        return Path(source).resolve().relative_to(self.root).with_suffix("").as_posix()

    def sources(self) -> Iterator[Path]:
        """Every page source of the book (MyST and notebooks), in a stable order."""
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root)
            if path.suffix not in {".md", ".ipynb"} or not path.is_file():
                continue
            if rel.parts[0] in NOT_PAGES or any(p.startswith(".") for p in rel.parts):
                continue
            if len(rel.parts) == 1 and rel.name in NOT_PAGE_FILES:
                continue
            if "_build" in rel.parts or ".ipynb_checkpoints" in rel.parts:
                continue
            yield path

    def notebooks(self) -> dict[str, Path]:
        """Every notebook page: docname -> source."""
        return {self.docname(p): p for p in self.sources() if source_is_notebook(p)}

    def is_notebook(self, docname: str, source: Path | None = None) -> bool:
        return source_is_notebook(Path(source) if source is not None else self.source(docname))

    def case_id(self, docname: str) -> str | None:
        """The case a page is about: a page under ``case_studies/`` named after a case file."""
        path = Path(docname)
        if len(path.parts) < 2 or path.parts[0] != "case_studies" or path.name == "index":
            return None
        return path.name if (self.root / "data" / "cases" / f"{path.name}.yml").is_file() else None

    def has_download(self, docname: str) -> bool:
        """Case and chapter notebooks are offered as ``.ipynb`` downloads."""
        if not self.is_notebook(docname):
            return False
        top = Path(docname).parts[0]
        if top == "case_studies":
            return len(Path(docname).parts) == 3 and Path(docname).name != "index"
        return top == "chapters"

    # What a page reads ------------------------------------------------------------------
    def shared_reads(self) -> list[Path]:
        """Files every notebook's outputs depend on (besides the casekit package)."""
        data = self.root / "data"
        files = [self.root / "requirements.lock", data / "datapackage.json", data / "countries.csv"]
        files += sorted((data / "schemas").glob("*.json")) + sorted((data / "indicators").glob("*.csv"))
        return files + self.catalogs_for(files)

    def reads(self, docname: str) -> list[Path]:
        """The data files a page reads beyond :meth:`shared_reads`."""
        data = self.root / "data"
        if docname.startswith("diagnostic/"):
            # The diagnostic pages read the survey files, and link to the chooser only when the book has it.
            # (From casekit.paths: importing casekit.diagnostic would load pandas and Altair into the build.)
            from ..paths import CHOOSER_DOC
            from ..paths import DIAGNOSTIC_SUBDIR as DATA_SUBDIR

            chooser = self.root / CHOOSER_DOC
            files = sorted((data / DATA_SUBDIR).glob("*.csv"))
            return [*files, *self.catalogs_for(files), chooser.with_suffix(".md"), chooser.with_suffix(".ipynb")]
        case = self.case_id(docname)
        if case is not None:
            files = [data / "cases" / f"{case}.yml", data / "series" / f"{case}.csv"]
            return files + self.catalogs_for(files)
        return list(self._every_case_file)

    @cached_property
    def _every_case_file(self) -> tuple[Path, ...]:
        data = self.root / "data"
        files = [*sorted((data / "cases").glob("*.yml")), *sorted((data / "series").glob("*.csv"))]
        return (*files, *self.catalogs_for(files))
