"""Nothing an injection leaves behind is in the built site (see audit.py for what is looked for)."""

from __future__ import annotations

from pathlib import Path

import audit
import pytest

from casekit import render

REPO = Path(__file__).resolve().parents[2]


def test_the_site_has_no_trace_of_an_injection(html_dir):
    findings = audit.audit(html_dir, REPO)
    assert findings == [], "\n".join(findings[:40])


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert('x')</script>",
        "<script type='text/javascript'>fetch('/x')</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<img src="data:text/html,x">',
        '<img src="x.png" onerror="alert(1)">',
        '<script type="application/json">{"a": "</script><script>"}</script>',
        "<script>DOCUMENTATION_OPTIONS.pagename = 'x'; alert(1);</script>",
    ],
)
def test_the_audit_finds_what_an_attack_leaves(html):
    assert audit.page_findings(f"<html><body>{html}</body></html>")


def test_the_audit_accepts_the_books_own_chart_script_and_refuses_a_tampered_one():
    chart = render.spec_html({"mark": "point", "data": {"values": [{"note": "x <!--<script "}]}})
    assert audit.page_findings(chart) == []
    tampered = chart.replace("\\u003c!--", "<!--")
    assert audit.page_findings(tampered)


def test_the_audit_flags_a_download_that_is_not_in_the_repository(tmp_path):
    site = tmp_path / "html"
    (site / "_downloads" / "abc").mkdir(parents=True)
    (site / "_downloads" / "abc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (site / "_downloads" / "abc" / "README.md").write_bytes((REPO / "README.md").read_bytes())
    findings = audit.audit(site, REPO)
    assert findings == ["_downloads/abc/passwd: a download that is not a file of the repository"]
