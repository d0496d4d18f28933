"""A page that knows its kernel is gone (issue 11, part 4), against a real server.

Each case breaks what a page depends on the way it happens in use: the kernel's process
killed, the server killed and started again while the page slept (a laptop's lid), the
kernel shut down by the server (as culling does). The page must then say so within
seconds, keep what was typed, and take no more input; the server must not bring a blank
kernel up under it. These tests kill kernels and servers, so they run their own servers
(the session's ``served`` one is shared with other tests).
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TIMEOUT_MS, screenshot
from tests.security.conftest import START_TIMEOUT_S, Server, own_server
from tests.serving import start_server, wait_started
from toolkit.store.participants import personal_link

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: How soon the page must say that its kernel is gone.
NOTICE_MS = 15_000
TYPED = "Ask the three largest clients what they would miss"
LOST = "Connection lost: reload to continue."
#: The server's log line when a dead kernel is removed, and the restarter's when it restarts.
REMOVED = "died, removing from map"
RESTARTED = "restarting kernel"
#: Controls the banner leaves alone (its Reload button), and how every other one must be.
LOCKED = """() => [...document.querySelectorAll('input, textarea, select, button')]
  .filter(control => !control.closest('.tk-connection-lost'))
  .map(control => {
    const typed = control.tagName === 'TEXTAREA' || (control.tagName === 'INPUT' &&
      !/^(checkbox|radio|range|color|file|button|submit|reset|image)$/.test(control.type));
    return typed ? control.readOnly : control.disabled;
  })"""

#: Run in a page before its own scripts: once ``refuseSockets`` is set, every new websocket
#: goes to a path the server refuses (as behind a proxy that lets none through), and
#: ``closeSockets()`` closes the open ones.
REFUSING = """(() => {
  const Native = window.WebSocket;
  const sockets = [];
  window.refuseSockets = false;
  window.closeSockets = () => sockets.forEach(socket => socket.close());
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(window.refuseSockets ? url.replace("/api/", "/refused/") : url, protocols);
      sockets.push(this);
    }
  };
})()"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """A server whose kernels these tests may kill (it survives them)."""
    yield from own_server(tmp_path_factory, "connection-workspace")


@pytest.fixture
def lone_server(tmp_path_factory) -> Iterator[Server]:
    """A server for one test only: it will be killed."""
    yield from own_server(tmp_path_factory, "restarted-workspace")


def base_url(server: Server) -> str:
    return f"http://127.0.0.1:{server.port}"


def member_link(server: Server) -> str:
    member = sorted(server.demo.keys)[0]
    return personal_link(base_url(server), server.demo.keys[member], "this-month")


def member_page(open_page, server: Server, viewport: str = "desktop"):
    """The first member's page, with the targets form open."""
    page = open_page(member_link(server), viewport)
    page.get_by_role("button", name="Tick or edit my targets").click()
    return page


def kernel_id(page) -> str:
    return page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def kernel_process(kernel: str) -> int | None:
    """The process id of the kernel whose connection file is ``kernel-<id>.json``."""
    needle = f"kernel-{kernel}.json".encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and needle in (entry / "cmdline").read_bytes():
                return int(entry.name)
        except OSError:  # the process ended while we looked
            continue
    return None


def type_and_save(page) -> str:
    """Type into the first target and wait until it is saved; the saved time shown."""
    target = page.get_by_placeholder("target 1")
    target.fill(TYPED)
    target.press("Tab")
    saved = page.locator(".tk-last-saved").last
    expect(saved).to_have_text(re.compile(r"\d\d:\d\d"))
    return saved.inner_text()


def banner(page):
    return page.get_by_role("alert").filter(has_text=LOST)


def kernel_status(server: Server, kernel: str) -> int:
    return server.request(f"/api/kernels/{kernel}").status


