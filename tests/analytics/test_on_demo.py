"""The analytics on the demo firm: SQL cross-checks, and recovering the latent client types.

The demo generator (toolkit/demo) gives every client a latent type that drives its rows;
client_map never sees it. Here its segments and neglected flag must find the types
again. The floors are deliberately below what the defaults reach on this seed (printed
in the table) so that a tuning change that only loses a little stays green, while a
map that stops telling price hunters or neglected key accounts apart fails.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.analytics.sql_reference import (
    cohort_retention_sql,
    connect,
    period_retention_sql,
    revenue_retention_sql,
)
from tests.analytics.test_sql_crosscheck import assert_cohorts_match, assert_period_frames_match
from toolkit.analytics import (
    attention_gaps,
    client_map,
    cohort_retention,
    period_retention,
    point_person_coverage,
    process_variation,
    record_completeness,
    relationship_survival,
    revenue_retention,
    topic_trends,
)
from toolkit.demo import create_demo
from toolkit.store import Workspace

#: (what the map says, which latent types it should catch, precision floor, recall floor)
RECOVERY = {
    "renegotiate -> price_hunter": ("segment", "renegotiate", {"price_hunter"}, 0.8, 0.8),
    "neglected -> neglected_high_value": ("neglected", True, {"neglected_high_value"}, 0.8, 0.8),
    "let go -> chaos_maker, over_demanding": (
        "segment",
        "let go",
        {"chaos_maker", "over_demanding"},
        0.8,
        0.7,
    ),
    "cherish -> loyal_fit, neglected_high_value, internal": (
        "segment",
        "cherish",
        {"loyal_fit", "neglected_high_value", "internal"},
        0.8,
        0.8,
    ),
    "is_internal -> internal": ("is_internal", True, {"internal"}, 1.0, 1.0),
}


@pytest.fixture(scope="module")
def demo(module_workspace) -> dict[str, object]:
    """The demo's tables as the analytics read them, from SQLite and from PostgreSQL."""
    ws = Workspace.open(module_workspace)
    summary = create_demo(ws, participants=1, clients=200, seed=7)
    firm = summary.participant_ids[0]
    tables = {
        name: ws.table(name, firm)
        for name in (
            "clients",
            "interactions",
            "transactions",
            "excuses",
            "client_records",
            "process_steps",
            "demo_ground_truth",
        )
    }
    tables["as_of"] = ws.setting("as_of")
    tables["core_industries"] = json.loads(ws.setting(f"core_industries:{firm}"))
    tables["record_template"] = json.loads(ws.setting(f"record_template:{firm}"))
    ws.close()
    return tables


@pytest.fixture(scope="module")
def mapped(demo) -> pd.DataFrame:
    result = client_map(
        demo["clients"],
        demo["interactions"],
        demo["transactions"],
        as_of=demo["as_of"],
        excuses=demo["excuses"],
        core_industries=demo["core_industries"],
    )
    truth = demo["demo_ground_truth"][["client_id", "latent_type"]]
    return result.merge(truth, on="client_id", validate="one_to_one")


def recovery_table(mapped: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for label, (column, value, types, precision_floor, recall_floor) in RECOVERY.items():
        predicted = mapped[column] == value
        actual = mapped["latent_type"].isin(types)
        hits = int((predicted & actual).sum())
        rows.append(
            {
                "signal": label,
                "predicted": int(predicted.sum()),
                "actual": int(actual.sum()),
                "precision": hits / max(int(predicted.sum()), 1),
                "recall": hits / max(int(actual.sum()), 1),
                "precision_floor": precision_floor,
                "recall_floor": recall_floor,
            }
        )
    return pd.DataFrame(rows).set_index("signal")


def test_client_map_recovers_latent_types(mapped):
    table = recovery_table(mapped)
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print("\n", table.round(3))
        print(pd.crosstab(mapped["latent_type"], mapped["segment"]))
    assert (table["precision"] >= table["precision_floor"]).all(), table
    assert (table["recall"] >= table["recall_floor"]).all(), table


def test_every_client_is_mapped_once(demo, mapped):
    assert len(mapped) == len(demo["clients"])
    assert mapped["explanation"].str.len().gt(10).all()
    assert mapped["health"].between(0, 1).all() and mapped["fit"].between(0, 1).all()


@pytest.mark.parametrize("freq", ["M", "Q", "Y"])
def test_retention_matches_sql_on_demo(demo, freq):
    con = connect(clients=demo["clients"], transactions=demo["transactions"])
    as_of = demo["as_of"]
    assert_period_frames_match(
        period_retention(demo["clients"], freq, as_of=as_of),
        period_retention_sql(con, freq, as_of),
        ["start", "new", "lost", "new_lost", "end", "retention_rate", "churn_rate"],
    )
    assert_period_frames_match(
        revenue_retention(demo["transactions"], freq, as_of=as_of),
        revenue_retention_sql(con, freq, as_of),
        ["starting", "expansion", "contraction", "churned", "new", "grr", "nrr"],
    )
    assert_cohorts_match(
        cohort_retention(demo["transactions"], freq, as_of=as_of), cohort_retention_sql(con, freq)
    )


def test_other_analyses_see_the_demo_signatures(demo):
    as_of = demo["as_of"]
    truth = demo["demo_ground_truth"].set_index("client_id")["latent_type"]
    coverage = point_person_coverage(demo["clients"], demo["interactions"], as_of=as_of)
    members = coverage.set_index("client_id")["members"].groupby(truth).median()
    assert members["chaos_maker"] >= 4 > members["loyal_fit"]
    trends = topic_trends(demo["interactions"], "W", as_of=as_of)
    assert "portal login problem" in set(trends.loc[trends["emerging"], "topic"])
    gaps = attention_gaps(
        demo["clients"], demo["interactions"], as_of, transactions=demo["transactions"]
    )
    assert truth[gaps.loc[gaps["neglected"], "client_id"]].eq("neglected_high_value").mean() >= 0.8
    survival = relationship_survival(demo["clients"], as_of=as_of)
    assert survival["survival"].iloc[-1] < 1.0
    assert process_variation(demo["process_steps"])["similarity"].lt(1).any()
    completeness = record_completeness(
        demo["client_records"], demo["record_template"], clients=demo["clients"], by="member"
    )
    assert completeness["completeness"].between(0, 1).all()
