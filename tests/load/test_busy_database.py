"""A save the database is too busy for is retried, and the status line says so until it
has gone through (issue 11, parts 2 and 6)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.load.outcomes import stored_targets
from tests.load.targets_page import RETRYING
from toolkit.store.workspace import BUSY_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEXT = "Call the three clients we lost touch with"


@contextmanager
def exclusive_lock(database: Path) -> Iterator[None]:
    """Hold the database's write lock (``BEGIN EXCLUSIVE``) until the block ends."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def test_a_change_typed_while_the_database_is_locked_is_saved_after_the_lock(
    group, member, open_targets
):
    participant_id = member()
    page = open_targets(participant_id)
    page.write(1, "")
    page.expect_saved()  # nothing left to save before the lock

    with exclusive_lock(group.workspace / "workspace.db"):
        locked_at = time.monotonic()
        since = len(page.status_log())
        page.focus(1)
        page.page.keyboard.insert_text(TEXT)
        expect(page.status).to_contain_text(RETRYING, timeout=BUSY_TIMEOUT_MS + 30_000)
        held_s = time.monotonic() - locked_at
        while_locked = page.status_log()[since:]
    assert held_s > BUSY_TIMEOUT_MS / 1000
    assert not any(text.startswith("Saved") for text in while_locked), while_locked

    page.expect_saved(timeout_ms=30_000)
    assert stored_targets(group.workspace, participant_id)[0].text == TEXT
    assert page.box(1).input_value() == TEXT
