"""The server's kernel manager: refills hurried for a visitor, and which kernels are culled."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from types import SimpleNamespace

import pytest

from tests.conftest import run_async
from toolkit.kernel_manager import AppKernelManager

APP = "participant.ipynb"


def ready(kernel_id: str) -> Future:
    """A pool entry whose kernel is preheated and ready (Voila keeps tasks; they answer
    ``done()`` and ``exception()`` alike)."""
    future = Future()
    future.set_result({"kernel_id": kernel_id})
    return future


@pytest.mark.parametrize(
    ("pool", "hurried"),
    [
        (["a", "b", "c"], False),  # kernels to spare: the refill may pause
        (["a", None], True),  # the visitor takes the last ready kernel
        ([None, None], True),  # the visitor waits for a kernel still starting
        ([], True),
    ],
)
def test_a_visitor_who_finds_no_spare_kernel_hurries_a_refill(pool, hurried):
    manager = AppKernelManager()
    manager._pools = {APP: [ready(k) if k else Future() for k in pool]}
    manager.visitor_arrives(APP)
    assert manager.refills._hurried == (1 if hurried else 0)


def kernel(idle_seconds: float, state: str = "idle") -> SimpleNamespace:
    now = dt.datetime.now(dt.UTC)
    return SimpleNamespace(
        last_activity=now - dt.timedelta(seconds=idle_seconds), execution_state=state
    )


@pytest.mark.parametrize(
    ("idle_seconds", "connections", "state", "culled"),
    [
        (100, 0, "idle", True),  # its tab was closed 100 s ago
        (30, 0, "idle", False),  # closed only 30 s ago (or a page reconnecting)
        (100, 1, "idle", False),  # a page is still open: --idle-minutes decides
        (100, 0, "busy", False),  # still running a cell
        (100, None, "idle", False),  # handed out, its page still loading
        (400, None, "idle", True),  # ... or it never will
    ],
)
def test_a_kernel_no_page_uses_is_culled_after_90_seconds(
    idle_seconds, connections, state, culled, monkeypatch
):
    manager = AppKernelManager()
    manager._kernels["k"] = kernel(idle_seconds, state)
    manager._kernel_connections["k"] = 0
    if connections is not None:  # a page connected (and maybe left)
        manager.notify_connect("k")
        manager._kernel_connections["k"] = connections
    shut_down: list[str] = []

    async def shutdown_kernel(kernel_id: str, *args, **kwargs) -> None:
        shut_down.append(kernel_id)

    async def idle_culling(self, kernel_id: str) -> None:
        """Jupyter Server's own rule (connected idle pages), not under test here."""

    monkeypatch.setattr(manager, "shutdown_kernel", shutdown_kernel)
    monkeypatch.setattr(
        "jupyter_server.services.kernels.kernelmanager.AsyncMappingKernelManager"
        ".cull_kernel_if_idle",
        idle_culling,
    )
    run_async(manager.cull_kernel_if_idle("k"))
    assert shut_down == (["k"] if culled else [])
