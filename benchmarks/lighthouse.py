"""Lighthouse on a slow link (issue 14): this book's pages beside stock Jupyter Book's template book.

A measurement, not a test (`make bench` calls it; `make bench-web` runs it alone on the
current build). Each site is served from a small loopback-only server that gzips text as a
real host would. Lighthouse 12 (npm, installed into ~/.cache/casekit-lighthouse on first
use, never committed) runs with the system Chromium and its default mobile profile
(simulated slow 4G, 4x CPU slowdown). Prints a table; writes JSON under _build/.

    python benchmarks/lighthouse.py [--html _build/html] [--runs 1] [--json _build/lighthouse.json]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from results_file import write_results  # benchmarks/ (the script's folder) is on sys.path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LIGHTHOUSE_VERSION = "12.8.2"
CACHE = Path(os.environ.get("CASEKIT_LIGHTHOUSE_DIR", Path.home() / ".cache" / "casekit-lighthouse"))

# The four pages of issue 14: the front page, a chapter, a case page, the explorer.
BOOK_PAGES = {
    "front page": "index.html",
    "chapter": "chapters/logistics.html",
    "case page": "case_studies/logistics/nyc-off-hour-delivery.html",
    "explorer": "case_studies/explorer.html",
    # The Spanish edition's counterparts (issue 15: the same first-paint targets).
    "front page (es)": "es/index.html",
    "chapter (es)": "es/chapters/logistics.html",
    "case page (es)": "es/case_studies/logistics/nyc-off-hour-delivery.html",
    "explorer (es)": "es/case_studies/explorer.html",
}
# Stock Jupyter Book 1 (`jupyter-book create`): its front page and its markdown chapter.
STOCK_PAGES = {"front page": "intro.html", "chapter": "markdown.html", "notebook page": "notebooks.html"}

TARGETS = {"performance": 90, "fcp_s": 1.8, "lcp_s": 2.5, "kb_without_charts": 400}
GZIP_TYPES = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the client accepts it (as any real host does)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in GZIP_TYPES or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def chromium() -> str:
    found = subprocess.run([str(REPO / "tools" / "ensure_chromium.sh")], capture_output=True, text=True)
    if found.returncode != 0 or not found.stdout.strip():
        sys.exit("lighthouse: no Chromium found (tools/ensure_chromium.sh)")
    return found.stdout.strip()


def lighthouse_cli() -> Path:
    cli = CACHE / "node_modules" / "lighthouse" / "cli" / "index.js"
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    if package.is_file() and json.loads(package.read_text()).get("version") == LIGHTHOUSE_VERSION:
        return cli
    if not shutil.which("npm"):
        sys.exit("lighthouse: npm is needed to install Lighthouse (node 18 or newer)")
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {CACHE} (first run only)...", flush=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
        capture_output=True,
    )
    return cli


def run_lighthouse(url: str, chrome: str, out: Path) -> dict:
    cmd = [
        "node",
        str(lighthouse_cli()),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome})
    if result.returncode != 0 or not out.is_file():
        sys.exit(f"lighthouse failed on {url}:\n" + "\n".join((result.stdout + result.stderr).splitlines()[-20:]))
    return json.loads(out.read_text())


def summarise(report: dict, origin: str) -> dict:
    audits, cats = report["audits"], report["categories"]
    requests = audits["network-requests"]["details"]["items"]
    outside = sorted(
        {r["url"] for r in requests if not r["url"].startswith(origin) and not r["url"].startswith("data:")}
    )
    by_type: dict[str, int] = {}
    for r in requests:
        kind = r.get("resourceType") or "Other"
        by_type[kind] = by_type.get(kind, 0) + int(r.get("transferSize") or 0)
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    errors = audits.get("errors-in-console", {}).get("details", {}).get("items", [])
    return {
        "performance": round(100 * (cats["performance"]["score"] or 0)),
        "accessibility": round(100 * (cats["accessibility"]["score"] or 0)),
        "fcp_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 2),
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "kb": round(audits["total-byte-weight"]["numericValue"] / 1000, 1),
        "kb_by_type": {k: round(v / 1000, 1) for k, v in sorted(by_type.items())},
        "requests": len(requests),
        "outside_requests": outside,
        "console_errors": [e.get("description", "")[:200] for e in errors],
        "render_blocking": [b["url"].removeprefix(origin) for b in blocking],
        "has_chart": any("vega-bundle.js" in r["url"] for r in requests),
    }


def measure(html: Path, pages: dict[str, str], runs: int, chrome: str, work: Path) -> dict[str, dict]:
    server = serve(html)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {}
    try:
        for label, rel in pages.items():
            if not (html / rel).is_file():
                sys.exit(f"lighthouse: {html / rel} is missing: build the site first")
            runs_out = [
                summarise(run_lighthouse(origin + rel, chrome, work / f"{abs(hash((str(html), rel, i)))}.json"), origin)
                for i in range(runs)
            ]
            # The median run by performance score, whole (its numbers belong together).
            runs_out.sort(key=lambda r: r["performance"])
            results[label] = {
                "page": rel,
                **runs_out[len(runs_out) // 2],
                "scores": [r["performance"] for r in runs_out],
            }
    finally:
        server.shutdown()
    return results


def stock_book(work: Path) -> Path:
    """Jupyter Book 1's template book (`jupyter-book create`), built in a temporary folder."""
    book = work / "stock-book"
    subprocess.run([str(BIN / "jupyter-book"), "create", str(book)], check=True, capture_output=True)
    built = subprocess.run([str(BIN / "jupyter-book"), "build", str(book)], capture_output=True, text=True)
    if built.returncode != 0:
        sys.exit("lighthouse: the stock template book did not build:\n" + built.stdout[-2000:] + built.stderr[-2000:])
    return book / "_build" / "html"


