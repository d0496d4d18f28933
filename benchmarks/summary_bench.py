"""How long the kernel-free session summary takes on the demo workspace, and how big it is.

Creates a temporary demo workspace (one firm of 200 clients, as ``make run`` does) and
times, for its first member's latest session:

- ``cold``: a fresh Python process that imports the toolkit, gathers and writes the
  summary (what ``retention report ID`` would cost with it);
- in this process, median of ``--runs``: :func:`gather_summary` with the exercises
  loaded (``gather``: store reads and the firm's analyses), as the coach app calls it
  with its exercises and the participant's analyses already computed (``gather in the
  app``), and :func:`render_summary` (HTML and SVG);
- with ``--compare``, :func:`toolkit.report.build_report` in this process (what
  ``retention report`` does after its imports: load the exercises, gather, write).

Prints each time and the page's size. Target: cold under 3 s, the page under 1 MB.

    .venv/bin/python benchmarks/summary_bench.py [--runs 5] [--compare]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from toolkit.apps.analyses import FirmAnalyses
from toolkit.demo import create_demo
from toolkit.exercises import load_all
from toolkit.store import Workspace, views
from toolkit.summary import gather_summary, render_summary

COLD = """
import sys, datetime as dt
from toolkit.store import Workspace
from toolkit.summary import gather_summary, write_summary
with Workspace.open(sys.argv[1]) as ws:
    day = dt.date.fromisoformat(sys.argv[3])
    print(write_summary(ws, sys.argv[2], gather_summary(ws, sys.argv[2], session_on=day)))
"""


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
        cold, done = timed(
            lambda: subprocess.run(
                [sys.executable, "-c", COLD, directory, member, day.isoformat()],
                check=True,
                capture_output=True,
                text=True,
            )
        )
        size = Path(done.stdout.strip()).stat().st_size
        print(f"cold (new process, import + gather + write): {cold:.2f} s, {size:,} bytes")
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
