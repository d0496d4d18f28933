"""Import 1,000,000 interaction rows from CSV and print rows per second and peak memory.

Target (2 cores): the import takes at most 15 s and the process peaks at no more than 2 GB.
The workspace (one participant, 25 team members, 10,000 clients) and the CSV are created
in a temporary directory first; only :func:`toolkit.store.importing.import_file` is timed.
The peak memory is the resident-set high-water mark (``ru_maxrss``) of this process and of
any child processes, generation included, so it is an upper bound for the import itself.

    .venv/bin/python benchmarks/import_bench.py [--rows N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.store.importing import import_file
from toolkit.store.workspace import Workspace

CLIENTS = 10_000
MEMBERS = 25
CHUNK = 100_000
TARGET_SECONDS = 15
TARGET_MB = 2_000
CHANNELS = np.array(["email", "call", "meeting", "ticket", "chat"])
DIRECTIONS = np.array(["inbound", "outbound", ""])
TOPICS = np.array(["billing", "onboarding", "outage", "renewal", "feature request", "support"])


def _workspace(directory: Path) -> Workspace:
    ws = Workspace.open(directory / "workspace")
    ws.upsert(
        "participants",
        [
            {
                "participant_id": "p1",
                "display_name": "Bench Firm",
                "role": "member",
                "created_at": dt.datetime(2024, 1, 1),
            }
        ],
    )
    members = [f"m{i:02d}" for i in range(MEMBERS)]
    ws.write("team", pd.DataFrame({"member_id": members, "name": members}), "p1")
    ws.write(
        "clients",
        pd.DataFrame(
            {
                "client_id": [f"c{i:05d}" for i in range(CLIENTS)],
                "name": [f"Client {i}" for i in range(CLIENTS)],
                "owner_id": [members[i % MEMBERS] for i in range(CLIENTS)],
            }
        ),
        "p1",
    )
    return ws


def _write_csv(path: Path, rows: int) -> None:
    """Write ``rows`` realistic interactions in chunks, so generation stays small."""
    rng = np.random.default_rng(7)
    start = np.datetime64("2022-01-01T00:00:00")
    for first in range(0, rows, CHUNK):
        n = min(CHUNK, rows - first)
        sentiment = np.round(rng.uniform(-1, 1, n), 2).astype(str)
        sentiment[rng.random(n) < 0.3] = ""
        frame = pd.DataFrame(
            {
                "interaction_id": [f"i{i:07d}" for i in range(first, first + n)],
                "client_id": np.char.add(
                    "c", np.char.zfill(rng.integers(0, CLIENTS, n).astype(str), 5)
                ),
                "member_id": np.char.add(
                    "m", np.char.zfill(rng.integers(0, MEMBERS, n).astype(str), 2)
                ),
                "occurred_at": np.datetime_as_string(
                    start + rng.integers(0, 3 * 365 * 86400, n).astype("timedelta64[s]"), unit="s"
                ),
                "channel": rng.choice(CHANNELS, n),
                "direction": rng.choice(DIRECTIONS, n),
                "topic": rng.choice(TOPICS, n),
                "sentiment": sentiment,
                "summary": np.char.add("Follow-up note ", rng.integers(0, 1000, n).astype(str)),
            }
        )
        frame.to_csv(path, mode="a", header=first == 0, index=False)


def _peak_rss_mb() -> float:
    """Resident-set high-water mark in MB of this process and its children (Linux: KiB)."""
    return (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true", help="print the top 25 functions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        ws = _workspace(directory)
        source = directory / "interactions.csv"
        _write_csv(source, args.rows)
        size_mb = source.stat().st_size / 1e6
        profiler = cProfile.Profile() if args.profile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = import_file(ws, "interactions", source, "p1", progress=False)
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        ws.close()
    peak_mb = _peak_rss_mb()
    load = os.getloadavg()[0]
    print(f"rows: {report.rows_read:,} read, {report.imported:,} imported, ", end="")
    print(f"{report.rejected:,} rejected")
    print(f"file: {size_mb:.0f} MB")
    print(f"time: {elapsed:.2f} s ({report.rows_read / elapsed:,.0f} rows/s)")
    print(f"cpu time (all threads of this process): {cpu:.2f} s; load average: {load:.2f}")
    print(f"peak memory (ru_maxrss, incl. children): {peak_mb:,.0f} MB")
    within = elapsed <= TARGET_SECONDS and peak_mb <= TARGET_MB
    print(f"target <= {TARGET_SECONDS} s and <= {TARGET_MB:,} MB: {'met' if within else 'MISSED'}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
