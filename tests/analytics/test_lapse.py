"""The lapse rule: relationship status by hand, against a plain loop, and at scale."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import clients_frame, interactions_frame, transactions_frame
from toolkit.analytics import relationship_status

AS_OF = "2024-12-31"


def monthly(client: str, first: str, months: int) -> list[tuple]:
    """An invoice on the first of each of ``months`` months from ``first``."""
    days = pd.date_range(first, periods=months, freq="MS")
    return [(client, day.strftime("%Y-%m-%d"), 100.0, "invoice") for day in days]


def status_of(clients, transactions, interactions=None, **options) -> pd.DataFrame:
    result = relationship_status(clients, transactions, interactions, as_of=AS_OF, **options)
    return result.set_index("client_id")


def test_one_time_buyer_lapses_after_a_year_exactly():
    clients = clients_frame(
        [("within", None, None), ("on day 365", None, None), ("after", None, None)]
    )
    tx = transactions_frame(
        [
            ("within", "2024-06-01", 50.0, "invoice"),
            ("on day 365", "2024-01-01", 50.0, "invoice"),  # 365 days before AS_OF
            ("after", "2023-12-31", 50.0, "invoice"),  # 366 days (2024 is a leap year)
        ]
    )
    result = status_of(clients, tx)
    assert result["status"].to_dict() == {
        "within": "active",
        "on day 365": "active",
        "after": "lapsed",
    }
    assert (result["threshold_days"] == 365.0).all()
    assert result.loc["after", "since"] == pd.Timestamp("2023-12-31")
    assert result.loc["within", "since"] == pd.Timestamp("2024-06-01")


def test_regular_buyer_who_stopped_lapses_from_the_last_purchase():
    # gaps 31, 29, 31, 30, 31 days: median 31, threshold 3 * 31 = 93 days; silent 213 days
    result = status_of(
        clients_frame([("c", None, None)]), transactions_frame(monthly("c", "2024-01-01", 6))
    )
    row = result.loc["c"]
    assert (row["status"], row["since"], row["threshold_days"], row["basis"]) == (
        "lapsed",
        pd.Timestamp("2024-06-01"),
        93.0,
        "purchases",
    )
    assert row["last_activity"] == pd.Timestamp("2024-06-01")


def test_regular_buyer_still_buying_is_active_since_the_first_purchase():
    result = status_of(
        clients_frame([("c", None, None)]), transactions_frame(monthly("c", "2024-01-01", 12))
    )
    assert result.loc["c", "status"] == "active"
    assert result.loc["c", "since"] == pd.Timestamp("2024-01-01")
    assert result.loc["c", "first_activity"] == pd.Timestamp("2024-01-01")


def test_acquired_before_the_first_purchase_is_active_since_acquired():
    clients = clients_frame([("c", "2023-11-15", None)])
    result = status_of(clients, transactions_frame(monthly("c", "2024-01-01", 12)))
    assert result.loc["c", "since"] == pd.Timestamp("2023-11-15")


def test_lapsed_and_returned_is_active_since_the_return():
    # gaps 31, 28, 945, 31: median 31, threshold 93; the 945-day gap is a lapse
    rows = monthly("c", "2022-01-01", 3) + monthly("c", "2024-10-01", 2)
    result = status_of(clients_frame([("c", "2021-06-01", None)]), transactions_frame(rows))
    assert result.loc["c", "status"] == "active"
    assert result.loc["c", "since"] == pd.Timestamp("2024-10-01")


def test_threshold_is_clipped_to_the_minimum_and_maximum():
    weekly = [
        ("w", day.strftime("%Y-%m-%d"), 10.0, "invoice")
        for day in pd.date_range("2024-01-01", "2024-03-31", freq="W")
    ]
    yearly = [("y", f"{year}-03-01", 10.0, "invoice") for year in range(2015, 2021)]
    result = status_of(
        clients_frame([("w", None, None), ("y", None, None)]), transactions_frame(weekly + yearly)
    )
    assert result["threshold_days"].to_dict() == {"w": 90.0, "y": 730.0}
    assert result["status"].to_dict() == {"w": "lapsed", "y": "lapsed"}


def test_defaults_can_be_overridden():
    tx = transactions_frame(monthly("c", "2024-01-01", 6))
    result = status_of(clients_frame([("c", None, None)]), tx, min_lapse_days=30, lapse_factor=10)
    assert result.loc["c", "threshold_days"] == 310.0
    assert result.loc["c", "status"] == "active"
    once = transactions_frame([("c", "2024-06-01", 10.0, "invoice")])
    shorter = status_of(clients_frame([("c", None, None)]), once, one_time_window_days=100)
    assert shorter.loc["c", "status"] == "lapsed"


def test_explicit_end_date_wins_and_a_later_one_is_not_known_yet():
    clients = clients_frame([("ended", None, "2024-03-01"), ("leaving", None, "2025-02-01")])
    tx = transactions_frame(
        monthly("ended", "2024-01-01", 12) + monthly("leaving", "2024-01-01", 12)
    )
    result = status_of(clients, tx)
    assert result.loc["ended", ["status", "since", "basis"]].tolist() == [
        "ended",
        pd.Timestamp("2024-03-01"),
        "end date",
    ]
    assert result.loc["leaving", "status"] == "active"


def test_contacts_count_only_for_clients_without_purchases():
    clients = clients_frame([("talks", None, None), ("buys", None, None)])
    calls = interactions_frame(
        [
            ("talks", "m1", "2024-02-01 10:00", "phone", "catch-up", 0.5),
            ("talks", "m1", "2024-03-01 16:30", "email", "catch-up", 0.5),
            ("talks", None, "2024-12-20 08:00", "automated", "newsletter", None),
            ("buys", "m1", "2024-12-30 09:00", "phone", "catch-up", 0.5),
        ]
    )
    tx = transactions_frame([("buys", "2023-06-01", 100.0, "invoice")])
    result = status_of(clients, tx, calls)
    # talks: gap 29 days, threshold 90, silent 305 days since its last real contact
    assert result.loc["talks", ["status", "since", "basis", "threshold_days"]].tolist() == [
        "lapsed",
        pd.Timestamp("2024-03-01"),
        "contacts",
        90.0,
    ]
    assert result.loc["buys", ["status", "basis"]].tolist() == ["lapsed", "purchases"]


def test_without_activity_acquired_on_is_the_one_day_and_no_date_is_active():
    clients = clients_frame(
        [("new", "2024-05-01", None), ("old", "2022-05-01", None), ("blank", None, None)]
    )
    tx = transactions_frame([("new", "2024-06-01", 30.0, "discount")])  # not a purchase
    result = status_of(clients, tx)
    assert result["status"].tolist() == ["active", "lapsed", "active"]
    assert result["basis"].tolist() == ["acquired", "acquired", "none"]
    assert result.loc["new", "since"] == pd.Timestamp("2024-05-01")
    assert pd.isna(result.loc["blank", "since"]) and np.isnan(result.loc["blank", "threshold_days"])


def test_a_log_without_kind_counts_positive_amounts_and_ignores_later_rows():
    tx = pd.DataFrame(
        {
            "client_id": ["c", "c", "c"],
            "occurred_on": pd.to_datetime(["2023-01-01", "2024-10-01", "2025-01-05"]),
            "amount": [20.0, 0.0, 20.0],
        }
    )
    result = status_of(clients_frame([("c", None, None)]), tx)
    assert (
        result.loc["c", "status"] == "lapsed"
    )  # the zero row is no purchase, 2025 is not known yet
    assert result.loc["c", "last_activity"] == pd.Timestamp("2023-01-01")


def test_rows_follow_the_clients_frame_and_unknown_clients_are_ignored():
    clients = clients_frame([("b", None, None), ("a", None, None)])
    tx = transactions_frame(
        [("a", "2024-12-01", 1.0, "invoice"), ("zz", "2024-12-01", 1.0, "invoice")]
    )
    result = relationship_status(clients, tx, as_of=AS_OF)
    assert result["client_id"].tolist() == ["b", "a"]
    assert list(result.columns[:3]) == ["client_id", "status", "since"]


def test_as_of_left_out_is_the_latest_date_of_all_frames():
    clients = clients_frame([("c", "2024-01-01", None)])
    tx = transactions_frame([("c", "2024-01-01", 1.0, "invoice")])
    calls = interactions_frame([("c", "m1", "2025-02-01 12:00", "phone", "x", 0.0)])
    result = relationship_status(clients, tx, calls, as_of=None)
    assert result.loc[0, "status"] == "lapsed"  # 397 days after the only purchase


@pytest.mark.parametrize(
    "options", [{"lapse_factor": 0}, {"min_lapse_days": 800}, {"one_time_window_days": -1}]
)
def test_bad_options_raise(options):
    with pytest.raises(ValueError, match="min_lapse_days"):
        relationship_status(clients_frame([("c", None, None)]), None, as_of=AS_OF, **options)


def reference_status(
    clients: pd.DataFrame, tx: pd.DataFrame, calls: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The lapse rule written plainly, one client at a time."""
    rows = []
    for client in clients.itertuples():
        bought = tx[(tx["client_id"] == client.client_id) & (tx["kind"] == "invoice")]
        days = sorted(set(bought["occurred_on"][bought["occurred_on"] <= as_of]))
        basis = "purchases" if days else "none"
        if not days:
            mine = calls[
                (calls["client_id"] == client.client_id) & (calls["channel"] != "automated")
            ]
            days = sorted(
                set(
                    mine["occurred_at"].dt.normalize()[
                        mine["occurred_at"] < as_of + pd.Timedelta(days=1)
                    ]
                )
            )
            basis = "contacts" if days else "none"
        if not days and not pd.isna(client.acquired_on):
            days, basis = [client.acquired_on], "acquired"
        threshold = np.nan
        if len(days) >= 2:
            gaps = [(b - a).days for a, b in itertools.pairwise(days)]
            threshold = min(max(3 * float(np.median(gaps)), 90.0), 730.0)
        elif days:
            threshold = 365.0
        status, since = "active", pd.NaT
        if days:
            since = days[0]
            if not pd.isna(client.acquired_on):
                since = min(since, client.acquired_on)
            for before, after in itertools.pairwise(days):
                if (after - before).days > threshold:
                    since = after
            if (as_of - days[-1]).days > threshold:
                status, since = "lapsed", days[-1]
        if not pd.isna(client.ended_on) and client.ended_on <= as_of:
            status, since, basis = "ended", client.ended_on, "end date"
        rows.append((client.client_id, status, since, threshold, basis))
    return pd.DataFrame(rows, columns=["client_id", "status", "since", "threshold_days", "basis"])


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_rule_equals_a_plain_loop(seed):
    rng = np.random.default_rng(seed)
    size = 120
    ids = [f"c{i:03d}" for i in range(size)]
    start = np.datetime64("2020-01-01")
    acquired = start + rng.integers(0, 1500, size).astype("timedelta64[D]")
    acquired = np.where(rng.random(size) < 0.2, np.datetime64("NaT"), acquired)
    ended = start + rng.integers(0, 1900, size).astype("timedelta64[D]")
    ended = np.where(rng.random(size) < 0.7, np.datetime64("NaT"), ended)
    clients = pd.DataFrame({"client_id": ids, "acquired_on": acquired, "ended_on": ended})
    count = 1500
    # uneven: some buy often; c070-c089 only talk, c090 on do neither
    who = rng.integers(0, 70, count) % rng.integers(1, 70, count)
    occurred = start + rng.integers(0, 1900, count).astype("timedelta64[D]")
    kinds = rng.choice(["invoice", "discount", "refund"], count, p=[0.85, 0.1, 0.05])
    tx = pd.DataFrame(
        {"client_id": np.array(ids)[who], "occurred_on": occurred, "amount": 10.0, "kind": kinds}
    )
    contacts = 400
    calls = pd.DataFrame(
        {
            "client_id": np.array(ids)[rng.integers(0, 90, contacts)],
            "occurred_at": start + rng.integers(0, 1900 * 24, contacts).astype("timedelta64[h]"),
            "channel": rng.choice(["phone", "email", "automated"], contacts),
        }
    )
    as_of = pd.Timestamp("2024-06-30")
    got = relationship_status(clients, tx, calls, as_of=as_of)
    expected = reference_status(clients, tx, calls, as_of)
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)
    # the data exercises every branch
    assert set(got["status"]) == {"active", "lapsed", "ended"}
    assert set(got["basis"]) == {"purchases", "contacts", "acquired", "none", "end date"}


@pytest.mark.slow
def test_a_hundred_thousand_clients_and_a_million_purchases_take_seconds():
    rng = np.random.default_rng(0)
    ids = np.array([f"client-{i:06d}" for i in range(100_000)])
    tx = pd.DataFrame(
        {
            "client_id": ids[rng.integers(0, len(ids), 1_000_000)],
            "occurred_on": np.datetime64("2020-01-01")
            + rng.integers(0, 1800, 1_000_000).astype("timedelta64[D]"),
            "amount": 10.0,
            "kind": "invoice",
        }
    )
    clients = pd.DataFrame({"client_id": ids, "acquired_on": pd.NaT, "ended_on": pd.NaT})
    began = time.perf_counter()
    result = relationship_status(clients, tx, as_of="2024-12-31")
    elapsed = time.perf_counter() - began
    print(f"relationship_status: 100,000 clients, 1,000,000 purchases in {elapsed:.2f} s")
    assert len(result) == len(ids) and result["status"].isin(["active", "lapsed"]).all()
    assert elapsed < 10
