"""Treasure review: days since last meaningful contact against the deserved cadence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import interactions_frame, transactions_frame
from toolkit.analytics import attention_gaps
from toolkit.analytics.attention import window_value

AS_OF = "2024-06-30"


def clients(values: dict[str, float], **extra) -> pd.DataFrame:
    frame = pd.DataFrame({"client_id": list(values), "value": list(values.values())})
    frame["is_internal"] = extra.get("internal", False)
    frame["ended_on"] = pd.to_datetime(extra.get("ended", pd.NaT))
    return frame


CALLS = interactions_frame(
    [
        ("big", "m1", "2024-03-01", "call", "project update", 0.5),
        ("big", None, "2024-06-20", "automated", "newsletter", None),  # not meaningful
        ("mid1", "m1", "2024-06-01", "email", "support call", 0.1),
        ("mid2", "m2", "2024-04-01", "call", "support call", 0.0),
        ("small", "m2", "2024-06-29", "call", "invoice question", 0.0),
    ]
)
VALUES = {"big": 10_000.0, "mid1": 3000.0, "mid2": 2000.0, "small": 100.0, "silent": 9000.0}


def test_days_tiers_and_neglect():
    result = attention_gaps(clients(VALUES), CALLS, AS_OF).set_index("client_id")
    assert result.loc["big", "days_since_contact"] == 121  # the newsletter does not count
    assert result.loc["big", "value_tier"] == "top"
    assert result.loc["big", "cadence_days"] == 30
    assert result.loc["big", "overdue_days"] == 91
    assert bool(result.loc["big", "neglected"])
    assert bool(result.loc["silent", "neglected"])  # valuable and never contacted
    assert np.isnan(result.loc["silent", "days_since_contact"])
    assert result.loc["small", "value_tier"] == "low"
    assert not result.loc[["mid1", "mid2", "small"], "neglected"].any()


def test_neglected_valuable_clients_come_first():
    result = attention_gaps(clients(VALUES), CALLS, AS_OF)
    assert result["client_id"].tolist()[:2] == ["silent", "big"]


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (None, 30.0),
        (45, 45.0),
        ({"top": 14}, 14.0),
        (pd.Series({"big": 7.0}), 7.0),
    ],
)
def test_cadence_overrides(cadence, expected):
    result = attention_gaps(clients(VALUES), CALLS, AS_OF, cadence).set_index("client_id")
    assert result.loc["big", "cadence_days"] == expected


def test_neglect_factor_moves_the_line():
    strict = attention_gaps(clients(VALUES), CALLS, AS_OF, neglect_factor=5.0)
    assert strict.loc[strict["client_id"] == "big", "neglected"].item() is False


def test_value_from_transactions_in_window():
    tx = transactions_frame(
        [
            ("big", "2024-05-01", 5000, "invoice"),
            ("big", "2022-05-01", 99_999, "invoice"),  # outside the 365-day window
            ("small", "2024-05-01", 50, "invoice"),
            ("small", "2024-05-02", 10, "discount"),
        ]
    )
    frame = clients(VALUES).drop(columns="value")
    result = attention_gaps(frame, CALLS, AS_OF, transactions=tx).set_index("client_id")
    assert result.loc["big", "value"] == 5000.0
    assert result.loc["small", "value"] == 40.0


def test_ended_clients_leave_and_internal_ones_get_their_tier():
    frame = clients(VALUES)
    frame.loc[frame["client_id"] == "small", "ended_on"] = pd.Timestamp("2024-06-01")
    frame.loc[frame["client_id"] == "mid2", "is_internal"] = True
    result = attention_gaps(frame, CALLS, AS_OF).set_index("client_id")
    assert "small" not in result.index
    assert result.loc["mid2", "value_tier"] == "internal"


def test_all_internal_clients_are_never_neglected():
    result = attention_gaps(clients(VALUES, internal=True), CALLS, AS_OF)
    assert (result["value_tier"] == "internal").all() and not result["neglected"].any()


def test_future_interactions_raise():
    with pytest.raises(ValueError, match="occurred_at"):
        attention_gaps(clients(VALUES), CALLS, "2024-06-01")


def test_unknown_tier_in_cadence_raises():
    with pytest.raises(ValueError, match="tier"):
        attention_gaps(clients(VALUES), CALLS, AS_OF, {"platinum": 7})


def test_empty_clients_give_empty_result():
    assert attention_gaps(clients({}), CALLS, AS_OF).empty


@pytest.mark.parametrize("spelling", ["Automated ", "AUTOMATED", "automated"])
def test_automated_spellings_are_not_contacts(spelling):
    calls = CALLS.copy()
    calls.loc[1, "channel"] = spelling
    result = attention_gaps(clients(VALUES), calls, AS_OF).set_index("client_id")
    assert result.loc["big", "last_contact"] == pd.Timestamp("2024-03-01")


def test_interactions_without_channel_all_count():
    result = attention_gaps(clients(VALUES), CALLS.drop(columns="channel"), AS_OF)
    assert result.set_index("client_id").loc["big", "last_contact"] == pd.Timestamp("2024-06-20")


def test_interaction_without_client_raises():
    calls = CALLS.copy()
    calls.loc[4, "client_id"] = None
    with pytest.raises(ValueError, match="client_id"):
        attention_gaps(clients(VALUES), calls, AS_OF)


def test_window_value_is_net_revenue_in_the_window_per_client():
    tx = transactions_frame(
        [
            ("b", "2024-05-01", 100.1, "invoice"),
            ("b", "2024-05-02", 0.2, "refund"),
            ("a", "2024-05-03", 50, "invoice"),
            ("a", "2023-01-01", 999, "invoice"),  # before the window
            ("c", "2023-01-01", 10, "invoice"),  # no transaction in the window
        ]
    )
    value = window_value(tx, pd.Timestamp("2024-06-01"), window_days=365)
    assert value.to_dict() == {"a": 50.0, "b": 99.9}
    assert value.index.tolist() == ["a", "b"]
