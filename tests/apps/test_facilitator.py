"""The facilitator app, headless: the group's meeting page, safe to share on screen."""

from __future__ import annotations

import base64
import datetime as dt
import re
from urllib.parse import unquote

import icalendar
import pandas as pd
import pytest

from tests.apps.conftest import shown_text
from toolkit import progress
from toolkit.apps.facilitator import ATTENDED, DUE_WITHIN_DAYS, FacilitatorApp
from toolkit.store import Workspace, meetings
from toolkit.store.participants import add_participant
from toolkit.store.views import group_commitments
from toolkit.widgets.hot_seat import HotSeatPlan


def opened(app: FacilitatorApp, tab: str):
    """The page of ``tab``, built by selecting it as a click would."""
    index = app.tabs.titles.index(tab)
    app.tabs.select(index)
    assert app.notice.value == ""
    return app.tabs.children[index]


def shown_plan(app: FacilitatorApp) -> HotSeatPlan:
    """The one hot-seat plan the 'Next meetings' tab shows."""
    (plan,) = widgets_of(opened(app, "Next meetings"), HotSeatPlan)
    return plan


def widgets_of(widget, kind: type) -> list:
    """Every widget of ``kind`` in a widget tree."""
    own = [widget] if isinstance(widget, kind) else []
    return own + [w for child in getattr(widget, "children", ()) for w in widgets_of(child, kind)]


