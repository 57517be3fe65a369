"""The design template's downloads (casekit.templatedoc), written into the site when the build finishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The pages that link the downloads; a book without them (a test's mini-book) gets none.
TEMPLATE_PAGE = "design/design-template"
EXAMPLE_PAGE = "design/worked-example"


def note_written_page(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: remember that a page linking the downloads was written in this build."""
    if pagename in (TEMPLATE_PAGE, EXAMPLE_PAGE):
        app._casekit_design_pages_written.add(pagename)


def write_template_downloads(app: Any, exception: Exception | None) -> None:
    """``build-finished``: the blank template and the worked example as .md and .docx in design/downloads/.

    The downloads are made from what the two pages show (casekit, the indicator tables), so they
    are written again only with those pages, or when one is missing: writing them costs a Word
    document, the data tables and pandas, on every build.
    """
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    docs = set(app.env.all_docs)
    if TEMPLATE_PAGE in docs or EXAMPLE_PAGE in docs:
        from ..templatedoc import DOWNLOADS, write_downloads

        outdir, example = Path(app.outdir) / "design" / "downloads", EXAMPLE_PAGE in docs
        stems = [DOWNLOADS["template"]] + ([DOWNLOADS["worked-example"]] if example else [])
        present = all((outdir / f"{stem}.{ext}").is_file() for stem in stems for ext in ("md", "docx"))
        if present and getattr(app, "_casekit_design_pages_written", None) == set():
            return  # neither page was written again
        write_downloads(outdir, example=example)
