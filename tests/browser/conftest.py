"""Fixtures for the real-browser checks over the built site (run after `make book`).

One Chromium (the system's, never a Playwright download) is launched per session
with a fresh temporary profile; the built site is served from 127.0.0.1 on an
ephemeral port. Every request that leaves 127.0.0.1 is aborted and counted.

    .venv/bin/python -m pytest -q tests/browser
    CASEKIT_CHROMIUM=/path/to/chrome .venv/bin/python -m pytest -q tests/browser
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import localbrowser  # noqa: E402  (tools/localbrowser.py: Chromium and the loopback server, shared with make briefs)

HTML = REPO / "_build" / "html"
FAILURES = REPO / "_build" / "browser-failures"
REPORT = REPO / "_build" / "browser-report.json"
MISSING_SITE = "<_build/html missing>"

LOCAL_HOSTS = {"127.0.0.1"}
# Schemes that never touch the network (file:// is how trainers open the site).
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-error"}


def site_pages() -> list[str]:
    """Every .html page of the built site except files under _static/ (collection time)."""
    if not (HTML / "index.html").is_file():
        return [MISSING_SITE]
    return [
        p.relative_to(HTML).as_posix()
        for p in sorted(HTML.rglob("*.html"))
        if "_static" not in p.relative_to(HTML).parts
    ]


def require_site() -> None:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML}/index.html is missing: build the site first with `make book`", pytrace=False)


find_chromium = localbrowser.find_chromium


# --------------------------------------------------------------------------- session statistics


@dataclass
class Stats:
    started: float = field(default_factory=time.monotonic)
    browser_launched: bool = False
    pages: set[str] = field(default_factory=set)
    charts_seen: int = 0
    charts_with_data: int = 0
    requests_blocked: int = 0
    blocked_urls: list[str] = field(default_factory=list)
    axe_by_impact: Counter = field(default_factory=Counter)
    axe_nodes_by_impact: Counter = field(default_factory=Counter)
    axe_findings: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "pages_checked": len(self.pages),
            "charts_seen": self.charts_seen,
            "charts_rendered_with_data": self.charts_with_data,
            "requests_blocked": self.requests_blocked,
            "blocked_urls": sorted(set(self.blocked_urls)),
            "axe_violations_by_impact": dict(sorted(self.axe_by_impact.items())),
            "axe_nodes_by_impact": dict(sorted(self.axe_nodes_by_impact.items())),
            "axe_findings": self.axe_findings,
            "failures": self.failures,
            "seconds": round(time.monotonic() - self.started, 1),
        }


STATS = Stats()


def pytest_sessionstart(session):
    STATS.started = time.monotonic()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not STATS.browser_launched:
        return  # no browser test ran (e.g. only other test folders were selected)
    s = STATS.summary()
    impacts = ", ".join(f"{k}={v}" for k, v in s["axe_violations_by_impact"].items()) or "none"
    line = (
        f"browser: {s['pages_checked']} pages checked, {s['charts_rendered_with_data']}/{s['charts_seen']} "
        f"charts rendered with data, {s['requests_blocked']} external requests blocked, "
        f"axe findings by impact: {impacts}, {s['seconds']} s"
    )
    terminalreporter.write_sep("-", "browser quality gate")
    terminalreporter.write_line(line)
    for finding in s["axe_findings"]:
        if finding["impact"] == "minor":  # blocking findings are reported as failures
            terminalreporter.write_line(
                f"  axe {finding['impact']}: {finding['id']} on {finding['page']} "
                f"({finding['nodes']} nodes): {finding['help']}"
            )
    terminalreporter.write_line(f"report: {REPORT.relative_to(REPO)}")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"summary": line, **s}, indent=2) + "\n", encoding="utf-8")


def pytest_generate_tests(metafunc):
    """Each built page is its own test item (`site_page`), listed at collection time."""
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", site_pages())


@pytest.fixture(scope="session")
def built_html() -> Path:
    require_site()
    return HTML


@pytest.fixture(scope="session")
def stats() -> Stats:
    return STATS


# --------------------------------------------------------------------------- server and browser


@pytest.fixture(scope="session")
def site_url():
    """The built site on http://127.0.0.1:<ephemeral port>/."""
    require_site()
    server, base = localbrowser.serve(HTML)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_context():
    """One Chromium per session, with a fresh temporary profile."""
    require_site()
    executable = find_chromium()
    if not executable:
        pytest.fail(
            "No Chromium found. Run tools/ensure_chromium.sh (it installs Debian's chromium when "
            "possible) or set CASEKIT_CHROMIUM to a Chromium/Chrome binary. "
            "Do not use `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    shutil.rmtree(FAILURES, ignore_errors=True)  # only this run's failures are left there
    STATS.browser_launched = True
    profile = tempfile.mkdtemp(prefix="casekit-chromium-")
    try:
        with sync_playwright() as pw:
            context = localbrowser.launch(pw, profile, executable, width=1280)
            context.set_default_timeout(15_000)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# --------------------------------------------------------------------------- one page under watch


def artifact_stem(name: str) -> str:
    """`case_studies/logistics/x.html` -> `case_studies__logistics__x` (safe file name)."""
    stem = re.sub(r"\.html$", "", name.strip("/")) or "index"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem.replace("/", "__"))


