"""Clean .ipynb downloads (casekit.sphinxext.downloads) and the offline workshop kit (tools/make_workshop_kit.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import CASE_ID, REPO, make_minibook
from notebookfiles import FRONT_MATTER

from casekit import paths
from casekit.sphinxext import downloads as export

CASE_NB = Path("case_studies") / "msme-digitization" / f"{CASE_ID}.md"
FRONT = FRONT_MATTER
URL = "https://github.com/example/casebook"


def _add_pages(root: Path) -> None:
    """A chapter notebook, a chapter without code, a theme index and a non-case page in case_studies/."""
    (root / "chapters").mkdir(exist_ok=True)
    (root / "chapters" / "intro.md").write_text(FRONT + "# Intro\n\n```{code-cell} ipython3\nprint(1 + 1)\n```\n")
    (root / "chapters" / "plain.md").write_text("# Plain chapter\n\nNo code.\n")
    (root / "case_studies" / "msme-digitization" / "index.md").write_text(FRONT + "# Theme\n")
    (root / "case_studies" / "explorer.md").write_text(FRONT + "# Explorer\n")


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_export_writes_cases_and_chapter_notebooks(minibook, tmp_path):
    _add_pages(minibook)
    out = tmp_path / "html"
    written = export.export_notebooks(minibook, out, repository_url=None)
    base = out / "_notebooks"
    assert written == [base / CASE_NB.with_suffix(".ipynb"), base / "chapters" / "intro.ipynb"]
    assert sorted(p.relative_to(base).as_posix() for p in base.rglob("*.ipynb")) == [
        "case_studies/msme-digitization/demo-city-voucher.ipynb",
        "chapters/intro.ipynb",
    ]
    for target, source in zip(written, (minibook / CASE_NB, minibook / "chapters" / "intro.md"), strict=True):
        nb = nbformat.read(target, as_version=4)
        nbformat.validate(nb)
        first = nb.cells[0]
        assert first.cell_type == "code"
        assert first.id == export.SETUP_CELL_ID
        assert "remove-cell" not in first.metadata.get("tags", [])
        assert first.source.startswith("# Set-up")
        original = jupytext.read(source, fmt="md:myst")
        assert _code(nb)[1:] == _code(original)
        assert nb.metadata["kernelspec"] == original.metadata["kernelspec"]
        assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")
        assert "jupytext" not in nb.metadata


def test_export_is_deterministic_and_removes_stale_files(minibook, tmp_path):
    _add_pages(minibook)
    out = tmp_path / "html"
    first = {p: p.read_bytes() for p in export.export_notebooks(minibook, out)}
    text = next(iter(first.values())).decode()
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    stale = out / "_notebooks" / "case_studies" / "gone" / "old-case.ipynb"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    keep = out / "_notebooks" / "notes.txt"
    keep.write_text("not a notebook")
    second = {p: p.read_bytes() for p in export.export_notebooks(minibook, out)}
    assert second == first
    assert not stale.exists() and not stale.parent.exists()
    assert keep.exists()
    (minibook / "chapters" / "intro.md").unlink()
    third = export.export_notebooks(minibook, out)
    assert third == [out / "_notebooks" / CASE_NB.with_suffix(".ipynb")]
    assert not (out / "_notebooks" / "chapters").exists()


def test_setup_cell_installs_from_the_configured_repository(minibook, tmp_path):
    [path] = export.export_notebooks(minibook, tmp_path, repository_url=URL + "/")
    source = nbformat.read(path, as_version=4).cells[0].source
    assert f'%pip install "casekit @ git+{URL}"' in source
    assert "cdn" not in source.lower()
    urls = [word for word in source.replace('"', " ").replace("(", " ").replace(")", " ").split() if "://" in word]
    assert {u.removeprefix("git+") for u in urls} == {URL}


def test_setup_cell_without_repository_has_no_url(minibook, tmp_path):
    [path] = export.export_notebooks(minibook, tmp_path)
    source = nbformat.read(path, as_version=4).cells[0].source
    for word in ("://", "http", "www.", "git+", "%pip", "cdn"):
        assert word not in source.lower()
    assert "pip install --no-deps casekit-*.whl" in source
    assert "README.md" in source
    assert 'raise ModuleNotFoundError("casekit is not installed' in source


def test_repository_url_from_config_and_validation():
    assert export.configured_repository_url({}) is None
    assert export.configured_repository_url({"repository": {"url": ""}}) is None
    assert export.configured_repository_url({"repository": {"url": export.JUPYTER_BOOK_DEFAULT_REPOSITORY}}) is None
    assert export.configured_repository_url({"repository": {"url": URL + "/"}}) == URL
    for bad in ('https://example.org/x" ; import os', "http://example.org/repo", "file:///tmp/repo"):
        with pytest.raises(ValueError, match="repository_url: expected an https:// address"):
            export.setup_cell_source(bad)


def test_book_root_finds_a_workshop_kit_from_nested_notebooks(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEKIT_ROOT", raising=False)
    monkeypatch.delenv("CASEKIT_DATA", raising=False)
    kit = tmp_path / "kit"
    (kit / "data").mkdir(parents=True)
    (kit / "data" / "datapackage.json").write_text("{}")
    nested = kit / "notebooks" / "logistics"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert paths.book_root() == kit
    assert paths.data_dir() == kit / "data"
    assert paths.book_root(kit / "notebooks") == kit
    # A book (with _config.yml) above a kit is still found first, as before.
    (tmp_path / "_config.yml").write_text("title: x\n")
    (tmp_path / "data").mkdir()
    assert paths.book_root() == tmp_path


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> tuple[Path, Path, str]:
    """The workshop kit of a miniature book, built by the real script: (zip, extracted folder, stdout)."""
    base = tmp_path_factory.mktemp("kit")
    book = make_minibook(base / "book")
    _add_pages(book)
    out = base / "out" / "kit.zip"
    result = subprocess.run(
        # No wheelhouse here (tests/kit installs a kit from its wheels): this kit tells laptops to install online.
        [
            sys.executable,
            str(REPO / "tools" / "make_workshop_kit.py"),
            "--book",
            str(book),
            "--out",
            str(out),
            "--targets",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    folder = base / "extracted"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    return out, folder, result.stdout


def test_workshop_kit_entries(kit):
    out, _, stdout = kit
    assert str(out) in stdout and "MB" in stdout
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        readme = archive.read("README.md").decode()
    assert names == sorted(names)
    assert f"notebooks/msme-digitization/{CASE_ID}.ipynb" in names
    assert "notebooks/chapters/intro.ipynb" in names
    assert not any(n.startswith("notebooks/") and n.endswith(("index.ipynb", "explorer.ipynb")) for n in names)
    for name in ("data/datapackage.json", f"data/cases/{CASE_ID}.yml", "README.md", "references.bib"):
        assert name in names
    assert {"requirements-kit.lock", "requirements-lab.lock", "requirements.lock"} <= set(names)
    assert not any(n.startswith("wheels/") for n in names)
    packages = [n for n in names if n.startswith("casekit-") and n.endswith((".whl", "-source.zip"))]
    assert len(packages) == 1
    assert packages[0] in readme
    assert not any(n.startswith("site/") for n in names)  # the minibook was never built
    assert "No `site/` folder" in readme
    assert "No `wheels/` folder" in readme
    assert "pip install -r requirements-kit.lock" in readme
    assert "--no-index" not in readme
    assert "jupyter lab notebooks/" in readme


def test_kit_notebook_runs_on_its_own(kit, monkeypatch):
    from nbclient import NotebookClient

    _, folder, _ = kit
    monkeypatch.delenv("CASEKIT_ROOT", raising=False)
    monkeypatch.delenv("CASEKIT_DATA", raising=False)
    path = folder / "notebooks" / "msme-digitization" / f"{CASE_ID}.ipynb"
    nb = nbformat.read(path, as_version=4)
    probe = textwrap.dedent(
        f"""\
        from pathlib import Path
        from casekit import paths
        assert paths.book_root() == Path({str(folder.resolve())!r}), paths.book_root()
        """
    )
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    setup_output = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert f"reads the book's data from {(folder / 'data').resolve()}" in setup_output


def test_unchanged_notebooks_are_not_converted_again(minibook, tmp_path, monkeypatch):
    out = tmp_path / "html"
    [path] = export.export_notebooks(minibook, out)
    converted = []
    original = export.notebook_json

    def counting(source, repository_url=None, messages=None):
        converted.append(source.name)
        return original(source, repository_url, messages)

    monkeypatch.setattr(export, "notebook_json", counting)
    export.export_notebooks(minibook, out)
    assert converted == []  # nothing changed: nothing converted

    source = minibook / CASE_NB
    source.write_text(source.read_text().replace("# ", "# Edited: ", 1))
    export.export_notebooks(minibook, out)
    assert converted == [source.name] and "Edited: " in path.read_text()

    export.export_notebooks(minibook, out, repository_url=URL)
    assert converted == [source.name, source.name]  # a new set-up cell
    assert URL in path.read_text()

    path.unlink()
    export.export_notebooks(minibook, out, repository_url=URL)
    assert path.is_file() and len(converted) == 3
