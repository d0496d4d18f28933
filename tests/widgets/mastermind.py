"""A hand-made mastermind group for the meeting widgets' tests: Ana, Bo and Cy of the
'tuesday' group, one meeting on 10 Nov 2026 and a few commitments; and a guard that
collects failures instead of showing them. Import the fixtures by their function names
(``group_fixture``...); tests ask for them as ``group``, ``guard`` and ``failures``."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from toolkit.apps.errors import guarded
from toolkit.store import Workspace, coaching, meetings
from toolkit.store.participants import add_participant

GROUP = "tuesday"
HELD_ON = dt.date(2026, 11, 10)
MEETING = meetings.meeting_id_for(GROUP, HELD_ON)
PEOPLE = {"ana": "Ana", "bo": "Bo", "cy": "Cy"}


@pytest.fixture(name="group")
def group_fixture(tmp_path) -> Workspace:
    """The group with its meeting (no attendance, no hot seats yet) and commitments: Ana
    one open and one done, Bo one open without a due date, Cy none."""
    ws = Workspace.open(tmp_path)
    for pid, name in PEOPLE.items():
        add_participant(ws, name, pid, group_id=GROUP)
    meetings.create_meeting(ws, GROUP, HELD_ON)
    coaching.add_commitment(ws, "ana", "Call the three lapsed clients", dt.date(2026, 11, 1))
    done = coaching.add_commitment(ws, "ana", "Send the price list", dt.date(2026, 10, 1))
    coaching.checkin(ws, done, "done")
    coaching.add_commitment(ws, "bo", "Ask every client for a referral")
    yield ws
    ws.close()


@pytest.fixture(name="failures")
def failures_fixture() -> list[str]:
    """The friendly messages a guarded callback showed."""
    return []


@pytest.fixture(name="guard")
def guard_fixture(failures):
    return functools.partial(guarded, failures.append)
