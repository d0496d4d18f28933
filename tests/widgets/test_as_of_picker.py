"""The "Data as of" field, headless: a picked date is saved for the participant shown, a
cleared one falls back to the workspace's date, and the page is told to refresh."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.widgets.conftest import PARTICIPANT
from toolkit.widgets.as_of_picker import AsOfPicker

WORKSPACE_DATE = dt.date(2026, 10, 31)


@pytest.fixture
def picker(workspace):
    workspace.set_setting("as_of", WORKSPACE_DATE.isoformat())
    refreshed: list[dt.date] = []
    picker = AsOfPicker(workspace, lambda: refreshed.append(workspace.as_of(PARTICIPANT)))
    picker.refreshed = refreshed
    return picker


def test_it_is_disabled_until_a_participant_is_shown(picker):
    assert picker.date.disabled and picker.date.value is None
    picker.show(PARTICIPANT)
    assert not picker.date.disabled
    assert picker.date.value == WORKSPACE_DATE
    assert picker.refreshed == []  # showing a date is no change


def test_a_picked_date_is_saved_for_the_participant_and_refreshes(picker, workspace):
    picker.show(PARTICIPANT)
    picker.date.value = dt.date(2026, 11, 30)
    assert workspace.setting(f"as_of:{PARTICIPANT}") == "2026-11-30"
    assert workspace.setting("as_of") == "2026-10-31"
    assert picker.refreshed == [dt.date(2026, 11, 30)]


def test_a_cleared_date_falls_back_to_the_workspaces(picker, workspace):
    workspace.set_as_of(PARTICIPANT, dt.date(2026, 11, 30))
    picker.show(PARTICIPANT)
    picker.date.value = None
    assert workspace.setting(f"as_of:{PARTICIPANT}") is None
    assert picker.date.value == WORKSPACE_DATE
    assert picker.refreshed == [WORKSPACE_DATE]


def test_showing_nobody_saves_nothing(picker, workspace):
    picker.show(PARTICIPANT)
    picker.show(None)
    picker.date.value = dt.date(2026, 11, 30)
    assert workspace.setting(f"as_of:{PARTICIPANT}") is None
    assert picker.refreshed == []
