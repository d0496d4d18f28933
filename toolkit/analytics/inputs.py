"""Checks every analytics function runs on its input frames before computing anything.

The functions take frames shaped like :meth:`toolkit.store.Workspace.table` output. A frame
that cannot give a correct answer (a missing column, a NaN amount, a date after the
analysis date) raises :class:`AnalyticsInputError`, a ``ValueError`` whose message names
the frame and the column, instead of returning a number that looks right and is not.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import TypeAlias

import duckdb
import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError

#: Channels whose interactions are not a meaningful contact (newsletters, reminders).
AUTOMATED_CHANNELS = frozenset({"automated"})

DateLike: TypeAlias = str | dt.date | pd.Timestamp | np.datetime64


class AnalyticsInputError(ToolkitError, ValueError):
    """An input frame an analytics function cannot compute a correct answer from."""


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()  # in memory: nothing is ever written to disk


def duckdb_cursor() -> duckdb.DuckDBPyConnection:
    """A new connection to one in-memory DuckDB database shared by the process.

    Opening a database costs ~15 ms, a cursor nothing. Frames registered on a cursor are
    visible to that cursor only, so calls stay independent (and thread-safe); close it
    after use (``with duckdb_cursor() as con: ...``).
    """
    return _database().cursor()


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise when ``frame`` (called ``name`` in the message) lacks any of ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise AnalyticsInputError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AnalyticsInputError(f"{name} is missing column(s): {', '.join(missing)}")


def dates(frame: pd.DataFrame, column: str, name: str, *, required: bool = False) -> pd.Series:
    """``frame[column]`` as ``datetime64[ns]``; unparseable values (or NaT when required) raise."""
    values = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        try:
            values = pd.to_datetime(values)
        except (ValueError, TypeError) as error:
            raise AnalyticsInputError(f"{name}.{column} holds values that are not dates") from error
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    if required and values.isna().any():
        raise AnalyticsInputError(f"{name}.{column} has {int(values.isna().sum())} missing date(s)")
    return values if values.dtype == "datetime64[ns]" else values.astype("datetime64[ns]")


def amounts(
    frame: pd.DataFrame, column: str, name: str, *, allow_missing: bool = False
) -> np.ndarray:
    """``frame[column]`` as float64; NaN (unless allowed, then read as 0) or negatives raise."""
    try:
        values = pd.to_numeric(frame[column]).to_numpy(dtype="float64", na_value=np.nan)
    except (ValueError, TypeError) as error:
        raise AnalyticsInputError(f"{name}.{column} holds values that are not numbers") from error
    missing = np.isnan(values)
    if missing.any():
        if not allow_missing:
            raise AnalyticsInputError(f"{name}.{column} has {int(missing.sum())} missing amount(s)")
        values = np.where(missing, 0.0, values)
    if (values < 0).any():
        raise AnalyticsInputError(
            f"{name}.{column} has negative amount(s); money is recorded as positive amounts "
            "with a kind (invoice, discount, refund, credit)"
        )
    return values


#: The columns :func:`resolve_as_of` reads from a frame: the dates of the events a function
#: analyses (``recorded_at`` is not one: a record's current value is not an event).
DATE_COLUMNS = ("acquired_on", "ended_on", "occurred_on", "occurred_at")


def resolve_as_of(
    as_of: DateLike | None, *inputs: pd.DataFrame | pd.Series | None
) -> pd.Timestamp | None:
    """The analysis date: ``as_of`` at midnight; left out, the latest date in ALL the inputs.

    The one rule every analytics function follows, so that the date never depends on
    which frame a function happened to be given: each frame contributes every one of its
    ``DATE_COLUMNS``, a Series of dates itself, ``None`` nothing. No date anywhere gives
    ``None`` (the functions then return their empty result). A function given several
    frames passes them all (``period_retention`` on clients alone reads ``acquired_on``
    and ``ended_on``; with transactions, their ``occurred_on`` too).

    >>> import pandas as pd
    >>> clients = pd.DataFrame({"acquired_on": pd.to_datetime(["2024-01-05"]),
    ...                         "ended_on": pd.to_datetime(["2024-03-09 15:00"])})
    >>> resolve_as_of(None, clients)
    Timestamp('2024-03-09 00:00:00')
    """
    if as_of is not None:
        return pd.Timestamp(as_of).normalize()
    latest = []
    for given in inputs:
        if isinstance(given, pd.DataFrame):
            columns = [dates(given, column, "input") for column in DATE_COLUMNS if column in given]
        else:
            columns = [] if given is None else [given]
        latest += [column.max() for column in columns if column.notna().any()]
    return max(latest).normalize() if latest else None


def not_after(values: pd.Series, as_of: pd.Timestamp, column: str, name: str) -> None:
    """Raise when a value of ``name.column`` falls on a day after ``as_of``."""
    future = values >= as_of + pd.Timedelta(days=1)
    if future.any():
        raise AnalyticsInputError(
            f"{name}.{column} has {int(future.sum())} date(s) after the analysis date "
            f"{as_of.date()} (future dates); pass a later as_of or correct the data"
        )


def text_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of ``values`` and their distinct texts, stripped and case-folded.

    Normalising the few distinct values instead of millions of rows keeps it fast;
    missing values get code -1.
    """
    codes, uniques = pd.factorize(values)
    texts = pd.Index(np.asarray(uniques, dtype=str)).str.strip().str.casefold()
    merged, distinct = pd.factorize(texts)
    return np.append(merged, -1)[codes], pd.Index(distinct)


