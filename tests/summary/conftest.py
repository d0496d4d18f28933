"""A small summary built by hand, a demo-sized one gathered from the demo workspace, and
a strict reader for the page."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from toolkit.demo import create_demo
from toolkit.exercises import load_all
from toolkit.store import Workspace, coaching, views
from toolkit.summary import ScoreChange, SessionSummary
from toolkit.summary.content import Chart, Series
from toolkit.summary.gather import gather_summary

#: A client fit map decision saved on the demo session's day, and the commitment made of it.
DECIDED = {"client_id": "C-LOW", "client": "Lowfield Castings", "fit": 2, "reciprocity": 1}
DECISIONS = ["Lowfield Castings: Let go - hand over on purpose (commitment due 5 Mar 2027)"]
NEW_COMMITMENT = "Lowfield Castings: Let go - hand over on purpose"
#: Elements without an end tag (HTML's void elements).
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}


class StrictReader(HTMLParser):
    """Checks that every element is closed in order, and collects the text and tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_page(html: str) -> StrictReader:
    """``html`` read strictly: balanced elements, and each inline SVG well-formed XML."""
    reader = StrictReader()
    reader.feed(html)
    reader.close()
    assert reader.open == [], f"never closed: {reader.open}"
    start = 0
    while (start := html.find("<svg", start)) >= 0:
        end = html.index("</svg>", start) + len("</svg>")
        ET.fromstring(html[start:end])
        start = end
    return reader


@pytest.fixture
def small() -> SessionSummary:
    return SessionSummary(
        participant="Ada & Co <Ltd>",
        session_on=dt.date(2027, 3, 5),
        context="Thursday mastermind · data as of 28 February 2027",
        notes="Talked about <script>alert(1)</script> renewals.\nSecond line.",
        decisions=["Stop the 10 % discount for Alpha", "Name an owner for Beta"],
        commitments=pd.DataFrame(
            {
                "text": ["Call Alpha's CFO", "Write Beta's plan"],
                "due_on": [dt.date(2027, 3, 19), None],
            }
        ),
        scores=[
            ScoreChange("Client fit map", 3.2, 4.1, low=1, high=5, reading="A strong core"),
            ScoreChange("Excuse audit", None, 40, high=100, higher_is_better=False),
            ScoreChange(
                "Treasure review",
                50,
                75,
                high=100,
                measure="Valuable clients contacted within their rhythm",
                scale_words="0-100 % of the clients reviewed, higher is better",
            ),
        ],
        highlights=["3 valuable clients wait too long"],
        tables={"Open commitments": pd.DataFrame({"Commitment": ["Old one"], "Due": ["1 Mar"]})},
        charts={
            "Days": Chart("", "", "", (Series("d", [5, 9], ["a", "b"], "bars", across=True),)),
            "Trend": Chart("", "", "", (Series("t", [1, 2, 3], [2, 1, 3], "lines"),)),
        },
    )


@dataclass(frozen=True)
class DemoSession:
    """The demo workspace (200 clients), its first member and their latest session's day,
    on which they decided to let a client go (client fit map) and made it a commitment."""

    directory: Path
    member: str
    day: dt.date


@pytest.fixture(scope="session")
def demo_session(tmp_path_factory) -> DemoSession:
    directory = tmp_path_factory.mktemp("summary-demo")
    with Workspace.open(directory) as ws:
        create_demo(ws)
        member = views.members(ws)["participant_id"].iloc[0]
        day = pd.Timestamp(views.sessions(ws, member)["held_on"].iloc[0]).date()
        made = dt.datetime.combine(day, dt.time(10, 30))
        rows = [DECIDED | {"decision": "let_go"}]
        coaching.save_answers(ws, member, load_all()["client-love-map"], {"clients": rows}, made)
        coaching.add_commitment(ws, member, NEW_COMMITMENT, dt.date(2027, 3, 5), at=made)
    return DemoSession(directory, member, day)


@pytest.fixture(scope="session")
def demo_summary(demo_session) -> SessionSummary:
    """The demo member's summary of that session."""
    with Workspace.open(demo_session.directory) as ws:
        return gather_summary(ws, demo_session.member, session_on=demo_session.day)
