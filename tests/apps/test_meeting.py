"""The facilitator's Meeting tab, headless: choosing and starting a meeting, one meeting
run through the tab's sections as the facilitator would click them, and the member's side:
the personal page's Hot seat tab."""

from __future__ import annotations

import datetime as dt

from tests.apps.conftest import shown_text
from tests.apps.test_facilitator import (
    opened,
    small_group_fixture,  # noqa: F401 (a fixture)
    widgets_of,
)
from toolkit.apps.facilitator import FacilitatorApp
from toolkit.apps.meeting import CLOCK_SETTING, MeetingRun, coach_name, meeting_days
from toolkit.apps.participant import ParticipantApp
from toolkit.store import coaching, meetings
from toolkit.store.participants import rotate_key
from toolkit.widgets.agenda_timer import AgendaTimer
from toolkit.widgets.commitments_round import CommitmentsRound
from toolkit.widgets.hot_seat_prep import SeatPrep
from toolkit.widgets.hot_seats_panel import HotSeatsPanel
from toolkit.widgets.meeting_actions import MeetingActions
from toolkit.widgets.meeting_notes import MeetingNotes
from toolkit.widgets.meeting_roll_call import RollCall

SEP_8, OCT_13, NOV_10 = dt.date(2026, 9, 8), dt.date(2026, 10, 13), dt.date(2026, 11, 10)


def test_the_choices_are_the_next_day_today_and_the_days_held():
    choices = meeting_days([SEP_8, OCT_13], dt.date(2026, 10, 31), NOV_10)
    assert choices == [
        ("Next planned: Tue 10 Nov 2026", NOV_10),
        ("Today: Sat 31 Oct 2026", dt.date(2026, 10, 31)),
        ("Tue 13 Oct 2026", OCT_13),
        ("Tue 8 Sep 2026", SEP_8),
    ]
    # on a meeting day, today is that meeting, listed once
    assert [day for _, day in meeting_days([SEP_8, OCT_13], OCT_13, NOV_10)] == [
        NOV_10,
        OCT_13,
        SEP_8,
    ]


def test_a_group_without_a_coach_signs_as_its_facilitator(small_group):
    assert coach_name(small_group, "tuesday") == "Your facilitator"


def test_one_meeting_run_from_start_to_the_actions(small_group, exercises):
    ws = small_group
    open_before = coaching.add_commitment(ws, "ana", "Phone the two lapsed clients", OCT_13)
    app = FacilitatorApp(ws, exercises)
    assert app.tabs.titles[0] == "Meeting"
    (run,) = widgets_of(opened(app, "Meeting"), MeetingRun)
    assert run.day.value == NOV_10  # the next planned day is chosen
    run.start()
    run.start()  # a second click keeps the one meeting
    meeting_id = meetings.meeting_id_for("tuesday", NOV_10)
    held = ws.table("meetings")
    assert (held["meeting_id"] == meeting_id).sum() == 1 and run.meeting_id == meeting_id

    (roll,) = widgets_of(run, RollCall)
    for pid in ("ana", "di"):
        roll.boxes[pid].value = True
    attended = ws.table("attendance")
    assert set(attended.loc[attended["meeting_id"] == meeting_id, "participant_id"]) == {
        "ana",
        "di",
    }

    (timer,) = widgets_of(run, AgendaTimer)
    timer.advance()
    assert "Wins round" in timer.display.value and "tk-down-900" in timer.display.value

    (seats,) = widgets_of(run, HotSeatsPanel)
    # the rotation: Di New never had one, then Ana (8 Sep)
    assert [picker.value for picker in seats.pickers] == ["di", "ana", ""]
    seats.assign()
    assert meetings.hot_seats(ws, meeting_id)["participant_id"].tolist() == ["di", "ana"]

    (round_,) = widgets_of(run, CommitmentsRound)
    assert "Phone the two lapsed clients" in shown_text(round_)  # Ana is present
    round_.rows.children[0].children[1].value = "dropped"
    assert coaching.checkins(ws)["commitment_id"].tolist() == [open_before]
    round_.member.value = "di"
    round_.text.value = "Write the referral script"
    round_.add()
    (actions,) = widgets_of(run, MeetingActions)
    assert actions.count == 1 and "Mail Di New" in actions.links.value
    assert app.notice.value == ""


def test_meeting_notes_write_the_meetings_own_row(small_group, exercises):
    app = FacilitatorApp(small_group, exercises)
    page = opened(app, "Meeting notes")
    assert "Meeting notes" in shown_text(page)
    (notes,) = widgets_of(page, MeetingNotes)
    assert notes.meeting.value == meetings.meeting_id_for("tuesday", OCT_13)  # the newest
    notes.notes.value = "Cy will test a retainer"
    notes.save()
    stored = small_group.table("meetings").set_index("meeting_id")["notes"]
    assert stored[meetings.meeting_id_for("tuesday", OCT_13)] == "Cy will test a retainer"
    assert stored.isna()[meetings.meeting_id_for("tuesday", SEP_8)]
    assert small_group.table("sessions").empty  # no one-to-one session row written


def test_the_clock_is_drawn_again_when_the_meeting_tab_is_shown_again(small_group, exercises):
    app = FacilitatorApp(small_group, exercises)
    (run,) = widgets_of(opened(app, "Meeting"), MeetingRun)
    run.start()
    now = [500.0]
    run.timer.clock = lambda: now[0]
    run.timer.advance()
    assert "tk-down-900" in run.timer.display.value
    opened(app, "Attendance")
    now[0] += 120  # two minutes on another tab
    opened(app, "Meeting")
    assert "tk-down-780" in run.timer.display.value


def test_the_personal_page_offers_its_member_their_own_seat_only(small_group, exercises):
    meeting_id = meetings.create_meeting(small_group, "tuesday", NOV_10)
    meetings.assign_hot_seats(small_group, meeting_id, ["di", "ana"])
    pages = {}
    for pid in ("ana", "bo"):
        key = rotate_key(small_group, pid)
        app = ParticipantApp(small_group, exercises)
        app.start(f"key={key}")
        app.tabs.select(app.tabs.titles.index("Hot seat"))
        pages[pid] = app.tabs.children[app.tabs.titles.index("Hot seat")]
    (form,) = widgets_of(pages["ana"], SeatPrep)
    assert form.meeting_id == meeting_id and form.member.participant_id == "ana"
    assert "Your hot seat on Tuesday 10 November 2026" in shown_text(pages["ana"])
    assert widgets_of(pages["bo"], SeatPrep) == []
    assert "You have no hot seat at the coming meetings." in shown_text(pages["bo"])


def test_a_reloaded_meeting_page_shows_the_running_segment(small_group, exercises):
    first = FacilitatorApp(small_group, exercises)
    (run,) = widgets_of(opened(first, "Meeting"), MeetingRun)
    run.start()
    run.timer.advance()
    run.timer.advance()  # the hot seats are running
    stored = small_group.setting(f"{CLOCK_SETTING}{run.meeting_id}")
    assert stored.split()[0] == "1"
    (again,) = widgets_of(opened(FacilitatorApp(small_group, exercises), "Meeting"), MeetingRun)
    again.start()
    assert again.timer.current == 1 and again.timer.started_at == float(stored.split()[1])
    assert "Hot seats" in again.timer.display.value
