"""Cohort, period and revenue retention against independent DuckDB SQL (random bases)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import random_base
from tests.analytics.sql_reference import (
    cohort_retention_sql,
    connect,
    period_retention_sql,
    revenue_retention_sql,
)
from toolkit.analytics import cohort_retention, period_retention, revenue_retention

AS_OF = "2024-12-31"


def assert_period_frames_match(ours: pd.DataFrame, sql: pd.DataFrame, columns: list[str]) -> None:
    assert ours["period"].dt.start_time.tolist() == pd.to_datetime(sql["period"]).tolist()
    for column in columns:
        np.testing.assert_allclose(
            ours[column].to_numpy(dtype=float), sql[column].to_numpy(dtype=float), atol=1e-6
        )


def assert_cohorts_match(ours: pd.DataFrame, sql: pd.DataFrame) -> None:
    long = ours.stack().rename("share").reset_index()
    long = long[long["share"] > 0]
    long["cohort"] = long["cohort"].dt.start_time
    sql = sql.assign(cohort=pd.to_datetime(sql["cohort"]))
    merged = long.merge(sql, on=["cohort", "periods_since"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    np.testing.assert_allclose(merged["share_x"], merged["share_y"])


#: Per period-based analysis: the input table, ours, the SQL reference, columns compared.
PERIOD_ANALYSES = {
    "period_retention": (
        "clients",
        period_retention,
        period_retention_sql,
        ["start", "new", "lost", "new_lost", "end", "retention_rate", "churn_rate"],
    ),
    "revenue_retention": (
        "transactions",
        revenue_retention,
        revenue_retention_sql,
        ["starting", "expansion", "contraction", "churned", "new", "grr", "nrr"],
    ),
}


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("freq", ["M", "Q", "Y"])
@pytest.mark.parametrize("analysis", list(PERIOD_ANALYSES))
def test_period_analysis_matches_sql(analysis, seed, freq):
    table, ours, sql, columns = PERIOD_ANALYSES[analysis]
    frame = random_base(seed)[table]
    assert_period_frames_match(
        ours(frame, freq, as_of=AS_OF), sql(connect(**{table: frame}), freq, AS_OF), columns
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("freq", ["M", "Q", "Y"])
def test_cohort_retention_matches_sql(seed, freq):
    base = random_base(seed)
    con = connect(transactions=base["transactions"])
    assert_cohorts_match(
        cohort_retention(base["transactions"], freq, as_of=AS_OF), cohort_retention_sql(con, freq)
    )
