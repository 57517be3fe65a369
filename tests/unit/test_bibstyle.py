"""The bibliography style: titles keep their case; each entry is formatted once per build."""

from __future__ import annotations

import pytest
from pybtex.database import Entry, Person
from pybtex.style.formatting.unsrt import Style as UnsrtStyle

from casekit.sphinxext import bibstyle
from casekit.sphinxext.bibstyle import Style


@pytest.fixture(autouse=True)
def fresh_cache():
    bibstyle.CACHE.use_file(None)
    yield
    bibstyle.CACHE.use_file(None)


@pytest.fixture
def format_calls(monkeypatch):
    """The labels pybtex's own formatter was asked to format."""
    calls = []
    original = UnsrtStyle.format_entry

    def counting(self, label, entry, bib_data=None):
        calls.append(label)
        return original(self, label, entry, bib_data=bib_data)

    monkeypatch.setattr(UnsrtStyle, "format_entry", counting)
    return calls


def _entry(title: str) -> Entry:
    entry = Entry("misc", fields={"title": title, "year": "2014", "url": "https://example.org/"})
    entry.persons["author"] = [Person("Office, Records")]
    return entry


def _text(style: Style, entry: Entry, label: str = "1") -> str:
    return style.format_entry(label, entry).text.render_as("text")


def test_titles_keep_their_case():
    text = _text(Style(), _entry("Dáil Éireann debate, 25 March 2014, on LEO vouchers"))
    assert "Dáil Éireann debate, 25 March 2014, on LEO vouchers" in text


def test_the_second_request_for_an_entry_reuses_the_first(format_calls):
    style, entry = Style(), _entry("A title")
    assert _text(style, entry) == _text(style, entry)
    assert format_calls == ["1"]


def test_formatted_entries_survive_into_the_next_build(tmp_path, format_calls):
    store = tmp_path / "doctrees" / "casekit-bibliography.pickle"
    bibstyle.CACHE.use_file(store)
    first = _text(Style(), _entry("A title"))
    bibstyle.CACHE.save()
    assert store.is_file() and format_calls == ["1"]

    bibstyle.CACHE.use_file(store)  # what the next build does
    assert _text(Style(), _entry("A title")) == first
    assert format_calls == ["1"]  # not formatted again
    assert "A changed title" in _text(Style(), _entry("A changed title"))
    assert format_calls == ["1", "1"]  # a changed entry is


def test_a_save_keeps_only_what_the_build_used(tmp_path):
    store = tmp_path / "casekit-bibliography.pickle"
    bibstyle.CACHE.use_file(store)
    _text(Style(), _entry("Old source"))
    bibstyle.CACHE.save()
    bibstyle.CACHE.use_file(store)
    _text(Style(), _entry("New source"))
    bibstyle.CACHE.save()
    bibstyle.CACHE.use_file(store)
    assert len(bibstyle.CACHE.entries) == 1


def test_an_unreadable_cache_file_is_ignored(tmp_path, format_calls):
    store = tmp_path / "casekit-bibliography.pickle"
    store.write_bytes(b"not a pickle")
    bibstyle.CACHE.use_file(store)
    assert "A title" in _text(Style(), _entry("A title"))
    assert format_calls == ["1"]


def test_another_entry_under_the_same_label_is_formatted_afresh():
    style = Style()
    assert "First title" in _text(style, _entry("First title"))
    assert "Second title" in _text(style, _entry("Second title"))


def test_names_are_joined_in_the_editions_language(monkeypatch):
    entry = _entry("A title")
    entry.persons["author"] = [Person("Chen, Yulong"), Person("Ma, Liyuan"), Person("Orazem, Peter F.")]
    two = _entry("Another title")
    two.persons["author"] = [Person("Chen, Yulong"), Person("Ma, Liyuan")]
    assert _text(Style(), entry).startswith("Yulong Chen, Liyuan Ma, and Peter F. Orazem. A title.")
    assert _text(Style(), two, "2").startswith("Yulong Chen and Liyuan Ma. Another title.")
    monkeypatch.setenv("CASEKIT_LANGUAGE", "es")
    bibstyle.CACHE.use_file(None)  # a build starts: its cache keys name the edition
    assert _text(Style(), entry).startswith("Yulong Chen, Liyuan Ma y Peter F. Orazem. A title.")
    assert _text(Style(), two, "2").startswith("Yulong Chen y Liyuan Ma. Another title.")
