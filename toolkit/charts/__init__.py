"""Pure chart builders: an analytics DataFrame in, a plotly ``go.Figure`` out.

No widgets, no I/O, no browser needed. Colours come from :mod:`toolkit.charts.palette`
(Okabe-Ito, colour-blind safe); every chart has a title and axis titles with units.
"""

from toolkit.charts.attention import attention_gap_bars
from toolkit.charts.client_map import client_map_bubble
from toolkit.charts.cohorts import cohort_heatmap
from toolkit.charts.concessions import concession_bars, excuse_cause_bars
from toolkit.charts.coverage import coverage_heatmap
from toolkit.charts.progress import (
    burndown_chart,
    result_chart,
    score_history_chart,
    streak_calendar_chart,
)
from toolkit.charts.retention import retention_lines, revenue_retention_lines
from toolkit.charts.survival import survival_curve
from toolkit.charts.topics import topic_trend_chart

__all__ = [
    "attention_gap_bars",
    "burndown_chart",
    "client_map_bubble",
    "cohort_heatmap",
    "concession_bars",
    "coverage_heatmap",
    "excuse_cause_bars",
    "result_chart",
    "retention_lines",
    "revenue_retention_lines",
    "score_history_chart",
    "streak_calendar_chart",
    "survival_curve",
    "topic_trend_chart",
]