class Watched:
    """A Playwright page whose console, page errors and outside requests are recorded."""

    def __init__(self, page, name: str):
        self.page = page
        self.name = name
        self.log: list[str] = []
        self.errors: list[str] = []
        self.blocked: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self._record_error(f"pageerror: {exc}"))
        page.on("requestfailed", lambda r: self.log.append(f"[requestfailed] {r.url} {r.failure}"))
        # A dialog (alert, confirm, prompt) opening on its own is what an injected script does.
        page.on("dialog", self._on_dialog)
        page.route("**/*", self._route)

    def _on_dialog(self, dialog):
        self._record_error(f"dialog {dialog.type}() opened: {dialog.message!r}")
        dialog.dismiss()

    def _on_console(self, msg):
        loc = msg.location or {}
        where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
        self.log.append(f"[{msg.type}] {msg.text}{where}")
        if msg.type == "error":
            self.errors.append(f"console.error: {msg.text}{where}")

    def _record_error(self, text: str):
        self.log.append(f"[pageerror] {text}")
        self.errors.append(text)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS:
            route.continue_()
            return
        self.blocked.append(url)
        STATS.requests_blocked += 1
        STATS.blocked_urls.append(url)
        self.log.append(f"[blocked] {route.request.method} {url}")
        route.abort("blockedbyclient")

    def save_artifacts(self) -> list[Path]:
        FAILURES.mkdir(parents=True, exist_ok=True)
        stem = artifact_stem(self.name)
        shot, log = FAILURES / f"{stem}.png", FAILURES / f"{stem}.console.log"
        saved = []
        try:
            self.page.screenshot(path=str(shot), full_page=True, timeout=10_000)
            saved.append(shot)
        except Exception as exc:  # the page may have crashed; keep the log anyway
            self.log.append(f"[screenshot failed] {exc}")
        log.write_text(f"page: {self.name}\nurl: {self.page.url}\n\n" + "\n".join(self.log) + "\n", encoding="utf-8")
        saved.append(log)
        return saved


@pytest.fixture
def watch(browser_context):
    """`with watch("name") as w:` opens a watched page; any problem fails with saved artifacts."""
    opened: list = []

    @contextmanager
    def _watch(name: str):
        page = browser_context.new_page()
        opened.append(page)
        w = Watched(page, name)
        try:
            yield w
        except Exception as exc:
            saved = w.save_artifacts()
            STATS.failures.append(name)
            names = ", ".join(str(p.relative_to(REPO)) for p in saved)
            what = str(exc) if isinstance(exc, AssertionError) else f"{type(exc).__name__}: {exc}"
            raise AssertionError(f"{what}\n(screenshot and console log: {names})") from None

    yield _watch
    for page in opened:
        page.close()
