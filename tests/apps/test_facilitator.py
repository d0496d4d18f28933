"""The facilitator app, headless: the group's meeting page, safe to share on screen."""

from __future__ import annotations

import re

from tests.apps.conftest import shown_text
from toolkit import progress
from toolkit.apps.facilitator import FacilitatorApp
from toolkit.store.views import group_commitments
from toolkit.widgets.hot_seat import HotSeatPlan


def test_the_only_group_opens_with_every_tab(demo, ws, exercises):
    app = FacilitatorApp(ws, exercises)
    assert "Thursday mastermind" in app.header.value
    for index in range(len(app.tabs.titles)):
        app.tabs.select(index)
    assert app.notice.value == ""
    plan = app.tabs.children[0].children[0].children[1]
    assert isinstance(plan, HotSeatPlan)
    assert len(plan.plan) == 3
    assert {row["display_name"] for row in plan.plan} == set(demo.names.values())


def test_a_group_of_three_sees_rounded_means_and_nobodys_own_figure(ws, exercises):
    app = FacilitatorApp(ws, exercises)
    app.tabs.select(app.tabs.titles.index("Group figures"))
    text = shown_text(app.tabs.children[app.tabs.selected_index])
    assert "Yours" not in text
    # six exercises and commitments kept, each from the three members
    assert len(re.findall(rf" 3 [\d.%]+ {progress.ROUNDED_MEAN}", text)) == 7
    assert progress.MEDIAN not in text.split("Five or more: the median.")[1]
    kept = re.search(r"Share of due commitments kept 3 (\d+)% ", text).group(1)
    rates = progress.commitment_completion(group_commitments(ws, app.group_id), app.today)
    assert int(kept) % 10 == 0
    assert kept not in {f"{rate:.0f}" for rate in rates["completion_rate"] * 100}
