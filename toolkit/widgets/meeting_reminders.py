"""Reminders the facilitator hands out without a mail server: the next meeting as a
calendar file and a ``mailto:`` announcement (agenda, hot seats, the commitments to check
in on), and the commitments coming due as a calendar file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from toolkit.calendar import calendar_file
from toolkit.reminders import commitment_events, meeting_event, meeting_mail
from toolkit.store.meetings import Segment, meeting_id_for
from toolkit.widgets.download import download_link, mail_link


def agenda_text(agenda: Sequence[Segment], hot_seats: Sequence[str]) -> str:
    """The agenda as plain lines for a calendar entry or a mail, the hot seats named."""
    lines = ["Agenda:"]
    for segment in agenda:
        named = "hot seat" in segment.name.lower() and hot_seats
        seats = f": {', '.join(hot_seats)}" if named else ""
        lines.append(f"- {segment.name} ({segment.minutes} min){seats}")
    return "\n".join(lines)


def next_meeting_links(
    group_id: str,
    group_name: str,
    held_on: dt.date,
    agenda: Sequence[Segment],
    hot_seats: Sequence[str],
    due: pd.DataFrame,
    coach: str,
) -> str:
    """HTML: the meeting on ``held_on`` as an ``.ics`` download and a mail announcing it,
    listing the open commitments in ``due`` (``display_name``, ``text``) to check in on."""
    meeting_id = meeting_id_for(group_id, held_on)
    event = meeting_event(
        group_id,
        meeting_id,
        held_on,
        group_name=group_name,
        minutes=sum(segment.minutes for segment in agenda),
        agenda=agenda_text(agenda, hot_seats),
    )
    ics = download_link(
        f"{meeting_id}.ics",
        calendar_file([event], name=group_name),
        "text/calendar",
        "Next meeting (.ics)",
    )
    checks = [f"{row.display_name}: {row.text}" for row in due.itertuples()]
    mail = mail_link(meeting_mail(event, coach=coach, commitments=checks), "Announce by mail")
    return f'<div class="tk-row">{ics} {mail}</div>'


def due_links(due: pd.DataFrame, group_id: str, coach: str) -> str:
    """HTML: the open commitments in ``due`` as one ``.ics`` download ('' when none)."""
    events = commitment_events(due, coach=coach)
    if not events:
        return ""
    ics = download_link(
        f"{group_id}-commitments-due.ics",
        calendar_file(events, name="Commitments due"),
        "text/calendar",
        "Due dates (.ics)",
    )
    return f'<div class="tk-row">{ics}</div>'
