"""The kernels behind the served pages: how many to keep warm, when to refill, when to let go.

- **How many** (:func:`plan_kernels`): a mastermind group opens its links within seconds,
  so ``retention serve --expect N`` preheats N participant kernels. Memory bounds it: the
  server may use :data:`MEMORY_SHARE` of the memory available when it starts (in a
  container, what its limit leaves: :func:`container_room_mb`), at
  :data:`KERNEL_MB` a kernel, and the cap on kernels leaves room for the group's kernels
  *and* a full refill of the pool (``2 N`` plus the coach apps' pools).
- **When to refill** (:class:`RefillGate`): kernels handed out are replaced once
  :data:`REFILL_DELAY_SECONDS` passed without a visitor, so that the new kernels' imports
  do not compete for the CPU with the pages just handed out; but a visitor who finds no
  ready kernel is not made to wait for that pause: the oldest pausing refill starts at once.
  Refills then start one every :data:`REFILL_SPACING_SECONDS`, not all together.
- **When to let go** (:class:`toolkit.kernel_manager.AppKernelManager`): a kernel no page
  is connected to (its tab was closed, a phone dropped it) is shut down after
  :data:`DISCONNECTED_SECONDS` without a message; a kernel whose page is open but idle
  after ``--idle-minutes``. The page then says its connection is lost. Preheated kernels
  waiting in the pool are never culled.

This module imports nothing heavy: the app kernels import :mod:`toolkit.serve`, which uses it.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

#: Resident memory of a participant kernel after its first tab (measured with
#: ``benchmarks/burst_bench.py``, rounded up): what the memory budget counts per kernel.
KERNEL_MB = 150
#: The share of the memory available at start-up the server's kernels may fill.
MEMORY_SHARE = 0.75
#: The fewest kernels the server accepts (the coach apps' pools and two pages).
MIN_KERNELS = 4
#: Kernels the server runs at most unless ``--max-kernels`` says otherwise (or more
#: are expected).
MAX_KERNELS = 30
#: Members expected at once unless ``--expect`` says otherwise.
EXPECTED_MEMBERS = 4
#: Seconds a refill waits after the latest visitor, unless a visitor is waiting.
REFILL_DELAY_SECONDS = 15.0
#: Seconds between two refills' starts (a participant kernel's preheat is about 2 s of CPU).
REFILL_SPACING_SECONDS = 4.0
#: A kernel with no page connected is shut down after this many seconds without a message.
DISCONNECTED_SECONDS = 90
#: A kernel handed out to a page that never connected to it goes after this many seconds.
NEVER_CONNECTED_SECONDS = 300
#: A kernel whose page is open is shut down after this many minutes without a message.
IDLE_MINUTES = 60
#: Where a Linux container's (cgroup v2) memory limit and use are read.
CGROUP = Path("/sys/fs/cgroup")
#: How often (seconds) kernels are checked for culling: a closed tab's kernel goes within
#: ``DISCONNECTED_SECONDS + CULL_INTERVAL_SECONDS``, two minutes.
CULL_INTERVAL_SECONDS = 30


def container_room_mb(cgroup: Path = CGROUP) -> int | None:
    """Memory (MB) this process's container may still take (cgroup v2: ``memory.max`` less
    ``memory.current``), or None when it has no limit (or is not in a container).

    Inside a Kubernetes pod the machine's figures are the node's, not the pod's: a budget
    made from them would start kernels until the pod is killed for running out of memory.
    """
    try:
        limit = (cgroup / "memory.max").read_text().strip()
        used = int((cgroup / "memory.current").read_text())
    except (OSError, ValueError):
        return None
    if not limit.isdigit():  # "max": no limit
        return None
    return max(0, int(limit) - used) // 2**20


def available_memory_mb() -> int:
    """Memory (MB) new processes can have now without swapping: what the machine has
    available, or less when the container's limit leaves less."""
    import psutil  # installed with ipykernel; only the server asks

    machine = psutil.virtual_memory().available // 2**20
    room = container_room_mb(CGROUP)
    return machine if room is None else min(machine, room)


