"""Every analytics function on thin workspaces: empty tables never make one raise.

A participant may have imported nothing yet, only a client list, or a client list and one
other table. Each function must then return its documented columns (empty where there is
nothing to compute) instead of raising. The empty frames have the dtypes
``Workspace.table`` gives an empty table (text and an empty ``sentiment`` as object).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from toolkit.analytics import (
    attention_gaps,
    client_map,
    cohort_retention,
    concession_share,
    coverage_matrix,
    excuse_breakdown,
    period_retention,
    point_person_coverage,
    process_side_by_side,
    process_variation,
    record_completeness,
    relationship_status,
    relationship_survival,
    revenue_retention,
    topic_trends,
)
from toolkit.analytics.attention import GAP_COLUMNS
from toolkit.analytics.audit import COVERAGE_COLUMNS
from toolkit.analytics.client_map import MAP_COLUMNS
from toolkit.analytics.concessions import BREAKDOWN_COLUMNS, SHARE_COLUMNS
from toolkit.analytics.lapse import STATUS_COLUMNS
from toolkit.analytics.retention import PERIOD_COLUMNS, REVENUE_COLUMNS
from toolkit.analytics.survival import SURVIVAL_COLUMNS
from toolkit.analytics.topics import TREND_COLUMNS

AS_OF = "2024-06-30"
TEXT, DAY, MONEY, FLAG = "object", "datetime64[ns]", "float64", "bool"
#: The columns and dtypes of each table as ``Workspace.table`` returns it empty.
TABLES: dict[str, dict[str, str]] = {
    "clients": {
        "participant_id": TEXT,
        "client_id": TEXT,
        "name": TEXT,
        "is_internal": FLAG,
        "owner_id": TEXT,
        "acquired_on": DAY,
        "ended_on": DAY,
        "industry": TEXT,
        "notes": TEXT,
        "stage": TEXT,
    },
    "transactions": {
        "participant_id": TEXT,
        "transaction_id": TEXT,
        "client_id": TEXT,
        "occurred_on": DAY,
        "amount": MONEY,
        "kind": TEXT,
    },
    "interactions": {
        "participant_id": TEXT,
        "interaction_id": TEXT,
        "client_id": TEXT,
        "member_id": TEXT,
        "occurred_at": DAY,
        "channel": TEXT,
        "direction": TEXT,
        "topic": TEXT,
        "sentiment": TEXT,
        "summary": TEXT,
    },
    "team": {"participant_id": TEXT, "member_id": TEXT, "name": TEXT, "role": TEXT},
    "excuses": {
        "participant_id": TEXT,
        "excuse_id": TEXT,
        "client_id": TEXT,
        "occurred_on": DAY,
        "what_went_wrong": TEXT,
        "concession": TEXT,
        "concession_value": MONEY,
        "root_cause": TEXT,
    },
    "client_records": {
        "participant_id": TEXT,
        "client_id": TEXT,
        "field": TEXT,
        "value": TEXT,
        "recorded_by": TEXT,
        "recorded_at": DAY,
    },
    "process_steps": {
        "participant_id": TEXT,
        "member_id": TEXT,
        "process": TEXT,
        "step_no": TEXT,
        "step": TEXT,
    },
}
#: The rows a non-empty table gets (the other columns stay empty).
ROWS: dict[str, dict[str, list]] = {
    "clients": {
        "client_id": ["a", "b", "c"],
        "acquired_on": pd.to_datetime(["2023-01-10", "2024-02-01", None]),
        "ended_on": pd.to_datetime([None, "2024-05-01", None]),
        "owner_id": ["m1", "m2", None],
    },
    "transactions": {
        "transaction_id": ["t1", "t2", "t3"],
        "client_id": ["a", "a", "b"],
        "occurred_on": pd.to_datetime(["2023-02-01", "2024-03-01", "2024-02-15"]),
        "amount": [500.0, 80.0, 120.0],
        "kind": ["invoice", "discount", "invoice"],
    },
    "interactions": {
        "interaction_id": ["i1", "i2"],
        "client_id": ["a", "b"],
        "member_id": ["m1", None],
        "occurred_at": pd.to_datetime(["2024-06-01 10:00", "2024-03-03 09:30"]),
        "channel": ["phone", "email"],
        "topic": ["project update", "complaint"],
        "sentiment": [0.4, -0.5],
    },
    "team": {"member_id": ["m1", "m2"], "name": ["Ann", "Bo"], "role": ["lead", "engineer"]},
}
#: The five thin states: which tables hold rows.
STATES = {
    "nothing": (),
    "only clients": ("clients",),
    "clients and transactions": ("clients", "transactions"),
    "clients and interactions": ("clients", "interactions"),
    "clients and team, no interactions": ("clients", "team"),
}


def table(name: str, filled: bool) -> pd.DataFrame:
    """Table ``name`` as ``Workspace.table`` returns it: empty, or with its ``ROWS``."""
    columns = TABLES[name]
    size = len(next(iter(ROWS[name].values()))) if filled else 0
    frame = pd.DataFrame({c: pd.Series([None] * size, dtype=t) for c, t in columns.items()})
    frame["participant_id"] = "p1"
    for column, values in (ROWS[name] if filled else {}).items():
        frame[column] = pd.Series(values, dtype=columns[column] if column != "sentiment" else None)
    return frame


def workspace(state: str) -> dict[str, pd.DataFrame]:
    return {name: table(name, name in STATES[state]) for name in TABLES}


Call = Callable[[dict[str, pd.DataFrame], str | None], pd.DataFrame]
#: Each public function called as the apps call it, and its documented columns.
CALLS: dict[str, tuple[Call, list[str]]] = {
    "relationship_status": (
        lambda f, d: relationship_status(
            f["clients"], f["transactions"], f["interactions"], as_of=d
        ),
        STATUS_COLUMNS,
    ),
    "period_retention": (
        lambda f, d: period_retention(
            f["clients"], transactions=f["transactions"], interactions=f["interactions"], as_of=d
        ),
        PERIOD_COLUMNS,
    ),
    "period_retention, end dates only": (
        lambda f, d: period_retention(f["clients"], as_of=d),
        PERIOD_COLUMNS,
    ),
    "relationship_survival": (
        lambda f, d: relationship_survival(
            f["clients"], transactions=f["transactions"], interactions=f["interactions"], as_of=d
        ),
        SURVIVAL_COLUMNS,
    ),
    "cohort_retention": (
        lambda f, d: cohort_retention(f["transactions"], clients=f["clients"], as_of=d),
        [],
    ),
    "revenue_retention": (
        lambda f, d: revenue_retention(f["transactions"], as_of=d),
        REVENUE_COLUMNS,
    ),
    "client_map": (
        lambda f, d: client_map(f["clients"], f["interactions"], f["transactions"], as_of=d),
        MAP_COLUMNS,
    ),
    "attention_gaps": (
        lambda f, d: attention_gaps(
            f["clients"], f["interactions"], d, transactions=f["transactions"]
        ),
        GAP_COLUMNS,
    ),
    "point_person_coverage": (
        lambda f, d: point_person_coverage(f["clients"], f["interactions"], as_of=d),
        COVERAGE_COLUMNS,
    ),
    "coverage_matrix": (lambda f, d: coverage_matrix(f["interactions"], as_of=d), []),
    "record_completeness": (
        lambda f, _d: record_completeness(f["client_records"], ["email"], clients=f["clients"]),
        ["client_id", "keeper", "filled", "template_fields", "completeness", "missing", "extra"],
    ),
    "process_variation": (
        lambda f, _d: process_variation(f["process_steps"]),
        ["process", "members", "steps", "shared_steps", "unshared", "similarity"],
    ),
    "process_side_by_side": (
        lambda f, _d: process_side_by_side(f["process_steps"], "handover"),
        ["followed_by", "shared"],
    ),
    "concession_share": (
        lambda f, d: concession_share(f["transactions"], f["excuses"], as_of=d),
        SHARE_COLUMNS,
    ),
    "excuse_breakdown": (lambda f, d: excuse_breakdown(f["excuses"], as_of=d), BREAKDOWN_COLUMNS),
    "topic_trends": (lambda f, d: topic_trends(f["interactions"], as_of=d), TREND_COLUMNS),
}


@pytest.mark.parametrize("as_of", [AS_OF, None], ids=["as_of given", "as_of left out"])
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("name", list(CALLS))
def test_thin_workspace_gives_a_well_formed_result(name, state, as_of):
    call, columns = CALLS[name]
    result = call(workspace(state), as_of)
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns[: len(columns)]) == columns
    if state == "nothing":
        assert result.empty


@pytest.mark.parametrize("state", [s for s in STATES if s != "nothing"])
def test_every_client_gets_a_status_and_a_place_on_the_map(state):
    frames = workspace(state)
    status = relationship_status(
        frames["clients"], frames["transactions"], frames["interactions"], as_of=AS_OF
    )
    mapped = client_map(
        frames["clients"], frames["interactions"], frames["transactions"], as_of=AS_OF
    )
    assert status["client_id"].tolist() == ["a", "b", "c"]
    assert sorted(mapped["client_id"]) == ["a", "b", "c"]
    assert mapped.set_index("client_id").loc["b", "status"] == "ended"


def test_clients_and_team_without_interactions_list_every_active_client():
    frames = workspace("clients and team, no interactions")
    result = point_person_coverage(frames["clients"], frames["interactions"], as_of=AS_OF)
    assert result.set_index("client_id")["contacts"].to_dict() == {"a": 0, "c": 0}
    assert result.set_index("client_id")["owner_absent"].to_dict() == {"a": True, "c": False}
