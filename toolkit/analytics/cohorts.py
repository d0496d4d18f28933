"""Cohort retention: of the clients who first bought in a period, how many buy again later."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics import periods
from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    amounts,
    dates,
    not_after,
    require_columns,
    resolve_as_of,
)
from toolkit.analytics.revenue import INVOICE, kind_codes


def cohort_retention(
    transactions: pd.DataFrame,
    freq: str = "M",
    *,
    clients: pd.DataFrame | None = None,
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """The cohort retention matrix of purchases (docs/analytics.md, "Retention measures").

    A purchase is an invoice (every row when there is no ``kind`` column). A client's
    cohort is the period of its first purchase. Row = cohort (``PeriodIndex`` named
    ``cohort``), column ``k`` = ``k`` periods after it (named ``periods_since``), value =
    share of the cohort with at least one purchase in that period, so column 0 is 1.0 and
    every value lies in [0, 1]. Cells after the period of ``as_of`` (default: the latest
    transaction; with ``clients``, the latest date in both) have not happened yet and are
    NaN, not 0. ``result.attrs["cohort_size"]`` maps each cohort to its number of clients.
    NaN amounts and dates after ``as_of`` raise ``ValueError``. No purchases: an empty
    frame.

    The lapse rule (:func:`~toolkit.analytics.relationship_status`) changes no cell: a
    cell already is activity (a purchase in that period), and a lapse is only the
    absence of it, which the falling shares show directly. Marking lapsed clients as
    gone would also remove the comebacks the matrix exists to show. ``clients`` is
    optional and drops nothing: clients of the list without a purchase
    have no cohort and are counted in ``result.attrs["clients_without_purchase"]``;
    purchases of clients missing from the list still count.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "client_id": ["a", "a", "b", "c"],
    ...     "occurred_on": pd.to_datetime(["2024-01-03", "2024-02-10", "2024-01-20", "2024-02-02"]),
    ...     "amount": [10.0, 10.0, 10.0, 10.0],
    ... })
    >>> cohort_retention(tx, "M")
    periods_since    0    1
    cohort
    2024-01        1.0  0.5
    2024-02        1.0  NaN
    """
    require_columns(transactions, ["client_id", "occurred_on", "amount"], "transactions")
    alias = periods.frequency(freq, "WMQY")
    occurred = dates(transactions, "occurred_on", "transactions", required=True)
    amounts(transactions, "amount", "transactions")
    as_of = resolve_as_of(as_of, transactions, clients)
    purchase = kind_codes(transactions) == INVOICE
    without = _without_purchase(clients, transactions["client_id"][purchase])
    if as_of is None or not purchase.any():
        empty = pd.DataFrame(index=pd.PeriodIndex([], freq=alias, name="cohort"))
        empty.columns.name = "periods_since"
        empty.attrs = {"cohort_size": {}, "clients_without_purchase": without}
        return empty
    not_after(occurred, as_of, "occurred_on", "transactions")
    codes, _ = pd.factorize(transactions["client_id"].to_numpy()[purchase])
    if (codes < 0).any():
        raise AnalyticsInputError("transactions.client_id has missing values")
    at = periods.ordinals(occurred.to_numpy()[purchase], alias)
    origin = int(at.min())
    span = int(periods.ordinals([as_of], alias)[0]) - origin + 1
    clients = int(codes.max()) + 1
    first = np.full(clients, span, dtype="int64")
    np.minimum.at(first, codes, at - origin)
    active = np.zeros(clients * span, dtype=bool)
    active[codes * span + (at - origin - first[codes])] = True
    client, since = np.divmod(np.flatnonzero(active), span)
    counts = np.bincount(first[client] * span + since, minlength=span * span).reshape(span, span)
    size = np.bincount(first, minlength=span)
    cohorts = np.flatnonzero(size)
    shares = counts[cohorts] / size[cohorts, None]
    shares[cohorts[:, None] + np.arange(span)[None, :] >= span] = np.nan
    frame = pd.DataFrame(
        shares[:, : span - int(cohorts.min())],
        index=pd.PeriodIndex(periods.labels(cohorts + origin, alias), name="cohort"),
        columns=pd.RangeIndex(span - int(cohorts.min()), name="periods_since"),
    )
    frame.attrs["cohort_size"] = dict(
        zip(frame.index.astype(str), size[cohorts].tolist(), strict=True)
    )
    frame.attrs["clients_without_purchase"] = without
    return frame


def _without_purchase(clients: pd.DataFrame | None, buyers: pd.Series) -> int:
    """How many clients of ``clients`` (none given: 0) are not among ``buyers``."""
    if clients is None:
        return 0
    require_columns(clients, ["client_id"], "clients")
    return int((~clients["client_id"].isin(pd.unique(buyers))).sum())
