"""Calendar periods (day, week, month, quarter, year) as integer ordinals.

Grouping a million dates by period is a handful of integer operations on the
``datetime64`` values: the ordinals are the ones :class:`pandas.Period` uses, so
:func:`labels` turns them back into a ``PeriodIndex`` (weeks run Monday to Sunday).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import AnalyticsInputError

#: Accepted spellings of each frequency, mapped to the pandas period alias.
FREQUENCIES = {
    "D": "D",
    "day": "D",
    "W": "W",
    "week": "W",
    "M": "M",
    "month": "M",
    "Q": "Q",
    "quarter": "Q",
    "Y": "Y",
    "A": "Y",
    "year": "Y",
}


def frequency(freq: str, allowed: str = "DWMQY") -> str:
    """The pandas alias of ``freq`` ('M', 'month', ...); raise for unknown or not ``allowed``."""
    alias = FREQUENCIES.get(freq) or FREQUENCIES.get(str(freq).upper())
    if alias is None or alias not in allowed:
        choices = ", ".join(repr(f) for f in allowed)
        raise AnalyticsInputError(f"freq must be one of {choices}, not {freq!r}")
    return alias


def ordinals(values: pd.Series | pd.DatetimeIndex | np.ndarray, freq: str) -> np.ndarray:
    """The period ordinal of each date (int64); NaT gives -2**63 (mask it before use)."""
    days = np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]")
    missing = np.isnat(days)
    if freq == "D":
        result = days.astype("int64")
    elif freq == "W":
        result = (days.astype("int64") + 3) // 7 + 1
    else:
        months = days.astype("datetime64[M]").astype("int64")
        result = months if freq == "M" else months // (3 if freq == "Q" else 12)
    return np.where(missing, np.iinfo("int64").min, result)


def labels(values: np.ndarray, freq: str) -> pd.PeriodIndex:
    """The ``PeriodIndex`` of period ordinals ``values``."""
    return pd.PeriodIndex.from_ordinals(np.asarray(values, dtype="int64"), freq=freq)
