"""The demo's exercise history: valid answers, results that match them, and progress that
differs between participants."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from toolkit import progress
from toolkit.demo import AS_OF
from toolkit.demo.exercise_history import diligences, directions
from toolkit.exercises import load_all
from toolkit.progress import MONTHLY_TARGETS
from toolkit.store import coaching

EXERCISES = load_all()
OCCASIONAL = sorted(set(EXERCISES) - {MONTHLY_TARGETS})
#: The natural order of each table (answers without their autoincrement id).
ORDER = {
    "answers": ["participant_id", "exercise_id", "item_id", "answered_at"],
    "results": ["participant_id", "exercise_id", "period"],
}


@pytest.fixture(scope="module")
def demo(mastermind):
    ws, summary = mastermind
    return ws, summary.participant_ids


@pytest.fixture(scope="module")
def stored(demo) -> pd.DataFrame:
    ws, _ = demo
    return coaching.results(ws)


@pytest.mark.parametrize("table", sorted(ORDER))
def test_same_seed_gives_the_same_history(twins, table):
    first, second = (
        ws.table(table).drop(columns="answer_id", errors="ignore")
        .sort_values(ORDER[table], ignore_index=True)
        for ws in twins
    )  # fmt: skip
    assert not first.empty
    pd.testing.assert_frame_equal(first, second)


def test_every_member_does_the_monthly_targets_most_months(demo, stored):
    _, members = demo
    monthly = stored[stored["exercise_id"] == MONTHLY_TARGETS]
    last_eight = {str(pd.Period(AS_OF, "M") - back) for back in range(8)}
    for member in members:
        periods = monthly.loc[monthly["participant_id"] == member, "period"]
        assert 4 <= len(periods) <= 8, member
        assert set(periods) <= last_eight, member


@pytest.mark.parametrize("exercise_id", OCCASIONAL)
def test_every_member_did_each_other_exercise_once_or_twice(demo, stored, exercise_id):
    _, members = demo
    counts = stored[stored["exercise_id"] == exercise_id].groupby("participant_id").size()
    assert sorted(counts.index) == sorted(members)
    assert counts.between(1, 2).all()


def test_history_lies_before_as_of_and_after_joining(demo):
    ws, _ = demo
    joined = ws.table("participants").set_index("participant_id")["created_at"]
    answers = ws.table("answers")
    end = pd.Timestamp(AS_OF + dt.timedelta(days=1))
    assert (answers["answered_at"] < end).all()
    assert (answers["answered_at"] >= answers["participant_id"].map(joined)).all()
    assert (ws.table("results")["scored_at"] < end).all()


def test_every_stored_answer_fits_its_item(demo):
    ws, _ = demo
    answers = ws.table("answers")
    problems = [
        (row.exercise_id, row.item_id, row.value)
        for row in answers.itertuples()
        if EXERCISES[row.exercise_id].items[row.item_id].problem(row.value)
    ]
    assert problems == []


def test_each_result_is_the_score_of_its_answers(stored):
    for row in stored.itertuples():
        result = EXERCISES[row.exercise_id].score(row.answers)
        assert result.complete, (row.participant_id, row.exercise_id, result.missing)
        assert row.total == pytest.approx(result.total)
        assert row.band == result.band.id
        assert row.sections == pytest.approx(result.sections)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_latest_answers_give_the_latest_result(demo, stored, exercise_id):
    ws, members = demo
    exercise = EXERCISES[exercise_id]
    for member in members:
        latest = coaching.latest_answers(ws, member, exercise_id)
        mine = stored[(stored["participant_id"] == member) & (stored["exercise_id"] == exercise_id)]
        last = mine.sort_values("scored_at").iloc[-1]
        assert latest == last["answers"]
        assert exercise.score(latest).total == pytest.approx(last["total"])


RATINGS = [
    (exercise.id, item.id)
    for exercise in EXERCISES.values()
    for item in exercise.items.values()
    if item.kind == "client-rating"
]


@pytest.mark.parametrize(("exercise_id", "item_id"), RATINGS)
def test_client_ratings_rate_the_members_own_clients(demo, exercise_id, item_id):
    ws, members = demo
    for member in members:
        clients = set(ws.table("clients", member)["client_id"])
        rows = coaching.latest_answers(ws, member, exercise_id)[item_id]
        assert rows and {row["client_id"] for row in rows} <= clients


def test_targets_are_written_first_and_ticked_later(demo):
    ws, members = demo
    history = coaching.answer_history(ws, members[0], MONTHLY_TARGETS)
    targets = history[history["item_id"] == "targets"]
    first = targets.iloc[0]["value"]
    assert len(first) == 6 and not any(entry["done"] for entry in first)
    assert len(targets) == 2 * targets["answered_at"].dt.to_period("M").nunique()


def test_members_keep_different_streaks(demo, stored):
    _, members = demo
    streaks = progress.monthly_streaks(stored)
    runs = {
        member: tuple(streaks.loc[streaks["participant_id"] == member, "streak"])
        for member in members
    }
    assert len(set(runs.values())) == len(members)
    assert max(max(run) for run in runs.values()) >= 3


def test_score_history_has_every_exercise_of_every_member(demo, stored):
    _, members = demo
    history = progress.score_history(stored)
    for member in members:
        mine = history[history["participant_id"] == member]
        assert set(mine["exercise_id"]) == set(EXERCISES)


def test_repeated_exercises_score_better_on_average(stored):
    occasional = stored[stored["exercise_id"] != MONTHLY_TARGETS]
    gains = []
    for (_, exercise_id), rows in occasional.groupby(["participant_id", "exercise_id"]):
        if len(rows) == 2:
            first, last = rows.sort_values("scored_at")["total"]
            sign = 1 if EXERCISES[exercise_id].higher_is_better else -1
            gains.append(sign * (last - first))
    assert gains and np.mean(gains) > 0


@pytest.mark.parametrize(
    ("exercise_id", "key", "direction"),
    [
        ("abandonment-audit", ("owner_clarity", None), 1),
        ("abandonment-audit", ("whoever_free", None), -1),  # reverse-scored
        ("excuse-audit", ("discount_to_win", None), -1),  # a high total is bad
        ("client-love-map", ("clients", "fit"), 1),
    ],
)
def test_directions_follow_the_scoring_rules(exercise_id, key, direction):
    assert directions(EXERCISES[exercise_id])[key] == direction


def test_diligence_is_spread_across_members():
    spread = diligences(np.random.default_rng(0), 4)
    assert sorted(spread) == pytest.approx([0.3, 0.5166667, 0.7333333, 0.95])
