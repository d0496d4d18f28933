"""Period and revenue retention: how much of the client base and its revenue each period keeps.

Definitions (docs/analytics.md, "Retention measures"):

* customer retention rate = (customers at end - new customers) / customers at start;
  churn rate = customers lost / customers at start;
* gross revenue retention = (starting revenue - contraction - churned revenue) / starting
  revenue (never above 100 %); net revenue retention adds expansion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics import periods
from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    dates,
    not_after,
    require_columns,
    resolve_as_of,
)
from toolkit.analytics.lapse import relationship_span
from toolkit.analytics.revenue import net_amounts

PERIOD_COLUMNS = [
    "period",
    "start",
    "new",
    "lost",
    "new_lost",
    "end",
    "retention_rate",
    "churn_rate",
]
REVENUE_COLUMNS = [
    "period",
    "starting",
    "expansion",
    "contraction",
    "churned",
    "new",
    "ending",
    "grr",
    "nrr",
    "partial",
]


def _rate(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan
        )


def _empty(columns: list[str], freq: str) -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype="float64") for column in columns})
    frame["period"] = pd.PeriodIndex([], freq=freq)
    return frame


def period_retention(
    clients: pd.DataFrame,
    freq: str = "Q",
    *,
    transactions: pd.DataFrame | None = None,
    interactions: pd.DataFrame | None = None,
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """Clients at the start and end of each period, those won and lost, and the rates.

    A client counts from ``acquired_on`` and is lost in the period holding ``ended_on``.
    Per period: ``start`` = clients acquired before the period and not lost before it,
    ``new`` = acquired in it, ``lost`` = lost in it (including ``new_lost``, those acquired
    *and* lost in it), ``end = start + new - lost``.

    The rates are those of docs/analytics.md, "Retention measures", taken literally:
    ``retention_rate = (end - new) / start`` and ``churn_rate = lost / start``. Since
    ``end - new = start - lost``, the two add up to 1. A client won and lost inside one period
    counts as lost, so it lowers that period's retention (``new_lost`` says how many such
    clients there were); when more clients are lost than the period started with, churn
    exceeds 1 and retention drops below 0. Both rates are NaN when ``start`` is 0 (nothing
    to retain).

    With ``transactions`` or ``interactions`` (a client list that records no end dates),
    a client without ``ended_on`` that has lapsed by the lapse rule
    (:func:`~toolkit.analytics.lapse.relationship_status`) is lost on the day it stopped,
    and a client without ``acquired_on`` counts from its first activity
    (:func:`~toolkit.analytics.lapse.relationship_span`). Without them, the end dates are
    the only endings.

    Periods run from the first acquisition to ``as_of`` (default: the latest date in all
    the frames given); clients without a start are left out and counted in
    ``result.attrs["skipped_clients"]``. A date after ``as_of`` or an ``ended_on`` before
    ``acquired_on`` raises ``ValueError``. No clients: an empty frame with the columns.

    >>> import pandas as pd
    >>> clients = pd.DataFrame({
    ...     "acquired_on": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-05-01"]),
    ...     "ended_on": pd.to_datetime([None, "2024-06-30", None]),
    ... })
    >>> period_retention(clients, "Q")[["period", "start", "new", "lost", "end"]]
       period  start  new  lost  end
    0  2024Q1      0    2     0    2
    1  2024Q2      2    1     1    2
    """
    require_columns(clients, ["acquired_on", "ended_on"], "clients")
    alias = periods.frequency(freq, "MQY")
    as_of = resolve_as_of(as_of, clients, transactions, interactions)
    acquired, ended = relationship_span(clients, transactions, interactions, as_of)
    known = acquired.notna().to_numpy()
    result = _empty(PERIOD_COLUMNS, alias)
    result.attrs["skipped_clients"] = int((~known).sum())
    if not known.any():
        return result
    not_after(acquired, as_of, "acquired_on", "clients")
    not_after(ended, as_of, "ended_on", "clients")
    if (ended < acquired).any():
        raise AnalyticsInputError("clients.ended_on is before acquired_on for some clients")
    won = periods.ordinals(acquired[known], alias)
    end_dates = ended[known]
    has_end = end_dates.notna().to_numpy()
    lost_at = periods.ordinals(end_dates[has_end], alias)
    first, last = int(won.min()), int(periods.ordinals([as_of], alias)[0])
    size = last - first + 1
    new = np.bincount(won - first, minlength=size)
    lost = np.bincount(lost_at - first, minlength=size)
    new_lost = np.bincount(lost_at[won[has_end] == lost_at] - first, minlength=size)
    end = np.cumsum(new - lost)
    start = end - new + lost
    frame = pd.DataFrame(
        {
            "period": periods.labels(np.arange(first, last + 1), alias),
            "start": start,
            "new": new,
            "lost": lost,
            "new_lost": new_lost,
            "end": end,
            "retention_rate": _rate(end - new, start),
            "churn_rate": _rate(lost, start),
        }
    )
    frame.attrs = result.attrs
    return frame


def client_period_revenue(
    transactions: pd.DataFrame, alias: str, as_of: pd.Timestamp | None
) -> tuple[np.ndarray, int, pd.Timestamp | None]:
    """Net revenue per client (rows) and period (columns, from the first), rounded to cents.

    Returns the matrix, the first period's ordinal and the resolved analysis date.
    """
    require_columns(transactions, ["client_id", "occurred_on", "amount"], "transactions")
    occurred = dates(transactions, "occurred_on", "transactions", required=True)
    signed = net_amounts(transactions)
    as_of = resolve_as_of(as_of, transactions)
    if as_of is None or transactions.empty:
        return np.zeros((0, 0)), 0, as_of
    not_after(occurred, as_of, "occurred_on", "transactions")
    codes, _ = pd.factorize(transactions["client_id"])
    if (codes < 0).any():
        raise AnalyticsInputError("transactions.client_id has missing values")
    at = periods.ordinals(occurred, alias)
    first = int(at.min())
    size = int(periods.ordinals([as_of], alias)[0]) - first + 1
    clients = int(codes.max()) + 1
    flat = np.bincount(codes * size + (at - first), weights=signed, minlength=clients * size)
    return np.round(flat.reshape(clients, size), 2), first, as_of


def revenue_retention(
    transactions: pd.DataFrame, freq: str = "Q", *, as_of: DateLike | None = None
) -> pd.DataFrame:
    """Gross and net revenue retention of each period against the one before.

    A client's revenue in a period is its invoices less its discounts, refunds and credits
    (a negative balance counts as 0). For the clients that had revenue in the previous
    period: ``starting`` = their previous revenue; ``churned`` = the previous revenue of
    those with none now; ``contraction`` = the drop of those with less; ``expansion`` = the
    growth of those with more. Clients without revenue in the previous period add ``new``.

    ``grr = (starting - contraction - churned) / starting`` (never above 1) and
    ``nrr = (starting + expansion - contraction - churned) / starting`` (docs/analytics.md,
    "Retention measures"); both NaN when ``starting`` is 0.
    ``ending = starting + expansion - contraction - churned + new`` is the period's revenue.
    Rows run from the second period with data to the period of ``as_of`` (default: the
    latest transaction); ``partial`` marks a last period that ``as_of`` cuts short, whose
    figures are not comparable yet. NaN or negative amounts, unknown kinds and dates after
    ``as_of`` raise ``ValueError``. No transactions: an empty frame.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "client_id": ["a", "a", "b", "b"],
    ...     "occurred_on": pd.to_datetime(["2024-01-05", "2024-04-05", "2024-02-01", "2024-05-01"]),
    ...     "amount": [100.0, 120.0, 50.0, 30.0],
    ...     "kind": ["invoice"] * 4,
    ... })
    >>> result = revenue_retention(tx, "Q").round(3)
    >>> result[["period", "starting", "expansion", "contraction", "grr", "nrr"]]
       period  starting  expansion  contraction    grr  nrr
    0  2024Q2     150.0       20.0         20.0  0.867  1.0
    """
    alias = periods.frequency(freq, "MQY")
    revenue, first, as_of = client_period_revenue(transactions, alias, resolve_as_of(as_of))
    if revenue.shape[1] < 2:
        return _empty(REVENUE_COLUMNS, alias)
    revenue = np.maximum(revenue, 0.0)
    before, now = revenue[:, :-1], revenue[:, 1:]
    kept = before > 0
    starting = np.where(kept, before, 0.0).sum(axis=0)
    churned = np.where(kept & (now == 0), before, 0.0).sum(axis=0)
    contraction = np.where(kept & (now > 0) & (now < before), before - now, 0.0).sum(axis=0)
    expansion = np.where(kept & (now > before), now - before, 0.0).sum(axis=0)
    new = np.where(kept, 0.0, now).sum(axis=0)
    labels = periods.labels(np.arange(first + 1, first + revenue.shape[1]), alias)
    return pd.DataFrame(
        {
            "period": labels,
            "starting": starting.round(2),
            "expansion": expansion.round(2),
            "contraction": contraction.round(2),
            "churned": churned.round(2),
            "new": new.round(2),
            "ending": now.sum(axis=0).round(2),
            "grr": _rate(starting - contraction - churned, starting),
            "nrr": _rate(starting + expansion - contraction - churned, starting),
            "partial": labels.end_time.normalize() > as_of,
        }
    )
