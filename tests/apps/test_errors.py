"""A failing callback tells the user kindly and logs the traceback, never to the page."""

from __future__ import annotations

import logging

from toolkit.apps.errors import friendly_message, guarded, server_log


def test_a_failing_callback_is_logged_and_told_kindly(caplog):
    told: list[str] = []

    @guarded(told.append, "saving the notes")
    def fail() -> None:
        raise RuntimeError("database is locked")

    logger = server_log()
    logger.propagate = True
    try:
        with caplog.at_level(logging.ERROR, logger=logger.name):
            assert fail() is None
    finally:
        logger.propagate = False
    assert told == [friendly_message("saving the notes")]
    assert "database is locked" not in told[0]
    assert "RuntimeError: database is locked" in caplog.text


def test_a_working_callback_returns_its_value():
    told: list[str] = []
    assert guarded(told.append, "adding")(lambda a, b: a + b)(2, 3) == 5
    assert told == []
