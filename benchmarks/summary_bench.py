"""How long the kernel-free session summary takes on the demo workspace, and how big it is.

Creates a temporary demo workspace (one firm of 200 clients, as ``make run`` does) and
times, for its first member's latest session:

- ``cold``: ``retention report ID`` in a new process, as a coach types it (its wall
  time and CPU time), first with an empty cache folder (the exercise files' schema is
  checked) and then ``--runs`` times with the check cached (the usual case);
- in this process, median of ``--runs``: :func:`gather_summary` with the exercises
  loaded (``gather``: store reads and the firm's analyses), as the coach app calls it
  with its exercises and the participant's analyses already computed (``gather in the
  app``), and :func:`render_summary` (HTML and SVG);
- with ``--compare``, :func:`toolkit.report.build_report` in this process (what
  ``retention report`` does after its imports: load the exercises, gather, write).

Prints each time, the page's size and the load average (above 2, the wall times mostly
measure other processes: compare the CPU times). Target: cold under 3 s, the page under
1 MB.

    .venv/bin/python benchmarks/summary_bench.py [--runs 5] [--compare]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from toolkit.demo import create_demo
from toolkit.exercises import load_all
from toolkit.firm import FirmAnalyses
from toolkit.store import Workspace, views
from toolkit.summary import gather_summary, render_summary

#: The command next to this interpreter, as the virtual environment installs it.
RETENTION = Path(sys.executable).with_name("retention")


def cold(directory: str, member: str, cache: str) -> tuple[float, float, Path]:
    """Wall and CPU seconds of ``retention report member`` in a new process, and the
    path it printed on its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, done = timed(
        lambda: subprocess.run(
            [str(RETENTION), "--workspace", directory, "report", member],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ | {"TOOLKIT_CACHE": cache},
        )
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    path = Path(done.stdout.strip().splitlines()[-1].split(" written to ", 1)[1])
    return seconds, cpu, path


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """Seconds ``action`` took, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also time build_report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        with Workspace.open(directory) as ws:
            create_demo(ws)
            member = views.members(ws)["participant_id"].iloc[0]
            day = pd.Timestamp(views.sessions(ws, member)["held_on"].iloc[0]).date()
        cache = str(Path(directory) / "cache")
        seconds, cpu, path = cold(directory, member, cache)
        size = path.stat().st_size
        print(f"cold, schema checked: {seconds:.2f} s ({cpu:.2f} s CPU), {size:,} bytes")
        runs = [cold(directory, member, cache)[:2] for _ in range(args.runs)]
        print(
            f"cold, schema check cached: median {statistics.median(r[0] for r in runs):.2f} s "
            f"({statistics.median(r[1] for r in runs):.2f} s CPU) over {args.runs} runs; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        with Workspace.open(directory) as ws:
            exercises = load_all()
            analyses = FirmAnalyses(views.firm_data(ws, member))
            _ = analyses.client_map, analyses.attention_gaps
            times: dict[str, list[float]] = {"gather": [], "gather in the app": [], "render": []}
            for _ in range(args.runs):
                seconds, summary = timed(
                    lambda: gather_summary(ws, member, session_on=day, exercises=exercises)
                )
                times["gather"].append(seconds)
                times["gather in the app"].append(
                    timed(
                        lambda: gather_summary(
                            ws, member, session_on=day, exercises=exercises, analyses=analyses
                        )
                    )[0]
                )
                times["render"].append(timed(lambda s=summary: render_summary(s))[0])
        for name, seconds in times.items():
            print(
                f"{name}: median {statistics.median(seconds) * 1000:.0f} ms over {args.runs} runs"
            )
        if args.compare:
            from toolkit.report import build_report

            seconds, path = timed(lambda: build_report(directory, member))
            print(f"build_report: {seconds:.2f} s, {Path(path).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
