"""`retention serve`: the Voila command line, and a real server answering."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from toolkit.serve import APPS, ServeOptions, app_urls, voila_command
from toolkit.store import Workspace
from toolkit.store.participants import add_participant


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_command_hides_code_and_tracebacks_and_locks_the_template(tmp_path):
    command = voila_command(ServeOptions(workspace=tmp_path, port=9999))
    for flag in (
        "--template=lab",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--Voila.ip=127.0.0.1",
        "--port=9999",
        "--preheat_kernel=True",
    ):
        assert flag in command
    assert any(part.startswith("--MappingKernelManager.cull_idle_timeout=") for part in command)
    assert any(part.startswith("--VoilaExecutor.timeout=") for part in command)


def test_preheating_can_be_switched_off(tmp_path):
    command = voila_command(ServeOptions(workspace=tmp_path, preheat=False))
    assert not any("preheat" in part or "kernel_pools" in part for part in command)


def test_app_urls_list_the_existing_app_notebooks(tmp_path):
    (tmp_path / "participant.ipynb").write_text("{}")
    urls = app_urls(ServeOptions(workspace=tmp_path, host="0.0.0.0", notebooks=tmp_path))
    assert urls == {"participant": "http://0.0.0.0:8866/voila/render/participant.ipynb"}
    assert "participant.ipynb" in APPS


@pytest.mark.slow
def test_served_start_page_lists_the_participants(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    add_participant(ws, "Northfield Engineering", "northfield")
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
        url = f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb"
        page = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Northfield Engineering" in page
        assert "from toolkit" not in page  # sources stripped
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert url in output
