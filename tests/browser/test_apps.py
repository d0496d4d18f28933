"""The served apps in a real browser: access by personal key, saving answers, charts,
and screenshots at desktop and phone size (saved under artifacts/screenshots/)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TIMEOUT_MS, VIEWPORTS, screenshot, words
from toolkit.store import Workspace

pytestmark = pytest.mark.browser

FORBIDDEN = ("Traceback", "undefined", "Error:", "nan ")
FRIENDLY = "ask your coach to send you a new personal link"


#: Widgets (their outer boxes) that reach past the right edge of the page's body, which
#: clips them: [class, right edge, page's right edge].
WIDGETS_PAST_THE_EDGE = """() => {
  const page = document.querySelector('.tk-page');
  if (!page) { return []; }  // the server's own pages have no widgets
  const edge = page.getBoundingClientRect().right;
  return [...document.querySelectorAll('.tk-page .jupyter-widgets')]
    .map(element => [element.className, element.getBoundingClientRect().right, edge])
    .filter(([, right]) => right > edge + 0.5);
}"""


def assert_finished(page) -> None:
    """No raw errors or placeholders in the text, nothing wider than the screen, and no
    widget cut off at the page's edge."""
    text = words(page)
    for word in FORBIDDEN:
        assert word not in text
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.evaluate(WIDGETS_PAST_THE_EDGE) == []


def shows_finished(page, locator, name: str) -> None:
    """``locator`` is visible, the page looks finished, and its screenshot is saved."""
    expect(locator).to_be_visible()
    assert_finished(page)
    screenshot(page, name)


def first_member(served) -> str:
    return sorted(served.names)[0]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_participant_link_shows_only_that_participant(served, open_page, viewport):
    participant_id = first_member(served)
    page = open_page(served.link(participant_id, "this-month"), viewport)
    expect(page.locator(".tk-header h1")).to_have_text(served.names[participant_id])
    page.get_by_role("tab", name="Commitments").click()
    expect(page.get_by_text("Check in on a commitment")).to_be_visible()
    page.get_by_role("tab", name="This month").click()
    text = words(page)
    for other, name in served.names.items():
        if other != participant_id:
            assert name not in text
    assert_finished(page)
    screenshot(page, f"participant-{viewport}")


def test_a_participant_page_loads_nothing_from_other_hosts(served, browser):
    """Nobody outside the server learns who opened a page (Voila's lab page links a public
    CDN; the toolkit's template drops those links)."""
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url)[:2]))
    participant_id = first_member(served)
    page.goto(served.link(participant_id, "this-month"), timeout=PAGE_TIMEOUT_MS)
    expect(page.locator(".tk-header h1")).to_have_text(served.names[participant_id])
    page.close()
    web = {(scheme, host) for scheme, host in hosts if scheme in ("http", "https", "ws", "wss")}
    assert web == {("http", urlsplit(served.base_url).netloc)}


@pytest.mark.parametrize(
    "query",
    ["key=not-a-real-key", "", "old"],
    ids=["wrong-key", "no-key", "rotated-key"],
)
def test_a_link_without_a_valid_key_shows_the_friendly_page(served, open_page, query):
    query = f"key={served.old_key}" if query == "old" else query
    page = open_page(served.url("participant", query))
    expect(page.get_by_text(FRIENDLY)).to_be_visible()
    text = words(page)
    assert not any(name in text for name in served.names.values())
    assert_finished(page)


def test_friendly_page_screenshots(served, open_page):
    for viewport in VIEWPORTS:
        page = open_page(served.url("participant", "key=wrong"), viewport)
        expect(page.get_by_text(FRIENDLY)).to_be_visible()
        screenshot(page, f"participant-link-not-valid-{viewport}")


