"""The session summary in Chromium: the file ``build_report`` writes draws its client
map without a script and fetches nothing from the network, and the coach app's "Session
summary" button offers the same kind of file for download, with the notes just typed
and on a phone the page is never wider than the screen (screenshots:
artifacts/screenshots/report.png, report-phone.png and report-from-app.png)."""

from __future__ import annotations

from html import escape

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, screenshot
from toolkit.demo import create_demo
from toolkit.firm import FirmAnalyses
from toolkit.report import build_report
from toolkit.store import Workspace, views

pytestmark = pytest.mark.browser

#: The client map's marks: a circle per client, a diamond per internal one.
CLIENTS = 'svg[aria-label="Client-base map"] :is(circle, polygon)'


def test_the_summary_draws_its_client_map_without_the_network(browser, tmp_path):
    with Workspace.open(tmp_path) as ws:
        create_demo(ws, participants=1, clients=30)
        clients = len(FirmAnalyses(views.firm_data(ws, "northfield")).client_map)
    path = build_report(tmp_path, "northfield")
    width, height = VIEWPORTS["desktop"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(path.as_uri())
    expect(page.locator(CLIENTS)).to_have_count(clients)
    screenshot(page, "report", full_page=True)
    context.close()
    assert clients > 0
    assert [url for url in urls if not url.startswith(("file:", "data:"))] == []
    width, height = VIEWPORTS["phone"]
    phone = browser.new_page(viewport={"width": width, "height": height})
    phone.goto(path.as_uri())
    assert phone.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scroll"
    screenshot(phone, "report-phone", full_page=True)
    phone.close()


def test_the_coach_app_offers_the_summary_with_the_notes_just_typed(
    served, open_page, browser, tmp_path
):
    participant_id = sorted(served.names)[0]
    name = served.names[participant_id]
    note = f"Browser note for {name}: call the <quiet> accounts first"
    page = open_page(served.url("coach_session"))
    page.locator(".tk-page select").first.select_option(label=name)
    expect(page.locator(".tk-header h1")).to_have_text(name)
    page.get_by_role("tab", name="Notes").click()
    page.get_by_placeholder("What was discussed, what was decided").fill(note)
    page.get_by_role("button", name="Session summary").click()
    link = page.get_by_role("link", name="Download the summary")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{participant_id}-2026-10-31.html"
    assert saved.stat().st_size < 1_000_000
    html = saved.read_text(encoding="utf-8")
    assert f"<h1>{escape(name)}</h1>" in html
    assert escape(note) in html
    summary = browser.new_page()
    summary.goto(saved.as_uri())
    expect(summary.locator("h1")).to_have_text(name)
    expect(summary.locator(CLIENTS).first).to_be_visible()
    screenshot(summary, "report-from-app", full_page=True)
    summary.close()
