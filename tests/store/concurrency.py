"""Many writers at once on one workspace: the workload of the concurrency test and bench.

Each writer is a thread with a workspace (an engine and its connections) of its own, as
each app page's kernel has; all start together at a barrier. Used by
``tests/store/test_concurrency.py`` (a few writers) and
``benchmarks/store_concurrency_bench.py`` (twenty, both backends, with throughput).
"""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from toolkit.exercises import Exercise
from toolkit.store import Workspace, coaching, schema
from toolkit.store.importing import import_file
from toolkit.store.participants import add_participant

#: The exercise item every writer answers.
ITEM = "owner_clarity"


@dataclass(frozen=True)
class Run:
    """What a concurrent run wrote: rows asked for, rows found after, and how long it took."""

    written: int
    found: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.written / self.seconds


def concurrently(
    location: str | Path, writers: int, work: Callable[[Workspace, int], None]
) -> float:
    """Run ``work(workspace, writer)`` in ``writers`` threads started together; return the
    seconds from the start to the last one done. A writer's exception is raised here."""
    barrier = threading.Barrier(writers + 1)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        with Workspace.open(location) as ws:
            barrier.wait()
            try:
                work(ws, number)
            except BaseException as error:  # handed to the main thread
                errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return seconds


def participants(ws: Workspace, writers: int) -> list[str]:
    """One member participant per writer (``w0``, ``w1``...), created when missing."""
    known = set(ws.table("participants")["participant_id"])
    ids = [f"w{n}" for n in range(writers)]
    for participant_id in ids:
        if participant_id not in known:
            add_participant(ws, f"Writer {participant_id}", participant_id)
    return ids


def save_answers(location: str | Path, exercise: Exercise, writers: int, each: int) -> Run:
    """Each writer saves ``each`` answers for its own participant and ``each`` for a
    participant all share (``w0``); the answers found after are counted."""
    with Workspace.open(location) as ws:
        ids = participants(ws, writers)

    def work(ws: Workspace, number: int) -> None:
        for n in range(each):
            coaching.save_answer(ws, ids[number], exercise, ITEM, n)
            coaching.save_answer(ws, ids[0], exercise, ITEM, f"{number}:{n}")

    seconds = concurrently(location, writers, work)
    with Workspace.open(location) as ws, ws.engine.connect() as connection:
        found = connection.scalar(sa.select(sa.func.count()).select_from(schema.Answer))
    return Run(2 * writers * each, found, seconds)


def race_for_one_version(location: str | Path, exercise: Exercise, writers: int) -> int:
    """Every writer appends to the same unanswered item, each based on 'never answered';
    return how many were accepted (one is right: the others were based on a stale version)."""
    with Workspace.open(location) as ws:
        (first, *_) = participants(ws, 1)
    accepted: list[coaching.Version] = []

    def work(ws: Workspace, number: int) -> None:
        version = coaching.append_answer(ws, first, exercise, "race", number, based_on=0)
        if version is not None:
            accepted.append(version)

    concurrently(location, writers, work)
    return len(accepted)


def import_clients(
    location: str | Path, folder: Path, writers: int, each: int, same_file: bool = False
) -> Run:
    """Each writer imports a CSV of ``each`` clients of its own (or, ``same_file``, all the
    same clients) into the participant all share (``w0``); the clients found after are
    counted."""
    with Workspace.open(location) as ws:
        (shared, *_) = participants(ws, 1)
    files = []
    for number in range(writers):
        prefix = "c" if same_file else f"c{number}-"
        path = folder / f"clients-{number}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            rows = [("client_id", "name")] + [(f"{prefix}{n}", f"Client {n}") for n in range(each)]
            csv.writer(file).writerows(rows)
        files.append(path)

    def work(ws: Workspace, number: int) -> None:
        import_file(ws, "clients", files[number], shared, progress=False)

    seconds = concurrently(location, writers, work)
    with Workspace.open(location) as ws:
        found = len(ws.table("clients", shared))
    return Run(each if same_file else writers * each, found, seconds)
