"""Benchmark the book's build, checks and pages: `make bench` (prints a table, writes JSON).

Every measurement runs in a temporary copy of the book's tracked files, with the copy's
own casekit first on PYTHONPATH, so edits made by the benchmark never touch the working
tree. Each figure is the median of ``--runs`` runs (cold builds included).

    python benchmarks/bench.py [--runs 3] [--json _build/bench.json] [--skip-browser] [--skip-lighthouse]
                               [--builds-only] [--no-stock] [--ref main] [--cold-runs 1]

In the same run it builds the same notebooks with stock Jupyter Book (a second copy of the
book whose ``_config.yml`` drops casekit's Sphinx extensions, see ``make_stock_book``) and
prints the cold, warm and one-edit times side by side with the ratio ours / stock. The two
books are measured alternately, so both see the same load on the machine; the load average
is recorded with every build. ``--builds-only`` measures just those three builds (no other
edits, nbval, page weights, browser or Lighthouse): the quick way to check a speed change.

It ends with Lighthouse on four pages of the built copy beside stock Jupyter Book's template
book (benchmarks/lighthouse.py, issue 14), whose table and JSON (_build/lighthouse.json) follow.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from results_file import write_results  # benchmarks/ (the script's folder) is on sys.path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CASE_NB = "case_studies/logistics/nyc-off-hour-delivery.md"
CASE_FILE = "data/cases/nyc-off-hour-delivery.yml"
CASEKIT_FILE = "src/casekit/vocabulary.py"


class Edit(NamedTuple):
    """One edit measurement: what it changes, and how its row in the table reads."""

    file: str
    text: str
    replacement: str
    label: str
    note: str = ""  # after "executed N"
    #: The editions built (default both). A new English sentence has no Spanish yet, and the
    #: Spanish build rightly fails on it, so the prose edit is timed on the English edition.
    editions: tuple[str, ...] = ()


EDITS = {
    "one_case_notebook_edited": Edit(
        CASE_NB, "casekit.glance(CASE)", "casekit.glance(CASE)  # bench edit", "one edited case notebook (s)"
    ),
    "prose_only_edited": Edit(
        CASE_NB,
        "## Context\n",
        "## Context\n\nA benchmark sentence.\n",
        "prose-only edit, English (s)",
        editions=("en",),
    ),
    "one_case_file_edited": Edit(
        CASE_FILE,
        "evidence: ",
        "# bench edit\nevidence: ",
        "one edited case file (s)",
        " (the case, chapters, explorer)",
    ),
    "casekit_edited": Edit(
        CASEKIT_FILE, '"""Controlled', '"""Controlled (bench)', "casekit edited (s)", " (every notebook)"
    ),
}

#: Issue 13's targets for the English edition, and issue 15's for both editions together.
TARGETS = {
    "cold per notebook, English (s)": 1.0,
    "cold both / cold English": 2.0,
    "warm rebuild (s)": 4.0,
    "one edited case notebook (s)": 6.0,
    "largest case page (KB)": 60.0,
}


def copy_book(dest: Path, ref: str | None = None) -> Path:
    """The book's tracked files (as in the working tree, or at commit ``ref``) in ``dest``."""
    if ref:
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    else:
        files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
        for rel in files.split():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, target)
    profile = dest / "_build" / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n')
    return dest


# What differs in the stock copy (printed under the table).
STOCK_DIFFERENCES = (
    "stock: the same notebooks and pages, built by `jupyter-book build -W -n --keep-going` with plain "
    "`execute_notebooks: cache`;",
    "_config.yml without casekit.sphinxext and casekit.templatedoc (so no fingerprints, no parallel "
    "execution, no in-brief boxes, no data/notebook/template downloads, no git dates, no HTML fixes),",
    "bibtex style unsrt instead of casekit's; the tag pages were written once before as plain MyST, with the words "
    "the extension writes; kernels get the same chart mode (CASEKIT_CHARTS=site).",
)
STOCK_EXTENSIONS = {"casekit.sphinxext", "casekit.templatedoc"}


