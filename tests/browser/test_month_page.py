"""The month page (the personal link's kernel-free first view) in Chromium, against a real
``retention serve``: typing as phones and pastes do, two windows of one member, a busy
database and a server that goes away. Each test compares the database with what the
member typed."""

from __future__ import annotations

import re
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TIMEOUT_MS, screenshot
from tests.security.conftest import START_TIMEOUT_S, Server, own_server
from tests.serving import start_server, wait_started
from toolkit.progress import MONTHLY_TARGETS
from toolkit.store import Workspace, coaching
from toolkit.store.participants import personal_link
from toolkit.store.workspace import BUSY_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Longest wait for a save: the retry pauses reach 10 s.
SAVED_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """A server of its own: these tests change members' targets."""
    yield from own_server(tmp_path_factory, "month-page-workspace")


@pytest.fixture
def lone_server(tmp_path_factory) -> Iterator[Server]:
    """A server for one test only: it will be killed and started again."""
    yield from own_server(tmp_path_factory, "month-page-restarted")


def member(server: Server, number: int) -> str:
    return sorted(server.demo.keys)[number]


def open_month(new_page, server: Server, participant_id: str, viewport=(1280, 800)):
    """A new window with the member's personal link open and its script running."""
    page = new_page(*viewport)
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    link = personal_link(f"http://127.0.0.1:{server.port}", server.demo.keys[participant_id])
    page.goto(link)
    page.locator("body[data-ready='1']").wait_for()
    return page


def stored(server: Server, participant_id: str) -> list[dict]:
    with Workspace.open(server.demo.directory) as ws:
        answers = coaching.latest_answers(ws, participant_id, MONTHLY_TARGETS)
    return answers.get("targets") or []


def saved(page) -> None:
    expect(page.locator("#status")).to_have_text(re.compile(r"^Saved "), timeout=SAVED_MS)


def line(page, number: int):
    return page.get_by_label(f"Target {number}", exact=True)


def test_text_typed_as_phones_and_pastes_send_it_is_saved_as_typed(server, new_page):
    who = member(server, 0)
    page = open_month(new_page, server, who)
    box = line(page, 1)
    box.fill("")
    box.press_sequentially("Call the ")
    # a phone keyboard's word completion and a paste: one input event each, ending in a space
    page.keyboard.insert_text("three ")
    page.keyboard.insert_text("largest ")
    page.keyboard.insert_text("clients about next year ")
    page.get_by_label("Target 2 done").check()
    saved(page)

    assert stored(server, who)[0]["text"] == "Call the three largest clients about next year"
    assert stored(server, who)[1]["done"] is True
    expect(box).to_have_value("Call the three largest clients about next year ")  # as typed
    page.reload()
    page.locator("body[data-ready='1']").wait_for()
    expect(line(page, 1)).to_have_value("Call the three largest clients about next year")
    expect(page.get_by_label("Target 2 done")).to_be_checked()
    screenshot(page, "month-page-desktop")


def test_two_windows_merge_and_a_line_changed_in_both_is_flagged(server, new_page):
    who = member(server, 1)
    first, second = open_month(new_page, server, who), open_month(new_page, server, who)
    line(first, 3).fill("Written in the first window")
    line(first, 3).blur()
    saved(first)
    line(second, 4).fill("Written in the second window")
    line(second, 4).blur()
    saved(second)
    # the second window, based on an older version, kept the first one's line and shows it
    expect(line(second, 3)).to_have_value("Written in the first window")
    line(first, 4).fill("The first window's own line 4")
    line(first, 4).blur()

    expect(first.locator("#status")).to_contain_text("Changed in another window", timeout=SAVED_MS)
    expect(line(first, 4)).to_have_value("The first window's own line 4")  # kept on screen
    texts = [entry["text"] for entry in stored(server, who)]
    assert texts[2:4] == ["Written in the first window", "Written in the second window"]
    screenshot(first, "month-page-conflict")


def hold_database(path, seconds: float, held: threading.Event) -> None:
    """Keep ``path`` locked for writing by another connection for ``seconds``."""
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    held.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


def test_a_save_the_busy_database_refused_is_retried_until_it_is_in(server, new_page):
    who = member(server, 2)
    page = open_month(new_page, server, who)
    held = threading.Event()
    busy = BUSY_TIMEOUT_MS / 1000 + 4  # longer than the server waits for the database
    holder = threading.Thread(
        target=hold_database, args=(server.demo.directory / "workspace.db", busy, held)
    )
    holder.start()
    held.wait(10)
    line(page, 5).fill("Typed while the database was busy")
    line(page, 5).blur()

    expect(page.locator("#status")).to_contain_text("Not saved yet: retrying", timeout=SAVED_MS)
    holder.join()
    saved(page)
    assert stored(server, who)[4]["text"] == "Typed while the database was busy"


def test_the_server_gone_is_said_and_what_was_typed_is_saved_once_it_is_back(lone_server, new_page):
    who = member(lone_server, 0)
    page = open_month(new_page, lone_server, who, viewport=(390, 844))
    lone_server.process.send_signal(signal.SIGKILL)
    lone_server.process.wait()
    line(page, 2).fill("Typed while the server was down")
    line(page, 2).blur()

    expect(page.locator("#banner")).to_contain_text("Connection lost", timeout=SAVED_MS)
    expect(page.locator("#status")).to_contain_text("Not saved yet")
    screenshot(page, "month-page-connection-lost-phone")
    again = start_server(lone_server.demo.directory, "--port", str(lone_server.port))
    try:
        assert wait_started(again, [], START_TIMEOUT_S)
        saved(page)
        expect(page.locator("#banner")).to_be_hidden()
        assert stored(lone_server, who)[1]["text"] == "Typed while the server was down"
    finally:
        again.terminate()
        again.wait(timeout=60)


def test_a_tab_opens_the_full_page_on_that_tab_and_what_was_just_typed_is_kept(server, new_page):
    who = member(server, 0)
    page = open_month(new_page, server, who)
    line(page, 6).fill("Typed just before switching tabs")  # no pause for the timer
    page.get_by_role("link", name="Commitments").click()

    expect(page.get_by_role("tab", name="Commitments", selected=True)).to_be_visible()
    assert stored(server, who)[5]["text"] == "Typed just before switching tabs"


def test_the_full_form_link_opens_the_targets_form_with_what_the_month_page_saved(server, new_page):
    who = member(server, 2)
    page = open_month(new_page, server, who)
    line(page, 3).fill("Saved on the month page, shown in the full form")
    line(page, 3).blur()
    saved(page)
    page.get_by_role("link", name="the full form").click()

    expect(page.get_by_placeholder("target 3", exact=True)).to_have_value(
        "Saved on the month page, shown in the full form"
    )
    expect(page.get_by_role("tab", name="This month", selected=True)).to_be_visible()
