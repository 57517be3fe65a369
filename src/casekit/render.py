"""An Altair renderer that needs no network.

Altair's default HTML output loads vega, vega-lite and vega-embed from a CDN and
gives every chart a random id. This renderer emits a ``<div>`` with a
deterministic id (a hash of the spec plus a per-kernel counter) and a script that
calls the page's own ``vegaEmbed``, which the site serves from
``_static/vega-bundle.js``. Same input, byte-identical output: strict nbval can
compare chart cells without sanitizers.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any

import altair as alt

RENDERER = "casekit-offline"
_counter = itertools.count(1)


def reset_counter() -> None:
    """Start chart ids from 1 again (tests use it; a fresh kernel starts there anyway)."""
    global _counter
    _counter = itertools.count(1)


def spec_html(spec: dict[str, Any], embed_options: dict[str, Any] | None = None) -> str:
    embed = {"actions": False, **(embed_options or {})}
    spec_js = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    digest = hashlib.sha256(spec_js.encode("utf-8")).hexdigest()[:10]
    div_id = f"vega-chart-{digest}-{next(_counter)}"
    label = spec.get("description") or _title_text(spec) or "Chart"
    return (
        f'<div id="{div_id}" class="vega-chart" role="figure" aria-label="{_attr(label)}"></div>\n'
        '<script type="text/javascript">\n'
        "(function(el, spec, opt) {\n"
        "  if (!el) { return; }\n"
        '  if (typeof vegaEmbed !== "function") {\n'
        '    el.textContent = "[chart: the chart library is not loaded on this page]"; return;\n'
        "  }\n"
        "  vegaEmbed(el, spec, opt).then(function (r) { el.vegaView = r.view; })\n"
        '    .catch(function (e) { el.textContent = "[chart error: " + e.message + "]"; console.error(e); });\n'
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
    title = _title_text(spec) or "chart"
    return {"text/html": spec_html(spec, metadata.get("embed_options")), "text/plain": f"<Chart: {title}>"}


def enable() -> None:
    """Register and enable the offline renderer (idempotent)."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, offline_renderer)
    alt.renderers.enable(RENDERER)
