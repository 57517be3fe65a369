"""The design template's downloads (casekit.templatedoc), written into the site when the build finishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The pages that link the downloads; a book without them (a test's mini-book) gets none.
TEMPLATE_PAGE = "design/design-template"
EXAMPLE_PAGE = "design/worked-example"


#: Beside the doctrees: what the downloads in the site were last made from.
STAMP = "casekit-template-downloads.sha256"


def made_from(root: Path) -> str:
    """A digest of everything the downloads are made from: casekit's notebook API and the shared data.

    They are written in the edition's language, so the language and its catalogs count too.
    """
    from .. import i18n
    from .cache import _hash_files, shared_dependencies

    lang = i18n.language()
    files = list(shared_dependencies(root))
    if lang != i18n.SOURCE_LANGUAGE:
        files += sorted((i18n.PACKAGE_LOCALES / lang).glob("*.po"))
        files += sorted((Path(root) / "locales" / lang / "data").rglob("*.po"))
    return f"{lang} {_hash_files(files, root)}"


def write_template_downloads(app: Any, exception: Exception | None) -> None:
    """``build-finished``: the blank template and the worked example as .md and .docx in design/downloads/.

    Writing them costs a Word document, the data tables and pandas, so they are written again
    only when a file is missing or what they are made from changed. The stamp is written after
    the files, so a build killed in between writes them again.
    """
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    docs = set(app.env.all_docs)
    if TEMPLATE_PAGE in docs or EXAMPLE_PAGE in docs:
        from ..templatedoc import DOWNLOADS, write_downloads

        outdir, example = Path(app.outdir) / "design" / "downloads", EXAMPLE_PAGE in docs
        stems = [DOWNLOADS["template"]] + ([DOWNLOADS["worked-example"]] if example else [])
        present = all((outdir / f"{stem}.{ext}").is_file() for stem in stems for ext in ("md", "docx"))
        stamp = Path(app.doctreedir) / STAMP
        digest = f"{made_from(Path(app.srcdir))} example={example}"
        if present and stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
            return
        write_downloads(outdir, example=example)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest, encoding="utf-8")
