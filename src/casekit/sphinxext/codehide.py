"""Code is hidden on the site by default, on every notebook page, behind a "Show code" toggle.

The toggle's words are in the edition's language ("Mostrar código" in Spanish).

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

from ..i18n import N_, _

PROMPT_SHOW = N_("Show code")
PROMPT_HIDE = N_("Hide code")
#: myst-nb's own prompts for a cell with a hide tag of its own; ``{type}`` becomes an English
#: word (source, output, content), so the other editions' translations leave it out.
MYST_NB_SHOW = N_("Show code cell {type}")
MYST_NB_HIDE = N_("Hide code cell {type}")


class HideCodeByDefault(SphinxPostTransform):
    default_priority = 150  # before myst-nb's HideInputCells (199)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") != "cell_code" or not node.children:
                continue
            first = node.children[0]
            if not isinstance(first, nodes.Element) or first.get("nb_element") != "cell_code_source":
                continue  # the source is removed (remove-input): nothing to hide
            if node.get("hide_mode"):
                # The page asked for something else (hide-cell, hide-output): myst-nb's prompts,
                # in the edition's language.
                for key, default in (("prompt_show", MYST_NB_SHOW), ("prompt_hide", MYST_NB_HIDE)):
                    if node.get(key) == default:
                        node[key] = _(default)
                continue
            node["hide_mode"] = "input"
            node["prompt_show"] = _(PROMPT_SHOW)
            node["prompt_hide"] = _(PROMPT_HIDE)
