"""How fast the apps become usable: the preheated participant app against a bare Voila.

Starts, in one run, ``retention serve`` on a demo mastermind workspace (three firms of
about 200 clients) and a bare ``voila`` serving a notebook with one slider (no preheating,
Voila's defaults). Debian's Chromium then loads each page ``--loads`` times (default 5) and
measures the time from navigation until the page is interactive (:func:`interactive`):
the participant's name in the header and the first tab's button drawn and enabled for the
participant app, the slider drawn for the bare notebook; then one painted frame. The two
pages are loaded in turn, and before every load the benchmark waits until the participant
pool is full again and the servers, their kernels and the browser are quiet (:func:`settle`),
as when a group arrives a few seconds apart: Voila reports a pool full as soon as its
kernels are started, while they are still importing, and a load measured then measures the
imports. Prints both medians and their ratio (target: participant <= 0.6 x bare).

Then, in this process, on the same demo workspace: the p95 time of one answer change in
the participant's monthly-targets form, from the tick to the answer saved in the database
and the result chart replaced (target: <= 50 ms).

    .venv/bin/python benchmarks/app_bench.py [--loads N] [--changes N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np
import psutil

from toolkit.chromium import launch
from toolkit.demo import create_demo
from toolkit.exercises import load_all
from toolkit.progress import MONTHLY_TARGETS
from toolkit.serve import free_port
from toolkit.store import Workspace
from toolkit.store.participants import personal_link, rotate_key
from toolkit.store.views import members
from toolkit.widgets.exercise_form import ExerciseForm

START_TIMEOUT_S = 300
PAGE_TIMEOUT_MS = 180_000
POOL_FULL = "Kernel pool of participant.ipynb is filled"
#: Quiet: the servers, kernels and browser together use less than this share of a core ...
QUIET_CPU = 0.05
#: ... over this many seconds.
QUIET_WINDOW_S = 1.0
SLIDER = "import ipywidgets as widgets\n\nwidgets.IntSlider(value=3, max=10)"


class Server:
    """A child process whose output is read in a thread; ``wait_for(text)`` waits until a
    line containing ``text`` appears after the last call to ``mark()``."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.lines: list[str] = []
        self.seen = threading.Condition()
        self.since = 0
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.seen:
                self.lines.append(line)
                self.seen.notify_all()

    def mark(self) -> None:
        with self.seen:
            self.since = len(self.lines)

    def wait_for(self, text: str, timeout: float = START_TIMEOUT_S) -> None:
        def found() -> bool:
            return any(text in line for line in self.lines[self.since :])

        with self.seen:
            if not self.seen.wait_for(found, timeout):
                tail = "".join(self.lines[-30:])
                raise RuntimeError(f"server never printed {text!r}:\n{tail}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def demo_workspace(directory: Path) -> tuple[str, str]:
    """A three-firm demo workspace; returns the first member's personal key and name."""
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=3)
        first = members(ws).iloc[0]
        return rotate_key(ws, first["participant_id"]), first["display_name"]


def slider_folder(directory: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.kernelspec = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(SLIDER)]
    directory.mkdir()
    nbformat.write(notebook, directory / "slider.ipynb")
    return directory


