"""Exercise history of the demo firms: stored answers and scored results, so score charts
and monthly-target streaks have something to show.

Each member has a *diligence* between 0 and 1, spread out across the members so their
histories differ. It decides how many of the six monthly targets get ticked, how many
months pass without the targets exercise, whether the other exercises are repeated, and
how much better the repeated answers are.

- ``six-monthly-targets`` (any exercise with ``results_per: month``): most months of the
  last six to eight since the member joined. The targets are written early in the month
  (all unticked) and ticked off and scored near its end.
- Every other exercise: once three to five months ago and, the more diligent the more
  likely, again last month with answers that score better.

Answers are built from the exercise definitions (item kinds, ranges, options and the
direction in which the scoring rules count them), so they stay valid when an exercise
changes. Client ratings list the firm's own clients of highest invoiced value with their
last meaningful contact, and table rows copy the firm's excuse log of the quarter before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from toolkit.excuse_causes import cause_of
from toolkit.exercises import Exercise, Item
from toolkit.store import coaching
from toolkit.store.workspace import Workspace

#: Diligence of the most and the least diligent member.
DILIGENCE = (0.95, 0.3)
#: The monthly exercise covers the last 6 to 8 months (never before the member joined).
MONTHLY = (6, 9)
#: Other exercises: first sitting this many days ago, then maybe again this many days ago.
FIRST_SITTING = (90, 153)
REPEAT_SITTING = (3, 31)
#: Days of data behind a sitting: client values over a year, the excuse log over a quarter.
VALUE_DAYS = 365
LOG_DAYS = 91
#: Standard deviation of the noise on an answer's position in its range (0..1).
NOISE = 0.15
#: An item id and, for a row field, the field id: what the scoring rules count.
Key = tuple[str, str | None]
#: Rows of a client rating when the item sets no ``limit``.
RATED_CLIENTS = 10

#: Table fields named differently from the excuse-log column they copy.
LOG_COLUMNS = {"value": "concession_value"}

TARGETS = (
    "Call the three clients I have not spoken to since the spring",
    "Write down the steps of our onboarding and share them with the team",
    "Ask one client for an introduction to a peer",
    "Send every client with an open project a short status note",
    "Quote the next out-of-scope request instead of doing it for free",
    "Spend an hour learning the new version of our main design tool",
    "Visit one client site I have only seen on drawings",
    "Agree a deputy for each of my five largest clients",
    "Review the excuse log with the team for half an hour",
    "Fill the gaps in the records of my top ten clients",
    "Book the quarterly reviews for next month now",
    "Read one industry report and send a useful point to two clients",
    "Turn down one enquiry that does not fit what we do best",
    "Ask a client what nearly made them leave last year",
    "Write a one-page plan for the next stage of our biggest account",
    "Check every promise in this week's proposals with the people who will deliver",
    "Follow up on every complaint from last month until it is closed",
    "Block a weekly slot for looking at what clients call about",
)
TEXTS = {
    "learned": (
        "Small targets got done; the vague ones slipped again.",
        "Booking the calls as appointments made the difference.",
        "Urgent work crowded out the targets in the second half of the month.",
        "Clients welcomed the calls more than I expected.",
    ),
    "note": ("Talk to them before the renewal.", "Ask about next year's plans."),
    "this_week": (
        "Call about their expansion plans",
        "Send a short note on the finished work",
        "Visit the site with the project lead",
        "Ask how the last delivery is working for them",
    ),
    "a_list_description": (
        "Firms that need what we do best, pay on time and plan work with us a year ahead.",
        "Clients who bring us in early, respect the agreed scope and recommend us to peers.",
    ),
    "client_name": ("Harbour Logistics", "Ridgeway Foods", "Elm Valley Water"),
    "why": ("We solve a problem that will grow with their new production line.",),
    "what": ("Start with the survey, then the upgrade of the second site.",),
    "how": ("A named lead, a monthly call and a review of their call topics every quarter.",),
    "most_varied": ("Complaint handling", "The quarterly review"),
}
GENERIC_TEXT = ("Discussed with the team.", "To be looked at again next month.")


@dataclass(frozen=True)
class Save:
    """Answers stored at one moment (an item may be answered again by a later save)."""

    at: dt.datetime
    answers: dict[str, Any]


@dataclass(frozen=True)
class Sitting:
    """One participant working through one exercise: the saves, then the scored result."""

    participant_id: str
    exercise: Exercise
    saves: tuple[Save, ...]

    @property
    def answers(self) -> dict[str, Any]:
        """The answers the result is scored from: the latest save of each item."""
        merged: dict[str, Any] = {}
        for save in self.saves:
            merged.update(save.answers)
        return merged

    @property
    def scored_at(self) -> dt.datetime:
        return self.saves[-1].at


@dataclass(frozen=True)
class FirmData:
    """The firm tables an answer can draw on (clients, interactions, money, excuse log)."""

    clients: pd.DataFrame
    interactions: pd.DataFrame
    transactions: pd.DataFrame
    excuses: pd.DataFrame

    def revenue(self, day: dt.date) -> float:
        """Invoiced in the :data:`LOG_DAYS` before ``day``, rounded to hundreds (at least 100)."""
        money = self.transactions
        recent = _between(money["occurred_on"], day, LOG_DAYS) & (money["kind"] == "invoice")
        return float(max(100, round(money.loc[recent, "amount"].sum(), -2)))

    def log(self, day: dt.date) -> list[dict[str, Any]]:
        """The excuse log of the :data:`LOG_DAYS` before ``day``, largest concession first."""
        log = self.excuses[_between(self.excuses["occurred_on"], day, LOG_DAYS)]
        names = log["client_id"].map(self.clients.set_index("client_id")["name"])
        log = log.assign(client=names, occurred_on=log["occurred_on"].dt.date.astype(str))
        return log.sort_values("concession_value", ascending=False).to_dict("records")

    @cached_property
    def meaningful(self) -> pd.DataFrame:
        """Contacts that are not automated: ``client_id`` and ``occurred_at``."""
        contacts = self.interactions
        return contacts.loc[contacts["channel"] != "automated", ["client_id", "occurred_at"]]

    def top_clients(self, day: dt.date, count: int) -> list[dict[str, Any]]:
        """The ``count`` clients active on ``day`` of highest invoiced value over the year
        before, with ``client`` (name) and ``last_contact`` (last meaningful contact before
        ``day``, ISO date; None without any)."""
        clients, money = self.clients, self.transactions
        moment = pd.Timestamp(day)
        active = (clients["acquired_on"] <= moment) & ~(clients["ended_on"] <= moment)
        chosen = clients[active] if active.any() else clients
        invoices = money[(money["kind"] == "invoice") & _between(money["occurred_on"], day)]
        value = chosen["client_id"].map(invoices.groupby("client_id")["amount"].sum())
        top = (
            chosen.assign(value=value.fillna(0.0))
            .sort_values(["value", "client_id"], ascending=[False, True], kind="stable")
            .head(count)
        )
        before = self.meaningful[self.meaningful["occurred_at"] < moment]
        last = (
            before[before["client_id"].isin(top["client_id"])]
            .groupby("client_id")["occurred_at"]
            .max()
        )
        return [
            {
                "client_id": client_id,
                "client": name,
                "last_contact": last[client_id].date().isoformat() if client_id in last else None,
            }
            for client_id, name in zip(top["client_id"], top["name"], strict=True)
        ]


def _between(dates: pd.Series, day: dt.date, days: int = VALUE_DAYS) -> pd.Series:
    """Whether each date falls in the ``days`` before ``day``."""
    end = pd.Timestamp(day)
    return (dates < end) & (dates >= end - pd.Timedelta(days=days))


def firm_data(tables: dict[str, pd.DataFrame]) -> FirmData:
    """The parts of a generated firm's tables that answers draw on."""
    return FirmData(
        tables["clients"], tables["interactions"], tables["transactions"], tables["excuses"]
    )


