"""Reminders without a mail server: commitments due and the next group meeting as
calendar entries (``.ics``, see :mod:`toolkit.calendar`) and as ``mailto:`` links that open
the coach's own mail program with the message written.

Pure functions over the frames the store already returns; the apps offer the results as
a download and a link (docs/sessions.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

import pandas as pd

from toolkit.calendar import Event

#: Ends every UID, so they are unique beyond this toolkit (RFC 5545 3.8.4.7).
UID_DOMAIN = "client-retention-toolkit"
#: The longest ``mailto:`` URL the links make: browsers and mail programs cut longer ones
#: at about 2,000 characters, often mid-escape.
MAILTO_LIMIT = 2000
#: What replaces the end of a body too long for the limit.
TRUNCATED = "\n… (see the attached calendar file)"
#: How long a group meeting lasts when its agenda does not say (minutes).
MEETING_MINUTES = 90


def commitment_events(frame: pd.DataFrame, *, coach: str) -> list[Event]:
    """One all-day event per open commitment with a due date, on that date.

    ``frame``: commitments with ``commitment_id``, ``participant_id``, ``text``,
    ``due_on``, ``status`` and the member's ``display_name`` (``views.group_commitments``
    has them; for one participant add ``display_name`` to ``coaching.commitments``).
    The summary is the commitment's text; the description names the member and the coach.
    """
    due = frame[(frame["status"] == "open") & frame["due_on"].notna()]
    return [
        Event(
            uid=f"commitment-{row.participant_id}-{row.commitment_id}@{UID_DOMAIN}",
            summary=str(row.text),
            start=pd.Timestamp(row.due_on).date(),
            description=f"Commitment of {row.display_name}, agreed with {coach}.",
        )
        for row in due.itertuples()
    ]


def meeting_event(
    group_id: str,
    meeting_id: str | int,
    held_on: date,
    *,
    group_name: str,
    starts_at: time | None = None,
    minutes: int = MEETING_MINUTES,
    location: str = "",
    agenda: str = "",
) -> Event:
    """The group meeting ``meeting_id`` as an event: all day on ``held_on``, or, when the
    time is known, from ``starts_at`` (local time) for ``minutes`` (the agenda's sum)."""
    start: date | datetime = held_on
    end = None
    if starts_at is not None:
        start = datetime.combine(held_on, starts_at)
        end = start + timedelta(minutes=minutes)
    return Event(
        uid=f"meeting-{group_id}-{meeting_id}@{UID_DOMAIN}",
        summary=f"Mastermind meeting: {group_name}",
        start=start,
        end=end,
        description=agenda,
        location=location,
    )


def mailto(to: Sequence[str], subject: str, body: str, *, limit: int = MAILTO_LIMIT) -> str:
    """A ``mailto:`` URL (RFC 6068) to ``to`` (may be empty) with ``subject`` and ``body``.

    Everything outside the unreserved characters is percent-encoded as UTF-8: a space is
    ``%20`` (never ``+``), a line break ``%0D%0A``. When the URL would pass ``limit``
    characters, the body is cut at a line or word boundary and ends with
    :data:`TRUNCATED`.
    """
    head = "mailto:" + ",".join(quote(address, safe="@") for address in to)

    def url(text: str) -> str:
        query = f"subject={_encode(subject)}&body={_encode(text)}"
        return f"{head}?{query}"

    if len(url(body)) <= limit:
        return url(body)
    kept = body
    while kept and len(url(kept + TRUNCATED)) > limit:
        kept = kept[: max(kept.rfind("\n"), kept.rfind(" "), len(kept) // 2)].rstrip()
    return url(kept + TRUNCATED)


def _encode(text: str) -> str:
    """Percent-encoded UTF-8 with every line break as CRLF (RFC 6068 5)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return quote("\r\n".join(lines), safe="")


def commitments_mail(
    frame: pd.DataFrame, *, member: str, coach: str, to: Sequence[str] = ()
) -> str:
    """A ``mailto:`` link reminding ``member`` of their open commitments, soonest first."""
    due = frame[frame["status"] == "open"].sort_values("due_on", na_position="last")
    lines = [f"Hello {member},", "", "Your commitments from our sessions:"]
    lines += [f"- {row.text} (due {_day(row.due_on)})" for row in due.itertuples()]
    lines += ["", f"{coach}"]
    return mailto(to, f"Your commitments: {len(due)} open", "\n".join(lines))


def meeting_mail(
    event: Event, *, coach: str, to: Sequence[str] = (), commitments: Sequence[str] = ()
) -> str:
    """A ``mailto:`` link announcing the meeting ``event`` to a group, with its agenda and,
    optionally, the commitments to check in on."""
    lines = ["Hello all,", "", f"{event.summary}, {_when(event.start)}."]
    lines += [f"Where: {event.location}"] if event.location else []
    lines += ["", event.description] if event.description else []
    if commitments:
        lines += ["", "Commitments we will check in on:", *(f"- {c}" for c in commitments)]
    lines += ["", coach]
    return mailto(to, f"{event.summary} on {_day(event.start)}", "\n".join(lines))


def _day(value: object) -> str:
    """A date as '5 March 2027' ('no date' when missing)."""
    if value is None or pd.isna(value):
        return "no date"
    return f"{pd.Timestamp(value):%-d %B %Y}"


def _when(start: date | datetime) -> str:
    """The day, and the time where there is one."""
    return f"{_day(start)} at {start:%H:%M}" if isinstance(start, datetime) else _day(start)