def verdict(row: dict) -> str:
    misses = []
    if row["performance"] < TARGETS["performance"]:
        misses.append("score")
    if row["fcp_s"] > TARGETS["fcp_s"]:
        misses.append("FCP")
    if row["lcp_s"] > TARGETS["lcp_s"]:
        misses.append("LCP")
    if not row["has_chart"] and row["kb"] > TARGETS["kb_without_charts"]:
        misses.append("KB")
    if row["outside_requests"]:
        misses.append("outside requests")
    if row["console_errors"]:
        misses.append("console errors")
    return "PASS" if not misses else "MISS: " + ", ".join(misses)


def print_table(results: dict) -> None:
    print(
        "\nLighthouse 12, mobile (simulated slow 4G), served gzipped from 127.0.0.1. Targets: performance >= 90, "
        "FCP <= 1.8 s, LCP <= 2.5 s, <= 400 KB without charts, 0 outside requests, 0 console errors.\n"
    )
    head = f"  {'site':<16} {'page':<14} {'perf':>4} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7} {'KB':>7} {'req':>4} {'err':>4} {'out':>4}  "
    print(head + "verdict")
    for site, rows in results.items():
        for label, r in rows.items():
            print(
                f"  {site:<16} {label:<14} {r['performance']:>4} {r['fcp_s']:>6} {r['lcp_s']:>6} {r['tbt_ms']:>7} "
                f"{r['kb']:>7} {r['requests']:>4} {len(r['console_errors']):>4} {len(r['outside_requests']):>4}  "
                + (verdict(r) if site == "this book" else "")
            )
    for site, rows in results.items():
        for label, r in rows.items():
            if r["render_blocking"] or r["console_errors"]:
                print(
                    f"\n  {site}, {label}: render-blocking {r['render_blocking']}; console errors {r['console_errors']}"
                )


def run_all(html: Path, runs: int = 1, with_stock: bool = True) -> dict:
    chrome = chromium()
    lighthouse_cli()
    with tempfile.TemporaryDirectory(prefix="casebook-lighthouse-") as tmp:
        work = Path(tmp)
        results = {"this book": measure(html, BOOK_PAGES, runs, chrome, work)}
        if with_stock:
            results["stock Jupyter Book"] = measure(stock_book(work), STOCK_PAGES, runs, chrome, work)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path, default=REPO / "_build" / "lighthouse.json")
    parser.add_argument("--no-stock", action="store_true", help="skip stock Jupyter Book's template book")
    args = parser.parse_args(argv)
    results = run_all(args.html.resolve(), args.runs, not args.no_stock)
    print_table(results)
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
