"""A real ``retention serve`` to attack, and a small HTTP client that shows everything.

The server serves a three-firm demo (keys made by the test, one rotated) with a coach
password set. The client sends exactly what a test asks for (any ``Host``, any cookie),
never follows redirects, and keeps the raw status, headers and body.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.apps.conftest import Demo, make_demo
from tests.conftest import run_async
from tests.serving import PREHEAT, preheats, start_server, wait_started
from toolkit.serve import free_port
from toolkit.store import Workspace, coach_password

PASSWORD = "a long coach password"
START_TIMEOUT_S = 120
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class Server:
    """A running server: its port, demo, output, and ways to talk to it."""

    port: int
    demo: Demo
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        host: str | None = None,
        cookies: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        payload: str | None = None,
        timeout: float = 120,
    ) -> Reply:
        """One request; ``form`` is sent form-encoded, ``payload`` (text) as JSON."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": host or f"127.0.0.1:{self.port}"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if payload is not None:
            body = payload
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        reply = Reply(response.status, response.headers, response.read().decode("utf-8", "replace"))
        connection.close()
        return reply

    def login(self, password: str = PASSWORD) -> tuple[Reply, dict[str, str]]:
        """Log in as the coach the way the form does; the reply and the cookies."""
        form = self.request("/login")
        cookies = form.cookies()
        token = re.search(r'name="_xsrf" value="([^"]+)"', form.body).group(1)
        reply = self.request(
            "/login",
            method="POST",
            cookies=cookies,
            form={
                "_xsrf": token,
                "password": password,
                "next": "/voila/render/coach_session.ipynb",
            },
        )
        return reply, {**cookies, **reply.cookies()}

    def kernel_of(self, reply: Reply) -> str:
        return KERNEL_ID.search(reply.body).group(1)

    def websocket(self, kernel_id: str, *, host: str | None = None, cookies=None) -> int:
        """Open a kernel websocket: 101 when it opens, else the refusing status."""
        headers = {"Host": host or f"127.0.0.1:{self.port}"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        url = f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels"

        async def connect() -> int:
            try:
                connection = await websocket_connect(HTTPRequest(url, headers=headers))
            except HTTPClientError as error:
                return error.code
            connection.close()
            return 101

        return run_async(connect())

    @property
    def output(self) -> str:
        return "".join(self.log)


def running(directory: Path, demo: Demo, *options: str) -> Iterator[Server]:
    """Start ``retention serve`` on a free port and yield it until the tests are done."""
    port = free_port()
    process = start_server(directory, "--port", str(port), *options)
    server = Server(port, demo, process)
    if not wait_started(process, server.log, START_TIMEOUT_S):
        pytest.fail("retention serve did not start:\n" + server.output[-4000:])
    deadline = time.monotonic() + START_TIMEOUT_S
    while (
        preheats(options)
        and "participant.ipynb is filled" not in server.output
        and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=60)


def coached_demo(directory: Path) -> Demo:
    demo = make_demo(directory)
    with Workspace.open(directory) as ws:
        coach_password.set_password(ws, PASSWORD)
    return demo


def own_server(
    tmp_path_factory: pytest.TempPathFactory, name: str, *options: str
) -> Iterator[Server]:
    """A server over a coached demo of its own, in a new folder ``name`` (for a fixture of
    tests that change its data or kill it), started with ``options``."""
    directory = tmp_path_factory.mktemp(name)
    yield from running(directory, coached_demo(directory), *options)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    yield from own_server(tmp_path_factory, "security-workspace", *PREHEAT)
