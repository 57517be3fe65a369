"""Build the workshop kit: one zip a trainer can carry on a USB stick and use offline.

    .venv/bin/python tools/make_workshop_kit.py --out _build/workshop-kit.zip     (or: make workshop-kit)

The zip holds, at its top level:

* ``notebooks/``: every case and chapter notebook as ``.ipynb`` (``casekit.sphinxext.downloads``,
  no outputs, with a set-up cell that points to this kit rather than to any URL);
  cases sit in ``notebooks/<theme>/``, chapters in ``notebooks/chapters/``; "places like mine"
  and the diagnostic profile (``KIT_PAGES``) beside them;
* ``data/`` (a copy of the book's data) and ``references.bib`` (the case notebooks'
  source tables read it);
* the casekit package as a wheel built from this repository, offline; if that fails,
  a source zip of ``src/casekit`` and ``pyproject.toml`` instead (the README says which);
* ``wheels/``: a wheelhouse, every package of ``requirements-kit.lock`` as a binary wheel for
  Windows (x86_64), macOS (Apple silicon) and Linux (x86_64) and Python 3.11 to 3.13, so a laptop
  with Python but no internet installs from the kit alone (``pip install --no-index``). The
  wheels are downloaded once per machine into ``.wheelhouse/`` (``make wheelhouse``), with
  ``pip download --no-deps --only-binary=:all: --platform ... --python-version ...`` for each
  target; the lock's environment markers are evaluated for the target, not for this machine;
* ``requirements-kit.lock`` (casekit's dependencies and JupyterLab: what the notebooks need, a
  subset of the lab lock with the same versions), ``requirements-lab.lock`` and ``requirements.lock``;
* ``site/``: the built site (``_build/html``) when there is one, to open from disk;
* ``README.md``: offline installation steps; the licence files.

A notebook in the kit finds ``data/`` because ``casekit.paths.book_root()`` walks up
to the folder holding ``data/datapackage.json``. Entries are written in a fixed order
with fixed dates, so the same inputs give the same list of entries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
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

from casekit.i18n import in_language, read_catalog  # noqa: E402
from casekit.sphinxext.downloads import export_notebooks, notebook_json  # noqa: E402

#: Notebook pages the workshop runs besides the cases and chapters (notebooks/<path without case_studies/>).
KIT_PAGES = ("case_studies/places-like-mine.md", "diagnostic/profile.md")
KIT_LOCK = "requirements-kit.lock"  # what the notebooks need: casekit's dependencies and JupyterLab
LOCKS = (KIT_LOCK, "requirements-lab.lock", "requirements.lock")
WHEELHOUSE = REPO / ".wheelhouse"  # downloaded once per machine, like .venv (make wheelhouse)

#: The workshop laptops the wheelhouse serves: pip's platform tags, and the environment markers
#: of the lock are evaluated for (pip download would evaluate them for this machine instead).
_MANYLINUX = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)]
PLATFORMS: dict[str, dict[str, object]] = {
    "windows-x86_64": {
        "tags": ["win_amd64"],
        "markers": {
            "sys_platform": "win32",
            "platform_system": "Windows",
            "os_name": "nt",
            "platform_machine": "AMD64",
        },
    },
    "macos-arm64": {
        "tags": ["macosx_14_0_arm64"],  # pip also accepts wheels for older macOS versions
        "markers": {
            "sys_platform": "darwin",
            "platform_system": "Darwin",
            "os_name": "posix",
            "platform_machine": "arm64",
        },
    },
    "linux-x86_64": {
        "tags": [*_MANYLINUX, "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"],
        "markers": {
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "platform_machine": "x86_64",
        },
    },
}
# Not served: Intel Macs (macosx x86_64). The locked argon2-cffi-bindings 26.2.0 (via jupyter-server)
# publishes macOS wheels for arm64 only, so an Intel Mac would need a compiler; it reads site/ instead.
#: The Python versions the kit serves (the lock is made for 3.11 and newer).
PYTHONS = ("3.11", "3.12", "3.13")

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
            # Wheels and zips are compressed already: storing them saves minutes, not bytes.
            info.compress_type = zipfile.ZIP_STORED if name.endswith((".whl", ".zip")) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())


#: Where each edition's notebooks go in the kit: English in notebooks/, Spanish in notebooks-es/.
NOTEBOOK_FOLDERS = {"en": "notebooks", "es": "notebooks-es"}


def _notebook_entries(book: Path, dest: Path) -> list[tuple[str, Path]]:
    """The exported notebooks of each edition: cases in <folder>/<theme>/, chapters in <folder>/chapters/."""
    entries = []
    for language, folder in NOTEBOOK_FOLDERS.items():
        export_root = dest / "export" / language
        with in_language(language):  # a Spanish notebook's text and set-up cell are Spanish
            exported = export_notebooks(book, export_root, repository_url=None)
            for path in exported:
                rel = path.relative_to(export_root / "_notebooks")
                if rel.parts[0] == "case_studies":
                    rel = rel.relative_to("case_studies")
                entries.append((f"{folder}/{rel.as_posix()}", path))
            for rel in KIT_PAGES:  # pages a workshop runs that are neither cases nor chapters
                source = book / rel
                if source.is_file():
                    target = dest / "pages" / language / Path(rel).with_suffix(".ipynb")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    catalog = book / "locales" / language / "LC_MESSAGES" / Path(rel).with_suffix(".po")
                    messages = {k[1]: v for k, v in read_catalog(catalog).items() if isinstance(v, str)}
                    target.write_text(notebook_json(source, None, messages or None), encoding="utf-8")
                    name = Path(rel).with_suffix(".ipynb")
                    name = name.relative_to("case_studies") if name.parts[0] == "case_studies" else name
                    entries.append((f"{folder}/{name.as_posix()}", target))
    return entries


def _size(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB"


def readme(
    *,
    package: Path,
    is_wheel: bool,
    has_site: bool,
    notebooks: int,
    python: str,
    why: str = "",
    wheel_sizes: dict[str, int] | None = None,
    pythons: list[str] | None = None,
) -> str:
    name = package.name
    if is_wheel:
        package_note = f"`{name}` is the casekit package, built as a wheel from the book's repository."
        install_flags = "--no-index --no-deps"
    else:
        package_note = (
            f"`{name}` is the casekit package as a **source zip** (`src/casekit` and `pyproject.toml`), not a "
            f"wheel: {why or 'building a wheel failed when this kit was made'}. pip installs it like a wheel, but "
            "needs `setuptools` and `wheel` in the environment (`python -m pip install setuptools wheel`)."
        )
        install_flags = "--no-index --no-deps --no-build-isolation"
    site = (
        "- `site/`: the book's web site. Open `site/index.html` in a browser; it works from disk, offline, and needs\n"
        "  nothing installed. Participants who cannot install anything read the book there.\n"
        if has_site
        else "- No `site/` folder: the book's site had not been built when this kit was made (run `make book` in "
        "the book's repository, then `make workshop-kit` again, to include it).\n"
    )
    if wheel_sizes:
        rows = "\n".join(f"| {p} | {_size(n)} |" for p, n in sorted(wheel_sizes.items()))
        listed = list(pythons or [])
        versions = ", ".join(listed[:-1]) + " or " + listed[-1] if len(listed) > 1 else "".join(listed)
        wheels = (
            f"- `wheels/`: every package the notebooks need, as ready-made wheels for Python {versions} on these\n"
            "  systems (the whole folder is copied to every laptop; pip picks the files that fit):\n\n"
            f"  | System | Wheels it uses |\n  |---|---|\n" + "\n".join("  " + r for r in rows.splitlines()) + "\n\n"
            "  Not served: Intel Macs (a locked package, argon2-cffi-bindings, has no ready-made wheel for them),\n"
            "  32-bit Windows, ARM Linux and Chromebooks. Their users read the book in `site/`.\n"
        )
        route = f"""## Install on a laptop without internet

