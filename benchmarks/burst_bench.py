"""A mastermind group arriving at once: N members open their personal links within T seconds.

Creates a demo mastermind of ``--members`` members (default 20; the demo's firms, then
members without business data) and their personal links,
starts a fresh ``retention serve --expect N`` on it and waits until its participant pool
is full and the machine is quiet. Then one Debian Chromium opens each member's link in a
browser context of its own, the arrivals spread evenly over ``--within`` seconds (default
10), and times each page from navigation until it is *usable*: with ``--page month`` (the
default, what a personal link opens) once the month page's script runs and its first
target can be edited; with ``--page full`` (the Voila page, ``&tab=this-month``) once the
first tab's targets summary and its "Tick or edit my targets" button are visible and
enabled.

Prints the time to a usable page (median, p95, max), how many pages got a kernel that was
preheated and ready, one still starting in the pool, or one started on demand (from the
server's log), the resident memory of the server and its kernels (idle with the pool
full, peak, settled with every page open, and after all tabs were closed: each minute for
``--after`` seconds, default 180), each handed-out kernel's memory after its first tab,
the CPU seconds Chromium (by process), the server and its kernels used until the last page
was usable, and the load average. Tabs are closed as a browser closes them (``beforeunload``
runs).

    .venv/bin/python benchmarks/burst_bench.py [--members 20] [--within 10] [--after 180]
        [--page month|full]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from app_bench import START_TIMEOUT_S, Server, settle
from playwright.async_api import TimeoutError as PlaywrightTimeout

from toolkit.chromium import CHROMIUM, CHROMIUM_ARGS
from toolkit.demo import create_demo
from toolkit.demo.coaching import GROUP_ID
from toolkit.demo.firms import FIRMS
from toolkit.serve import free_port
from toolkit.store import Workspace, coach_password
from toolkit.store.participants import add_participant, personal_link, rotate_key
from toolkit.store.views import members

PAGE_TIMEOUT_MS = 300_000
POOL_FULL = "Kernel pool of participant.ipynb is filled"
REQUESTED = re.compile(r"participant\.ipynb requested: (\d+) preheated kernel")
HANDED_OUT = re.compile(r"Using pre-heated kernel: ([0-9a-f-]{36}) for participant")
STARTED = re.compile(r"Kernel started: ([0-9a-f-]{36})")
#: Memory is "back to idle" when within this many MB of the idle level.
IDLE_MARGIN_MB = 100
SAMPLE_SECONDS = 0.5
#: The kind of a Chromium process, in its command line.
PROCESS_TYPE = re.compile(r"--(?:utility-sub-)?type=([\w.-]+)")


@dataclass
class Memory:
    """RSS (MB) of the server and its kernels, sampled in a thread."""

    server: psutil.Process
    peak: float = 0.0
    running: bool = True
    samples: list[tuple[float, float]] = field(default_factory=list)

    def now(self) -> float:
        total = 0
        for process in [self.server, *self.server.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total / 2**20

    def sample(self) -> None:
        while self.running:
            value = self.now()
            self.peak = max(self.peak, value)
            self.samples.append((time.monotonic(), value))
            time.sleep(SAMPLE_SECONDS)

    def kernels(self) -> dict[str, float]:
        """RSS (MB) of each kernel process, by kernel id (from its connection file)."""
        found = {}
        for process in self.server.children(recursive=True):
            try:
                command = " ".join(process.cmdline())
                match = re.search(r"kernel-([0-9a-f-]{36})\.json", command)
                if match:
                    found[match.group(1)] = process.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                continue
        return found


def cpu_of(process: psutil.Process) -> float:
    """CPU seconds (user + system) ``process`` used so far; 0 once it has ended."""
    with contextlib.suppress(psutil.NoSuchProcess):
        times = process.cpu_times()
        return times.user + times.system
    return 0.0


def chromium_cpu() -> dict[int, tuple[str, float]]:
    """This benchmark's Chromium processes: pid -> (kind, CPU seconds so far)."""
    found = {}
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            if "chrom" in process.name():
                kinds = PROCESS_TYPE.findall(" ".join(process.cmdline()))
                kind = kinds[-1].rsplit(".", 1)[-1] if kinds else "browser"
                found[process.pid] = (kind, cpu_of(process))
    return found


