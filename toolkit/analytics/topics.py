"""What clients contact the firm about, per day, week or month, and what is on the rise.

The idea (docs/analytics.md, "Call topics"): service teams should aggregate the topics
customers call about themselves, daily, weekly and monthly, and feed what they learn back
into products and processes. A topic that suddenly comes up much more often than before is
flagged."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics import periods
from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    dates,
    meaningful,
    not_after,
    require_columns,
    resolve_as_of,
    text_codes,
)

#: Periods in the recent window and the baseline before it, per frequency (about six
#: weeks against the half-year before them).
WINDOWS: dict[str, tuple[int, int]] = {"D": (42, 182), "W": (6, 26), "M": (2, 6)}
UNSPECIFIED = "unspecified"
TREND_COLUMNS = ["period", "topic", "count", "share", "change", "pct_change", "emerging"]


def topic_trends(
    interactions: pd.DataFrame,
    freq: str = "W",
    *,
    as_of: DateLike | None = None,
    recent: int | None = None,
    baseline: int | None = None,
    emerging_ratio: float = 3.0,
    min_count: int = 5,
) -> pd.DataFrame:
    """Contacts per topic and period, their share, the change, and emerging topics.

    Counts meaningful contacts (automated messages left out) per ``topic`` (stripped,
    case-folded; missing = 'unspecified') in every period from the first contact to the
    period of ``as_of`` (default: the latest contact; that period may be partial), with
    zero rows where a topic had none. ``share = count / all contacts in the period``;
    ``change = count - count in the previous period``, ``pct_change = change / previous
    count`` (NaN after a zero). A topic is ``emerging`` (same flag on all its rows) when
    its mean count per period over the last ``recent`` periods is at least
    ``emerging_ratio`` (3) times its mean over the ``baseline`` periods before them and it
    has at least ``min_count`` (5) contacts in the recent window. Defaults for ``recent``
    / ``baseline``: 42/182 days, 6/26 weeks, 2/6 months. Dates after ``as_of`` raise.

    >>> import pandas as pd
    >>> calls = pd.DataFrame({"occurred_at": pd.to_datetime(["2024-01-01", "2024-01-02",
    ...     "2024-01-09"]), "topic": ["billing", "outage", "Billing"]})
    >>> topic_trends(calls, "W")[["period", "topic", "count", "share", "change"]]
                      period    topic  count  share  change
    0  2024-01-01/2024-01-07  billing      1    0.5     NaN
    1  2024-01-01/2024-01-07   outage      1    0.5     NaN
    2  2024-01-08/2024-01-14  billing      1    1.0     0.0
    3  2024-01-08/2024-01-14   outage      0    0.0    -1.0
    """
    require_columns(interactions, ["occurred_at", "topic"], "interactions")
    alias = periods.frequency(freq, "DWM")
    default_recent, default_baseline = WINDOWS[alias]
    recent = default_recent if recent is None else recent
    baseline = default_baseline if baseline is None else baseline
    if recent < 1 or baseline < 1:
        raise AnalyticsInputError("recent and baseline must be at least one period")
    occurred = dates(interactions, "occurred_at", "interactions", required=True)
    as_of = resolve_as_of(as_of, occurred)
    keep = meaningful(interactions)
    if as_of is None or not keep.any():
        empty = pd.DataFrame({column: pd.Series(dtype="float64") for column in TREND_COLUMNS})
        empty["period"] = pd.PeriodIndex([], freq=alias)
        return empty
    not_after(occurred, as_of, "occurred_at", "interactions")
    topic, texts = text_codes(interactions["topic"])
    topic = topic[keep]
    names = np.append(texts.to_numpy(dtype=object), UNSPECIFIED)
    topic = np.where(topic < 0, len(names) - 1, topic)
    used = np.unique(topic)
    topic = np.searchsorted(used, topic)
    names = names[used]
    at = periods.ordinals(occurred.to_numpy()[keep], alias)
    first = int(at.min())
    span = int(periods.ordinals([as_of], alias)[0]) - first + 1
    width = len(names)
    counts = np.bincount((at - first) * width + topic, minlength=span * width).reshape(span, width)
    totals = counts.sum(axis=1, keepdims=True)
    previous = np.vstack([np.full((1, width), np.nan), counts[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(totals > 0, counts / np.maximum(totals, 1), np.nan)
        change = counts - previous
        pct = np.where(previous > 0, change / previous, np.nan)
    latest = counts[-recent:].sum(axis=0)
    before = counts[max(span - recent - baseline, 0) : max(span - recent, 0)]
    base_rate = before.mean(axis=0) if len(before) else np.zeros(width)
    emerging = (latest >= min_count) & (latest / recent >= emerging_ratio * base_rate)
    order = np.argsort(names, kind="stable")
    return pd.DataFrame(
        {
            "period": periods.labels(np.repeat(np.arange(first, first + span), width), alias),
            "topic": np.tile(names[order], span),
            "count": counts[:, order].ravel(),
            "share": share[:, order].ravel(),
            "change": change[:, order].ravel(),
            "pct_change": pct[:, order].ravel(),
            "emerging": np.tile(emerging[order], span),
        }
    )
