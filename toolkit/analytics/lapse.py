"""Relationship status from activity: is each client active, lapsed or ended on a date?

Most small firms never record the day a client stopped being one: they have a client list
and invoices. A client who stopped buying is then read as a client for ever, and every
retention figure shows 100 %. The lapse rule (docs/analytics.md, "Relationship status")
reads the end from the activity instead: a client lapses once it has been silent for
much longer than its own rhythm. Explicit end dates always win.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    amounts,
    dates,
    meaningful,
    not_after,
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


class Activity(NamedTuple):
    """Rows of one kind of activity: each row's client (its position in the client list,
    -1 for a client not in it) and day (whole days since 1970), and which rows count.

    Built once per table, so that a caller that needs the rows' clients for more than the
    lapse rule (``client_map``) factorises millions of ids only once."""

    code: np.ndarray
    day: np.ndarray
    keep: np.ndarray

    @classmethod
    def none(cls) -> Activity:
        """No rows at all (a table not given)."""
        empty = np.zeros(0, dtype="int64")
        return cls(empty, empty, np.zeros(0, dtype=bool))


def purchases(transactions: pd.DataFrame | None, ids: pd.Index) -> Activity:
    """The purchases of ``transactions`` as :class:`Activity` of the clients ``ids``."""
    if transactions is None:
        return Activity.none()
    require_columns(transactions, ["client_id", "occurred_on"], "transactions")
    day = _days(dates(transactions, "occurred_on", "transactions", required=True))
    return Activity(positions(transactions["client_id"], ids), day, purchase_rows(transactions))


def contacts(interactions: pd.DataFrame | None, ids: pd.Index) -> Activity:
    """The meaningful contacts (:func:`~toolkit.analytics.inputs.meaningful`) of
    ``interactions`` as :class:`Activity` of the clients ``ids``."""
    if interactions is None:
        return Activity.none()
    require_columns(interactions, ["client_id", "occurred_at"], "interactions")
    day = _days(dates(interactions, "occurred_at", "interactions", required=True))
    return Activity(positions(interactions["client_id"], ids), day, meaningful(interactions))


def client_index(clients: pd.DataFrame) -> pd.Index:
    """The client ids of ``clients`` as an Index; duplicates raise."""
    ids = pd.Index(clients["client_id"])
    if ids.has_duplicates:
        raise AnalyticsInputError("clients.client_id has duplicate values")
    return ids


def _distinct(code: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (code, day) pairs, sorted by code then day (a sort, not a hash)."""
    if not len(day):
        return code, day
    origin = int(day.min())
    width = int(day.max()) - origin + 1
    keys = np.sort(code * width + (day - origin))
    keys = keys[np.append(True, keys[1:] != keys[:-1])]
    return keys // width, keys % width + origin


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
    resolved = resolve_as_of(as_of, clients, transactions, interactions)
    ids = client_index(clients)
    return activity_status(
        clients,
        purchases(transactions, ids),
        contacts(interactions, ids),
        resolved,
        lapse_factor=lapse_factor,
        min_lapse_days=min_lapse_days,
        max_lapse_days=max_lapse_days,
        one_time_window_days=one_time_window_days,
    )


def activity_status(
    clients: pd.DataFrame,
    bought: Activity,
    contacted: Activity,
    as_of: pd.Timestamp | None,
    *,
    lapse_factor: float = LAPSE_FACTOR,
    min_lapse_days: float = MIN_LAPSE_DAYS,
    max_lapse_days: float = MAX_LAPSE_DAYS,
    one_time_window_days: float = ONE_TIME_WINDOW_DAYS,
) -> pd.DataFrame:
    """:func:`relationship_status` from :class:`Activity` rows, for a caller such as
    ``client_map`` that has the rows' client positions already and should not factorise
    millions of ids twice. ``as_of`` is resolved already (None: no date anywhere)."""
    if not 0 < min_lapse_days <= max_lapse_days or lapse_factor <= 0 or one_time_window_days <= 0:
        raise AnalyticsInputError(
            "lapse_factor and one_time_window_days must be positive and "
            "0 < min_lapse_days <= max_lapse_days"
        )
    ids = client_index(clients)
    size = len(ids)
    acquired, ended = (
        _days(dates(clients, column, "clients"))
        if column in clients.columns
        else np.full(size, NO_DAY)
        for column in ("acquired_on", "ended_on")
    )
    as_of_day = int(_days([as_of])[0]) if as_of is not None else NO_DAY
    use = bought.keep & (bought.code >= 0) & (bought.day <= as_of_day)
    code, day = bought.code[use], bought.day[use]
    has_purchase = np.bincount(code, minlength=size) > 0
    use = contacted.keep & (contacted.code >= 0) & (contacted.day <= as_of_day)
    use[use] &= ~has_purchase[contacted.code[use]]
    contact_code, contact_day = contacted.code[use], contacted.day[use]
    has_contact = np.bincount(contact_code, minlength=size) > 0
    from_acquired = np.flatnonzero(~has_purchase & ~has_contact & (acquired != NO_DAY))
    code, day = _distinct(
        np.concatenate([code, contact_code, from_acquired]),
        np.concatenate([day, contact_day, acquired[from_acquired]]),
    )
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
        [is_ended, has_purchase, has_contact, has],
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
    Both Series are aligned with ``clients``; still-active clients end NaT. Like the
    measures themselves, an activity dated after ``as_of`` raises.
    """
    acquired = dates(clients, "acquired_on", "clients")
    ended = dates(clients, "ended_on", "clients")
    if transactions is None and interactions is None:
        return acquired, ended
    for frame, column, name in (
        (transactions, "occurred_on", "transactions"),
        (interactions, "occurred_at", "interactions"),
    ):
        if frame is not None and as_of is not None:
            require_columns(frame, [column], name)
            not_after(dates(frame, column, name), as_of, column, name)
    status = relationship_status(clients, transactions, interactions, as_of=as_of)
    status.index = clients.index
    start = acquired.fillna(status["first_activity"])
    lapsed_on = status["since"].where(status["status"] == "lapsed")
    end = ended.fillna(np.maximum(lapsed_on, start).where(lapsed_on.notna()))
    return start, end
