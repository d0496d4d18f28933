"""Fixtures shared by the whole suite: the shipped exercises, one Chromium for every
browser test (the browser, load and security suites) and the windows it opens, and a
permissive umask."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from toolkit.chromium import CHROMIUM, launch
from toolkit.demo import create_demo
from toolkit.exercises import Exercise, load_all
from toolkit.store import Workspace

#: The store tests' second backend, PostgreSQL when ``TOOLKIT_TEST_POSTGRES`` names a server;
#: new SQLite workspaces copied from one migrated once per session.
pytest_plugins = ["tests.postgres", "tests.migrated_template"]

#: Test folders whose every test is marked, so ``make test-fast`` can leave them out even
#: when a module forgets its ``pytestmark``: the servers and Chromium, the kernels.
FOLDER_MARKS = {
    "browser": "browser",
    "load": "browser",
    "security": "slow",
    "notebooks": "notebooks",
}
#: How long an assertion waits for the page to reach the expected state (a widget
#: update goes to the kernel and back, on a busy 2-core machine).
EXPECT_TIMEOUT_MS = 30_000


#: Test folders whose files share one server (a package fixture): run by one worker, so
#: the server starts once (``make test`` spreads the suite over workers file by file).
SHARED_FOLDERS = ("load",)
#: Work heaviest first: a file with a test of the first marks here runs before one with the
#: second's, and so on; the many quick files come last and fill the workers to the end.
HEAVY_FIRST = (("browser", "notebooks"), ("slow",))


def folder_of(path: Path) -> str:
    """The first folder below tests/ of a test file (empty for a file in tests/ itself)."""
    root = Path(__file__).parent
    parts = path.relative_to(root).parts if path.is_relative_to(root) else ()
    return parts[0] if len(parts) > 1 else ""


def work_unit(nodeid: str) -> str:
    """The tests one worker runs together: a test file's, or a whole shared folder's
    (``tests/load/test_typing.py::test_x`` -> ``tests/load``)."""
    path = nodeid.split("::", 1)[0]
    parts = path.split("/")
    if len(parts) > 2 and parts[1] in SHARED_FOLDERS:
        return "/".join(parts[:2])
    return path


def weight(items: list[pytest.Item]) -> tuple[int, bool]:
    """Sort key of a work unit: its rank in :data:`HEAVY_FIRST` (0 runs first), a shared
    folder (several files' worth) before a single file of its rank."""
    marks = {mark.name for item in items for mark in item.iter_markers()}
    rank = next(
        (rank for rank, names in enumerate(HEAVY_FIRST) if marks & set(names)), len(HEAVY_FIRST)
    )
    return rank, folder_of(items[0].path) not in SHARED_FOLDERS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of a folder in :data:`FOLDER_MARKS` with that folder's mark, then
    order the work units heaviest first (a unit's tests stay together, in their order)."""
    for item in items:
        folder = folder_of(item.path)
        if folder in FOLDER_MARKS:
            item.add_marker(FOLDER_MARKS[folder])
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(work_unit(item.nodeid), []).append(item)
    ranked = sorted(units.values(), key=weight)  # stable: collection order within a rank
    items[:] = [item for unit in ranked for item in unit]


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent with -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under ``--dist loadfile``: hand out :func:`work_unit` groups in collection order
    (heaviest first, see above) instead of xdist's order by number of tests, which
    leaves the few long browser and load tests for the end."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False
    return WorkUnits(config, log)


@pytest.fixture(scope="session")
def exercises() -> dict[str, Exercise]:
    """The shipped exercises, loaded once."""
    return load_all()


def copy_workspace(source: Path, target: Path) -> Workspace:
    """Open a copy of the (closed) workspace folder ``source`` at ``target``: the same
    database and files, private as the original, for a test that changes it."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return Workspace.open(target)


@pytest.fixture(scope="session")
def one_firm_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a one-firm demo workspace (northfield, 30 clients), made once per
    session and never changed: a test that writes gets its own copy (:func:`one_firm_ws`)."""
    directory = tmp_path_factory.mktemp("one-firm-demo")
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=1, clients=30)
    return directory


@pytest.fixture
def one_firm_ws(one_firm_demo: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the one-firm demo in ``tmp_path``, open: what ``create_demo(ws,
    participants=1, clients=30)`` on a new workspace there gives, without generating it."""
    with copy_workspace(one_firm_demo, tmp_path) as workspace:
        yield workspace


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Run the test under umask 022, which leaves new files 0644 and folders 0755, so a
    private mode the test finds was given by the toolkit, not by the shell's umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Windows:
    """Browser contexts kept from one test to the next: a test's every page gets a context
    of its own (separate people's browsers), yet one that has already loaded Voila's
    scripts (about 5 MB), so Chromium spends about 0.4 s of CPU on a page instead of 1.2 s.
    Between tests a context keeps only its cache: its pages are closed and cookies cleared.
    """

    #: Granted to every context: the load tests copy and paste.
    PERMISSIONS = ("clipboard-read", "clipboard-write")

    def __init__(self, browser) -> None:
        self._browser = browser
        self._free: list = []
        self._lent: list = []

    def open(self, width: int = 1280, height: int = 800):
        """A new page, ``width`` by ``height`` pixels, in a context no other page uses."""
        if self._free:
            context = self._free.pop()
        else:
            context = self._browser.new_context(permissions=list(self.PERMISSIONS))
        self._lent.append(context)
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        return page

    def give_back(self) -> None:
        """Close the pages of the contexts lent out and take those back, cookies cleared."""
        for context in self._lent:
            for page in context.pages:
                page.close()
            context.clear_cookies()
        self._free.extend(self._lent)
        self._lent.clear()


@pytest.fixture(scope="session")
def windows_kept(browser) -> Windows:
    return Windows(browser)


@pytest.fixture
def new_page(windows_kept: Windows) -> Iterator[Callable[..., object]]:
    """``new_page(width=1280, height=800)``: a blank page in a browser context of its own
    (see :class:`Windows`); closed after the test."""
    yield windows_kept.open
    windows_kept.give_back()


def run_async(coroutine):
    """Run ``coroutine`` to its end in a thread of its own: the test process may already
    have an event loop running (Playwright's), where ``asyncio.run`` is refused."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
