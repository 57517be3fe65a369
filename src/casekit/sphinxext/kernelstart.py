"""Start Jupyter kernels one at a time on this machine.

jupyter_client chooses a new kernel's five TCP ports by binding port 0 and letting it go
again; the kernel binds those ports a second or two later, once Python has imported
ipykernel. Two processes that start kernels at the same moment (two nbval workers, two
jupyter-cache workers, two test builds) can be handed the same free port in that gap. One
kernel then fails to bind, and its client reports "Kernel died before replying to
kernel_info" or waits out "Kernel didn't respond in 60 seconds" (seen in CI on this
project; reported for nbmake, papermill and nbclient).

``install()`` wraps ``KernelManager.start_kernel`` (sync, used by nbval) and
``AsyncKernelManager.start_kernel`` (used by nbclient, hence myst-nb and jupyter-cache) so
that, machine-wide, choosing the ports and waiting until the kernel is listening on all of
them happens under one file lock. Other kernels start only after that, so the operating
system can no longer hand out a port a starting kernel is about to bind. Running kernels
are not affected: only the start is serialised, which costs at most one kernel start-up
(about a second) per notebook on the other worker.

Where ``fcntl`` is missing (Windows) the lock is a no-op: the parallel runners that need it
are only used through ``make``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

PORT_KEYS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
LOCK_ENV = "CASEKIT_KERNEL_LOCK"
READY_TIMEOUT = 60.0  # seconds to wait for a started kernel to listen before letting others go


def lock_path() -> Path:
    """The machine-wide lock file (per user), or the path given by ``CASEKIT_KERNEL_LOCK``."""
    if os.environ.get(LOCK_ENV):
        return Path(os.environ[LOCK_ENV])
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"casekit-kernel-start-{uid}.lock"


@contextmanager
def start_lock() -> Iterator[None]:
    """Hold the machine-wide kernel start lock (blocking)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    with open(lock_path(), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _ports(manager) -> tuple[str, list[int]] | None:
    info = manager.get_connection_info()
    if info.get("transport", "tcp") != "tcp":
        return None  # ipc sockets are files with unique names: nothing to race for
    return info.get("ip") or "127.0.0.1", [int(info[k]) for k in PORT_KEYS if info.get(k)]


def listening(ip: str, port: int) -> bool:
    """True when something accepts TCP connections on ``ip:port``."""
    try:
        with socket.create_connection((ip, port), timeout=0.2):
            return True
    except OSError:
        return False


def _all_listening(target: tuple[str, list[int]]) -> bool:
    ip, ports = target
    return all(listening(ip, port) for port in ports)


def _wait_sync(manager, timeout: float = READY_TIMEOUT) -> None:
    target = _ports(manager)
    if target is None:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and manager.is_alive() and not _all_listening(target):
        time.sleep(0.05)


async def _wait_async(manager, timeout: float = READY_TIMEOUT) -> None:
    target = _ports(manager)
    if target is None:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and await manager.is_alive() and not _all_listening(target):
        await asyncio.sleep(0.05)


def _serial(original):
    def start_kernel(self, **kw):
        with start_lock():
            result = original(self, **kw)
            _wait_sync(self)
        return result

    return start_kernel


def _serial_async(original):
    async def start_kernel(self, **kw):
        with start_lock():
            result = await original(self, **kw)
            await _wait_async(self)
        return result

    return start_kernel


def install() -> bool:
    """Wrap jupyter_client's ``start_kernel`` methods (casekit.sphinxext.compat); idempotent.

    Returns True if newly installed.
    """
    from .compat import wrap_kernel_start

    return wrap_kernel_start(_serial, _serial_async)
