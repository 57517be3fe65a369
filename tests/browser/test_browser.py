"""The built site in a real browser: no errors, no outside requests, charts with data,
no moderate or worse accessibility violations, and a search that finds cases by city.

Run after `make book`:  .venv/bin/python -m pytest -q tests/browser
Failures leave a screenshot and the console log in _build/browser-failures/;
the run's summary is printed at the end and written to _build/browser-report.json.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

CHART_TIMEOUT_MS = 15_000
# Preloading the CSSOM makes axe re-fetch stylesheets; nothing here needs it.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}
BLOCKING_IMPACTS = ("moderate", "serious", "critical")  # minor findings are reported only
AXE = Axe()

# Every chart holds a finished view (or the renderer's "[chart ...]" error text).
CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('.vega-chart'))
    .every(el => el.vegaView || el.textContent.trim().startsWith('['))"""

# Per chart: does it hold a view, an SVG/canvas, and how many rows each dataset has
# (view.getState with every dataset and no signals, sub-contexts included).
CHART_STATE = """() => Array.from(document.querySelectorAll('.vega-chart')).map(el => {
  const out = {id: el.id, view: !!el.vegaView, graphic: !!el.querySelector('svg, canvas'),
               text: el.vegaView ? '' : el.textContent.trim().slice(0, 300), datasets: {}, rows: 0};
  if (!el.vegaView) return out;
  const yes = (window.vega && vega.truthy) || (() => true);
  const no = (window.vega && vega.falsy) || (() => false);
  const walk = (state, prefix) => {
    for (const [name, values] of Object.entries(state.data || {})) {
      out.datasets[prefix + name] = Array.isArray(values) ? values.length : 0;
    }
    (state.subcontext || []).forEach((sub, i) => walk(sub, prefix + i + '/'));
  };
  walk(el.vegaView.getState({data: yes, signals: no, recurse: true}), '');
  // Rows the chart was given: its input datasets (Vega-Lite names them "data-<hash>" for
  // top-level datasets, "source_N" for inline values); "root" is Vega's own 1-row scenegraph
  // root and "N/..." are sub-contexts (facets, legends), so neither counts.
  const top = Object.entries(out.datasets).filter(([name]) => name !== 'root' && !name.includes('/'));
  const inputs = top.filter(([name]) => /^(data-[0-9a-f]+|source_[0-9]+)$/.test(name));
  out.rows = Math.max(0, ...(inputs.length ? inputs : top).map(([, n]) => n));
  out.vegaGlobal = !!window.vega;
  return out;
})"""


# Charts draw when they near the screen (casekit-charts.js): bring each one into view.
SCROLL_TO_EACH_CHART = """async () => {
  for (const el of document.querySelectorAll('.vega-chart')) {
    el.scrollIntoView({block: 'center'});
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
  }
}"""


def chart_problems(page) -> tuple[list[dict], list[str]]:
    """Scroll to every chart and wait for it, then return (chart states, problems)."""
    if page.locator(".vega-chart").count() == 0:
        return [], []
    problems = []
    page.evaluate(SCROLL_TO_EACH_CHART)
    try:
        page.wait_for_function(CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS)
    except Exception:
        problems.append(f"charts not rendered within {CHART_TIMEOUT_MS / 1000:.0f} s")
    charts = page.evaluate(CHART_STATE)
    for c in charts:
        if not c["view"]:
            problems.append(f"chart #{c['id']}: no Vega view (el.vegaView); element text: {c['text']!r}")
            continue
        if not c["graphic"]:
            problems.append(f"chart #{c['id']}: the view rendered no <svg> or <canvas>")
        if c["rows"] <= 0:
            problems.append(f"chart #{c['id']}: every dataset is empty {c['datasets']}")
    return charts, problems


def watch_problems(w) -> list[str]:
    problems = [f"error: {e}" for e in w.errors]
    if w.blocked:
        problems.append(f"{len(w.blocked)} request(s) to outside 127.0.0.1 blocked: {sorted(set(w.blocked))}")
    return problems


def fail_if(problems: list[str], name: str) -> None:
    if problems:
        raise AssertionError(f"{len(problems)} problem(s) on {name}:\n  - " + "\n  - ".join(problems))


