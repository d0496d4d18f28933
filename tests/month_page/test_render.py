"""The month page's HTML: the member's own text can never break out of it, and every tab
leads to the full page with the same personal key."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlparse

from toolkit.month_page import SAVE_PATH
from toolkit.month_page.render import page_html, script_json
from toolkit.month_page.targets import MonthView
from toolkit.served import PARTICIPANT_TABS

HOSTILE = '</script><script>alert("x")</script> & "quoted"'


def view(text: str = HOSTILE) -> MonthView:
    targets = [{"text": text, "done": True}] + [{"text": "", "done": False}] * 5
    return MonthView("Ann <b>Example</b>", "Thu", dt.date(2026, 10, 31), 6, targets, 17)


def test_typed_text_and_names_are_escaped_and_the_data_parses_back():
    page = page_html(view(), "k-1")

    assert "<script>alert" not in page and "<b>Example" not in page
    assert 'value="&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)' in page
    data = re.search(r'<script id="month-data" type="application/json">(.*?)</script>', page)
    assert json.loads(data[1]) == {
        "key": "k-1",
        "version": 17,
        "entries": 6,
        "save": SAVE_PATH,
        "xsrf": "",
    }
    assert json.loads(script_json(HOSTILE)) == HOSTILE
    assert "</" not in script_json(HOSTILE)


def test_every_other_tab_opens_the_full_page_on_it_with_the_same_key():
    page = page_html(view("Call"), "k/1&x")

    links = [urlparse(href.replace("&amp;", "&")) for href in re.findall(r'href="([^"#]+)"', page)]
    tabs = [parse_qs(link.query)["tab"][0] for link in links if link.path.endswith(".ipynb")]
    assert set(tabs) == set(PARTICIPANT_TABS)  # five tabs and the full form of this month
    assert {parse_qs(link.query)["key"][0] for link in links if link.query} == {"k/1&x"}


def test_the_tally_counts_written_targets_only():
    page = page_html(view("Call"), "k")

    assert '<b id="tally">1 of 6 targets done</b>' in page
    assert page.count("disabled>") == 12  # enabled by the script once it runs


def test_under_jupyterhub_links_stay_below_the_servers_path_and_saves_carry_the_xsrf_token():
    page = page_html(view("Call"), "", "/user/coach-a/", "token-1")

    hrefs = [h for h in re.findall(r'href="([^"#]+)"', page) if not h.startswith("data:")]
    assert hrefs and all(
        h.startswith("/user/coach-a/voila/render/participant.ipynb?tab=") for h in hrefs
    )
    assert "key=" not in page
    data = re.search(r'<script id="month-data" type="application/json">(.*?)</script>', page)
    assert json.loads(data[1])["save"] == "/user/coach-a" + SAVE_PATH
    assert json.loads(data[1])["xsrf"] == "token-1"
