"""The facilitator's Attendance tab in a real browser: one tick per group meeting a
member attended, as the ``attendance`` table records it, at desktop and phone size
(screenshots saved under artifacts/screenshots/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_apps import shows_finished
from toolkit.apps.facilitator import ATTENDED, PHONE_MEETINGS, SHOWN_MEETINGS
from toolkit.store import Workspace

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_attendance_ticks_the_group_meetings_each_member_attended(served, open_page, viewport):
    with Workspace.open(served.workspace) as ws:
        attended = len(ws.table("attendance"))
        shown = min(len(ws.table("meetings")), SHOWN_MEETINGS)
    page = open_page(served.url("facilitator"), viewport)
    page.get_by_role("tab", name="Attendance").click()
    shows_finished(
        page,
        page.get_by_role("heading", name="Group meetings attended"),
        f"facilitator-attendance-{viewport}",
    )
    table = page.locator(".tk-card table").filter(has_text="Member")
    expect(table.locator("tbody tr")).to_have_count(len(served.names))
    visible = table.locator("thead th").filter(visible=True)
    expect(visible).to_have_count(1 + (shown if viewport == "desktop" else PHONE_MEETINGS))
    if viewport == "desktop":
        expect(table.locator("td", has_text=ATTENDED)).to_have_count(attended)
