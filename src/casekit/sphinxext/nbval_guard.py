"""pytest plugin: fail a strict nbval run that compared less than it should.

nbval passes vacuously when it finds no notebooks, or when the notebooks' cells
were never executed (it does not compare cells without an execution count).
``casekit.sphinxext.nbexport`` writes ``manifest.json`` beside the exported notebooks; this
plugin checks that nbval collected every notebook and that at least as many cells
as carry outputs passed.

    pytest --nbval -p casekit.sphinxext.nbval_guard _build/nbval
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path

import pytest

from casekit.render import MODE_ENV
from casekit.sphinxext import compat, kernelstart

# The kernels nbval starts inherit this: charts render as in the site build, whose outputs
# are the reference (no chart runtime embedded in the output).
os.environ[MODE_ENV] = "site"
# Each xdist worker imports this plugin. CI once lost a notebook to "Kernel didn't respond
# in 60 seconds" with two workers starting kernels side by side. Two shared resources can do
# that, and both are removed here:
# - free ports: kernels now start one at a time (casekit.sphinxext.kernelstart);
# - IPython's history database: nbval's kernels all open the profile's history.sqlite, and a
#   kernel creating its history session while another holds the database's lock can hang at
#   start-up (ipython/ipython#11460). nbclient, which runs the build's notebooks, gives its
#   kernels an in-memory history for this reason; nbval's kernels get the same.
kernelstart.install()
HISTORY_IN_MEMORY = "--HistoryManager.hist_file=:memory:"


START_ATTEMPTS = 2


def _start_new_kernel(*args, **kwargs):
    """nbval's kernel start, with in-memory history and the kernel's stderr kept.

    nbval sends a kernel's stderr to /dev/null, so a kernel that fails to start leaves
    no trace. Here it goes to a temporary file, quoted in the error. A failed start is
    tried once more and reported as a warning in the test summary; a notebook's own
    errors are never retried.
    """
    kwargs["extra_arguments"] = [*kwargs.get("extra_arguments", []), HISTORY_IN_MEMORY]
    for attempt in range(1, START_ATTEMPTS + 1):
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as stderr:
            kwargs["stderr"] = stderr
            try:
                return _nbval_start_new_kernel(*args, **kwargs)
            except RuntimeError as error:
                stderr.seek(0)
                said = stderr.read().strip()[-2000:] or "(nothing)"
                message = f"kernel start failed (attempt {attempt} of {START_ATTEMPTS}): {error}; kernel stderr: {said}"
                if attempt == START_ATTEMPTS:
                    raise RuntimeError(message) from error
                warnings.warn(message, stacklevel=2)
    raise AssertionError("unreachable")  # pragma: no cover


_nbval_start_new_kernel = compat.wrap_nbval_kernel_start(lambda original: _start_new_kernel)

_state: dict = {"notebooks": set(), "passed": 0}


def _load_manifest(config: pytest.Config) -> dict | None:
    for arg in config.args:
        manifest = Path(config.invocation_params.dir, arg) / "manifest.json"
        if manifest.is_file():
            return json.loads(manifest.read_text())
    return None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Called in the main process for every report, with or without xdist workers.
    if report.when == "call" and ".ipynb::" in report.nodeid:
        _state["notebooks"].add(report.nodeid.split("::")[0])
        if report.passed:
            _state["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if getattr(session.config, "workerinput", None) is not None:
        return  # xdist worker: the main process judges the whole run
    manifest = _load_manifest(session.config)
    problems = []
    if manifest is None:
        problems.append(
            "no manifest.json found next to the notebooks: run `python -m casekit.sphinxext.nbexport` first"
        )
    else:
        if manifest["notebooks"] == 0:
            problems.append("the manifest lists no executed notebooks")
        if len(_state["notebooks"]) < manifest["notebooks"]:
            problems.append(f"nbval collected {len(_state['notebooks'])} notebooks, expected {manifest['notebooks']}")
        if _state["passed"] < manifest["cells_with_outputs"]:
            problems.append(
                f"{_state['passed']} cells passed, expected at least {manifest['cells_with_outputs']} compared"
            )
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for problem in problems:
            if reporter:
                reporter.write_line(f"nbval guard: {problem}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
