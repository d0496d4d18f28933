"""A whole mastermind meeting in a real browser, on the demo workspace: two members fill
their hot-seat prep on their personal pages, then the facilitator starts the meeting,
takes the roll call, starts the agenda's clock (and sees it tick), gives the two hot
seats and reads both preps, records an outcome, checks in on a commitment, adds an action
and downloads the actions. The database must then hold exactly that. Screenshots at
desktop and phone size are saved under artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import time

import pytest
from playwright.sync_api import expect

from tests.apps.conftest import make_demo
from tests.browser.conftest import screenshot, serving
from tests.browser.test_apps import assert_finished
from toolkit.store import Workspace, coaching, meetings, views
from toolkit.widgets.agenda_timer import STYLE, clock_html
from toolkit.widgets.hot_seat import next_meetings, rotation

pytestmark = pytest.mark.browser

GROUP = "thursday"
#: What each of the two members writes as their prep (issue, what I tried, my ask).
PREP = {
    0: ("Two key clients renew in March", "Called both, no answer", "How do I reopen talks?"),
    1: ("Margins fell on support work", "Raised the hourly rate", "Is a retainer better?"),
}
OUTCOME = "Offer both a quarterly review before the renewal talk"
ACTION = "Book the quarterly review with both renewing clients"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server of its own (this test changes the meetings): a demo whose next meeting
    is planned with two hot seats given by the rotation, as the last meeting left it."""
    demo = make_demo(tmp_path_factory.mktemp("meeting-workspace"))
    with Workspace.open(demo.directory) as ws:
        held = meetings.meetings(ws, GROUP)["held_on"].max().date()
        (day,) = next_meetings(held, ws.as_of(), 1)
        meeting_id = meetings.create_meeting(ws, GROUP, day)
        people = views.members(ws, GROUP)
        history = meetings.hot_seat_history(ws, GROUP)
        seats = rotation(people, history, [day])["participant_id"].tolist()
        meetings.assign_hot_seats(ws, meeting_id, seats)
    with serving(demo) as running:
        running.meeting_id, running.seats = meeting_id, seats
        yield running


def no_sideways_scroll(page) -> None:
    width = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert width <= 0