def test_page(site_page, site_url, watch, stats):
    """Each built page: no console/page errors, no outside requests, charts with data, axe clean."""
    name = site_page
    stats.pages.add(name)
    with watch(name) as w:
        w.page.goto(site_url + name, wait_until="load")
        charts, problems = chart_problems(w.page)
        stats.charts_seen += len(charts)
        stats.charts_with_data += sum(1 for c in charts if c["view"] and c["graphic"] and c["rows"] > 0)

        results = AXE.run(w.page, options=AXE_OPTIONS).response
        for v in results["violations"]:
            impact = v.get("impact") or "unknown"
            stats.axe_by_impact[impact] += 1
            stats.axe_nodes_by_impact[impact] += len(v["nodes"])
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
            stats.axe_findings.append(
                {
                    "page": name,
                    "id": v["id"],
                    "impact": impact,
                    "help": v["help"],
                    "nodes": len(v["nodes"]),
                    "targets": targets,
                }
            )
            if impact in BLOCKING_IMPACTS:
                problems.append(
                    f"axe {impact}: {v['id']} ({v['help']}) on {len(v['nodes'])} node(s), "
                    f"e.g. {targets} -- {v['helpUrl']}"
                )
        # Checked last, so that anything axe's own work triggered is counted too.
        problems += watch_problems(w)
        fail_if(problems, name)


SEARCHES = [
    ("Dublin", "case_studies/msme-digitization/dublin-trading-online-voucher.html"),
    ("Manila", "case_studies/investment-attraction/manila-it-bpm.html"),
    # The Spanish edition searches its own pages, with Spanish stemming (issue 15).
    ("entregas nocturnas", "es/case_studies/logistics/nyc-off-hour-delivery.html"),
    ("entregas nocturnas", "es/case_studies/logistics/paris-off-hour-delivery.html"),
]


@pytest.mark.parametrize(("query", "target"), SEARCHES, ids=[f"{q}-{t.split('/')[-1]}" for q, t in SEARCHES])
def test_search_finds_case_by_city(query, target, site_url, watch):
    """Home page -> theme search dialog -> type the city -> Enter -> search.html lists the case."""
    home = "es/index.html" if target.startswith("es/") else "index.html"
    with watch(f"search-{query}") as w:
        page = w.page
        page.goto(site_url + home, wait_until="load")
        button = page.locator("button.search-button__button:visible").first
        if button.count():
            button.click()
        else:
            page.keyboard.press("Control+k")
        box = page.locator("#pst-search-dialog input[name='q'], .search-button__wrapper input[name='q']").first
        box.wait_for(state="visible")
        assert box.evaluate("el => el === document.activeElement"), "the search box did not get the focus"
        page.keyboard.type(query, delay=20)
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?*", timeout=10_000)
        want = site_url + target
        try:
            page.wait_for_function(
                """want => Array.from(document.querySelectorAll('#search-results a[href]'))
                       .some(a => a.href.split(/[?#]/)[0] === want)""",
                arg=want,
                timeout=15_000,
            )
        except Exception:
            found = page.eval_on_selector_all("#search-results a[href]", "as => as.map(a => a.href)")
            status = (
                page.locator("#search-results").inner_text()[:300]
                if page.locator("#search-results").count()
                else "no #search-results"
            )
            raise AssertionError(
                f"searching {query!r} on {page.url} did not list {target}; "
                f"result links: {found[:10]}; status: {status!r}"
            ) from None
        fail_if(watch_problems(w), f"search for {query!r}")


FILE_PAGES = ["case_studies/logistics/nyc-off-hour-delivery.html", "case_studies/explorer.html"]


@pytest.mark.parametrize("file_page", FILE_PAGES)
def test_page_opened_from_disk(file_page, built_html, watch):
    """Trainers open the site from disk: a case page's charts, and the explorer's map (whose
    world outline is a separate script), must render under file://."""
    with watch(f"file/{file_page}") as w:
        w.page.goto((built_html / file_page).as_uri(), wait_until="load")
        charts, problems = chart_problems(w.page)
        if not charts:
            problems.append("no .vega-chart element on the page")
        problems += watch_problems(w)
        fail_if(problems, f"file://{file_page}")


def test_a_dialog_opened_by_a_page_is_caught(watch):
    """The gate would notice an injected script that calls alert() or confirm() while a page loads."""
    with watch("dialog-probe") as w:
        w.page.set_content("<script>alert('injected'); confirm('again');</script>")
        assert w.errors == ["dialog alert() opened: 'injected'", "dialog confirm() opened: 'again'"]


# --------------------------------------------------------------------------- readers first (issue 11)