def diligences(rng: np.random.Generator, count: int) -> np.ndarray:
    """One diligence per member: evenly spread between :data:`DILIGENCE`, shuffled."""
    if count == 1:
        return np.array([rng.uniform(DILIGENCE[1], DILIGENCE[0])])
    return rng.permutation(np.linspace(*DILIGENCE, count))


def directions(exercise: Exercise) -> dict[Key, int]:
    """+1 where a higher answer means a better result, -1 where a lower one does, per
    (item, row field) the scoring rules name; reversed terms and exercises where a high
    total is bad flip the sign."""
    better = 1 if exercise.higher_is_better else -1
    return {
        (term.item, term.field): -better if term.reverse else better
        for rule in (*exercise.scores, exercise.total)
        for term in rule.terms
        if term.item is not None
    }


class AnswerMaker:
    """Builds a valid answer for any item from a *skill* between 0 and 1.

    An item's answer sits at ``skill`` of its range (at ``1 - skill`` where the scoring
    counts lower answers as better), plus noise; choices with scores are ranked the same
    way; other choices, texts and picks are drawn at random.
    """

    def __init__(self, rng: np.random.Generator, exercise: Exercise, skill: float) -> None:
        self.rng = rng
        self.skill = skill
        self.directions = directions(exercise)

    def position(self, key: Key) -> float:
        """Where in its range (0..1) an answer falls: the skill, turned and with noise."""
        goal = self.skill if self.directions.get(key, 1) > 0 else 1 - self.skill
        return float(np.clip(goal + self.rng.normal(0, NOISE), 0, 1))

    def value(
        self,
        item: Item,
        key: Key,
        day: dt.date,
        data: FirmData,
        record: dict[str, Any] | None = None,
    ) -> Any:
        """The answer to ``item``. A row field whose name (or :data:`LOG_COLUMNS` alias) is a
        column of ``record`` copies it (a root cause through :func:`cause_of`); an empty copy
        leaves an optional field unanswered."""
        column = LOG_COLUMNS.get(item.id, item.id)
        if record is not None and column in record:
            known = record[column]
            if _missing(known) and not item.required:
                return None
            if item.kind == "choice":
                known = cause_of(known) or known
                if item.option(known):
                    return known
            elif not _missing(known):
                return float(known) if item.kind == "number" else known
        return getattr(self, item.kind.replace("-", "_"))(item, key, day, data)

    def scale(self, item: Item, key: Key, day: dt.date, data: FirmData) -> int:
        low, high = item.scale_ends()
        return round(low + self.position(key) * (high - low))

    def number(self, item: Item, key: Key, day: dt.date, data: FirmData) -> float:
        """A bounded number by skill; an open-ended amount is the firm's recent revenue."""
        if item.min is not None and item.max is not None:
            return round(item.min + self.position(key) * (item.max - item.min), 1)
        return data.revenue(day)

    def choice(self, item: Item, key: Key, day: dt.date, data: FirmData) -> str:
        """Options with scores ranked by skill; others drawn at random."""
        scores = {o.id: o.score for o in item.options if o.score is not None}
        scored = sorted(scores, key=scores.__getitem__)
        if scored:
            return scored[round(self.position(key) * (len(scored) - 1))]
        return item.options[int(self.rng.integers(len(item.options)))].id

    def multi_choice(self, item: Item, key: Key, day: dt.date, data: FirmData) -> list[str]:
        most = min(item.max_selected or len(item.options), len(item.options))
        chosen = self.rng.choice(len(item.options), size=int(self.rng.integers(1, most + 1)))
        return [item.options[i].id for i in sorted(set(chosen.tolist()))]

    def text(self, item: Item, key: Key, day: dt.date, data: FirmData) -> str:
        options = TEXTS.get(item.id, GENERIC_TEXT)
        text = options[int(self.rng.integers(len(options)))]
        return text[: item.max_length] if item.max_length else text

    def date(self, item: Item, key: Key, day: dt.date, data: FirmData) -> str:
        """A planned date two to six weeks after the sitting."""
        return (day + dt.timedelta(days=int(self.rng.integers(14, 43)))).isoformat()

    def checklist(self, item: Item, key: Key, day: dt.date, data: FirmData) -> list[dict]:
        """All entries written (fixed options or own targets); each done with probability
        ``skill``."""
        size = item.entries or len(item.options)
        if item.options:
            texts = [o.id for o in item.options]
        else:
            texts = [TARGETS[i] for i in self.rng.choice(len(TARGETS), size, replace=False)]
        ticks = self.rng.random(size) < self.skill
        return [{"text": t, "done": bool(d)} for t, d in zip(texts, ticks, strict=True)]

    def table(self, item: Item, key: Key, day: dt.date, data: FirmData) -> list[dict]:
        """Rows copied from the excuse log; the more skilled log a larger share of it."""
        log = data.log(day)
        kept = round(len(log) * (0.4 + 0.6 * self.skill))
        kept = min(max(kept, item.min_rows), item.max_rows or kept)
        return [self.row(item, {}, record, day, data) for record in log[:kept]]

    def client_rating(self, item: Item, key: Key, day: dt.date, data: FirmData) -> list[dict]:
        """One row per client of highest value (the item's ``limit`` of them)."""
        return [
            self.row(item, {"client_id": c["client_id"], "client": c["client"]}, c, day, data)
            for c in data.top_clients(day, item.limit or RATED_CLIENTS)
        ]

    def row(
        self, item: Item, row: dict[str, Any], record: dict[str, Any], day: dt.date, data: FirmData
    ) -> dict[str, Any]:
        """``row`` completed with a value for each of the item's fields."""
        for spec in item.fields:
            row[spec.id] = self.value(spec, (item.id, spec.id), day, data, record)
        return row

    def answers(self, exercise: Exercise, day: dt.date, data: FirmData) -> dict[str, Any]:
        """An answer to every item of ``exercise``. Optional ones are answered with
        probability ``skill`` and otherwise stored blank (None), so an answer from an
        earlier sitting does not stay the latest one."""
        return {
            item.id: self.value(item, (item.id, None), day, data)
            if item.required or self.rng.random() < self.skill
            else None
            for item in exercise.items.values()
        }


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def monthly_sittings(
    rng: np.random.Generator,
    participant_id: str,
    exercise: Exercise,
    diligence: float,
    joined: dt.date,
    as_of: dt.date,
    data: FirmData,
) -> list[Sitting]:
    """Most months of the last 6 to 8 since ``joined``: targets written in the first days,
    ticked off and scored in the last days (never after ``as_of``). A month is skipped with
    probability ``0.4 * (1 - diligence)``; each target is done with a probability around
    ``0.2 + 0.75 * diligence``."""
    last = pd.Period(as_of, freq="M")
    sittings = []
    for back in range(int(rng.integers(*MONTHLY)) - 1, -1, -1):
        month = last - back
        start = month.start_time.date() + dt.timedelta(days=int(rng.integers(0, 5)))
        end = min(month.end_time.date() - dt.timedelta(days=int(rng.integers(0, 4))), as_of)
        skipped = rng.random() < 0.4 * (1 - diligence)
        if end < joined or skipped:
            continue
        start = max(start, joined)
        share = float(np.clip(0.2 + 0.75 * diligence + rng.normal(0, 0.1), 0, 1))
        maker = AnswerMaker(rng, exercise, share)
        final = maker.answers(exercise, end, data)
        written = {
            item_id: [{**entry, "done": False} for entry in value]
            for item_id, value in final.items()
            if exercise.items[item_id].kind == "checklist"
        }
        saves = (Save(_at(start, 10), written), Save(_at(end, 17), final))
        sittings.append(Sitting(participant_id, exercise, saves))
    return sittings


