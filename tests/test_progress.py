"""Progress: score history, commitment completion and burndown, streaks, group summaries."""

import datetime as dt
import math

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


@pytest.mark.parametrize(
    ("low", "high", "step"), [(1, 5, 1.0), (0, 6, 1.0), (0, 100, 10.0), (0, 1, 0.1)]
)
def test_rounding_step_is_the_largest_power_of_ten_within_half_the_scale(low, high, step):
    assert progress.rounding_step(low, high) == step


def test_members_with_nothing_due_do_not_count_towards_three():
    # ana kept her one commitment due by 10 March; ben and cy have nothing due yet
    commitments = pd.DataFrame(
        {
            "commitment_id": [1, 2, 3],
            "participant_id": ["ana", "ben", "cy"],
            "status": ["done", "open", "open"],
            "due_on": pd.to_datetime(["2026-03-05", "2026-04-01", "2026-04-01"]),
            "created_at": pd.to_datetime(["2026-02-27"] * 3),
        }
    )
    completion = progress.commitment_completion(commitments, dt.date(2026, 3, 10))
    assert completion["completion_rate"].tolist()[0] == 1.0
    assert completion["completion_rate"].iloc[1:].isna().all()
    summary = progress.group_summary(completion.assign(cell="kept"), "cell", "completion_rate", 0.1)
    assert summary.table.empty
    assert summary.suppressed["cell"].tolist() == ["kept"]
    assert summary.note == (
        "Not shown, as fewer than 3 people have a value for them and nobody should be "
        "singled out: kept."
    )


def test_fewer_than_three_contributors_give_no_figure():
    figure = progress.group_figure(pd.Series([5.0, None, None, None]), 1.0)
    assert (figure.contributors, figure.statistic) == (1, "")
    assert math.isnan(figure.value)


@pytest.mark.parametrize(
    ("values", "step", "shown"),
    [
        # (12.5 + 35 + 70) / 3 = 39.17 -> 40 on a 0-100 score
        ([12.5, 35.0, 70.0], 10.0, 40.0),
        # (0.25 + 0.5 + 1) / 3 = 0.583 -> 0.6 of commitments kept
        ([0.25, 0.5, 1.0], 0.1, 0.6),
        # four people: (1.5 + 2.5 + 4 + 5) / 4 = 3.25 -> 3 on a 1-5 score
        ([1.5, 2.5, 4.0, 5.0], 1.0, 3.0),
    ],
)
def test_three_or_four_contributors_see_a_rounded_mean_that_is_nobodys_value(values, step, shown):
    figure = progress.group_figure(pd.Series([*values, None]), step)
    assert figure == progress.GroupFigure(len(values), progress.ROUNDED_MEAN, shown)
    assert shown not in values


def test_a_rounded_mean_halfway_between_two_steps_goes_up():
    # (0.4 + 0.45 + 0.5) / 3 = 0.45, which is 4.499999999999999 tenths in floating point
    figure = progress.group_figure(pd.Series([0.4, 0.45, 0.5]), 0.1)
    assert figure.value == 0.5


def test_five_contributors_see_the_median():
    # the mean (1 + 2 + 4 + 8 + 16) / 5 = 6.2 would differ: the median is 4
    figure = progress.group_figure(pd.Series([16.0, 1.0, None, 4.0, 2.0, 8.0]), 1.0)
    assert figure == progress.GroupFigure(5, progress.MEDIAN, 4.0)


def test_group_summary_counts_each_member_once_with_their_own_mean():
    values = pd.DataFrame(
        {
            "participant_id": ["a", "b", "c", "b", "d", "e", "f"],
            "group_id": ["g1", "g1", "g1", "g1", "g2", "g2", "g2"],
            "total": [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, None],
        }
    )
    summary = progress.group_summary(values, "group_id", "total", 1.0)
    # g1: b counts once with (2 + 4) / 2 = 3; mean of 1, 3, 3 = 2.33 -> 2
    assert summary.table.to_dict("records") == [
        {"group_id": "g1", "contributors": 3, "statistic": progress.ROUNDED_MEAN, "figure": 2.0}
    ]
    # g2 has three members but only two values
    assert summary.suppressed["group_id"].tolist() == ["g2"]
    assert summary.note.endswith(": g2.")


def test_group_summary_rounds_each_cell_to_its_own_step():
    values = pd.DataFrame(
        {
            "participant_id": list("abcabc"),
            "exercise_id": ["small"] * 3 + ["percent"] * 3,
            "total": [1.0, 2.0, 4.0, 12.5, 35.0, 70.0],
        }
    )
    steps = {"small": 1.0, "percent": 10.0}
    summary = progress.group_summary(values, "exercise_id", "total", steps)
    # small: 7 / 3 = 2.33 -> 2; percent: 117.5 / 3 = 39.17 -> 40
    figures = summary.table.set_index("exercise_id")["figure"].to_dict()
    assert figures == {"percent": 40.0, "small": 2.0}
    assert summary.note == ""
    assert summary.suppressed.empty


def test_empty_inputs_give_empty_tables():
    empty = results_frame([])
    assert progress.monthly_streaks(empty).empty
    assert progress.score_history(empty).empty
    no_commitments = commitments_frame().iloc[0:0]
    assert progress.commitment_completion(no_commitments, dt.date(2026, 3, 1)).empty
    assert progress.commitment_burndown(no_commitments, no_commitments, dt.date(2026, 3, 1)).empty
