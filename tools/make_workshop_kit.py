"""Build the workshop kit: one zip a trainer can carry on a USB stick and use offline.

    .venv/bin/python tools/make_workshop_kit.py --out _build/workshop-kit.zip     (or: make workshop-kit)

The zip holds, at its top level:

* ``notebooks/``: every case and chapter notebook as ``.ipynb`` (``casekit.export``,
  no outputs, with a set-up cell that points to this kit rather than to any URL);
  cases sit in ``notebooks/<theme>/``, chapters in ``notebooks/chapters/``;
* ``data/`` (a copy of the book's data) and ``references.bib`` (the case notebooks'
  source tables read it);
* the casekit package as a wheel built from this repository, offline; if that fails,
  a source zip of ``src/casekit`` and ``pyproject.toml`` instead (the README says which);
* ``requirements-lab.lock`` and ``requirements.lock``;
* ``site/``: the built site (``_build/html``) when there is one, to open from disk;
* ``README.md``: offline installation steps; the licence files.

A notebook in the kit finds ``data/`` because ``casekit.paths.book_root()`` walks up
to the folder holding ``data/datapackage.json``. Entries are written in a fixed order
with fixed dates, so the same inputs give the same list of entries.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))  # run from a checkout even when casekit is not installed

from casekit.export import export_notebooks  # noqa: E402

LOCKS = ("requirements-lab.lock", "requirements.lock")
EXTRA_FILES = ("references.bib", "LICENSE", "LICENSE-CONTENT.md")
IGNORED_NAMES = {"__pycache__", ".ipynb_checkpoints", ".DS_Store", ".pytest_cache", "READY"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: wheels built by setuptools get fixed dates too


def _files(folder: Path) -> list[Path]:
    """Every file below ``folder`` except caches, checkpoints and build leftovers, sorted."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part in IGNORED_NAMES or part.endswith(".egg-info") for part in rel.parts):
            continue
        if path.is_file() and path.suffix not in IGNORED_SUFFIXES:
            out.append(path)
    return out


