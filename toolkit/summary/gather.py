"""What goes into a participant's session summary, read from the workspace.

Exercise scores, the client-base map, audit highlights (:mod:`.highlights`), what to
import next, open commitments, plus the session's notes, the
decisions and the commitments made in it, and each score beside the one before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from toolkit.exercises import Exercise, load_all
from toolkit.firm import FirmAnalyses, firm_analyses
from toolkit.store import Workspace, coaching, views
from toolkit.summary.charts import client_map_chart, waiting_chart
from toolkit.summary.content import ScoreChange, SessionSummary
from toolkit.summary.decisions import decisions_on
from toolkit.summary.highlights import highlights, imports_wanted
from toolkit.summary.page import day_text

#: Clients in the "waiting longest" chart: the printed page's height.
WAITING = 12


def score_changes(
    results: pd.DataFrame,
    exercises: Mapping[str, Exercise],
    names: Mapping[str, str] | None = None,
) -> list[ScoreChange]:
    """Each exercise's latest score and the one before it (None for a first take), per
    subject: the business as a whole, or one client for an exercise answered per client
    (its title then names the client, from ``names`` by client id).

    ``results``: one participant's stored results (``coaching.results(...,
    subject=None)``: exercise_id, period, total, band, subject). Exercises no longer
    shipped keep their id as title and the default 0-5 scale is not assumed: they are
    left out.
    """
    if "subject" not in results.columns:
        results = results.assign(subject="")
    changes = []
    ordered = results.fillna({"subject": ""}).sort_values("period")
    for (exercise_id, subject), rows in ordered.groupby(["exercise_id", "subject"], sort=True):
        exercise = exercises.get(str(exercise_id))
        if exercise is None:
            continue
        totals = rows["total"].dropna().to_list()
        if not totals:
            continue
        band = rows["band"].iloc[-1]
        about = f": {(names or {}).get(subject) or subject}" if subject else ""
        changes.append(
            ScoreChange(
                exercise=exercise.title + about,
                before=totals[-2] if len(totals) > 1 else None,
                after=totals[-1],
                low=exercise.min,
                high=exercise.max,
                higher_is_better=exercise.higher_is_better,
                reading=next((b.label for b in exercise.bands if b.id == band), str(band)),
                measure=exercise.score_label,
                scale_words=exercise.total.scale or "",
            )
        )
    return changes


def gather_summary(
    ws: Workspace,
    participant_id: str,
    *,
    session_on: dt.date | None = None,
    notes: str | None = None,
    exercises: Mapping[str, Exercise] | None = None,
    analyses: FirmAnalyses | None = None,
) -> SessionSummary:
    """The summary of ``participant_id``'s session on ``session_on`` (default today).

    ``notes`` default to the notes stored for that day's session; the new commitments
    are those created that day, the decisions those saved that day in an exercise that
    rates clients (:func:`~toolkit.summary.decisions.decisions_on`). An app passes the
    ``exercises`` it loaded and the participant's ``analyses`` it computed (loading the
    exercises takes about 0.1 s once their schema check is cached, 2 s before; the
    analyses about 0.5 s on the demo). Raises
    :class:`~toolkit.errors.ToolkitError` for an unknown participant.
    """
    day = session_on or dt.date.today()
    me = views.profile(ws, participant_id)
    analyses = analyses or firm_analyses(ws, participant_id, exercises)
    firm = analyses.firm
    if notes is None:
        held = views.sessions(ws, participant_id)
        notes = "\n\n".join(held.loc[_on(held["held_on"], day), "notes"].dropna())
    exercises = exercises or load_all()
    commitments = views.commitments_with_checkins(ws, participant_id)
    created = _on(commitments["created_at"], day)
    answers = ws.table("answers", participant_id)
    charts = {}
    if not analyses.map_missing:
        charts["Client-base map"] = client_map_chart(analyses.client_map)
    if not analyses.lacks("attention_gaps"):
        charts["Clients waiting longest"] = waiting_chart(analyses.attention_gaps, top=WAITING)
    still_open = commitments[(commitments["status"] == "open") & ~created].sort_values("due_on")
    group = f"{me.group_name} · " if me.group_name else ""
    return SessionSummary(
        participant=me.display_name,
        session_on=day,
        context=f"{group}data as of {firm.as_of:%-d %B %Y}",
        notes=notes,
        decisions=decisions_on(answers, exercises, day, commitments[created]),
        commitments=commitments[created],
        scores=score_changes(
            coaching.results(ws, participant_id, subject=None),
            exercises,
            analyses.names.dropna().to_dict(),
        ),
        highlights=[*highlights(analyses), *([firm.left_out_note] if firm.left_out_note else [])],
        tables={
            "Open commitments from earlier sessions": pd.DataFrame(
                {
                    "Commitment": still_open["text"],
                    "Due": still_open["due_on"].map(day_text),
                    "Latest note": still_open["last_note"],
                }
            )
        },
        charts=charts,
        imports=imports_wanted(analyses),
    )


def _on(moments: pd.Series, day: dt.date) -> pd.Series:
    """Which of ``moments`` (dates or timestamps) fall on ``day``."""
    return pd.to_datetime(moments).dt.date == day