PLACES = "case_studies/places-like-mine.html"
PLACES_OPTIONS = [
    {},
    {"size": "medium", "focus": "urban", "level": "municipal", "themes": ["msme-digitization"]},
    {"size": "small", "focus": "rural", "themes": ["rural-ecommerce", "logistics"]},
]
# For every country in the form: choose it (and the options), let the page rank, read the table.
PLACES_READ = """(opts) => {
  const form = document.getElementById('casekit-places-form');
  const out = {};
  form.elements.size.value = opts.size || '';
  form.elements.focus.value = opts.focus || '';
  form.elements.level.value = opts.level || '';
  form.querySelectorAll('input[name=theme]').forEach(b => { b.checked = (opts.themes || []).includes(b.value); });
  for (const option of Array.from(form.elements.country.options)) {
    form.elements.country.value = option.value;
    form.dispatchEvent(new Event('change'));
    out[option.value] = Array.from(document.querySelectorAll('#casekit-places-results tbody tr'))
      .map(tr => [tr.dataset.case, Number(tr.dataset.score), tr.cells[6].textContent, tr.querySelector('a').getAttribute('href')]);
  }
  return out;
}"""


def test_places_like_mine_answers_as_python_for_every_country(built_html, watch):
    """Opened from disk, the page's ranking equals casekit.matching.similar_cases for every economy."""
    from casekit import cases, matching

    themes = {c.id: c.theme for c in cases.all()}
    with watch("places-like-mine-every-country") as w:
        w.page.goto((built_html / PLACES).as_uri(), wait_until="load")
        w.page.wait_for_selector("#casekit-places-results tbody tr")
        checked = 0
        for opts in PLACES_OPTIONS:
            answers = w.page.evaluate(PLACES_READ, opts)
            assert len(answers) > 200, f"only {len(answers)} countries in the form"
            for country, rows in answers.items():
                want = matching.similar_cases(
                    country,
                    city_size=opts.get("size"),
                    focus=opts.get("focus"),
                    level=opts.get("level"),
                    themes=opts.get("themes"),
                )
                expected = [
                    [cid, int(score), reasons, f"./{themes[cid]}/{cid}.html"]
                    for cid, score, reasons in zip(want["case_id"], want["score"], want["reasons"], strict=True)
                ]
                assert rows == expected, f"{country} {opts}: page {rows[:3]} ... python {expected[:3]} ..."
                checked += 1
        fail_if(watch_problems(w), "places like mine from disk")
    assert checked == len(PLACES_OPTIONS) * len(answers)


def test_explorer_sorts_numbers_and_counts_rows(site_url, watch):
    with watch("explorer-sort-count") as w:
        page = w.page
        page.goto(site_url + "case_studies/explorer.html", wait_until="load")
        count = page.locator("p.casekit-count").first
        total = page.locator("table.casekit-sortable tbody tr").count()
        assert total >= 30
        assert count.inner_text() == f"Showing all {total} rows."
        headers = page.locator("table.casekit-sortable thead th").all_inner_texts()
        column = [h.strip() for h in headers].index("Population")
        page.locator("table.casekit-sortable thead th button", has_text="Population").first.click()
        values = page.eval_on_selector_all(
            "table.casekit-sortable tbody tr", f"rows => rows.map(r => r.cells[{column}].textContent.trim())"
        )
        # Numbers first, in numeric order; then cells such as "not published" (no sourced count).
        numeric = [v.replace(",", "").isdigit() for v in values]
        assert numeric == sorted(numeric, reverse=True), values
        numbers = [int(v.replace(",", "")) for v, n in zip(values, numeric, strict=True) if n]
        assert numbers == sorted(numbers), values
        assert any("," in v for v in values)  # thousands separators, sorted as numbers
        page.fill("label.casekit-filter input", "Mexico City")
        shown = page.locator("table.casekit-sortable tbody tr:not([hidden])").count()
        assert 0 < shown < total
        assert count.inner_text() == f"Showing {shown} of {total} rows."
        fail_if(watch_problems(w), "explorer sort and count")


def test_search_from_disk_lists_results_without_errors(built_html, watch):
    """Trainers open the site from a USB stick: search must list results with no console errors."""
    target = (built_html / "case_studies/msme-digitization/dublin-trading-online-voucher.html").as_uri()
    with watch("search-from-disk") as w:
        w.page.goto((built_html / "search.html").as_uri() + "?q=Dublin", wait_until="load")
        w.page.wait_for_function(
            """want => Array.from(document.querySelectorAll('#search-results a[href]'))
                   .some(a => a.href.split(/[?#]/)[0] === want)""",
            arg=target,
            timeout=15_000,
        )
        w.page.wait_for_timeout(500)  # any summary fetch would have failed by now
        fail_if(watch_problems(w), "search from disk")


