"""Exercises and solutions without duplicate HTML ids (issue 13, section 8).

sphinx-exercise 1.2.1 wraps the body of every exercise in ``<section id="exercise-content">``
and the body of every solution in ``<section id="solution-content">`` (``directive.py`` and, for
gated solutions, ``transforms.py``). A case page has at least two of each, so every case page
carried the same id two or three times (the Nu HTML checker: 158 duplicate-id errors on the 46
case pages of a5a09cd). Nothing
reads those ids (no stylesheet, script or link of sphinx-exercise, sphinx-togglebutton or the
theme), so this post-transform turns each one into a class of the same name: the markup keeps
its hook for styling and every id on a page is unique again.

The fix is at the cause (the doctree, before any writer runs), in one place, and it touches only
the sections whose parent is an exercise or solution node. ``tests/unit/test_exercise_ids.py``
builds a page with stock sphinx-exercise and fails when its markup changes (for example when
upstream gives these sections unique ids or none), so this patch can then be removed.

This module patches another package's output, so the ``house`` split moves it into
``casekit/sphinxext/compat.py`` beside the other compatibility patches.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The ids sphinx-exercise gives to every exercise's and solution's body, and the class each becomes.
SHARED_IDS = ("exercise-content", "solution-content")


def _is_exercise_or_solution(node: nodes.Node | None) -> bool:
    from sphinx_exercise import nodes as exercise_nodes

    kinds = (exercise_nodes.exercise_node, exercise_nodes.exercise_enumerable_node, exercise_nodes.solution_node)
    return isinstance(node, kinds)


def drop_shared_ids(document: nodes.Node) -> int:
    """Turn the shared body ids of exercises and solutions into classes; return how many changed."""
    changed = 0
    for section in document.findall(nodes.section):
        shared = [i for i in section["ids"] if i in SHARED_IDS]
        if not shared or not _is_exercise_or_solution(section.parent):
            continue
        section["ids"] = [i for i in section["ids"] if i not in SHARED_IDS]
        section["classes"].extend(c for c in shared if c not in section["classes"])
        changed += len(shared)
    return changed


class UniqueExerciseIds(SphinxPostTransform):
    """After sphinx-exercise's own post-transforms have resolved titles and links."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        drop_shared_ids(self.document)


def setup(app: Any) -> dict[str, Any]:
    app.add_post_transform(UniqueExerciseIds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
