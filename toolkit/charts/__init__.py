"""Pure chart builders: an analytics DataFrame in, a plotly ``go.Figure`` out.

No widgets, no I/O, no browser needed. Colours come from :mod:`toolkit.charts.palette`
(Okabe-Ito, colour-blind safe); every chart has a title and axis titles with units.
Each builder is imported from its module when first used (:mod:`toolkit.lazy`), so
reading the palette (the session summary's static charts) does not load plotly.
"""

from toolkit.lazy import exports

_MODULES = {
    "attention_gap_bars": "attention",
    "burndown_chart": "progress",
    "client_map_bubble": "client_map",
    "cohort_heatmap": "cohorts",
    "concession_bars": "concessions",
    "coverage_heatmap": "coverage",
    "excuse_cause_bars": "concessions",
    "result_chart": "progress",
    "retention_lines": "retention",
    "revenue_retention_lines": "retention",
    "score_history_chart": "progress",
    "streak_calendar_chart": "progress",
    "survival_curve": "survival",
    "topic_trend_chart": "topics",
}
__all__ = sorted(_MODULES)
__getattr__ = exports(__name__, _MODULES)
