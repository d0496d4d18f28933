"""A served demo group for the load and defect tests, and members' pages on it.

One ``retention serve`` runs for the whole package over a demo mastermind of twelve firms
and six members without business data: the concurrent-editing tests take six members
each (on the full page, then on the month page), every other test one of its own
(:func:`member`), so no test sees another's answers. Its kernel pool is sized for the six
(``--expect``), as a coach serves a group about to meet. The server-crash test kills it
with ``kill -9`` and starts it again on the same workspace, which later tests then use.
Each member's page gets a browser context of its own (as separate people have); when a
test ends its kernel is shut down, so the kernels of a whole run do not pile up.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from tests.apps.conftest import Demo
from tests.load.targets_page import TargetsPage
from tests.security.conftest import Server, running
from toolkit.demo import create_demo
from toolkit.demo.coaching import GROUP_ID
from toolkit.store import Workspace
from toolkit.store.participants import add_participant, personal_link, rotate_key
from toolkit.store.views import members

#: Firms in the demo (the most it has), and members without business data besides: six
#: members edit at once on each page, the others serve one test each.
FIRMS = 12
EXTRA_MEMBERS = 6
#: Members who open their links and edit at the same time.
AT_ONCE = 6
#: Clients per firm: few, so kernels start fast.
CLIENTS = 20


def make_group(directory: Path, firms: int = FIRMS, extra: int = EXTRA_MEMBERS) -> Demo:
    """A demo mastermind of ``firms`` firms and ``extra`` members without business data in
    ``directory``, with a personal key each."""
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=firms, clients=CLIENTS)
        for number in range(firms + 1, firms + extra + 1):
            add_participant(ws, f"Member {number}", f"member-{number}", group_id=GROUP_ID)
        people = members(ws)
        keys = {pid: rotate_key(ws, pid) for pid in people["participant_id"]}
        names = dict(zip(people["participant_id"], people["display_name"], strict=True))
    return Demo(directory, keys, names, old_key="")


class GroupServer:
    """``retention serve`` over the group's workspace, which a test may kill and restart."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self._running: Iterator[Server] | None = None
        self.server: Server = self.start()

    @property
    def workspace(self) -> Path:
        return self.demo.directory

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def link(self, participant_id: str, tab: str | None = None) -> str:
        """The member's personal link (the month page), or with ``tab`` the full page."""
        return personal_link(self.base_url, self.demo.keys[participant_id], tab)

    def start(self) -> Server:
        """Start the server (on a free port) and wait until its kernel pools are filled."""
        self._running = running(self.workspace, self.demo, "--expect", str(AT_ONCE))
        self.server = next(self._running)
        return self.server

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running = None

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes (their command line names ``kernel-<id>.json``)."""
        children = psutil.Process(self.server.process.pid).children(recursive=True)
        return [p for p in children if any("kernel-" in part for part in p.cmdline())]

    def kernel(self, kernel_id: str) -> psutil.Process:
        """The process of the kernel ``kernel_id``."""
        name = f"kernel-{kernel_id}.json"
        return next(p for p in self.kernels() if any(name in part for part in p.cmdline()))

    def kill(self) -> None:
        """``kill -9`` the server; its kernels, left without a parent, end within seconds
        (any still running after 30 s are killed too, so nothing writes any more)."""
        kernels = self.kernels()
        os.kill(self.server.process.pid, 9)
        self.server.process.wait()
        _, alive = psutil.wait_procs(kernels, timeout=30)
        for process in alive:
            process.kill()
        self.stop()


@pytest.fixture(scope="package")
def group(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GroupServer]:
    served = GroupServer(make_group(tmp_path_factory.mktemp("load-workspace")))
    yield served
    served.stop()


@pytest.fixture(scope="package")
def member(group: GroupServer) -> Callable[[], str]:
    """``member()``: a member of the group no other test has had yet."""
    free = sorted(group.demo.names)

    def take() -> str:
        if not free:
            pytest.fail(f"the demo group has only {len(group.demo.names)} members: add some")
        return free.pop(0)

    return take


OpenTargets = Callable[..., TargetsPage]


@pytest.fixture
def open_targets(new_page, group: GroupServer) -> Iterator[OpenTargets]:
    """``open_targets(participant_id, wait=True, month=False)``: the member's full page in a
    new browser context, with the targets form open, or with ``month`` the month page
    (with ``wait=False`` only navigating: call :meth:`TargetsPage.ready` later, to open
    many pages at once)."""
    opened: list[TargetsPage] = []

    def open_(participant_id: str, wait: bool = True, month: bool = False) -> TargetsPage:
        page = TargetsPage(new_page(), group.base_url, group.workspace, participant_id, month)
        opened.append(page)
        page.navigate(group.link(participant_id, None if month else "this-month"))
        if wait:
            page.ready()
        return page

    yield open_
    for page in opened:
        page.close()