def test_an_answer_typed_in_the_browser_is_stored(served, open_page):
    participant_id = first_member(served)
    page = open_page(served.link(participant_id, "this-month"))
    page.get_by_role("button", name="Tick or edit my targets").click()
    target = page.get_by_placeholder("target 1")
    target.fill("Call the three largest clients this week")
    target.press("Tab")
    expect(page.get_by_text(re.compile(r"Saved \d\d:\d\d"))).to_be_visible()
    with Workspace.open(served.workspace) as ws:
        answers = ws.table("answers", participant_id)
    stored = answers[answers["exercise_id"] == "six-monthly-targets"]
    assert "Call the three largest clients this week" in str(stored["value"].iloc[-1])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_coach_session_client_map_draws_a_plotly_chart(served, open_page, viewport):
    page = open_page(served.url("coach_session"), viewport)
    participant_id = first_member(served)
    page.locator(".tk-page select").first.select_option(label=served.names[participant_id])
    expect(page.locator(".tk-header h1")).to_have_text(served.names[participant_id])
    page.get_by_role("tab", name="Client map").click()  # the Prep tab comes first
    # Under serve a chart is drawn in its own frame by the served plotly.js.
    chart = page.frame_locator("iframe").first.locator(".js-plotly-plot")
    shows_finished(page, chart, f"coach_session-{viewport}")
    assert chart.bounding_box()["height"] > 0
    # the legend wraps onto three lines on a phone: it must end below the title, not over it
    title, legend = (chart.locator(part).bounding_box() for part in (".gtitle", ".legend"))
    assert title["y"] + title["height"] <= legend["y"]
    page.get_by_role("tab", name="Audits").click()
    shows_finished(
        page,
        page.get_by_role("heading", name="Point-person coverage"),
        f"coach_session-audits-{viewport}",
    )


def test_a_date_typed_in_the_data_as_of_field_on_a_phone_refreshes_the_session(served, open_page):
    page = open_page(served.url("coach_session"), "phone")
    participant_id = first_member(served)
    page.locator(".tk-page select").first.select_option(label=served.names[participant_id])
    field = page.locator(".tk-page input[type=date]")
    expect(field).to_have_value("2026-10-31")
    field.fill("2026-09-30")
    expect(page.locator(".tk-header")).to_contain_text("data as of 30 September 2026")
    with Workspace.open(served.workspace) as ws:
        assert ws.setting(f"as_of:{participant_id}") == "2026-09-30"
    shows_finished(page, field, "coach_session-as-of-phone")
    field.fill("")  # back to the workspace's date, as the other tests expect
    expect(page.locator(".tk-header")).to_contain_text("data as of 31 October 2026")
    with Workspace.open(served.workspace) as ws:
        assert ws.setting(f"as_of:{participant_id}") is None


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_facilitator_shows_the_group(served, open_page, viewport):
    page = open_page(served.url("facilitator"), viewport)
    expect(page.locator(".tk-header h1")).to_have_text("Thursday mastermind")
    shows_finished(
        page,
        page.get_by_role("button", name="Start the meeting"),
        f"facilitator-{viewport}",
    )
    page.get_by_role("tab", name="Next meetings").click()
    shows_finished(
        page,
        page.get_by_role("heading", name="Hot seats at the next meetings"),
        f"facilitator-next-{viewport}",
    )
    page.get_by_role("tab", name="Group figures").click()
    shows_finished(
        page,
        page.get_by_role("heading", name="Commitments kept"),
        f"facilitator-figures-{viewport}",
    )


def test_the_coach_logs_in_runs_the_coach_app_logs_out_and_the_apps_close(served, open_page):
    page = open_page(served.url("coach_session"))  # logs in on the way
    expect(page.locator(".tk-header h1")).to_have_text("Coaching session")

    page.get_by_role("link", name="Log out").click()
    expect(page.get_by_text("You are logged out")).to_be_visible()
    for app in ("coach_session", "facilitator"):
        page.goto(served.url(app))
        assert "/login" in page.url
        expect(page.get_by_label("Coach password")).to_be_visible()
    screenshot(page, "coach-login")
