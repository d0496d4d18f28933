"""Progress chart builders return figures with the data they were given."""

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from toolkit import progress
from toolkit.charts.progress import (
    band_colours,
    burndown_chart,
    result_chart,
    score_history_chart,
    streak_calendar_chart,
)
from toolkit.exercises import Band

BANDS = (
    Band("low", 0, 2, "Low", "", ("a",)),
    Band("mid", 2, 4, "Mid", "", ("b",)),
    Band("high", 4, 6, "High", "", ("c",)),
)


def test_result_chart_marks_the_total_on_the_bands():
    figure = result_chart(5.0, BANDS, "Targets done")
    assert isinstance(figure, go.Figure)
    assert [trace.name for trace in figure.data] == ["Low", "Mid", "High", "Your score"]
    assert figure.data[-1].x == (5.0,)
    assert tuple(figure.layout.xaxis.range) == (0, 6)


def test_band_colours_run_from_worst_to_best():
    best_first = band_colours(BANDS, higher_is_better=False)
    assert band_colours(BANDS)["high"] == best_first["low"] == "#009E73"


def test_score_history_chart_has_a_line_per_exercise_and_band_shading():
    history = pd.DataFrame(
        {
            "participant_id": ["ana"] * 3,
            "exercise_id": ["a", "a", "b"],
            "date": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-01-01"]),
            "total": [1.0, 3.0, 5.0],
        }
    )
    figure = score_history_chart(history, BANDS)
    assert [trace.name for trace in figure.data] == ["a", "b"]
    assert list(figure.data[0].y) == [1.0, 3.0]
    assert len(figure.layout.shapes) == 3


def test_burndown_and_streak_calendar():
    burndown = pd.DataFrame(
        {"date": pd.to_datetime(["2026-03-01", "2026-03-08"]), "open": [4, 3], "closed": [0, 1]}
    )
    assert list(burndown_chart(burndown).data[0].y) == [4, 3]
    streaks = pd.DataFrame(
        {
            "participant_id": ["ana", "ana"],
            "month": pd.PeriodIndex(["2026-01", "2026-03"], freq="M"),
            "done": [4.0, 6.0],
            "streak": [1, 1],
        }
    )
    heatmap = streak_calendar_chart(streaks).data[0]
    assert list(heatmap.x) == ["2026-01", "2026-02", "2026-03"]
    assert heatmap.z[0][0] == 4.0 and pd.isna(heatmap.z[0][1])


EMPTY_STREAKS = pd.DataFrame(columns=["participant_id", "month", "done", "streak"])
EMPTY_HISTORY = pd.DataFrame(columns=["participant_id", "exercise_id", "date", "total"])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: result_chart(None, BANDS), "No score yet"),
        (lambda: result_chart(float("nan"), BANDS), "No score yet"),
        (lambda: result_chart(3.0, ()), "No score yet"),
        (lambda: score_history_chart(EMPTY_HISTORY, BANDS), "No scores yet"),
        (lambda: score_history_chart(pd.DataFrame()), "No scores yet"),
        (
            lambda: burndown_chart(pd.DataFrame(columns=["date", "open", "closed"])),
            "No commitments yet",
        ),
        (lambda: burndown_chart(pd.DataFrame()), "No commitments yet"),
        (lambda: streak_calendar_chart(EMPTY_STREAKS), "No monthly targets yet"),
        (lambda: streak_calendar_chart(pd.DataFrame()), "No monthly targets yet"),
    ],
)
def test_empty_input_gives_a_figure_that_says_nothing_yet(build, message):
    figure = build()
    assert isinstance(figure, go.Figure)
    assert figure.data == ()
    assert [note.text for note in figure.layout.annotations] == [message]


def test_builders_accept_the_progress_frames_of_an_empty_workspace():
    results = pd.DataFrame(columns=["participant_id", "exercise_id", "period", "total", "band"])
    commitments = pd.DataFrame(
        columns=["commitment_id", "participant_id", "status", "due_on", "created_at"]
    )
    checkins = pd.DataFrame(columns=["commitment_id", "at", "status"])
    figures = [
        score_history_chart(progress.score_history(results)),
        streak_calendar_chart(progress.monthly_streaks(results)),
        burndown_chart(progress.commitment_burndown(commitments, checkins, dt.date(2026, 10, 31))),
    ]
    assert all(len(figure.layout.annotations) == 1 for figure in figures)
