"""The build's own defence: what ``casekit check`` refuses never reaches the site anyway.

``casekit check`` (casekit.contrib.safety) is the contributor-facing gate. A build that runs
without it must still publish nothing that could run or leak:

* raw HTML written in a Markdown page (not a notebook's output) is shown as text unless
  it is on the allow-list, with a warning (an error under ``-W``);
* the ``raw`` directive is switched off;
* a ``{download}`` or image that names a file outside the book is dropped, with a warning,
  so it is never copied into ``_downloads/`` or ``_images/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..contrib.safety import ALLOWED_HTML

logger = logging.getLogger(__name__)


class EscapeUnlistedRawHtml(SphinxTransform):
    """Raw HTML from Markdown prose becomes visible text unless it is allow-listed."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.raw)):
            if "html" not in node.get("format", "").split() or "output" in node.get("classes", []):
                continue  # notebook outputs are code's output: audited by the site tests
            text = node.astext()
            if ALLOWED_HTML.match(text.strip()):
                continue
            logger.warning(
                f"raw HTML {text.strip()[:40]!r} is shown as text: only <br>, <sub>, <sup>, <kbd>, <abbr> "
                "and comments are allowed (run casekit check)",
                location=node,
                type="casekit",
                subtype="raw-html",
            )
            node.replace_self(nodes.literal(text, text))


def _inside(path: str, root: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(root.resolve()) and not Path(path).is_symlink()
    except (OSError, ValueError):
        return False


def drop_outside_files(app: Sphinx, env: BuildEnvironment) -> None:
    """Forget downloads and images that name files outside the book, before they are copied."""
    root = Path(app.srcdir)
    for label, files in (("download", env.dlfiles), ("image", env.images)):
        for name in list(files):
            full = name if Path(name).is_absolute() else str(root / name)
            if not _inside(full, root):
                docs = ", ".join(sorted(files[name][0]))
                logger.warning(
                    f"[casekit] not publishing the {label} {name!r} named in {docs}: it is outside the book",
                    type="casekit",
                    subtype="outside-file",
                )
                del files[name]


def no_raw_directive(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False
