"""One answer set per client, for exercises with ``answers_per: client`` (the retention
plan), and a client's plan as a paragraph for the proposal.

The store keeps the latest answer per (participant, exercise, item). To give each client
a plan of its own without changing that, a client's answers are stored under item ids
scoped to the client, ``"<item>@<client key>"`` (:func:`scoped`): planning a second client
appends rows under other ids and never overwrites the first, and two windows editing two
clients' plans never conflict. :func:`plan_of` turns the stored answers back into one
client's plain answers, which :meth:`Exercise.score` scores like any other.

The client key is the client's id for a client in the data, or a short name of the
app's choosing for a prospect; it must not contain ``@``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SEPARATOR = "@"


def _check(client: str) -> str:
    if not client or SEPARATOR in client:
        raise ValueError(f"a client key is a non-empty text without {SEPARATOR!r}: {client!r}")
    return client


def scoped_id(item_id: str, client: str) -> str:
    """The stored item id of ``item_id`` in ``client``'s plan.

    >>> scoped_id("why", "c17")
    'why@c17'
    """
    return f"{item_id}{SEPARATOR}{_check(client)}"


def scoped(answers: dict[str, Any], client: str) -> dict[str, Any]:
    """One client's plain answers keyed by their stored (scoped) item ids, ready for
    :func:`toolkit.store.coaching.save_answers`."""
    return {scoped_id(item_id, client): value for item_id, value in answers.items()}


def plan_of(stored: dict[str, Any], client: str | None) -> dict[str, Any]:
    """``client``'s plain answers (item id -> value) out of all stored answers; with
    ``None``, the answers stored without a client (before plans were kept per client, and
    the demo's)."""
    if client is None:
        return {key: value for key, value in stored.items() if SEPARATOR not in key}
    suffix = SEPARATOR + _check(client)
    return {key[: -len(suffix)]: value for key, value in stored.items() if key.endswith(suffix)}


def planned_clients(stored: dict[str, Any]) -> list[str]:
    """The client keys that have a plan in ``stored``, in the order first met."""
    keys = (key.split(SEPARATOR, 1)[1] for key in stored if SEPARATOR in key)
    return list(dict.fromkeys(keys))


def _text(answers: dict[str, Any], item_id: str) -> str:
    value = answers.get(item_id)
    return value.strip().rstrip(".") if isinstance(value, str) else ""


def _date(answers: dict[str, Any], item_id: str) -> str:
    value = answers.get(item_id)
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"


def plan_paragraph(answers: dict[str, Any], client: str, currency: str = "") -> str:
    """One client's retention plan as a paragraph to paste into its proposal.

    Sentences are made from the plan's answers (why, what, next_phase, next_phase_on,
    next_phase_value, relationship_owner, how, first_review); a sentence whose answers
    are blank is left out, so a thin plan gives a short paragraph rather than gaps.
    Amounts are written with thousands separators after ``currency``.

    >>> import textwrap
    >>> plan = {"why": "You will add a second plant.", "next_phase": "Phase 2",
    ...     "next_phase_on": "2027-03-01", "next_phase_value": 40000,
    ...     "relationship_owner": "Ava Holt", "first_review": "2027-01-15"}
    >>> print(textwrap.fill(plan_paragraph(plan, "Harbour Labs", "EUR "), 80))
    How we will grow together with Harbour Labs. You will add a second plant. The
    next step is Phase 2, which we will propose on 1 March 2027 (about EUR 40,000).
    Ava Holt looks after the relationship after delivery. We will review the work
    with you on 15 January 2027.
    """
    sentences = [f"How we will grow together with {client}."]
    for item_id in ("why", "what"):
        if _text(answers, item_id):
            sentences.append(_text(answers, item_id) + ".")
    phase, when = _text(answers, "next_phase"), _date(answers, "next_phase_on")
    value = answers.get("next_phase_value")
    if phase:
        sentence = f"The next step is {phase}"
        sentence += f", which we will propose on {when}" if when else ""
        if isinstance(value, int | float) and value > 0:
            sentence += f" (about {currency}{value:,.0f})"
        sentences.append(sentence + ".")
    owner, how = _text(answers, "relationship_owner"), _text(answers, "how")
    if owner:
        sentences.append(f"{owner} looks after the relationship after delivery.")
    if how:
        sentences.append(how + ".")
    if _date(answers, "first_review"):
        sentences.append(f"We will review the work with you on {_date(answers, 'first_review')}.")
    return " ".join(sentences)
