"""A build killed while it executes notebooks is repaired by the next one (issue 13, section 3).

The scenario a trainer met: a change every page depends on (here a line added to the book's
requirements.lock, as a casekit edit would be), then ``make book`` killed part-way through
executing the notebooks. The next build must execute exactly what the cache lacks, re-read
the pages so they show the new outputs, and leave a cache the nbval export accepts.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from notebookfiles import FRONT_MATTER
from strictbuild import run_build
from test_build_cache import build, executed

from casekit.sphinxext import nbexport
from casekit.sphinxext.registry import Registry

SLOW = 3  # notebooks besides the case page, each sleeping SLEEP seconds
SLEEP = 2


def _slow_notebook(n: int) -> str:
    return FRONT_MATTER + textwrap.dedent(
        f"""\
        # Slow page {n}

        ```{{code-cell}} ipython3
        import os, pathlib, time
        PAGE = {n}  # each page's code differs: jupyter-cache keeps one record per distinct code
        time.sleep({SLEEP})
        lock = pathlib.Path(os.environ["CASEKIT_ROOT"], "requirements.lock").read_text().splitlines()
        print("inputs:", lock[-1])
        ```
        """
    )


def _book_with_slow_pages(book: Path, count: int = SLOW) -> list[str]:
    docs = [f"chapters/slow-{n}" for n in range(1, count + 1)]
    (book / "chapters").mkdir(exist_ok=True)
    for n, doc in enumerate(docs, start=1):
        (book / f"{doc}.md").write_text(_slow_notebook(n))
    toc = (book / "_toc.yml").read_text()
    (book / "_toc.yml").write_text(toc + "".join(f"  - file: {doc}\n" for doc in docs))
    return docs


def _mark_inputs(book: Path, label: str) -> None:
    lock = book / "requirements.lock"
    lines = [line for line in lock.read_text().splitlines() if not line.startswith("# test inputs")]
    lock.write_text("\n".join([*lines, f"# test inputs {label}"]) + "\n")


def _records(book: Path) -> int:
    from jupyter_cache import get_cache

    return len(get_cache(str(Registry(book).cache_dir)).list_cache_records())


def _kill_during_execution(book: Path) -> int:
    """Start a build, SIGKILL its process group once some but not all notebooks are cached."""
    env = {**os.environ, "CASEKIT_ROOT": str(book), "IPYTHONDIR": str(book / "_build" / "ipython")}
    bin_dir = Path(sys.executable).parent
    process = subprocess.Popen(
        [str(bin_dir / "jupyter-book"), "build", "-W", "-n", "--keep-going", str(book)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=book,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        dropped = False  # the build first drops every record (all inputs changed), then executes
        while time.monotonic() < deadline and process.poll() is None:
            count = _records(book)
            dropped = dropped or count == 0
            if dropped and 1 <= count < SLOW + 1:
                break
            time.sleep(0.1)
        assert process.poll() is None, "the build finished before it could be interrupted"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    return _records(book)


def _page_inputs(book: Path, doc: str) -> set[str]:
    html = (Registry(book).html_dir / f"{doc}.html").read_text()
    return set(re.findall(r"inputs: # test inputs (\w+)", html))


def test_a_build_killed_while_executing_is_repaired_by_the_next(minibook):
    started = time.monotonic()
    slow = _book_with_slow_pages(minibook)
    _mark_inputs(minibook, "old")
    assert executed(build(minibook)) == SLOW + 1
    assert all(_page_inputs(minibook, doc) == {"old"} for doc in slow)

    # Every page's fingerprint changes, then the build is killed part-way through execution. Two
    # notebooks can finish between the last poll and the kill; a kill that came too late does not test
    # the repair, so it is tried again with fresh inputs (at most three times).
    for attempt in range(3):
        label = f"new{attempt}"
        _mark_inputs(minibook, label)
        left = _kill_during_execution(minibook)
        if 1 <= left < SLOW + 1:
            break
    assert 1 <= left < SLOW + 1, f"expected the kill part-way through execution, found {left} cached notebooks"
    # The narrowest window: killed after jupyter-cache committed a record but before it wrote the
    # notebook. Made certain here by removing one cached notebook; the next build drops the record.
    from jupyter_cache import get_cache

    cache = get_cache(str(Registry(minibook).cache_dir))
    # (The kill itself may have left exactly that: the first record's notebook already missing.)
    cache._get_notebook_path_cache(cache.list_cache_records()[0].hashkey).unlink(missing_ok=True)
    left -= 1

    log = build(minibook)
    notes = "\n".join(
        line for line in log.splitlines() if "casekit" in line or "Executing" in line or "xecuted" in line
    )
    assert executed(log) == SLOW + 1 - left, notes  # exactly what the cache lacked
    assert _records(minibook) == SLOW + 1
    for doc in slow:
        assert _page_inputs(minibook, doc) == {label}, f"{doc} still shows the outputs from before the change"
    # make test's notebook export finds an executed copy of every notebook (no "run make book" loop).
    notebooks, _, problems = nbexport.export(minibook, Registry(minibook).nbval_dir)
    assert problems == [] and notebooks == SLOW + 1

    assert executed(build(minibook)) == 0  # and then the book is up to date
    print(f"kill-and-repair test: {time.monotonic() - started:.1f} s")


def test_a_build_killed_after_executing_reads_the_pages_again(minibook):
    """Killed after the cache was filled but before Sphinx saved the pages: the next build re-reads them."""
    slow = _book_with_slow_pages(minibook, 1)
    _mark_inputs(minibook, "old")
    build(minibook)
    _mark_inputs(minibook, "new")
    # Fill the cache as the build would, then stop before any page is read.
    env = {**os.environ, "CASEKIT_ROOT": str(minibook), "IPYTHONDIR": str(minibook / "_build" / "ipython")}
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from casekit.sphinxext.execute import prebuild; import pathlib, sys; "
            "prebuild(pathlib.Path(sys.argv[1]), touch_stale=False)",
            str(minibook),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = run_build(minibook)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "prebuild: 0 of" in result.stdout + result.stderr  # nothing left to execute
    assert _page_inputs(minibook, slow[0]) == {"new"}