DARK_PAGES = [
    "index.html",
    "case_studies/explorer.html",
    PLACES,
    "case_studies/logistics/nyc-off-hour-delivery.html",
    "chapters/why-places-differ.html",
    "es/index.html",
    "es/case_studies/logistics/nyc-off-hour-delivery.html",
]


@pytest.mark.parametrize("dark_page", DARK_PAGES)
def test_dark_mode_is_accessible(dark_page, site_url, watch):
    """In dark mode axe finds nothing, and charts sit on a light card."""
    with watch(f"dark/{dark_page}") as w:
        w.page.emulate_media(color_scheme="dark")
        w.page.goto(site_url + dark_page, wait_until="load")
        w.page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'", timeout=5_000)
        # The switch to dark colours is animated (CSS transitions): let them finish before axe
        # measures contrast, or it may read a colour half-way (seen once on the search button).
        w.page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        _charts, problems = chart_problems(w.page)
        backgrounds = w.page.eval_on_selector_all(
            ".vega-chart", "els => els.map(el => getComputedStyle(el).backgroundColor)"
        )
        problems += [f"chart on a {b} background in dark mode" for b in backgrounds if b != "rgb(255, 255, 255)"]
        results = AXE.run(w.page, options=AXE_OPTIONS).response
        for v in results["violations"]:
            if (v.get("impact") or "unknown") in BLOCKING_IMPACTS:
                targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
                problems.append(f"axe {v['impact']} in dark mode: {v['id']} ({v['help']}) e.g. {targets}")
        problems += watch_problems(w)
        fail_if(problems, f"{dark_page} (dark)")


def test_charts_draw_only_as_they_near_the_screen(site_url, watch):
    """The chart runtime (830 KB) loads when a chart nears the screen, not with the page
    (casekit-charts.js, issue 14); a chart far down the page draws once scrolled to."""
    with watch("charts-near-the-screen") as w:
        page = w.page
        page.goto(site_url + "case_studies/explorer.html", wait_until="load")
        last = page.locator(".vega-chart").last
        far = last.evaluate("el => el.getBoundingClientRect().top > 2.5 * window.innerHeight")
        assert far, "the explorer's last chart is no longer far down the page: pick another page"
        page.wait_for_timeout(500)
        assert last.evaluate("el => !el.vegaView"), "a chart two screens down drew before it neared the screen"
        last.scroll_into_view_if_needed()
        last.element_handle().wait_for_element_state("visible")
        page.wait_for_function("el => !!el.vegaView", arg=last.element_handle(), timeout=CHART_TIMEOUT_MS)
        fail_if(watch_problems(w), "charts near the screen")


def test_solutions_open_and_close_and_every_id_stays_unique(site_url, watch):
    """Solutions sit in dropdowns (sphinx-togglebutton). casekit.sphinxext.compat turned the bodies' shared
    ids into classes (issue 13, section 8): the toggle still works, and no id repeats once scripts ran."""
    with watch("solution-dropdown") as w:
        page = w.page
        page.goto(site_url + "case_studies/msme-digitization/dublin-trading-online-voucher.html", wait_until="load")
        solution = page.locator("div.solution.dropdown").first
        body = solution.locator("section.solution-content")
        page.wait_for_function("() => !!document.querySelector('div.solution.dropdown button.toggle-button')")
        assert body.is_hidden(), "a solution shows before the reader opens it"
        assert page.locator("div.exercise section.exercise-content").first.is_visible()
        solution.locator(".admonition-title").click()
        body.wait_for(state="visible")
        solution.locator(".admonition-title").click()
        body.wait_for(state="hidden")
        ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert repeated == [], f"ids repeated after the page's scripts ran: {repeated}"
        fail_if(watch_problems(w), "solution dropdown")


def test_show_code_toggle_opens_and_its_label_follows(site_url, watch):
    """casekit.sphinxext.compat writes the toggle's labels as <span>s (valid in <summary>); the
    stylesheet shows one label at a time, as myst-nb's did for its <p> labels."""
    with watch("show-code-toggle") as w:
        page = w.page
        page.goto(site_url + "case_studies/msme-digitization/dublin-trading-online-voucher.html", wait_until="load")
        toggle = page.locator("div.cell details.hide").first
        summary, code = toggle.locator("summary"), toggle.locator("div.cell_input")
        assert summary.inner_text().strip() == "Show code" and code.is_hidden()
        summary.click()
        code.wait_for(state="visible")
        assert summary.inner_text().strip() == "Hide code"
        summary.click()
        code.wait_for(state="hidden")
        assert summary.inner_text().strip() == "Show code"
        fail_if(watch_problems(w), "show code toggle")