def env_for(book: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CASEKIT_ROOT": str(book),
        "PYTHONPATH": str(book / "src"),
        "IPYTHONDIR": str(book / "_build" / "ipython"),
        # Stock books get it from here; ours sets it itself (casekit.sphinxext): same chart work.
        "CASEKIT_CHARTS": "site",
        # Kernels of this copy start one at a time among themselves (casekit.kernelstart), not
        # behind the kernels of other builds that happen to run on the machine.
        "CASEKIT_KERNEL_LOCK": str(book.parent / f"{book.name}-kernel-start.lock"),
    }


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], book: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=book, env=env_for(book), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    out = result.stdout + result.stderr
    if result.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed in {book}:\n" + "\n".join(out.splitlines()[-40:]))
    return elapsed, out


JB_BUILD = ["build", "-W", "-n", "--keep-going", "--builder", "html", "."]


def build(book: Path, editions: tuple[str, ...] = ()) -> dict[str, float]:
    """What ``make build`` runs (both editions, or ``editions``); each edition's parallel execution
    step ("prebuild") reports its own time, summed here."""
    load, cpu0 = os.getloadavg()[0], cpu_children()
    jb_s, jb_out = run([str(BIN / "python"), "-m", "casekit.sphinxext.build", *editions], book)
    found = re.findall(r"prebuild: (\d+) of (\d+) notebooks executed on \d+ workers in ([\d.]+) s", jb_out)
    if not found:
        sys.exit("benchmark: the build did not report casekit's parallel execution step (prebuild)")
    executed = sum(int(m[0]) for m in found)
    notebooks, pre_s = int(found[0][1]), sum(float(m[2]) for m in found)
    in_build = len(re.findall(r"Executed notebook in", jb_out))
    return {
        "seconds": jb_s,
        "cpu_s": cpu_children() - cpu0,
        "load": load,
        "prebuild_s": pre_s,
        "sphinx_s": jb_s - pre_s,
        "executed": executed + in_build,
        "notebooks": notebooks,
    }


def stock_build(book: Path) -> dict[str, float]:
    """Stock Jupyter Book on the stock copy: myst-nb executes what its cache lacks, one at a time."""
    load, cpu0 = os.getloadavg()[0], cpu_children()
    seconds, out = run([str(BIN / "jupyter-book"), *JB_BUILD], book)
    return {
        "seconds": seconds,
        "cpu_s": cpu_children() - cpu0,
        "load": load,
        "executed": len(re.findall(r"Executed notebook in", out)),
    }


def make_stock_book(dest: Path, ref: str | None = None) -> Path:
    """A copy of the book that stock Jupyter Book builds: casekit's Sphinx extensions left out.

    The notebooks still ``import casekit`` (from the copy's src/, as in ours). What the
    extensions would generate before reading (the tag pages) is written once here.
    """
    import yaml

    copy_book(dest, ref)
    run(
        [
            str(BIN / "python"),
            "-c",
            "from pathlib import Path; from casekit.sphinxext.tagpages import plain_myst_pages; "
            "plain_myst_pages(Path('.'))",
        ],
        dest,
    )
    config_file = dest / "_config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    sphinx_config = config["sphinx"]["config"]
    sphinx_config["extensions"] = [e for e in sphinx_config["extensions"] if e not in STOCK_EXTENSIONS]
    sphinx_config["bibtex_default_style"] = "unsrt"
    assert config["execute"]["execute_notebooks"] == "cache"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


def clean_build(book: Path) -> None:
    for name in ("html", ".jupyter_cache", ".doctrees", "jupyter_execute", "es"):
        shutil.rmtree(book / "_build" / name, ignore_errors=True)


