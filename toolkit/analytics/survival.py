"""How long client relationships last: a Kaplan-Meier curve with a confidence band."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    not_after,
    require_columns,
    resolve_as_of,
)
from toolkit.analytics.lapse import relationship_span

DAY_NS = 86_400 * 10**9
SURVIVAL_COLUMNS = ["days", "survival", "lower", "upper", "at_risk", "ended", "censored"]


def _distinct_durations(
    acquired: np.ndarray, ended: np.ndarray, as_of: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct (whole days, ended?) pair and how many clients share it.

    Kaplan-Meier only depends on how many relationships end or are censored on each day,
    so fitting the few thousand distinct pairs weighted by their counts gives the very
    same curve, band and event table as one row per client, at a fraction of the cost.
    """
    observed = ~np.isnat(ended)
    stop = np.where(observed, ended.view("int64"), as_of.value)
    days = (stop - acquired.view("int64")) // DAY_NS
    counts = np.bincount(days * 2 + observed)  # days are 0 or more: checked before
    pairs = np.flatnonzero(counts)
    return (pairs // 2).astype("float64"), (pairs % 2).astype(bool), counts[pairs]


def relationship_survival(
    clients: pd.DataFrame,
    *,
    transactions: pd.DataFrame | None = None,
    interactions: pd.DataFrame | None = None,
    as_of: DateLike | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kaplan-Meier estimate of the share of relationships still running after ``days``.

    Each client's duration runs from ``acquired_on`` to ``ended_on``; a client still active
    is censored at ``as_of`` (default: the latest date in all the frames given): not ended
    yet, rather than left out (docs/analytics.md, "Retention measures"). With ``transactions`` or
    ``interactions``, a lapse is the event too: a client without ``ended_on`` that has
    lapsed (:func:`~toolkit.analytics.lapse.relationship_status`) ends on the day it
    stopped, a client still active by the rule is censored at ``as_of``, and a missing
    ``acquired_on`` is read as the first activity
    (:func:`~toolkit.analytics.lapse.relationship_span`). The estimate is lifelines'
    :class:`~lifelines.KaplanMeierFitter`: ``S(t) = prod_{t_i <= t} (1 - d_i / n_i)`` with
    ``d_i`` endings and ``n_i`` relationships at risk at ``t_i``, and ``lower``/``upper``
    its ``1 - alpha`` confidence band (exponential Greenwood). Columns: days, survival,
    lower, upper, at_risk, ended, censored. ``result.attrs`` holds ``median_days`` (inf
    while more than half survive) and ``skipped_clients`` (no ``acquired_on``, left out).
    Dates after ``as_of`` or endings before acquisition raise ``ValueError``. No datable
    clients: an empty frame.

    >>> import pandas as pd
    >>> clients = pd.DataFrame({
    ...     "acquired_on": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01"]),
    ...     "ended_on": pd.to_datetime(["2024-01-11", None, "2024-01-21"]),
    ... })
    >>> relationship_survival(clients, as_of="2024-01-31")[["days", "survival", "at_risk"]]
       days  survival  at_risk
    0   0.0  1.000000        3
    1  10.0  0.666667        3
    2  20.0  0.333333        2
    3  30.0  0.333333        1
    """
    require_columns(clients, ["acquired_on", "ended_on"], "clients")
    if not 0 < alpha < 1:
        raise AnalyticsInputError(f"alpha must lie between 0 and 1, not {alpha}")
    as_of = resolve_as_of(as_of, clients, transactions, interactions)
    acquired, ended = relationship_span(clients, transactions, interactions, as_of)
    known = acquired.notna().to_numpy()
    empty = pd.DataFrame({column: pd.Series(dtype="float64") for column in SURVIVAL_COLUMNS})
    empty.attrs = {"median_days": float("nan"), "skipped_clients": int((~known).sum())}
    if not known.any():
        return empty
    not_after(acquired, as_of, "acquired_on", "clients")
    not_after(ended, as_of, "ended_on", "clients")
    if (ended < acquired).any():
        raise AnalyticsInputError("clients.ended_on is before acquired_on for some clients")
    durations, observed, count = _distinct_durations(
        acquired.to_numpy()[known], ended.to_numpy()[known], as_of
    )
    # lifelines (with scipy and autograd) costs a kernel about 150 MB and 1.7 s to
    # import; only the pages that draw a survival curve should pay for it.
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter(alpha=alpha).fit(durations, event_observed=observed, weights=count)
    band = fitter.confidence_interval_survival_function_
    events = fitter.event_table
    frame = pd.DataFrame(
        {
            "days": fitter.survival_function_.index.to_numpy(dtype="float64"),
            "survival": fitter.survival_function_.iloc[:, 0].to_numpy(),
            "lower": band.iloc[:, 0].to_numpy(),
            "upper": band.iloc[:, 1].to_numpy(),
            "at_risk": events["at_risk"].to_numpy(),
            "ended": events["observed"].to_numpy(),
            "censored": events["censored"].to_numpy(),
        }
    )
    frame.attrs = {
        "median_days": float(fitter.median_survival_time_),
        "skipped_clients": int((~known).sum()),
    }
    return frame