def chromium_since(before: dict[int, tuple[str, float]]) -> Counter[str]:
    """Chromium's CPU seconds since ``before`` (:func:`chromium_cpu`), by kind of process."""
    used: Counter[str] = Counter()
    for pid, (kind, seconds) in chromium_cpu().items():
        used[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    return used


def demo_links(directory: Path, count: int, base_url: str, tab: str | None = None) -> list[str]:
    """A demo mastermind of ``count`` members and each one's personal link (with ``tab``:
    the full page's, on that tab): the demo's firms (at most ``len(FIRMS)``), then members
    of the same group without business data (the first tab shows only their targets)."""
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=min(count, len(FIRMS)))
        for number in range(len(FIRMS) + 1, count + 1):
            add_participant(ws, f"Member {number}", f"member-{number}", group_id=GROUP_ID)
        ids = members(ws)["participant_id"]
        return [personal_link(base_url, rotate_key(ws, pid), tab) for pid in ids]


@contextmanager
def group_server(
    count: int, password: str | None = None, tab: str | None = None
) -> Iterator[tuple[Server, list[str]]]:
    """A fresh ``retention serve --expect count`` on a demo mastermind of ``count`` members
    (:func:`demo_links`), once its participant pool is full; the server and the links.
    With ``password``, that is the coach's (so the coach apps can be opened). Stopped on
    leaving."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        port = free_port()
        links = demo_links(root / "ws", count, f"http://127.0.0.1:{port}", tab)
        if password is not None:
            with Workspace.open(root / "ws") as ws:
                coach_password.set_password(ws, password)
        command = [sys.executable, "-m", "toolkit.cli", "--workspace", str(root / "ws")]
        server = Server([*command, "serve", "--port", str(port), "--expect", str(count)], root)
        try:
            server.wait_for(POOL_FULL, START_TIMEOUT_S)
            yield server, links
        finally:
            server.stop()


async def month_usable(page) -> None:
    """The month page is usable once its script runs and the first target can be edited."""
    await page.locator("body[data-ready='1']").wait_for(state="attached")
    box = page.get_by_label("Target 1", exact=True)
    await box.wait_for(state="visible")
    if await box.is_disabled():
        raise RuntimeError("the first target is drawn disabled")


async def full_usable(page) -> None:
    """The full page (Voila) is usable once its first tab's targets summary and its
    "Tick or edit my targets" button are drawn."""
    summary = page.locator(".tk-targets, .tk-muted", has_text=re.compile(r"\S"))
    button = page.get_by_role("button", name="Tick or edit my targets")
    await summary.first.wait_for(state="visible")
    await button.wait_for(state="visible")
    if await button.is_disabled():
        raise RuntimeError("the button is drawn disabled")


#: What each ``--page`` opens (a ``tab`` of the personal link) and when it is usable.
PAGES = {"month": (None, month_usable), "full": ("this-month", full_usable)}


async def arrive(browser, link: str, delay: float, pages: list, usable=month_usable) -> float:
    """Open ``link`` after ``delay`` s in a context of its own; seconds until ``usable``."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    pages.append(page)
    start = time.perf_counter()
    try:
        await page.goto(link, timeout=PAGE_TIMEOUT_MS)
        await usable(page)
    except PlaywrightTimeout:
        print(f"  NOT usable within {PAGE_TIMEOUT_MS / 1000:.0f} s (arrived at {delay:.1f} s)")
        return math.inf
    elapsed = time.perf_counter() - start
    print(f"  usable after {elapsed:.1f} s (arrived at {delay:.1f} s)", flush=True)
    return elapsed


async def burst(
    links: list[str], within: float, usable=month_usable
) -> tuple[list[float], list, object]:
    """Every member arrives; returns the times, the open pages and the running browser."""
    from playwright.async_api import async_playwright

    playwright = await async_playwright().start()
    browser = await playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
    )
    pages: list = []
    step = within / max(1, len(links) - 1)
    times = await asyncio.gather(
        *(arrive(browser, link, i * step, pages, usable) for i, link in enumerate(links))
    )
    return list(times), pages, (playwright, browser)


async def close_all(pages: list, handles) -> None:
    """Close every tab as a browser does (its ``beforeunload`` handler runs), then stop."""
    for page in pages:
        await page.close(run_before_unload=True)
    await asyncio.sleep(2)  # let the tab-close beacons leave before the browser goes
    playwright, browser = handles
    await browser.close()
    await playwright.stop()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def closest(samples: list[tuple[float, float]], moment: float) -> float:
    """The sampled value nearest in time to ``moment``."""
    return min(samples, key=lambda sample: abs(sample[0] - moment))[1]