def test_a_full_meeting_is_stored_as_the_room_ran_it(served, open_page, tmp_path):
    meeting_id, seats = served.meeting_id, served.seats
    names = served.names
    # 1. Two members prepare their hot seats on their own pages (one on a phone).
    for number, participant_id in enumerate(seats):
        viewport = "phone" if number else "desktop"
        page = open_page(served.link(participant_id, "this-month"), viewport)
        page.get_by_role("tab", name="Hot seat").click()
        form = page.locator(".tk-prep")
        expect(form.locator("textarea")).to_have_count(len(PREP[number]))
        for box, text in zip(form.locator("textarea").all(), PREP[number], strict=True):
            box.fill(text)
        form.get_by_role("button", name="Save my prep").click()
        expect(form.get_by_text("Saved ")).to_be_visible()
        no_sideways_scroll(page)
        screenshot(page, f"meeting-prep-{viewport}")

    # 2. The facilitator runs the meeting.
    page = open_page(served.url("facilitator"))
    expect(page.get_by_role("tab", name="Meeting", exact=True)).to_be_visible()
    page.get_by_role("button", name="Start the meeting").click()
    present = list(names)  # everybody came
    for participant_id in present:
        page.get_by_label(names[participant_id], exact=True).check()
    page.get_by_role("button", name="Start the first segment").click()
    clock = page.locator(".tk-clock.left")
    expect(clock).to_be_visible()
    read = "element => getComputedStyle(element).getPropertyValue('--tk-left')"
    first = int(clock.evaluate(read))
    time.sleep(2.2)
    assert 15 * 60 - 5 <= first <= 15 * 60
    assert int(clock.evaluate(read)) <= first - 2  # ticks without the kernel

    page.get_by_role("button", name="Give these hot seats").click()
    given = ", ".join(names[participant_id] for participant_id in seats)
    expect(page.get_by_text(f"Hot seats given: {given}.")).to_be_visible()
    for number, participant_id in enumerate(seats):
        seat = page.locator(".tk-seat").nth(number)
        expect(seat).to_contain_text(names[participant_id])
        for text in PREP[number]:
            expect(seat).to_contain_text(text)
    first_seat = page.locator(".tk-seat").first
    first_seat.locator("textarea").fill(OUTCOME)
    first_seat.get_by_role("button", name="Save outcome").click()
    expect(first_seat.get_by_text("Outcome saved.")).to_be_visible()
    first_seat.scroll_into_view_if_needed()
    screenshot(page, "meeting-hot-seats-desktop")

    with Workspace.open(served.workspace) as ws:
        due = coaching.commitments(ws)
        due = due[due["status"].eq("open") & due["participant_id"].isin(present)]
        checked = due.sort_values("commitment_id").iloc[0]
        checkins_before = len(ws.table("checkins"))
    row = page.locator(".tk-checkin").filter(has_text=checked["text"]).first
    row.get_by_role("button", name="Done").click()
    expect(row.get_by_text("Checked in: Done.")).to_be_visible()

    actor = seats[1]
    page.get_by_label("Member", exact=True).select_option(label=names[actor])
    page.get_by_placeholder("The action, as the member words it").fill(ACTION)
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text(f"Action added for {names[actor]}.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="All actions (.csv)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows == [
        {"Member": names[actor], "Action": ACTION, "Due": rows[0]["Due"], "Status": "open"}
    ]
    expect(page.get_by_role("link", name=f"Mail {names[actor]}")).to_be_visible()
    assert_finished(page)
    screenshot(page, "meeting-actions-desktop")
    page.get_by_role("tab", name="Meeting", exact=True).scroll_into_view_if_needed()
    screenshot(page, "meeting-desktop")

    # 3. The database holds exactly what the room did.
    with Workspace.open(served.workspace) as ws:
        attended = ws.table("attendance")
        assert set(attended.loc[attended["meeting_id"] == meeting_id, "participant_id"]) == set(
            present
        )
        held = meetings.hot_seats(ws, meeting_id)
        assert held["participant_id"].tolist() == seats
        for number in range(2):
            assert tuple(held.loc[number, ["issue", "tried", "ask"]]) == PREP[number]
        assert held["outcome"].tolist()[0] == OUTCOME
        assert held["outcome"].isna().tolist()[1]
        checkins = ws.table("checkins")
        assert len(checkins) == checkins_before + 1
        new = checkins.sort_values("checkin_id").iloc[-1]
        assert (new["commitment_id"], new["status"]) == (checked["commitment_id"], "done")
        actions = meetings.actions(ws, meeting_id)
        assert actions[["participant_id", "text", "status"]].values.tolist() == [
            [actor, ACTION, "open"]
        ]


def test_the_meeting_tab_goes_on_and_fits_on_a_phone(served, open_page):
    page = open_page(served.url("facilitator"), "phone")
    page.get_by_role("button", name="Start the meeting").click()
    # a second device (a kernel of its own) shows the clock the laptop started
    expect(page.locator(".tk-clock.left")).to_be_visible()
    expect(page.get_by_role("button", name="Next segment")).to_be_visible()
    assert_finished(page)
    screenshot(page, "meeting-phone")
    page.locator(".tk-seat").first.scroll_into_view_if_needed()
    screenshot(page, "meeting-hot-seats-phone")
    page.locator(".tk-checkin").first.scroll_into_view_if_needed()
    screenshot(page, "meeting-round-phone")


def test_the_clock_turns_red_and_counts_the_time_over(browser):
    """The clock alone (no server): a segment of 2 seconds, watched for 3."""
    page = browser.new_page()
    page.set_content(f"<body>{STYLE}{clock_html(2, 0)}</body>")
    left, over = page.locator(".tk-clock.left"), page.locator(".tk-clock.over")
    expect(left).to_be_visible()
    expect(over).to_be_hidden()
    time.sleep(3.2)
    expect(left).to_be_hidden()
    expect(over).to_be_visible()
    assert over.evaluate("e => getComputedStyle(e).color") == "rgb(185, 28, 28)"
    assert int(over.evaluate("e => getComputedStyle(e).getPropertyValue('--tk-left')")) >= 1
    page.close()
