"""Treasure review: which clients have gone longer without a real contact than they deserve.

The idea (docs/analytics.md, "Treasure review"): existing clients are the firm's treasure
and get forgotten after the sale. Each active client gets a contact cadence by value tier
(the top quarter by revenue deserves the most attention); the review lists the days since
the last meaningful contact (anything but an automated message) against that cadence,
neglected valuable clients first."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    AUTOMATED_CHANNELS,
    AnalyticsInputError,
    DateLike,
    dates,
    duckdb_cursor,
    not_after,
    require_columns,
    resolve_as_of,
)
from toolkit.analytics.revenue import KindTotals, kind_totals

#: Days between meaningful contacts each value tier deserves (overridable per call).
DEFAULT_CADENCE: dict[str, int] = {"top": 30, "middle": 60, "low": 90, "internal": 60}
#: Tiers whose neglect is flagged: the clients the firm can least afford to lose.
VALUABLE_TIERS = ("top",)
#: A valuable client is neglected when the gap reaches this multiple of its cadence.
NEGLECT_FACTOR = 2.0
#: A valuable client whose purchase model gives it a lower chance of still being a client
#: is slipping away (``outlook``: :func:`~toolkit.analytics.fit_purchase_model`).
SLIPPING_P_ALIVE = 0.5
#: The columns an ``outlook`` frame brings, joined by client_id.
OUTLOOK_COLUMNS = ["p_alive", "expected_purchases_12m", "expected_value_12m"]
#: What a result gains with an outlook.
SLIPPING_COLUMNS = [*OUTLOOK_COLUMNS, "slipping"]
TIER_ORDER = {"top": 0, "middle": 1, "low": 2, "internal": 3}
GAP_COLUMNS = [
    "client_id",
    "value",
    "value_tier",
    "last_contact",
    "days_since_contact",
    "cadence_days",
    "overdue_days",
    "overdue_ratio",
    "neglected",
]


def window_value(
    transactions: pd.DataFrame, as_of: pd.Timestamp, window_days: int = 365
) -> pd.Series:
    """Net revenue (invoices less concessions) per client in the ``window_days`` up to ``as_of``.

    Indexed by client_id (ascending), only clients with a transaction in the window;
    summed in whole cents (:func:`~toolkit.analytics.revenue.kind_totals`).
    """
    require_columns(transactions, ["client_id", "occurred_on", "amount"], "transactions")
    return windowed_net(kind_totals(transactions, window_rows(transactions, as_of, window_days)))


def window_rows(transactions: pd.DataFrame, as_of: pd.Timestamp, window_days: int) -> np.ndarray:
    """Mask of the transactions in the ``window_days`` up to ``as_of``; later dates raise."""
    occurred = dates(transactions, "occurred_on", "transactions", required=True)
    not_after(occurred, as_of, "occurred_on", "transactions")
    return (occurred > as_of - pd.Timedelta(days=window_days)).to_numpy()


def windowed_net(totals: KindTotals) -> pd.Series:
    """``invoices - discounts - refunds - credits`` in the window of ``totals``, per client
    with a transaction in it (currency units)."""
    if totals.window_net is None or totals.window_rows is None:
        raise ValueError("windowed_net needs totals summed with a window (kind_totals' inside)")
    value = pd.Series(totals.window_net / 100.0, index=totals.ids)
    return value[totals.window_rows > 0]


def value_tiers(value: pd.Series, internal: pd.Series) -> pd.Series:
    """'top' (at or above the 75th percentile of positive values), 'middle', 'low' or 'internal'.

    Percentiles are taken over external clients with positive value; clients with no
    value are 'low'.
    """
    external = value[~internal & (value > 0)]
    if external.empty:
        tier = pd.Series("low", index=value.index, dtype=object)
    else:
        low_cut, top_cut = external.quantile([0.25, 0.75]).to_numpy()
        tier = pd.Series(
            np.select([value >= top_cut, value >= low_cut], ["top", "middle"], "low"),
            index=value.index,
            dtype=object,
        )
    return tier.mask(internal, "internal")


def last_contacts(interactions: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """The time of each client's last meaningful interaction on or before ``as_of``.

    Indexed by client_id, in no particular order. DuckDB runs the grouping over the frame
    in memory (a fresh cursor per call, nothing written): on millions of text ids it
    is several times faster than factorising them with pandas. Which channel spellings
    are automated is decided in Python on the few distinct values, exactly as
    :func:`~toolkit.analytics.inputs.meaningful` does.
    """
    require_columns(interactions, ["client_id", "occurred_at"], "interactions")
    occurred = dates(interactions, "occurred_at", "interactions", required=True)
    not_after(occurred, as_of, "occurred_at", "interactions")
    contacts = pd.DataFrame(
        {
            "client_id": interactions["client_id"].to_numpy(),
            "moment": occurred.to_numpy().view("int64"),
            "channel": (
                interactions["channel"].to_numpy(dtype=object)
                if "channel" in interactions.columns
                else np.full(len(interactions), None, dtype=object)
            ),
        },
        copy=False,  # three separate columns: no copy of millions of rows into one block
    )
    with duckdb_cursor() as con:
        con.register("contacts", contacts)
        spellings = con.execute("SELECT DISTINCT channel FROM contacts").fetchall()
        automated = [
            channel
            for (channel,) in spellings
            if channel is not None and str(channel).strip().casefold() in AUTOMATED_CHANNELS
        ]
        latest = con.execute(  # rows without a client form a group of their own: caught below
            """SELECT client_id, max(moment) AS moment FROM contacts
               WHERE client_id IS NULL OR channel IS NULL OR NOT list_contains($automated, channel)
               GROUP BY client_id""",
            {"automated": automated},
        ).df()
    if latest["client_id"].isna().any():
        raise AnalyticsInputError("interactions.client_id has missing values")
    return pd.Series(
        latest["moment"].to_numpy().view("datetime64[ns]"), index=pd.Index(latest["client_id"])
    )


def _cadence(tier: pd.Series, cadence: int | Mapping[str, int] | pd.Series | None) -> pd.Series:
    by_tier = dict(DEFAULT_CADENCE)
    per_client = None
    if isinstance(cadence, pd.Series):
        per_client = cadence
    elif isinstance(cadence, Mapping):
        unknown = set(cadence) - set(DEFAULT_CADENCE)
        if unknown:
            raise AnalyticsInputError(
                f"cadence has unknown tier(s) {sorted(unknown)}; "
                f"tiers: {', '.join(DEFAULT_CADENCE)}"
            )
        by_tier |= dict(cadence)
    elif cadence is not None:
        by_tier = dict.fromkeys(DEFAULT_CADENCE, cadence)
    days = tier.map(by_tier).astype("float64")
    if per_client is not None:
        days = per_client.reindex(tier.index).astype("float64").fillna(days)
    if (days <= 0).any():
        raise AnalyticsInputError("cadence must be a positive number of days")
    return days


def review(
    value: pd.Series,
    internal: pd.Series,
    last: pd.Series,
    as_of: pd.Timestamp,
    cadence: int | Mapping[str, int] | pd.Series | None = None,
    neglect_factor: float = NEGLECT_FACTOR,
) -> pd.DataFrame:
    """The gap columns for clients whose value, internal flag and last contact are known.

    The shared core of :func:`attention_gaps` and ``client_map`` (which has the last
    contacts already); all three Series are indexed by client_id, unsorted result.
    """
    tier = value_tiers(value, internal)
    days = (as_of - last.dt.normalize()).dt.days.astype("float64")
    cadence_days = _cadence(tier, cadence)
    ratio = days / cadence_days
    return pd.DataFrame(
        {
            "value": value,
            "value_tier": tier,
            "last_contact": last,
            "days_since_contact": days,
            "cadence_days": cadence_days,
            "overdue_days": days - cadence_days,
            "overdue_ratio": ratio,
            "neglected": tier.isin(VALUABLE_TIERS) & (ratio.isna() | (ratio >= neglect_factor)),
        }
    )


def with_outlook(
    frame: pd.DataFrame, outlook: pd.DataFrame | None, valuable: pd.Series
) -> pd.DataFrame:
    """``frame`` (indexed by client_id) with the ``OUTLOOK_COLUMNS`` of ``outlook`` and
    ``slipping = valuable & (p_alive < SLIPPING_P_ALIVE)``; unchanged without an outlook.

    A client the outlook does not cover gets NaN and is not slipping: no estimate is not
    a bad one.
    """
    if outlook is None:
        return frame
    require_columns(outlook, ["client_id", *OUTLOOK_COLUMNS], "outlook")
    if outlook["client_id"].duplicated().any():
        raise AnalyticsInputError("outlook.client_id has duplicate values")
    joined = outlook.set_index("client_id")[OUTLOOK_COLUMNS].astype("float64")
    joined = joined.reindex(frame.index)
    slipping = valuable.to_numpy(dtype=bool) & (joined["p_alive"] < SLIPPING_P_ALIVE).to_numpy()
    return pd.concat([frame, joined], axis=1).assign(slipping=slipping)


def attention_gaps(
    clients: pd.DataFrame,
    interactions: pd.DataFrame,
    as_of: DateLike | None,
    cadence: int | Mapping[str, int] | pd.Series | None = None,
    *,
    transactions: pd.DataFrame | None = None,
    window_days: int = 365,
    neglect_factor: float = NEGLECT_FACTOR,
    outlook: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Days since each active client's last meaningful contact against its cadence.

    Active = not ended on or before ``as_of`` (default: the latest interaction). ``value``
    is taken from a ``value`` column of ``clients`` when there is one, else it is the net
    revenue of ``transactions`` in the ``window_days`` before ``as_of`` (0 without either).
    The value tier (:func:`value_tiers`) sets the cadence: ``DEFAULT_CADENCE`` days
    (top 30, middle 60, low 90, internal 60), replaced by one number for everybody, a
    ``{tier: days}`` mapping, or a Series of days indexed by client_id.

    ``overdue_days = days_since_contact - cadence_days`` (negative when on time),
    ``overdue_ratio = days_since_contact / cadence_days``. A client of a valuable tier
    (``VALUABLE_TIERS``: top) is ``neglected`` when ``overdue_ratio >= neglect_factor``
    (default 2: twice its cadence) or when it was never contacted (``last_contact`` NaT,
    days NaN). Sorted: neglected first, then by tier and ratio, worst first. Dates after
    ``as_of`` raise ``ValueError``; no active clients give an empty frame. ``as_of`` left
    out: the latest date in all the frames given.

    ``outlook`` (shaped like ``fit_purchase_model(...).clients``: client_id, p_alive,
    expected_purchases_12m, expected_value_12m) adds those columns and ``slipping``: a
    valuable client (tier in ``VALUABLE_TIERS``) whose ``p_alive`` is below
    ``SLIPPING_P_ALIVE`` (0.5), more likely gone than still a client.

    >>> import pandas as pd
    >>> clients = pd.DataFrame({"client_id": ["a", "b"], "value": [9000.0, 100.0],
    ...                         "is_internal": [False, False], "ended_on": pd.NaT})
    >>> calls = pd.DataFrame({"client_id": ["a", "b"],
    ...                       "occurred_at": pd.to_datetime(["2024-01-01", "2024-05-20"])})
    >>> attention_gaps(clients, calls, "2024-06-01")[["client_id", "value_tier",
    ...     "days_since_contact", "cadence_days", "neglected"]]
      client_id value_tier  days_since_contact  cadence_days  neglected
    0         a        top               152.0          30.0       True
    1         b        low                12.0          90.0      False
    """
    require_columns(clients, ["client_id"], "clients")
    require_columns(interactions, ["client_id", "occurred_at"], "interactions")
    if neglect_factor <= 0:
        raise AnalyticsInputError("neglect_factor must be positive")
    dates(interactions, "occurred_at", "interactions", required=True)
    as_of = resolve_as_of(as_of, clients, interactions, transactions)
    columns = GAP_COLUMNS + (SLIPPING_COLUMNS if outlook is not None else [])
    if as_of is None or clients.empty:
        return pd.DataFrame({column: pd.Series(dtype="float64") for column in columns})
    base = clients.set_index("client_id")
    if base.index.has_duplicates:
        raise AnalyticsInputError("clients.client_id has duplicate values")
    active = pd.Series(True, index=base.index)
    if "ended_on" in base.columns:
        ended = dates(base, "ended_on", "clients")
        active = ended.isna() | (ended > as_of)
    if "acquired_on" in base.columns:
        not_after(dates(base, "acquired_on", "clients"), as_of, "acquired_on", "clients")
    internal = (
        base["is_internal"].fillna(False).astype(bool)
        if "is_internal" in base.columns
        else pd.Series(False, index=base.index)
    )
    if "value" in base.columns:
        value = pd.to_numeric(base["value"]).astype("float64")
    elif transactions is not None:
        value = window_value(transactions, as_of, window_days).reindex(base.index)
    else:
        value = pd.Series(0.0, index=base.index)
    last = last_contacts(interactions, as_of).reindex(base.index)
    frame = review(value.fillna(0.0), internal, last, as_of, cadence, neglect_factor)
    frame = with_outlook(frame, outlook, frame["value_tier"].isin(VALUABLE_TIERS))
    frame = frame[active.to_numpy()]
    frame = frame.rename_axis("client_id").reset_index()
    order = pd.DataFrame(
        {
            "neglected": ~frame["neglected"],
            "tier": frame["value_tier"].map(TIER_ORDER),
            "ratio": -frame["overdue_ratio"].fillna(np.inf),
        }
    ).sort_values(["neglected", "tier", "ratio"], kind="stable")
    return frame.loc[order.index, columns].reset_index(drop=True)
