"""A pybtex style for the bibliography that keeps titles as their publishers wrote them.

pybtex's ``plain``/``unsrt`` styles put every title in sentence case, which turns
"Dáil Éireann debate, 25 March 2014" into "... 25 march 2014" and "LEO" into "Leo".
Titles of web pages and parliamentary records are proper names more often than not,
so this style leaves their case alone. Registered as ``casekit`` by casekit.sphinxext.
"""

from __future__ import annotations

from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, sentence


class Style(UnsrtStyle):
    default_sorting_style = "author_year_title"

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_entry(self, label, entry, bib_data=None):
        # sphinxcontrib-bibtex formats every entry twice per build with the same style
        # instance (once for the bibliography, once for the citation's tooltip), and the
        # bibliography holds every source of the book: remember the first result.
        if bib_data is not None:
            return super().format_entry(label, entry, bib_data=bib_data)
        memo = self.__dict__.setdefault("_formatted", {})
        key = (label, id(entry))
        if key not in memo or memo[key][0] is not entry:
            memo[key] = (entry, super().format_entry(label, entry))
        return memo[key][1]