def edit(book: Path, rel: str, old: str, new: str) -> str:
    path = book / rel
    text = path.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"benchmark: cannot edit {rel}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def median_of(values: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(v[key] for v in values), 2)


def page_weights(html: Path) -> dict[str, object]:
    pages = {p.relative_to(html).as_posix(): p.stat().st_size for p in html.rglob("*.html") if "_static" not in p.parts}
    case_pages = {
        k: v
        for k, v in pages.items()
        if re.match(r"case_studies/[a-z-]+/(?!index)[^/]+\.html$", k) and "/tags/" not in k
    }
    shared = {}
    for name in ("vega-bundle.js",):
        data = (html / "_static" / name).read_bytes()
        shared[name] = {"raw": len(data), "gzip": len(gzip.compress(data, 9))}
    js = sum(p.stat().st_size for p in (html / "_static").rglob("*.js"))
    css = sum(p.stat().st_size for p in (html / "_static").rglob("*.css"))
    largest = max(pages, key=pages.get)
    return {
        "pages": len(pages),
        "all_html_bytes": sum(pages.values()),
        "largest_page": largest,
        "largest_page_bytes": pages[largest],
        "case_page_median_bytes": int(statistics.median(case_pages.values())) if case_pages else 0,
        "largest_case_page_bytes": max(case_pages.values()) if case_pages else 0,
        "static_js_bytes": js,
        "static_css_bytes": css,
        "shared": shared,
    }


def chart_times(html: Path) -> dict[str, float]:
    """Milliseconds from navigation start to every chart drawn, per case page (Chromium)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CASEKIT_CHROMIUM") or next(
        (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None
    )
    if not chromium:
        return {}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    times = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
            for rel in sorted(str(p.relative_to(html)) for p in (html / "case_studies").glob("*/*.html")):
                if rel.endswith("index.html") or "/tags/" in rel:
                    continue
                page.goto(f"http://127.0.0.1:{port}/{rel}")
                # Charts draw as they near the screen (casekit-charts.js).
                page.evaluate(
                    "async () => { for (const el of document.querySelectorAll('.vega-chart')) {"
                    " el.scrollIntoView(); await new Promise(r => setTimeout(r, 30)); } }"
                )
                page.wait_for_function(
                    "Array.from(document.querySelectorAll('.vega-chart')).every(e => e.vegaView)", timeout=30000
                )
                times[rel] = page.evaluate("performance.now()")
            browser.close()
    finally:
        server.shutdown()
    return times


def print_table(results: dict, runs: int) -> None:
    """The table `make bench` prints, with PASS/FAIL against the issue's targets."""
    b = results["builds"]
    english = b["cold_english_only"]
    rows = [
        (
            "cold build, both editions (s)",
            b["cold"]["seconds"],
            f"{b['cold']['notebooks']} notebooks per edition; parallel execution {b['cold']['prebuild_s']} s "
            f"+ rest of the build {b['cold']['sphinx_s']} s",
        ),
        ("cold build, English only (s)", english["seconds"], ""),
        ("cold both / cold English", english["both_over_english"], "issue 15: at most 2"),
        ("cold per notebook, English (s)", round(english["seconds"] / max(b["cold"]["notebooks"], 1), 2), ""),
        (
            "warm rebuild (s)",
            b["warm"]["seconds"],  # both editions
            f"without the execution step {b['warm']['sphinx_s']} s; executed {b['warm']['executed']:g}",
        ),
        *(
            (edit.label, b[name]["seconds"], f"executed {b[name]['executed']:g}{edit.note}")
            for name, edit in EDITS.items()
            if name in b
        ),
    ]
    if "nbval" in b:
        rows.append(("nbval (s)", b["nbval"]["seconds"], "-n 2 --dist loadfile"))
    if "pages" in results:
        pg = results["pages"]
        rows += [
            (
                "largest case page (KB)",
                round(pg["largest_case_page_bytes"] / 1000, 1),
                f"median {round(pg['case_page_median_bytes'] / 1000, 1)} KB; largest page {pg['largest_page']} {round(pg['largest_page_bytes'] / 1000)} KB",
            ),
            (
                "chart runtime (KB)",
                round(pg["shared"]["vega-bundle.js"]["raw"] / 1000),
                f"gzip {round(pg['shared']['vega-bundle.js']['gzip'] / 1000)} KB, loaded once and cached",
            ),
            (
                "all _static JS / CSS (KB)",
                f"{round(pg['static_js_bytes'] / 1000)} / {round(pg['static_css_bytes'] / 1000)}",
                "",
            ),
        ]
    if "charts_drawn_ms" in results:
        c = results["charts_drawn_ms"]
        rows.append(("load to all charts drawn (ms)", c["median"], f"max {c['max']} over {c['pages']} case pages"))
    print(
        f"\nLocal Ecommerce Casebook benchmark ({results.get('ref', 'working tree')}): "
        f"{results['cores']} cores, median of {runs} run(s) ({results.get('cold_runs', runs)} cold)\n"
    )
    for name, value, note in rows:
        target = TARGETS.get(name)
        verdict = "" if target is None else (" PASS" if float(value) <= target else f" FAIL (target {target})")
        print(f"  {name:<32} {value!s:>10}{verdict:<22} {note}")


