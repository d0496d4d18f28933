"""Relationship status from activity: is each client active, lapsed or ended on a date?

Most small firms never record the day a client stopped being one: they have a client list
and invoices. A client who stopped buying is then read as a client for ever, and every
retention figure shows 100 %. The lapse rule (docs/analytics.md, "Relationship status")
reads the end from the activity instead: a client lapses once it has been silent for
much longer than its own rhythm. Explicit end dates always win.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    amounts,
    dates,
    meaningful,
    positions,
    require_columns,
    resolve_as_of,
)
from toolkit.analytics.revenue import INVOICE, kind_codes

#: A regular client lapses after this many times its usual gap between activity days...
LAPSE_FACTOR = 3.0
#: ...but never sooner than this many days (a weekly buyer away on a holiday is not lost)...
MIN_LAPSE_DAYS = 90
#: ...nor later than this (two years of silence ends any relationship).
MAX_LAPSE_DAYS = 730
#: A client with a single activity day (a one-time buyer) lapses after a year of silence.
ONE_TIME_WINDOW_DAYS = 365
STATUSES = ("active", "lapsed", "ended")
STATUS_COLUMNS = [
    "client_id",
    "status",
    "since",
    "last_activity",
    "threshold_days",
    "basis",
    "first_activity",
]
NO_DAY = np.iinfo("int64").min


def _days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Dates as whole days since 1970 (int64); NaT gives ``NO_DAY``."""
    days = np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]")
    return np.where(np.isnat(days), NO_DAY, days.astype("int64"))


def purchase_rows(transactions: pd.DataFrame) -> np.ndarray:
    """Mask of the transactions that are purchases: invoices, or, in a frame without a
    ``kind`` column (a bare purchase log), every row with a positive amount."""
    if "kind" in transactions.columns:
        return kind_codes(transactions) == INVOICE
    require_columns(transactions, ["amount"], "transactions")
    return amounts(transactions, "amount", "transactions", allow_missing=True) > 0


def _activity(
    ids: pd.Index,
    frame: pd.DataFrame | None,
    column: str,
    name: str,
    as_of_day: int,
) -> tuple[np.ndarray, np.ndarray]:
    """(client code, day) of every purchase or meaningful contact on or before ``as_of``."""
    if frame is None:
        return np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
    require_columns(frame, ["client_id", column], name)
    keep = purchase_rows(frame) if name == "transactions" else meaningful(frame)
    day = _days(dates(frame, column, name, required=True))
    code = positions(frame["client_id"], ids)
    keep &= (code >= 0) & (day <= as_of_day)
    return code[keep], day[keep]


