"""Sphinx extension: keep myst-nb's execution cache honest.

myst-nb's cache (jupyter-cache) keys a notebook on its code cells only. A change
to ``src/casekit``, to ``data/``, to ``references.bib`` or to the lock file would
leave stale outputs in the site. This extension records, for every notebook page,
a fingerprint of the files its outputs depend on:

* every page: the casekit package, ``requirements.lock``, ``references.bib`` and
  the shared data (data package, schemas, countries, indicator tables);
* a case page (its file name is a case id): its own case file and series;
* any other notebook page (chapters that draw on all cases): every case file and series.

When a fingerprint changes, the page is marked outdated and its cache record is
dropped, so myst-nb executes it again — and only it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .render import WORLD_SCRIPT, WORLD_VARIABLE, render_mode_variable, world_script

logger = logging.getLogger(__name__)

FINGERPRINTS = "casekit-fingerprints.json"
CHART_RUNTIME = "vega-bundle.js"
CHART_LOADER = "casekit-charts.js"  # casekit/static/casekit-charts.js


def _hash_files(files: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        if path.is_file():
            label = (
                path.relative_to(root)
                if path.is_relative_to(root)
                else path.relative_to(Path(__file__).resolve().parent.parent)
            )
            digest.update(label.as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def shared_dependencies(root: Path) -> list[Path]:
    package = Path(__file__).resolve().parent
    files = [p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".yaml", ".json", ".md"}]
    data = root / "data"
    files += [root / "requirements.lock", root / "references.bib", data / "datapackage.json", data / "countries.csv"]
    files += list((data / "schemas").glob("*.json")) + list((data / "indicators").glob("*.csv"))
    return files


def case_inputs(root: Path, docname: str) -> list[Path]:
    """A case page's own data: its case file and series. Empty for any other page."""
    data = root / "data"
    case_id = Path(docname).name
    case_file = data / "cases" / f"{case_id}.yml"
    return [case_file, data / "series" / f"{case_id}.csv"] if case_file.is_file() else []


def page_dependencies(root: Path, docname: str) -> list[Path]:
    data = root / "data"
    if docname.startswith("diagnostic/"):
        # The diagnostic pages read the survey files, and link to the chooser only when the book has it.
        # (From casekit.paths: importing casekit.diagnostic would load pandas and Altair into the build.)
        from .paths import CHOOSER_DOC, DIAGNOSTIC_SUBDIR

        chooser = root / CHOOSER_DOC
        return [
            *sorted((data / DIAGNOSTIC_SUBDIR).glob("*.csv")),
            chooser.with_suffix(".md"),
            chooser.with_suffix(".ipynb"),
        ]
    return case_inputs(root, docname) or list((data / "cases").glob("*.yml")) + list((data / "series").glob("*.csv"))


def fingerprints(root: Path, docnames: Iterable[str]) -> dict[str, str]:
    shared = _hash_files(shared_dependencies(root), root)
    return {
        doc: hashlib.sha256((shared + _hash_files(page_dependencies(root, doc), root)).encode()).hexdigest()
        for doc in docnames
    }


def _is_notebook(env: BuildEnvironment, docname: str) -> bool:
    path = Path(env.doc2path(docname))
    if path.suffix == ".ipynb":
        return True
    if path.suffix != ".md":
        return False
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec" in head


def _cache_path(app: Sphinx) -> Path:
    configured = getattr(app.config, "nb_execution_cache_path", "")
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def _drop_cache_records(cache_path: Path, sources: set[str]) -> int:
    if not cache_path.exists() or not sources:
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    dropped = 0
    for record in cache.list_cache_records():
        if str(Path(record.uri).resolve()) in sources:
            cache.remove_cache(record.pk)
            dropped += 1
    return dropped


