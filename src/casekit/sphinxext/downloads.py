"""Clean ``.ipynb`` downloads of the book's notebooks, generated at build time.

The book's notebooks are MyST markdown (jupytext ``md:myst``). Readers and
trainers want ``.ipynb`` files they can open anywhere, so this module writes,
for every case notebook (``case_studies/<theme>/<id>.md``) and every chapter
notebook (``chapters/**.md`` with a kernelspec), a copy without outputs to
``<outdir>/_notebooks/<same relative path>.ipynb``.

Each copy starts with one visible set-up cell that makes sure the ``casekit``
package and the book's ``data/`` folder are there:

* with a repository URL (the book's ``repository.url`` in ``_config.yml``,
  see :func:`configured_repository_url`), it installs casekit from that
  repository with ``%pip`` when it is missing, and downloads nothing else;
* without one, it prints how to install casekit from the workshop kit and
  stops with a clear error. It then contains no URL at all.

Either way it then checks that casekit finds the book's data and says where.
The output is deterministic (same sources, same bytes), and every call removes
``.ipynb`` files under ``_notebooks/`` whose source is gone, so it is safe to
run on every build.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import i18n
from ..i18n import N_, _
from .registry import DOWNLOADS_DIR, Registry

NOTEBOOKS_DIR = DOWNLOADS_DIR
SETUP_CELL_ID = "casekit-setup"
# What Jupyter Book 1.x puts in repository.url when the book does not set one.
JUPYTER_BOOK_DEFAULT_REPOSITORY = "https://github.com/executablebooks/jupyter-book"
_URL = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%@+/-]*)?$")


def notebook_sources(srcdir: Path) -> list[Path]:
    """Every case notebook and every chapter notebook of the book, in a stable order.

    A case notebook is ``case_studies/<theme>/<id>.md`` (not a theme's ``index.md``, and
    not pages such as ``case_studies/explorer.md``); a chapter notebook is any notebook page
    under ``chapters/``. The page registry decides (:meth:`Registry.has_download`).
    """
    registry = Registry(srcdir)
    return [path for doc, path in registry.notebooks().items() if registry.has_download(doc)]


def configured_repository_url(config: Mapping[str, Any]) -> str | None:
    """The book's repository URL from a parsed ``_config.yml``, or None.

    None when ``repository.url`` is missing, empty or Jupyter Book's own default,
    which is not this book's repository.
    """
    repository = config.get("repository") or {}
    url = str(repository.get("url") or "").strip().rstrip("/") if isinstance(repository, Mapping) else ""
    if not url or url.removesuffix(".git") == JUPYTER_BOOK_DEFAULT_REPOSITORY:
        return None
    return url


def _check_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not _URL.match(url):
        raise ValueError(
            f"repository_url: expected an https:// address of a git repository (no quotes or spaces), got {url!r}"
        )
    return url


# The set-up cell's words are in the edition's language; its code is the same in every edition.
HEADER = N_(
    "Set-up, added to this download of the notebook: run it first.\n"
    "It makes sure this Python has the book's helper package, casekit, and that casekit\n"
    "finds the book's data/ folder. Where casekit is already installed, it only checks."
)
INSTALLING = N_("Installs casekit (and the packages it needs) from the book's repository; nothing else is downloaded.")
NO_CASEKIT = N_(
    "This notebook needs the book's helper package, casekit, and this Python does not have it.\n"
    "With the workshop kit: in a terminal, go to the kit's folder (the one with README.md, data/ and\n"
    "notebooks/), activate the environment this notebook runs in, and install the casekit file shipped\n"
    "in the kit:\n"
    "    pip install --no-deps casekit-*.whl\n"
    "(on Windows, type the file's full name). The kit's README.md gives every step, including the\n"
    "packages casekit needs and a fully offline install. Then restart the kernel and run this cell again.\n"
    "From a copy of the book's source instead: run `make lab` there and open the notebook in that JupyterLab."
)
NOT_INSTALLED = N_("casekit is not installed: follow the instructions printed above.")
NO_DATA_WITH_URL = N_(
    "casekit is installed but cannot find the book's data/ folder. Open this notebook from inside a copy "
    "of the book ({url}) or of the workshop kit, or set the CASEKIT_ROOT environment variable to the "
    "folder that holds data/, then run this cell again."
)
NO_DATA_KIT = N_(
    "casekit is installed but cannot find the book's data/ folder. Open this notebook from the workshop "
    "kit's notebooks/ folder (the kit has data/ beside it), or set the CASEKIT_ROOT environment variable "
    "to the folder that holds data/, then run this cell again."
)
WRITES_IN = N_("casekit writes this notebook's charts and tables in English unless told otherwise:")
READS_FROM = N_("casekit {version} reads the book's data from {folder}")


def _literal(text: str) -> str:
    """``text`` as a Python string literal in double quotes (newlines, quotes and backslashes escaped)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str = "") -> str:
    return "".join(f"{indent}# {line}\n" for line in text.splitlines())


def _print_lines(text: str) -> str:
    """A multi-line message as one literal per line, each ending in its newline, as a person writes it."""
    lines = text.split("\n")
    ends = ["\n"] * (len(lines) - 1) + [""]
    return "".join(f"        {_literal(line + end)}\n" for line, end in zip(lines, ends, strict=True))


def _wrapped(text: str, width: int = 90) -> str:
    """A long message as literals of at most ``width`` characters, one per line (Python joins them)."""
    pieces = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "".join(
        f"        {_literal(piece + (' ' if i < len(pieces) - 1 else ''))}\n" for i, piece in enumerate(pieces)
    )


