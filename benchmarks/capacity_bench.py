"""What one coach's server needs: memory and CPU with N members connected (issue 15).

Under JupyterHub each coach's single-user server runs what ``retention serve`` runs (Voila
with the toolkit's apps), so this measures ``retention serve``. For each N of
``--members`` (default 1,5,10,20) it starts a fresh ``retention serve --expect N`` on a
demo mastermind of N members (``burst_bench.group_server``) and waits until its pools are
full and everything is quiet (*idle*). Then:

1. the coach opens the coach app in a Chromium of their own (logs in, picks the first
   member; that fits the member's purchase model, the coach kernel's heaviest step),
2. the N members open their personal page in another Chromium, a browser context each,
   spread evenly over ``--within`` seconds (default 5), each timed until *usable* (as
   ``burst_bench.py`` defines it). ``--page full`` (the default) opens the full page, the
   Voila app with a kernel each (``&tab=this-month``): the heavier case, for capacity;
   ``--page month``, the kernel-free month page a personal link opens first. The server
   then refills its pools (a new ready kernel for each one handed out) and the benchmark
   waits for that, and for the members (on the full page) to open their targets form,
3. everybody stays connected for ``--hold`` seconds (default 60) doing light work: each
   member ticks or unticks their first target every ``--tick-every`` seconds (default 20;
   the members' ticks spread evenly over that interval; on the full page after opening
   the targets form), waiting each time until the page says "Saved"; the coach stays on
   the member's session page, idle.

Printed for each N: the memory of the server and all its kernels (the sum of their RSS,
and of their PSS, which counts the libraries the kernels share once) when idle (pools
full), with the coach in, with the members connected on their first tab, once their
targets forms are open (full page) and the pools have refilled, at the end of the hold,
and the peak RSS; each kernel's RSS (a member's after the first tab and with the targets
form, the coach's, the ready ones waiting in the pools); the CPU seconds of the server
and kernels for the arrivals (forms opened and refills included) and per minute of the
hold; Chromium's CPU seconds apart (the members' and the coach's devices, not the
server); the time to a usable page and to the coach's session page; the load average.
Then one table of all N, in benchmarks/README.md's format. What the figures mean for a
node and a cluster is worked out in docs/deploy.md ("Capacity").

    .venv/bin/python benchmarks/capacity_bench.py [--members 1,5,10,20] [--page full] [--hold 60]

``--members 1 --hold 5`` takes about 40 s on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import re
import statistics
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import psutil
from app_bench import START_TIMEOUT_S, settle
from burst_bench import (
    PAGE_TIMEOUT_MS,
    PAGES,
    Memory,
    burst,
    chromium_cpu,
    chromium_since,
    close_all,
    cpu_of,
    group_server,
)
from playwright.async_api import async_playwright, expect

from toolkit.chromium import launch
from toolkit.kernels import REFILL_DELAY_SECONDS, REFILL_SPACING_SECONDS

PASSWORD = "capacity benchmark coach password"
#: The form's save status once the tick is in the database.
SAVED = re.compile(r"^\s*Saved\b")
#: Longer than the pause before refills start and two refills: no kernel came meanwhile.
REFILL_QUIET_S = REFILL_DELAY_SECONDS + 2 * REFILL_SPACING_SECONDS
KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


@dataclass(frozen=True)
class Footprint:
    """The server and all its kernels at one moment: RSS and PSS (MB), kernels running.

    RSS counts the shared libraries every kernel maps (Python, NumPy, pandas...) once per
    process, so its sum is an upper bound; PSS shares them out, so its sum is what the
    machine (or a container's memory cgroup) holds."""

    rss: float
    pss: float
    kernels: int

    @classmethod
    def of(cls, memory: Memory) -> Footprint:
        rss = pss = 0
        processes = [memory.server, *memory.server.children(recursive=True)]
        for process in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                info = process.memory_full_info()
                rss, pss = rss + info.rss, pss + info.pss
        return cls(rss / 2**20, pss / 2**20, len(memory.kernels()))

    def __str__(self) -> str:
        return f"RSS {self.rss:,.0f} MB, PSS {self.pss:,.0f} MB, {self.kernels} kernels"


@dataclass
class Figures:
    """One N's figures (MB, seconds, CPU seconds)."""

    members: int
    page: str
    load_before: float
    idle: Footprint
    coach_in: Footprint
    arrived: Footprint
    refilled: Footprint
    held: Footprint
    peak_rss: float
    coach_open_s: float
    open_median_s: float
    open_max_s: float
    arrivals_cpu: float
    refills_s: float
    member_first_tab_mb: float
    member_form_mb: float
    coach_kernel_mb: float
    ready_kernels_mb: list[float]
    hold_cpu_per_min: float
    chromium_cpu_per_min: float
    ticks: int
    load_hold: float


def tree_cpu(process: psutil.Process) -> dict[int, float]:
    """CPU seconds so far of ``process`` and each of its descendants, by pid."""
    found = {process.pid: cpu_of(process)}
    with contextlib.suppress(psutil.NoSuchProcess):
        for child in process.children(recursive=True):
            found[child.pid] = cpu_of(child)
    return found


def cpu_since(process: psutil.Process, before: dict[int, float]) -> float:
    """CPU seconds ``process`` and its descendants used since ``before`` (:func:`tree_cpu`);
    a kernel started since counts from zero, one that ended since is not counted."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in tree_cpu(process).items())


async def open_coach(playwright, url: str):
    """The coach's own browser: log in to the coach app and pick the first member, once the
    session page is shown. Returns the browser, the page and the seconds it took."""
    browser = await launch(playwright)
    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    start = time.perf_counter()
    await page.goto(url, timeout=PAGE_TIMEOUT_MS)
    await page.fill("#password", PASSWORD)
    async with page.expect_navigation(timeout=PAGE_TIMEOUT_MS):
        await page.click("button[type=submit]")
    await page.locator(".tk-page select").first.select_option(index=1)  # after "Choose..."
    await page.locator(".tk-session-prep").wait_for(state="visible")
    return browser, page, time.perf_counter() - start


async def full_page_tick(page) -> Callable[[], Awaitable[None]]:
    """On the full page: open the targets form; returns a tick of the first target that
    waits until the form says it is saved."""
    await page.get_by_role("button", name="Tick or edit my targets").click()
    line = page.locator(".widget-hbox", has=page.get_by_placeholder("target 1", exact=True))
    return partial(tick_until_saved, line.locator("input[type=checkbox]"), ".tk-save-status")


async def month_page_tick(page) -> Callable[[], Awaitable[None]]:
    """On the month page: a tick of the first target that waits until saved."""
    return partial(tick_until_saved, page.get_by_label("Target 1 done"), "#status")


async def tick_until_saved(tick, status: str) -> None:
    checked = await tick.is_checked()
    await tick.click()
    await expect(tick).to_be_checked(checked=not checked)
    await expect(tick.page.locator(status)).to_have_text(SAVED)


#: What each ``--page`` prepares on a member's page: a tick that saves.
TICKS = {"full": full_page_tick, "month": month_page_tick}


async def tick_now_and_then(tick, offset: float, every: float, until: float) -> int:
    """After ``offset`` s, ``tick()`` every ``every`` s until ``until`` (monotonic); how
    many ticks."""
    await asyncio.sleep(offset)
    ticks = 0
    while time.monotonic() < until:
        await tick()
        ticks += 1
        await asyncio.sleep(max(0.0, min(every, until - time.monotonic())))
    return ticks


def median_of(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def megabytes(value: float) -> str:
    """``value`` MB rounded, or a dash when there is none (no member kernel on the month
    page)."""
    return "–" if math.isnan(value) else f"{value:.0f}"


def wait_refilled(memory: Memory, wanted: int) -> float:
    """Wait until the server runs ``wanted`` kernels (the pools refilled after the
    arrivals), or their number stopped changing for longer than a refill can take (the
    server's kernel cap); seconds waited."""
    start = changed = time.monotonic()
    count = len(memory.kernels())
    while count < wanted and time.monotonic() - changed < REFILL_QUIET_S:
        if time.monotonic() - start > START_TIMEOUT_S:
            raise RuntimeError(f"the pools did not refill in {START_TIMEOUT_S} s")
        time.sleep(1)
        if (now := len(memory.kernels())) != count:
            count, changed = now, time.monotonic()
    return time.monotonic() - start


async def measure(members: int, kind: str, within: float, hold: float, every: float) -> Figures:
    """One fresh server with ``members`` members opening ``kind`` of page (a key of
    ``burst_bench.PAGES``): idle, coach in, arrivals, refills, hold."""
    tab, usable = PAGES[kind]
    with group_server(members, PASSWORD, tab) as (server, links):
        settle(START_TIMEOUT_S)
        memory = Memory(psutil.Process(server.process.pid))
        load_before = os.getloadavg()[0]
        idle = Footprint.of(memory)
        print(f"N={members}: load average {load_before:.1f}; idle (pools full): {idle}")
        threading.Thread(target=memory.sample, daemon=True).start()
        playwright = await async_playwright().start()
        coach_url = links[0].split("/voila/")[0] + "/voila/render/coach_session.ipynb"
        coach_browser, coach_page, coach_open = await open_coach(playwright, coach_url)
        coach_kernel = await coach_page.evaluate(KERNEL_ID)
        settle(START_TIMEOUT_S)
        coach_in = Footprint.of(memory)
        print(f"  coach app open after {coach_open:.1f} s: {coach_in}")

        before = tree_cpu(memory.server)
        times, pages, handles = await burst(links, within, usable)
        settle(START_TIMEOUT_S)
        arrived = Footprint.of(memory)
        first_tab = memory.kernels()
        member_kernels = {await page.evaluate(KERNEL_ID) for page in pages if kind == "full"}
        print(f"  {members} members connected (first tab): {arrived}")
        # the full page's targets form is opened now, before the hold measures steady work
        ticks = await asyncio.gather(*(TICKS[kind](page) for page in pages))
        refills = wait_refilled(memory, idle.kernels + len(member_kernels) + 1)
        settle(START_TIMEOUT_S)
        arrivals_cpu = cpu_since(memory.server, before)
        refilled = Footprint.of(memory)
        print(f"  forms open, pools refilled after {refills:.0f} s: {refilled}")

        start = time.monotonic()
        before, chromium = tree_cpu(memory.server), chromium_cpu()
        step = every / len(pages)
        done = await asyncio.gather(
            *(tick_now_and_then(t, i * step, every, start + hold) for i, t in enumerate(ticks))
        )
        hold_s = time.monotonic() - start
        hold_cpu = cpu_since(memory.server, before)
        browsers = sum(chromium_since(chromium).values())
        load_hold = os.getloadavg()[0]
        held = Footprint.of(memory)
        kernels = memory.kernels()
        memory.running = False
        ready = sorted(mb for k, mb in kernels.items() if k not in member_kernels | {coach_kernel})
        figures = Figures(
            members=members,
            page=kind,
            load_before=load_before,
            idle=idle,
            coach_in=coach_in,
            arrived=arrived,
            refilled=refilled,
            held=held,
            peak_rss=max(memory.peak, held.rss),
            coach_open_s=coach_open,
            open_median_s=statistics.median(times),
            open_max_s=max(times),
            arrivals_cpu=arrivals_cpu,
            refills_s=refills,
            member_first_tab_mb=median_of([first_tab[k] for k in member_kernels if k in first_tab]),
            member_form_mb=median_of([kernels[k] for k in member_kernels if k in kernels]),
            coach_kernel_mb=kernels.get(coach_kernel, math.nan),
            ready_kernels_mb=ready,
            hold_cpu_per_min=hold_cpu * 60 / hold_s,
            chromium_cpu_per_min=browsers * 60 / hold_s,
            ticks=sum(done),
            load_hold=load_hold,
        )
        report(figures)
        await close_all(pages, handles)
        await coach_browser.close()
        await playwright.stop()
        return figures


def report(f: Figures) -> None:
    print(
        f"  members usable after: median {f.open_median_s:.1f} s, max {f.open_max_s:.1f} s; "
        f"server + kernels {f.arrivals_cpu:.1f} CPU s for the arrivals, forms and refills\n"
        f"  held {f.members} connected: {f.ticks} ticks saved; end: {f.held}; "
        f"peak RSS {f.peak_rss:,.0f} MB\n"
        f"  kernel RSS: a member's {megabytes(f.member_first_tab_mb)} MB after the first tab, "
        f"{megabytes(f.member_form_mb)} MB with the targets form (medians); the coach's "
        f"{f.coach_kernel_mb:.0f} MB; the ready ones "
        + ", ".join(f"{mb:.0f}" for mb in f.ready_kernels_mb)
        + " MB\n"
        f"  CPU s per minute held: server + kernels {f.hold_cpu_per_min:.1f}, Chromium "
        f"{f.chromium_cpu_per_min:.1f}; load average {f.load_hold:.1f}",
        flush=True,
    )


def table(rows: list[Figures]) -> str:
    """All N's figures as a markdown table (benchmarks/README.md): memory as PSS / RSS."""
    lines = [
        "| N, page | load avg before / held | idle (kernels) | coach in | N connected, first tab "
        "| forms open, pools refilled (kernels) | end of hold | peak RSS | kernel RSS: member "
        "first tab / form, coach | CPU s: arrivals + refills / per min held | Chromium CPU s "
        "per min held | usable: median / max | coach app |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def mb(footprint: Footprint, kernels: bool = False) -> str:
        count = f" ({footprint.kernels})" if kernels else ""
        return f"{footprint.pss:,.0f} / {footprint.rss:,.0f}{count}"

    for f in rows:
        lines.append(
            f"| {f.members}, {f.page} | {f.load_before:.1f} / {f.load_hold:.1f} "
            f"| {mb(f.idle, True)} | {mb(f.coach_in)} | {mb(f.arrived)} "
            f"| {mb(f.refilled, True)} | {mb(f.held)} "
            f"| {f.peak_rss:,.0f} | {megabytes(f.member_first_tab_mb)} / "
            f"{megabytes(f.member_form_mb)}, "
            f"{f.coach_kernel_mb:.0f} | {f.arrivals_cpu:.1f} / {f.hold_cpu_per_min:.1f} "
            f"| {f.chromium_cpu_per_min:.1f} | {f.open_median_s:.1f} / {f.open_max_s:.1f} s "
            f"| {f.coach_open_s:.1f} s |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", default="1,5,10,20", help="comma-separated group sizes")
    parser.add_argument(
        "--page", choices=sorted(PAGES), default="full", help="what the members open"
    )
    parser.add_argument("--within", type=float, default=5, help="seconds the members arrive in")
    parser.add_argument("--hold", type=float, default=60, help="seconds everybody stays")
    parser.add_argument("--tick-every", type=float, default=20, help="seconds between ticks")
    args = parser.parse_args()
    rows = [
        asyncio.run(measure(int(n), args.page, args.within, args.hold, args.tick_every))
        for n in args.members.split(",")
    ]
    print(table(rows))


if __name__ == "__main__":
    main()
