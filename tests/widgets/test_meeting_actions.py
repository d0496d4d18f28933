"""The meeting's actions to hand out: CSV, and per member a mail and a calendar file."""

from __future__ import annotations

import base64
import datetime as dt
import re
from urllib.parse import unquote

import icalendar

from tests.widgets.mastermind import (
    MEETING,
    group_fixture,  # noqa: F401 (fixtures)
)
from toolkit.store import meetings
from toolkit.widgets.meeting_actions import MeetingActions, actions_csv


def linked_files(html: str) -> dict[str, str]:
    """The files the page's download links hold, by file name."""
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    return {name: base64.b64decode(data).decode() for name, data in found}


def test_no_action_yet_offers_nothing(group):
    actions = MeetingActions(group, MEETING, "Yusuf")
    assert actions.count == 0 and actions.links.value == ""


def test_each_member_gets_their_actions(group):
    meetings.add_action(group, MEETING, "bo", "Raise the support rate", dt.date(2026, 12, 1))
    meetings.add_action(group, MEETING, "ana", "Call two lapsed clients", dt.date(2026, 11, 20))
    meetings.add_action(group, MEETING, "ana", "Write the fit questions")
    actions = MeetingActions(group, MEETING, "Yusuf")
    assert actions.count == 3
    files = linked_files(actions.links.value)
    assert files[f"{MEETING}-actions.csv"] == (
        "Member,Action,Due,Status\n"
        "Ana,Call two lapsed clients,2026-11-20,open\n"
        "Ana,Write the fit questions,,open\n"
        "Bo,Raise the support rate,2026-12-01,open\n"
    )
    # Ana's calendar has the one dated action; Bo's his
    ana = icalendar.Calendar.from_ical(files[f"{MEETING}-ana.ics"])
    events = list(ana.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == ["Call two lapsed clients"]
    assert events[0].decoded("DTSTART") == dt.date(2026, 11, 20)
    mails = re.findall(r'href="(mailto:[^"]+)"', actions.links.value)
    assert len(mails) == 2
    ana_mail = unquote(mails[0].replace("&amp;", "&"))
    assert "Hello Ana," in ana_mail and "Write the fit questions (due no date)" in ana_mail
    assert "Raise the support rate" not in ana_mail


def test_the_csv_of_a_frame(group):
    meetings.add_action(group, MEETING, "cy", "Price, then scope", dt.date(2027, 1, 5))
    assert actions_csv(meetings.actions(group, MEETING)).splitlines()[1] == (
        'Cy,"Price, then scope",2027-01-05,open'
    )