def setup_cell_source(repository_url: str | None = None) -> str:
    """The code of the set-up cell put first in every exported notebook, its words in the edition's language."""
    source = _comment(_(HEADER)) + "import importlib.util\n"
    source += '\nif importlib.util.find_spec("casekit") is None:\n'
    if repository_url:
        url = _check_url(repository_url)
        source += _comment(_(INSTALLING), "    ")
        source += f'    %pip install "casekit @ git+{url}"\n    importlib.invalidate_caches()\n'
        missing = _(NO_DATA_WITH_URL).format(url=url)
    else:
        source += "    print(\n" + _print_lines(_(NO_CASEKIT)) + "    )\n"
        source += f"    raise ModuleNotFoundError({_literal(_(NOT_INSTALLED))})\n"
        missing = _(NO_DATA_KIT)
    reads = _(READS_FROM).format(version="{casekit.__version__}", folder="{DATA}")
    if i18n.language() != i18n.SOURCE_LANGUAGE:  # this edition's notebook writes its charts in its language
        language = f"{_comment(_(WRITES_IN))}casekit.i18n.set_language({_literal(i18n.language())})\n"
    else:
        language = ""
    return (
        source
        + "\nimport casekit\nfrom casekit import paths\n"
        + language
        + (
            "\ntry:\n    DATA = paths.data_dir()\n"
            "except FileNotFoundError:\n    DATA = None\n"
            'if DATA is None or not (DATA / "datapackage.json").is_file():\n'
            "    raise FileNotFoundError(\n" + _wrapped(missing) + "    )\n"
            f"print(f{_literal(reads)})"
        )
    )


def notebook_json(source: Path, repository_url: str | None = None, messages: Mapping[str, str] | None = None) -> str:
    """One MyST notebook as clean ``.ipynb`` text: set-up cell first, no outputs, sorted keys.

    ``messages`` (a translated edition: the page's catalog, English -> translation) translate its
    Markdown cells as the page is translated (:mod:`.mdtranslate`).
    """
    import jupytext
    import nbformat

    nb = jupytext.read(source, fmt="md:myst")
    if messages:
        from .mdtranslate import translate_markdown

        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = translate_markdown(cell.source, messages)[0]
    setup = nbformat.v4.new_code_cell(
        setup_cell_source(repository_url), metadata={"tags": ["casekit-setup"]}, id=SETUP_CELL_ID
    )
    cells = [setup]
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.id = f"cell-{index}"  # deterministic ids (nbformat 4.5 requires them)
        cell.metadata.pop("lines_to_next_cell", None)
        cells.append(cell)
    nb.cells = cells
    kernelspec = nb.metadata.get("kernelspec")
    nb.metadata = nbformat.from_dict({"kernelspec": kernelspec} if kernelspec else {})
    nb.metadata["language_info"] = {"name": (kernelspec or {}).get("language", "python")}
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


EXPORT_MANIFEST = ".casekit-export.json"


def _recipe(repository_url: str | None) -> bytes:
    """Everything besides the source that decides an exported notebook's bytes."""
    from importlib.metadata import version

    parts = [
        Path(__file__).read_bytes(),
        setup_cell_source(repository_url).encode("utf-8"),
        version("jupytext").encode(),
        version("nbformat").encode(),
    ]
    return hashlib.sha256(b"\0".join(parts)).digest()


def export_notebooks(srcdir: Path, outdir: Path, repository_url: str | None = None) -> list[Path]:
    """Write ``outdir/_notebooks/<relative path>.ipynb`` for every case and chapter notebook.

    Files whose content is unchanged are left alone (same bytes, same mtime);
    ``.ipynb`` files under ``_notebooks/`` without a source any more are removed,
    with the folders they leave empty. Returns the paths of the current notebooks.

    Converting a notebook costs about 20 ms (parsing, validating), and the build exports
    after every run: ``outdir``'s parent keeps a small manifest of what each file was made
    from (the source's bytes, the set-up cell, this module and the converters' versions),
    and a file whose inputs are unchanged is not converted again.
    """
    srcdir, target_root = Path(srcdir), Path(outdir) / NOTEBOOKS_DIR
    if repository_url:
        repository_url = _check_url(repository_url)
    manifest_path = Path(outdir).resolve().parent / EXPORT_MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    recipe = _recipe(repository_url)
    language = i18n.language()
    written: list[Path] = []
    for source in notebook_sources(srcdir):
        target = target_root / source.relative_to(srcdir).with_suffix(".ipynb")
        catalog = srcdir / "locales" / language / "LC_MESSAGES" / source.relative_to(srcdir).with_suffix(".po")
        translated = language != i18n.SOURCE_LANGUAGE and catalog.is_file()
        made_from = hashlib.sha256(
            recipe + language.encode() + source.read_bytes() + (catalog.read_bytes() if translated else b"")
        ).hexdigest()
        if not target.is_file() or manifest.get(str(target.resolve())) != made_from:
            messages = (
                {k[1]: v for k, v in i18n.read_catalog(catalog).items() if isinstance(v, str)} if translated else None
            )
            data = notebook_json(source, repository_url, messages).encode("utf-8")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != data:
                target.write_bytes(data)
            manifest[str(target.resolve())] = made_from
        written.append(target)
    current = {str(p.resolve()) for p in written}
    manifest = {k: v for k, v in manifest.items() if k in current or not k.startswith(str(target_root.resolve()))}
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    keep = set(written)
    if target_root.is_dir():
        for stale in sorted(target_root.rglob("*.ipynb")):
            if stale not in keep:
                stale.unlink()
        for folder in sorted((p for p in target_root.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    return written
