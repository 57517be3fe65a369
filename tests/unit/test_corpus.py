"""The malformed-input corpus: each folder under tests/corpus seeds one mistake into the
miniature book; `casekit check` must print exactly the expected lines, exit 1 and write nothing.

Each folder holds ``edits.yml`` (what to change) and ``expected.txt`` (the exact output).
Regenerate an expected file only after reading the new message: ``CASEKIT_CORPUS_WRITE=1``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ENTRIES = sorted(p.name for p in CORPUS.iterdir() if (p / "edits.yml").is_file())


def apply(book: Path, edits: list[dict]) -> None:
    """Apply one entry's edits. Each edit names a ``file`` and one action:

    ``replace: [old, new]`` (first occurrence), ``write: text``, ``append: text``,
    ``cut_before: text`` (truncate the file where ``text`` starts), ``copy_from: path``,
    ``delete: true``. ``repeat: n`` repeats the new text n times (deep nesting, oversized
    files); ``encoding: latin-1`` writes the file in that encoding (bytes that are not UTF-8).
    """
    for edit in edits:
        target = book / edit["file"]
        encoding = edit.get("encoding", "utf-8")
        repeat = edit.get("repeat", 1)
        if "replace" in edit:
            old, new = edit["replace"]
            text = target.read_text(encoding="utf-8")
            assert old in text, f"corpus edit does not apply to {edit['file']}: {old!r}"
            target.write_bytes(text.replace(old, new * repeat, 1).encode(encoding))
        elif "write" in edit:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((edit["write"] * repeat).encode(encoding))
        elif "symlink" in edit:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(edit["symlink"])
        elif "append" in edit:
            target.write_bytes(target.read_bytes() + (edit["append"] * repeat).encode(encoding))
        elif "cut_before" in edit:
            text = target.read_text(encoding="utf-8")
            assert edit["cut_before"] in text, f"corpus edit does not apply to {edit['file']}: {edit['cut_before']!r}"
            target.write_bytes(text[: text.index(edit["cut_before"])].encode(encoding))
        elif "copy_from" in edit:
            shutil.copy(book / edit["copy_from"], target)
        elif edit.get("delete"):
            target.unlink()
        else:
            raise AssertionError(f"unknown corpus edit {edit}")


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_corpus_is_large_enough():
    assert len(ENTRIES) >= 20


@pytest.mark.parametrize("entry", ENTRIES)
def test_malformed_input(minibook, entry):
    folder = CORPUS / entry
    apply(minibook, yaml.safe_load((folder / "edits.yml").read_text(encoding="utf-8")))
    before = snapshot(minibook)
    result = subprocess.run(
        [sys.executable, "-m", "casekit", "--root", str(minibook), "check"], capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert snapshot(minibook) == before, "casekit check must not write anything"
    expected_file = folder / "expected.txt"
    if os.environ.get("CASEKIT_CORPUS_WRITE"):
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected_file.read_text(encoding="utf-8")