def occasional_sittings(
    rng: np.random.Generator,
    participant_id: str,
    exercise: Exercise,
    diligence: float,
    as_of: dt.date,
    data: FirmData,
) -> list[Sitting]:
    """Once three to five months ago and, with probability ``0.3 + 0.7 * diligence``, again
    last month with the skill raised by ``0.3 * diligence``."""
    days = [int(rng.integers(*FIRST_SITTING))]
    if rng.random() < 0.3 + 0.7 * diligence:
        days.append(int(rng.integers(*REPEAT_SITTING)))
    sittings = []
    for number, ago in enumerate(days):
        day = as_of - dt.timedelta(days=ago)
        skill = min(1.0, 0.2 + 0.5 * diligence + number * 0.3 * diligence)
        answers = AnswerMaker(rng, exercise, skill).answers(exercise, day, data)
        hour = 9 + int(rng.integers(0, 8))
        sittings.append(Sitting(participant_id, exercise, (Save(_at(day, hour), answers),)))
    return sittings


def exercise_history(
    rng: np.random.Generator,
    members: list[tuple[str, dt.date, FirmData]],
    exercises: dict[str, Exercise],
    as_of: dt.date,
) -> list[Sitting]:
    """Every member's sittings of every exercise, oldest first per member.

    ``members`` holds each member's id, the day they joined and their firm's data.
    """
    sittings: list[Sitting] = []
    for (participant_id, joined, data), diligence in zip(
        members, diligences(rng, len(members)), strict=True
    ):
        own: list[Sitting] = []
        for exercise in exercises.values():
            if exercise.results_per == "month":
                own += monthly_sittings(
                    rng, participant_id, exercise, diligence, joined, as_of, data
                )
            else:
                own += occasional_sittings(rng, participant_id, exercise, diligence, as_of, data)
        sittings += sorted(own, key=lambda sitting: sitting.saves[0].at)
    return sittings


def write_history(ws: Workspace, sittings: list[Sitting]) -> dict[str, int]:
    """Store the sittings' answers and results; return the rows written per table.

    Participants who already have answers are left alone: answers are append-only, so
    this keeps a second run of the demo from adding them twice.
    """
    answered = set(ws.table("answers")["participant_id"])
    counts = {"answers": 0, "results": 0}
    for sitting in sittings:
        if sitting.participant_id in answered:
            continue
        for save in sitting.saves:
            counts["answers"] += coaching.save_answers(
                ws, sitting.participant_id, sitting.exercise, save.answers, at=save.at
            )
        answers = sitting.answers
        result = sitting.exercise.score(answers)
        coaching.save_result(
            ws, sitting.participant_id, sitting.exercise, result, answers, at=sitting.scored_at
        )
        counts["results"] += 1
    return counts
