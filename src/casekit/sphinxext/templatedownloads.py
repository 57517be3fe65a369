"""The design template's downloads (casekit.templatedoc), written into the site when the build finishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The pages that link the downloads; a book without them (a test's mini-book) gets none.
TEMPLATE_PAGE = "design/design-template"
EXAMPLE_PAGE = "design/worked-example"


def write_template_downloads(app: Any, exception: Exception | None) -> None:
    """``build-finished``: the blank template and the worked example as .md and .docx in design/downloads/."""
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    docs = set(app.env.all_docs)
    if TEMPLATE_PAGE in docs or EXAMPLE_PAGE in docs:
        from ..templatedoc import write_downloads

        write_downloads(Path(app.outdir) / "design" / "downloads", example=EXAMPLE_PAGE in docs)