def meaningful(interactions: pd.DataFrame) -> np.ndarray:
    """Boolean mask of interactions that count as a meaningful contact (not automated)."""
    if "channel" not in interactions.columns:
        return np.ones(len(interactions), dtype=bool)
    codes, texts = text_codes(interactions["channel"])
    return np.append(~texts.isin(AUTOMATED_CHANNELS), True)[codes]  # missing: meaningful


def pair_counts(groups: np.ndarray, items: np.ndarray, size: int) -> np.ndarray:
    """Dense ``size x n_items`` matrix of how often each (group, item) code pair occurs.

    Rows with a negative group or item code are skipped. Dense on purpose: items are
    team members or template fields (tens to hundreds), so the matrix stays small and a
    bincount beats sorting millions of pairs.
    """
    keep = (groups >= 0) & (items >= 0)
    width = int(items[keep].max()) + 1 if keep.any() else 1
    flat = np.bincount(groups[keep].astype("int64") * width + items[keep], minlength=size * width)
    return flat.reshape(size, width)


def most_frequent(
    groups: np.ndarray, items: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per group code ``0..size-1``: the most frequent item code (-1 if none) and its count.

    Ties go to the lowest item code. Rows with a negative group or item code are skipped.
    """
    counts = pair_counts(groups, items, size)
    best = counts.argmax(axis=1)
    top = counts[np.arange(size), best]
    return np.where(top > 0, best, -1), top


def positions(values: pd.Series | np.ndarray, index: pd.Index) -> np.ndarray:
    """The position in ``index`` of each value (-1 when absent), e.g. a row's client.

    Factorising the column first and looking up only its distinct values is much faster
    than a lookup per row on millions of text ids.
    """
    codes, uniques = pd.factorize(values)
    found = index.get_indexer(pd.Index(uniques, dtype=index.dtype if len(uniques) else None))
    return np.append(found, -1)[codes]


def group_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of ``values`` and the distinct values; missing ids raise."""
    codes, uniques = pd.factorize(values)
    if (codes < 0).any():
        raise AnalyticsInputError("an id column has missing values")
    return codes, pd.Index(uniques)


def ordered(
    keys: np.ndarray, ids: pd.Index | np.ndarray, *, descending: bool = False
) -> np.ndarray:
    """Positions that sort rows by ``keys`` (NaN last), ties by ``ids`` (unique) ascending.

    The order of ``frame.sort_values([key, "client_id"])``, but text ids are sorted as a
    fixed-width NumPy string array, several times faster than comparing Python objects,
    and ids already in ascending order (e.g. grouped by DuckDB) are not sorted again.
    """
    if pd.Index(ids).is_monotonic_increasing:
        by_id = np.arange(len(ids))
    else:
        ids = np.asarray(ids)
        if ids.dtype == object and pd.api.types.infer_dtype(ids, skipna=False) == "string":
            ids = ids.astype(str)
        by_id = np.argsort(ids, kind="stable")
    keys = np.asarray(keys, dtype="float64")[by_id]
    return by_id[np.argsort(-keys if descending else keys, kind="stable")]
