"""Printable PDFs from the built site: one brief per case and the "Design a programme" handbook.

    CASEKIT_CHROMIUM=/usr/lib/chromium/chromium .venv/bin/python tools/make_briefs.py --out _build/briefs

Run after `make book` (the Makefile's `briefs` target does both). It serves _build/html on
127.0.0.1, opens each page in the system Chromium through Playwright (never a browser
download), waits until every chart is drawn, and prints with the site's print stylesheet
(_static/print.css):

* ``<case-id>.pdf``: at most two A4 pages per case: the title and summary, "At a glance",
  the key chart (the first chart of "Results", else the first chart on the page), "What other
  places can learn" and "Sources". The rest of the page is left out of the brief. If the
  brief runs over two pages the print scale is lowered step by step; a brief that still does
  not fit is reported as an error, never cut.
* ``design-a-programme.pdf``: every page of the "Design a programme" part, in the order of
  _toc.yml, as one document.

A summary (count, sizes, seconds) is printed and written to ``report.json`` beside the PDFs.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tools"))

import localbrowser  # noqa: E402  (tools/localbrowser.py)

from casekit import cases  # noqa: E402

HTML = REPO / "_build" / "html"
MAX_BRIEF_PAGES = 2
SCALES = (1.0, 0.9, 0.8, 0.72, 0.65, 0.6)
PART_CAPTION = "Design a programme"
PDF_OPTIONS = {
    "format": "A4",
    "print_background": True,
    "prefer_css_page_size": False,
    "margin": {"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
}
BRIEF_SECTIONS = ("At a glance", "What other places can learn", "Sources")

CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('.vega-chart'))
    .every(el => el.vegaView || el.textContent.trim().startsWith('['))"""

# Cut a case page down to its brief. Headings are matched on their text, without the "#" link.
MAKE_BRIEF = """(keep) => {
  const heading = s => (s.querySelector(':scope > h2')?.textContent || '').replace('#', '').trim();
  const top = document.querySelector('article section');
  if (!top) return {ok: false, why: 'no article section'};
  const sections = Array.from(top.querySelectorAll(':scope > section'));
  const named = Object.fromEntries(sections.map(s => [heading(s), s]));
  const pick = (named['Results'] && named['Results'].querySelector('.vega-chart'))
            || top.querySelector('.vega-chart');
  let chartTitle = '';
  if (pick) {
    const cell = pick.closest('.cell') || pick;
    const box = document.createElement('section');
    box.className = 'casekit-brief-chart';
    const h = document.createElement('h2');
    h.textContent = 'Key chart';
    box.appendChild(h);
    box.appendChild(cell);
    const glance = named['At a glance'];
    if (glance) glance.after(box); else top.appendChild(box);
    chartTitle = (pick.querySelector('svg .role-title-text')?.textContent || '').trim();
  }
  for (const s of sections) if (!keep.includes(heading(s))) s.remove();
  document.querySelectorAll('.exercise, .solution').forEach(e => e.remove());
  // Sources: the table becomes a compact numbered list (title, publisher, year, address);
  // the data-download links that follow it on the page are left out of the brief.
  const src = named['Sources'];
  if (src) {
    const table = src.querySelector('table');
    const list = document.createElement('ol');
    list.className = 'casekit-brief-sources';
    if (table) for (const row of table.querySelectorAll('tbody tr')) {
      const cells = row.querySelectorAll('td');
      const link = cells[0] && cells[0].querySelector('a');
      const li = document.createElement('li');
      li.textContent = [cells[0] ? cells[0].textContent.trim() : '', cells[1] ? cells[1].textContent.trim() : '',
                        cells[2] ? cells[2].textContent.trim() : ''].filter(Boolean).join('. ') + '. ';
      if (link) { const u = document.createElement('span'); u.className = 'url'; u.textContent = link.href; li.appendChild(u); }
      list.appendChild(li);
    }
    for (const child of Array.from(src.children)) if (child.tagName !== 'H2') child.remove();
    src.appendChild(list);
  }
  return {ok: true, chartTitle, kept: Array.from(top.querySelectorAll(':scope > section > h2')).map(h => h.textContent.replace('#','').trim())};
}"""

BRIEF_CSS = """@media print {
  #jb-print-toc { display: none !important; }
  .casekit-brief-chart { break-inside: avoid; }
  .casekit-brief-chart .vega-chart svg { max-height: 7.5cm; width: auto !important; }
  ol.casekit-brief-sources { font-size: 0.66em; line-height: 1.25; columns: 2; column-gap: 1.2em; padding-left: 1.4em; margin: 0; }
  ol.casekit-brief-sources li { margin: 0 0 0.15em 0; break-inside: avoid; }
  ol.casekit-brief-sources .url { overflow-wrap: anywhere; }
  table.casekit-table { font-size: 0.8em; }
  h1 { font-size: 1.5em; margin-top: 0; }
  h2 { font-size: 1.15em; margin: 0.6em 0 0.3em 0; }
  p, li { margin-bottom: 0.3em; }
}"""


def find_chromium() -> str:
    found = localbrowser.find_chromium()
    if found:
        return found
    raise SystemExit("make_briefs: no Chromium found; run tools/ensure_chromium.sh or set CASEKIT_CHROMIUM")


