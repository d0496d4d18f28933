"""`retention serve`: the generated Voila configuration, and a real server answering."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import plotly
import pytest
from traitlets.config import PyFileConfigLoader

from toolkit.access import AppAuthorizer, AppIdentityProvider
from toolkit.exercises import ExerciseError
from toolkit.kernel_manager import AppKernelManager
from toolkit.kernels import (
    KERNEL_MB,
    MAX_KERNELS,
    MEMORY_SHARE,
    MIN_KERNELS,
    REFILL_DELAY_SECONDS,
    plan_kernels,
)
from toolkit.month_page import SAVE_PATH
from toolkit.progress import MONTHLY_TARGETS
from toolkit.serve import (
    APPS,
    CELL_TIMEOUT_SECONDS,
    EXERCISES_CHECKED_ENV,
    LABEXTENSIONS_URL,
    PLOTLY_JS,
    ServeOptions,
    app_urls,
    cell_timeout,
    free_port,
    kernel_pools,
    place_apps,
    place_plotly_js,
    serve,
    voila_command,
    write_config,
)
from toolkit.store import Workspace, coaching
from toolkit.store.participants import add_participant, rotate_key


@pytest.fixture
def notebooks(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in (*APPS, "01_lesson.ipynb"):
        (folder / name).write_text("{}")
    return folder


def load(path: Path):
    """The config a Voila process would read from ``path`` (a generated voila.py)."""
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


def test_config_hides_code_and_tracebacks_and_locks_the_template(tmp_path, notebooks):
    options = ServeOptions(workspace=tmp_path, port=9999, notebooks=notebooks)
    config = load(write_config(options))
    assert config.Voila.ip == "127.0.0.1"
    assert config.Voila.port == 9999
    voila = config.VoilaConfiguration
    assert (voila.template, voila.strip_sources, voila.show_tracebacks) == ("lab", True, False)
    assert voila.allow_template_override == voila.allow_theme_override == "NO"
    assert (voila.preheat_kernel, voila.progressive_rendering) == (True, False)
    assert config.MappingKernelManager.cull_idle_timeout > 0
    assert config.VoilaExecutor.timeout == CELL_TIMEOUT_SECONDS
    assert config.VoilaExecutor.timeout_func is cell_timeout
    assert config.Voila.port_retries == 0  # a taken port is an error, not another port


def test_plotly_extension_is_not_loaded_and_only_plotly_js_is_added_to_the_files(
    tmp_path, notebooks
):
    voila = load(write_config(ServeOptions(workspace=tmp_path, notebooks=notebooks)))
    denied = voila.VoilaConfiguration.extension_denylist
    assert {"jupyterlab-plotly", "anywidget"} <= set(denied)
    allowed = voila.VoilaConfiguration.file_allowlist
    assert allowed == [r"static/plotly\.min\.js"]  # Voila's images (none in the apps) are off
    assert any(re.fullmatch(pattern, PLOTLY_JS) for pattern in allowed)
    for other in ("static/other.js", "photo.png", "../workspace/workspace.db"):
        assert not any(re.fullmatch(pattern, other) for pattern in allowed)


def test_only_the_app_notebooks_are_placed_in_the_served_folder(tmp_path, notebooks):
    options = ServeOptions(workspace=tmp_path, notebooks=notebooks)
    (options.apps_dir / "stale.ipynb").parent.mkdir(parents=True)
    (options.apps_dir / "stale.ipynb").write_text("{}")

    folder = place_apps(options)

    served = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert served == sorted([*APPS, PLOTLY_JS])


def test_the_server_answers_to_its_own_names_and_the_coach_apps_need_a_login(tmp_path, notebooks):
    options = ServeOptions(
        workspace=tmp_path,
        notebooks=notebooks,
        host="0.0.0.0",
        public_urls=("https://coach.example.com", "http://192.168.1.5:8866"),
        max_kernels=12,
    )
    config = load(write_config(options))

    assert config.ToolkitVoila.public_names == ["192.168.1.5", "coach.example.com"]
    assert config.ToolkitVoila.secure_cookies is True
    assert config.ToolkitVoila.identity_provider_class is AppIdentityProvider
    assert config.ToolkitVoila.authorizer_class is AppAuthorizer
    assert config.VoilaConfiguration.multi_kernel_manager_class is AppKernelManager
    assert config.AppKernelManager.max_kernels == 12
    assert config.MappingKernelManager.cull_connected is True
    assert options.base_url == "https://coach.example.com"


def test_plotly_js_is_placed_in_the_served_folder_and_refreshed_when_it_differs(notebooks):
    installed = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    target = place_plotly_js(notebooks)
    assert target == notebooks / "static" / "plotly.min.js"
    assert target.read_bytes() == installed.read_bytes()
    target.write_text("an older plotly")
    place_plotly_js(notebooks)
    assert target.stat().st_size == installed.stat().st_size


def test_config_is_found_by_voila_and_nothing_else_is_read(tmp_path, notebooks):
    options = ServeOptions(workspace=tmp_path, notebooks=notebooks)
    command = voila_command(options)
    assert command[1:4] == ["-m", "toolkit.voila_server", str(options.apps_dir.resolve())]
    assert f"--Voila.config_file_paths={(tmp_path / '.serve').resolve()}" in command
    assert not any("{" in part for part in command)  # no dict flags on the command line


def test_pools_are_keyed_by_notebook_path_and_learner_notebooks_get_none(tmp_path, notebooks):
    (notebooks / "facilitator.ipynb").unlink()
    options = ServeOptions(workspace=tmp_path, notebooks=notebooks, memory_mb=24_000)
    pools = kernel_pools(options, options.plan())
    assert pools == {
        "default": {"pool_size": 0},
        "participant.ipynb": {"pool_size": 4},  # a mastermind group arriving together
        "coach_session.ipynb": {"pool_size": 1},
    }


def test_preheating_can_be_switched_off(tmp_path, notebooks):
    config = load(
        write_config(ServeOptions(workspace=tmp_path, notebooks=notebooks, preheat=False))
    )
    assert config.VoilaConfiguration.preheat_kernel is False
    assert "VoilaKernelManager" not in config


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        ("query = get_query_string()", None),
        ("from voila.utils import wait_for_request\nwait_for_request()", None),
        ("app.start(query)", CELL_TIMEOUT_SECONDS),
    ],
)
def test_only_the_cell_waiting_for_the_visitor_has_no_time_limit(source, limit):
    assert cell_timeout({"source": source, "cell_type": "code"}) == limit


def test_app_urls_list_the_existing_app_notebooks(tmp_path):
    (tmp_path / "participant.ipynb").write_text("{}")
    urls = app_urls(ServeOptions(workspace=tmp_path, host="0.0.0.0", notebooks=tmp_path))
    assert urls == {"participant": "http://0.0.0.0:8866/voila/render/participant.ipynb"}
    assert "participant.ipynb" in APPS


def widgets_remote_entry() -> str:
    """The ipywidgets front end's entry file, relative to the lab extensions folder
    (its name carries a hash of its content, as every file under ``static/`` does)."""
    extensions = Path(sys.prefix, "share", "jupyter", "labextensions")
    (entry,) = extensions.glob("@jupyter-widgets/jupyterlab-manager/static/remoteEntry.*.js")
    return entry.relative_to(extensions).as_posix()


@pytest.mark.slow
def test_served_participant_page_is_voila_without_sources_or_public_cdn(tmp_path, backend):
    """Also on PostgreSQL (``backend``): the server renders the month page and saves its
    targets there, and the kernel of the full page reads it."""
    ws = Workspace.open(tmp_path / "ws")
    add_participant(ws, "Northfield Engineering", "northfield")
    key = rotate_key(ws, "northfield")
    ws.close()
    port = free_port()
    env = {**os.environ, "TOOLKIT_WORKSPACE": str(tmp_path / "ws")}
    server = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "serve", "--port", str(port), "--no-preheat"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=Path(__file__).parent,
    )
    try:
        url = f"http://127.0.0.1:{port}/voila/render/participant.ipynb?key={key}&tab=this-month"
        page = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    page = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.5)
        assert "This link does not open a page" not in page  # the key was accepted
        assert "from toolkit" not in page  # sources stripped
        assert 'data-voila="voila"' in page  # Voila's lab page ...
        assert "https://" not in page  # ... loading nothing from other hosts (fonts, mermaid)
        assert "#loading .spinner { animation: none; }" in page  # a still spinner
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        extension = f"http://127.0.0.1:{port}{LABEXTENSIONS_URL}{widgets_remote_entry()}"
        with urllib.request.urlopen(extension, timeout=30) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        month = url.removesuffix("&tab=this-month")
        with urllib.request.urlopen(month, timeout=60) as response:
            assert "Northfield Engineering" in response.read().decode()  # from the database
        targets = [{"text": "Call the three", "done": True}] + [{"text": "", "done": False}] * 5
        save = json.dumps({"key": key, "version": 0, "keep": [], "targets": targets}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{SAVE_PATH}", save, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read())["version"] > 0
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/voila/render/participant.ipynb" in output  # listed ...
    assert key not in output  # ... and its visit logged without the personal key
    assert "Traceback" not in output  # the kernel opened the page on this backend
    with Workspace.open(tmp_path / "ws") as ws:
        saved = coaching.latest_answers(ws, "northfield", MONTHLY_TARGETS)["targets"]
    assert saved[0] == {"text": "Call the three", "done": True}


def test_the_participant_pool_is_sized_to_the_group_expected(tmp_path, notebooks):
    options = ServeOptions(workspace=tmp_path, notebooks=notebooks, expect=20, memory_mb=24_000)
    config = load(write_config(options))
    pools = config.VoilaKernelManager.kernel_pools_config
    assert pools["participant.ipynb"] == {"pool_size": 20}
    assert pools["coach_session.ipynb"] == pools["facilitator.ipynb"] == {"pool_size": 1}
    # room for the group's 20 kernels, a full refill of the pool and the coach apps' pools
    assert config.AppKernelManager.max_kernels == 42


@pytest.mark.parametrize(
    ("expect", "memory_mb", "max_kernels", "pool", "cap"),
    [
        (20, 24_000, None, 20, 42),  # memory for 120 kernels: the group and its refill
        (4, 24_000, None, 4, MAX_KERNELS),  # the default cap when few are expected
        (20, 2_000, None, 4, 10),  # memory for 10 kernels: 2 x 4 + the coach apps' 2
        (20, 24_000, 12, 5, 12),  # an explicit --max-kernels is obeyed
        (20, 8_000, 60, 19, 60),  # ... and the pool still fits in memory (40 kernels)
        (5, 100, None, 1, MIN_KERNELS),  # no memory to speak of: one kernel kept ready
    ],
)
def test_the_pool_is_capped_by_the_memory_budget(expect, memory_mb, max_kernels, pool, cap):
    plan = plan_kernels(expect, memory_mb, max_kernels)
    assert (plan.participant_pool, plan.max_kernels) == (pool, cap)
    assert plan.memory_kernels == int(memory_mb * MEMORY_SHARE // KERNEL_MB)
    assert f"{pool} participant kernels preheated" in plan.describe()


def test_closed_tabs_kernels_go_within_two_minutes_and_idle_pages_after_idle_minutes(
    tmp_path, notebooks
):
    options = ServeOptions(workspace=tmp_path, notebooks=notebooks, idle_minutes=25)
    config = load(write_config(options))
    culling = config.MappingKernelManager
    assert culling.cull_idle_timeout == 25 * 60
    assert culling.cull_connected is True  # an open page left idle is culled too
    disconnected = config.AppKernelManager.cull_disconnected_timeout
    assert disconnected + culling.cull_interval <= 120
    assert ServeOptions(workspace=tmp_path).idle_minutes == 60


def test_refills_pause_in_the_kernel_manager_not_in_voila(tmp_path, notebooks):
    config = load(write_config(ServeOptions(workspace=tmp_path, notebooks=notebooks)))
    # Voila's own delay would also hold back a visitor waiting for a pooled kernel
    assert config.VoilaKernelManager.fill_delay == 0
    assert config.AppKernelManager.refill_delay == REFILL_DELAY_SECONDS > 0


def test_serve_takes_expect_and_idle_minutes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert "--expect" in result.stdout
    assert "--idle-minutes" in result.stdout


def test_serve_checks_the_exercises_once_so_kernels_skip_the_schema(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr("toolkit.serve.os.execve", lambda *args: started.append(args))
    serve(ServeOptions(workspace=tmp_path / "ws", memory_mb=24_000))
    (_, command, env) = started[0]
    assert command[1:3] == ["-m", "toolkit.voila_server"]
    assert env[EXERCISES_CHECKED_ENV] == "1"


def test_serve_refuses_to_start_with_a_broken_exercise_file(tmp_path, monkeypatch):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: broken\nschema_version: 1\ntitle: [unclosed\n")
    monkeypatch.setenv("TOOLKIT_EXERCISES", str(folder))
    monkeypatch.setattr("toolkit.serve.os.execve", pytest.fail)
    with pytest.raises(ExerciseError, match=r"broken\.yaml"):
        serve(ServeOptions(workspace=tmp_path / "ws", memory_mb=24_000))
