"""The month page's HTML: the member's targets as a form, the tabs, the status line, and
the page's styles and script inlined so that it is one request (see :mod:`toolkit.month_page`)."""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from jupyter_server.utils import url_path_join

from toolkit.month_page import SAVE_PATH
from toolkit.month_page.targets import MAX_TEXT, MonthView
from toolkit.progress import targets_done
from toolkit.served import PARTICIPANT_APP, PARTICIPANT_TABS


@cache
def asset(name: str) -> str:
    """One of the page's own files (``month.css``, ``month.js``), read once."""
    return (resources.files("toolkit.month_page") / name).read_text(encoding="utf-8")


def tab_url(base_url: str, key: str, tab: str, form: bool = False) -> str:
    """The full personal page (the Voila app) opened on ``tab`` (with ``form``, on the
    month's targets form), with the key if any."""
    arguments = {"key": key} if key else {}
    arguments |= {"tab": tab, "form": "open"} if form else {"tab": tab}
    return url_path_join(base_url, f"voila/render/{PARTICIPANT_APP}?{urlencode(arguments)}")


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (no ``</script>``)."""
    text = json.dumps(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def tally(view: MonthView) -> str:
    """'n of N targets done' (:func:`toolkit.progress.targets_done`), as the script also
    writes it."""
    done, asked = targets_done(view.targets, view.entries)
    return f"{done} of {asked} targets done"


def target_line(index: int, target: dict[str, Any]) -> str:
    """One target: its tick and its text, disabled until the script runs."""
    number = index + 1
    checked = " checked" if target["done"] else ""
    return (
        f'<li><input type="checkbox" id="done-{index}" aria-label="Target {number} done"'
        f"{checked} disabled>"
        f'<input type="text" id="text-{index}" aria-label="Target {number}"'
        f' placeholder="target {number}" maxlength="{MAX_TEXT}"'
        f' value="{escape(target["text"])}" disabled></li>'
    )


def page_html(view: MonthView, key: str, base_url: str = "/", xsrf: str = "") -> str:
    """The whole page for ``view`` on a server at ``base_url``, whose links and saves
    carry the personal ``key`` (none under JupyterHub, whose saves carry ``xsrf``)."""
    tabs = "".join(
        f'<a href="{escape(tab_url(base_url, key, slug))}">{escape(title)}</a>'
        for slug, title in PARTICIPANT_TABS.items()
        if slug != "this-month"
    )
    group = f"{escape(view.group)} · " if view.group else ""
    data = {
        "key": key,
        "version": view.version,
        "entries": view.entries,
        "save": url_path_join(base_url, SAVE_PATH),
        "xsrf": xsrf,
    }
    month = f"{view.today:%B %Y}"
    full_form = escape(tab_url(base_url, key, "this-month", form=True))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(view.member)} · This month</title>
<link rel="icon" href="data:,">
<style>{asset("month.css")}</style></head>
<body>
<header><div class="brand">Client Retention Toolkit · Personal page</div>
<h1>{escape(view.member)}</h1><p>{group}figures as of {view.today:%-d %B %Y}</p></header>
<nav aria-label="Personal page"><a aria-current="page" href="#">This month</a>{tabs}</nav>
<div id="banner" class="banner" role="alert" hidden></div>
<main>
<p class="intro">Your targets for {month}. Tick each one as you finish it; every change
is saved as you go.</p>
<form id="targets" autocomplete="off"><ol>
{"".join(target_line(i, t) for i, t in enumerate(view.targets))}
</ol></form>
<p class="foot"><b id="tally">{tally(view)}</b> <span id="status" role="status">All changes
saved.</span></p>
<p class="more">At the end of the month, look back on it (how far the targets stretched
you, what you learned) in <a href="{full_form}">the full form</a>.</p>
</main>
<script id="month-data" type="application/json">{script_json(data)}</script>
<script>{asset("month.js")}</script>
</body></html>"""
