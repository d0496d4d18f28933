"""Small analytics frames to build every chart from (no browser involved)."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit import analytics


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    clients = pd.DataFrame(
        {
            "client_id": ["a", "b", "c"],
            "name": ["Alpha", "Beta", "Internal: IT"],
            "owner_id": ["m1", None, "m2"],
            "industry": ["Utilities", "Retail", None],
            "is_internal": [False, False, True],
            "acquired_on": pd.to_datetime(["2023-01-10", "2023-05-01", "2023-02-01"]),
            "ended_on": pd.to_datetime([None, "2024-03-01", None]),
        }
    )
    interactions = pd.DataFrame(
        {
            "client_id": ["a", "a", "b", "b", "c"],
            "member_id": ["m1", "m2", "m2", "m3", "m2"],
            "occurred_at": pd.to_datetime(
                ["2024-01-05", "2024-03-05", "2024-02-01", "2024-02-20", "2024-05-01"]
            ),
            "channel": ["call"] * 5,
            "topic": ["design review", "complaint", "discount request", "complaint", "support"],
            "sentiment": [0.5, -0.5, 0.0, -0.4, 0.2],
        }
    )
    transactions = pd.DataFrame(
        {
            "client_id": ["a", "a", "b", "b", "a"],
            "occurred_on": pd.to_datetime(
                ["2023-02-01", "2023-08-01", "2023-06-01", "2023-06-05", "2024-04-01"]
            ),
            "amount": [1000.0, 1200.0, 500.0, 150.0, 900.0],
            "kind": ["invoice", "invoice", "invoice", "discount", "invoice"],
        }
    )
    excuses = pd.DataFrame(
        {
            "client_id": ["b", "b"],
            "occurred_on": pd.to_datetime(["2023-06-05", "2023-09-01"]),
            "concession_value": [150.0, 0.0],
            "root_cause": ["price pressure", "over-promised"],
        }
    )
    as_of = "2024-05-31"
    return {
        "client_map": analytics.client_map(
            clients, interactions, transactions, as_of=as_of, core_industries=["Utilities"]
        ),
        "cohorts": analytics.cohort_retention(transactions, "Q", as_of=as_of),
        "periods": analytics.period_retention(clients, "Q", as_of=as_of),
        "revenue": analytics.revenue_retention(transactions, "Q", as_of=as_of),
        "survival": analytics.relationship_survival(clients, as_of=as_of),
        "gaps": analytics.attention_gaps(clients, interactions, as_of, transactions=transactions),
        "coverage": analytics.coverage_matrix(interactions, as_of=as_of),
        "topics": analytics.topic_trends(interactions, "M", as_of=as_of),
        "concessions": analytics.concession_share(transactions),
        "excuses": analytics.excuse_breakdown(excuses),
    }
