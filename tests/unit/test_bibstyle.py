"""The bibliography style: titles keep their case; each entry is formatted once per build."""

from __future__ import annotations

from pybtex.database import Entry, Person
from pybtex.style.formatting.unsrt import Style as UnsrtStyle

from casekit.bibstyle import Style


def _entry(title: str) -> Entry:
    entry = Entry("misc", fields={"title": title, "year": "2014", "url": "https://example.org/"})
    entry.persons["author"] = [Person("Office, Records")]
    return entry


def _text(style: Style, entry: Entry, label: str = "1") -> str:
    return style.format_entry(label, entry).text.render_as("text")


def test_titles_keep_their_case():
    text = _text(Style(), _entry("Dáil Éireann debate, 25 March 2014, on LEO vouchers"))
    assert "Dáil Éireann debate, 25 March 2014, on LEO vouchers" in text


def test_the_second_request_for_an_entry_reuses_the_first(monkeypatch):
    calls = []
    original = UnsrtStyle.format_entry

    def counting(self, label, entry, bib_data=None):
        calls.append(label)
        return original(self, label, entry, bib_data=bib_data)

    monkeypatch.setattr(UnsrtStyle, "format_entry", counting)
    style, entry = Style(), _entry("A title")
    assert _text(style, entry) == _text(style, entry)
    assert calls == ["1"]


def test_another_entry_under_the_same_label_is_formatted_afresh():
    style = Style()
    assert "First title" in _text(style, _entry("First title"))
    assert "Second title" in _text(style, _entry("Second title"))
