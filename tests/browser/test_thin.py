"""The three served apps for participants who imported little or nothing (tests/thin.py):
in place of each chart the page says what is missing and the command that imports it,
and no error or traceback reaches the page. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.apps.conftest import Demo
from tests.browser.conftest import VIEWPORTS, screenshot, serving, words
from tests.browser.test_apps import assert_finished
from tests.thin import STATES, display_name, make_thin
from toolkit.store import Workspace
from toolkit.store.participants import rotate_key
from toolkit.widgets.missing import ABSENT, command

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def thin_served(tmp_path_factory):
    """``retention serve`` over the thin workspace, each participant with a key."""
    directory = make_thin(tmp_path_factory.mktemp("thin-browser"))
    with Workspace.open(directory) as ws:
        keys = {state: rotate_key(ws, state) for state in STATES}
    names = {state: display_name(state) for state in STATES}
    with serving(Demo(directory, keys, names, old_key="")) as running:
        yield running


def panel(page, table: str, participant_id: str):
    """The 'not imported yet' panel's line for ``table``, on the tab shown."""
    return page.locator(".tk-missing li:visible", has_text=command(table, participant_id))


def open_participant(page, state: str) -> None:
    page.locator(".tk-page select").first.select_option(label=display_name(state))
    expect(page.locator(".tk-header h1")).to_have_text(display_name(state))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_coach_session_shows_what_each_thin_participant_must_import(
    thin_served, open_page, viewport
):
    page = open_page(thin_served.url("coach_session"), viewport)
    open_participant(page, "nothing")
    expect(panel(page, "clients", "nothing")).to_contain_text(ABSENT["clients"])
    assert_finished(page)
    screenshot(page, f"thin-coach_session-nothing-{viewport}")
    open_participant(page, "clients-team")
    expect(panel(page, "transactions", "clients-team")).to_be_visible()  # its tabs are up
    page.get_by_role("tab", name="Audits").click()
    expect(page.get_by_role("heading", name="Point-person coverage")).to_be_visible()
    wanted = f"{ABSENT['interactions']}: {command('interactions', 'clients-team')}"
    expect(panel(page, "interactions", "clients-team")).to_have_text(wanted)
    assert_finished(page)
    screenshot(page, f"thin-coach_session-audits-{viewport}", full_page=True)
    open_participant(page, "clients-transactions")
    # the Prep tab comes first: once it names what this participant lacks, open the map
    expect(panel(page, "interactions", "clients-transactions")).to_be_visible()
    page.get_by_role("tab", name="Client map").click()
    chart = page.frame_locator("iframe").first.locator(".js-plotly-plot")
    expect(chart).to_be_visible()  # purchases place the clients; contacts would complete it
    expect(panel(page, "interactions", "clients-transactions")).to_be_visible()
    page.get_by_role("tab", name="Treasure review").click()
    expect(page.get_by_text("To see which valuable clients")).to_be_visible()
    expect(panel(page, "interactions", "clients-transactions")).to_be_visible()
    assert_finished(page)
    screenshot(page, f"thin-coach_session-purchases-only-{viewport}")


def test_a_thin_participants_own_page_opens_every_tab(thin_served, open_page):
    page = open_page(thin_served.link("nothing", "this-month"))
    expect(page.locator(".tk-header h1")).to_have_text(display_name("nothing"))
    for tab in ("Exercises", "Commitments", "My progress", "Group", "This month"):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tab", name=tab, selected=True)).to_be_visible()
    expect(page.get_by_text("Your six targets for")).to_be_visible()
    assert "went wrong" not in words(page)
    assert_finished(page)
    screenshot(page, "thin-participant-nothing")


def test_the_facilitator_opens_a_group_of_thin_participants(thin_served, open_page):
    page = open_page(thin_served.url("facilitator"))
    expect(page.get_by_role("button", name="Start the meeting")).to_be_visible()
    page.get_by_role("tab", name="Next meetings").click()
    expect(page.get_by_role("heading", name="Hot seats at the next meetings")).to_be_visible()
    page.get_by_role("tab", name="Group figures").click()
    expect(page.get_by_role("heading", name="Commitments kept")).to_be_visible()
    assert "went wrong" not in words(page)
    assert_finished(page)
    screenshot(page, "thin-facilitator")
