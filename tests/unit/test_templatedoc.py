"""The programme design template: Markdown, .docx and printable HTML from one list of fields."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest

from casekit import templatedoc
from casekit.errors import CasekitError

HEADINGS = [f.heading for f in templatedoc.FIELDS]


def test_the_template_has_every_field_the_design_part_promises():
    assert HEADINGS == [
        "Problem and evidence",
        "Target firms and places",
        "Instrument",
        "Eligibility",
        "Delivery partner",
        "Co-payment",
        "Budget",
        "Timeline",
        "KPIs",
        "Risks",
        "Review date and exit",
    ]


def test_markdown_lists_every_heading_and_leaves_blanks_to_fill():
    text = templatedoc.markdown()
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == HEADINGS
    assert text.count("(to be filled in)") == len(HEADINGS)


def test_markdown_carries_the_answers_given():
    text = templatedoc.markdown({"budget": "Line one.", "risks": "Backlog."})
    assert "Line one." in text and "Backlog." in text
    assert text.count("(to be filled in)") == len(HEADINGS) - 2


def test_docx_has_the_headings_the_answers_and_a_title():
    blob = templatedoc.docx_bytes({"instrument": "Vouchers & training <b>"}, title="My city")
    document = docx.Document(io.BytesIO(blob))
    heading1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert heading1 == HEADINGS
    texts = [p.text for p in document.paragraphs]
    assert "My city" in texts and "Vouchers & training <b>" in texts
    assert document.core_properties.title == "My city"
    assert document.core_properties.created.year == templatedoc.FIXED_DATE.year


def test_docx_is_byte_stable_even_when_the_clock_moves(monkeypatch):
    first = templatedoc.docx_bytes(templatedoc.worked_example())
    # zipfile stamps entries with time.localtime(); move the clock and build again.
    later = time.localtime(time.time() + 86_400 * 400)
    monkeypatch.setattr(zipfile.time, "localtime", lambda *args: later)
    second = templatedoc.docx_bytes(templatedoc.worked_example())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(second)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_printable_html_escapes_answers():
    out = templatedoc.template_html({"problem": "<script>alert(1)</script> & more"}).html
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in out
    for heading in HEADINGS:
        assert heading in out
    assert out.count('class="casekit-template-blank"') == len(HEADINGS) - 1


def test_unknown_field_is_one_clear_error():
    with pytest.raises(CasekitError) as err:
        templatedoc.markdown({"buget": "typo"})
    message = str(err.value)
    assert "buget" in message and "expected only the template's fields" in message


def test_worked_example_quotes_the_data_tables():
    figures = templatedoc.example_figures()
    value, year = figures["internet_users"]
    assert year >= 2023 and 0 < value < 100
    filled = templatedoc.worked_example(figures)
    assert set(filled) == set(templatedoc.FIELD_KEYS)
    assert f"{value:.1f}% of people used the internet in {year}" in filled["problem"]
    # A changed data row changes the example: nothing is typed in by hand.
    changed = dict(figures, internet_users=(12.3, 2030))
    assert "12.3% of people used the internet in 2030" in templatedoc.worked_example(changed)["problem"]
    # Every invented choice says so; the budget is never estimated.
    for key in ("target", "instrument", "eligibility", "partner", "co_payment", "timeline", "review"):
        assert "ILLUSTRATIVE" in filled[key], key
    assert not any(ch.isdigit() for ch in filled["budget"])


def test_write_downloads_writes_four_files(tmp_path):
    written = templatedoc.write_downloads(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        f"{stem}.{ext}" for stem in templatedoc.DOWNLOADS.values() for ext in ("md", "docx")
    )
    assert "ILLUSTRATIVE" in (tmp_path / "worked-example-design.md").read_text(encoding="utf-8")


def test_example_table_names_a_source_for_every_figure():
    evidence = templatedoc.example_evidence()
    assert len(evidence) == 6 and evidence["source"].str.len().gt(0).all()
    out = templatedoc.example_table().html
    assert out.count("<tr>") == 1 + len(evidence)  # header + one row per figure
    for key in evidence["source"]:
        assert key in out


def test_example_skills_pairs_urban_and_rural():
    skills = templatedoc.example_skills()
    assert sorted(skills["location"].unique()) == ["rural", "urban"]
    assert skills.groupby("skill")["location"].nunique().eq(2).all()


def test_a_book_without_the_design_pages_gets_no_downloads(tmp_path):
    from types import SimpleNamespace

    from casekit.sphinxext.templatedownloads import TEMPLATE_PAGE, write_template_downloads

    def app(docs):
        return SimpleNamespace(
            builder=SimpleNamespace(format="html"),
            env=SimpleNamespace(all_docs=dict.fromkeys(docs)),
            srcdir=str(tmp_path),
            outdir=str(tmp_path / "-".join(docs or ["none"])),
            doctreedir=str(tmp_path / "doctrees"),
        )

    write_template_downloads(app(["index", "case_studies/x"]), None)
    assert not list(tmp_path.rglob("*.docx"))
    only_template = app([TEMPLATE_PAGE])
    write_template_downloads(only_template, None)
    made = sorted(p.name for p in (Path(only_template.outdir) / "design" / "downloads").iterdir())
    assert made == ["programme-design-template.docx", "programme-design-template.md"]


def test_downloads_are_written_again_only_when_their_inputs_changed_or_a_file_is_missing(tmp_path):
    from types import SimpleNamespace

    from casekit.sphinxext import templatedownloads as td

    book = tmp_path / "book"
    book.mkdir()
    (book / "requirements.lock").write_text("pinned==1\n")
    app = SimpleNamespace(
        builder=SimpleNamespace(format="html"),
        env=SimpleNamespace(all_docs=dict.fromkeys([td.TEMPLATE_PAGE, td.EXAMPLE_PAGE])),
        srcdir=str(book),
        outdir=str(tmp_path / "html"),
        doctreedir=str(tmp_path / "doctrees"),
    )
    folder = tmp_path / "html" / "design" / "downloads"
    td.write_template_downloads(app, None)  # missing: written
    files = sorted(folder.iterdir())
    assert len(files) == 4

    def make_stale() -> None:
        for f in files:
            f.write_text("stale")

    make_stale()
    td.write_template_downloads(app, None)  # nothing they are made from changed: left alone
    assert all(f.read_text() == "stale" for f in files)
    (book / "requirements.lock").write_text("pinned==2\n")
    td.write_template_downloads(app, None)  # an input changed: all four again
    assert not [f for f in files if f.read_bytes() == b"stale"]
    make_stale()
    (tmp_path / "doctrees" / td.STAMP).unlink()  # a build killed between the files and the stamp
    td.write_template_downloads(app, None)
    assert not [f for f in files if f.read_bytes() == b"stale"]
    (folder / "programme-design-template.md").unlink()
    td.write_template_downloads(app, None)
    assert (folder / "programme-design-template.md").is_file()


def test_downloads_are_made_again_for_the_other_edition(tmp_path, monkeypatch):
    from casekit.sphinxext import templatedownloads as td

    (tmp_path / "requirements.lock").write_text("pinned==1\n")
    monkeypatch.delenv("CASEKIT_LANGUAGE", raising=False)
    english = td.made_from(tmp_path)
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    spanish = td.made_from(tmp_path)
    assert english.startswith("en ") and spanish.startswith("es ") and english[3:] != spanish[3:]
    catalog = tmp_path / "locales" / "es" / "data" / "cases" / "x.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "a"\nmsgstr "b"\n')
    assert td.made_from(tmp_path) != spanish  # a changed translation writes them again