def cpu_seconds() -> float:
    """CPU time used so far by this benchmark's child processes: both servers, their
    kernels, Playwright's driver and Chromium."""
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def settle(timeout: float = START_TIMEOUT_S) -> None:
    """Wait until the child processes together use under ``QUIET_CPU`` of a core over
    ``QUIET_WINDOW_S``: every kernel has reached its waiting cell and the browser is idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds()
        time.sleep(QUIET_WINDOW_S)
        if cpu_seconds() - before < QUIET_CPU * QUIET_WINDOW_S:
            return
    raise RuntimeError(f"the servers or the browser were still busy after {timeout:.0f} s")


def interactive(page, control) -> None:
    """Wait until the page is interactive: ``control`` (the first control of the first
    tab) is drawn and enabled, and the browser has painted a frame after it and run its
    queued tasks, so a click would be handled now.

    A widget is drawn only from its model, which Voila creates from the kernel's state
    over the open kernel connection; a drawn control therefore also sends its changes to
    the kernel. The same definition is used for both pages.
    """
    control.wait_for(state="visible")
    if control.is_disabled():
        raise RuntimeError("the first control is drawn disabled")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")


def time_load(context, url: str, ready: Callable[[object], None]) -> float:
    """Seconds from navigation to ``ready(page)`` returning, in a fresh tab of ``context``."""
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    start = time.perf_counter()
    page.goto(url, timeout=PAGE_TIMEOUT_MS)
    ready(page)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def page_load_figures(loads: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        key, name = demo_workspace(root / "ws")
        app_port, bare_port = free_port(), free_port()
        retention = [sys.executable, "-m", "toolkit.cli", "--workspace", str(root / "ws")]
        app = Server([*retention, "serve", "--port", str(app_port)], root)
        bare = Server(
            [
                sys.executable,
                "-m",
                "voila",
                str(slider_folder(root / "bare")),
                "--no-browser",
                f"--port={bare_port}",
            ],
            root,
        )
        try:
            app.wait_for(POOL_FULL)
            bare.wait_for("is running at")
            link = personal_link(f"http://127.0.0.1:{app_port}", key, "this-month")

            def participant_ready(page) -> None:
                page.locator(".tk-header h1", has_text=name).wait_for()
                interactive(page, page.get_by_role("button", name="Tick or edit my targets"))

            def slider_ready(page) -> None:
                interactive(page, page.locator(".widget-slider .noUi-handle").first)

            with sync_playwright() as playwright:
                browser = launch(playwright)
                viewport = {"viewport": {"width": 1280, "height": 800}}
                app_tabs, bare_tabs = (
                    browser.new_context(**viewport),
                    browser.new_context(**viewport),
                )
                slider_url = f"http://127.0.0.1:{bare_port}/voila/render/slider.ipynb"
                participant, slider = [], []
                for _ in range(loads):
                    settle()
                    app.mark()
                    participant.append(time_load(app_tabs, link, participant_ready))
                    app.wait_for(POOL_FULL)
                    settle()
                    slider.append(time_load(bare_tabs, slider_url, slider_ready))
                browser.close()
        finally:
            app.stop()
            bare.stop()
    return participant, slider


def answer_change_figures(changes: int) -> np.ndarray:
    """Milliseconds per answer change: tick a target, score, redraw the chart, save."""
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        create_demo(ws, participants=3)
        participant_id = members(ws)["participant_id"].iloc[0]
        exercise = load_all()[MONTHLY_TARGETS]
        form = ExerciseForm(exercise, ws, participant_id, delay=3600)
        targets = form.items["targets"]
        for number, (_box, text, _id) in enumerate(targets.lines, start=1):
            text.value = f"Target {number}"
        form.items["stretch"].value = 3
        form.flush()
        boxes = [box for box, _text, _id in targets.lines]
        times = []
        for change in range(changes):
            box = boxes[change % len(boxes)]
            start = time.perf_counter()
            box.value = not box.value
            form.flush()
            times.append(time.perf_counter() - start)
        form.close()
    return np.array(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="page loads per app (>= 5)")
    parser.add_argument("--changes", type=int, default=200, help="answer changes to time")
    args = parser.parse_args()

    participant, slider = page_load_figures(args.loads)
    p_median, s_median = statistics.median(participant), statistics.median(slider)
    ratio = p_median / s_median
    print(
        f"participant app (preheated), interactive: median {p_median:.2f} s over "
        f"{len(participant)} loads {[round(t, 2) for t in participant]}"
    )
    print(
        f"bare Voila one-slider notebook, interactive: median {s_median:.2f} s over "
        f"{len(slider)} loads {[round(t, 2) for t in slider]}"
    )
    print(
        f"ratio participant / bare: {ratio:.2f} (target <= 0.60) "
        f"{'OK' if ratio <= 0.6 else 'MISSED'}"
    )

    print(f"load average (1 min) after the page loads: {os.getloadavg()[0]:.1f}")

    changes = answer_change_figures(args.changes)
    p95 = float(np.percentile(changes, 95))
    print(
        f"answer change saved and chart updated: median {np.median(changes):.1f} ms, "
        f"p95 {p95:.1f} ms over {len(changes)} changes (target <= 50 ms) "
        f"{'OK' if p95 <= 50 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
