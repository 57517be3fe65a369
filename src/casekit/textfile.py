"""Reading the book's text files: UTF-8 text, or one problem naming the line that is not."""

from __future__ import annotations

from pathlib import Path

from . import paths
from .errors import CasekitError, Problem


def decode(raw: bytes, file: str) -> str:
    """``raw`` as UTF-8 text; a :class:`CasekitError` naming the first line that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        raise CasekitError(
            [
                Problem(
                    file,
                    f"line {line}",
                    f"expected text encoded as UTF-8, got the byte 0x{byte}, which is not UTF-8 "
                    "(save the file as UTF-8 in your editor)",
                )
            ]
        ) from None


def read_text(path: Path) -> str:
    """The file's text; a :class:`CasekitError` if it cannot be read or is not UTF-8."""
    file = paths.display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CasekitError([Problem(file, "(file)", f"expected a readable file, got {exc.strerror}")]) from None
    return decode(raw, file)