def sync_cache(root: Path, cache_path: Path, sources: dict[str, Path]) -> tuple[list[str], int]:
    """Compare each page's fingerprint with the stored one; drop the cache records of changed pages.

    ``sources`` maps docnames to their source files. Returns the stale docnames and the
    number of cache records dropped. Used by the Sphinx build and by casekit.prebuild, so
    both agree on what is stale.
    """
    store = cache_path / FINGERPRINTS
    docs = sorted(sources)
    current = {str(sources[d]): fp for d, fp in fingerprints(root, docs).items()}
    try:
        previous: dict[str, str] = json.loads(store.read_text())
    except (OSError, ValueError):
        previous = {}
    stale = [d for d in docs if previous.get(str(sources[d])) != current[str(sources[d])]]
    dropped = _drop_cache_records(cache_path, {str(sources[d]) for d in stale})
    cache_path.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps({**previous, **current}, indent=1, sort_keys=True))
    return stale, dropped


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Drop cache records whose inputs changed, execute what the cache lacks, re-read those pages.

    The fingerprints are stored beside the execution cache, not in Sphinx's
    environment: the environment is thrown away on a config change while the
    cache survives, and stale records must not survive with it. In myst-nb's
    ``cache`` mode the notebooks the cache lacks (new, edited or stale) are executed
    here in parallel (casekit.prebuild), before Sphinx reads them one at a time.
    """
    notebooks = [d for d in sorted(env.found_docs) if _is_notebook(env, d)]
    sources = {d: Path(env.doc2path(d)).resolve() for d in notebooks}
    if getattr(app.config, "nb_execution_mode", "") == "cache":
        from .prebuild import prebuild, summary

        report = prebuild(
            Path(app.srcdir),
            timeout=int(getattr(app.config, "nb_execution_timeout", 120) or 120),
            sources=sources,
            cache_path=_cache_path(app),
            touch_stale=False,
            reading=(added | changed) & set(sources),
        )
        logger.info(f"[casekit] {summary(report)}")
        stale, dropped = report["stale_docs"], report["dropped"]
    else:
        stale, dropped = sync_cache(Path(app.srcdir), _cache_path(app), sources)
    outdated = [d for d in stale if d not in added]
    if dropped:
        logger.info(
            f"[casekit] {dropped} cached notebook(s) dropped because casekit, data, references or the "
            f"lock changed; re-executing: {', '.join(d for d in stale)}"
        )
    return outdated


def _name_summaries(html: str) -> str:
    """Give the sidebar's expand/collapse buttons an accessible name.

    pydata-sphinx-theme 0.17 writes ``<summary>`` elements holding only a chevron
    icon, which axe reports as ``summary-name`` (serious) on every page.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("summary"):
        if summary.get_text(strip=True):
            continue
        item = summary.find_parent("li")
        link = item.select_one("a.reference") if item else None
        label = link.get_text(" ", strip=True) if link else "this section"
        hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
        hidden.string = f"Show or hide the pages under {label}"
        summary.append(hidden)
    return str(soup)


def git_dates(root: Path) -> dict[str, str]:
    """The date (YYYY-MM-DD) of the last commit that touched each file under ``root``.

    One ``git log`` for the whole book; paths are relative to ``root``. Empty when ``root``
    is not in a git repository or git is missing (a workshop kit, a tarball).
    """
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)  # newest first: keep the first date seen
    return dates


def last_updated(root: Path, dates: dict[str, str], source: str) -> str | None:
    """When the content of the page built from ``source`` last changed in git.

    A case page counts its case file and series as content; other pages count their source.
    """
    files = [source] + [
        p.relative_to(root).as_posix() for p in case_inputs(root, Path(source).with_suffix("").as_posix())
    ]
    found = [dates[f] for f in files if f in dates]
    if not found:
        return None
    import datetime

    day = datetime.date.fromisoformat(max(found))
    return f"{day.day} {day:%B %Y}"


def read_git_dates(app: Sphinx) -> None:
    app._casekit_git_dates = git_dates(Path(app.srcdir))  # type: ignore[attr-defined]