def report_kernels(log: str, kernels: dict[str, float]) -> None:
    """How the pages that asked for a kernel got one, and those kernels' memory."""
    ready = [int(n) for n in REQUESTED.findall(log)]
    handed = HANDED_OUT.findall(log)
    waited = sum(1 for n in ready if n == 0)
    print(
        f"kernels: {len(ready)} pages asked for one: {len(ready) - waited} got a preheated "
        f"ready kernel, {waited} one still starting in the pool, {len(ready) - len(handed)} "
        "one started on demand"
    )
    sizes = [kernels[k] for k in handed if k in kernels]
    if sizes:
        print(
            f"participant kernel RSS after the first tab: median {statistics.median(sizes):.0f}"
            f" MB, max {max(sizes):.0f} MB over {len(sizes)} kernels (target <= 150 MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20, help="members arriving")
    parser.add_argument("--within", type=float, default=10, help="seconds they arrive within")
    parser.add_argument(
        "--after", type=int, default=180, help="seconds to watch memory after the tabs close"
    )
    parser.add_argument("--log", type=Path, help="write the server's output to this file")
    parser.add_argument(
        "--page",
        choices=sorted(PAGES),
        default="month",
        help="what the links open: the month page (the personal link, default) or the full "
        "page (Voila, with a kernel each)",
    )
    args = parser.parse_args()
    tab, usable = PAGES[args.page]
    with group_server(args.members, tab=tab) as (server, links):
        try:
            settle(START_TIMEOUT_S)
            memory = Memory(psutil.Process(server.process.pid))
            idle = memory.now()
            print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            print(f"server and kernels idle (pool full): {idle:.0f} MB")
            threading.Thread(target=memory.sample, daemon=True).start()
            chromium, server_cpu = chromium_cpu(), cpu_of(memory.server)
            kernels_cpu = sum(cpu_of(process) for process in memory.server.children())
            loop = asyncio.new_event_loop()
            times, pages, handles = loop.run_until_complete(burst(links, args.within, usable))
            browsers = chromium_since(chromium)
            kernels_cpu = sum(cpu_of(p) for p in memory.server.children()) - kernels_cpu
            load_peak = os.getloadavg()
            median, p95 = statistics.median(times), percentile(times, 0.95)
            verdict = "OK" if p95 <= 8 and median <= 4 else "MISSED"
            print(
                f"time to a usable page: median {median:.1f} s, p95 {p95:.1f} s, max "
                f"{max(times):.1f} s over {len(times)} members arriving within "
                f"{args.within:.0f} s (target median <= 4 s, p95 <= 8 s) {verdict}"
            )
            print(f"load average after the arrivals: {' '.join(f'{x:.1f}' for x in load_peak)}")
            print(
                f"CPU s until the last page was usable: Chromium {sum(browsers.values()):.1f} ("
                + ", ".join(f"{kind} {value:.1f}" for kind, value in browsers.most_common(4))
                + f"), server {cpu_of(memory.server) - server_cpu:.1f}, kernels (refills included) "
                f"{kernels_cpu:.1f} (benchmarks/page_cost_bench.py: the same, page by page)"
            )
            settle(START_TIMEOUT_S)
            report_kernels("".join(server.lines), memory.kernels())
            print(
                f"server and kernels, every page open: peak {memory.peak:.0f} MB, settled "
                f"{memory.now():.0f} MB"
            )
            loop.run_until_complete(close_all(pages, handles))
            closed = time.monotonic()
            back = None
            while time.monotonic() - closed < args.after:
                time.sleep(SAMPLE_SECONDS)
                if back is None and memory.now() <= idle + IDLE_MARGIN_MB:
                    back = time.monotonic() - closed
            memory.running = False
            marks = {
                minute: closest(memory.samples, closed + minute)
                for minute in range(60, args.after + 1, 60)
            }
            print(
                f"after all tabs closed (idle was {idle:.0f} MB): "
                + ", ".join(f"{value:.0f} MB at {at} s" for at, value in marks.items())
                + f"; back within {IDLE_MARGIN_MB} MB of idle "
                + (f"after {back:.0f} s" if back is not None else "not yet")
            )
            print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        finally:
            if args.log:
                args.log.write_text("".join(server.lines))


if __name__ == "__main__":
    main()
