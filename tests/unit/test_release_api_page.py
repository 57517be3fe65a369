"""reference/api.rst documents every casekit call the book's notebooks make (issue 13, section 7)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "reference" / "api.rst"
NOTEBOOK_DIRS = ["case_studies", "chapters", "design", "diagnostic", "start"]
# casekit.templatedoc is the design template's build extension; its example_* helpers serve the one
# worked-example page and are not for trainers' notebooks.
NOT_NOTEBOOK_API = {"templatedoc"}
CALL = re.compile(r"\bcasekit\.([a-z_]+)(?:\.([a-z_]+))?\(")
FROM_IMPORT = re.compile(r"^from casekit import ([\w, ]+)$", re.M)


def documented() -> set[str]:
    text = PAGE.read_text(encoding="utf-8")
    names = set(re.findall(r"^\.\. auto(?:function|class|data):: (casekit\.[\w.]+)$", text, re.M))
    for module, members in re.findall(r"^\.\. automodule:: (casekit\.\w+)\n   :members: ([^\n]+)$", text, re.M):
        names |= {f"{module}.{m.strip()}" for m in members.split(",")}
    return names


def called() -> dict[str, str]:
    """Each casekit function a notebook page calls, with one page that calls it."""
    out: dict[str, str] = {}
    pages = [p for d in NOTEBOOK_DIRS for p in sorted((REPO / d).rglob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for first, second in CALL.findall(text):
            out.setdefault(f"casekit.{first}.{second}" if second else f"casekit.{first}", page.name)
        for modules in FROM_IMPORT.findall(text):
            for module in (m.strip() for m in modules.split(",")):
                for function in re.findall(rf"(?<![\w.]){module}\.([a-z_]+)\(", text):
                    out.setdefault(f"casekit.{module}.{function}", page.name)
    return {name: page for name, page in out.items() if name.split(".")[1] not in NOT_NOTEBOOK_API}


def test_the_notebooks_call_casekit_often_enough_for_this_test_to_mean_something():
    assert len(called()) >= 40


def test_every_call_the_notebooks_make_is_on_the_reference_page():
    missing = {name: page for name, page in called().items() if name not in documented()}
    assert missing == {}, f"add these to reference/api.rst: {missing}"
