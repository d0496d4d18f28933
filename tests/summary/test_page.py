"""The summary page: everything given is on it, escaped; it is one self-contained file
with no script, a print stylesheet for A4, and stays far under 1 MB for the demo firm."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.summary.conftest import DECISIONS, NEW_COMMITMENT, read_page
from toolkit.summary import SessionSummary, render_summary

#: Anything that would load from elsewhere: a src/href, a CSS url(), an @import.
EXTERNAL = re.compile(r"\b(?:src|href)\s*=|url\(|@import", re.I)


def text_of(html: str) -> str:
    return " ".join(" ".join(read_page(html).text).split())


def test_every_given_part_is_on_the_page(small):
    text = text_of(render_summary(small))
    for expected in [
        "Ada & Co <Ltd>",
        "Session of 5 March 2027 · Thursday mastermind · data as of 28 February 2027",
        "Talked about <script>alert(1)</script> renewals.",
        "Second line.",
        "Stop the 10 % discount for Alpha",
        "Name an owner for Beta",
        "Call Alpha's CFO",
        "19 Mar 2027",
        "Write Beta's plan",
        "Client fit map",
        "3.2 → 4.1",
        "1-5, higher is better",
        "A strong core",
        "first take 40",
        "0-100, lower is better",
        "Treasure review: valuable clients contacted within their rhythm",
        "50 → 75",
        "0-100 % of the clients reviewed, higher is better",
        "3 valuable clients wait too long",
        "Open commitments",
        "Old one",
    ]:
        assert expected in text


def test_user_text_is_escaped_and_no_script_is_needed(small):
    html = render_summary(small)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ada &amp; Co &lt;Ltd&gt;" in html
    assert not EXTERNAL.search(html), "the page loads nothing from elsewhere"


def test_charts_are_inline_svg_with_their_captions(small):
    html = render_summary(small)
    reader = read_page(html)
    assert reader.tags.count("svg") == 3  # the score bars and the two charts
    assert "<figcaption>Days</figcaption>" in html and "<figcaption>Trend</figcaption>" in html


def test_print_stylesheet_for_a4():
    html = render_summary(SessionSummary(participant="P", session_on=dt.date(2027, 1, 1)))
    style = html[html.index("<style>") : html.index("</style>")]
    printing = style[style.index("@media print") :]
    assert "size: A4" in printing
    assert "break-inside: avoid" in printing
    assert "color: #000" in printing, "black text on paper"


def test_an_empty_session_says_what_is_missing():
    text = text_of(render_summary(SessionSummary(participant="P", session_on=dt.date(2027, 1, 1))))
    for expected in [
        "No notes taken.",
        "No new commitments.",
        "No exercise completed yet.",
    ]:
        assert expected in text
    for heading in ("Decisions", "Charts", "Highlights"):
        assert heading not in text, "a section with nothing to say has no heading"


@pytest.mark.slow
def test_demo_summary_is_small_and_complete(demo_summary):
    html = render_summary(demo_summary)
    size = len(html.encode("utf-8"))
    assert size < 1_000_000
    assert size < 100_000, f"{size} bytes: the charts should be small SVG"
    text = text_of(html)
    assert demo_summary.notes.split("\n")[0].strip() in text
    assert NEW_COMMITMENT in text and DECISIONS[0] in text
    assert "Client-base map" in text and "Clients waiting longest for a contact" in text
    assert all(score.exercise in text for score in demo_summary.scores)
    assert "<script" not in html.lower()
