"""A whole coaching hour in a real browser, on the demo workspace: the coach picks a
member, reads the prep panel (the last session's notes, checked against the sessions
table), answers an exercise so that it is scored again, adds a commitment, saves the
session's notes and downloads the session summary, which must be under 1 MB and hold
the new commitment and the notes. The same pages at phone size must not scroll sideways.
Screenshots: artifacts/screenshots/coaching-hour-*.png."""

from __future__ import annotations

import time
from html import escape

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.apps.conftest import make_demo
from tests.browser.conftest import PAGE_TIMEOUT_MS, screenshot, serving
from tests.browser.test_apps import assert_finished
from toolkit.store import Workspace

pytestmark = pytest.mark.browser

EXERCISE = "abandonment-audit"
#: The last question of the abandonment audit: the one the coach answers again.
QUESTION = "If a colleague took over a client tomorrow, how much would the records tell them?"
COMMITMENT = "Write the handover checklist for every key client by Friday"
NOTES = "Agreed to start with the three largest clients; records first, then processes."
#: Seconds to wait for an answer typed in the page to reach the database.
SAVE_WAIT_S = 30


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server of its own: this test adds a result, a commitment and a session."""
    with serving(make_demo(tmp_path_factory.mktemp("coaching-hour"))) as running:
        yield running


def member(served) -> tuple[str, str]:
    participant_id = sorted(served.names)[0]
    return participant_id, served.names[participant_id]


def pick(page, name: str) -> None:
    page.locator(".tk-page select").first.select_option(label=name)
    expect(page.locator(".tk-header h1")).to_have_text(name)
    # the first visit of a kernel fits the purchase model: seconds, more on a busy machine
    expect(page.locator(".tk-session-prep")).to_be_visible(timeout=PAGE_TIMEOUT_MS)


def drawn(page, title: str):
    """The plotly chart drawn in the frame of the chart titled ``title``."""
    return page.frame_locator(f"iframe[title={title!r}]").locator(".js-plotly-plot")


def results_today(served, participant_id: str, today: pd.Timestamp) -> pd.DataFrame:
    with Workspace.open(served.workspace) as ws:
        results = ws.table("results", participant_id)
    return results[(results["exercise_id"] == EXERCISE) & (results["scored_at"] >= today)]


def test_a_whole_coaching_hour(served, open_page, tmp_path):
    participant_id, name = member(served)
    with Workspace.open(served.workspace) as ws:
        today = pd.Timestamp(ws.as_of())
        held = ws.table("sessions", participant_id)
        answers = ws.table("answers", participant_id)
    last = held[held["held_on"] < today].sort_values(["held_on", "session_id"]).iloc[-1]
    stored = answers[(answers["exercise_id"] == EXERCISE) & (answers["item_id"] == "completeness")]
    answer = "2" if stored["value"].iloc[-1] != 2 else "4"
    assert results_today(served, participant_id, today).empty

    # 1. Pick the member: the prep panel comes first, with the last session's notes.
    page = open_page(served.url("coach_session"))
    pick(page, name)
    prep = page.locator(".tk-session-prep")
    expect(prep.get_by_text(f"Last session: {last['held_on']:%-d %B %Y}")).to_be_visible()
    expect(prep.get_by_text(last["notes"])).to_be_visible()
    expect(prep.get_by_text("Exercise scores, earlier and latest")).to_be_visible()
    assert_finished(page)
    screenshot(page, "coaching-hour-prep-desktop")
    prep.get_by_text("What changed in the data").scroll_into_view_if_needed()
    screenshot(page, "coaching-hour-changes-desktop")

    # 2. The excuse log and the call topics.
    page.get_by_role("tab", name="Excuses and calls").click()
    expect(page.get_by_text("Excuse log by cause")).to_be_visible()
    expect(drawn(page, "Excuses by cause")).to_be_visible()
    screenshot(page, "coaching-hour-excuses-desktop")

    # 3. One exercise, answered again so it is scored for today.
    page.get_by_role("tab", name="Exercises").click()
    page.locator(".tk-page select").filter(has_text="Choose an exercise").select_option(
        label="Abandonment audit"
    )
    after_question = f"xpath=//*[text()={QUESTION!r}]/following::button"
    page.locator(f"{after_question}[normalize-space()={answer!r}][1]").click()
    deadline = time.monotonic() + SAVE_WAIT_S
    while results_today(served, participant_id, today).empty and time.monotonic() < deadline:
        time.sleep(0.5)
    scored = results_today(served, participant_id, today)
    assert len(scored) == 1 and 1 <= scored["total"].iloc[0] <= 5

    # 4. One commitment, and its reminders.
    page.get_by_role("tab", name="Commitments").click()
    page.get_by_placeholder("I will ...").fill(COMMITMENT)
    page.get_by_role("button", name="Add commitment").click()
    expect(page.get_by_text("Commitment added.")).to_be_visible()
    mail = page.get_by_role("link", name="Write the reminder mail")
    expect(mail).to_be_visible()
    mail.scroll_into_view_if_needed()
    screenshot(page, "coaching-hour-commitments-desktop")

    # 5. The notes, saved; then the summary, downloaded.
    page.get_by_role("tab", name="Notes").click()
    page.get_by_placeholder("What was discussed, what was decided").fill(NOTES)
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_role("button", name="Session summary").click()
    link = page.get_by_role("link", name="Download the summary")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.stat().st_size < 1_000_000
    html = saved.read_text(encoding="utf-8")
    assert escape(COMMITMENT) in html
    assert escape(NOTES) in html
    assert "Abandonment audit" in html


def test_the_coaching_hour_fits_a_phone(served, open_page):
    _participant_id, name = member(served)
    page = open_page(served.url("coach_session"), "phone")
    pick(page, name)
    for tab in ("Prep", "Excuses and calls", "Commitments"):
        page.get_by_role("tab", name=tab).click()
        if tab == "Excuses and calls":
            expect(drawn(page, "Excuses by cause")).to_be_visible()
        if tab == "Commitments":
            mail = page.get_by_role("link", name="Write the reminder mail")
            expect(mail).to_be_visible()
            mail.scroll_into_view_if_needed()
        assert_finished(page)
        screenshot(page, f"coaching-hour-{tab.lower().split()[0]}-phone")
        if tab == "Prep":
            page.get_by_text("Exercise scores, earlier and latest").scroll_into_view_if_needed()
            screenshot(page, "coaching-hour-changes-phone")
