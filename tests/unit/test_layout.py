"""casekit by audience (issue 13): the notebook API stands alone, and no module imports itself in a ring.

* ``import casekit`` (what a reader, a workshop or Colab runs) loads none of the build tooling
  (Sphinx, docutils, myst-nb, jupyter-cache, BeautifulSoup), none of the contributor tooling
  (frictionless, python-docx) and neither casekit subpackage;
* no top-level module of casekit imports ``casekit.sphinxext`` or ``casekit.contrib``;
* no import cycle among casekit's modules, counting imports inside functions.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import casekit

PACKAGE = Path(casekit.__file__).resolve().parent
#: Top-level packages the notebook API must not load.
FORBIDDEN = ("sphinx", "docutils", "myst_nb", "myst_parser", "jupyter_cache", "frictionless", "docx", "bs4")
TOOLING = ("casekit.sphinxext", "casekit.contrib")
#: The console entry point (``python -m casekit``) is the one top-level module that runs the contributor tooling.
ENTRY_POINTS = {"casekit.__main__"}


def module_names(package_dir: Path, name: str) -> dict[str, Path]:
    """Every module of a package by dotted name (a package's ``__init__`` by the package's name)."""
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """For each module, the modules of the same package it imports, anywhere in its code."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    targets.add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else base)
        # `import a.b.c` imports a.b.c; keep only this package's modules (the longest known prefix).
        resolved = set()
        for target in targets:
            parts = target.split(".")
            while parts and ".".join(parts) not in modules:
                parts.pop()
            if parts and ".".join(parts) != name:
                resolved.add(".".join(parts))
        graph[name] = resolved
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_import_casekit_loads_no_build_or_contributor_tooling():
    code = (
        "import json, sys\n"
        "import casekit\n"
        "casekit.load_case, casekit.series, casekit.charts, casekit.table\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN or m.startswith(TOOLING)]
    assert bad == [], f"import casekit loaded build or contributor tooling: {bad[:20]}"
    assert "casekit.cases" in loaded and "altair" in loaded  # the check saw a real import


def test_notebook_api_modules_import_no_tooling():
    graph = imports(module_names(PACKAGE, "casekit"))
    top_level = [m for m in graph if not m.startswith(TOOLING) and m not in ENTRY_POINTS]
    assert "casekit.cases" in top_level and "casekit.sphinxext" in graph and "casekit.contrib.check" in graph
    offending = {m: sorted(t for t in graph[m] if t.startswith(TOOLING)) for m in top_level}
    assert {m: t for m, t in offending.items() if t} == {}


def test_no_import_cycle_in_casekit():
    graph = imports(module_names(PACKAGE, "casekit"))
    assert graph["casekit.sphinxext.execute"] >= {"casekit.sphinxext.cache"}  # the parser sees relative imports
    assert cycles(graph) == []


def test_the_cycle_finder_sees_imports_inside_functions(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .sub.c import g\n    return g\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("def g():\n    from .. import a\n    return a\n")
    (pkg / "d.py").write_text("from pkg.sub import c\n")
    graph = imports(module_names(pkg, "pkg"))
    assert graph["pkg.b"] == {"pkg.sub.c"} and graph["pkg.d"] == {"pkg.sub.c"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c"]]
