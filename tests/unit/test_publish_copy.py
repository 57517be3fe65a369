"""Publishing data/ with the site copies only the files that changed (casekit.sphinxext.publish)."""

from __future__ import annotations

import os

from casekit.sphinxext.publish import _copy_if_changed


def test_a_file_is_copied_again_only_when_its_size_or_time_changed(tmp_path):
    src, dst = tmp_path / "a.csv", tmp_path / "site-a.csv"
    src.write_text("x,y\n1,2\n")
    _copy_if_changed(str(src), str(dst))
    assert dst.read_text() == "x,y\n1,2\n"
    assert dst.stat().st_mtime_ns == src.stat().st_mtime_ns
    # Same size and time as the source: taken as the same file, not read or copied.
    dst.write_text("SAME-LEN")
    os.utime(dst, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns))
    _copy_if_changed(str(src), str(dst))
    assert dst.read_text() == "SAME-LEN"
    # An edit (new time) is published.
    src.write_text("x,y\n1,3\n")
    os.utime(src, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns + 10**9))
    _copy_if_changed(str(src), str(dst))
    assert dst.read_text() == "x,y\n1,3\n"
