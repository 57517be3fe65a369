"""The offline renderer: deterministic, CDN-free, safe to embed."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

import casekit
from casekit import render


@pytest.fixture
def chart():
    df = pd.DataFrame({"year": [2019, 2020], "value": [1.0, 2.0], "country": ["A", "A"]})
    return casekit.charts.trend(df, title="T", description="A description long enough.")


def _html(chart) -> str:
    bundle = chart._repr_mimebundle_()
    return (bundle if isinstance(bundle, dict) else bundle[0])["text/html"]


def test_renderer_is_enabled_on_import():
    assert alt.renderers.active == render.RENDERER
    assert alt.theme.active == "casekit"


def test_same_input_same_bytes(chart):
    render.reset_counter()
    first = _html(chart)
    render.reset_counter()
    second = _html(chart)
    assert first == second
    assert re.search(r'id="vega-chart-[0-9a-f]{10}-1"', first)


def test_counter_makes_ids_unique_on_a_page(chart):
    render.reset_counter()
    a, b = _html(chart), _html(chart)
    assert re.search(r"-1\"", a) and re.search(r"-2\"", b)


def test_no_network_and_no_actions_menu(chart):
    html = _html(chart)
    assert "http" not in html.split("<script")[1].split("</script>")[0].replace('"$schema":"https://vega.github.io', "")
    assert "cdn" not in html and "jsdelivr" not in html and "require" not in html
    assert '{"actions": false}' in html
    assert 'aria-label="A description long enough."' in html


def test_script_breakout_is_escaped():
    spec = {"data": {"values": [{"a": "</script><script>alert(1)</script>"}]}, "mark": "point"}
    html = render.spec_html(spec)
    assert html.count("</script>") == 1
    assert "\\u003c/script\\u003e" in html


@pytest.mark.parametrize(
    "text",
    ["x <!--<script ", "</SCRIPT >", "]]> & <![CDATA[", "line\u2028separator\u2029paragraph", "a > b & c < d"],
)
def test_script_json_is_inert_inside_a_script_element_and_reads_back_the_same(text):
    import json

    encoded = render.script_json({"note": text})
    assert not any(ch in encoded for ch in "<>&\u2028\u2029")
    assert json.loads(encoded) == {"note": text}
    html = render.spec_html({"data": {"values": [{"note": text}]}, "mark": "point"})
    script = html.split('<script type="text/javascript">', 1)[1]
    assert "<" not in script.rsplit("</script>", 1)[0]


def test_text_plain_is_stable(chart):
    bundle = render.offline_renderer(chart.to_dict())
    assert bundle["text/plain"] == "<Chart: T>"


def test_notebook_mode_embeds_the_runtime_once_per_kernel(chart, monkeypatch):
    monkeypatch.setenv("CASEKIT_CHARTS", "notebook")
    render.reset_counter()
    first, second = _html(chart), _html(chart)
    assert first.count("<script") == 2 and "vegaEmbed" in first.split("</script>")[0]
    assert len(first) > 500_000  # vega, vega-lite and vega-embed travel with the first chart
    assert second.count("<script") == 1 and len(second) < 20_000
    assert "cdn" not in first.lower() and "jsdelivr" not in first


def test_colab_is_detected_and_every_chart_carries_the_runtime(chart, monkeypatch):
    import sys
    import types

    monkeypatch.delenv("CASEKIT_CHARTS")
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert render.mode() == "colab"
    render.reset_counter()
    assert all(_html(chart).count("<script") == 2 for _ in range(2))


def test_a_chart_waits_for_a_deferred_runtime(chart, monkeypatch):
    """The site loads vega-bundle.js with defer: a chart parsed before it runs draws on DOMContentLoaded."""
    monkeypatch.setenv("CASEKIT_CHARTS", "site")
    script = _html(chart).split('<script type="text/javascript">', 1)[1]
    wait = 'if (typeof vegaEmbed === "function" || document.readyState !== "loading") { draw(); }'
    assert wait in script
    # Once parsed, the page's chart loader (casekit-charts.js) decides when to draw; no loader, draw now.
    assert 'else { document.addEventListener("DOMContentLoaded", function () {' in script
    assert (
        'if (typeof window.casekitCharts === "function") { window.casekitCharts(el, draw); } else { draw(); }' in script
    )
    assert script.index("function draw()") < script.index(wait)
    # Drawn after the parse and still without the runtime: the reader is told, nothing breaks.
    assert "the chart library is not loaded here" in script.split("function draw()", 1)[1]


def test_site_mode_is_what_the_build_uses(chart, monkeypatch):
    monkeypatch.setenv("CASEKIT_CHARTS", "site")
    render.reset_counter()
    assert _html(chart).count("<script") == 1
    monkeypatch.delenv("CASEKIT_CHARTS")
    assert render.mode() == "notebook"  # outside the build and outside Colab


def _world_map_chart():
    import json
    from importlib import resources

    topo = json.loads(resources.files("casekit").joinpath("geo", "countries-110m.json").read_text(encoding="utf-8"))
    return (
        alt.Chart(alt.Data(values=topo, format=alt.DataFormat(type="topojson", feature="countries")))
        .mark_geoshape()
        .properties(title="World", description="Country outlines, for the test.")
    )


def test_site_mode_refers_to_the_shared_world_outline(monkeypatch):
    monkeypatch.setenv("CASEKIT_CHARTS", "site")
    html = _html(_world_map_chart())
    assert render.world_topology_json() not in html
    assert '"Topology"' not in html
    assert f'(typeof {render.WORLD_VARIABLE} === "undefined" ? {{}} : {render.WORLD_VARIABLE})' in html
    # The page loads the outline with defer: the spec must read it when the chart draws, not
    # while the page is parsed, so it travels as a function.
    call = html.rsplit("})(", 1)[1]
    assert call.startswith('document.getElementById("vega-chart-') and ", function () { return {" in call
    render.reset_counter()
    first = _html(_world_map_chart())
    render.reset_counter()
    assert first == _html(_world_map_chart())


@pytest.mark.parametrize("mode", ["notebook", "colab"])
def test_outside_the_site_the_world_outline_travels_with_the_chart(monkeypatch, mode):
    monkeypatch.setenv("CASEKIT_CHARTS", mode)
    html = _html(_world_map_chart())
    assert render.world_topology_json() in html
    assert render.WORLD_VARIABLE not in html


def test_world_script_defines_the_outline_the_specs_refer_to():
    import json

    script = render.world_script()
    prefix = f"var {render.WORLD_VARIABLE} = "
    body = script[script.index(prefix) + len(prefix) :].rstrip().rstrip(";")
    topo = json.loads(body)
    assert topo["type"] == "Topology" and "countries" in topo["objects"]
    assert len(topo["objects"]["countries"]["geometries"]) > 150
