"""What one personal page costs: CPU of the browser, the server and the kernel, and bytes.

A group arriving at once (``burst_bench.py``) shares two cores between every member's
browser tab, the server and the kernels, so the time to a usable page in a burst is about
the sum of the pages' CPU divided by the cores. This benchmark measures that CPU one page
at a time, so that a busy machine (other jobs) changes the figures little: it starts
``retention serve --expect N`` on a demo mastermind, waits until the pool is full and
everything is quiet, then opens ``--pages`` members' full pages one after the other
(default 3; the Voila page, ``&tab=this-month``: the month page a personal link opens first
costs next to nothing), each in a browser context of its own (nothing cached between
members), and for each page measures, from navigation until the page is *usable* (as
``burst_bench.py --page full`` defines it)
and then until everything is quiet again:

- CPU seconds of Chromium's processes: its browser process, the page's renderer, the GPU
  process and the network service (``--type`` of each process),
- CPU seconds of the server process, and of the kernel handed to the page,
- bytes received (as on the wire, so after gzip) and HTTP requests, from the DevTools
  protocol, and the widget model states and frames the page received over its websocket.

With ``--bare`` it then loads, the same way, a bare Voila page of one button (Voila's
defaults, a kernel started on demand): what Voila's front end alone costs the browser.

It prints one line per page, the medians, and the CPU a burst of ``--members`` such pages
needs on two cores.

    .venv/bin/python benchmarks/page_cost_bench.py [--pages 3] [--members 20] [--bare]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from app_bench import START_TIMEOUT_S, Server, settle
from burst_bench import (
    HANDED_OUT,
    PAGE_TIMEOUT_MS,
    chromium_cpu,
    chromium_since,
    cpu_of,
    group_server,
)

from toolkit.chromium import launch
from toolkit.serve import free_port

#: A widget model's state, as the kernel sends it to the page.
MODEL_STATE = re.compile(rb'"_model_name"\s*:')
CORES = 2
BUTTON = "Tick or edit my targets"


@dataclass
class PageCost:
    """What one page cost, until usable (``*_usable``) and until everything was quiet."""

    seconds: float
    browser_cpu_usable: float
    #: Chromium's CPU seconds by process (browser, renderer, gpu-process, NetworkService).
    chromium: Counter[str] = field(default_factory=Counter)
    server_cpu: float = 0.0
    kernel_cpu: float = 0.0
    kilobytes: float = 0.0
    requests: int = 0
    models: int = 0
    frames: int = 0

    @property
    def browser_cpu(self) -> float:
        return sum(self.chromium.values())

    @property
    def total_cpu(self) -> float:
        return self.browser_cpu + self.server_cpu + self.kernel_cpu

    def line(self) -> str:
        parts = ", ".join(f"{name} {value:.2f}" for name, value in self.chromium.most_common())
        return (
            f"usable after {self.seconds:.2f} s; CPU s: browser {self.browser_cpu:.2f} "
            f"({self.browser_cpu_usable:.2f} until usable; {parts}), server "
            f"{self.server_cpu:.2f}, kernel {self.kernel_cpu:.2f}, total {self.total_cpu:.2f}; "
            f"{self.kilobytes:.0f} kB in {self.requests} requests; {self.models} widget "
            f"models in {self.frames} websocket frames"
        )


def median(costs: list[PageCost]) -> PageCost:
    """The median of each figure (Chromium's by process)."""

    def middle(figure: Callable[[PageCost], float]) -> float:
        return statistics.median(figure(cost) for cost in costs)

    kinds = {kind for cost in costs for kind in cost.chromium}
    return PageCost(
        seconds=middle(lambda c: c.seconds),
        browser_cpu_usable=middle(lambda c: c.browser_cpu_usable),
        chromium=Counter(
            {kind: statistics.median(c.chromium[kind] for c in costs) for kind in kinds}
        ),
        server_cpu=middle(lambda c: c.server_cpu),
        kernel_cpu=middle(lambda c: c.kernel_cpu),
        kilobytes=middle(lambda c: c.kilobytes),
        requests=round(middle(lambda c: c.requests)),
        models=round(middle(lambda c: c.models)),
        frames=round(middle(lambda c: c.frames)),
    )


def children_cpu(server: psutil.Process) -> dict[int, float]:
    """CPU seconds so far of each of the server's child processes (its kernels), by pid."""
    return {process.pid: cpu_of(process) for process in server.children(recursive=True)}


def handed_out_kernel(server: Server) -> str | None:
    """The id of the preheated kernel the server handed out since ``server.mark()``."""
    found = HANDED_OUT.findall("".join(server.lines[server.since :]))
    return found[-1] if found else None


def kernels_cpu(main: psutil.Process, before: dict[int, float], kernel_id: str | None) -> float:
    """CPU seconds since ``before`` of the kernel ``kernel_id`` or, without one (a kernel
    started on demand), of every kernel of the server."""
    used = 0.0
    for process in main.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            if kernel_id is None or f"kernel-{kernel_id}.json" in " ".join(process.cmdline()):
                used += cpu_of(process) - before.get(process.pid, 0.0)
    return used


def measure(browser, url: str, server: Server, usable: Callable[[object], None]) -> PageCost:
    """Open ``url`` in a fresh context, wait for ``usable(page)`` and then for quiet; what
    it cost (see the module docstring)."""
    main = psutil.Process(server.process.pid)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    cost = PageCost(seconds=0.0, browser_cpu_usable=0.0)

    def finished(event: dict) -> None:
        cost.kilobytes += event.get("encodedDataLength", 0) / 1000

    def sent(_event: dict) -> None:
        cost.requests += 1

    def frame(payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        cost.frames += 1
        cost.models += len(MODEL_STATE.findall(data))

    devtools.on("Network.loadingFinished", finished)
    devtools.on("Network.requestWillBeSent", sent)
    page.on("websocket", lambda socket: socket.on("framereceived", frame))
    settle(START_TIMEOUT_S)
    kernels, chromium, server_start = children_cpu(main), chromium_cpu(), cpu_of(main)
    server.mark()
    start = time.perf_counter()
    page.goto(url, timeout=PAGE_TIMEOUT_MS)
    usable(page)
    cost.seconds = time.perf_counter() - start
    cost.browser_cpu_usable = sum(chromium_since(chromium).values())
    settle(START_TIMEOUT_S)
    cost.chromium = chromium_since(chromium)
    cost.server_cpu = cpu_of(main) - server_start
    cost.kernel_cpu = kernels_cpu(main, kernels, handed_out_kernel(server))
    context.close()
    return cost


def usable_personal_page(page) -> None:
    """The first tab's targets summary and its button are drawn, the button enabled."""
    page.locator(".tk-targets, .tk-muted", has_text=re.compile(r"\S")).first.wait_for()
    button = page.get_by_role("button", name=BUTTON)
    button.wait_for(state="visible")
    if button.is_disabled():
        raise RuntimeError("the button is drawn disabled")


def usable_bare_page(page) -> None:
    page.get_by_role("button", name=BUTTON).wait_for(state="visible")


def bare_voila(folder: Path) -> tuple[Server, str]:
    """A bare Voila (its defaults) on a notebook showing one button; the server and URL."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3"}
    code = f"import ipywidgets as widgets\n\nwidgets.Button(description={BUTTON!r})"
    notebook.cells = [nbformat.v4.new_code_cell(code)]
    folder.mkdir()
    nbformat.write(notebook, folder / "button.ipynb")
    port = free_port()
    command = [sys.executable, "-m", "voila", str(folder / "button.ipynb"), "--no-browser"]
    server = Server([*command, f"--port={port}"], folder)
    server.wait_for("is running at", START_TIMEOUT_S)
    return server, f"http://127.0.0.1:{port}/"


def report(name: str, costs: list[PageCost]) -> PageCost:
    for cost in costs:
        print(f"  {cost.line()}", flush=True)
    middle = median(costs)
    print(f"{name}, median of {len(costs)}: {middle.line()}", flush=True)
    return middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3, help="pages opened, one at a time")
    parser.add_argument(
        "--members", type=int, default=20, help="the burst the CPU figures are scaled to"
    )
    parser.add_argument(
        "--bare", action="store_true", help="also load a bare Voila page of one button"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        with group_server(args.pages, tab="this-month") as (server, links):
            costs = [measure(browser, link, server, usable_personal_page) for link in links]
        page = report("personal page", costs)
        if args.bare:
            with tempfile.TemporaryDirectory() as tmp:
                bare, url = bare_voila(Path(tmp) / "bare")
                try:
                    bare_costs = [
                        measure(browser, url, bare, usable_bare_page) for _ in range(args.pages)
                    ]
                finally:
                    bare.stop()
            report("bare Voila page of one button", bare_costs)
        browser.close()
    need = args.members * page.total_cpu
    print(
        f"{args.members} personal pages need {need:.0f} CPU s, {need / CORES:.1f} s of both "
        f"cores: arrivals within 10 s are kept up with only below 10 s; above it the pages "
        f"wait for each other and most become usable about {need / CORES:.0f} s after the "
        f"first arrival"
    )


if __name__ == "__main__":
    main()