@dataclass(frozen=True)
class KernelPlan:
    """How many participant kernels to preheat and how many kernels to run at most."""

    participant_pool: int
    max_kernels: int
    #: The memory budget behind it: available memory (MB) and kernels it holds.
    available_mb: int
    memory_kernels: int

    def describe(self) -> str:
        return (
            f"{self.participant_pool} participant kernels preheated, at most "
            f"{self.max_kernels} kernels (memory for {self.memory_kernels}: "
            f"{MEMORY_SHARE:.0%} of {self.available_mb} MB available at {KERNEL_MB} MB each)"
        )


def plan_kernels(
    expect: int, available_mb: int, max_kernels: int | None = None, other_pools: int = 2
) -> KernelPlan:
    """The pool for ``expect`` members arriving at once, within the memory budget.

    ``max_kernels`` (the ``--max-kernels`` option) is obeyed when given; otherwise the cap
    is ``max(MAX_KERNELS, 2 * expect + other_pools)`` bounded by memory. The pool is then
    ``min(expect, (min(cap, memory) - other_pools) // 2)``, at least 1: the group's kernels
    and a full refill both fit.

    >>> plan_kernels(20, 24_000).participant_pool
    20
    >>> plan_kernels(20, 2_000).participant_pool  # memory for 10 kernels
    4
    """
    memory_kernels = int(available_mb * MEMORY_SHARE // KERNEL_MB)
    if max_kernels is None:
        max_kernels = min(max(MAX_KERNELS, 2 * expect + other_pools), memory_kernels)
    max_kernels = max(MIN_KERNELS, max_kernels)
    room = min(max_kernels, memory_kernels) - other_pools
    pool = max(1, min(expect, room // 2))
    return KernelPlan(pool, max_kernels, available_mb, memory_kernels)


class RefillGate:
    """Holds pool refills back until ``delay`` seconds passed without a visitor, then lets
    them start one every ``spacing`` seconds, unless a visitor needs one.

    A group arriving over ten seconds should not have its pages slowed by replacement
    kernels importing beside them: the pause runs from the latest :meth:`arrived`, not
    from each hand-out, and the replacements start one after the other rather than twenty
    at once (on two cores, twenty kernels importing together held the CPU for a minute).
    :meth:`pause` is awaited by a refill before its kernel starts; :meth:`hurry` lets the
    oldest pausing refill go at once, or the next one to pause if none is pausing now.
    """

    def __init__(self, delay: float, spacing: float = 0.0) -> None:
        self.delay = delay
        self.spacing = spacing
        self._pausing: deque[asyncio.Future[None]] = deque()
        self._hurried = 0
        self._last_arrival = -math.inf
        self._next_start = -math.inf

    def arrived(self) -> None:
        """A visitor was handed a kernel: refills wait ``delay`` seconds from now."""
        self._last_arrival = time.monotonic()

    def _left(self) -> float:
        start = max(self._last_arrival + self.delay, self._next_start)
        return start - time.monotonic()

    async def pause(self) -> bool:
        """Wait until ``delay`` seconds passed since the latest arrival and ``spacing``
        since the previous refill started, or a :meth:`hurry`; True when hurried."""
        if self._hurried:
            self._hurried -= 1
            return True
        waiter = asyncio.get_running_loop().create_future()
        self._pausing.append(waiter)
        try:
            while (left := self._left()) > 0:
                try:
                    await asyncio.wait_for(asyncio.shield(waiter), left)
                except TimeoutError:
                    continue
                return True
            self._next_start = time.monotonic() + self.spacing
            return False
        finally:
            if waiter in self._pausing:
                self._pausing.remove(waiter)

    def hurry(self) -> None:
        """A visitor found no ready kernel: start one refill now."""
        while self._pausing:
            waiter = self._pausing.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._hurried += 1
