"""Hostile input, built for real: nothing a contributor writes as data runs, or leaks, in the site.

Each test seeds issue 9's injection examples into the miniature book and runs the strict
build *without* `casekit check` first, as a careless reviewer might. The build may fail (it
should, loudly), but nothing may reach the output: no evaluated template, no script, no
`javascript:` link, no file from outside the repository.
"""

from __future__ import annotations

import sys
from html import unescape
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
import audit  # tests/site/audit.py: what an injection leaves behind
from strictbuild import run_build as build

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
CASE = "data/cases/demo-city-voucher.yml"
NOTEBOOK = "case_studies/msme-digitization/demo-city-voucher.md"


def with_tag_pages(book: Path) -> None:
    toc = book / "_toc.yml"
    toc.write_text(
        toc.read_text() + "  - file: case_studies/tags/index\n    sections:\n      - glob: case_studies/tags/*\n"
    )


def output_text(book: Path) -> str:
    html = book / "_build" / "html"
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in html.rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".txt", ".csv", ".ipynb", ".md", ".yml"}
    )


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "field, value",
    [
        (
            "place: Demo City",
            "place: \"Dublin {{ lipsum.__globals__.os.popen('touch PWNED; echo RCE-OK-$((6*7))').read() }}\"",
        ),
        ("place: Demo City", 'place: "{bdg-link-danger}`javascript:alert(1)`"'),
        ("place: Demo City", "place: |-\n  Dublin\n  ```{include} /etc/hostname\n  ```"),
    ],
    ids=["jinja-template", "role", "include-directive"],
)
def test_markup_in_a_case_file_stops_the_build_before_anything_is_written(minibook, field, value):
    with_tag_pages(minibook)
    replace(minibook / CASE, field, value)
    result = build(minibook)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/cases/demo-city-voucher.yml: place: expected plain text" in log
    assert "Traceback" not in log
    assert not (minibook / "PWNED").exists() and not (REPO / "PWNED").exists()
    assert not (minibook / "_build" / "html" / "index.html").exists()


def test_what_reaches_a_build_anyway_is_shown_as_text_and_never_published(minibook, tmp_path):
    with_tag_pages(minibook)
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("year,value\n2020,SECRET-OUTSIDE-THE-REPOSITORY\n")
    # Accepted by the case model (no markup), but full of Markdown punctuation.
    odd_place = "Quito *emph* _under_ [link](https://example.org/x) `code` #1 @home: 50% \\\\ {x}"
    replace(
        minibook / CASE,
        "place: Demo City",
        f"place: {odd_place!r}".replace("'", '"', 1)[::-1].replace("'", '"', 1)[::-1],
    )
    # Refused by casekit check, reaching the build here: raw HTML and an outside download in prose,
    # a symbolic link under data/, and a series note that would end a <script> element.
    replace(
        minibook / NOTEBOOK,
        "Lessons.",
        "Lessons. <script>alert('x')</script>\n\n<img src=x onerror=\"alert(2)\">\n\n"
        "Get {download}`the file <../../../../../../../../etc/passwd>`.",
    )
    (minibook / "data" / "series" / "leak.csv").symlink_to(secret)
    replace(minibook / "data" / "series" / "demo-city-voucher.csv", "first COVID months", '"x <!--<script "')
    nb = minibook / NOTEBOOK
    replace(
        nb,
        'casekit.series(CASE)[["year", "value"]].to_dict("records")',
        'casekit.charts.series_chart(CASE, "applications", title="Applications", description="Applications received, 2019 and 2020.")',
    )

    result = build(minibook)
    log = result.stdout + result.stderr
    html = minibook / "_build" / "html"
    assert result.returncode != 0, "the strict build must fail on what casekit check refuses"
    for expected in ("raw HTML", "not publishing the download", "symbolic link"):
        assert expected in log, f"no warning about {expected}:\n{log[-3000:]}"
    assert (html / "index.html").is_file(), "--keep-going still writes the site: the test checks it"

    assert audit.audit(html, REPO) == []
    text = output_text(minibook)
    assert "SECRET-OUTSIDE-THE-REPOSITORY" not in text
    assert "root:x:0:0" not in text
    assert not list((html / "_downloads").rglob("passwd")) if (html / "_downloads").exists() else True
    case_page = (html / "case_studies/msme-digitization/demo-city-voucher.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in case_page and "&lt;/script&gt;" in case_page  # shown, as text
    assert "<script>alert" not in case_page and "onerror" not in case_page.replace("onerror=&quot;", "")
    # The odd place is shown literally on the tag pages: no emphasis, link or code made of it.
    tag_page = (html / "case_studies/tags/theme-msme-digitization.html").read_text(encoding="utf-8")
    assert odd_place.replace("\\\\", "\\") in unescape(tag_page)
    assert "<em>emph</em>" not in tag_page and 'href="https://example.org/x"' not in tag_page
    assert not (minibook / "PWNED").exists()
