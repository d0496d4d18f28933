"""The facilitator's reminders: the next meeting as a calendar file and a mail."""

from __future__ import annotations

import base64
import datetime as dt
import re
from urllib.parse import unquote

import icalendar
import pandas as pd

from toolkit.store.meetings import DEFAULT_AGENDA
from toolkit.widgets.meeting_reminders import agenda_text, due_links, next_meeting_links

DUE = pd.DataFrame(
    {
        "commitment_id": [4, 7],
        "participant_id": ["ana", "bo"],
        "display_name": ["Ana", "Bo"],
        "text": ["Call the lapsed clients", "Raise the support rate"],
        "due_on": pd.to_datetime(["2026-11-01", None]),
        "status": ["open", "open"],
    }
)


def first_file(html: str) -> str:
    (data,) = re.findall(r'href="data:text/calendar;base64,([^"]+)"', html)
    return base64.b64decode(data).decode()


def test_the_agenda_names_the_hot_seats():
    assert agenda_text(DEFAULT_AGENDA, ["Ana", "Bo"]) == (
        "Agenda:\n- Wins round (15 min)\n- Hot seats (60 min): Ana, Bo\n"
        "- Commitments round (20 min)"
    )


def test_the_next_meeting_as_a_calendar_entry_and_a_mail():
    html = next_meeting_links(
        "tuesday", "Tuesday group", dt.date(2026, 11, 10), DEFAULT_AGENDA, ["Ana"], DUE, "Yusuf"
    )
    (event,) = icalendar.Calendar.from_ical(first_file(html)).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2026, 11, 10)
    assert str(event["SUMMARY"]) == "Mastermind meeting: Tuesday group"
    assert "Hot seats (60 min): Ana" in str(event["DESCRIPTION"])
    (mail,) = re.findall(r'href="(mailto:[^"]+)"', html)
    body = unquote(mail.replace("&amp;", "&"))
    assert "10 November 2026" in body
    assert "- Ana: Call the lapsed clients" in body and "- Bo: Raise the support rate" in body


def test_commitments_due_as_one_calendar_file_of_the_dated_ones():
    (event,) = icalendar.Calendar.from_ical(first_file(due_links(DUE, "tuesday", "Yusuf"))).walk(
        "VEVENT"
    )
    assert str(event["SUMMARY"]) == "Call the lapsed clients"
    assert due_links(DUE.head(0), "tuesday", "Yusuf") == ""