def _group_median(values: np.ndarray, groups: np.ndarray, size: int) -> np.ndarray:
    """The median of ``values`` per group code ``0..size-1`` (NaN for an empty group)."""
    order = np.lexsort((values, groups))
    ranked = values[order]
    count = np.bincount(groups, minlength=size)
    start = np.cumsum(count) - count
    some = count > 0
    median = np.full(size, np.nan)
    low = ranked[start[some] + (count[some] - 1) // 2]
    high = ranked[start[some] + count[some] // 2]
    median[some] = (low + high) / 2.0
    return median


def _as_dates(days: np.ndarray) -> np.ndarray:
    """Whole days (``NO_DAY`` = missing) back to ``datetime64[ns]``."""
    missing = days == NO_DAY
    values = np.where(missing, 0, days).astype("datetime64[D]").astype("datetime64[ns]")
    values[missing] = np.datetime64("NaT")
    return values


def relationship_status(
    clients: pd.DataFrame,
    transactions: pd.DataFrame | None,
    interactions: pd.DataFrame | None = None,
    *,
    as_of: DateLike | None,
    lapse_factor: float = LAPSE_FACTOR,
    min_lapse_days: float = MIN_LAPSE_DAYS,
    max_lapse_days: float = MAX_LAPSE_DAYS,
    one_time_window_days: float = ONE_TIME_WINDOW_DAYS,
) -> pd.DataFrame:
    """Each client's status on ``as_of``: ``active``, ``lapsed`` or ``ended``, and ``since`` when.

    The lapse rule (docs/analytics.md, "Relationship status"):

    * ``ended`` when ``ended_on`` is on or before ``as_of``; ``since = ended_on``.
    * Otherwise the client's activity days are the distinct days of its purchases
      (invoices; in a frame without ``kind``, rows with a positive amount) on or before
      ``as_of``; without purchases, the days of its meaningful contacts; without either,
      its ``acquired_on``; with no date at all it is ``active`` since NaT (basis "none").
    * ``threshold_days``: with two or more activity days,
      ``clip(lapse_factor * median gap between consecutive days, min_lapse_days,
      max_lapse_days)`` (defaults 3, 90, 730); with one, ``one_time_window_days`` (365).
    * ``lapsed`` when ``as_of - last_activity > threshold_days``; ``since`` is the last
      activity day (the relationship stopped then).
    * ``active`` otherwise; ``since`` = the first activity day after the last gap longer
      than the threshold (a client that came back is active since its return), else the
      earlier of its first activity day and ``acquired_on``.

    What happens after ``as_of`` is not known on ``as_of``: later rows are not read and a
    later ``ended_on`` does not end the client yet. ``as_of`` left out: the latest date in
    all the frames (:func:`~toolkit.analytics.inputs.resolve_as_of`). Columns:
    ``STATUS_COLUMNS`` (``basis`` is "end date", "purchases", "contacts", "acquired" or
    "none"), one row per client in the order of ``clients``. Vectorised: one sort of the
    distinct (client, day) pairs, no loop over clients.

    >>> import pandas as pd
    >>> clients = pd.DataFrame({"client_id": ["once", "regular", "gone"],
    ...     "ended_on": pd.to_datetime([None, None, "2024-03-01"])})
    >>> tx = pd.DataFrame({"client_id": ["once", "regular", "regular", "regular", "gone"],
    ...     "occurred_on": pd.to_datetime(["2023-01-10", "2024-01-05", "2024-02-05",
    ...                                    "2024-03-05", "2024-01-01"]),
    ...     "amount": 100.0})
    >>> relationship_status(clients, tx, as_of="2024-05-15")[
    ...     ["client_id", "status", "since", "threshold_days", "basis"]]
      client_id  status      since  threshold_days      basis
    0      once  lapsed 2023-01-10           365.0  purchases
    1   regular  active 2024-01-05            90.0  purchases
    2      gone   ended 2024-03-01           365.0   end date
    """
    require_columns(clients, ["client_id"], "clients")
    if not 0 < min_lapse_days <= max_lapse_days or lapse_factor <= 0 or one_time_window_days <= 0:
        raise AnalyticsInputError(
            "lapse_factor and one_time_window_days must be positive and "
            "0 < min_lapse_days <= max_lapse_days"
        )
    ids = pd.Index(clients["client_id"])
    if ids.has_duplicates:
        raise AnalyticsInputError("clients.client_id has duplicate values")
    size = len(ids)
    acquired, ended = (
        _days(dates(clients, column, "clients"))
        if column in clients.columns
        else np.full(size, NO_DAY)
        for column in ("acquired_on", "ended_on")
    )
    resolved = resolve_as_of(as_of, clients, transactions, interactions)
    as_of_day = int(_days([resolved])[0]) if resolved is not None else NO_DAY
    code, day = _activity(ids, transactions, "occurred_on", "transactions", as_of_day)
    bought = np.bincount(code, minlength=size) > 0
    contact_code, contact_day = _activity(
        ids, interactions, "occurred_at", "interactions", as_of_day
    )
    from_contacts = ~bought[contact_code]
    contacted = np.bincount(contact_code[from_contacts], minlength=size) > 0
    from_acquired = np.flatnonzero(~bought & ~contacted & (acquired != NO_DAY))
    code = np.concatenate([code, contact_code[from_contacts], from_acquired])
    day = np.concatenate([day, contact_day[from_contacts], acquired[from_acquired]])

    # the distinct (client, day) pairs, sorted by client then day
    origin = int(day.min()) if len(day) else 0
    width = int(day.max()) - origin + 1 if len(day) else 1
    pairs = np.unique(code * width + (day - origin))
    code, day = pairs // width, pairs % width + origin
    count = np.bincount(code, minlength=size)
    has = count > 0
    start = np.cumsum(count) - count
    padded = np.append(day, NO_DAY)  # a client without pairs points past the end, or at -1
    first = np.where(has, padded[start], NO_DAY)
    last = np.where(has, padded[start + count - 1], NO_DAY)
    later = np.flatnonzero(code[1:] == code[:-1]) + 1  # a pair that follows one of its client
    gap = (day[later] - day[later - 1]).astype("float64")
    rhythm = _group_median(gap, code[later], size)
    threshold = np.where(
        count >= 2,
        np.clip(lapse_factor * rhythm, min_lapse_days, max_lapse_days),
        np.where(has, float(one_time_window_days), np.nan),
    )
    returned = np.full(size, NO_DAY)
    big = gap > threshold[code[later]]
    np.maximum.at(returned, code[later][big], day[later][big])
    earliest = np.where(has & (acquired != NO_DAY), np.minimum(first, acquired), first)
    silent = (as_of_day - np.where(has, last, as_of_day)).astype("float64")
    lapsed = has & (silent > threshold)
    is_ended = (ended != NO_DAY) & (ended <= as_of_day)
    since = np.where(returned != NO_DAY, returned, earliest)
    since = np.where(lapsed, last, since)
    since = np.where(is_ended, ended, since)
    status = np.select([is_ended, lapsed], ["ended", "lapsed"], "active").astype(object)
    basis = np.select(
        [is_ended, bought, contacted, has],
        ["end date", "purchases", "contacts", "acquired"],
        "none",
    ).astype(object)
    return pd.DataFrame(
        {
            "client_id": ids.to_numpy(),
            "status": status,
            "since": _as_dates(since),
            "last_activity": _as_dates(last),
            "threshold_days": threshold,
            "basis": basis,
            "first_activity": _as_dates(first),
        },
        columns=STATUS_COLUMNS,
    )


def relationship_span(
    clients: pd.DataFrame,
    transactions: pd.DataFrame | None,
    interactions: pd.DataFrame | None,
    as_of: pd.Timestamp | None,
) -> tuple[pd.Series, pd.Series]:
    """Each client's start and effective end, as the relationship measures count them.

    Without activity frames, ``acquired_on`` and ``ended_on`` as they are. With
    ``transactions`` or ``interactions``, the lapse rule fills in what the client list
    lacks: a missing ``acquired_on`` becomes the first activity day, a missing
    ``ended_on`` the day a lapsed client stopped (its ``since``; never before its start).
    Both Series are aligned with ``clients``; still-active clients end NaT.
    """
    acquired = dates(clients, "acquired_on", "clients")
    ended = dates(clients, "ended_on", "clients")
    if transactions is None and interactions is None:
        return acquired, ended
    status = relationship_status(clients, transactions, interactions, as_of=as_of)
    status.index = clients.index
    start = acquired.fillna(status["first_activity"])
    lapsed_on = status["since"].where(status["status"] == "lapsed")
    end = ended.fillna(np.maximum(lapsed_on, start).where(lapsed_on.notna()))
    return start, end
