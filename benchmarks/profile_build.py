"""Where a build's seconds go: `python benchmarks/profile_build.py [--top 25] [-- jupyter-book build args]`.

Runs ``jupyter-book build`` in this process (default: the strict html build of the current
folder, as ``make build``) and prints, without a profiler's overhead:

* the time to import Jupyter Book's command line (its dependencies);
* the wall time of each Sphinx event handler (which extension, which event), summed;
* the main Sphinx phases (environment load, reading, consistency checks, writing);
* CPU time (user + system) beside wall time, because other processes may share the cores.

A measurement for finding what to fix, not a test. For call-level detail use
``python -m cProfile -o build.prof .venv/bin/jupyter-book build ...``.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

TIMES: dict[str, float] = collections.defaultdict(float)
COUNTS: dict[str, int] = collections.defaultdict(int)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def timed(label: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        TIMES[label] += time.perf_counter() - started
        COUNTS[label] += 1


def _wrap_method(owner: type, name: str, label: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        with timed(label):
            return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def instrument() -> None:
    """Time every event handler and the main phases of a Sphinx build."""
    from sphinx import application, builders, events
    from sphinx.environment import BuildEnvironment

    def emit(self, name, *args, allowed_exceptions=()):
        from operator import attrgetter

        results = []
        for listener in sorted(self.listeners[name], key=attrgetter("priority")):
            handler = listener.handler
            module = getattr(handler, "__module__", "?")
            label = f"event {name}: {module}.{getattr(handler, '__qualname__', handler)}"
            with timed(label):
                try:
                    results.append(handler(self.app, *args))
                except allowed_exceptions:
                    raise
                except Exception as exc:
                    from sphinx.errors import ExtensionError, SphinxError

                    if isinstance(exc, SphinxError):
                        raise
                    raise ExtensionError(f"Handler {handler!r} for event {name!r} threw an exception", exc) from exc
        return results

    events.EventManager.emit = emit
    _wrap_method(application.Sphinx, "_init_env", "phase: load the pickled environment")
    _wrap_method(application.Sphinx, "_init_builder", "phase: builder init")
    _wrap_method(application.Sphinx, "setup_extension", "phase: load extensions (incl. imports)")
    _wrap_method(builders.Builder, "read", "phase: read (outdated check + parse + env-updated)")
    _wrap_method(builders.Builder, "write", "phase: write pages")
    _wrap_method(builders.Builder, "finish", "phase: builder finish (static files, search index)")
    _wrap_method(BuildEnvironment, "check_dependents", "phase: check_dependents (toc/figure numbers)")
    _wrap_method(BuildEnvironment, "get_doctree", "call: env.get_doctree (unpickle a doctree)")
    _wrap_method(builders.Builder, "build", "phase: Builder.build (all of the build proper)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("args", nargs="*", help="arguments for jupyter-book (after --)")
    options = parser.parse_args(argv)
    jb_args = options.args or ["build", "-W", "-n", "--keep-going", "--builder", "html", "."]
    wall0, cpu0 = time.perf_counter(), _cpu()
    with timed("import jupyter_book.cli.main"):
        from jupyter_book.cli.main import main as jb_main
    instrument()
    code = 0
    try:
        jb_main(jb_args, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
    wall, cpu = time.perf_counter() - wall0, _cpu() - cpu0
    load = os.getloadavg()
    print(f"\n{'wall':>8} {'calls':>6}  what  (whole build: wall {wall:.2f} s, cpu {cpu:.2f} s, load {load[0]:.2f})")
    for label, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1])[: options.top]:
        print(f"{seconds:8.3f} {COUNTS[label]:6d}  {label}")
    return int(code)


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd() / "src"))
    sys.exit(main())
