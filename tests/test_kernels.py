"""Pool refills: paused while a group arrives, at once for a visitor who found no ready
kernel."""

from __future__ import annotations

import asyncio
import time

import psutil

from tests.conftest import run_async
from toolkit.kernels import RefillGate, available_memory_mb, container_room_mb

LONG = 30.0  # a pause no test waits out


def test_a_refill_pauses_for_the_delay_when_nobody_waits():
    async def scenario() -> tuple[bool, float]:
        gate = RefillGate(0.05)
        gate.arrived()
        start = time.monotonic()
        hurried = await gate.pause()
        return hurried, time.monotonic() - start

    hurried, waited = run_async(scenario())
    assert hurried is False
    assert waited >= 0.04


def test_each_arrival_restarts_the_pause_so_refills_wait_for_the_group():
    async def scenario() -> float:
        gate = RefillGate(0.2)
        gate.arrived()
        start = time.monotonic()
        refill = asyncio.create_task(gate.pause())
        await asyncio.sleep(0.15)
        gate.arrived()  # another member arrives before the pause is over
        await refill
        return time.monotonic() - start

    assert run_async(scenario()) >= 0.15 + 0.18


def test_a_waiting_visitor_starts_the_oldest_pausing_refill_at_once():
    async def scenario() -> tuple[bool, bool]:
        gate = RefillGate(LONG)
        gate.arrived()
        first = asyncio.create_task(gate.pause())
        second = asyncio.create_task(gate.pause())
        await asyncio.sleep(0)  # both are pausing now
        gate.hurry()
        hurried = await asyncio.wait_for(first, 5)
        still_pausing = not second.done()
        second.cancel()
        return hurried, still_pausing

    assert run_async(scenario()) == (True, True)


def test_a_hurry_with_no_refill_pausing_lets_the_next_refill_go_at_once():
    async def scenario() -> list[bool]:
        gate = RefillGate(LONG)
        gate.hurry()
        return [await asyncio.wait_for(gate.pause(), 5)]

    assert run_async(scenario()) == [True]


def test_refills_start_one_after_the_other():
    async def scenario() -> list[float]:
        gate = RefillGate(0.0, spacing=0.2)
        start = time.monotonic()
        refills = [asyncio.create_task(gate.pause()) for _ in range(3)]
        started = []
        for refill in asyncio.as_completed(refills):
            assert await refill is False
            started.append(time.monotonic() - start)
        return started

    first, second, third = run_async(scenario())
    assert first < 0.1
    assert second >= 0.18
    assert third >= 0.38


def cgroup(folder, limit: str, current: int):
    (folder / "memory.max").write_text(f"{limit}\n")
    (folder / "memory.current").write_text(f"{current}\n")
    return folder


def test_a_containers_limit_leaves_the_room_it_leaves(tmp_path):
    """A pod limited to 4 GiB that uses 1 GiB has 3 GiB (3072 MB) for kernels, whatever the
    node has."""
    assert container_room_mb(cgroup(tmp_path, str(4 * 2**30), 2**30)) == 3072
    assert container_room_mb(cgroup(tmp_path, str(2**30), 2 * 2**30)) == 0  # over: none
    assert container_room_mb(cgroup(tmp_path, "max", 2**30)) is None  # no limit
    assert container_room_mb(tmp_path / "nothing") is None  # not in a container


def test_the_memory_budget_is_the_smaller_of_machine_and_container(tmp_path, monkeypatch):
    machine = psutil.virtual_memory().available // 2**20
    monkeypatch.setattr("toolkit.kernels.CGROUP", cgroup(tmp_path, str(2**30), 0))
    assert available_memory_mb() == min(machine, 1024)
