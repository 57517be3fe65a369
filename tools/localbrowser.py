"""The system Chromium and a loopback site server, shared by the browser gate and `make briefs`.

One place for: where Chromium is looked for (the same order as tools/ensure_chromium.sh, never a
Playwright download), the flags that keep it off the network, how a built site is served on
127.0.0.1, and how a headless persistent context is opened.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's hosts at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """``CASEKIT_CHROMIUM`` if it is executable, else Debian's Chromium, else ``chromium-browser``."""
    env = os.environ.get("CASEKIT_CHROMIUM")
    if env and os.path.isfile(env) and os.access(env, os.X_OK):
        return env
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium-browser")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 at an ephemeral port; return the server and its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def launch(playwright, profile: str, executable: str, *, width: int, height: int = 900):
    """A headless persistent Chromium context in light mode, with service workers blocked."""
    return playwright.chromium.launch_persistent_context(
        profile,
        executable_path=executable,
        args=CHROMIUM_ARGS,
        headless=True,
        chromium_sandbox=False,
        viewport={"width": width, "height": height},
        color_scheme="light",
        service_workers="block",
    )
