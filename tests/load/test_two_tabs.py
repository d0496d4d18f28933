"""Two tabs of one member (issue 11, part 3): changes to different targets are merged;
a change to a target the other tab changed first is refused, says so, and keeps its text
on screen while the database keeps the first tab's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.load.outcomes import stored_targets
from tests.load.targets_page import CONFLICT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_two_tabs_merge_different_targets_and_refuse_a_stale_change(group, member, open_targets):
    participant_id = member()
    first, second = open_targets(participant_id), open_targets(participant_id)

    first.write(1, "Ask for referrals")
    second.write(2, "Review overdue invoices")
    stored = stored_targets(group.workspace, participant_id)
    assert [stored[0].text, stored[1].text] == ["Ask for referrals", "Review overdue invoices"]

    first.write(3, "Plan renewal meetings")
    second.clear(3)
    second.page.keyboard.insert_text("Thank loyal customers")

    expect(second.status).to_contain_text(CONFLICT)
    assert second.box(3).input_value() == "Thank loyal customers"
    stored = stored_targets(group.workspace, participant_id)
    assert [t.text for t in stored[:3]] == [
        "Ask for referrals",
        "Review overdue invoices",
        "Plan renewal meetings",
    ]
