"""A small iCalendar (RFC 5545) writer: events a calendar app can import.

Only what reminders need: all-day and timed ``VEVENT`` s with a summary, description and
location. Written by hand (about fifty lines) rather than adding a dependency; the tests
read every file back with the maintained ``icalendar`` parser.

The rules it follows, from RFC 5545:

- lines end with CRLF and are folded so that no line exceeds 75 octets (UTF-8 bytes,
  never splitting a character); a continuation line starts with one space (3.1);
- in text values ``\\``, ``;`` and ``,`` are escaped with a backslash and a newline is
  written ``\\n`` (3.3.11);
- ``DTSTAMP`` is in UTC (3.8.7.2); an all-day event has ``DTSTART;VALUE=DATE`` and an
  exclusive ``DTEND`` the next day (3.6.1); a timed event without a time zone is in
  "floating" local time, an aware one is written in UTC;
- ``UID`` is stable for the same reminder, so importing an updated file replaces the
  event instead of adding a copy (3.8.4.7).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from toolkit.clock import utc_now

#: Identifies the writer in every file (RFC 5545 3.7.3).
PRODUCT = "-//Client Retention Toolkit//Reminders//EN"
#: The longest line, in octets, before folding (RFC 5545 3.1).
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """One calendar entry.

    ``start`` a :class:`date` makes an all-day event (``end`` then defaults to the next
    day); a :class:`datetime` makes a timed one (``end`` defaults to an hour later).
    """

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    description: str = ""
    location: str = ""


def escape_text(value: str) -> str:
    """``value`` as an RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` cut into CRLF-ended pieces of at most 75 octets, continuations indented by
    one space; a multi-byte character is never split."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "".join(piece + "\r\n" for piece in pieces)


def _when(name: str, moment: date | datetime) -> str:
    """A DTSTART/DTEND property: a DATE, a floating local time, or a UTC time."""
    if not isinstance(moment, datetime):
        return f"{name};VALUE=DATE:{moment:%Y%m%d}"
    if moment.tzinfo is None:
        return f"{name}:{moment:%Y%m%dT%H%M%S}"
    return f"{name}:{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _event_lines(event: Event, stamp: datetime) -> list[str]:
    timed = isinstance(event.start, datetime)
    end = event.end or event.start + (timedelta(hours=1) if timed else timedelta(days=1))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        _when("DTSTART", event.start),
        _when("DTEND", end),
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    # An all-day reminder should not block the day in the reader's free/busy time.
    lines += ["TRANSP:TRANSPARENT" if not timed else "TRANSP:OPAQUE", "END:VEVENT"]
    return lines


def calendar_file(events: Iterable[Event], *, stamp: datetime | None = None, name: str = "") -> str:
    """A whole ``.ics`` file (text; encode it as UTF-8) holding ``events``.

    ``stamp`` (default: now) is each event's DTSTAMP; naive values are taken as UTC.
    ``name`` becomes the calendar's display name (``X-WR-CALNAME``) where one is given.
    """
    moment = stamp or utc_now()
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    lines += ["METHOD:PUBLISH"] + ([f"X-WR-CALNAME:{escape_text(name)}"] if name else [])
    for event in events:
        lines += _event_lines(event, moment)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
