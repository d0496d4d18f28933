"""Progress chart builders return figures with the data they were given."""

import pandas as pd
import plotly.graph_objects as go

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


def test_an_empty_streak_calendar_says_so():
    empty = pd.DataFrame(columns=["participant_id", "month", "done", "streak"])
    figure = streak_calendar_chart(empty)
    assert figure.layout.annotations[0].text == "No monthly targets yet"
