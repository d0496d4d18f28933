"""The facilitator app, headless: the group's meeting page, safe to share on screen."""

from __future__ import annotations

from tests.apps.conftest import shown_text
from toolkit.apps.facilitator import FacilitatorApp
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


def test_group_figures_show_medians_only(ws, exercises):
    app = FacilitatorApp(ws, exercises)
    app.tabs.select(app.tabs.titles.index("Group figures"))
    text = shown_text(app.tabs.children[app.tabs.selected_index])
    assert "Group median" in text
    assert "Yours" not in text
