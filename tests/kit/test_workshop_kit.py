"""The workshop kit installs on a laptop with no network and runs its notebooks.

Builds the kit for this machine's platform and Python (the wheels come from the cache that
`make wheelhouse-host` fills once), unpacks it, installs it into a fresh virtual environment
with `pip install --no-index` from the kit's own wheels, with pip's configuration and the
machine's package mirrors switched off and every proxy pointing at a closed port, then
executes a case notebook and the diagnostic profile from the kit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

import make_workshop_kit as kit  # noqa: E402

CASE_NOTEBOOK = "notebooks/rural-ecommerce/bangladesh-digital-centres-ekshop.ipynb"
NOTEBOOKS = (CASE_NOTEBOOK, "notebooks/diagnostic/profile.ipynb")  # executed (each costs a kernel start)
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, so any download fails at once


def offline_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "CASEKIT_", "JUPYTER", "VIRTUAL_ENV"))}
    env.update(
        PIP_CONFIG_FILE=os.devnull,  # no pip.conf: no mirror, no find-links, no constraints from this machine
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        HTTP_PROXY=CLOSED,
        HTTPS_PROXY=CLOSED,
        http_proxy=CLOSED,
        https_proxy=CLOSED,
        NO_PROXY="",
        JUPYTER_DATA_DIR=str(tmp / "jupyter-data"),  # only the kit environment's own kernel
        JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
    )
    return env


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return time.perf_counter() - start


def test_kit_installs_offline_and_runs_its_notebooks(tmp_path):
    timings: dict[str, float] = {}
    zip_path = tmp_path / "workshop-kit.zip"
    timings["build kit"] = run(
        [
            sys.executable,
            str(REPO / "tools/make_workshop_kit.py"),
            "--out",
            str(zip_path),
            "--targets",
            "host",
            "--no-site",
        ],
        REPO,
        dict(os.environ),
    )
    root = tmp_path / "kit"
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        archive.extractall(root)
    wheels = [n for n in names if n.startswith("wheels/") and n.endswith(".whl")]
    assert len(wheels) >= 100, "the kit should carry a wheel for every locked package"
    for notebook in (*NOTEBOOKS, "notebooks/places-like-mine.ipynb"):
        assert notebook in names
    assert "data/diagnostic/example-responses-SYNTHETIC.csv" in names
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "--no-index --find-links wheels -r requirements-kit.lock" in readme

    env = offline_env(tmp_path)
    python = root / ".venv" / "bin" / "python"
    timings["create venv"] = run([sys.executable, "-m", "venv", str(root / ".venv")], root, env)
    timings["install from wheels"] = run(
        [str(python), "-m", "pip", "install", "--no-index", "--find-links", "wheels", "-r", kit.KIT_LOCK, "--quiet"],
        root,
        env,
    )
    package = next(n for n in names if n.startswith("casekit-") and n.endswith(".whl"))
    run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", package, "--quiet"], root, env)

    for notebook in NOTEBOOKS:
        target = root / notebook
        timings[f"execute {target.name}"] = run(
            [
                str(root / ".venv" / "bin" / "jupyter"),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=300",
                "--output",
                f"{target.stem}.executed.ipynb",
                target.name,
            ],
            target.parent,
            env,
        )
        executed = json.loads(target.with_name(f"{target.stem}.executed.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
        assert outputs and not [o for o in outputs if o.get("output_type") == "error"]
        setup = executed["cells"][0]["outputs"][0]["text"]
        assert "reads the book's data from" in "".join(setup) and str(root) in "".join(setup)
        if target.stem == "profile":
            html = json.dumps(outputs)
            assert html.count("SYNTHETIC example data: ") >= 8  # the table caption and every chart title
    print("\nworkshop kit timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
