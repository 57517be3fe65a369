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
