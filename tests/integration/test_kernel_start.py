"""Kernels started side by side do not share ports or IPython's history database."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time

import pytest
from jupyter_client.manager import AsyncKernelManager, KernelManager

from casekit.sphinxext import kernelstart


@pytest.fixture
def lock_file(tmp_path, monkeypatch):
    path = tmp_path / "kernel-start.lock"
    monkeypatch.setenv(kernelstart.LOCK_ENV, str(path))
    return path


def test_install_wraps_both_managers_once():
    kernelstart.install()
    assert kernelstart.install() is False  # idempotent
    assert KernelManager.start_kernel._casekit_patched
    assert AsyncKernelManager.start_kernel._casekit_patched


def test_lock_is_held_across_processes(lock_file, tmp_path):
    """A second process holding the lock delays this one until it lets go."""
    held, log = tmp_path / "held", tmp_path / "log"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import pathlib, time
                from casekit.sphinxext import kernelstart
                with kernelstart.start_lock():
                    pathlib.Path({str(held)!r}).touch()
                    time.sleep(1.0)
                    with open({str(log)!r}, "a") as f:
                        f.write("holder released\\n")
                """
            ),
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while not held.exists():
            assert holder.poll() is None, "the lock holder exited early"
            assert time.monotonic() < deadline, "the lock holder never took the lock"
            time.sleep(0.02)
        with kernelstart.start_lock(), open(log, "a") as f:
            f.write("waiter acquired\n")
    finally:
        holder.wait(timeout=30)
    assert log.read_text().splitlines() == ["holder released", "waiter acquired"]


def _assert_listening(manager):
    info = manager.get_connection_info()
    for key in kernelstart.PORT_KEYS:
        assert kernelstart.listening(info["ip"], info[key]), f"{key} {info[key]} not bound yet"


def test_sync_start_returns_once_the_kernel_listens(lock_file):
    kernelstart.install()
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        _assert_listening(km)
    finally:
        km.shutdown_kernel(now=True)
    assert lock_file.exists()


def test_async_start_returns_once_the_kernel_listens(lock_file):
    kernelstart.install()

    async def run():
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel()
        try:
            _assert_listening(km)
        finally:
            await km.shutdown_kernel(now=True)

    asyncio.run(run())


def test_nbval_kernels_keep_history_in_memory(lock_file, tmp_path):
    from nbval.kernel import RunningKernel

    import casekit.sphinxext.nbval_guard  # noqa: F401  (patches nbval's kernel start)

    kernel = RunningKernel("python3", cwd=str(tmp_path))
    outputs = []
    try:
        msg_id = kernel.execute_cell_input("print(get_ipython().history_manager.hist_file)", allow_stdin=False)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            msg = kernel.get_message(stream="iopub", timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                outputs.append(msg["content"]["text"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        kernel.stop()
    assert "".join(outputs).strip() == ":memory:"


def test_a_failed_nbval_kernel_start_is_retried_once_and_reported(monkeypatch):
    import casekit.sphinxext.nbval_guard as guard

    attempts = []

    def flaky(*args, **kwargs):
        attempts.append(kwargs["extra_arguments"])
        kwargs["stderr"].write("zmq.error.ZMQError: Address already in use\n")
        kwargs["stderr"].flush()
        if len(attempts) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return "kernel", "client"

    monkeypatch.setattr(guard, "_nbval_start_new_kernel", flaky)
    with pytest.warns(UserWarning, match=r"attempt 1 of 2\): Kernel didn't respond.*Address already in use"):
        assert guard._start_new_kernel(kernel_name="python3") == ("kernel", "client")
    assert len(attempts) == 2
    assert all(guard.HISTORY_IN_MEMORY in a for a in attempts)


def test_a_kernel_that_never_starts_fails_with_what_it_said(monkeypatch):
    import casekit.sphinxext.nbval_guard as guard

    def broken(*args, **kwargs):
        kwargs["stderr"].write("ModuleNotFoundError: No module named 'ipykernel'\n")
        kwargs["stderr"].flush()
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(guard, "_nbval_start_new_kernel", broken)
    with (
        pytest.warns(UserWarning, match="attempt 1 of 2"),
        pytest.raises(RuntimeError, match=r"attempt 2 of 2\): Kernel died.*No module named 'ipykernel'"),
    ):
        guard._start_new_kernel(kernel_name="python3")
