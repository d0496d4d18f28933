"""Pure analytics: DataFrames in (shaped like ``Workspace.table`` output), DataFrames out.

No I/O, no settings, no plotting. Every function validates its input and raises
:class:`AnalyticsInputError` (a ``ValueError``) naming the frame and column it cannot use.
Formulas and defaults: docs/analytics.md.
"""

from toolkit.analytics.attention import DEFAULT_CADENCE, attention_gaps
from toolkit.analytics.audit import (
    coverage_matrix,
    point_person_coverage,
    process_side_by_side,
    process_variation,
    record_completeness,
)
from toolkit.analytics.client_map import DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS, client_map
from toolkit.analytics.cohorts import cohort_retention
from toolkit.analytics.concessions import concession_share, excuse_breakdown
from toolkit.analytics.inputs import AnalyticsInputError
from toolkit.analytics.lapse import (
    LAPSE_FACTOR,
    MAX_LAPSE_DAYS,
    MIN_LAPSE_DAYS,
    ONE_TIME_WINDOW_DAYS,
    relationship_status,
)
from toolkit.analytics.purchase_model import MissingExtraError, fit_purchase_model
from toolkit.analytics.retention import period_retention, revenue_retention
from toolkit.analytics.survival import relationship_survival
from toolkit.analytics.topics import topic_trends

__all__ = [
    "DEFAULT_CADENCE",
    "DEFAULT_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "LAPSE_FACTOR",
    "MAX_LAPSE_DAYS",
    "MIN_LAPSE_DAYS",
    "ONE_TIME_WINDOW_DAYS",
    "AnalyticsInputError",
    "MissingExtraError",
    "attention_gaps",
    "client_map",
    "cohort_retention",
    "concession_share",
    "coverage_matrix",
    "excuse_breakdown",
    "fit_purchase_model",
    "period_retention",
    "point_person_coverage",
    "process_side_by_side",
    "process_variation",
    "record_completeness",
    "relationship_status",
    "relationship_survival",
    "revenue_retention",
    "topic_trends",
]
