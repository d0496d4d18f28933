"""Exercise forms with the firm's data on a member's own page in a real browser: the
retention plan's client picker, specificity and paragraph, the abandonment audit's
measured figures and the client fit map's "Add a client" (screenshots
exercise-*-desktop.png and exercise-*-phone.png)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.test_apps import assert_finished, first_member

pytestmark = pytest.mark.browser


def choose_exercise(page, title: str) -> None:
    page.locator(".tk-page select").filter(has_text="Choose an exercise").select_option(label=title)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_members_exercises_start_from_their_data(served, open_page, viewport):
    participant_id = first_member(served)
    page = open_page(served.link(participant_id, "this-month"), viewport)
    expect(page.locator(".tk-header h1")).to_have_text(served.names[participant_id])
    page.get_by_role("tab", name="Exercises").click()

    choose_exercise(page, "Retention plan from the first sale")
    plan_for = page.locator(".tk-page select").filter(has_text="A new client")
    plan_for.select_option(index=1)
    expect(page.get_by_text("Specificity of the plan:").first).to_be_visible()
    expect(page.get_by_text("0-4 named parts").first).to_be_visible()
    page.get_by_role("button", name="Copy as a paragraph for the proposal").click()
    expect(page.locator("textarea").first).to_have_value(re.compile("^How we will grow together"))
    assert_finished(page)
    screenshot(page, f"exercise-retention-plan-{viewport}")

    choose_exercise(page, "Abandonment audit")
    expect(page.get_by_text("From your data:").first).to_be_visible()
    expect(page.get_by_text("have a named point-person (as of").first).to_be_visible()
    assert_finished(page)
    screenshot(page, f"exercise-abandonment-audit-{viewport}")

    choose_exercise(page, "Client fit map")
    add = page.get_by_text("Add a client").first
    expect(add).to_be_visible()
    add.scroll_into_view_if_needed()
    assert_finished(page)
    screenshot(page, f"exercise-client-fit-{viewport}")