def design_pages(root: Path = REPO) -> list[str]:
    """The docnames of the "Design a programme" part, in _toc.yml order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        if part.get("caption") == PART_CAPTION:
            out = []
            for chapter in part.get("chapters", []):
                out.append(chapter["file"])
                out += [s["file"] for s in chapter.get("sections", []) if "file" in s]
            return out
    raise SystemExit(f"make_briefs: _toc.yml has no part captioned {PART_CAPTION!r}")


serve = localbrowser.serve


def open_page(context, url: str):
    page = context.new_page()
    blocked: list[str] = []

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:", "about:")) or host.startswith("127.0.0.1"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort("blockedbyclient")

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    if page.locator(".vega-chart").count():
        # Charts draw when they near the screen (casekit-charts.js) or when the page is printed:
        # ask for all of them now, as printing would, then wait until each has drawn.
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_function(CHARTS_SETTLED, timeout=20_000)
    page.emulate_media(media="print")
    return page, blocked


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def brief(context, base: str, case: cases.Case) -> tuple[bytes, dict]:
    page, blocked = open_page(context, f"{base}case_studies/{case.theme}/{case.id}.html")
    try:
        info = page.evaluate(MAKE_BRIEF, list(BRIEF_SECTIONS))
        if not info.get("ok"):
            raise RuntimeError(f"{case.id}: the page could not be cut down to a brief ({info.get('why')})")
        page.add_style_tag(content=BRIEF_CSS)
        for scale in SCALES:
            data = page.pdf(scale=scale, **PDF_OPTIONS)
            pages = pdf_pages(data)
            if pages <= MAX_BRIEF_PAGES:
                return data, {
                    "pages": pages,
                    "scale": scale,
                    "chart_title": info.get("chartTitle", ""),
                    "sections": info.get("kept", []),
                    "blocked": blocked,
                }
        raise RuntimeError(
            f"case_studies/{case.theme}/{case.id}: the brief needs {pages} A4 pages even at scale {SCALES[-1]}; "
            f"expected at most {MAX_BRIEF_PAGES}. Shorten its lessons or its source list."
        )
    finally:
        page.close()


def handbook(context, base: str, docnames: list[str]) -> tuple[bytes, dict]:
    from pypdf import PdfWriter

    writer = PdfWriter()
    counts = {}
    blocked_all: list[str] = []
    for doc in docnames:
        page, blocked = open_page(context, f"{base}{doc}.html")
        try:
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            data = page.pdf(**PDF_OPTIONS)
        finally:
            page.close()
        blocked_all += blocked
        counts[doc] = pdf_pages(data)
        writer.append(io.BytesIO(data))
    writer.add_metadata(
        {"/Title": "Local Ecommerce Casebook: Design a programme", "/Author": "Local Ecommerce Casebook contributors"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), {"pages_per_document": counts, "pages": sum(counts.values()), "blocked": blocked_all}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "briefs")
    parser.add_argument("--case", action="append", help="only this case id (repeatable)")
    args = parser.parse_args(argv)
    if not (HTML / "index.html").is_file():
        print(f"make_briefs: {HTML}/index.html is missing; build the site first with `make book`", file=sys.stderr)
        return 1
    all_cases = cases.all()
    if args.case:
        unknown = sorted(set(args.case) - {c.id for c in all_cases})
        if unknown:
            print(f"make_briefs: unknown case id(s) {unknown}; expected ids of files in data/cases/", file=sys.stderr)
            return 1
        all_cases = [c for c in all_cases if c.id in args.case]
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.pdf"):
        old.unlink()
    report: dict = {"briefs": {}, "errors": []}
    server, base = serve(HTML)
    profile = tempfile.mkdtemp(prefix="casekit-briefs-")
    try:
        with sync_playwright() as pw:
            context = localbrowser.launch(pw, profile, find_chromium(), width=1100)
            try:
                for case in all_cases:
                    try:
                        data, info = brief(context, base, case)
                    except Exception as exc:  # one clear line per case; the others still print
                        report["errors"].append(str(exc).splitlines()[0])
                        continue
                    path = args.out / f"{case.id}.pdf"
                    path.write_bytes(data)
                    report["briefs"][case.id] = {"title": case.title, "bytes": len(data), **info}
                data, info = handbook(context, base, design_pages())
                (args.out / "design-a-programme.pdf").write_bytes(data)
                report["handbook"] = {"bytes": len(data), **info}
            finally:
                context.close()
    finally:
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    report["seconds"] = round(time.monotonic() - started, 1)
    sizes = [b["bytes"] for b in report["briefs"].values()]
    blocked = sum(len(b.get("blocked", [])) for b in report["briefs"].values()) + len(
        report.get("handbook", {}).get("blocked", [])
    )
    report["summary"] = (
        f"briefs: {len(sizes)} case briefs ({sum(sizes):,} bytes, largest {max(sizes, default=0):,}), "
        f"handbook {report.get('handbook', {}).get('pages', 0)} pages ({report.get('handbook', {}).get('bytes', 0):,} bytes), "
        f"{blocked} outside requests blocked, {report['seconds']} s"
    )
    (args.out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(report["summary"])
    for line in report["errors"]:
        print(f"make_briefs: {line}", file=sys.stderr)
    return 1 if report["errors"] or blocked else 0


if __name__ == "__main__":
    sys.exit(main())