def test_a_killed_kernel_is_reported_and_not_brought_back(server, open_page):
    page = member_page(open_page, server, "phone")
    saved = type_and_save(page)
    kernel = kernel_id(page)
    process = kernel_process(kernel)
    assert process is not None

    os.kill(process, signal.SIGKILL)
    started = time.monotonic()
    expect(banner(page)).to_be_visible(timeout=NOTICE_MS)
    noticed = time.monotonic() - started

    expect(banner(page)).to_contain_text(f"{LOST} Last saved {saved}.")
    expect(banner(page)).to_contain_text("copy it before reloading")
    expect(page.get_by_placeholder("target 1")).to_have_value(TYPED)
    locked = page.evaluate(LOCKED)
    assert locked and all(locked)
    expect(banner(page).get_by_role("button", name="Reload")).to_be_enabled()
    screenshot(page, "participant-connection-lost-phone")
    assert kernel_status(server, kernel) == 404
    assert kernel_process(kernel) is None
    assert REMOVED in server.output and RESTARTED not in server.output
    print(f"banner {noticed:.1f} s after kill -9 of the kernel")


def kill(server: Server) -> None:
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()


def test_a_page_whose_server_is_gone_is_reported(lone_server, open_page):
    page = member_page(open_page, lone_server)
    type_and_save(page)

    kill(lone_server)

    expect(banner(page)).to_be_visible(timeout=NOTICE_MS)  # unreachable twice in a row
    expect(page.get_by_placeholder("target 1")).to_have_value(TYPED)


def test_a_page_asleep_while_the_server_restarted_is_reported(lone_server, open_page):
    page = member_page(open_page, lone_server)
    type_and_save(page)
    kernel = kernel_id(page)
    answers = []
    page.on(
        "response",
        lambda reply: reply.url.endswith(kernel) and answers.append(reply.status),
    )
    debugger = page.context.new_cdp_session(page)
    debugger.send("Debugger.enable")
    debugger.send("Debugger.pause")  # the lid is closed: the page runs no script

    kill(lone_server)
    again = start_server(lone_server.demo.directory, "--port", str(lone_server.port))
    try:
        assert wait_started(again, [], START_TIMEOUT_S)
        debugger.send("Debugger.resume")  # and opened again

        expect(banner(page)).to_be_visible(timeout=NOTICE_MS)
        assert {403, 404} & set(answers)  # the restarted server does not know the kernel
        expect(page.get_by_placeholder("target 1")).to_have_value(TYPED)
    finally:
        again.terminate()
        again.wait(timeout=60)


def test_a_kernel_shut_down_by_the_server_is_reported(server, open_page):
    page = member_page(open_page, server)
    kernel = kernel_id(page)
    api = page.context.request
    api.get(f"{base_url(server)}/login")  # sets the _xsrf cookie a DELETE must echo
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")

    shut = api.delete(f"{base_url(server)}/api/kernels/{kernel}", headers={"X-XSRFToken": xsrf})

    assert shut.status == 204
    expect(banner(page)).to_be_visible(timeout=NOTICE_MS)
    expect(banner(page)).not_to_contain_text("Last saved")  # nothing was saved on this page
    screenshot(page, "participant-connection-lost-desktop")
    with page.expect_navigation(timeout=PAGE_TIMEOUT_MS):
        banner(page).get_by_role("button", name="Reload").click()
    expect(page.locator(".tk-page .tk-header")).to_be_visible()
    assert kernel_id(page) != kernel
    expect(banner(page)).to_have_count(0)


def test_a_kernel_websocket_that_cannot_reconnect_is_reported(server, new_page):
    page = new_page()
    page.add_init_script(REFUSING)
    page.goto(member_link(server), timeout=PAGE_TIMEOUT_MS)
    page.locator(".tk-page .tk-header").wait_for(timeout=PAGE_TIMEOUT_MS)
    kernel = kernel_id(page)

    page.evaluate("() => { window.refuseSockets = true; window.closeSockets(); }")

    expect(banner(page)).to_be_visible(timeout=NOTICE_MS)
    assert kernel_status(server, kernel) == 200  # the kernel runs: the socket was the fault


def test_asking_about_the_kernel_is_not_kernel_activity(server, open_page):
    """The page's checks must not keep a kernel alive that the server would cull."""
    page = open_page(member_link(server))  # and left alone
    kernel = kernel_id(page)

    def after_checks(count: int) -> str:
        for _ in range(count):
            page.wait_for_event("request", lambda request: request.url.endswith(kernel))
        return json.loads(server.request(f"/api/kernels/{kernel}").body)["last_activity"]

    settled = after_checks(1)  # the page has drawn itself and its kernel is idle
    assert after_checks(2) == settled
