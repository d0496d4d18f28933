"""Crashes lose nothing that was saved, and almost nothing that was typed (issue 11,
parts 2 and 6): ``kill -9`` of a page's kernel 300 ms after a keystroke, and ``kill -9``
of the server while a member types."""

from __future__ import annotations

import sqlite3

import pytest

from tests.load.outcomes import stored_targets

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Milliseconds between the last change and the crash of the page's kernel.
BEFORE_CRASH_MS = 300
#: Completed words, each saved (the page said so) before the server is killed.
SAVED_WORDS = ("Write ", "down ", "the ", "onboarding ")
#: Completed words typed while the server is killed.
TYPED_WORDS = ("steps ", "and ", "share ", "them ", "with ", "the ", "team ")
#: The word after which the server is killed.
KILLED_AFTER = 3


def test_a_change_typed_just_before_its_kernel_dies_is_in_the_database(group, member, open_targets):
    participant_id = member()
    page = open_targets(participant_id)
    page.write(1, "")
    kernel = group.kernel(page.kernel_id)

    page.focus(1)
    page.page.keyboard.insert_text("Visit two sites")
    page.page.wait_for_timeout(BEFORE_CRASH_MS)
    kernel.kill()
    kernel.wait(timeout=30)

    assert stored_targets(group.workspace, participant_id)[0].text == "Visit two sites"


def test_after_the_server_is_killed_the_database_is_whole_and_has_every_saved_change(
    group, member, open_targets
):
    participant_id = member()
    page = open_targets(participant_id)
    page.write(1, "")
    page.focus(1)
    for word in SAVED_WORDS:
        since = len(page.status_log())
        page.page.keyboard.insert_text(word)
        page.wait_saved_since(since)
    for number, word in enumerate(TYPED_WORDS):
        if number == KILLED_AFTER:
            group.kill()
        page.page.keyboard.insert_text(word)
        page.page.wait_for_timeout(60)

    group.start()
    with sqlite3.connect(group.workspace / "workspace.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    stored = stored_targets(group.workspace, participant_id)[0].text
    saved, typed = "".join(SAVED_WORDS).strip(), "".join(SAVED_WORDS + TYPED_WORDS)
    assert stored.startswith(saved)
    assert typed.startswith(stored)
