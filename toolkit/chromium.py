"""Debian's Chromium driven by Playwright, as the browser tests and the app benchmark use it.

Always the system browser (``/usr/bin/chromium``), never one downloaded by Playwright, with
the flags that keep it quiet and working in a container: no sandbox (no user namespaces
there), no GPU, and no background traffic (updates, sync, first-run pages) that would
disturb a measurement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from a started ``sync_playwright()`` object."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