COMPARED = (
    ("cold", "cold build (s)"),
    ("warm", "warm rebuild (s)"),
    ("one_case_notebook_edited", "one edited case notebook (s)"),
)


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    out = {
        "seconds": median_of(runs, "seconds"),
        "cpu_s": median_of(runs, "cpu_s"),
        "executed": median_of(runs, "executed"),
    }
    out["load"] = [round(r["load"], 2) for r in runs]
    return out


def print_comparison(results: dict, runs: int) -> None:
    """Ours beside stock Jupyter Book: wall and CPU seconds, and the ratio ours / stock."""
    ours, stock = results["builds"], results["stock"]
    cold_runs = results.get("cold_runs", runs)
    print(
        f"\nBeside stock Jupyter Book (same notebooks, same machine, same run; median of {runs}, "
        f"cold builds: {cold_runs})\n"
    )
    print(
        f"  {'build':<30} {'ours (s)':>9} {'stock (s)':>10} {'ours/stock':>11}   {'cpu ours/stock (s)':>19}  executed  load at start"
    )
    for key, label in COMPARED:
        o, s = ours[key], stock[key]
        ratio = round(o["seconds"] / s["seconds"], 2) if s["seconds"] else float("nan")
        cpu = f"{o['cpu_s']} / {s['cpu_s']}"
        print(
            f"  {label:<30} {o['seconds']:>9} {s['seconds']:>10} {ratio:>11}   {cpu:>19}  "
            f"{o['executed']:g} / {s['executed']:g}   {o['load']} / {s['load']}"
        )
    print()
    for line in STOCK_DIFFERENCES:
        print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=REPO / "_build" / "bench.json")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--no-stock", action="store_true", help="leave out the stock Jupyter Book comparison")
    parser.add_argument("--ref", help="measure this commit (e.g. main) instead of the working tree: before/after")
    parser.add_argument(
        "--builds-only", action="store_true", help="only the cold, warm and one-edit builds (ours and stock)"
    )
    parser.add_argument(
        "--cold-runs", type=int, help="cold builds (default: --runs); the warm and edit builds run --runs times"
    )
    args = parser.parse_args(argv)
    args.cold_runs = max(1, min(args.runs, args.cold_runs or args.runs))
    results: dict[str, object] = {
        "cores": os.cpu_count(),
        "runs": args.runs,
        "cold_runs": args.cold_runs,
        "ref": args.ref or "working tree",
    }
    edits = {k: v for k, v in EDITS.items() if not args.builds_only or k == "one_case_notebook_edited"}
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        book = copy_book(Path(tmp) / "book", args.ref)
        stock = None if args.no_stock else make_stock_book(Path(tmp) / "stock", args.ref)
        cold, cold_english, warm, nbval = [], [], [], []
        stock_runs: dict[str, list[dict[str, float]]] = {key: [] for key, _ in COMPARED}
        edited: dict[str, list[dict[str, float]]] = {name: [] for name in edits}
        for i in range(args.runs):
            # Ours and stock alternate, so both see the same load.
            if i < args.cold_runs:
                clean_build(book)
                cold_english.append(build(book, ("en",)))  # the reference: both editions within 2x
                clean_build(book)
                cold.append(build(book))
                if stock:
                    clean_build(stock)
                    stock_runs["cold"].append(stock_build(stock))
            warm.append(build(book))
            if stock:
                stock_runs["warm"].append(stock_build(stock))
            for name, (rel, old, new, _label, _note, editions) in edits.items():
                # A new edit each run: the previous run's edited copy is in the execution cache.
                new = new.replace("bench", f"bench {i + 1}")
                original = edit(book, rel, old, new)
                edited[name].append(build(book, editions))
                (book / rel).write_text(original)
                build(book, editions)  # back to the unedited book before the next measurement
                if stock and name == "one_case_notebook_edited":
                    original = edit(stock, rel, old, new)
                    stock_runs[name].append(stock_build(stock))
                    (stock / rel).write_text(original)
                    stock_build(stock)
            if args.builds_only:
                continue
            run([str(BIN / "python"), "-m", "casekit.sphinxext.nbexport"], book)
            started = time.perf_counter()
            run(
                [
                    str(BIN / "python"),
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "casekit.sphinxext.nbval_guard",
                    "-p",
                    "no:cacheprovider",
                    "--nbval",
                    "-n",
                    "2",
                    "--dist",
                    "loadfile",
                    "--rootdir=_build/nbval",
                    "-c",
                    "/dev/null",
                    "_build/nbval",
                ],
                book,
            )
            nbval.append({"seconds": time.perf_counter() - started})
        notebooks = cold[0]["notebooks"]
        results["builds"] = {
            "cold": {
                **summarise(cold),
                "prebuild_s": median_of(cold, "prebuild_s"),
                "sphinx_s": median_of(cold, "sphinx_s"),
                "notebooks": notebooks,
                "per_notebook_s": round(median_of(cold, "seconds") / max(notebooks, 1), 2),
            },
            "cold_english_only": {
                **summarise(cold_english),
                "both_over_english": round(median_of(cold, "seconds") / median_of(cold_english, "seconds"), 2),
            },
            "warm": {**summarise(warm), "sphinx_s": median_of(warm, "sphinx_s")},
            **{name: summarise(runs) for name, runs in edited.items()},
        }
        if nbval:
            results["builds"]["nbval"] = {"seconds": median_of(nbval, "seconds")}
        if stock:
            results["stock"] = {key: summarise(runs) for key, runs in stock_runs.items()}
            results["stock"]["cold"]["per_notebook_s"] = round(
                results["stock"]["cold"]["seconds"] / max(notebooks, 1), 2
            )
        if not args.builds_only:
            results["pages"] = page_weights(book / "_build" / "html")
        if not args.builds_only and not args.skip_browser:
            times = chart_times(book / "_build" / "html")
            if times:
                results["charts_drawn_ms"] = {
                    "median": round(statistics.median(times.values())),
                    "max": round(max(times.values())),
                    "pages": len(times),
                }
        if not args.builds_only and not args.skip_lighthouse:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import lighthouse

            results["lighthouse"] = lighthouse.run_all(book / "_build" / "html", runs=1)
    print_table(results, args.runs)
    if "stock" in results:
        print_comparison(results, args.runs)
    if "lighthouse" in results:
        import lighthouse

        lighthouse.print_table(results["lighthouse"])
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
