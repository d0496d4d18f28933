"""A real ``retention serve`` on a demo mastermind, and Debian's Chromium to drive it.

The server runs once per session on a free port against a demo workspace made in a
temporary folder (three firms, few clients, so kernels start fast). Personal keys are
made here and kept in memory; one member's key is rotated so its old link must fail.
Without /usr/bin/chromium the tests are skipped on a laptop but fail in CI (``CI=true``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.apps.conftest import Demo, make_demo
from tests.serving import PREHEAT, start_server, wait_started
from toolkit.serve import free_port
from toolkit.store import Workspace, coach_password
from toolkit.store.participants import personal_link

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
#: Seconds for the server to start and for a page (whose kernel may still be warming up).
START_TIMEOUT_S = 120
PAGE_TIMEOUT_MS = 150_000
COACH_PASSWORD = "coach password for the browser tests"


@dataclass
class Served:
    """The running server: its address, its demo mastermind (workspace and the members'
    personal keys) and its output."""

    base_url: str
    demo: Demo
    log: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Path:
        return self.demo.directory

    @property
    def names(self) -> dict[str, str]:
        return self.demo.names

    @property
    def old_key(self) -> str:
        return self.demo.old_key

    def url(self, app: str, query: str = "") -> str:
        return f"{self.base_url}/voila/render/{app}.ipynb" + (f"?{query}" if query else "")

    def link(self, participant_id: str, tab: str | None = None) -> str:
        """The member's personal link (the month page), or with ``tab`` the full page."""
        return personal_link(self.base_url, self.demo.keys[participant_id], tab)


@contextmanager
def serving(demo: Demo, *options: str) -> Iterator[Served]:
    """``retention serve *options`` on a free port over ``demo``'s workspace, with the coach
    password set; stopped on leaving."""
    directory = demo.directory
    with Workspace.open(directory) as ws:
        coach_password.set_password(ws, COACH_PASSWORD)
    port = free_port()
    server = start_server(directory, "--port", str(port), *options)
    log: list[str] = []
    started = wait_started(server, log, START_TIMEOUT_S)
    served = Served(f"http://127.0.0.1:{port}", demo, log)
    try:
        if not started:
            pytest.fail("retention serve did not start:\n" + "".join(log[-40:]))
        yield served
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``retention serve`` on a free port over a three-firm demo workspace, with kernels
    kept warm as for a coach (the other browser servers start each page's kernel)."""
    with serving(make_demo(tmp_path_factory.mktemp("browser-workspace")), *PREHEAT) as running:
        yield running


OpenPage = Callable[..., object]


def log_in(page, password: str = COACH_PASSWORD) -> None:
    """Fill in the coach login form the page shows and send it."""
    page.fill("#password", password)
    with page.expect_navigation(timeout=PAGE_TIMEOUT_MS):
        page.click("button[type=submit]")


@pytest.fixture
def open_page(new_page) -> OpenPage:
    """``open_page(url, viewport="desktop")``: a new tab (:func:`tests.conftest.new_page`)
    showing the app at ``url`` once its page frame is drawn; closed after the test."""

    def open_(url: str, viewport: str = "desktop"):
        page = new_page(*VIEWPORTS[viewport])
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(url, timeout=PAGE_TIMEOUT_MS)
        if "/login" in page.url:  # a coach app: log in, as the coach does
            log_in(page)
        # an app's header, or the heading of the server's own page (a link that is not valid)
        page.locator(".tk-page .tk-header, main > h1").first.wait_for()
        return page

    return open_


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save the visible page (or, with ``full_page``, all of it) as
    ``artifacts/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def words(page) -> str:
    """The page's visible text, whitespace collapsed."""
    return re.sub(r"\s+", " ", page.inner_text("body"))
