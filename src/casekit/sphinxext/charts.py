"""The site's chart assets: the chart runtime in _static/, the deferred loader, the world outline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..render import WORLD_SCRIPT, WORLD_VARIABLE, world_script

CHART_RUNTIME = "vega-bundle.js"
CHART_LOADER = "casekit-charts.js"  # casekit/static/casekit-charts.js
STATIC = Path(__file__).resolve().parents[1] / "static"
GEO = Path(__file__).resolve().parents[1] / "geo"


def add_static_path(app: Any, config: Any) -> None:
    """``config-inited``: serve casekit's chart runtime (vega, vega-lite, vega-embed) from the site's _static/."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def add_chart_loader(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: only the pages that draw a chart get the chart loader (2 KB, deferred).

    It loads the chart runtime (830 KB, 279 KB gzipped) and, on pages with a map, the world
    outline (108 KB) when the first chart nears the screen: the text paints first.
    """
    body = context.get("body")
    if isinstance(body, str) and "vegaEmbed(" in body:
        scripts = {"data-runtime": CHART_RUNTIME}
        if WORLD_VARIABLE in body:
            scripts["data-world"] = WORLD_SCRIPT
        app.add_js_file(CHART_LOADER, defer="defer", **scripts)


def write_world_script(static_dir: Path) -> None:
    """Publish the maps' shared world outline, with its licence, when it is missing or changed."""
    static_dir.mkdir(parents=True, exist_ok=True)
    for target, content in (
        (static_dir / WORLD_SCRIPT, world_script()),
        (static_dir / "world-atlas-LICENSE.txt", (GEO / "world-atlas-LICENSE.txt").read_text(encoding="utf-8")),
    ):
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")


def publish_world_script(app: Any, exception: Exception | None) -> None:
    """``build-finished``: the world outline beside the other static files of an HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    write_world_script(Path(app.outdir) / "_static")
