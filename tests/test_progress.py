"""Progress: score history, commitment completion and burndown, streaks, group summaries."""

import datetime as dt

import pandas as pd
import pytest

from toolkit import progress


def results_frame(rows):
    return pd.DataFrame(rows, columns=["participant_id", "exercise_id", "period", "total", "band"])


def test_score_history_puts_days_and_months_on_one_axis():
    history = progress.score_history(
        results_frame(
            [
                ("ana", "excuse-audit", "2026-03-09", 4.0, "leaking"),
                ("ana", "six-monthly-targets", "2026-02", 5.0, "on_track"),
                ("ana", "excuse-audit", "2026-01-20", 6.0, "draining"),
            ]
        )
    )
    assert history["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-20",
        "2026-03-09",
        "2026-02-01",
    ]
    assert progress.score_history(history, "excuse-audit")["total"].tolist() == [6.0, 4.0]


def commitments_frame():
    return pd.DataFrame(
        {
            "commitment_id": [1, 2, 3, 4, 5],
            "participant_id": ["ana"] * 4 + ["ben"],
            "status": ["done", "dropped", "open", "open", "open"],
            "due_on": pd.to_datetime(
                ["2026-03-05", "2026-03-05", "2026-03-01", "2026-04-01", None]
            ),
            "created_at": pd.to_datetime(["2026-02-27"] * 4 + ["2026-03-02"]),
        }
    )


def test_completion_rate_counts_only_settled_or_overdue_commitments():
    table = progress.commitment_completion(commitments_frame(), dt.date(2026, 3, 10))
    ana, ben = table.to_dict("records")
    # ana: 1 done, 1 dropped, 1 overdue (due 1 March), 1 not yet due -> 1 / 3
    assert ana == pytest.approx(
        {
            "participant_id": "ana",
            "total": 4,
            "done": 1,
            "dropped": 1,
            "open": 2,
            "overdue": 1,
            "completion_rate": 1 / 3,
        }
    )
    assert ben["overdue"] == 0
    assert pd.isna(ben["completion_rate"])


def test_burndown_counts_open_and_closed_commitments_per_week():
    checkins = pd.DataFrame(
        {
            "commitment_id": [1, 1, 2],
            "at": pd.to_datetime(["2026-03-01", "2026-03-03", "2026-03-09"]),
            "status": ["open", "done", "dropped"],
        }
    )
    burndown = progress.commitment_burndown(commitments_frame(), checkins, dt.date(2026, 3, 12))
    # weekly points (Sundays) from 27 Feb: 1 Mar, 8 Mar, then 12 Mar (as_of)
    assert burndown["date"].dt.strftime("%m-%d").tolist() == ["03-01", "03-08", "03-12"]
    assert burndown["open"].tolist() == [4, 4, 3]
    assert burndown["closed"].tolist() == [0, 1, 2]


def test_streaks_count_consecutive_months_with_four_or_more_done():
    results = results_frame(
        [
            ("ana", "six-monthly-targets", "2026-01", 4, None),
            ("ana", "six-monthly-targets", "2026-02", 6, None),
            ("ana", "six-monthly-targets", "2026-03", 3, None),
            ("ana", "six-monthly-targets", "2026-04", 5, None),
            ("ana", "six-monthly-targets", "2026-06", 5, None),
            ("ben", "six-monthly-targets", "2026-01", 6, None),
            ("ben", "excuse-audit", "2026-01-03", 6, None),
        ]
    )
    streaks = progress.monthly_streaks(results)
    assert streaks[streaks["participant_id"] == "ana"]["streak"].tolist() == [1, 2, 0, 1, 1]
    assert streaks[streaks["participant_id"] == "ben"]["streak"].tolist() == [1]
    assert streaks["hit"].tolist() == [True, True, False, True, True, True]


def test_group_summary_suppresses_cells_with_fewer_than_three_participants():
    values = pd.DataFrame(
        {
            "participant_id": ["a", "b", "c", "b", "d", "e"],
            "group_id": ["g1", "g1", "g1", "g1", "g2", "g2"],
            "total": [1.0, 2.0, 3.0, 4.0, 10.0, 20.0],
        }
    )
    summary = progress.group_summary(values, "group_id", "total")
    # b counts once with its own mean (2 + 4) / 2 = 3: mean of 1, 3, 3 = 7/3
    assert summary.table.to_dict("records") == [
        pytest.approx(
            {
                "group_id": "g1",
                "participants": 3,
                "mean": 7 / 3,
                "median": 3.0,
                "min": 1.0,
                "max": 3.0,
            }
        )
    ]
    assert summary.suppressed["group_id"].tolist() == ["g2"]
    assert "fewer than 3 participants" in summary.note and "group_id=g2" in summary.note


def test_group_summary_says_nothing_when_nothing_is_suppressed():
    values = pd.DataFrame({"participant_id": list("abc"), "cell": "x", "total": [1.0, 2.0, 3.0]})
    summary = progress.group_summary(values, ["cell"], "total")
    assert summary.note == ""
    assert summary.suppressed.empty


def test_empty_inputs_give_empty_tables():
    empty = results_frame([])
    assert progress.monthly_streaks(empty).empty
    assert progress.score_history(empty).empty
    no_commitments = commitments_frame().iloc[0:0]
    assert progress.commitment_completion(no_commitments, dt.date(2026, 3, 1)).empty
    assert progress.commitment_burndown(no_commitments, no_commitments, dt.date(2026, 3, 1)).empty
