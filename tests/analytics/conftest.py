"""Small hand-made frames shaped like ``Workspace.table`` output, and a random generator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def rows_frame(
    rows: list[tuple],
    columns: list[str],
    *,
    dates: tuple[str, ...] = (),
    floats: tuple[str, ...] = (),
    key: str | None = None,
) -> pd.DataFrame:
    """``rows`` as a frame: ``dates`` parsed (ISO text or None), ``floats`` as float64, and
    a first column ``key`` numbered from its first letter (``t0``, ``t1``...) when given."""
    frame = pd.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    for column in floats:
        frame[column] = frame[column].astype("float64")
    if key is not None:
        frame.insert(0, key, [f"{key[0]}{i}" for i in range(len(frame))])
    return frame


def clients_frame(rows: list[tuple]) -> pd.DataFrame:
    """Clients from (client_id, acquired_on, ended_on) tuples."""
    return rows_frame(
        rows, ["client_id", "acquired_on", "ended_on"], dates=("acquired_on", "ended_on")
    )


def transactions_frame(rows: list[tuple]) -> pd.DataFrame:
    """Transactions from (client_id, occurred_on, amount, kind) tuples."""
    columns = ["client_id", "occurred_on", "amount", "kind"]
    return rows_frame(
        rows, columns, dates=("occurred_on",), floats=("amount",), key="transaction_id"
    )


def interactions_frame(rows: list[tuple]) -> pd.DataFrame:
    """Interactions from (client_id, member_id, occurred_at, channel, topic, sentiment)."""
    columns = ["client_id", "member_id", "occurred_at", "channel", "topic", "sentiment"]
    return rows_frame(
        rows, columns, dates=("occurred_at",), floats=("sentiment",), key="interaction_id"
    )


def excuses_frame(rows: list[tuple]) -> pd.DataFrame:
    """Excuse-log entries from (client_id, occurred_on, concession_value, root_cause), each
    with the same ``what_went_wrong``."""
    columns = ["client_id", "occurred_on", "concession_value", "root_cause"]
    frame = rows_frame(rows, columns, dates=("occurred_on",))
    return frame.assign(what_went_wrong="late delivery")


def random_base(seed: int, clients: int = 300) -> dict[str, pd.DataFrame]:
    """A random client base (clients, transactions) for cross-checks against SQL."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2022-01-01")
    acquired = start + rng.integers(0, 900, clients).astype("timedelta64[D]")
    lifetime = rng.integers(0, 700, clients).astype("timedelta64[D]")
    ended = np.where(rng.random(clients) < 0.4, acquired + lifetime, np.datetime64("NaT"))
    ended = np.where(ended > np.datetime64("2024-12-31"), np.datetime64("NaT"), ended)
    ids = np.array([f"c{i:04d}" for i in range(clients)])
    count = clients * 12
    who = rng.integers(0, clients, count)
    occurred = start + rng.integers(0, 1096, count).astype("timedelta64[D]")
    kind = rng.choice(["invoice", "discount", "refund", "credit"], count, p=[0.8, 0.1, 0.05, 0.05])
    return {
        "clients": pd.DataFrame(
            {
                "client_id": ids,
                "acquired_on": pd.to_datetime(acquired),
                "ended_on": pd.to_datetime(ended),
            }
        ),
        "transactions": pd.DataFrame(
            {
                "client_id": ids[who],
                "occurred_on": pd.to_datetime(occurred),
                "amount": np.round(rng.gamma(2.0, 500.0, count), 2),
                "kind": kind,
            }
        ),
    }


@pytest.fixture
def base() -> dict[str, pd.DataFrame]:
    return random_base(3)


def lapse_base() -> dict[str, pd.DataFrame]:
    """Five clients whose ends partly come from the lapse rule on 2024-12-31.

    e: acquired 2022-01-01, never bought: lapsed on its acquisition day (0 days);
    a: bought monthly Jan-Jun 2023: lapsed 2023-06-01 (151 days);
    b: ended 2023-11-28 (331 days, an explicit end);
    c: bought monthly 2023-01 to 2024-12: active (censored at 730 days);
    d: no acquired_on, bought once on 2024-03-01: active from then (censored at 305 days).
    """
    monthly = {"a": ("2023-01-01", 6), "c": ("2023-01-01", 24)}
    rows = [
        (client, day.strftime("%Y-%m-%d"), 100.0, "invoice")
        for client, (first, months) in monthly.items()
        for day in pd.date_range(first, periods=months, freq="MS")
    ]
    return {
        "clients": clients_frame(
            [
                ("a", "2023-01-01", None),
                ("b", "2023-01-01", "2023-11-28"),
                ("c", "2023-01-01", None),
                ("d", None, None),
                ("e", "2022-01-01", None),
            ]
        ),
        "transactions": transactions_frame([*rows, ("d", "2024-03-01", 80.0, "invoice")]),
    }
