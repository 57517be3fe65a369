"""Code is hidden on the site by default, on every notebook page, behind a "Show code" toggle.

One mechanism for the whole book: before myst-nb wraps hidden inputs in a ``<details>``
element (its ``HideInputCells`` post-transform, priority 199), every code cell that shows its
source and has no hide tag of its own is marked ``hide_mode = "input"``. Pages need no tags,
so a case added tomorrow gets the same treatment. Only the HTML is affected: the downloaded
``.ipynb`` files and the notebooks opened with ``make lab`` keep their code.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PROMPT_SHOW = "Show code"
PROMPT_HIDE = "Hide code"


class HideCodeByDefault(SphinxPostTransform):
    default_priority = 150  # before myst-nb's HideInputCells (199)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") != "cell_code" or not node.children:
                continue
            if node.children[0].get("nb_element") != "cell_code_source":
                continue  # the source is removed (remove-input): nothing to hide
            if node.get("hide_mode"):
                continue  # the page asked for something else (hide-cell, hide-output)
            node["hide_mode"] = "input"
            node["prompt_show"] = PROMPT_SHOW
            node["prompt_hide"] = PROMPT_HIDE
