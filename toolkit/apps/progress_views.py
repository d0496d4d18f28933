"""Progress and group-benchmark sections shared by the participant and coach apps.

Each function takes what the store returned and gives a widget: tables and charts of
:mod:`toolkit.progress` results. Which group figure may be shown is decided by
:func:`toolkit.progress.group_figure` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable

import ipywidgets as widgets
import pandas as pd

from toolkit import progress
from toolkit.apps.page import card, info
from toolkit.charts.progress import burndown_chart, streak_calendar_chart
from toolkit.exercises import Exercise
from toolkit.store import Workspace, coaching, views
from toolkit.widgets.chart import Chart
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.layouts import FULL

RESULT_COLUMNS = {"title": "Exercise", "period": "Period", "total": "Score", "band": "Reading"}


def _titles(frame: pd.DataFrame, exercises: dict[str, Exercise]) -> pd.Series:
    return frame["exercise_id"].map(lambda i: exercises[i].title if i in exercises else i)


def _subjects(ws: Workspace, participant_id: str, results: pd.DataFrame) -> pd.Series:
    """ " · for <client>" for the results of a plan about one client (its name as typed in
    the plan, else the client's name in the firm's data), "" for the business as a whole."""
    if results.empty or not results["subject"].astype(bool).any():
        return pd.Series("", index=results.index, dtype=str)
    clients = ws.table("clients", participant_id)
    known = dict(zip(clients["client_id"], clients["name"], strict=True))

    def about(row: pd.Series) -> str:
        if not row["subject"]:
            return ""
        answers = row["answers"] if isinstance(row["answers"], dict) else {}
        return f" · for {answers.get('client_name') or known.get(row['subject'], row['subject'])}"

    return results.apply(about, axis=1)


def own_progress(
    ws: Workspace, participant_id: str, exercises: dict[str, Exercise], today: dt.date
) -> widgets.VBox:
    """Latest results (of each client's plan, for an exercise answered per client), the
    monthly-target streak and the commitment burndown of one person."""
    latest = views.latest_results(ws, [participant_id], per_subject=True)
    results_table = FrameTable(
        RESULT_COLUMNS,
        {"total": ".3g"},
        empty="No exercise has been completed yet: finished exercises show their score here.",
    )
    titles = _titles(latest, exercises) + _subjects(ws, participant_id, latest)
    results_table.show(latest.assign(title=titles))
    sections = [card("Latest exercise results", results_table)]
    streaks = progress.monthly_streaks(coaching.results(ws, participant_id))
    if not streaks.empty:
        sections.append(card("Monthly targets", Chart(streak_calendar_chart(streaks))))
    commitments = coaching.commitments(ws, participant_id)
    if not commitments.empty:
        checkins = coaching.checkins(ws, participant_id)
        burndown = progress.commitment_burndown(commitments, checkins, today)
        sections.append(
            card(
                "Commitments over time",
                Chart(burndown_chart(burndown, title="Open and closed commitments")),
                intro="The red line falls as you close what you promised.",
            )
        )
    return widgets.VBox(sections, layout=FULL)


def group_benchmark(
    ws: Workspace,
    group_id: str,
    exercises: dict[str, Exercise],
    today: dt.date,
    participant_id: str | None = None,
) -> widgets.VBox:
    """The group figure per exercise and for commitments kept (see
    :func:`toolkit.progress.group_figure`), with ``participant_id``'s own figure beside
    them. Scores of exercises no longer in the folder have no known scale and are left out."""
    people = views.members(ws, group_id)["participant_id"]
    latest = views.latest_results(ws, people)
    steps: dict[Hashable, float] = {
        i: progress.rounding_step(e.min, e.max) for i, e in exercises.items()
    }
    known = latest[latest["exercise_id"].isin(list(steps))]
    scores = progress.group_summary(known, "exercise_id", "total", steps)
    table = scores.table.assign(title=_titles(scores.table, exercises))
    completion = progress.commitment_completion(views.group_commitments(ws, group_id), today)
    kept = progress.group_summary(
        completion.assign(measure="Share of due commitments kept"),
        "measure",
        "completion_rate",
        progress.rounding_step(0.0, 1.0),
    )
    kept_frame = kept.table
    shared = {"contributors": "People", "figure": "Group figure", "statistic": "Measured as"}
    columns = {"title": "Exercise", **shared}
    kept_columns = {"measure": "Measure", **shared}
    if participant_id is not None:
        mine = latest[latest["participant_id"] == participant_id].set_index("exercise_id")
        table = table.assign(yours=table["exercise_id"].map(mine["total"]))
        own = completion.set_index("participant_id")["completion_rate"].get(participant_id)
        kept_frame = kept_frame.assign(yours=own)
        columns["yours"] = kept_columns["yours"] = "Yours"
    score_table = FrameTable(
        columns,
        {"figure": ".3g", "yours": ".3g"},
        empty="Fewer than three people have finished an exercise yet, so there is no group "
        "figure to compare with.",
    )
    score_table.show(table)
    kept_table = FrameTable(
        kept_columns,
        {"figure": ".0%", "yours": ".0%"},
        empty="Fewer than three people have commitments due yet.",
    )
    kept_table.show(kept_frame)
    notes = [info(note) for note in (scores.note, kept.note) if note]
    rule = (
        "Group figures count only the members who have a figure, and are chosen so that "
        "nobody can be singled out. Fewer than three people: no group figure. Three or "
        "four: their mean, rounded (scores to the whole point, scores out of 100 to the "
        "nearest 10, commitments kept to the nearest 10%). Five or more: the median."
    )
    return widgets.VBox(
        [
            card("Commitments kept", kept_table, intro=rule),
            card("Exercise scores", score_table),
            *notes,
        ],
        layout=FULL,
    )
