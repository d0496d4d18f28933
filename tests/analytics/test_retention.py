"""Hand-computed period and revenue retention, and their bad-input behaviour."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import clients_frame, lapse_base, transactions_frame
from toolkit.analytics import period_retention, revenue_retention

BOUNDARY_CLIENTS = [
    ("a", "2024-01-01", None),  # first day of Q1
    ("b", "2024-03-31", "2024-04-01"),  # last day of Q1, lost on the first day of Q2
    ("c", "2024-04-15", "2024-06-30"),  # acquired and lost within Q2
    ("d", "2024-07-01", None),
]


def test_period_retention_counts_boundaries_and_same_period_losses():
    result = period_retention(clients_frame(BOUNDARY_CLIENTS), "Q", as_of="2024-09-30")
    assert result["period"].astype(str).tolist() == ["2024Q1", "2024Q2", "2024Q3"]
    assert result[["start", "new", "lost", "new_lost", "end"]].to_numpy().tolist() == [
        [0, 2, 0, 0, 2],
        [2, 1, 2, 1, 1],
        [1, 1, 0, 0, 2],
    ]
    assert np.isnan(result.loc[0, "retention_rate"]) and np.isnan(result.loc[0, "churn_rate"])
    # Q2: (end - new) / start = (1 - 1) / 2; lost / start = 2 / 2 (c, won and lost, counts)
    assert result.loc[1, "retention_rate"] == 0.0
    assert result.loc[1, "churn_rate"] == 1.0
    # Q3: (2 - 1) / 1 and 0 / 1
    assert result.loc[2, "retention_rate"] == 1.0
    assert result.loc[2, "churn_rate"] == 0.0


@pytest.mark.parametrize(
    ("rows", "retention", "churn"),
    [
        # one starting client kept, one won and lost in Q2: (2 - 2) / 1 and 1 / 1
        (
            [
                ("a", "2024-01-01", None),
                ("n", "2024-04-01", "2024-05-01"),
                ("m", "2024-05-01", None),
            ],
            0.0,
            1.0,
        ),
        # two starting clients, one lost, one new kept: (2 - 1) / 2 and 1 / 2
        (
            [
                ("a", "2024-01-01", None),
                ("b", "2024-02-01", "2024-06-30"),
                ("m", "2024-05-01", None),
            ],
            0.5,
            0.5,
        ),
        # one starting client kept, two won and lost in Q2: (1 - 2) / 1 and 2 / 1
        (
            [
                ("a", "2024-01-01", None),
                ("n", "2024-04-01", "2024-04-02"),
                ("o", "2024-05-01", "2024-06-01"),
            ],
            -1.0,
            2.0,
        ),
    ],
)
def test_period_retention_rates_follow_domain_formula(rows, retention, churn):
    result = period_retention(clients_frame(rows), "Q", as_of="2024-06-30")
    q2 = result.iloc[1]
    assert q2["retention_rate"] == retention
    assert q2["churn_rate"] == churn
    assert q2["retention_rate"] + q2["churn_rate"] == 1.0


def test_period_retention_zero_start_periods_stay_nan():
    clients = clients_frame([("e", "2023-01-05", "2023-02-01"), ("f", "2023-07-01", None)])
    result = period_retention(clients, "Q", as_of="2023-09-30")
    assert result[["start", "new", "lost", "end"]].to_numpy().tolist() == [
        [0, 1, 1, 0],
        [0, 0, 0, 0],
        [0, 1, 0, 1],
    ]
    assert result["retention_rate"].isna().all() and result["churn_rate"].isna().all()


@pytest.mark.parametrize(
    ("freq", "periods"), [("M", 9), ("Q", 3), ("Y", 1), ("month", 9), ("year", 1)]
)
def test_period_retention_frequencies(freq, periods):
    result = period_retention(clients_frame(BOUNDARY_CLIENTS), freq, as_of="2024-09-30")
    assert len(result) == periods
    assert result["end"].iloc[-1] == 2
    assert (result["end"] == result["start"] + result["new"] - result["lost"]).all()


def test_period_retention_skips_undated_clients_and_says_so():
    clients = clients_frame([*BOUNDARY_CLIENTS, ("x", None, None)])
    result = period_retention(clients, "Q", as_of="2024-09-30")
    assert result.attrs["skipped_clients"] == 1
    assert result["end"].iloc[-1] == 2


def test_period_retention_empty_frame_gives_empty_result():
    result = period_retention(clients_frame([]), "Q")
    full = period_retention(clients_frame(BOUNDARY_CLIENTS), "Q", as_of="2024-09-30")
    assert result.empty
    assert result.columns.tolist() == full.columns.tolist()
    assert result.columns[:3].tolist() == ["period", "start", "new"]


@pytest.mark.parametrize(
    ("rows", "as_of", "message"),
    [
        ([("a", "2024-01-01", None)], "2023-12-31", "acquired_on"),
        ([("a", "2024-01-01", "2024-03-01")], "2024-02-01", "ended_on"),
        ([("a", "2024-03-01", "2024-01-01")], "2024-06-01", "before acquired_on"),
    ],
)
def test_period_retention_rejects_future_and_reversed_dates(rows, as_of, message):
    with pytest.raises(ValueError, match=message):
        period_retention(clients_frame(rows), "Q", as_of=as_of)


def test_period_retention_names_missing_column():
    with pytest.raises(ValueError, match="ended_on"):
        period_retention(pd.DataFrame({"acquired_on": pd.to_datetime(["2024-01-01"])}))


def test_period_retention_rejects_unknown_frequency():
    with pytest.raises(ValueError, match="freq"):
        period_retention(clients_frame(BOUNDARY_CLIENTS), "fortnight")


REVENUE = [
    ("a", "2024-01-10", 100, "invoice"),
    ("a", "2024-04-10", 150, "invoice"),
    ("a", "2024-07-10", 150, "invoice"),
    ("b", "2024-03-31", 200, "invoice"),
    ("b", "2024-04-01", 200, "invoice"),
    ("b", "2024-05-01", 50, "discount"),
    ("c", "2024-06-30", 80, "invoice"),
    ("c", "2024-07-01", 100, "refund"),  # net negative in Q3: counts as 0
    ("d", "2024-09-30", 40, "invoice"),
]


def test_revenue_retention_hand_case():
    result = revenue_retention(transactions_frame(REVENUE), "Q", as_of="2024-09-30")
    assert result["period"].astype(str).tolist() == ["2024Q2", "2024Q3"]
    columns = ["starting", "expansion", "contraction", "churned", "new", "ending"]
    assert result[columns].to_numpy().tolist() == [
        [300.0, 50.0, 50.0, 0.0, 80.0, 380.0],
        [380.0, 0.0, 0.0, 230.0, 40.0, 190.0],
    ]
    assert result["grr"].tolist() == pytest.approx([250 / 300, 150 / 380])
    assert result["nrr"].tolist() == pytest.approx([1.0, 150 / 380])
    assert not result["partial"].any()
    assert (result["grr"] <= 1).all()


def test_revenue_retention_zero_start_and_partial_period():
    tx = transactions_frame(
        [("a", "2024-01-10", 100, "invoice"), ("a", "2024-07-10", 90, "invoice")]
    )
    result = revenue_retention(tx, "Q", as_of="2024-08-15")
    assert result["starting"].tolist() == [100.0, 0.0]
    assert result["churned"].tolist() == [100.0, 0.0]
    assert result.loc[0, "grr"] == 0.0
    assert np.isnan(result.loc[1, "grr"]) and np.isnan(result.loc[1, "nrr"])
    assert result["partial"].tolist() == [False, True]


def test_revenue_retention_single_period_is_empty():
    tx = transactions_frame([("a", "2024-01-10", 100, "invoice")])
    assert revenue_retention(tx, "Q").empty


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": [np.nan]}, "missing amount"),
        ({"amount": [-5.0]}, "negative"),
        ({"kind": ["gift"]}, "unknown value"),
        ({"occurred_on": pd.to_datetime(["2030-01-01"])}, "future"),
    ],
)
def test_revenue_retention_bad_input(change, message):
    tx = transactions_frame([("a", "2024-01-10", 100, "invoice")])
    for column, values in change.items():
        tx[column] = values
    with pytest.raises(ValueError, match=message):
        revenue_retention(tx, "Q", as_of="2024-12-31")


def test_revenue_retention_names_missing_column():
    tx = transactions_frame([("a", "2024-01-10", 100, "invoice")]).drop(columns="amount")
    with pytest.raises(ValueError, match="amount"):
        revenue_retention(tx)


def test_lapsed_clients_are_lost_when_they_stopped():
    frames = lapse_base()
    result = period_retention(
        frames["clients"], "Y", transactions=frames["transactions"], as_of="2024-12-31"
    )
    columns = ["start", "new", "lost", "new_lost", "end"]
    # 2022: e won and lapsed; 2023: a, b, c won, a lapsed, b ended; 2024: d won (first purchase)
    assert result[columns].values.tolist() == [[0, 1, 1, 1, 0], [0, 3, 2, 2, 1], [1, 1, 0, 0, 2]]
    assert result["retention_rate"].iloc[-1] == 1.0
    assert result.attrs["skipped_clients"] == 0


def test_without_activity_frames_only_end_dates_count():
    result = period_retention(lapse_base()["clients"], "Y", as_of="2024-12-31")
    assert result[["new", "lost"]].values.tolist() == [[1, 0], [3, 1], [0, 0]]
    assert result.attrs["skipped_clients"] == 1


def test_as_of_left_out_reads_every_frame_given():
    frames = lapse_base()
    later = pd.concat(
        [frames["transactions"], transactions_frame([("c", "2025-02-03", 5.0, "invoice")])]
    )
    assert str(period_retention(frames["clients"], "Q")["period"].iloc[-1]) == "2023Q4"
    result = period_retention(frames["clients"], "Q", transactions=later)
    assert str(result["period"].iloc[-1]) == "2025Q1"
