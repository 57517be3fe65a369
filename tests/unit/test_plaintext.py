"""Text from data stays text: markup is found by the check, and escaped where pages are written."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils.core import publish_string
from myst_parser.parsers.docutils_ import Parser

from casekit import cases
from casekit.plaintext import find_markup, myst_inline
from casekit.sphinxext import tagpages as tags

# The hostile inputs of issue 9, as a contributor could write them in a case file.
HOSTILE = {
    "jinja": "Dublin {{ lipsum.__globals__.os.popen('touch PWNED; echo RCE-OK-$((6*7))').read() }}",
    "jinja-block": "Dublin {% for x in [1] %}RCE-OK{% endfor %}",
    "badge-role": "{bdg-link-danger}`javascript:alert(1)`",
    "download-role": "{download}`javascript://%0aalert(1)`",
    "download-passwd": "{download}`x <../../../../../../etc/passwd>`",
    "include-directive": "Dublin\n```{include} /etc/hostname\n```",
    "colon-directive": "Dublin\n:::{include} /etc/hostname\n:::",
    "html": "<script>alert('x')</script>",
    "html-comment": "x <!--<script ",
    "link": "[click](javascript:alert(1))",
}

MYST = ["colon_fence", "linkify", "tasklist", "deflist"]


def render(markdown: str) -> str:
    """MyST as HTML, with the book's extensions (and docutils' own include directive)."""
    html = publish_string(
        markdown,
        parser=Parser(),
        writer_name="html5",
        settings_overrides={
            "myst_enable_extensions": MYST,
            "report_level": 5,
            "halt_level": 5,
            "output_encoding": "unicode",
        },
    )
    return html.split("<body>", 1)[1]


@pytest.mark.parametrize("name", [n for n in HOSTILE if n not in {"link"}])
def test_find_markup_names_each_hostile_input(name):
    assert find_markup(HOSTILE[name])


@pytest.mark.parametrize(
    "text",
    [
        "Dublin",
        "Quito: ConQuito's 2020-21 call (USD 1.2m; 50% co-payment) & more",
        "Vouchers of up to 2,500 euro, 1 < 2 is not a tag",
        "São Paulo — #1 in Brazil, @ home, 100 % online",
        "Email info@example.org or see example.org/path",
    ],
)
def test_plain_text_is_not_taken_for_markup(text):
    assert find_markup(text) is None


@pytest.mark.parametrize("name", list(HOSTILE))
def test_myst_inline_renders_the_text_as_written(name):
    text = HOSTILE[name]
    html = render(f"# Title\n\n- {myst_inline(text)}\n")
    assert "<script" not in html and "javascript:" not in html.split("<li>")[0]
    assert 'href="javascript' not in html and "<a " not in html
    assert "RCE-OK-42" not in html  # shown literally, never evaluated
    assert Path("/etc/hostname").read_text().strip() not in html.replace(" ".join(text.split()), "")
    # the text comes back character for character (HTML-escaped)
    from html import unescape

    assert " ".join(text.split()) in unescape(html)


def test_a_tag_page_shows_hostile_case_text_as_text(minibook):
    from docutils import nodes
    from docutils.utils import new_document
    from sphinx import addnodes

    case = cases.load_case("demo-city-voucher")
    hostile = case.model_copy(update={"place": HOSTILE["include-directive"], "title": HOSTILE["badge-role"] + " `x"})
    section = tags.page_section(new_document("tag"), tags.Tag("theme", "MSME digitization", ""), [hostile])
    text = section.astext()
    assert HOSTILE["include-directive"] in text and HOSTILE["badge-role"] + " `x" in text  # as written
    assert Path("/etc/hostname").read_text().strip() not in text.replace("/etc/hostname", "")
    # Text nodes only: no markup was interpreted, and the one link is the case's page.
    assert not list(section.findall(nodes.raw)) and not list(section.findall(nodes.reference))
    assert not list(section.findall(nodes.literal)) and not list(section.findall(nodes.emphasis))
    [link] = section.findall(addnodes.pending_xref)
    assert link["reftarget"] == "/case_studies/msme-digitization/demo-city-voucher"
    # The generated source holds no text from the case file at all.
    source = tags._page(tags.Tag("theme", "MSME digitization", ""), [hostile])
    assert "Dublin" not in source and "{bdg" not in source and "demo-city-voucher" in source


def test_words_that_look_like_schemes_are_plain_text():
    # A real title from references.bib: "Data:" is a word here, not a data: URL.
    assert find_markup("Alibaba released Big Data: Two Villages in Tangshan on the List of Taobao Village") is None
    assert find_markup("see data:text/html;base64,PHNjcmlwdD4=") == "a javascript: or data: link 'data:text/html;'"
