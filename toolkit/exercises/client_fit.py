"""The client fit map exercise against the data: which clients to rate, how the
participant's ratings compare with the data's view, and the ratings as ``client_map``
input.

- :func:`select_clients` picks clients by stratum, so the map is not only the largest
  (and usually best-loved) clients: top by value, worst health, highest concession share,
  and internal clients; ended and lapsed clients are left out.
- Rating *blind* (``Item.client_rows(..., blind=True)``) shows those clients with nothing
  pre-filled; :func:`agreement` then compares only what the participant rated. Without
  blind rating, a rating equal to the data's is counted as accepted, not as agreement:
  nobody can tell a confirmed default from an untouched one.
- :func:`decision_proposals` turns each client's decision into a commitment naming it.
- :func:`ratings` turns the answers into the ``ratings`` frame of
  :func:`toolkit.analytics.client_map` (client_id, fit on the field's 1-5 scale).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.exercises.exercise import Proposal

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.exercises.exercise import Exercise

#: The strata of :func:`select_clients`, in the order they are filled.
STRATA = ("top value", "worst health", "highest concessions", "internal")
#: Ratings this many points or less from the data's view agree with it.
AGREEING = 1.0


def select_clients(clients: pd.DataFrame, per_stratum: int = 4) -> pd.DataFrame:
    """Up to ``per_stratum`` clients of each of :data:`STRATA` from a ``client_map`` frame.

    Only active clients (``status == "active"``; ended and lapsed ones are left out).
    External clients fill the first three strata: highest ``value``, lowest ``health``,
    highest ``concession_share`` (clients with none left out); internal clients
    (``is_internal``) fill the last, highest value first. A client is listed once, under
    the first stratum that picks it, in the ``stratum`` column; ties keep the map's order.
    """
    active = clients[clients["status"] == "active"]
    internal = active["is_internal"].fillna(False).astype(bool)
    external = active[~internal]
    candidates = {
        "top value": external.sort_values("value", ascending=False, kind="stable"),
        "worst health": external.sort_values("health", kind="stable"),
        "highest concessions": external[external["concession_share"] > 0].sort_values(
            "concession_share", ascending=False, kind="stable"
        ),
        "internal": active[internal].sort_values("value", ascending=False, kind="stable"),
    }
    chosen: list[Any] = []
    strata: list[str] = []
    for stratum in STRATA:
        fresh = [c for c in candidates[stratum]["client_id"] if c not in chosen]
        chosen += fresh[:per_stratum]
        strata += [stratum] * len(fresh[:per_stratum])
    picked = active.set_index("client_id").loc[chosen].reset_index()
    return picked.assign(stratum=strata)


@dataclass(frozen=True)
class Agreement:
    """How the participant's own ratings compare with the data's view.

    ``rated``: ratings the participant gave (blank ones and, unless rated blind, ones
    equal to the data's are not counted); ``accepted``: ratings left at the data's value;
    ``agreeing``: rated within :data:`AGREEING` point of the data; ``differing``: the
    (client, field) pairs two or more points apart, largest gap first.
    """

    rated: int
    accepted: int
    agreeing: int
    differing: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        """The comparison in words; it claims agreement only for ratings actually given."""
        if not self.rated:
            return (
                "You have not rated any client yourself yet, so there is nothing to compare "
                "with the data: rate before you look at the data's view."
            )
        text = (
            f"You rated {self.rated} yourself: {self.agreeing} within one point of the "
            f"data's view, {len(self.differing)} two or more points apart."
        )
        if self.accepted:
            text += f" {self.accepted} were left at the data's value and are not compared."
        return text


def agreement(
    exercise: Exercise,
    answers: dict[str, Any],
    suggestions: pd.DataFrame,
    blind: bool,
) -> Agreement:
    """Compare the ratings in ``answers`` with the data's view (``suggestions``, as for
    :meth:`Exercise.compare`). ``blind``: whether the ratings were given with nothing
    pre-filled (then every rating given counts, even one equal to the data's)."""
    table = exercise.compare(answers, suggestions)
    given = table[table["rated"].notna()]
    accepted = (given["difference"] == 0) & (not blind)
    own = given[~accepted]
    gap = own["difference"].abs()
    apart = own[gap > AGREEING].assign(gap=gap).sort_values("gap", ascending=False, kind="stable")
    return Agreement(
        rated=len(own),
        accepted=int(accepted.sum()),
        agreeing=int((gap <= AGREEING).sum()),
        differing=tuple(zip(apart["client_id"], apart["field"], strict=True)),
    )


def ratings(exercise: Exercise, answers: dict[str, Any], field: str = "fit") -> pd.DataFrame:
    """The participant's ``field`` ratings as ``client_map``'s ``ratings`` frame:
    ``client_id`` and ``fit`` (on the field's scale; pass ``rating_scale=(min, max)`` of
    the field, 1-5 for the shipped exercise). Clients left unrated are left out."""
    import pandas as pd

    rows = [
        {"client_id": row["client_id"], "fit": float(fit)}
        for item in exercise.items.values()
        if item.kind == "client-rating" and (spec := item.field(field)) is not None
        for row in answers.get(item.id) or []
        if (fit := spec.numeric(row.get(field))) is not None
    ]
    return pd.DataFrame(rows, columns=["client_id", "fit"])


def decision_proposals(
    exercise: Exercise,
    answers: dict[str, Any],
    today: dt.date,
    field: str = "decision",
    due_in_days: int = 30,
) -> list[Proposal]:
    """One proposed commitment per rated client with a ``field`` decision, naming the
    client and the decision's option label: ``"Kiln Foods: Renegotiate - change the
    terms"``, due ``due_in_days`` after ``today``; in the order of the rows."""
    due = today + dt.timedelta(days=due_in_days)
    return [
        Proposal(f"{row.get('client') or row['client_id']}: {option.label}", due, exercise.id)
        for item in exercise.items.values()
        if item.kind == "client-rating" and (spec := item.field(field)) is not None
        for row in answers.get(item.id) or []
        if (option := spec.option(row.get(field) or "")) is not None
    ]
