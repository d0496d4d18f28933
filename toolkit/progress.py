"""Progress over time: exercise scores, commitment completion, monthly-target streaks,
and group figures that never single anyone out.

Pure functions: DataFrames from the store in (see :mod:`toolkit.store.coaching`),
DataFrames out. No database, no plotting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


MONTHLY_TARGETS = "six-monthly-targets"
CLOSED = ("done", "dropped")


def targets_done(targets: Sequence[Mapping[str, Any]] | None, entries: int) -> tuple[int, int]:
    """'n of N targets done' of a monthly-targets checklist, as ``(n, N)``: the written
    targets (with text) ticked, of the ``entries`` asked for (more when more are written).

    >>> targets_done([{"text": "Call", "done": True}, {"text": " ", "done": True}], 6)
    (1, 6)
    """
    written = [t for t in targets or () if str(t.get("text") or "").strip()]
    return sum(bool(t.get("done")) for t in written), max(entries, len(written))


def score_history(results: pd.DataFrame, exercise_id: str | None = None) -> pd.DataFrame:
    """One row per stored result: ``participant_id, exercise_id, period, date, total, band``.

    ``date`` is the first day of the result's period (a day or a month), so results of daily
    and monthly exercises plot on one time axis. Sorted by participant, exercise and date.
    """
    import pandas as pd

    frame = results if exercise_id is None else results[results["exercise_id"] == exercise_id]
    out = frame[["participant_id", "exercise_id", "period", "total", "band"]].copy()
    out.insert(3, "date", pd.to_datetime(out["period"], format="mixed"))
    return out.sort_values(["participant_id", "exercise_id", "date"]).reset_index(drop=True)


def commitment_completion(commitments: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per participant: ``total, done, dropped, open, overdue, completion_rate``.

    ``overdue`` counts open commitments due before ``as_of``. The completion rate is the
    share done of the commitments that are settled or overdue,
    ``done / (done + dropped + overdue)``, so commitments not yet due do not count against
    anyone; NaN when nothing is settled or overdue yet.
    """
    import pandas as pd

    frame = commitments.assign(
        done=commitments["status"].eq("done"),
        dropped=commitments["status"].eq("dropped"),
        open=commitments["status"].eq("open"),
        overdue=commitments["status"].eq("open")
        & (pd.to_datetime(commitments["due_on"]) < pd.Timestamp(as_of)),
    )
    table = frame.groupby("participant_id").agg(
        total=("status", "size"),
        done=("done", "sum"),
        dropped=("dropped", "sum"),
        open=("open", "sum"),
        overdue=("overdue", "sum"),
    )
    settled = table["done"] + table["dropped"] + table["overdue"]
    table["completion_rate"] = table["done"] / settled.where(settled > 0)
    return table.reset_index()


def commitment_burndown(
    commitments: pd.DataFrame, checkins: pd.DataFrame, as_of: dt.date, freq: str = "W"
) -> pd.DataFrame:
    """Open and closed commitments at the end of each period up to ``as_of``.

    A commitment is open from ``created_at`` until the last check-in that closed it (status
    done or dropped, when its current status is closed). Columns ``date, open, closed``.
    """
    import pandas as pd

    columns = ["date", "open", "closed"]
    if commitments.empty:
        return pd.DataFrame(columns=columns)
    closing = checkins[checkins["status"].isin(CLOSED)].groupby("commitment_id")["at"].max()
    closed_at = commitments["commitment_id"].map(closing)
    closed_at = closed_at.where(commitments["status"].isin(CLOSED))
    created = pd.to_datetime(commitments["created_at"])
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    dates = pd.date_range(created.min().normalize(), end, freq=freq)
    if len(dates) == 0 or dates[-1] < end - pd.Timedelta(days=1):
        dates = dates.append(pd.DatetimeIndex([end - pd.Timedelta(days=1)]))
    rows = []
    for date in dates:
        moment = date + pd.Timedelta(days=1)
        exists = created < moment
        closed = exists & closed_at.notna() & (closed_at < moment)
        rows.append(
            {"date": date, "open": int((exists & ~closed).sum()), "closed": int(closed.sum())}
        )
    return pd.DataFrame(rows, columns=columns)


