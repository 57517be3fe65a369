"""An Altair renderer that needs no network, in the built site, in JupyterLab and in Colab.

Altair's default HTML output loads vega, vega-lite and vega-embed from a CDN and gives
every chart a random id. This renderer emits a ``<div>`` with a deterministic id (a hash
of the spec plus a per-kernel counter) and a script that calls ``vegaEmbed`` with the
spec. Where ``vegaEmbed`` comes from depends on where the notebook runs:

``site``
    The book build (casekit.sphinxext sets ``CASEKIT_CHARTS=site`` for the kernels it
    starts, and so does the nbval check). Chart outputs carry only the spec: same input,
    byte-identical output. The pages that draw a chart load ``_static/casekit-charts.js``
    with ``defer`` (casekit.sphinxext); once the page is parsed, each chart script hands its
    ``draw`` to it, and it loads ``_static/vega-bundle.js`` and draws the chart when the
    chart nears the screen. So the text paints first, and a chart never scrolled to costs
    nothing. Without that loader (a page built otherwise), a chart draws once the page is
    parsed, with whatever runtime the page loaded.
    A spec that contains the world outline (the explorer's map, 108 KB) refers to it by
    the name ``casekitWorld`` instead, inside a function called when the chart draws;
    ``_static/casekit-world-110m.js`` defines it, deferred too, on the pages that use it.
``notebook`` (the default elsewhere: JupyterLab, Jupyter Notebook, VS Code)
    The first chart a kernel draws also carries the chart runtime, shipped inside casekit
    (about 0.8 MB, once per notebook), so charts draw with no network. Later charts reuse
    it. Re-run the notebook from the top after reopening it.
``colab``
    Chosen automatically inside Google Colab, where each output lives in its own frame:
    every chart carries the runtime.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sys
from functools import lru_cache
from importlib import resources
from typing import Any

from .i18n import _

RENDERER = "casekit-offline"
MODE_ENV = "CASEKIT_CHARTS"
MODES = ("site", "notebook", "colab")
_counter = itertools.count(1)
_runtime_sent = False


def render_mode_variable() -> str:
    return MODE_ENV


def mode() -> str:
    """The rendering mode: the ``CASEKIT_CHARTS`` variable if set, else colab or notebook."""
    chosen = os.environ.get(MODE_ENV, "").strip().lower()
    if chosen in MODES:
        return chosen
    return "colab" if "google.colab" in sys.modules else "notebook"


def reset_counter() -> None:
    """Start chart ids from 1 again and forget that the runtime was sent (a fresh kernel)."""
    global _counter, _runtime_sent
    _counter = itertools.count(1)
    _runtime_sent = False


@lru_cache(maxsize=1)
def runtime_js() -> str:
    """vega + vega-lite + vega-embed, as vendored by tools/vendor_vega.sh."""
    return resources.files("casekit").joinpath("static", "vega-bundle.js").read_text(encoding="utf-8")


WORLD_VARIABLE = "casekitWorld"
WORLD_SCRIPT = "casekit-world-110m.js"


_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: Any) -> str:
    """JSON that is safe anywhere inside an HTML ``<script>`` element, and canonical.

    ``<``, ``>`` and ``&`` (which can only occur inside JSON strings) become ``\\u003c``,
    ``\\u003e`` and ``\\u0026``, so text from a case file or a series can neither close the
    script (``</script>``), open an HTML comment (``<!--``) nor start a CDATA section; U+2028
    and U+2029 are escaped for older JavaScript parsers. The value a script reads is unchanged.
    Use this for every piece of data written into a page's JavaScript.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).translate(_SCRIPT_ESCAPES)


@lru_cache(maxsize=1)
def world_topology_json() -> str:
    """Natural Earth's 1:110m countries (world-atlas), written as ``script_json`` writes it in a spec."""
    text = resources.files("casekit").joinpath("geo", "countries-110m.json").read_text(encoding="utf-8")
    return script_json(json.loads(text))


