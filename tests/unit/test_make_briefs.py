"""tools/make_briefs.py: the parts that need no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def make_briefs(load_tool):
    return load_tool("make_briefs")


def test_handbook_pages_follow_the_toc(make_briefs):
    docs = make_briefs.design_pages()
    assert docs[0] == "design/index" and docs[-1] == "design/worked-example"
    assert len(docs) == 10 and all((REPO / f"{d}.md").is_file() for d in docs)


def test_missing_part_is_one_clear_error(make_briefs, tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nparts: []\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        make_briefs.design_pages(tmp_path)
    assert "no part captioned 'Design a programme'" in str(exc.value)


def test_unknown_case_is_refused_before_any_browser_starts(make_briefs, capsys, monkeypatch, tmp_path):
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(make_briefs, "HTML", tmp_path)
    assert make_briefs.main(["--case", "no-such-case", "--out", str(tmp_path / "briefs")]) == 1
    assert "unknown case id(s) ['no-such-case']" in capsys.readouterr().err


def test_missing_site_is_one_clear_error(make_briefs, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(make_briefs, "HTML", tmp_path)
    assert make_briefs.main(["--out", str(tmp_path / "briefs")]) == 1
    assert "build the site first with `make book`" in capsys.readouterr().err