def monthly_streaks(
    results: pd.DataFrame, exercise_id: str = MONTHLY_TARGETS, threshold: float = 4
) -> pd.DataFrame:
    """Month-over-month streaks of the monthly-targets exercise.

    One row per participant and month with a result: ``participant_id, month, done, hit,
    streak``; ``hit`` when ``done >= threshold`` (four of six targets by default);
    ``streak`` counts the consecutive hit months ending with this one (a month without a
    result breaks it).
    """
    import pandas as pd

    frame = results[results["exercise_id"] == exercise_id]
    out = pd.DataFrame(
        {
            "participant_id": frame["participant_id"],
            "month": pd.PeriodIndex(frame["period"], freq="M"),
            "done": frame["total"].astype(float),
        }
    ).sort_values(["participant_id", "month"])
    out["hit"] = out["done"] >= threshold
    streaks = []
    for _, months in out.groupby("participant_id", sort=False):
        run, previous = 0, None
        for month, hit in zip(months["month"], months["hit"], strict=True):
            follows = previous is not None and month == previous + 1
            run = (run + 1 if follows else 1) if hit else 0
            previous = month
            streaks.append(run)
    out["streak"] = streaks
    return out.reset_index(drop=True)


#: A group figure needs this many members with a value of their own.
MIN_CONTRIBUTORS = 3
#: From this many contributors on, the median is shown; below it, a rounded mean.
MIN_FOR_MEDIAN = 5
MEDIAN = "median"
ROUNDED_MEAN = "mean, rounded"


def rounding_step(low: float, high: float) -> float:
    """The step a small group's mean is rounded to, on a scale from ``low`` to ``high``.

    The largest power of ten that is at most half the scale's width: 1 point on a 1-5 or
    0-6 score, 10 points on a 0-100 score, 0.1 (10 percentage points) on a 0-1 share. Two
    members of a group of three who pool their own values then know the third one only
    to within 1.5 steps either way, which is a good part of the scale.
    """
    return 10.0 ** math.floor(math.log10((high - low) / 2))


@dataclass(frozen=True)
class GroupFigure:
    """The one figure a group may see of a measure.

    ``contributors`` counts the members with a value; ``statistic`` is :data:`MEDIAN`,
    :data:`ROUNDED_MEAN`, or ``""`` when the figure is held back (``value`` is then NaN).
    """

    contributors: int
    statistic: str
    value: float


def group_figure(values: pd.Series, step: float) -> GroupFigure:
    """What a group may see of ``values`` (one per member; NaN where a member has none).

    The rule that keeps group figures from singling anyone out, in one place:

    - only members with a value count (nothing due is not a contribution);
    - fewer than :data:`MIN_CONTRIBUTORS` (3): no figure at all;
    - 3 or 4: the mean rounded to the nearest multiple of ``step`` (halves up), never a
      median, minimum or maximum, which would be one member's own value, nor the exact
      mean, from which two members could work out the third's;
    - :data:`MIN_FOR_MEDIAN` (5) or more: the median.
    """
    known = values.dropna()
    count = len(known)
    if count < MIN_CONTRIBUTORS:
        return GroupFigure(count, "", math.nan)
    if count < MIN_FOR_MEDIAN:
        # round(..., 9) drops float noise, so a half is a half: 0.45 / 0.1 is 4.499999999999999
        # and 3 * 0.1 is 0.30000000000000004
        steps = math.floor(round(known.mean() / step, 9) + 0.5)
        return GroupFigure(count, ROUNDED_MEAN, round(steps * step, 9))
    return GroupFigure(count, MEDIAN, float(known.median()))


@dataclass(frozen=True)
class GroupSummary:
    """The group figure of each cell that may be shown, and the cells held back.

    ``table`` has the grouping column, ``contributors``, ``statistic`` and ``figure`` (see
    :class:`GroupFigure`); ``suppressed`` lists the grouping values of the cells held
    back; ``note`` says so in words (empty when nothing was held back).
    """

    table: pd.DataFrame
    suppressed: pd.DataFrame
    note: str


def group_summary(
    values: pd.DataFrame, by: str, value: str, step: float | Mapping[Hashable, float]
) -> GroupSummary:
    """The :func:`group_figure` of ``value`` per cell of ``by``, over members.

    Each member counts once per cell, with the mean of their own values. ``step`` is the
    rounding step of small groups (see :func:`rounding_step`), one for all cells or one
    per value of ``by``.
    """
    import pandas as pd

    per_person = values.groupby([by, "participant_id"], dropna=False)[value].mean()
    rows = []
    for cell, people in per_person.groupby(level=by, dropna=False):
        figure = group_figure(people, step[cell] if isinstance(step, Mapping) else step)
        rows.append((cell, figure.contributors, figure.statistic, figure.value))
    cells = pd.DataFrame(rows, columns=[by, "contributors", "statistic", "figure"])
    shown = cells["contributors"] >= MIN_CONTRIBUTORS
    table = cells[shown].reset_index(drop=True)
    suppressed = cells.loc[~shown, [by]].reset_index(drop=True)
    note = ""
    if len(suppressed):
        names = ", ".join(str(cell) for cell in suppressed[by])
        note = (
            f"Not shown, as fewer than {MIN_CONTRIBUTORS} people have a value for them and "
            f"nobody should be singled out: {names}."
        )
    return GroupSummary(table, suppressed, note)
