"""Find what a contributor still has to fill in: ``FILL IN`` markers left from ``casekit new``.

In a case file a marker is either text starting with ``FILL IN`` or a ``# FILL IN``
comment on the line of a value; placeholder source keys start with ``fill-in-``.
Each is reported with the field's path, e.g. ``programmes[0].start_year``.
"""

from __future__ import annotations

import re

import yaml

from ..errors import Problem
from .scaffold import MARKER, PLACEHOLDER_KEY_PREFIX

_COMMENT = re.compile(r"#\s*" + MARKER + r":?\s*(.*)$")


def _walk(node: yaml.Node, path: str, out: dict[int, list[tuple[str, yaml.Node]]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = f"{path}.{key.value}" if path else str(key.value)
            out.setdefault(key.start_mark.line, []).append((sub, value))
            _walk(value, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            out.setdefault(item.start_mark.line, []).append((sub, item))
            _walk(item, sub, out)


def case_file_markers(text: str, file: str) -> list[Problem]:
    """Unfinished fields of a case file (the text must be valid YAML)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []  # the schema check reports syntax errors
    if root is None:
        return []
    by_line: dict[int, list[tuple[str, yaml.Node]]] = {}
    _walk(root, "", by_line)
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: str, message: str) -> None:
        if path not in seen:
            seen.add(path)
            problems.append(Problem(file, path, message, level="unfinished"))

    lines = text.splitlines()
    for lineno, entries in sorted(by_line.items()):
        for path, value in entries:
            if isinstance(value, yaml.ScalarNode) and isinstance(value.value, str):
                if MARKER in value.value:
                    hint = value.value.split(MARKER, 1)[1].strip(" :")
                    add(path, f"replace the template text: {hint[:70]}{'…' if len(hint) > 70 else ''}")
                elif value.value.startswith(PLACEHOLDER_KEY_PREFIX):
                    add(path, f"replace the placeholder source key {value.value!r} with a key from references.bib")
        line = lines[lineno] if lineno < len(lines) else ""
        comment = _COMMENT.search(line)
        if comment and entries:
            path = next((p for p, v in entries if not isinstance(v, yaml.MappingNode)), entries[0][0])
            add(path, f"{comment.group(1).strip() or 'fill in this value'} (then delete the FILL IN comment)")
    return problems


def notebook_markers(text: str, file: str) -> list[Problem]:
    return [
        Problem(file, f"line {n}", f"replace the template text: {line.strip()[:70]}", level="unfinished")
        for n, line in enumerate(text.splitlines(), start=1)
        if MARKER in line
    ]
