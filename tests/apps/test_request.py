"""A preheated kernel waits for the visitor's request without importing Voila's server."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading

import pytest
import websockets

from toolkit.apps.request import get_query_string
from toolkit.serve import free_port

REQUEST = {"QUERY_STRING": "key=abc", "SCRIPT_NAME": "/voila/render/participant.ipynb"}


@pytest.fixture
def voila_query_socket(monkeypatch):
    """Voila's ``voila/query/<kernel id>`` socket: sends the request once a kernel asks."""
    port = free_port()
    paths: list[str] = []
    ready = threading.Event()
    stop = threading.Event()

    async def hand_over(socket) -> None:
        paths.append(socket.request.path)
        await socket.send(json.dumps(REQUEST))

    async def serve() -> None:
        async with websockets.serve(hand_over, "127.0.0.1", port):
            ready.set()
            while not stop.is_set():
                await asyncio.sleep(0.01)

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(10)
    for name, value in {
        "VOILA_PREHEAT": "True",
        "VOILA_APP_PORT": str(port),
        "VOILA_KERNEL_ID": "k-1",
        "VOILA_SERVER_URL": "/",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("SCRIPT_NAME", raising=False)
    yield paths
    stop.set()
    thread.join(10)


def test_a_preheated_kernel_gets_the_visitors_query_string(voila_query_socket):
    assert get_query_string() == "key=abc"
    assert voila_query_socket == ["/voila/query/k-1"]


def test_outside_a_preheated_kernel_the_query_string_is_in_the_environment(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "key=xyz")
    assert get_query_string() == "key=xyz"


def test_waiting_for_the_request_imports_no_server():
    code = (
        "import sys; import toolkit.apps.request; "
        "print(any(m in sys.modules for m in ('voila', 'jupyter_server', 'nbconvert')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"
