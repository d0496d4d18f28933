"""The session summary opened from disk in Chromium: its chart is drawn and nothing is
fetched from the network (screenshot: artifacts/screenshots/report.png)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, screenshot
from toolkit.apps.analyses import FirmAnalyses
from toolkit.demo import create_demo
from toolkit.report import build_report
from toolkit.store import Workspace, views

pytestmark = pytest.mark.browser


def test_the_summary_draws_its_client_map_without_the_network(browser, tmp_path):
    with Workspace.open(tmp_path) as ws:
        create_demo(ws, participants=1, clients=30)
        clients = len(FirmAnalyses(views.firm_data(ws, "northfield")).client_map)
    path = build_report(tmp_path, "northfield")
    width, height = VIEWPORTS["desktop"]
    page = browser.new_page(viewport={"width": width, "height": height})
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(path.as_uri())
    expect(page.locator(".js-plotly-plot .scatterlayer .point")).to_have_count(clients)
    screenshot(page, "report", full_page=True)
    page.close()
    assert clients > 0
    assert [url for url in urls if not url.startswith(("file:", "data:"))] == []
