"""A notebook's Markdown cells in another edition's language, from the page's gettext catalog.

The Spanish edition's ``.ipynb`` downloads (issue 15) carry the same translated text as its pages.
Sphinx translates a page paragraph by paragraph, looking each one up by its Markdown source with
line breaks turned into spaces; this module does the same on a notebook's Markdown cells, block by
block: headings, paragraphs and list items (also inside directives such as ``{exercise}``). Code
fences, directive options and tables are kept as written. A block the catalog does not translate
stays English, so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
OPTION = re.compile(r"^\s*:[\w-]+:")
TARGET = re.compile(r"^\s*\([^)\s]+\)=\s*$")  # a MyST target, "(label)=", on its own line


def translate_markdown(text: str, messages: Mapping[str, str]) -> tuple[str, int, int]:
    """``text`` with each block the catalog translates replaced; also (translated, blocks) counts."""
    out: list[str] = []
    block: list[str] = []
    fences: list[tuple[str, bool]] = []  # (fence, is code) for each open fence
    counts = [0, 0]

    def flush() -> None:
        if block:
            out.extend(_block(block, messages, counts))
            block.clear()

    for line in text.split("\n"):
        fence = FENCE.match(line)
        in_code = bool(fences) and fences[-1][1]
        if fence:
            marker, info = fence.group(2), fence.group(3).strip()
            if fences and not info and marker[0] == fences[-1][0][0] and len(marker) >= len(fences[-1][0]):
                flush()
                fences.pop()
                out.append(line)
                continue
            if not in_code:
                flush()
                fences.append((marker, not info.startswith("{")))
                out.append(line)
                continue
        if (
            in_code
            or not line.strip()
            or OPTION.match(line)
            or TARGET.match(line)
            or line.lstrip().startswith(("|", ">", "<", "$$"))
        ):
            flush()
            out.append(line)
            continue
        block.append(line)
    flush()
    return "\n".join(out), counts[0], counts[1]


def _block(lines: list[str], messages: Mapping[str, str], counts: list[int]) -> list[str]:
    heading = HEADING.match(lines[0])
    if heading and len(lines) == 1:
        return [_one(f"{heading.group(1)} ", heading.group(2), lines, messages, counts)]
    if ITEM.match(lines[0]):
        items: list[list[str]] = []
        indent = ITEM.match(lines[0]).group(1)  # type: ignore[union-attr]
        for line in lines:
            found = ITEM.match(line)
            if found and found.group(1) == indent:
                items.append([line])
            else:
                items[-1].append(line)
        out = []
        for item in items:
            found = ITEM.match(item[0])
            assert found is not None
            prefix = f"{found.group(1)}{found.group(2)} "
            text = " ".join([found.group(3).strip(), *(line.strip() for line in item[1:])])
            translated = _one(prefix, text, item, messages, counts)
            out.append(translated) if translated is not None else out.extend(item)
        return out
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
    return [_one(indent, " ".join(line.strip() for line in lines), lines, messages, counts)]


def _one(prefix: str, text: str, lines: list[str], messages: Mapping[str, str], counts: list[int]) -> str:
    counts[1] += 1
    translation = messages.get(text.strip())
    if not translation:
        return "\n".join(lines)
    counts[0] += 1
    return prefix + translation.replace("\n", " ")
