"""Where the book is: found by walking up, never relative to the current directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_ROOT = "CASEKIT_ROOT"
ENV_DATA = "CASEKIT_DATA"
_MARKER = "_config.yml"
_KIT_MARKER = Path("data") / "datapackage.json"  # a workshop kit's root

#: The firm diagnostic's shipped files, below the book's data/ folder (casekit.diagnostic).
DIAGNOSTIC_SUBDIR = "diagnostic"
#: The chooser page of "Design a programme", which the diagnostic pages link to.
CHOOSER_DOC = "design/choose-instruments"


def book_root(start: Path | None = None) -> Path:
    """The folder holding ``_config.yml`` and ``data/`` (or a workshop kit's root).

    Order: the ``CASEKIT_ROOT`` environment variable; the nearest parent of
    ``start`` (default: the current directory) that holds ``_config.yml`` and
    ``data/``; the nearest parent that holds ``data/datapackage.json`` (a workshop
    kit, which has no ``_config.yml``: its notebooks sit in ``notebooks/`` or
    ``notebooks/<theme>/`` below it); the parent of this package's ``src/`` folder
    (an editable install).
    """
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_book(folder):
            return folder
    for folder in (here, *here.parents):
        if is_kit(folder):
            return folder
    package_root = Path(__file__).resolve().parents[2]
    if (package_root / "data").is_dir():
        return package_root
    raise FileNotFoundError(
        f"casekit could not find the book: no folder above {here} holds {_MARKER} and data/ "
        "(or, in a workshop kit, data/datapackage.json). "
        f"Run from inside the book or set {ENV_ROOT} (or {ENV_DATA}) to its location."
    )


def is_book(folder: Path) -> bool:
    """True for a book's folder: it holds ``_config.yml`` and ``data/``."""
    return (folder / _MARKER).is_file() and (folder / "data").is_dir()


def is_kit(folder: Path) -> bool:
    """True for a workshop kit's root: it holds ``data/datapackage.json`` (and no ``_config.yml``)."""
    return (folder / _KIT_MARKER).is_file()


def data_dir(root: Path | None = None) -> Path:
    """The book's ``data/`` folder (``CASEKIT_DATA`` overrides it)."""
    env = os.environ.get(ENV_DATA)
    if env and root is None:
        return Path(env).resolve()
    return (root or book_root()) / "data"


def display(path: Path) -> str:
    """A path as people should read it in messages: relative to the book when possible."""
    try:
        return path.resolve().relative_to(book_root()).as_posix()
    except (ValueError, FileNotFoundError):
        return str(path)
