"""Hand-computed cohort retention matrices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import clients_frame, transactions_frame
from toolkit.analytics import cohort_retention

ROWS = [
    ("a", "2024-01-31", 10, "invoice"),
    ("a", "2024-03-01", 10, "invoice"),
    ("b", "2024-01-01", 10, "invoice"),
    ("c", "2024-02-10", 10, "invoice"),
    ("c", "2024-02-20", 10, "invoice"),
    ("c", "2024-03-05", 10, "invoice"),
    ("d", "2024-01-15", 5, "refund"),  # not a purchase: d's cohort is April
    ("d", "2024-04-30", 10, "invoice"),
]


def test_cohort_matrix_hand_case():
    result = cohort_retention(transactions_frame(ROWS), "M", as_of="2024-04-30")
    assert result.index.astype(str).tolist() == ["2024-01", "2024-02", "2024-04"]
    assert result.columns.tolist() == [0, 1, 2, 3]
    expected = [[1, 0, 0.5, 0], [1, 1, 0, np.nan], [1, np.nan, np.nan, np.nan]]
    np.testing.assert_allclose(result.to_numpy(), expected)
    assert result.attrs["cohort_size"] == {"2024-01": 2, "2024-02": 1, "2024-04": 1}


def test_single_client_cohort_is_all_or_nothing():
    tx = transactions_frame(
        [("a", "2024-01-05", 10, "invoice"), ("a", "2024-07-05", 10, "invoice")]
    )
    result = cohort_retention(tx, "Q")
    assert result.to_numpy().tolist() == [[1.0, 0.0, 1.0]]


def test_values_are_shares_and_column_zero_is_one(base):
    result = cohort_retention(base["transactions"], "M")
    values = result.to_numpy()
    assert (result[0] == 1.0).all()
    assert np.nanmin(values) >= 0 and np.nanmax(values) <= 1


def test_frame_without_kind_counts_every_row_as_purchase():
    tx = transactions_frame(ROWS).drop(columns="kind")
    result = cohort_retention(tx, "M", as_of="2024-04-30")
    assert result.index.astype(str).tolist()[0] == "2024-01"
    assert result.attrs["cohort_size"]["2024-01"] == 3


def test_no_purchases_gives_empty_matrix():
    tx = transactions_frame([("a", "2024-01-05", 10, "refund")])
    result = cohort_retention(tx)
    assert result.empty and result.index.name == "cohort"


@pytest.mark.parametrize(
    ("column", "message"), [("client_id", "client_id"), ("occurred_on", "occurred_on")]
)
def test_missing_columns_are_named(column, message):
    with pytest.raises(ValueError, match=message):
        cohort_retention(transactions_frame(ROWS).drop(columns=column))


def test_nan_amount_and_future_dates_raise():
    tx = transactions_frame(ROWS)
    tx.loc[0, "amount"] = np.nan
    with pytest.raises(ValueError, match="missing amount"):
        cohort_retention(tx)
    with pytest.raises(ValueError, match="future"):
        cohort_retention(transactions_frame(ROWS), as_of="2024-03-31")


def test_unknown_frequency_raises():
    with pytest.raises(ValueError, match="freq"):
        cohort_retention(transactions_frame(ROWS), "D")


def test_weekly_cohorts():
    tx = transactions_frame([("a", "2024-01-07", 1, "invoice"), ("a", "2024-01-08", 1, "invoice")])
    result = cohort_retention(tx, "W")
    assert result.index.astype(str).tolist() == ["2024-01-01/2024-01-07"]
    assert result.to_numpy().tolist() == [[1.0, 1.0]]
    assert isinstance(result.index, pd.PeriodIndex)


def test_clients_change_no_cell_and_count_those_without_a_purchase():
    tx = transactions_frame(
        [
            ("a", "2024-01-03", 10.0, "invoice"),
            ("a", "2024-02-10", 10.0, "invoice"),
            ("b", "2024-01-20", 10.0, "invoice"),
            ("stranger", "2024-02-02", 10.0, "invoice"),  # not in the client list: still counts
        ]
    )
    listed = clients_frame([("a", None, None), ("b", None, None), ("never", "2024-04-15", None)])
    alone = cohort_retention(tx, "M")
    with_clients = cohort_retention(tx, "M", clients=listed)
    assert with_clients.attrs["clients_without_purchase"] == 1
    assert with_clients.attrs["cohort_size"] == alone.attrs["cohort_size"]
    # the list's acquisition in April moves as_of, so March and April are observed too
    observed = alone.notna().to_numpy()
    assert (
        with_clients.iloc[:, : alone.shape[1]].to_numpy()[observed] == alone.to_numpy()[observed]
    ).all()
    assert with_clients.fillna(-1).values.tolist() == [[1.0, 0.5, 0.0, 0.0], [1.0, 0.0, 0.0, -1]]
