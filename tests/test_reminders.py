"""Reminders without a mail server: the .ics files are read back by the maintained
``icalendar`` parser and checked octet by octet against RFC 5545 (CRLF, folding at 75
octets, escaping, UTC stamps, stable UIDs); the mailto links decode to what was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import icalendar
import pandas as pd
import pytest

from toolkit.calendar import Event, calendar_file, escape_text, fold
from toolkit.demo import create_demo
from toolkit.reminders import (
    MAILTO_LIMIT,
    TRUNCATED,
    commitment_events,
    commitments_mail,
    mailto,
    meeting_event,
    meeting_mail,
)
from toolkit.store import Workspace, meetings, views

STAMP = dt.datetime(2026, 12, 4, 1, 30, tzinfo=dt.UTC)
#: A commitment text with every character RFC 5545 escapes, and a long non-ASCII tail.
AWKWARD = "Call Müller GmbH; agree scope, price \\ dates\nthen write it up " + "é" * 60


@pytest.fixture
def commitments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commitment_id": [1, 2, 3, 4],
            "participant_id": ["p1"] * 4,
            "display_name": ["Ada Byrne"] * 4,
            "text": [AWKWARD, "Review the top ten", "Already done", "No date yet"],
            "due_on": [dt.date(2027, 1, 15), dt.date(2027, 1, 8), dt.date(2027, 1, 1), None],
            "status": ["open", "open", "done", "open"],
        }
    )


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text.encode("utf-8"))


def test_commitments_due_are_all_day_events_read_back_intact(commitments):
    events = commitment_events(commitments, coach="Coach Kim")
    calendar = parse(calendar_file(events, stamp=STAMP))
    parsed = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(parsed) == [
        "commitment-p1-1@client-retention-toolkit",
        "commitment-p1-2@client-retention-toolkit",
    ]
    first = parsed["commitment-p1-1@client-retention-toolkit"]
    assert str(first["SUMMARY"]) == AWKWARD
    assert first["DTSTART"].dt == dt.date(2027, 1, 15)
    assert first["DTEND"].dt == dt.date(2027, 1, 16)
    assert "Ada Byrne" in str(first["DESCRIPTION"])
    assert "Coach Kim" in str(first["DESCRIPTION"])
    assert first["DTSTAMP"].dt == STAMP


def test_lines_end_in_crlf_and_fold_within_75_octets(commitments):
    raw = calendar_file(commitment_events(commitments, coach="Coach Kim"), stamp=STAMP)
    assert raw.endswith("\r\n")
    lines = raw.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines), "the long summary is folded"
    raw.encode("utf-8").decode("utf-8")  # no character was split by folding


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
    ],
)
def test_text_escaping(text, escaped):
    assert escape_text(text) == escaped


def test_folding_never_splits_a_character():
    line = "X:" + "€" * 60  # 3 octets each: 24 fit after "X:", 24 after the space
    pieces = fold(line).split("\r\n")[:-1]
    assert [len(p.encode()) for p in pieces] == [74, 73, 1 + 12 * 3]
    assert "".join(p.removeprefix(" ") for p in pieces) == line


def test_uids_are_stable_across_downloads(commitments):
    """The same reminders downloaded twice keep their UIDs, so a calendar app updates
    them; only DTSTAMP moves."""
    first = calendar_file(commitment_events(commitments, coach="K"), stamp=STAMP)
    later = STAMP + dt.timedelta(days=3)
    second = calendar_file(commitment_events(commitments, coach="K"), stamp=later)
    uids = [[str(e["UID"]) for e in parse(f).walk("VEVENT")] for f in (first, second)]
    assert uids[0] == uids[1]
    assert first.replace("20261204T013000Z", "20261207T013000Z") == second


def test_meeting_with_a_time_is_a_timed_event():
    event = meeting_event(
        "g1", 7, dt.date(2027, 2, 3), group_name="Makers", starts_at=dt.time(18, 30)
    )
    parsed = next(iter(parse(calendar_file([event], stamp=STAMP)).walk("VEVENT")))
    assert parsed["DTSTART"].dt == dt.datetime(2027, 2, 3, 18, 30)
    assert parsed["DTEND"].dt == dt.datetime(2027, 2, 3, 20, 0)
    assert str(parsed["UID"]) == "meeting-g1-7@client-retention-toolkit"
    assert str(parsed["SUMMARY"]) == "Mastermind meeting: Makers"


def test_meeting_without_a_time_is_all_day():
    event = meeting_event("g1", 7, dt.date(2027, 2, 3), group_name="Makers")
    parsed = next(iter(parse(calendar_file([event], stamp=STAMP)).walk("VEVENT")))
    assert parsed["DTSTART"].dt == dt.date(2027, 2, 3)


def test_aware_times_are_written_in_utc():
    start = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    raw = calendar_file([Event(uid="u", summary="s", start=start)], stamp=STAMP)
    assert "DTSTART:20270203T173000Z\r\n" in raw
    assert "DTEND:20270203T183000Z\r\n" in raw


def decode(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return unquote(parts.path), query


def test_mailto_percent_encodes_spaces_and_line_breaks():
    url = mailto(["ada@example.org", "bo@example.org"], "Next step & more", "Line one\nLine two")
    assert url.startswith("mailto:ada@example.org,bo@example.org?subject=")
    assert "+" not in url and " " not in url
    assert "Next%20step%20%26%20more" in url
    assert "Line%20one%0D%0ALine%20two" in url
    to, query = decode(url)
    assert to == "ada@example.org,bo@example.org"
    assert query == {"subject": "Next step & more", "body": "Line one\r\nLine two"}


def test_mailto_without_recipients():
    assert mailto([], "Hi", "x") == "mailto:?subject=Hi&body=x"


def test_a_long_body_is_cut_with_a_note():
    body = "\n".join(f"- commitment number {i} for Müller" for i in range(200))
    url = mailto(["ada@example.org"], "Your commitments", body)
    assert len(url) <= MAILTO_LIMIT
    _, query = decode(url)
    assert query["body"].endswith(TRUNCATED.replace("\n", "\r\n"))
    kept = query["body"].removesuffix(TRUNCATED.replace("\n", "\r\n"))
    assert body.replace("\n", "\r\n").startswith(kept)
    assert len(kept) > MAILTO_LIMIT / 4, "as much of the body as fits is kept"


def test_commitments_mail_lists_open_ones_soonest_first(commitments):
    _, query = decode(commitments_mail(commitments, member="Ada Byrne", coach="Coach Kim"))
    body = query["body"]
    assert query["subject"] == "Your commitments: 3 open"
    assert body.index("Review the top ten (due 8 January 2027)") < body.index("Call Müller")
    assert "No date yet (due no date)" in body
    assert "Already done" not in body


def test_meeting_mail_names_time_place_and_commitments():
    event = meeting_event(
        "g1",
        7,
        dt.date(2027, 2, 3),
        group_name="Makers",
        starts_at=dt.time(18, 30),
        location="Room 4",
        agenda="Wins round, two hot seats, commitments round",
    )
    url = meeting_mail(event, coach="Coach Kim", to=["a@x.org"], commitments=["Ada: call Müller"])
    _, query = decode(url)
    assert query["subject"] == "Mastermind meeting: Makers on 3 February 2027"
    assert "3 February 2027 at 18:30" in query["body"]
    assert "Where: Room 4" in query["body"]
    assert "- Ada: call Müller" in query["body"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Workspace]:
    with Workspace.open(tmp_path_factory.mktemp("reminders-demo")) as ws:
        create_demo(ws, participants=3, clients=30)
        yield ws


@pytest.mark.slow
def test_the_demo_group_s_reminders_import(demo):
    """Every open commitment of the demo group with a due date, and its latest meeting
    with the agenda's length, read back as calendar entries."""
    group = views.members(demo)["group_id"].dropna().iloc[0]
    frame = views.group_commitments(demo, group)
    latest = meetings.meetings(demo, group).iloc[0]
    minutes = int(meetings.agenda(demo, latest["meeting_id"])["minutes"].sum())
    meeting = meeting_event(
        group,
        latest["meeting_id"],
        pd.Timestamp(latest["held_on"]).date(),
        group_name="Thursday mastermind",
        starts_at=dt.time(18, 0),
        minutes=minutes,
    )
    events = [*commitment_events(frame, coach="Coach"), meeting]
    parsed = parse(calendar_file(events, stamp=STAMP)).walk("VEVENT")
    due = frame[(frame["status"] == "open") & frame["due_on"].notna()]
    assert len(parsed) == len(due) + 1 and len(due) > 0
    length = parsed[-1]["DTEND"].dt - parsed[-1]["DTSTART"].dt
    assert length == dt.timedelta(minutes=minutes) and minutes > 0
