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


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("freq", ["M", "Q", "Y"])
def test_period_retention_matches_sql(seed, freq):
    base = random_base(seed)
    con = connect(clients=base["clients"])
    assert_period_frames_match(
        period_retention(base["clients"], freq, as_of=AS_OF),
        period_retention_sql(con, freq, AS_OF),
        ["start", "new", "lost", "new_lost", "end", "retention_rate", "churn_rate"],
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("freq", ["M", "Q", "Y"])
def test_cohort_retention_matches_sql(seed, freq):
    base = random_base(seed)
    con = connect(transactions=base["transactions"])
    assert_cohorts_match(
        cohort_retention(base["transactions"], freq, as_of=AS_OF), cohort_retention_sql(con, freq)
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("freq", ["M", "Q", "Y"])
def test_revenue_retention_matches_sql(seed, freq):
    base = random_base(seed)
    con = connect(transactions=base["transactions"])
    assert_period_frames_match(
        revenue_retention(base["transactions"], freq, as_of=AS_OF),
        revenue_retention_sql(con, freq, AS_OF),
        ["starting", "expansion", "contraction", "churned", "new", "grr", "nrr"],
    )
