"""How long a typed change is at risk: from the keystroke to its row committed.

Members type into their monthly targets at the same time, each in a form of their own
(as each page has its own kernel), all saving into one SQLite workspace with the form's
real save timer. Each keystroke is timed from the moment the text box changed until the
form no longer holds it as pending, which it does only after the row has committed
(:mod:`toolkit.widgets.saving`). Optionally another process keeps the database busy with
write transactions (``--busy-ms``), as an import or a coach's app would.

Prints the median, p95 and max of that window, the keystrokes and the rows written.
Target: p95 below 300 ms (a change typed 300 ms before a crash is in the database).

    .venv/bin/python benchmarks/save_bench.py [--members 20] [--seconds 20] [--busy-ms 50]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import threading
import time

from toolkit.exercises import load_all
from toolkit.progress import MONTHLY_TARGETS
from toolkit.store import Workspace, coaching
from toolkit.store.participants import add_participant
from toolkit.widgets.exercise_form import ExerciseForm

WORDS = ("call", "the", "three", "largest", "clients", "about", "renewal", "this", "week")
KEYS_PER_SECOND = 8


def typist(form: ExerciseForm, seconds: float, seed: int, windows: list[float]) -> int:
    """Type words into the form's first target for ``seconds``; append each keystroke's
    time at risk to ``windows``; return the keystrokes typed."""
    rng = random.Random(seed)
    box = form.items["targets"].lines[0][1]
    typed, keys, end = "", 0, time.monotonic() + seconds
    while time.monotonic() < end:
        for char in rng.choice(WORDS) + " ":
            typed += char
            start = time.perf_counter()
            box.value = typed
            keys += 1
            while form.saver.pending:
                time.sleep(0.002)
            windows.append(time.perf_counter() - start)
            time.sleep(max(0.0, 1 / KEYS_PER_SECOND - (time.perf_counter() - start)))
    return keys


def busy_writer(path: str, hold_ms: float, stop: threading.Event) -> None:
    """Hold the database's write lock for ``hold_ms`` at a time, with short gaps."""
    connection = sqlite3.connect(path, isolation_level=None)
    while not stop.is_set():
        connection.execute("BEGIN IMMEDIATE")
        time.sleep(hold_ms / 1000)
        connection.execute("COMMIT")
        time.sleep(0.01)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--busy-ms", type=float, default=0.0, help="hold a write lock this long")
    args = parser.parse_args()

    exercise = load_all()[MONTHLY_TARGETS]
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        ids = [add_participant(ws, f"Member {n}") for n in range(1, args.members + 1)]
        forms = [ExerciseForm(exercise, ws, participant_id) for participant_id in ids]
        windows: list[float] = []
        stop = threading.Event()
        busy = threading.Thread(
            target=busy_writer, args=(ws.engine.url.database, args.busy_ms, stop), daemon=True
        )
        if args.busy_ms:
            busy.start()
        keys = [0] * len(forms)

        def run(index: int) -> None:
            keys[index] = typist(forms[index], args.seconds, index, windows)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(forms))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        rows = len(ws.table("answers"))
        lost = sum(
            coaching.latest_answers(ws, f.participant_id, exercise.id)["targets"][0]["text"]
            != f.items["targets"].lines[0][1].value.strip()
            for f in forms
        )
        for form in forms:
            form.close()

    ms = sorted(w * 1000 for w in windows)
    print(f"members: {len(forms)}, seconds: {args.seconds:g}, busy writer: {args.busy_ms:g} ms")
    print(f"keystrokes: {sum(keys)}, answer rows written: {rows}, final texts not stored: {lost}")
    print(
        f"keystroke to commit (ms): median {statistics.median(ms):.0f}, "
        f"p95 {ms[int(0.95 * (len(ms) - 1))]:.0f}, max {ms[-1]:.0f}"
    )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
