"""The audit highlights never rank staff by name: the record-keeping sentence gives the
firm's figure and how many keepers fall short (hand-computed), and no team member's name
is anywhere in the demo summary, which may be forwarded to that team."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from toolkit.store import Workspace
from toolkit.summary import render_summary
from toolkit.summary.highlights import HIGHLIGHTS


def test_record_keeping_gives_the_firms_figure_and_a_count_without_names():
    keepers = pd.DataFrame(
        {
            "member_id": ["m1", "nobody", "m2", "m3"],
            "clients": [2, 1, 1, 4],
            "completeness": [0.5, 0.25, 1.0, 0.75],
            "keeper": ["Ann Lowe", "nobody", "Bo Stark", "Cy Vance"],
        }
    )
    sentence = HIGHLIGHTS["record_completeness"](SimpleNamespace(completeness_by_member=keepers))
    # (2 * 0.5 + 1 * 0.25 + 1 * 1.0 + 4 * 0.75) / 8 clients = 5.25 / 8 = 65.6 %;
    # m1 and m3 below the whole template, m2 complete; 'nobody' is not a keeper
    assert sentence == (
        "Client records hold 66% of the agreed fields; "
        "2 of 3 record keepers fall short of the agreed template."
    )
    assert not any(name in sentence for name in ["Ann", "Bo Stark", "Cy Vance", "m1", "m3"])


@pytest.mark.slow
def test_no_team_member_is_named_anywhere_in_the_demo_summary(demo_session, demo_summary):
    with Workspace.open(demo_session.directory) as ws:
        team = ws.table("team", demo_session.member)
    names = set(team["name"].dropna()) | set(team["member_id"])
    assert len(names) > 5, "the demo firm has a team to leave out"
    html = render_summary(demo_summary)
    assert "agreed fields" in html, "the record-keeping highlight is there, as a count"
    assert [name for name in names if name in html] == []
