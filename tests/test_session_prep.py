"""The prep panel's computations on small hand-made frames: the last session before the
day, what the data is compared with, newly lapsed clients, health moves of a tenth of
the scale or more, commitments due and done; and a firm cut back to an earlier day, where
a client that bought every 30 days is active on one date and lapsed 31 days later."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit import analytics
from toolkit import session_prep as prep
from toolkit.excuse_causes import CAUSE_IDS
from toolkit.exercises import load_all
from toolkit.store import Workspace, views
from toolkit.store.participants import add_participant
from toolkit.summary.content import ScoreChange

D = dt.date


@pytest.fixture(scope="module")
def exercises():
    return load_all()


def sessions(*rows: tuple[int, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"session_id": i, "held_on": pd.Timestamp(day), "notes": n} for i, day, n in rows]
    )


def test_the_last_session_is_the_latest_one_before_the_day():
    held = sessions(
        (1, "2026-09-01", "first"), (2, "2026-10-18", "second"), (3, "2026-10-31", "today's")
    )
    last = prep.last_session(held, D(2026, 10, 31))
    assert last == prep.Held(D(2026, 10, 18), "second")
    assert prep.last_session(held, D(2026, 9, 1)) is None


def test_two_sessions_on_one_day_give_the_later_one_and_missing_notes_read_empty():
    held = sessions((4, "2026-10-18", "morning"), (5, "2026-10-18", None))
    assert prep.last_session(held, D(2026, 11, 1)) == prep.Held(D(2026, 10, 18), "")


def test_the_baseline_is_the_last_session_or_thirty_days_back_or_nothing():
    as_of = D(2026, 10, 31)
    since = prep.baseline(D(2026, 10, 18), as_of)
    assert since.day == D(2026, 10, 18)
    assert since.label == "the last session on 18 October 2026"
    fresh = prep.baseline(None, as_of)
    assert fresh.day == D(2026, 10, 1)
    assert fresh.label == "30 days earlier (1 October 2026); no earlier session"
    stale = prep.baseline(D(2026, 11, 2), as_of)
    assert stale.day is None
    assert "not newer than the last session on 2 November 2026" in stale.label


def client_map(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["client_id", "status", "health", "health_band"])
    return frame.assign(name=frame["client_id"].str.upper())


def statuses(*pairs: str) -> pd.DataFrame:
    """A client map of ``"id:status"`` pairs (health does not matter here)."""
    return client_map([(*pair.split(":"), 0.5, "amber") for pair in pairs])


def test_newly_lapsed_are_active_before_and_lapsed_now():
    before = statuses("a:active", "b:active", "c:lapsed", "d:active")
    now = statuses("a:lapsed", "b:active", "c:lapsed", "d:ended", "new:lapsed")
    lapsed = prep.newly_lapsed(before, now)
    assert lapsed.to_dict("records") == [{"client_id": "a", "name": "A", "status": "lapsed"}]


def test_health_moves_of_a_tenth_or_more_drops_first():
    before = client_map(
        [
            ("drop", "active", 0.70, "green"),
            ("small-drop", "active", 0.62, "green"),
            ("rise", "active", 0.30, "red"),
            ("tiny", "active", 0.50, "amber"),
            ("gone", "active", 0.90, "green"),
        ]
    )
    now = client_map(
        [
            ("drop", "active", 0.55, "amber"),  # -0.15
            ("small-drop", "active", 0.52, "amber"),  # -0.10: exactly the step
            ("rise", "active", 0.45, "amber"),  # +0.15
            ("tiny", "active", 0.55, "amber"),  # +0.05: too small
            ("gone", "lapsed", 0.20, "red"),  # lapsed now: reported elsewhere
        ]
    )
    moves = prep.health_moves(before, now)
    assert moves["client_id"].to_list() == ["drop", "small-drop", "rise"]
    assert moves["change"].to_list() == pytest.approx([-0.15, -0.10, 0.15])
    assert moves.loc[0, ["band_before", "band"]].to_list() == ["green", "amber"]
    assert prep.health_moves(before, now, step=0.2).empty


def commitments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commitment_id": [1, 2, 3, 4, 5, 6],
            "text": ["late", "soon", "later", "no date", "done", "done long ago"],
            "due_on": pd.to_datetime(
                ["2026-10-01", "2026-11-14", "2026-11-15", None, "2026-10-20", "2026-06-01"]
            ),
            "status": ["open", "open", "open", "open", "done", "done"],
            "last_checkin": pd.to_datetime(
                [None, None, None, None, "2026-10-20 09:00", "2026-06-02 10:00"]
            ),
        }
    )


def test_commitments_due_within_two_weeks_and_overdue_ones():
    due = prep.commitments_due(commitments(), D(2026, 10, 31))
    assert due["text"].to_list() == ["late", "soon"]  # 14 Nov is 14 days on; 15 Nov is not
    assert due["overdue"].to_list() == [True, False]


def test_commitments_done_since_the_last_session():
    done = prep.done_since(commitments(), D(2026, 10, 18))
    assert done["text"].to_list() == ["done"]


@pytest.fixture
def firm(tmp_path):
    """One client buying on the 1st of January, February and March 2024 (a 30-day rhythm,
    so it lapses after max(3 x 30, 90) = 90 days of silence), a client with a health move,
    and data as of 1 July 2024."""
    ws = Workspace.open(tmp_path)
    add_participant(ws, "Small Firm", "small")
    ws.set_as_of("small", D(2024, 7, 1))
    ws.write(
        "clients",
        pd.DataFrame({"client_id": ["c1", "c2"], "name": ["Regular", "Steady"]}).assign(
            acquired_on=pd.Timestamp("2023-06-01")
        ),
        "small",
    )
    days = ["2024-01-01", "2024-01-31", "2024-03-01"]
    ws.write(
        "transactions",
        pd.DataFrame(
            {
                "transaction_id": ["t1", "t2", "t3", "t4", "t5"],
                "client_id": ["c1", "c1", "c1", "c2", "c2"],
                "occurred_on": pd.to_datetime([*days, "2024-05-01", "2024-06-20"]),
                "amount": 1000.0,
                "kind": "invoice",
            }
        ),
        "small",
    )
    yield views.firm_data(ws, "small")
    ws.close()


def test_a_firm_cut_back_to_an_earlier_day_leaves_out_what_came_later(firm):
    earlier = prep.as_of(firm, D(2024, 5, 15))
    assert earlier.as_of == D(2024, 5, 15)
    assert earlier.transactions["transaction_id"].to_list() == ["t1", "t2", "t3", "t4"]
    assert earlier.left_out["rows"].sum() == 1
    assert len(firm.transactions) == 5  # the firm itself is unchanged


def client_map_on(firm: views.FirmData) -> pd.DataFrame:
    tables = (firm.clients, firm.interactions, firm.transactions)
    return analytics.client_map(*tables, as_of=firm.as_of)


def test_a_client_silent_for_longer_than_its_limit_is_newly_lapsed(firm):
    # 1 March + 90 days = 30 May: active on 29 May (89 days), lapsed on 1 July (122 days)
    before, now = (client_map_on(prep.as_of(firm, day)) for day in (D(2024, 5, 29), firm.as_of))
    assert before.set_index("client_id")["status"].to_dict() == {"c1": "active", "c2": "active"}
    lapsed = prep.newly_lapsed(before, now)
    assert lapsed.to_dict("records") == [{"client_id": "c1", "name": "Regular", "status": "lapsed"}]


def test_a_score_line_names_the_scale_direction_and_which_way_it_moved():
    fit = ScoreChange("Client fit map", 3.2, 3.8, 0, 5, True)
    assert prep.score_line(fit) == "Client fit map: 3.2 → 3.8 (0-5, higher is better), better"
    given = ScoreChange("Revenue given away", 4.0, 6.5, 0, 100, False)
    assert prep.score_line(given).endswith("4 → 6.5 (0-100, lower is better), worse")
    same = ScoreChange("Targets", 5.0, 5.0, 0, 6, True)
    assert prep.score_line(same).endswith(", unchanged")
    first = ScoreChange("Retention plan", None, 3.75, 0, 5, True)
    assert prep.score_line(first) == "Retention plan: 3.75 (0-5, higher is better), first take"


def test_each_shared_cause_has_the_excuse_audits_remedy(exercises):
    found = prep.remedies(exercises["excuse-audit"])
    assert set(found) == set(CAUSE_IDS)
    assert found["scope_change"].startswith("Add a change-request step to our contracts")
    assert "delivery check" in found["over_promised"]


def test_the_recent_topics_are_the_last_periods_of_the_trends():
    trends = pd.DataFrame(
        {
            "period": pd.PeriodIndex(["2026-07", "2026-08", "2026-09", "2026-10"] * 2, freq="M"),
            "topic": ["billing"] * 4 + ["outage"] * 4,
            "count": [1, 2, 3, 4, 0, 0, 5, 9],
        }
    )
    recent = prep.recent_topics(trends, periods=2)
    assert recent["period"].astype(str).to_list() == ["2026-09", "2026-10"] * 2
    assert recent["count"].to_list() == [3, 4, 5, 9]
