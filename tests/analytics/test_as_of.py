"""One analysis date: every function over dated rows takes ``as_of``, and it moves the window."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pandas as pd
import pytest

import toolkit.analytics as analytics
from tests.analytics.conftest import (
    clients_frame,
    excuses_frame,
    interactions_frame,
    transactions_frame,
)
from toolkit.analytics.inputs import resolve_as_of

#: Public functions that read no dated events: process descriptions, and client records
#: (their current value; when a field was recorded does not change what it holds).
UNDATED = {"process_variation", "process_side_by_side", "record_completeness"}
#: Where the contract keeps ``as_of`` positional-or-keyword: its position.
POSITIONAL = {"attention_gaps": 2, "client_map": 4}
FUNCTIONS = [
    name
    for name in analytics.__all__
    if name.islower() and callable(getattr(analytics, name)) and name not in UNDATED
]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_over_dated_rows_takes_as_of(name):
    parameters = inspect.signature(getattr(analytics, name)).parameters
    assert "as_of" in parameters
    as_of = parameters["as_of"]
    if name in POSITIONAL:
        assert list(parameters).index("as_of") == POSITIONAL[name]
        assert as_of.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    else:
        assert as_of.kind is inspect.Parameter.KEYWORD_ONLY


CLIENTS = clients_frame([("a", "2023-01-10", None), ("b", "2024-01-05", None)])
TX = transactions_frame(
    [
        ("a", "2023-01-10", 400.0, "invoice"),
        ("a", "2023-04-10", 400.0, "invoice"),
        ("b", "2024-01-05", 90.0, "invoice"),
        ("b", "2024-02-01", 10.0, "discount"),
    ]
)
CALLS = interactions_frame(
    [
        ("a", "m1", "2024-03-01 10:00", "phone", "billing", 0.2),
        ("b", "m2", "2024-05-20 15:00", "email", "update", 0.5),
    ]
)
EXCUSES = excuses_frame([("b", "2024-02-01", 10.0, "price pressure")])
TEAM_CLIENTS = CLIENTS.assign(owner_id=["m1", "m1"])
EARLY, LATE = "2024-06-30", "2025-06-30"

#: (call with an as_of, a probe of the result that the analysis window decides)
WINDOWED: dict[str, tuple[Callable, Callable]] = {
    "relationship_status": (
        lambda d: analytics.relationship_status(CLIENTS, TX, CALLS, as_of=d),
        lambda r: r["status"].tolist(),
    ),
    "period_retention": (
        lambda d: analytics.period_retention(CLIENTS, transactions=TX, as_of=d),
        lambda r: str(r["period"].iloc[-1]),
    ),
    "relationship_survival": (
        lambda d: analytics.relationship_survival(CLIENTS, transactions=TX, as_of=d),
        lambda r: r["days"].max(),
    ),
    "cohort_retention": (
        lambda d: analytics.cohort_retention(TX, "Q", as_of=d),
        lambda r: r.shape[1],
    ),
    "revenue_retention": (
        lambda d: analytics.revenue_retention(TX, "Q", as_of=d),
        lambda r: len(r),
    ),
    "client_map": (
        lambda d: analytics.client_map(CLIENTS, CALLS, TX, None, d),
        lambda r: r["days_since_contact"].tolist(),
    ),
    "attention_gaps": (
        lambda d: analytics.attention_gaps(CLIENTS, CALLS, d),
        lambda r: r["days_since_contact"].tolist(),
    ),
    "point_person_coverage": (
        lambda d: analytics.point_person_coverage(TEAM_CLIENTS, CALLS, as_of=d),
        lambda r: int(r["contacts"].sum()),
    ),
    "coverage_matrix": (
        lambda d: analytics.coverage_matrix(CALLS, as_of=d),
        lambda r: int(r.to_numpy().sum()),
    ),
    "topic_trends": (
        lambda d: analytics.topic_trends(CALLS, "M", as_of=d),
        lambda r: str(r["period"].iloc[-1]),
    ),
}
#: Functions over all rows up to as_of: as_of only says what may be counted.
STRICT: dict[str, Callable] = {
    "concession_share": lambda d: analytics.concession_share(TX, EXCUSES, as_of=d),
    "excuse_breakdown": lambda d: analytics.excuse_breakdown(EXCUSES, as_of=d),
}


def test_every_dated_function_is_checked_here():
    assert set(FUNCTIONS) - {"fit_purchase_model"} == set(WINDOWED) | set(STRICT)


@pytest.mark.parametrize("name", list(WINDOWED))
def test_as_of_moves_the_window(name):
    call, probe = WINDOWED[name]
    assert probe(call(EARLY)) != probe(call(LATE))


@pytest.mark.parametrize("name", list(STRICT))
def test_rows_after_as_of_raise(name):
    STRICT[name](EARLY)
    with pytest.raises(ValueError, match="after the analysis date"):
        STRICT[name]("2024-01-31")


def test_as_of_left_out_is_the_latest_date_of_all_frames():
    latest = transactions_frame([("a", "2024-06-10", 50.0, "invoice")])
    both = pd.concat([TX, latest])
    left_out = analytics.attention_gaps(CLIENTS, CALLS, None, transactions=both)
    given = analytics.attention_gaps(CLIENTS, CALLS, "2024-06-10", transactions=both)
    pd.testing.assert_frame_equal(left_out, given)
    clients_only = analytics.period_retention(clients_frame([("a", "2024-01-10", "2024-08-02")]))
    assert str(clients_only["period"].iloc[-1]) == "2024Q3"  # ended_on counts, not just acquired_on


def test_resolve_as_of_reads_frames_series_and_skips_none():
    frame = pd.DataFrame({"acquired_on": pd.to_datetime(["2024-01-05"]), "note": ["x"]})
    series = pd.Series(pd.to_datetime(["2024-02-01 18:00"]))
    assert resolve_as_of(None, frame, series, None) == pd.Timestamp("2024-02-01")
    assert resolve_as_of("2023-05-05 13:00", frame) == pd.Timestamp("2023-05-05")
    assert resolve_as_of(None, frame.iloc[:0], None) is None
