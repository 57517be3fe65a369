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
from .i18n import _
from .numbers import format_value
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
    # The words the page's script writes (casekit-places.js), in the edition's language.
    data["words"] = {
        "caption": _("Cases ranked by what they share with your place in {country}"),
        "status": _("{count} cases listed for {country}."),
    }
    countries = [(iso3, name) for iso3, name in data["countries"]]
    any_ = [("", _("Any (not compared)"))]
    low, high = format_value(200_000), format_value(1.5)
    sizes = [
        *any_,
        ("small", _("Small: under {people} people").format(people=low)),
        ("medium", _("Medium-sized: {low} to {high} million").format(low=low, high=high)),
        ("large", _("Large: {high} million or more").format(high=high)),
    ]
    focuses = [*any_, ("urban", _("Towns and cities")), ("rural", _("The countryside"))]
    levels = any_ + [(k, _capital(_("{level} government").format(level=_(v)))) for k, v in matching.LEVELS.items()]
    themes = "".join(
        f'<label class="casekit-places-theme"><input type="checkbox" name="theme" value="{html.escape(t)}"> '
        f"{html.escape(label)}</label>"
        for t, label in data["themes"].items()
    )
    assert [s for s, _ in sizes[1:]] == list(matching.SIZE_FIT)  # the words above describe these classes
    assert matching.SIZE_CLASSES["medium"] == 200_000 and matching.SIZE_CLASSES["large"] == 1_500_000
    help_text = _e(_("Choose your country, and as much of the rest as you like. The list below changes as you choose."))
    label_country, label_size = _e(_("Country")), _e(_("Size of your place"))
    label_focus, label_level = _e(_("What you care most about")), _e(_("Who would run your programme"))
    legend = _e(_("Themes that interest you"))
    caption = _e(_("Cases ranked by what they share with your place"))
    no_list = _e(
        _(
            "No list below? The ranking on the site runs in the browser; in JupyterLab, use the Python cell at "
            "the end of this page instead."
        )
    )
    no_script = (
        _e(
            _(
                "The ranking on this page needs JavaScript. Without it, run this page in JupyterLab ({command}) "
                "and call {function}."
            )
        )
        .replace("{command}", "<code>make lab</code>")
        .replace("{function}", "<code>matching.similar_cases</code>")
    )
    parts = [
        '<form class="casekit-places" id="casekit-places-form" aria-describedby="casekit-places-help">',
        f'<p id="casekit-places-help">{help_text}</p>',
        '<div class="casekit-places-fields">',
        f'<label>{label_country} <select name="country">{_options(countries, country)}</select></label>',
        f'<label>{label_size} <select name="size">{_options(sizes)}</select></label>',
        f'<label>{label_focus} <select name="focus">{_options(focuses)}</select></label>',
        f'<label>{label_level} <select name="level">{_options(levels)}</select></label>',
        "</div>",
        f'<fieldset class="casekit-places-themes"><legend>{legend}</legend>{themes}</fieldset>',
        "</form>",
        '<p class="casekit-places-status" id="casekit-places-status" role="status" aria-live="polite"></p>',
        '<table class="casekit-places-results" id="casekit-places-results" hidden>',
        f"<caption>{caption}</caption>",
        "<thead><tr>",
        *(
            f'<th scope="col">{_e(h)}</th>'
            for h in (
                _("Rank"),
                _("Case"),
                _("Place"),
                _("Country"),
                _("Theme"),
                _("Points"),
                _("Why it is listed"),
                _("Evidence"),
            )
        ),
        "</tr></thead><tbody></tbody></table>",
        f'<p class="casekit-places-nojs" id="casekit-places-nojs">{no_list}</p>',
        f"<noscript><p>{no_script}</p></noscript>",
        f'<script type="application/json" id="{DATA_ID}">{script_json(data)}</script>',
    ]
    return Html("".join(parts), label="places-like-mine form")


def _e(text: str) -> str:
    """casekit's own words in the page: ``<``, ``>`` and ``&`` escaped (apostrophes kept as they are)."""
    return html.escape(text, quote=False)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


__all__ = ["form"]
