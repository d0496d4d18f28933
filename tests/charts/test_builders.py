"""Every chart builder: a go.Figure with titled axes, the expected traces, the palette."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from toolkit import charts
from toolkit.charts.palette import OKABE_ITO, SEGMENT_COLOURS

CASES = [
    ("client_map_bubble", "client_map", "Fit", "health"),
    ("cohort_heatmap", "cohorts", "Periods since", "Cohort"),
    ("retention_lines", "periods", "Period", "%"),
    ("revenue_retention_lines", "revenue", "Period", "%"),
    ("survival_curve", "survival", "Days", "%"),
    ("attention_gap_bars", "gaps", "Days", "Client"),
    ("coverage_heatmap", "coverage", "Team member", "Client"),
    ("topic_trend_chart", "topics", "Period", "count"),
    ("concession_bars", "concessions", "%", "Client"),
    ("excuse_cause_bars", "excuses", "count", "Root cause"),
]


@pytest.mark.parametrize(("builder", "frame", "x_words", "y_words"), CASES)
def test_builder_returns_labelled_figure(frames, builder, frame, x_words, y_words):
    figure = getattr(charts, builder)(frames[frame])
    assert isinstance(figure, go.Figure)
    assert figure.layout.title.text
    assert x_words.lower() in figure.layout.xaxis.title.text.lower()
    assert y_words.lower() in figure.layout.yaxis.title.text.lower()
    assert len(figure.data) >= 1


def test_bubble_has_one_trace_per_segment_with_explanations(frames):
    figure = charts.client_map_bubble(frames["client_map"])
    segments = set(frames["client_map"]["segment"])
    *bubbles, key = figure.data
    assert {trace.name for trace in bubbles} == segments
    for trace in bubbles:
        assert trace.marker.color == SEGMENT_COLOURS[trace.name]
        assert "customdata[2]" in trace.hovertemplate
        assert all(":" in row[2] for row in trace.customdata)
    internal = [s for t in bubbles for s in t.marker.symbol]
    assert internal.count("diamond") == int(frames["client_map"]["is_internal"].sum()) == 1
    assert (key.name, key.marker.symbol, key.x) == ("internal client", "diamond", (None,))


def test_bubble_legend_keys_are_circles_and_hover_names_follow_their_points():
    # The legend draws each segment's key from its first point: an internal client first
    # in the frame must not turn the key into a diamond.
    frame = pd.DataFrame(
        {
            "client_id": ["i", "a", "b"],
            "name": ["Internal IT", "Alpha", "Beta"],
            "fit": [0.9, 0.8, 0.7],
            "health": [0.9, 0.8, 0.7],
            "value": [10.0, 20.0, 30.0],
            "segment": ["cherish"] * 3,
            "explanation": ["fit: high"] * 3,
            "is_internal": [True, False, False],
        }
    )
    cherish, key = charts.client_map_bubble(frame).data
    assert list(cherish.marker.symbol) == ["circle", "circle", "diamond"]
    assert [row[0] for row in cherish.customdata] == ["Alpha", "Beta", "Internal IT"]
    assert list(cherish.x) == [0.8, 0.7, 0.9]
    assert key.name == "internal client"
    without_internal = charts.client_map_bubble(frame.assign(is_internal=False))
    assert [trace.name for trace in without_internal.data] == ["cherish"]


def test_cohort_heatmap_blank_for_unobserved_cells(frames):
    heatmap = charts.cohort_heatmap(frames["cohorts"]).data[0]
    assert heatmap.zmin == 0 and heatmap.zmax == 1
    assert "" in {text for row in heatmap.text for text in row}


def test_survival_has_band_and_curve(frames):
    figure = charts.survival_curve(frames["survival"])
    assert [trace.fill for trace in figure.data][1] == "tonexty"
    assert figure.data[2].line.shape == "hv"


@pytest.mark.parametrize("kind", ["lines", "area"])
def test_topic_chart_kinds(frames, kind):
    figure = charts.topic_trend_chart(frames["topics"], kind=kind)
    stacked = {trace.stackgroup for trace in figure.data}
    assert stacked == ({"topics"} if kind == "area" else {None})
    assert all(trace.line.color in OKABE_ITO for trace in figure.data)


def test_topic_chart_rejects_unknown_kind(frames):
    with pytest.raises(ValueError, match="kind"):
        charts.topic_trend_chart(frames["topics"], kind="pie")


def test_attention_bars_mark_neglected(frames):
    gaps = frames["gaps"].assign(neglected=[True] + [False] * (len(frames["gaps"]) - 1))
    bars = charts.attention_gap_bars(gaps).data[0]
    assert "#D55E00" in bars.marker.color


def test_builders_name_missing_columns():
    with pytest.raises(ValueError, match="health"):
        charts.client_map_bubble(pd.DataFrame({"client_id": [], "fit": []}))


def test_builders_accept_empty_frames(frames):
    empty = frames["client_map"].iloc[:0]
    assert len(charts.client_map_bubble(empty).data) == 0


@pytest.mark.parametrize(
    ("names", "labels"),
    [
        (None, ["c2", "c1"]),
        (["Alpha", "Beta"], ["Beta", "Alpha"]),
        (["Alpha", "Alpha"], ["Alpha (c2)", "Alpha (c1)"]),
    ],
    ids=["no-names", "names", "shared-name"],
)
def test_attention_bars_are_labelled_by_name_when_known(names, labels):
    gaps = pd.DataFrame(
        {
            "client_id": ["c1", "c2"],
            "days_since_contact": [90.0, 40.0],
            "cadence_days": [30.0, 30.0],
            "neglected": [True, False],
        }
    )
    if names is not None:
        gaps["name"] = names
    bars, ticks = charts.attention_gap_bars(gaps).data
    assert list(bars.y) == labels == list(ticks.y)


def test_client_map_axes_leave_room_for_the_largest_bubble_at_the_edges(frames):
    figure = charts.client_map_bubble(frames["client_map"])
    low, high = figure.layout.xaxis.range
    assert low < -0.1 and high > 1.1
    assert list(figure.layout.xaxis.tickvals) == [0, 0.25, 0.5, 0.75, 1]
