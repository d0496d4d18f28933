"""Concession share per client and the excuse-log breakdown."""

from __future__ import annotations

import numpy as np
import pytest

from tests.analytics.conftest import excuses_frame, transactions_frame
from toolkit.analytics import concession_share, excuse_breakdown

TX = [
    ("a", "2024-01-05", 1000, "invoice"),
    ("a", "2024-01-06", 100, "discount"),
    ("a", "2024-02-06", 50, "refund"),
    ("a", "2024-03-06", 50, "credit"),
    ("b", "2024-01-05", 400, "invoice"),
    ("c", "2024-01-05", 30, "credit"),  # never invoiced
]


EXCUSES = [
    ("a", "2024-01-07", 40.0, "price pressure"),
    ("b", "2024-01-08", None, "Price Pressure "),
    ("b", "2024-02-08", 100.0, "over-promised"),
    ("b", "2024-03-08", 0.0, None),
]


def test_transactions_only():
    result = concession_share(transactions_frame(TX)).set_index("client_id")
    assert result.loc["a", ["invoiced", "discount", "refund", "credit", "conceded"]].tolist() == [
        1000.0,
        100.0,
        50.0,
        50.0,
        200.0,
    ]
    assert result.loc["a", "concession_share"] == pytest.approx(0.2)
    assert result.loc["b", "concession_share"] == 0.0
    assert np.isnan(result.loc["c", "concession_share"])
    assert result.index.tolist() == ["a", "b", "c"]


def test_excuse_concessions_are_added_when_asked():
    result = concession_share(transactions_frame(TX), excuses_frame(EXCUSES)).set_index("client_id")
    assert result.loc["a", "conceded"] == 240.0
    assert result.loc["b", "concession_share"] == pytest.approx(100 / 400)
    assert result.loc["b", "excuses"] == 3


def test_future_transactions_raise():
    with pytest.raises(ValueError, match="future"):
        concession_share(transactions_frame(TX), as_of="2024-02-01")


def test_missing_amount_column_is_named():
    with pytest.raises(ValueError, match="concession_value"):
        concession_share(
            transactions_frame(TX), excuses_frame(EXCUSES).drop(columns="concession_value")
        )


def test_breakdown_merges_spellings_and_counts():
    result = excuse_breakdown(excuses_frame(EXCUSES))
    assert result["root_cause"].tolist() == ["price pressure", "over-promised", "unspecified"]
    assert result["excuses"].tolist() == [2, 1, 1]
    assert result["clients"].tolist() == [2, 1, 1]
    assert result["concession_value"].tolist() == [40.0, 100.0, 0.0]
    assert result["share_of_excuses"].tolist() == [0.5, 0.25, 0.25]
    assert result["share_of_value"].tolist() == pytest.approx([40 / 140, 100 / 140, 0.0])


def test_breakdown_of_empty_log_is_empty():
    assert excuse_breakdown(excuses_frame([])).empty


def test_breakdown_without_root_cause_column_names_it():
    with pytest.raises(ValueError, match="root_cause"):
        excuse_breakdown(excuses_frame(EXCUSES).drop(columns="root_cause"))


@pytest.mark.parametrize(
    "spellings",
    [
        ["invoice", "discount", "refund", "credit"],
        ["Invoice ", "DISCOUNT", " refund", "Credit"],
        [None, "discount", "Refund", "credit"],
    ],
)
def test_kind_spellings_give_the_same_totals(spellings):
    rows = [("a", "2024-01-05", 1000, kind) for kind in spellings[:1]]
    rows += [("a", "2024-01-06", 10 * (i + 1), kind) for i, kind in enumerate(spellings[1:])]
    result = concession_share(transactions_frame(rows)).set_index("client_id")
    assert result.loc["a", ["invoiced", "discount", "refund", "credit", "conceded"]].tolist() == [
        1000.0,
        10.0,
        20.0,
        30.0,
        60.0,
    ]
    assert result.loc["a", "concession_share"] == 0.06


def test_unknown_kind_raises():
    with pytest.raises(ValueError, match="unknown value"):
        concession_share(transactions_frame([("a", "2024-01-05", 10, "rebate")]))


def test_sums_are_exact_to_the_cent():
    rows = [("a", "2024-01-05", amount, "invoice") for amount in (0.1, 0.2, 0.3)]
    rows += [("a", "2024-01-06", 0.1, "discount")] * 3
    result = concession_share(transactions_frame(rows))
    assert result.loc[0, ["invoiced", "discount", "conceded"]].tolist() == [0.6, 0.3, 0.3]
    assert result.loc[0, "concession_share"] == 0.5


def test_missing_client_id_raises():
    frame = transactions_frame(TX)
    frame.loc[2, "client_id"] = None
    with pytest.raises(ValueError, match="missing values"):
        concession_share(frame)


def test_clients_only_in_the_excuse_log_are_listed():
    log = [("z", "2024-01-07", 25.0, "price pressure")]
    result = concession_share(transactions_frame(TX), excuses_frame(log)).set_index("client_id")
    assert result.loc["z", ["invoiced", "excuse_concessions", "conceded", "excuses"]].tolist() == [
        0.0,
        25.0,
        25.0,
        1,
    ]
    assert np.isnan(result.loc["z", "concession_share"])