def _project_version(project: Path) -> str:
    return tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _package_tree(project: Path, dest: Path) -> Path:
    """A clean copy of what building casekit needs, so no build leftovers land in the repository."""
    tree = dest / f"casekit-{_project_version(project)}"
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (project / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(project / name, tree / name)
    for path in _files(project / "src"):
        target = tree / "src" / path.relative_to(project / "src")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return tree


def build_wheel(tree: Path, dest: Path) -> Path | None:
    """``pip wheel --no-deps --no-build-isolation``: offline, with the running Python's setuptools."""
    out = dest / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    command += ["--disable-pip-version-check", "--no-input", "--quiet", "-w", str(out), str(tree)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"make_workshop_kit: building the casekit wheel failed ({exc}); shipping a source zip", file=sys.stderr)
        return None
    wheels = sorted(out.glob("casekit-*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        print(
            "make_workshop_kit: building the casekit wheel failed; shipping a source zip instead\n  "
            + "\n  ".join(detail),
            file=sys.stderr,
        )
        return None
    return wheels[0]


def source_zip(tree: Path, dest: Path) -> Path:
    """``casekit-<version>-source.zip``: one top folder with pyproject.toml and src/casekit (pip installs it)."""
    path = dest / f"{tree.name}-source.zip"
    _write_zip(path, ((f"{tree.name}/{p.relative_to(tree).as_posix()}", p) for p in _files(tree)))
    return path


def _write_zip(path: Path, entries: Iterable[tuple[str, Path | bytes]]) -> None:
    items = sorted(entries, key=lambda item: item[0])
    names = [name for name, _ in items]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: duplicate entries {sorted({n for n in names if names.count(n) > 1})}")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in items:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())


def _notebook_entries(book: Path, dest: Path) -> list[tuple[str, Path]]:
    """The exported notebooks: cases in notebooks/<theme>/, chapters in notebooks/chapters/."""
    export_root = dest / "export"
    entries = []
    for path in export_notebooks(book, export_root, repository_url=None):
        rel = path.relative_to(export_root / "_notebooks")
        if rel.parts[0] == "case_studies":
            rel = rel.relative_to("case_studies")
        entries.append((f"notebooks/{rel.as_posix()}", path))
    return entries


def readme(*, package: Path, is_wheel: bool, has_site: bool, notebooks: int, python: str, why: str = "") -> str:
    name = package.name
    if is_wheel:
        package_note = f"`{name}` is the casekit package, built as a wheel from the book's repository."
        install = f"python -m pip install --no-deps {name}"
        install_offline = f"python -m pip install --no-index --no-deps {name}"
    else:
        package_note = (
            f"`{name}` is the casekit package as a **source zip** (`src/casekit` and `pyproject.toml`), not a "
            f"wheel: {why or 'building a wheel failed when this kit was made'}. pip installs it like a wheel, but "
            "needs `setuptools` and `wheel` "
            "in the environment (`python -m pip install setuptools wheel`, or add them to `wheels/` for the offline "
            "route)."
        )
        install = f"python -m pip install --no-deps --no-build-isolation {name}"
        install_offline = f"python -m pip install --no-index --no-deps --no-build-isolation {name}"
    site = (
        "- `site/`: the book's web site. Open `site/index.html` in a browser; it works from disk, offline.\n"
        if has_site
        else "- No `site/` folder: the book's site had not been built when this kit was made (run `make book` in "
        "the book's repository, then `make workshop-kit` again, to include it).\n"
    )
    return f"""# Local Ecommerce Casebook: workshop kit

Everything a workshop needs to run the book's {notebooks} case and chapter notebooks without an
internet connection.

## What is in the kit

- `notebooks/`: the notebooks, one folder per theme (`notebooks/<theme>/`) plus `notebooks/chapters/`.
  Each starts with a set-up cell that checks casekit is installed and finds `data/`; run it first.
- `data/`: the book's data (case files, series, indicator tables, `datapackage.json`). The notebooks find it
  by walking up from their own folder, so keep `notebooks/` and `data/` side by side in this folder.
- `references.bib`: the book's sources, which the notebooks' source tables read.
- {package_note}
- `requirements-lab.lock`: the exact versions of JupyterLab and of every package the notebooks need.
  `requirements.lock` is the same without JupyterLab (what the book's own build uses).
{site}- `LICENSE` (code, MIT) and `LICENSE-CONTENT.md` (text and data, CC BY 4.0; indicator tables keep their
  publishers' licences, listed in `data/datapackage.json`).

The lock files were made for Python 3.11 and newer; the book is tested with Python 3.11 (this kit was made
with Python {python}). Commands below are for Linux and macOS; on Windows use `py -3.11 -m venv .venv`,
`.venv\\Scripts\\python` instead of `.venv/bin/python`, and `.venv\\Scripts\\jupyter` instead of
`.venv/bin/jupyter`. Run them in this folder (the one holding this README).

## (a) With an internet connection once

On each workshop machine, while it is still connected:

```sh
python3 -m venv .venv
.venv/bin/python -m pip install -r requirements-lab.lock
.venv/bin/{install}
```

From then on no connection is needed: `.venv/bin/jupyter lab notebooks/`

## (b) Fully offline

1. On a connected machine with the **same operating system and the same Python version** as the workshop
   machines (wheels differ between them), in this folder:

   ```sh
   python3 -m pip download -r requirements-lab.lock -d wheels
   ```

   and copy the resulting `wheels/` folder into the kit (beside `notebooks/`).
2. On each workshop machine, with no connection:

   ```sh
   python3 -m venv .venv
   .venv/bin/python -m pip install --no-index --find-links wheels -r requirements-lab.lock
   .venv/bin/{install_offline}
   .venv/bin/jupyter lab notebooks/
   ```

## If a notebook says casekit is missing or cannot find the data

- "casekit is not installed": the notebook's kernel is not the `.venv` above. Start JupyterLab with
  `.venv/bin/jupyter lab notebooks/`, or install casekit into the kernel's environment as in (a) or (b).
- "cannot find the book's data/ folder": the notebook was moved out of this kit. Open it from `notebooks/`,
  or set the `CASEKIT_ROOT` environment variable to this folder.

This README was written by `tools/make_workshop_kit.py` in the book's repository.
"""


def build_kit(book: Path, project: Path, out: Path, *, force_source_zip: bool = False) -> Path:
    book, project, out = book.resolve(), project.resolve(), out.resolve()
    if not (book / "data" / "datapackage.json").is_file():
        raise SystemExit(f"{book}: expected the book's data/datapackage.json")
    missing = [name for name in LOCKS if not (project / name).is_file()]
    if missing:
        raise SystemExit(f"{project}: expected the lock files {missing}")
    with tempfile.TemporaryDirectory(prefix="casekit-kit-") as tmp:
        dest = Path(tmp)
        entries: list[tuple[str, Path | bytes]] = list(_notebook_entries(book, dest))
        notebooks = len(entries)
        entries += [(f"data/{p.relative_to(book / 'data').as_posix()}", p) for p in _files(book / "data")]
        entries += [(name, project / name) for name in LOCKS]
        entries += [(name, book / name) for name in EXTRA_FILES if (book / name).is_file()]
        tree = _package_tree(project, dest)
        wheel = None if force_source_zip else build_wheel(tree, dest)
        package = wheel or source_zip(tree, dest)
        entries.append((package.name, package))
        html = book / "_build" / "html"
        has_site = (html / "index.html").is_file()
        if has_site:
            entries += [(f"site/{p.relative_to(html).as_posix()}", p) for p in _files(html)]
        python = ".".join(map(str, sys.version_info[:2]))
        why = "the kit was made with --source-zip" if force_source_zip else ""
        text = readme(
            package=package, is_wheel=wheel is not None, has_site=has_site, notebooks=notebooks, python=python, why=why
        )
        entries.append(("README.md", text.encode("utf-8")))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        _write_zip(partial, entries)
        partial.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline workshop kit (a zip).")
    parser.add_argument("--out", type=Path, default=Path("_build/workshop-kit.zip"), help="the zip to write")
    parser.add_argument("--book", type=Path, default=REPO, help="the book (notebooks, data/, _build/html)")
    parser.add_argument("--project", type=Path, default=REPO, help="where pyproject.toml, src/ and the locks are")
    parser.add_argument("--source-zip", action="store_true", help="ship casekit as a source zip, not a wheel")
    args = parser.parse_args(argv)
    out = build_kit(args.book, args.project, args.out, force_source_zip=args.source_zip)
    size = out.stat().st_size
    with zipfile.ZipFile(out) as archive:
        count = len(archive.namelist())
    print(f"workshop kit: {out} ({size / 1_000_000:.1f} MB, {size} bytes, {count} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
