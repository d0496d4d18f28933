"""The treasure review in a real browser, with the purchase model fitted in the served
kernel: the 'valuable and probably slipping away' list first, then the clients waiting
too long, both with the model's columns (screenshot treasure-review-*.png)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.test_apps import assert_finished, first_member

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_treasure_review_shows_who_is_probably_slipping_away(served, open_page, viewport):
    pytest.importorskip("pymc_marketing")
    page = open_page(served.url("coach_session"), viewport)
    participant_id = first_member(served)
    page.locator(".tk-page select").first.select_option(label=served.names[participant_id])
    expect(page.locator(".tk-header h1")).to_have_text(served.names[participant_id])
    page.get_by_role("tab", name="Client map").click()  # the Prep tab comes first
    expect(page.frame_locator("iframe").first.locator(".js-plotly-plot")).to_be_visible()
    page.get_by_role("tab", name="Treasure review").click()
    slipping = page.get_by_role("heading", name="Valuable and probably slipping away")
    expect(slipping).to_be_visible()
    waiting = page.get_by_role("heading", name="Valuable clients waiting too long")
    expect(waiting).to_be_visible()
    assert slipping.bounding_box()["y"] < waiting.bounding_box()["y"]
    if viewport == "desktop":  # a phone leaves the model's columns out of the long table
        expect(page.get_by_role("columnheader", name="Chance still a client").first).to_be_visible()
    assert_finished(page)
    screenshot(page, f"treasure-review-{viewport}", full_page=True)