def table_rows(page) -> list[list[str]]:
    """The cells of the table a tab shows, row by row (the heading row left out)."""
    html = shown_html(page)
    body = html.split("<tbody>", 1)[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>")[:-1]]


def headings_of(page) -> list[str]:
    """The column headings of the table a tab shows."""
    return re.findall(r"<th(?: [^>]*)?>(.*?)</th>", shown_html(page))


def shown_html(widget) -> str:
    """The HTML values of a widget tree, in order."""
    own = [widget.value] if isinstance(getattr(widget, "value", None), str) else []
    return "".join(own + [shown_html(child) for child in getattr(widget, "children", ())])


def group_members(ws: Workspace, group_id: str) -> pd.DataFrame:
    """The group's members, read straight from the participants table."""
    people = ws.table("participants")
    return people[(people["group_id"] == group_id) & (people["role"] == "member")]


def last_hot_seats(ws: Workspace, group_id: str) -> pd.Series:
    """Each member's latest hot-seat day, read straight from the tables (NaT: never)."""
    held = ws.table("meetings")
    held = held[held["group_id"] == group_id]
    seats = ws.table("hot_seats").merge(held, on="meeting_id")
    people = group_members(ws, group_id)
    latest = seats.groupby("participant_id")["held_on"].max()
    return people.set_index("display_name")["participant_id"].map(latest)


def test_the_only_group_opens_with_every_tab(demo, ws, exercises):
    app = FacilitatorApp(ws, exercises)
    assert "Thursday mastermind" in app.header.value
    for title in app.tabs.titles:
        opened(app, title)
    plan = shown_plan(app)
    assert len(plan.plan) == 3 * meetings.FEWEST_HOT_SEATS  # three meetings, two seats each
    assert {row["display_name"] for row in plan.plan} == set(demo.names.values())
    assert "Hot seat:" not in shown_text(opened(app, "Next meetings"))


def test_attendance_ticks_each_group_meeting_a_member_attended(ws, exercises):
    app = FacilitatorApp(ws, exercises)
    page = opened(app, "Attendance")
    assert "Group meetings attended" in shown_text(page)
    held = ws.table("meetings")
    held = held[held["group_id"] == app.group_id].sort_values("held_on")
    assert len(held) == 6  # the demo's six monthly meetings, all shown
    came = ws.table("attendance").merge(held, on="meeting_id")
    present = set(zip(came["participant_id"], came["held_on"], strict=True))
    people = group_members(ws, app.group_id)
    expected = {
        name: [(pid, day) in present for day in held["held_on"]]
        for pid, name in zip(people["participant_id"], people["display_name"], strict=True)
    }
    shown = {row[0]: [cell == ATTENDED for cell in row[1:]] for row in table_rows(page)}
    assert shown == expected
    headings = [f"{day:%-d %b %Y}" for day in held["held_on"]]
    assert headings_of(page) == ["Member", *headings]
    assert sum(map(sum, shown.values())) == len(came)


def test_the_rotation_starts_with_whoever_sat_longest_ago(ws, exercises):
    app = FacilitatorApp(ws, exercises)
    last = last_hot_seats(ws, app.group_id)
    assert last.notna().all()  # in the demo everybody has had a hot seat
    plan = shown_plan(app).plan
    # longest ago first; members who sat at the same meeting by name: the first meeting's
    # two seats and the second meeting's first seat walk the whole group of three
    expected = sorted(zip(last, last.index, strict=True))
    assert [(row["last_time"], row["display_name"]) for row in plan[:3]] == expected
    assert [row["seat"] for row in plan] == [1, 2] * 3
    latest = ws.table("meetings")["held_on"].max().date()
    first = plan[0]["held_on"].date()
    assert first > app.today >= latest
    assert first.weekday() == latest.weekday()
    assert (first.day - 1) // 7 == (latest.day - 1) // 7  # the same n-th weekday


@pytest.fixture(name="small_group")
def small_group_fixture(tmp_path) -> Workspace:
    """A hand-made group of four whose newest member never had a hot seat and whose
    hot seats are in the ``hot_seats`` table only (no session notes at all)."""
    ws = Workspace.open(tmp_path)
    for name, pid in [("Ana", "ana"), ("Bo", "bo"), ("Cy", "cy"), ("Di New", "di")]:
        add_participant(ws, name, pid, group_id="tuesday")
    ws.set_setting("as_of", "2026-10-31")
    for day, seats in [(dt.date(2026, 9, 8), ["bo", "ana"]), (dt.date(2026, 10, 13), ["cy", "bo"])]:
        meeting_id = meetings.create_meeting(ws, "tuesday", day)
        meetings.assign_hot_seats(ws, meeting_id, seats)
        for pid in seats:
            meetings.mark_attendance(ws, meeting_id, pid)
    yield ws
    ws.close()


def test_who_never_had_a_hot_seat_goes_first(small_group, exercises):
    app = FacilitatorApp(small_group, exercises)
    plan = shown_plan(app).plan
    # queue: Di New (never), Ana (8 Sep), Bo and Cy (13 Oct, by name); two seats a meeting
    assert [row["display_name"] for row in plan] == ["Di New", "Ana", "Bo", "Cy", "Di New", "Ana"]
    assert pd.isna(plan[0]["last_time"])
    days = [dt.date(2026, 11, 10), dt.date(2026, 12, 8), dt.date(2027, 1, 12)]
    assert [row["held_on"].date() for row in plan] == [day for day in days for _ in (1, 2)]


def test_attendance_marks_who_missed_a_meeting_with_a_dash(small_group, exercises):
    page = opened(FacilitatorApp(small_group, exercises), "Attendance")
    assert headings_of(page) == [
        "Member",
        "8 Sep 2026",
        "13 Oct 2026",
    ]
    assert table_rows(page) == [
        ["Ana", "✓", "-"],
        ["Bo", "✓", "✓"],
        ["Cy", "-", "✓"],
        ["Di New", "-", "-"],
    ]


def test_attendance_of_a_group_that_never_met_says_so(tmp_path, exercises):
    with Workspace.open(tmp_path) as ws:
        for name, pid in [("Ana", "ana"), ("Bo", "bo")]:
            add_participant(ws, name, pid, group_id="quiet")
        page = opened(FacilitatorApp(ws, exercises), "Attendance")
        assert "No group meeting recorded yet." in shown_text(page)
        assert table_rows(page) == [["Ana"], ["Bo"]]


def test_a_group_of_three_sees_rounded_means_and_nobodys_own_figure(ws, exercises):
    app = FacilitatorApp(ws, exercises)
    text = shown_text(opened(app, "Group figures"))
    assert "Yours" not in text
    # six exercises and commitments kept, each from the three members
    assert len(re.findall(rf" 3 [\d.%]+ {progress.ROUNDED_MEAN}", text)) == 7
    assert progress.MEDIAN not in text.split("Five or more: the median.")[1]
    kept = re.search(r"Share of due commitments kept 3 (\d+)% ", text).group(1)
    rates = progress.commitment_completion(group_commitments(ws, app.group_id), app.today)
    assert int(kept) % 10 == 0
    assert kept not in {f"{rate:.0f}" for rate in rates["completion_rate"] * 100}


def calendar_in(page) -> icalendar.Calendar:
    """The one calendar file a tab offers for download, parsed."""
    (data,) = re.findall(r'href="data:text/calendar;base64,([^"]+)"', shown_html(page))
    return icalendar.Calendar.from_ical(base64.b64decode(data))


def test_the_next_meeting_and_the_commitments_due_as_reminders(ws, exercises):
    app = FacilitatorApp(ws, exercises)
    page = opened(app, "Next meetings")
    plan = shown_plan(app).plan
    (event,) = calendar_in(page).walk("VEVENT")
    assert event.decoded("DTSTART") == plan[0]["held_on"].date()
    seated = ", ".join(row["display_name"] for row in plan[:2])
    assert f"Hot seats (60 min): {seated}" in str(event["DESCRIPTION"])
    (mail,) = re.findall(r'href="(mailto:[^"]+)"', shown_html(page))
    body = unquote(mail.replace("&amp;", "&"))
    frame = group_commitments(ws, app.group_id)
    horizon = pd.Timestamp(app.today + dt.timedelta(days=DUE_WITHIN_DAYS))
    due = frame[frame["status"].eq("open") & (frame["due_on"] <= horizon)]
    assert len(due) > 0
    for row in due.itertuples():
        assert f"- {row.display_name}: {row.text}" in body
    events = calendar_in(opened(app, "Commitments due")).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(due["text"])


def test_seats_given_ahead_show_in_the_plan_and_the_queue_moves_on(small_group, exercises):
    upcoming = meetings.create_meeting(small_group, "tuesday", dt.date(2026, 11, 10))
    meetings.assign_hot_seats(small_group, upcoming, ["bo", "cy"])
    plan = shown_plan(FacilitatorApp(small_group, exercises)).plan
    # 10 Nov as given; then the queue Di New (never), Ana (8 Sep), Bo and Cy (10 Nov)
    assert [row["display_name"] for row in plan] == ["Bo", "Cy", "Di New", "Ana", "Bo", "Cy"]
    assert plan[0]["held_on"].date() == dt.date(2026, 11, 10)