def world_script() -> str:
    """The content of ``_static/casekit-world-110m.js``: the world outline, defined once for the site."""
    return (
        "/* Natural Earth 1:110m country boundaries (public domain), from the npm package world-atlas 2.0.2\n"
        "   (ISC licence, see world-atlas-LICENSE.txt). Shared by the site's maps: see casekit/render.py. */\n"
        f"var {WORLD_VARIABLE} = {world_topology_json()};\n"
    )


def _runtime_tag() -> str:
    return '<script type="text/javascript">\n' + runtime_js().replace("</script", "<\\/script") + "\n</script>\n"


def spec_html(
    spec: dict[str, Any],
    embed_options: dict[str, Any] | None = None,
    *,
    with_runtime: bool = False,
    shared_world: bool = False,
) -> str:
    """The chart's HTML. With ``shared_world``, the world outline is referenced, not copied."""
    embed = {"actions": False, **(embed_options or {})}
    spec_js = script_json(spec)
    if shared_world and world_topology_json() in spec_js:
        # A JavaScript expression, no longer JSON. If the page lacks the script, the map
        # fails visibly ("chart error") rather than silently losing its outline.
        # A function, called when the chart draws: the page loads the outline with ``defer``,
        # so it is defined only once the page has been parsed.
        spec_js = (
            "function () { return "
            + spec_js.replace(
                world_topology_json(), f'(typeof {WORLD_VARIABLE} === "undefined" ? {{}} : {WORLD_VARIABLE})'
            )
            + "; }"
        )
    digest = hashlib.sha256(spec_js.encode("utf-8")).hexdigest()[:10]
    div_id = f"vega-chart-{digest}-{next(_counter)}"
    label = spec.get("description") or _title_text(spec) or _("Chart")
    # The two messages a reader sees when a chart cannot draw, in the edition's language.
    not_loaded = script_json(_("[chart: the chart library is not loaded here; run the notebook again from the top]"))
    failed = script_json(_("[chart error: {message}]")).replace("{message}", '" + e.message + "')
    return (
        (_runtime_tag() if with_runtime else "")
        + f'<div id="{div_id}" class="vega-chart" role="figure" aria-label="{_attr(label)}"></div>\n'
        '<script type="text/javascript">\n'
        "(function(el, spec, opt) {\n"
        "  if (!el) { return; }\n"
        "  function draw() {\n"
        '    if (typeof vegaEmbed !== "function") {\n'
        f"      el.textContent = {not_loaded}; return;\n"
        "    }\n"
        '    if (typeof spec === "function") { spec = spec(); }\n'
        "    vegaEmbed(el, spec, opt).then(function (r) {\n"
        '      if (typeof window.casekitChartDrawn === "function") { window.casekitChartDrawn(el); }\n'
        "      el.vegaView = r.view;\n"
        "    })\n"
        f"      .catch(function (e) {{ el.textContent = {failed}; console.error(e); }});\n"
        "  }\n"
        '  if (typeof vegaEmbed === "function" || document.readyState !== "loading") { draw(); }\n'
        '  else { document.addEventListener("DOMContentLoaded", function () {\n'
        '    if (typeof window.casekitCharts === "function") { window.casekitCharts(el, draw); } else { draw(); }\n'
        "  }); }\n"
        f'}})(document.getElementById("{div_id}"), {spec_js}, {json.dumps(embed, sort_keys=True)});\n'
        "</script>"
    )


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "")


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def offline_renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    global _runtime_sent
    current = mode()
    with_runtime = current == "colab" or (current == "notebook" and not _runtime_sent)
    if with_runtime:
        _runtime_sent = True
    title = _title_text(spec) or "chart"
    html = spec_html(spec, metadata.get("embed_options"), with_runtime=with_runtime, shared_world=current == "site")
    return {"text/html": html, "text/plain": f"<Chart: {title}>"}


def enable() -> None:
    """Register and enable the offline renderer (idempotent)."""
    import altair as alt  # here, so the build's extension can read this module's names without Altair

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, offline_renderer)
    alt.renderers.enable(RENDERER)
