"""Starting a real ``retention serve`` for the browser, security and load suites: one
way to launch it and to know it runs, whatever each suite then does with it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

#: Options of a test server that keeps kernels warm for ``--expect`` members (and one for
#: each coach app), as ``retention serve`` does for a coach: for the tests of that path.
PREHEAT = ("--expect", "1")
#: Every other test server starts each page's kernel when the page is opened: the pools a
#: test would mostly leave unused cost CPU (about 3 s for each coach app's kernel, 1 s for a
#: participant's), and a used kernel is refilled.
NO_PREHEAT = "--no-preheat"


def preheats(options: tuple[str, ...]) -> bool:
    """Whether a test server started with ``options`` keeps kernels warm."""
    return "--expect" in options


def start_server(directory: Path, *options: str) -> subprocess.Popen:
    """``retention --workspace directory serve *options`` in its own process, its output
    (stdout and stderr together) readable as text; without preheating unless ``options``
    say how many members to expect (:data:`PREHEAT`)."""
    if not preheats(options):
        options = (NO_PREHEAT, *options)
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "--workspace", str(directory), "serve", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=directory,
    )


def drain(stream, log: list[str], running: threading.Event) -> None:
    """Keep reading the server's output (so its pipe never fills) into ``log``, and set
    ``running`` once it says it runs (or when its output ends)."""
    for line in stream:
        log.append(line)
        if "is running at" in line:
            running.set()
    running.set()


def wait_started(process: subprocess.Popen, log: list[str], timeout: float) -> bool:
    """Drain ``process``'s output into ``log`` from now on and wait until it runs; False
    when it did not within ``timeout`` seconds or ended."""
    running = threading.Event()
    threading.Thread(target=drain, args=(process.stdout, log, running), daemon=True).start()
    return running.wait(timeout) and process.poll() is None
