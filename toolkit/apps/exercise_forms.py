"""Every exercise's form with what the firm's data offers it: the one place the coach's
session and a member's own page build exercise forms.

- Client ratings with a data view (the client fit map): the client map from the data
  alone, so the participant rates blind first and can add any active client.
- The excuse audit: its log pre-filled from the imported excuse log of the last three
  months (:func:`toolkit.exercises.from_excuses`) while the participant has saved none.
- The treasure review: the most valuable clients with their last contact, rhythm and
  whether it is kept, from the contact data (:func:`toolkit.exercises.from_attention`).
- The abandonment audit: the measured figures beside the questions
  (:mod:`toolkit.exercises.audit_figures`), each with its as-of date.
- An exercise answered per client (the retention plan): a client picker above one form
  per client (:class:`toolkit.widgets.client_plans.ClientPlans`).

Without analyses (or when the data lacks what a part needs) the form is the plain one.
The heavy modules are imported when a form is built, so a member's first tab stays light.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.exercises import Exercise, Item
    from toolkit.firm import FirmAnalyses
    from toolkit.store import Workspace
    from toolkit.widgets.client_plans import ClientPlans
    from toolkit.widgets.exercise_form import ExerciseForm

#: The abandonment audit, shown with the measured figures.
ABANDONMENT = "abandonment-audit"
#: How far back the excuse audit looks ("think back over the last three months").
EXCUSE_DAYS = 91


def exercise_form(
    exercise: Exercise,
    workspace: Workspace,
    participant_id: str,
    analyses: FirmAnalyses | None,
    today: dt.date,
) -> ExerciseForm | ClientPlans:
    """The form of ``exercise`` for ``participant_id`` with everything ``analyses`` (the
    participant's firm, or None) offers it; see the module docstring. ``today`` is the day
    results are filed under and proposed commitments are due from."""
    from toolkit.widgets.exercise_form import ExerciseForm

    options = _from_data(exercise, analyses) if analyses is not None else {}
    if exercise.answers_per != "client":
        return ExerciseForm(exercise, workspace, participant_id, today=today, **options)
    from toolkit.widgets.client_plans import ClientPlans

    def plan(client: str | None, name: str) -> ExerciseForm:
        initial = {"client_name": name} if client is not None else {}
        return ExerciseForm(
            exercise, workspace, participant_id, today=today, initial=initial, client=client
        )

    clients = None if analyses is None else _current(analyses)
    return ClientPlans(exercise, workspace, participant_id, plan, clients=clients)


def _current(analyses: FirmAnalyses) -> pd.DataFrame:
    """The firm's clients not ended by its as-of date (the ones a plan can be for)."""
    import pandas as pd

    clients = analyses.firm["clients"]
    ended = pd.to_datetime(clients["ended_on"])
    return clients[ended.isna() | (ended > pd.Timestamp(analyses.firm.as_of))]


def uses_data(exercise: Exercise) -> bool:
    """Whether the firm's data adds anything to ``exercise``'s form (then the app
    computes the analyses before building it)."""
    return (
        exercise.id == ABANDONMENT
        or exercise.answers_per == "client"
        or any(_client_rating(item) or _excuse_log(item) for item in exercise.items.values())
    )


def _client_rating(item: Item) -> bool:
    return item.kind == "client-rating"


def _excuse_log(item: Item) -> bool:
    return item.kind == "table" and any(f.vocabulary == "excuse-causes" for f in item.fields)


def _from_data(exercise: Exercise, analyses: FirmAnalyses) -> dict[str, Any]:
    """The :class:`ExerciseForm` options the data offers ``exercise``."""
    items = list(exercise.items.values())
    options: dict[str, Any] = {}
    if any(_client_rating(i) and any(f.suggest for f in i.fields) for i in items):
        options["client_map"] = analyses.data_map  # empty until the data places clients
    elif any(_client_rating(i) and i.field("status") is not None for i in items):
        options["initial"] = _attention(exercise, analyses)
    if any(_excuse_log(i) for i in items) and not analyses.lacks("excuse_breakdown"):
        options["initial"] = _excuses(exercise, analyses)
    if exercise.id == ABANDONMENT:
        options["figures"] = abandonment_figures(analyses)
    return {key: value for key, value in options.items() if value is not None}


def _excuses(exercise: Exercise, analyses: FirmAnalyses) -> dict[str, Any] | None:
    """The excuse log of the :data:`EXCUSE_DAYS` up to the firm's as-of date, as the
    audit's rows."""
    import pandas as pd

    from toolkit.exercises import from_excuses

    excuses = analyses.firm["excuses"]
    when = pd.to_datetime(excuses["occurred_on"])
    as_of = analyses.firm.as_of
    since = pd.Timestamp(as_of - dt.timedelta(days=EXCUSE_DAYS))
    recent = excuses[(when > since) & (when <= pd.Timestamp(as_of))]
    rows = from_excuses(exercise, recent, analyses.firm["clients"])
    # an empty log would read as "nothing to record", which nobody has said yet
    return {item_id: log for item_id, log in rows.items() if log} or None


def _attention(exercise: Exercise, analyses: FirmAnalyses) -> dict[str, Any] | None:
    """The treasure review's clients from the contact data, or None without it."""
    from toolkit.exercises import from_attention

    if analyses.lacks("attention_gaps"):
        return None
    statuses = None if analyses.map_missing else analyses.data_map[["client_id", "status"]]
    return from_attention(exercise, analyses.attention_gaps, statuses, analyses.firm["clients"])


def abandonment_figures(analyses: FirmAnalyses) -> dict[str, str]:
    """The abandonment audit's measured figure per item, dated, from the parts of the
    data the firm has imported (:mod:`toolkit.exercises.audit_figures`)."""
    from toolkit.exercises import audit_figures as figures

    firm = analyses.firm
    lines: dict[str, str] = {}
    if not analyses.lacks("point_person_coverage"):
        lines |= figures.coverage_figures(analyses.coverage)
    if not analyses.lacks("process_variation"):
        lines |= figures.process_figures(analyses.process_variation)
    completeness = None
    if firm.record_template and not analyses.lacks("record_completeness"):
        completeness = analyses.completeness_by_member
    lines |= figures.record_figures(firm.record_template, completeness)
    return figures.dated(lines, firm.as_of)
