"""Progress over time: exercise scores, commitment completion, monthly-target streaks,
and group figures that never single anyone out.

Pure functions: DataFrames from the store in (see :mod:`toolkit.store.coaching`),
DataFrames out. No database, no plotting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

MONTHLY_TARGETS = "six-monthly-targets"
CLOSED = ("done", "dropped")


def score_history(results: pd.DataFrame, exercise_id: str | None = None) -> pd.DataFrame:
    """One row per stored result: ``participant_id, exercise_id, period, date, total, band``.

    ``date`` is the first day of the result's period (a day or a month), so results of daily
    and monthly exercises plot on one time axis. Sorted by participant, exercise and date.
    """
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


@dataclass(frozen=True)
class GroupSummary:
    """Aggregates of the cells with enough participants, and what was held back.

    ``table`` has the grouping columns, ``participants``, ``mean``, ``median``, ``min``,
    ``max``; ``suppressed`` lists the grouping values of the cells left out; ``note`` says
    so in words (empty when nothing was suppressed).
    """

    table: pd.DataFrame
    suppressed: pd.DataFrame
    note: str


def group_summary(
    values: pd.DataFrame, by: str | list[str], value: str, min_participants: int = 3
) -> GroupSummary:
    """Aggregate ``value`` per cell of ``by`` over participants, hiding small cells.

    Each participant counts once per cell (their own mean first), and a cell appears only
    when at least ``min_participants`` participants contributed, so no figure can be
    traced back to one or two people.
    """
    keys = [by] if isinstance(by, str) else list(by)
    per_person = values.groupby([*keys, "participant_id"], dropna=False)[value].mean()
    cells = per_person.groupby(level=keys, dropna=False).agg(
        participants="size", mean="mean", median="median", min="min", max="max"
    )
    shown = cells["participants"] >= min_participants
    table = cells[shown].reset_index()
    suppressed = cells[~shown].reset_index()[keys]
    note = ""
    if len(suppressed):
        names = "; ".join(
            ", ".join(f"{k}={v}" for k, v in zip(keys, row, strict=True))
            for row in suppressed.itertuples(index=False)
        )
        note = (
            f"{len(suppressed)} group(s) with fewer than {min_participants} participants are "
            f"not shown, so nobody can be singled out: {names}"
        )
    return GroupSummary(table, suppressed, note)