Each laptop needs Python {versions or "3.11"} (from python.org) and this folder. In this folder:

Linux and macOS:

```sh
python3 -m venv .venv
.venv/bin/python -m pip install --no-index --find-links wheels -r {KIT_LOCK}
.venv/bin/python -m pip install {install_flags} {name}
.venv/bin/jupyter lab notebooks/
```

Windows (Command Prompt; `py -3.12` or `py -3.13` if that is the Python installed):

```text
py -3.11 -m venv .venv
.venv\\Scripts\\python -m pip install --no-index --find-links wheels -r {KIT_LOCK}
.venv\\Scripts\\python -m pip install {install_flags} {name}
.venv\\Scripts\\jupyter lab notebooks/
```

`--no-index` keeps pip off the network: everything comes from `wheels/`. If pip says it cannot find a
version, the laptop's Python or system is not one listed above: read the book in `site/` instead.
"""
    else:
        wheels = "- No `wheels/` folder: this kit was made without the wheelhouse, so laptops install while online.\n"
        route = f"""## Install on a laptop (online once)

```sh
python3 -m venv .venv
.venv/bin/python -m pip install -r {KIT_LOCK}
.venv/bin/python -m pip install --no-deps {name}
.venv/bin/jupyter lab notebooks/
```
"""
    return f"""# Local Ecommerce Casebook: workshop kit