def open_bibliography_cache(app: Sphinx) -> None:
    """Formatted bibliography entries are kept beside the doctrees between builds."""
    from .bibstyle import CACHE

    CACHE.use_file(Path(app.doctreedir) / "casekit-bibliography.pickle")


def save_bibliography_cache(app: Sphinx, exception: Exception | None) -> None:
    from .bibstyle import CACHE

    CACHE.save()


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    from markupsafe import Markup

    if pagename in app.env.found_docs:
        # The theme's footer says "Last updated on ...": the last commit that changed this
        # page's content, not the day of the build.
        source = Path(app.env.doc2path(pagename, base=False)).as_posix()
        context["last_updated"] = last_updated(Path(app.srcdir), getattr(app, "_casekit_git_dates", {}), source)

    original = context.get("generate_toctree_html")
    if callable(original) and not getattr(original, "_casekit_named", False):

        def generate_toctree_html(*args: Any, **kwargs: Any) -> Markup:
            return Markup(_name_summaries(str(original(*args, **kwargs))))

        generate_toctree_html._casekit_named = True  # type: ignore[attr-defined]
        context["generate_toctree_html"] = generate_toctree_html
    body = context.get("body")
    if isinstance(body, str) and "vegaEmbed(" in body:
        # Only the pages that draw a chart get the chart loader (2 KB, deferred). It loads the
        # chart runtime (830 KB, 279 KB gzipped) and, on pages with a map, the world outline
        # (108 KB) when the first chart nears the screen: the text paints first.
        scripts = {"data-runtime": CHART_RUNTIME}
        if WORLD_VARIABLE in body:
            scripts["data-world"] = WORLD_SCRIPT
        app.add_js_file(CHART_LOADER, defer="defer", **scripts)
    if pagename != "search":
        _defer_scripts(context)
    if isinstance(body, str) and "doc-biblioentry" in body:
        # docutils marks citations with the deprecated DPUB role inside a role="list"
        # container, which axe reports as aria-required-children (critical).
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


# Read by the inline ``DOCUMENTATION_OPTIONS.pagename = ...`` snippet, so it must run first.
KEEP_BLOCKING = {"_static/documentation_options.js"}


def _defer_scripts(context: dict) -> None:
    """Load every script file of the page with ``defer``, so none holds up the first paint.

    Deferred scripts still run in their order, after the page is parsed and before
    DOMContentLoaded, which is when Sphinx's, the theme's and the extensions' scripts start
    their work anyway. Inline snippets only set variables and stay as they are. The search
    page is left alone: its index script calls searchtools.js as it loads.
    """
    from sphinx.builders.html._assets import _JavaScript

    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    for i, js in enumerate(scripts):
        if not isinstance(js, _JavaScript) or not js.filename or str(js.filename) in KEEP_BLOCKING:
            continue
        if "defer" in js.attributes or "async" in js.attributes:
            continue
        scripts[i] = _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})


def copy_data(app: Sphinx, exception: Exception | None) -> None:
    """Publish ``data/`` and the pages' notebooks with the site, for download."""
    if exception is not None or app.builder.format != "html":
        return
    import shutil

    write_world_script(Path(app.outdir) / "_static")
    source = Path(app.srcdir) / "data"
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(
            source, Path(app.outdir) / "data", dirs_exist_ok=True, ignore=_skip_links, copy_function=_copy_if_changed
        )
    # Each case and chapter page as a clean .ipynb (generated, never committed).
    import yaml

    from .export import configured_repository_url, export_notebooks

    config_file = Path(app.srcdir) / "_config.yml"
    book_config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    export_notebooks(Path(app.srcdir), Path(app.outdir), configured_repository_url(book_config or {}))


