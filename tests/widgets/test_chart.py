"""A chart slot shows a plotly figure as plotly's output type, sized by its container."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from toolkit.widgets.chart import CONFIG, PLOTLY_MIME, Chart, plotly_output


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


@pytest.mark.parametrize(("height", "shown"), [(None, 480), (300, 300)])
def test_a_chart_always_has_a_height(height, shown):
    figure = go.Figure(go.Scatter(x=[0], y=[1]), layout={"height": height})
    assert plotly_output(figure)["data"][PLOTLY_MIME]["layout"]["height"] == shown
    assert Chart(figure).output.layout.height == f"{shown}px"
