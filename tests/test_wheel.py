"""The built wheel works without a source checkout: ``retention demo``, ``report`` and
``serve`` from a fresh virtual environment, run outside the repository.

The wheel goes into the fresh environment with ``--no-deps``; its dependencies are the
ones this test run already has (a ``.pth`` line adds their folder after the fresh
environment's own), and the test checks that every requirement the wheel declares is
met by them. So it takes seconds, and what it proves is what a wheel can get wrong: the
files it carries (package data: notebooks, exercises, templates, migrations) and the
requirements it declares. The editable install of the checkout is not reachable: its
finder sits in a ``.pth`` file, which a ``.pth`` line does not load. The dependencies'
Jupyter data files (Voila's templates, the widgets' front end) lie under this run's
prefix, so ``JUPYTER_PATH`` points there, as their own install would have put them under
the fresh environment's.
"""

from __future__ import annotations

import email
import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from toolkit.serve import free_port

ROOT = Path(__file__).resolve().parent.parent
#: The firm every demo workspace has.
DEMO_MEMBER = "northfield"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed: its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


#: The environment of the fresh installation's commands (see the module's docstring).
ENVIRONMENT = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}


def _run(fresh: Path, *args: str, cwd: Path) -> str:
    done = subprocess.run(
        [fresh / args[0], *args[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env=ENVIRONMENT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_wheel_carries_the_notebooks_and_exercises(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"toolkit/notebooks/{notebook.name}" in names
    for exercise in (ROOT / "exercises").glob("*.yaml"):
        assert f"toolkit/exercises/shipped/{exercise.name}" in names
    assert "toolkit/py.typed" in names


def test_declared_requirements_are_met(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        message = email.message_from_bytes(archive.read(metadata))
    required = [Requirement(line) for line in message.get_all("Requires-Dist")]
    base = [r for r in required if r.marker is None]
    assert {r.name for r in base} >= {"voila", "ipywidgets", "pandas", "sqlalchemy"}
    for requirement in base:
        installed = importlib.metadata.version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (
            requirement,
            installed,
        )


def test_installed_toolkit_is_the_wheel(fresh: Path, tmp_path: Path):
    where = _run(fresh, "python", "-c", "import toolkit; print(toolkit.__file__)", cwd=tmp_path)
    assert str(fresh.parent) in where


def test_demo_report_and_serve_work_from_the_wheel(fresh: Path, tmp_path: Path):
    workspace = tmp_path / "ws"
    retention = ("retention", "--workspace", str(workspace))
    shown = _run(fresh, *retention, "demo", "--participants", "2", cwd=tmp_path)
    report = _run(fresh, *retention, "report", DEMO_MEMBER, cwd=tmp_path)
    path = Path(report.strip().splitlines()[-1].split(" written to ", 1)[1])
    assert path.suffix == ".html" and path.stat().st_size > 1000

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # the personal link the demo printed, on this server's port
    link = re.search(r"https?://[^/\s]+(/voila/render/participant.ipynb\?key=\S+)", shown)
    url = base + link[1]
    server = subprocess.Popen(
        [fresh / retention[0], *retention[1:], "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env=ENVIRONMENT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    page = response.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "retention serve did not answer"
                time.sleep(1)
        assert response.status == 200
        assert "voila" in page.lower()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/voila/render/no-such-app.ipynb", timeout=60)
        assert missing.value.code in {403, 404}
    finally:
        server.terminate()
        server.wait(timeout=60)
