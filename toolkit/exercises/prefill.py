"""Answers that start from the firm's data instead of a blank form.

- The excuse audit's log (a table whose root-cause field uses the ``excuse-causes``
  vocabulary) from the imported excuse log: :func:`from_excuses`.
- Stored answers of the excuse audit's first version, whose root causes were
  ``price_hunter``, ``our_mistake``...: :func:`with_shared_causes` reads them as the five
  shared causes, so an older log is not thrown away as no longer fitting the item.
- The treasure review's clients (a client rating with ``last_contact``, ``cadence`` and
  ``status`` fields) from :func:`toolkit.analytics.attention_gaps` and, optionally,
  :func:`toolkit.analytics.relationship_status`: :func:`from_attention`.

Every pre-filled row names the fields the data filled in :data:`FROM_DATA`, so a form can
mark them as "from the data" and the participant knows what to check. Rows are plain
JSON like any answer; scoring and validation ignore the extra key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.excuse_causes import cause_of

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.exercises.exercise import Exercise
    from toolkit.exercises.items import Item

#: The row key listing the ids of the fields filled from the data.
FROM_DATA = "from_data"
#: Excuse audit fields named differently from the excuse-log column they copy.
LOG_COLUMNS = {"value": "concession_value"}
#: Days between contacts each rhythm option stands for.
RHYTHM_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91, "twice_yearly": 182}


def _known(value: Any) -> bool:
    """Not None, NaN or NaT (the two are the values unequal to themselves)."""
    return value is not None and value == value


def _names(clients: pd.DataFrame | None) -> dict[Any, str]:
    if clients is None or "name" not in clients:
        return {}
    return dict(zip(clients["client_id"], clients["name"], strict=True))


def _row(item: Item, values: dict[str, Any]) -> dict[str, Any]:
    """A row of ``item`` holding ``values`` where its fields accept them, with
    :data:`FROM_DATA` naming the fields so filled; ``client_id`` is kept."""
    row: dict[str, Any] = {"client_id": values.get("client_id")}
    filled = []
    for spec in item.fields:
        value = values.get(spec.id)
        if _known(value) and spec.problem(value) is None:
            row[spec.id] = value
            filled.append(spec.id)
        else:
            row[spec.id] = None
    row[FROM_DATA] = filled
    return row


def from_excuses(
    exercise: Exercise, excuses: pd.DataFrame, clients: pd.DataFrame | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Initial answers of ``exercise``: its excuse-log tables filled from ``excuses``.

    ``excuses`` is shaped like ``Workspace.table("excuses")`` (client_id, occurred_on,
    what_went_wrong, concession, concession_value, root_cause), already cut to the period
    the audit covers. One row per entry, oldest first, the latest ``max_rows`` when there
    are more. A field copies the column of its id (``value`` copies ``concession_value``);
    ``client`` is the client's name from ``clients`` (client_id and name), else its id;
    the root cause is read with :func:`toolkit.excuse_causes.cause_of` and left empty when
    the log's text names none of the five causes, for the participant to choose.
    """
    tables = [
        item
        for item in exercise.items.values()
        if item.kind == "table" and any(f.vocabulary == "excuse-causes" for f in item.fields)
    ]
    names = _names(clients)
    log = excuses.sort_values("occurred_on", kind="stable")
    answers = {}
    for item in tables:
        kept = log.tail(item.max_rows) if item.max_rows else log
        rows = []
        for record in kept.to_dict("records"):
            values = {f.id: record.get(LOG_COLUMNS.get(f.id, f.id)) for f in item.fields}
            values["client_id"] = record["client_id"]
            values["client"] = names.get(record["client_id"], record["client_id"])
            when = record.get("occurred_on")
            values["occurred_on"] = when.date().isoformat() if _known(when) else None
            for spec in item.fields:
                if spec.vocabulary == "excuse-causes":
                    values[spec.id] = cause_of(values[spec.id])
            rows.append(_row(item, values))
        answers[item.id] = rows
    return answers


def with_shared_causes(exercise: Exercise, answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` with every value of an ``excuse-causes`` field read through
    :func:`toolkit.excuse_causes.cause_of` (``price_hunter`` -> ``price_pressure``,
    ``our_mistake`` -> ``execution_mistake``); values that name no cause, other items and
    current ids are left as they are."""
    upgraded = dict(answers)
    for item in exercise.items.values():
        causes = [f.id for f in item.fields if f.vocabulary == "excuse-causes"]
        if not causes or not isinstance(answers.get(item.id), list):
            continue
        upgraded[item.id] = [
            {**row, **{c: cause_of(row.get(c)) or row.get(c) for c in causes}}
            for row in answers[item.id]
        ]
    return upgraded


def rhythm(cadence_days: float) -> str:
    """The rhythm option whose days lie closest to ``cadence_days`` (60 days, the
    toolkit's default for middle-value clients, is nearer a month than a quarter).

    >>> rhythm(30), rhythm(60), rhythm(90), rhythm(365)
    ('monthly', 'monthly', 'quarterly', 'twice_yearly')
    """
    return min(RHYTHM_DAYS, key=lambda option: abs(cadence_days - RHYTHM_DAYS[option]))


def kept_status(overdue_ratio: float, neglect_factor: float) -> str:
    """Whether a client's rhythm is kept: ``on_time`` while the days since the last
    contact are at most its cadence (ratio <= 1), ``slipping`` below ``neglect_factor``
    times it, ``neglected`` from there or when it was never contacted (NaN)."""
    if not _known(overdue_ratio) or overdue_ratio >= neglect_factor:
        return "neglected"
    return "on_time" if overdue_ratio <= 1 else "slipping"


def from_attention(
    exercise: Exercise,
    gaps: pd.DataFrame,
    statuses: pd.DataFrame | None = None,
    clients: pd.DataFrame | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Initial answers of ``exercise``: its client ratings with a ``status`` field filled
    from the contact data.

    ``gaps`` is :func:`toolkit.analytics.attention_gaps` output. Per client, highest
    ``value`` first and the item's ``limit`` of them: ``last_contact`` (ISO date),
    ``cadence`` (:func:`rhythm` of ``cadence_days``) and ``status`` (:func:`kept_status`
    with the toolkit's neglect factor). With ``statuses``
    (:func:`toolkit.analytics.relationship_status`), ended clients are left out and
    lapsed ones are ``neglected``. Names come from ``clients`` (client_id, name).
    """
    from toolkit.analytics.attention import NEGLECT_FACTOR

    ended, lapsed = set(), set()
    if statuses is not None:
        ended = set(statuses.loc[statuses["status"] == "ended", "client_id"])
        lapsed = set(statuses.loc[statuses["status"] == "lapsed", "client_id"])
    names = _names(clients)
    ranked = gaps[~gaps["client_id"].isin(ended)].sort_values("value", ascending=False)
    answers = {}
    for item in exercise.items.values():
        if item.kind != "client-rating" or item.field("status") is None:
            continue
        rows = []
        for record in ranked.head(item.limit or len(ranked)).to_dict("records"):
            client_id = record["client_id"]
            last = record.get("last_contact")
            status = kept_status(record["overdue_ratio"], NEGLECT_FACTOR)
            values = {
                "client_id": client_id,
                "last_contact": last.date().isoformat() if _known(last) else None,
                "cadence": rhythm(record["cadence_days"]),
                "status": "neglected" if client_id in lapsed else status,
            }
            row = _row(item, values)
            rows.append({"client_id": client_id, "client": names.get(client_id, client_id), **row})
        answers[item.id] = rows
    return answers
