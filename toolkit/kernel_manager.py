"""The kernel manager of ``retention serve``: which app each kernel runs, the cap, pool
refills that pause unless a visitor waits, and culling of kernels no page uses (the policy
is in :mod:`toolkit.kernels`)."""

from __future__ import annotations

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Float, Integer

from toolkit.kernels import (
    DISCONNECTED_SECONDS,
    MAX_KERNELS,
    NEVER_CONNECTED_SECONDS,
    REFILL_DELAY_SECONDS,
    REFILL_SPACING_SECONDS,
    RefillGate,
)

#: Voila's environment variable saying a kernel is started for a pool.
PREHEAT_ENV = "VOILA_PREHEAT"


class AppKernelManager(AsyncMappingKernelManager):
    """Notes which app page each kernel was started for, caps how many may run, holds
    pool refills back while nobody waits, and culls kernels no page uses.

    ``max_kernels`` bounds the kernels of the whole server (preheated ones included): a
    flood of page loads cannot exhaust the machine's memory. Voila builds its pooling
    manager as a subclass of this class, so a pooled kernel also starts here.
    """

    max_kernels = Integer(MAX_KERNELS, config=True, help="Most kernels running at once.")
    refill_delay = Float(
        REFILL_DELAY_SECONDS,
        config=True,
        help="Seconds a pool refill waits after a kernel was handed out, unless a visitor "
        "found no ready kernel.",
    )
    refill_spacing = Float(
        REFILL_SPACING_SECONDS,
        config=True,
        help="Seconds between the starts of two pool refills (unless a visitor waits).",
    )
    cull_disconnected_timeout = Integer(
        DISCONNECTED_SECONDS,
        config=True,
        help="Seconds without a message after which a kernel no page is connected to is shut down.",
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.apps: dict[str, str] = {}
        #: Kernels a page has connected to at least once.
        self.connected_once: set[str] = set()
        self.refills = RefillGate(self.refill_delay, self.refill_spacing)
        #: Pooled kernels started so far; the first fill of the pools does not pause.
        self.pooled_starts = 0

    @property
    def full(self) -> bool:
        return len(self.list_kernel_ids()) >= self.max_kernels

    def first_fill(self) -> int:
        """Kernels the pools hold when full (started at once when the server starts)."""
        pools = getattr(self, "kernel_pools_config", {})
        return sum(pool.get("pool_size", 0) for name, pool in pools.items() if name != "default")

    def ready_kernels(self, notebook: str) -> int:
        """Preheated kernels of ``notebook`` ready to be handed out now."""
        pool = getattr(self, "_pools", {}).get(notebook, [])
        return sum(1 for task in pool if task.done() and not task.exception())

    def visitor_arrives(self, notebook: str) -> None:
        """A page of ``notebook`` is requested: when it takes the last ready kernel or
        finds none, the pool refills without its pause."""
        self.refills.arrived()
        ready = self.ready_kernels(notebook)
        self.log.info("%s requested: %d preheated kernel(s) ready", notebook, ready)
        if ready <= 1:
            self.refills.hurry()

    # jupyter_client types start_kernel and shutdown_kernel as MultiKernelManager's
    # synchronous methods, which the async managers this one derives from replace.
    async def start_kernel(self, *args, **kwargs) -> str:  # type: ignore[override]
        env = kwargs.get("env") or {}
        if env.get(PREHEAT_ENV) == "True":
            self.pooled_starts += 1
            if self.pooled_starts > self.first_fill():
                await self.refills.pause()
        if self.full:
            raise web.HTTPError(503, "the server is full")
        kernel_id = await super().start_kernel(*args, **kwargs)
        script = env.get("SCRIPT_NAME", "")
        if script:
            self.apps[kernel_id] = script.rsplit("/", 1)[-1]
        return kernel_id

    def app_of(self, kernel_id: str) -> str | None:
        """The app notebook a kernel runs, or None for a kernel this server did not start."""
        # Voila's own record of its pools first: a pooled kernel's environment may carry
        # the SCRIPT_NAME of whichever request made its pool refill, another app's.
        pooled = getattr(self, "_get_notebook_from_kernel", lambda _: None)(kernel_id)
        return pooled.rsplit("/", 1)[-1] if pooled else self.apps.get(kernel_id)

    def notify_connect(self, kernel_id: str) -> None:
        self.connected_once.add(kernel_id)
        super().notify_connect(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs) -> None:  # type: ignore[override]
        self.apps.pop(kernel_id, None)
        self.connected_once.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)

    def abandoned(self, kernel_id: str) -> bool:
        """No page is connected to the kernel and it sent nothing for
        ``cull_disconnected_timeout`` seconds (its tab was closed); a kernel handed out to a
        page that never connected (still loading on a slow line, or closed while loading)
        gets ``NEVER_CONNECTED_SECONDS``."""
        kernel = self._kernels[kernel_id]
        if self._kernel_connections.get(kernel_id, 0) or not hasattr(kernel, "last_activity"):
            return False
        idle = (utcnow() - kernel.last_activity).total_seconds()
        limit = (
            self.cull_disconnected_timeout
            if kernel_id in self.connected_once
            else max(self.cull_disconnected_timeout, NEVER_CONNECTED_SECONDS)
        )
        return idle > limit and kernel.execution_state != "busy"

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Shut down an abandoned kernel; otherwise Jupyter Server's idle culling."""
        if self.abandoned(kernel_id):
            self.log.warning("Culling kernel %s: no page connected to it", kernel_id)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)