Everything a workshop needs to run the book's {notebooks} notebooks without an internet connection:
the case and chapter notebooks, "What did places like mine do?" and the local diagnostic kit.

## What is in the kit

- `notebooks-es/`: the same notebooks in Spanish (text, charts and tables); `locales/es/` holds their
  translations of the data's words, which the notebooks read beside `data/`.
- `notebooks/`: the notebooks, one folder per theme (`notebooks/<theme>/`), `notebooks/chapters/`,
  `notebooks/places-like-mine.ipynb` and `notebooks/diagnostic/profile.ipynb`. Each starts with a set-up
  cell that checks casekit is installed and finds `data/`; run it first.
- `data/`: the book's data (case files, series, indicator tables, `datapackage.json`), and in
  `data/diagnostic/` the survey's CSV template and its SYNTHETIC example responses. The notebooks find it
  by walking up from their own folder, so keep `notebooks/` and `data/` side by side in this folder.
- `references.bib`: the book's sources, which the notebooks' source tables read.
- {package_note}
{wheels}- `{KIT_LOCK}`: the exact version of every package the notebooks need (casekit's dependencies and
  JupyterLab). `requirements-lab.lock` and `requirements.lock` are the book's own, larger locks (with the
  tools that build the site), for contributors.
{site}- `LICENSE` (code, MIT) and `LICENSE-CONTENT.md` (text and data, CC BY 4.0; indicator tables keep their
  publishers' licences, listed in `data/datapackage.json`).

This kit was made with Python {python}. Run the commands below in this folder (the one holding this README).

{route}
## If a notebook says casekit is missing or cannot find the data

- "casekit is not installed": the notebook's kernel is not the `.venv` above. Start JupyterLab with
  `.venv/bin/jupyter lab notebooks/` (Windows: `.venv\\Scripts\\jupyter lab notebooks/`).
- "cannot find the book's data/ folder": the notebook was moved out of this kit. Open it from `notebooks/`,
  or set the `CASEKIT_ROOT` environment variable to this folder.

This README was written by `tools/make_workshop_kit.py` in the book's repository.
"""


def host_target() -> tuple[str, str]:
    """This machine's platform and Python version, as a wheelhouse target."""
    machine = platform.machine().lower()
    arch = "arm64" if machine in {"arm64", "aarch64"} else "x86_64"
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    return f"{system}-{arch}", ".".join(map(str, sys.version_info[:2]))


def parse_targets(spec: str) -> list[tuple[str, str]]:
    """``all``, ``host``, or a comma-separated list of ``<platform>`` or ``<platform>@<python>``."""
    if spec == "all":
        return [(name, py) for name in PLATFORMS for py in PYTHONS]
    out: list[tuple[str, str]] = []
    for item in spec.split(","):
        item = item.strip()
        if item == "host":
            out.append(host_target())
            continue
        name, _, py = item.partition("@")
        if name not in PLATFORMS or (py and py not in PYTHONS):
            raise SystemExit(
                f"make_workshop_kit: unknown target {item!r}; expected 'all', 'host' or <platform>[@<python>] "
                f"with a platform from {', '.join(PLATFORMS)} and a Python version from {', '.join(PYTHONS)}"
            )
        out += [(name, py)] if py else [(name, v) for v in PYTHONS]
    return list(dict.fromkeys(out))


def requirement_sets(lock_text: str, platform_name: str, python: str) -> list[tuple[str, list[str]]]:
    """The ``name==version`` lines of a lock that apply on one platform and Python version.

    A lock may pin different versions for different patch releases (soupsieve: one for 3.11.0 to
    3.11.4, another from 3.11.5), and a laptop may have any patch release, so the kit carries all
    of them: one list per distinct set of pins (pip resolves one list at a time), each with the
    first patch release it applies to (pip checks the packages' Requires-Python against it).
    """
    from packaging.requirements import Requirement

    base = {
        **PLATFORMS[platform_name]["markers"],  # type: ignore[dict-item]
        "python_version": python,
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    requirements = []
    for line in lock_text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirements.append(Requirement(line))
    sets: list[tuple[str, list[str]]] = []
    for patch in range(0, 40):
        env = {**base, "python_full_version": f"{python}.{patch}"}
        chosen = sorted(f"{r.name}{r.specifier}" for r in requirements if r.marker is None or r.marker.evaluate(env))
        if chosen not in [group for _, group in sets]:
            sets.append((f"{python}.{patch}", chosen))
    return sets


def requirements_for(lock_text: str, platform_name: str, python: str) -> list[str]:
    """Every ``name==version`` the kit needs for one platform and Python version (all patch releases)."""
    return sorted({line for _, group in requirement_sets(lock_text, platform_name, python) for line in group})


def download_wheels(lock: Path, platform_name: str, python: str, cache: Path = WHEELHOUSE) -> Path:
    """The wheels of every locked package for one target, in ``cache/<platform>-py<python>/``.

    Downloaded once: a folder whose ``.complete`` stamp matches the requirements is reused,
    so a machine that has the wheelhouse needs no network. Binary wheels only (a workshop
    laptop may have no compiler); every version comes from the lock, nothing is resolved.
    """
    groups = requirement_sets(lock.read_text(encoding="utf-8"), platform_name, python)
    digest = hashlib.sha256(json.dumps(groups).encode()).hexdigest()
    folder = cache / f"{platform_name}-py{python}"
    stamp = folder / ".complete"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        return folder
    partial = cache / f".{folder.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    print(
        f"make_workshop_kit: downloading the wheels for {platform_name}, Python {python} (once; cached in {cache})",
        file=sys.stderr,
    )
    reqfile = partial / "requirements.txt"
    for full_version, group in groups:  # files downloaded for an earlier group are kept, not fetched again
        reqfile.write_text("\n".join(group) + "\n", encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--implementation",
            "cp",
        ]
        command += ["--python-version", full_version, "--disable-pip-version-check", "--no-input", "--quiet"]
        command += ["-d", str(partial)]
        for tag in PLATFORMS[platform_name]["tags"]:  # type: ignore[union-attr]
            command += ["--platform", tag]
        command += ["-r", str(reqfile)]
        env = {**os.environ, "PIP_CONSTRAINT": ""}  # the lock is the only source of versions
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            detail = "\n  ".join((result.stderr or result.stdout).strip().splitlines()[-4:])
            raise SystemExit(
                f"make_workshop_kit: could not download the wheels for {platform_name}, Python {python} "
                f"(this step needs the network once):\n  {detail}"
            )
    reqfile.unlink()
    (partial / ".complete").write_text(digest + "\n", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.replace(folder)
    return folder


def wheelhouse(lock: Path, targets: list[tuple[str, str]], cache: Path = WHEELHOUSE) -> dict[str, list[Path]]:
    """Every target's wheels, downloaded or taken from the cache: {"<platform>-py<version>": [wheel, ...]}."""
    return {f"{name}-py{py}": sorted(download_wheels(lock, name, py, cache).glob("*.whl")) for name, py in targets}


def sizes_per_platform(wheels: dict[str, list[Path]]) -> dict[str, int]:
    """Bytes of wheels each platform needs for all its Python versions (a wheel shared between versions once)."""
    per: dict[str, dict[str, int]] = {}
    for target, files in wheels.items():
        name = target.rsplit("-py", 1)[0]
        for path in files:
            per.setdefault(name, {})[path.name] = path.stat().st_size
    return {name: sum(files.values()) for name, files in per.items()}


def build_kit(
    book: Path,
    project: Path,
    out: Path,
    *,
    force_source_zip: bool = False,
    targets: list[tuple[str, str]] | None = None,
    cache: Path = WHEELHOUSE,
    include_site: bool = True,
) -> Path:
    book, project, out = book.resolve(), project.resolve(), out.resolve()
    if not (book / "data" / "datapackage.json").is_file():
        raise SystemExit(f"{book}: expected the book's data/datapackage.json")
    missing = [name for name in LOCKS if not (project / name).is_file()]
    if missing:
        raise SystemExit(f"{project}: expected the lock files {missing}")
    targets = parse_targets("all") if targets is None else targets
    wheels = wheelhouse(project / KIT_LOCK, targets, cache) if targets else {}
    with tempfile.TemporaryDirectory(prefix="casekit-kit-") as tmp:
        dest = Path(tmp)
        entries: list[tuple[str, Path | bytes]] = list(_notebook_entries(book, dest))
        notebooks = len(entries)
        entries += [(f"data/{p.relative_to(book / 'data').as_posix()}", p) for p in _files(book / "data")]
        # The Spanish notebooks' data prose and chart texts (casekit.i18n reads them beside data/).
        for part in ("data", "notebooks"):
            folder = book / "locales" / "es" / part
            entries += [(f"locales/es/{part}/{p.relative_to(folder).as_posix()}", p) for p in _files(folder)]
        entries += [(name, project / name) for name in LOCKS]
        entries += [(name, book / name) for name in EXTRA_FILES if (book / name).is_file()]
        unique = {path.name: path for files in wheels.values() for path in files}
        entries += [(f"wheels/{name}", path) for name, path in sorted(unique.items())]
        tree = _package_tree(project, dest)
        wheel = None if force_source_zip else build_wheel(tree, dest)
        package = wheel or source_zip(tree, dest)
        entries.append((package.name, package))
        html = book / "_build" / "html"
        has_site = include_site and (html / "index.html").is_file()
        if has_site:
            entries += [(f"site/{p.relative_to(html).as_posix()}", p) for p in _files(html)]
        python = ".".join(map(str, sys.version_info[:2]))
        why = "the kit was made with --source-zip" if force_source_zip else ""
        text = readme(
            package=package,
            is_wheel=wheel is not None,
            has_site=has_site,
            notebooks=notebooks,
            python=python,
            why=why,
            wheel_sizes=sizes_per_platform(wheels),
            pythons=sorted({py for _, py in targets}),
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
    parser.add_argument(
        "--targets",
        default="all",
        help="wheelhouse targets: 'all' (default), 'host', 'none', or <platform>[@<python>],... "
        f"(platforms: {', '.join(PLATFORMS)}; Python: {', '.join(PYTHONS)})",
    )
    parser.add_argument("--cache", type=Path, default=WHEELHOUSE, help="where downloaded wheels are kept")
    parser.add_argument("--no-site", action="store_true", help="leave the built site out")
    parser.add_argument(
        "--download-only", action="store_true", help="fill the wheelhouse cache for --targets; write no kit"
    )
    args = parser.parse_args(argv)
    targets = [] if args.targets == "none" else parse_targets(args.targets)
    if args.download_only:
        wheels = wheelhouse(args.project / KIT_LOCK, targets, args.cache)
        for name, size in sorted(sizes_per_platform(wheels).items()):
            print(f"wheelhouse: {name}: {size / 1_000_000:.1f} MB")
        return 0
    out = build_kit(
        args.book,
        args.project,
        args.out,
        force_source_zip=args.source_zip,
        targets=targets,
        cache=args.cache,
        include_site=not args.no_site,
    )
    size = out.stat().st_size
    with zipfile.ZipFile(out) as archive:
        count = len(archive.namelist())
        wheel_bytes = sum(i.file_size for i in archive.infolist() if i.filename.startswith("wheels/"))
    print(f"workshop kit: {out} ({size / 1_000_000:.1f} MB, {size} bytes, {count} files)")
    if targets:
        wheels = wheelhouse(args.project / KIT_LOCK, targets, args.cache)
        for name, platform_size in sorted(sizes_per_platform(wheels).items()):
            print(f"  wheels for {name}: {platform_size / 1_000_000:.1f} MB")
        print(f"  wheels/ in all: {wheel_bytes / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
