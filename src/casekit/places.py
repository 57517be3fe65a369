"""The "What did places like mine do?" form: the reader's choices, and the ranked cases, in the page.

:func:`form` writes a form (country, size of place, focus, level of government, themes), an
empty results table and the ranking's parts from :func:`casekit.matching.page_data`, as JSON in
a ``<script type="application/json">`` element written by ``casekit.render.script_json``.
``_static/casekit-places.js`` adds the parts up for the reader's choices and fills the table, so
the page answers offline and from ``file://``, with the points and reasons of
:func:`casekit.matching.similar_cases`. All text in the form is escaped.
"""

from __future__ import annotations

import html

from . import matching
from .render import script_json
from .tables import Html

DATA_ID = "casekit-places-data"
DEFAULT_COUNTRY = "KEN"


def _options(pairs: list[tuple[str, str]], selected: str = "") -> str:
    return "".join(
        f'<option value="{html.escape(v)}"{" selected" if v == selected else ""}>{html.escape(label)}</option>'
        for v, label in pairs
    )


def form(*, country: str = DEFAULT_COUNTRY, link_prefix: str = ".") -> Html:
    """The form, its results table and the data, as one HTML fragment for the page."""
    data = matching.page_data(link_prefix=link_prefix)
    countries = [(iso3, name) for iso3, name in data["countries"]]
    any_ = [("", "Any (not compared)")]
    sizes = [
        *any_,
        ("small", "Small: under 200,000 people"),
        ("medium", "Medium-sized: 200,000 to 1.5 million"),
        ("large", "Large: 1.5 million or more"),
    ]
    focuses = [*any_, ("urban", "Towns and cities"), ("rural", "The countryside")]
    levels = any_ + [(k, v[0].upper() + v[1:] + " government") for k, v in matching.LEVELS.items()]
    themes = "".join(
        f'<label class="casekit-places-theme"><input type="checkbox" name="theme" value="{html.escape(t)}"> '
        f"{html.escape(label)}</label>"
        for t, label in data["themes"].items()
    )
    assert [s for s, _ in sizes[1:]] == list(matching.SIZE_FIT)  # the words above describe these classes
    assert matching.SIZE_CLASSES["medium"] == 200_000 and matching.SIZE_CLASSES["large"] == 1_500_000
    parts = [
        '<form class="casekit-places" id="casekit-places-form" aria-describedby="casekit-places-help">',
        '<p id="casekit-places-help">Choose your country, and as much of the rest as you like. '
        "The list below changes as you choose.</p>",
        '<div class="casekit-places-fields">',
        f'<label>Country <select name="country">{_options(countries, country)}</select></label>',
        f'<label>Size of your place <select name="size">{_options(sizes)}</select></label>',
        f'<label>What you care most about <select name="focus">{_options(focuses)}</select></label>',
        f'<label>Who would run your programme <select name="level">{_options(levels)}</select></label>',
        "</div>",
        f'<fieldset class="casekit-places-themes"><legend>Themes that interest you</legend>{themes}</fieldset>',
        "</form>",
        '<p class="casekit-places-status" id="casekit-places-status" role="status" aria-live="polite"></p>',
        '<table class="casekit-places-results" id="casekit-places-results" hidden>',
        "<caption>Cases ranked by what they share with your place</caption>",
        "<thead><tr>",
        *(
            f'<th scope="col">{h}</th>'
            for h in ("Rank", "Case", "Place", "Country", "Theme", "Points", "Why it is listed", "Evidence")
        ),
        "</tr></thead><tbody></tbody></table>",
        '<p class="casekit-places-nojs" id="casekit-places-nojs">No list below? The ranking on the site '
        "runs in the browser; in JupyterLab, use the Python cell at the end of this page instead.</p>",
        "<noscript><p>The ranking on this page needs JavaScript. Without it, run this page in "
        "JupyterLab (<code>make lab</code>) and call <code>matching.similar_cases</code>.</p></noscript>",
        f'<script type="application/json" id="{DATA_ID}">{script_json(data)}</script>',
    ]
    return Html("".join(parts), label="places-like-mine form")


__all__ = ["form"]
