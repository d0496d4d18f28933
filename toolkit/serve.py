"""Serve the app notebooks with Voila, configured for coaching sessions.

:func:`voila_command` builds the command line (lab template, sources stripped,
tracebacks kept in the server log, no template or theme overrides from the URL, kernels
preheated for the apps people open at the same time, idle kernels culled, a cell time
limit) and :func:`serve` runs it with the workspace passed to the kernels through
``TOOLKIT_WORKSPACE``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ToolkitError

#: The notebooks folder of a source checkout (``make run`` serves this one).
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
#: App notebooks served to users, with the preheated kernel pool each one keeps ready.
#: The participant app gets a pool sized for a mastermind group arriving together.
APPS = {"participant.ipynb": 4, "coach_session.ipynb": 1, "facilitator.ipynb": 1}
START_PAGE = "00_start_here.ipynb"
#: A kernel idle this long (seconds) is shut down; a cell running longer is stopped.
CULL_IDLE_SECONDS = 1800
CELL_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class ServeOptions:
    """Where and how to serve."""

    workspace: Path
    host: str = "127.0.0.1"
    port: int = 8866
    notebooks: Path = NOTEBOOKS
    preheat: bool = True

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def app_urls(options: ServeOptions) -> dict[str, str]:
    """The address of each app notebook that exists in the served folder."""
    names = [START_PAGE, *APPS]
    return {
        name.removesuffix(".ipynb"): f"{options.base_url}/voila/render/{name}"
        for name in names
        if (options.notebooks / name).is_file()
    }


def voila_command(options: ServeOptions) -> list[str]:
    """The ``voila`` command line for ``options`` (run with ``sys.executable -m voila``)."""
    pools = {"default": {"pool_size": 0}} | {
        name: {"pool_size": size} for name, size in APPS.items()
    }
    command = [
        sys.executable,
        "-m",
        "voila",
        str(options.notebooks),
        "--no-browser",
        f"--Voila.ip={options.host}",
        f"--port={options.port}",
        "--template=lab",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=300",
        f"--VoilaExecutor.timeout={CELL_TIMEOUT_SECONDS}",
        "--ServerApp.open_browser=False",
    ]
    if options.preheat:
        command += [
            "--preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        ]
    return command


def serve(options: ServeOptions) -> None:
    """Replace this process with Voila, so Ctrl+C and service managers reach it directly."""
    if not options.notebooks.is_dir():
        raise ToolkitError(f"no notebooks folder at {options.notebooks}")
    env = {**os.environ, "TOOLKIT_WORKSPACE": str(options.workspace.resolve())}
    sys.stdout.flush()
    sys.stderr.flush()
    command = voila_command(options)
    os.execve(command[0], command, env)