def _copy_if_changed(src: str, dst: str) -> str:
    """``shutil.copy2``, skipped when the published copy has the source's size and modification time.

    copy2 keeps the modification time, so a file is copied again only after it changed.
    """
    import os
    import shutil

    source = os.stat(src)
    try:
        target = os.stat(dst)
    except OSError:
        target = None
    if target is not None and (target.st_size, target.st_mtime_ns) == (source.st_size, source.st_mtime_ns):
        return dst
    return shutil.copy2(src, dst)


def _skip_links(folder: str, names: list[str]) -> set[str]:
    """Never publish what a symbolic link points to (it may be outside the repository).

    ``casekit check`` refuses links; a build that meets one anyway warns (an error under -W).
    """
    links = {name for name in names if (Path(folder) / name).is_symlink()}
    for name in sorted(links):
        logger.warning(f"[casekit] not publishing {Path(folder) / name}: it is a symbolic link (run casekit check)")
    return links


STATIC = Path(__file__).resolve().parent / "static"
GEO = Path(__file__).resolve().parent / "geo"


def write_world_script(static_dir: Path) -> None:
    """Publish the maps' shared world outline, with its licence, when it is missing or changed."""
    static_dir.mkdir(parents=True, exist_ok=True)
    for target, content in (
        (static_dir / WORLD_SCRIPT, world_script()),
        (static_dir / "world-atlas-LICENSE.txt", (GEO / "world-atlas-LICENSE.txt").read_text(encoding="utf-8")),
    ):
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")


def add_static_path(app: Sphinx, config: Any) -> None:
    """Serve casekit's chart runtime (vega, vega-lite, vega-embed) from the site's _static/."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def generate_pages(app: Sphinx, config: Any) -> None:
    """Write the tag pages before the table of contents and the sources are read."""
    import os

    from .errors import CasekitError
    from .tags import write_tag_pages

    os.environ.setdefault("CASEKIT_ROOT", str(app.srcdir))
    try:
        changed = write_tag_pages(Path(app.srcdir))
    except CasekitError as exc:
        # A case file that `casekit check` refuses: stop before anything is written, with the
        # check's own lines. SystemExit, because Jupyter Book prints a traceback for any
        # exception, and a contributor needs the problem, not the stack.
        for problem in exc.problems:
            logger.error(f"{problem}")
        logger.error("The case files are not valid: nothing was built. Run `casekit check` for every problem.")
        raise SystemExit(2) from None
    if changed:
        logger.info(f"[casekit] {len(changed)} tag page(s) written to case_studies/tags/")


def setup(app: Sphinx) -> dict[str, Any]:
    import os

    # Notebooks executed by this build render charts for the site (no embedded runtime);
    # kernels inherit this process's environment.
    os.environ[render_mode_variable()] = "site"
    # Builds may run side by side (tests, prebuild): start their kernels one at a time.
    from .kernelstart import install as serialise_kernel_starts

    serialise_kernel_starts()
    from . import buildsafety

    buildsafety.setup(app)  # data and prose never publish raw HTML, the raw directive or outside files
    app.connect("config-inited", add_static_path)
    # Before sphinx-external-toc expands the _toc.yml globs (default priority 500).
    app.connect("config-inited", generate_pages, priority=100)
    from pybtex.plugin import register_plugin

    from .bibstyle import Style

    register_plugin("pybtex.style.formatting", "casekit", Style, force=True)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("builder-inited", read_git_dates)
    app.connect("builder-inited", open_bibliography_cache)
    app.connect("build-finished", save_bibliography_cache)
    # After the theme (priority 500) has put its toctree function in the context.
    app.connect("html-page-context", on_html_page_context, priority=900)
    app.connect("build-finished", copy_data)
    # Readers first (issue 11): code hidden behind a toggle; an "In brief" box on case pages.
    app.setup_extension("casekit.codehide")
    app.setup_extension("casekit.inbrief")
    # Costs of other extensions, removed at the cause (issue 13): a lean environment pickle,
    # an indexed bibliography filter.
    app.setup_extension("casekit.speedups")
    return {
        "version": "0.1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 4,
    }  # bump when page output changes
