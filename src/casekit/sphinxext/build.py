"""``make book``: every edition of the book, built strictly, one after the other (issue 15).

    python -m casekit.sphinxext.build [LANGUAGE ...]

Each edition is built as ``jupyter-book build -W -n --keep-going`` builds the English one, with
Sphinx's ``language`` set, in its own process (Sphinx and its extensions keep global state). The
hooks that make an edition (its folder, its language for the kernels, its switcher, publishing a
translation inside the site) are :mod:`.editions`. This module is not imported by the extension,
so ``python -m`` runs it without a second copy.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from ..i18n import LANGUAGES
from .registry import EDITIONS, Registry


def build(root: Path, language: str) -> int:
    """Build one edition strictly, as ``jupyter-book build -W -n --keep-going`` does; 0 when it passed."""
    from jupyter_book.sphinx import build_sphinx

    registry = Registry(root, language)
    overrides: dict[str, Any] = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "nitpicky": True,
        "latex_individualpages": False,
        "language": language,
    }
    result = build_sphinx(
        root,
        registry.html_dir,
        use_external_toc=True,
        noconfig=True,
        path_config=str(root / "_config.yml"),
        confoverrides=overrides,
        builder="html",
        warningiserror=True,
        keep_going=True,
    )
    return 0 if result == 0 else 1


def main(argv: list[str] | None = None) -> int:
    from .. import paths

    languages = (argv if argv is not None else sys.argv[1:]) or list(EDITIONS)
    unknown = [lang for lang in languages if lang not in EDITIONS]
    if unknown:
        print(f"editions: expected languages among {', '.join(EDITIONS)}, got {', '.join(unknown)}", file=sys.stderr)
        return 2
    root = paths.book_root()
    if len(languages) == 1:
        return build(root, languages[0])
    # One process per edition (Sphinx and its extensions keep global state), side by side: the
    # editions share no output folder or cache, and their kernels start one at a time
    # (casekit.sphinxext.kernelstart). The first edition's messages stream as they come; the
    # others' are kept and shown after it, so they never interleave.
    import contextlib
    import tempfile

    failed = []
    with contextlib.ExitStack() as stack:
        started: list[tuple[str, subprocess.Popen[bytes], Any]] = []
        for language in languages:
            print(f"[casekit] building the edition in {LANGUAGES[language]} ({language})", file=sys.stderr, flush=True)
            command = [sys.executable, "-m", "casekit.sphinxext.build", language]
            log = stack.enter_context(tempfile.TemporaryFile()) if started else None
            output = {"stdout": log, "stderr": subprocess.STDOUT} if log is not None else {}
            started.append((language, subprocess.Popen(command, **output), log))  # type: ignore[call-overload]
        for language, process, log in started:
            code = process.wait()
            if log is not None:
                log.seek(0)
                sys.stdout.buffer.write(log.read())
                sys.stdout.flush()
            if code != 0:
                failed.append(language)
    for language in failed:
        print(
            f"[casekit] the edition in {LANGUAGES[language]} ({language}) did not build: see its messages above",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
