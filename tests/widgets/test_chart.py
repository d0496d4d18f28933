"""A chart slot shows a plotly figure as plotly's output type, sized by its container."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from toolkit.widgets.chart import CONFIG, PLOTLY_MIME, Chart


def test_chart_is_responsive_and_replaceable():
    chart = Chart(go.Figure(go.Bar(x=[1], y=[2]), layout={"title": "First", "width": 900}))
    (output,) = chart.output.outputs
    shown = output["data"][PLOTLY_MIME]
    assert shown["config"] == CONFIG
    assert "width" not in shown["layout"] and shown["layout"]["autosize"] is True
    assert shown["data"][0]["type"] == "bar"
    json.dumps(output)  # plain JSON, ready for the widget state
    assert chart.title == "First"
    chart.show(go.Figure(layout={"title": "Second"}))
    assert len(chart.output.outputs) == 1 and chart.title == "Second"
