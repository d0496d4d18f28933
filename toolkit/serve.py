"""Serve the app notebooks with Voila, configured for coaching sessions.

:func:`voila_config` is the whole server configuration as data: lab template, sources
stripped, tracebacks kept in the server log, no template or theme overrides from the URL,
kernels preheated for the apps people open at the same time, idle kernels culled and a
cell time limit. :func:`write_config` turns it into a ``voila.py`` file (a Python file,
because the cell time limit is a function), :func:`voila_command` points Voila at it, and
:func:`serve` runs it with the workspace passed to the kernels through
``TOOLKIT_WORKSPACE``.

How preheating works (Voila 0.5): at start-up Voila finds every ``*.ipynb`` below the
served folder and keeps ``pool_size`` kernels per notebook, keyed by the path relative to
that folder (``participant.ipynb``); each pooled kernel runs its notebook at once, before
anybody asked for it. A notebook that needs the request (the participant's ``?key=``)
calls :func:`voila.utils.get_query_string`, which blocks until a visitor takes the
kernel. That waiting cell must not hit the cell time limit, so :func:`cell_timeout` gives
cells that wait for the request no limit. Preheating cannot be combined with progressive
rendering or a prelaunch hook, so both stay off.

Charts: Voila loads every installed JupyterLab extension on every page, and the plotly one
(4.8 MB) alone made the participant page a third slower. :data:`DENIED_EXTENSIONS` keeps
it and the other unused ones off; :func:`serve` tells the kernels so through
``TOOLKIT_CHARTS=iframe``, and :class:`toolkit.widgets.chart.Chart` then draws each figure
in a frame that loads ``plotly.min.js``, which :func:`place_plotly_js` copies into the
served folder (``static/``, allowed by :data:`FILE_ALLOWLIST`).

Page weight: browsers keep the extensions' hashed files (:data:`LABEXTENSIONS_URL`), and
the page itself is Voila's lab page without its public-CDN links
(:mod:`toolkit.voila_server`), so it loads nothing from other hosts.
"""

from __future__ import annotations

import os
import pprint
import shutil
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from toolkit import member_token
from toolkit.errors import ToolkitError
from toolkit.kernels import (
    CULL_INTERVAL_SECONDS,
    DISCONNECTED_SECONDS,
    EXPECTED_MEMBERS,
    IDLE_MINUTES,
    REFILL_DELAY_SECONDS,
    KernelPlan,
    available_memory_mb,
    plan_kernels,
)
from toolkit.resources import shipped_folder
from toolkit.served import (
    CHARTS_ENV,
    EXERCISES_CHECKED_ENV,
    IFRAME_CHARTS,
    PARTICIPANT_APP,
    PLOTLY_JS,
    SERVED_ENV,
)
from toolkit.store.private import private_folder

#: The notebooks: the source checkout's (``make run`` serves this one) or the wheel's copy.
NOTEBOOKS = shipped_folder("notebooks")
#: App notebooks served to users, with the preheated kernel pool each one keeps ready; the
#: participant app's pool is sized to the group expected (:func:`toolkit.kernels.plan_kernels`).
APPS = {PARTICIPANT_APP: EXPECTED_MEMBERS, "coach_session.ipynb": 1, "facilitator.ipynb": 1}
#: The folder, inside the workspace's ``.serve``, holding the only notebooks served.
APPS_FOLDER = "apps"
#: A cell running longer than this is stopped (cells waiting for the request excepted).
CELL_TIMEOUT_SECONDS = 120
#: Calls that make a cell wait for the visitor's request in a preheated kernel.
WAITS_FOR_REQUEST = ("wait_for_request(", "get_query_string(")
#: Where :func:`write_config` puts the generated configuration, inside the workspace.
CONFIG_FOLDER = ".serve"
CONFIG_FILE = "voila.py"
#: Front-end extensions Voila must not load: the apps never render plotly's output type
#: (charts are frames under ``retention serve``), anywidget, the JupyterLab preview or the
#: pygments theme.
DENIED_EXTENSIONS = (
    "jupyterlab-plotly",
    "anywidget",
    "@voila-dashboards/jupyterlab-preview",
    "jupyterlab_pygments",
)
#: URL prefix of the front-end extensions' files. Browsers only ever request their
#: ``static/`` files, whose names (or ``?v=`` arguments) carry a hash of their content,
#: yet Voila marks them ``no-cache`` so that every page load downloads and compiles all of
#: them again (about 0.7 MB). Serving them as immutable lets a returning visitor's browser
#: reuse them; a new version of an extension has new file names.
LABEXTENSIONS_URL = "/voila/labextensions/"
#: Files Voila serves under ``/voila/files/``: its default (images) and plotly.js.
FILE_ALLOWLIST = (r"static/plotly\.min\.js",)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks that serve)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def cell_timeout(cell: Mapping[str, Any]) -> int | None:
    """The time limit of one cell: none while it waits for the visitor's request.

    Used as ``VoilaExecutor.timeout_func``: a preheated kernel sits in its waiting cell
    until somebody opens the page, which may be hours later.
    """
    source = cell.get("source", "")
    return None if any(call in source for call in WAITS_FOR_REQUEST) else CELL_TIMEOUT_SECONDS


@dataclass(frozen=True)
class ServeOptions:
    """Where and how to serve."""

    workspace: Path
    host: str = "127.0.0.1"
    port: int = 8866
    notebooks: Path = NOTEBOOKS
    preheat: bool = True
    pools: Mapping[str, int] = field(default_factory=lambda: dict(APPS))
    #: Addresses people reach the server by (``https://coach.example.com``), besides
    #: 127.0.0.1 and localhost: the server answers to their host names only.
    public_urls: tuple[str, ...] = ()
    #: Members expected to open their links at once (``--expect``).
    expect: int = EXPECTED_MEMBERS
    #: Most kernels at once (``--max-kernels``); None: from ``expect`` and memory.
    max_kernels: int | None = None
    #: Minutes an open page's kernel may stay idle before it is shut down.
    idle_minutes: int = IDLE_MINUTES
    #: Memory (MB) the kernels' budget counts on; None: what is available when asked.
    memory_mb: int | None = None
    #: The path every URL starts with: ``/user/<coach>/`` as a JupyterHub server.
    base_path: str = "/"
    #: Who is asking comes from JupyterHub (:mod:`toolkit.hub`), not a login or a key.
    hub: bool = False

    def plan(self) -> KernelPlan:
        """The participant pool and the kernel cap for these options."""
        others = sum(size for name, size in self.pools.items() if name != PARTICIPANT_APP)
        memory = available_memory_mb() if self.memory_mb is None else self.memory_mb
        return plan_kernels(self.expect, memory, self.max_kernels, others)

    @property
    def base_url(self) -> str:
        if self.public_urls:
            return self.public_urls[0].rstrip("/")
        return f"http://{self.host}:{self.port}{self.base_path.rstrip('/')}"

    @property
    def config_dir(self) -> Path:
        return self.workspace / CONFIG_FOLDER

    @property
    def apps_dir(self) -> Path:
        return self.config_dir / APPS_FOLDER

    @property
    def public_names(self) -> list[str]:
        """The host names of :attr:`public_urls` and of a specific ``host`` to listen on."""
        names = [urlparse(url).hostname or "" for url in self.public_urls]
        if self.host not in ("0.0.0.0", "::", ""):
            names.append(self.host)
        return sorted({name for name in names if name})


def app_urls(options: ServeOptions) -> dict[str, str]:
    """The address of each app notebook that exists in the notebooks folder."""
    return {
        name.removesuffix(".ipynb"): f"{options.base_url}/voila/render/{name}"
        for name in options.pools
        if (options.notebooks / name).is_file()
    }


def kernel_pools(options: ServeOptions, plan: KernelPlan) -> dict[str, dict[str, int]]:
    """``VoilaKernelManager.kernel_pools_config``: the app pools, nothing for the rest.

    Keys are notebook paths relative to the served folder, as Voila looks them up; the
    ``default`` entry covers every other notebook (the learner notebooks) with no pool.
    The participant app's pool is the plan's.
    """
    sizes = {**options.pools, PARTICIPANT_APP: plan.participant_pool}
    return {"default": {"pool_size": 0}} | {
        name: {"pool_size": size}
        for name, size in sizes.items()
        if name in options.pools and (options.notebooks / name).is_file()
    }


def voila_config(options: ServeOptions, plan: KernelPlan) -> dict[str, dict[str, Any]]:
    """The Voila configuration, one dict per configurable class.

    Culling: a kernel no page is connected to goes after ``DISCONNECTED_SECONDS`` without a
    message (Voila 0.5's own shutdown on closing a tab does not reach a phone that dropped
    the tab), one whose page is open after ``idle_minutes``; both checked every
    ``CULL_INTERVAL_SECONDS``. Pool refills pause in
    :class:`toolkit.kernel_manager.AppKernelManager` (Voila's own ``fill_delay`` would also
    hold back a visitor who found no ready kernel).
    """
    config: dict[str, dict[str, Any]] = {
        "Voila": {
            "ip": options.host,
            "port": options.port,
            "open_browser": False,
            "port_retries": 0,
            "base_url": options.base_path,
            "tornado_settings": {
                "static_immutable_cache": [options.base_path.rstrip("/") + LABEXTENSIONS_URL]
            },
        },
        "VoilaConfiguration": {
            "template": "lab",
            "theme": "light",
            "strip_sources": True,
            "show_tracebacks": False,
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            "preheat_kernel": options.preheat,
            "progressive_rendering": False,
            "extension_denylist": list(DENIED_EXTENSIONS),
            "file_allowlist": list(FILE_ALLOWLIST),
        },
        "MappingKernelManager": {
            "cull_idle_timeout": options.idle_minutes * 60,
            "cull_interval": CULL_INTERVAL_SECONDS,
            "cull_connected": True,
        },
        "AppKernelManager": {
            "max_kernels": plan.max_kernels,
            "refill_delay": REFILL_DELAY_SECONDS,
            "cull_disconnected_timeout": DISCONNECTED_SECONDS,
        },
        # A kernel that dies is not restarted blank under its open page (whose widgets
        # would then save nothing): it is removed, and the page says the connection is lost.
        "KernelRestarter": {"restart_limit": 0},
        "ToolkitVoila": {
            "public_names": options.public_names,
            "secure_cookies": any(url.startswith("https://") for url in options.public_urls),
        },
        "VoilaExecutor": {"timeout": CELL_TIMEOUT_SECONDS},
    }
    if options.preheat:
        config["VoilaKernelManager"] = {
            "kernel_pools_config": kernel_pools(options, plan),
            "fill_delay": 0,
        }
    return config


#: Who is asking (module, class): the coach's login and personal keys, or under
#: JupyterHub (``--hub``) the hub's user.
APP_IDENTITY = ("toolkit.access", "AppIdentityProvider")
HUB_IDENTITY = ("toolkit.hub_access", "HubIdentityProvider")


def write_config(options: ServeOptions) -> Path:
    """Write ``voila.py`` for ``options`` (and their :meth:`ServeOptions.plan`) into the
    workspace's ``.serve`` folder; return it."""
    plan = options.plan()
    module, identity = HUB_IDENTITY if options.hub else APP_IDENTITY
    lines = [
        "# Generated by `retention serve` (toolkit/serve.py) at every start: edits are lost.",
        "from toolkit.access import AppAuthorizer",
        f"from {module} import {identity}",
        "from toolkit.kernel_manager import AppKernelManager",
        "from toolkit.serve import cell_timeout",
        "",
        "c = get_config()  # noqa: F821",
    ]
    for section, values in voila_config(options, plan).items():
        lines += [f"c.{section}.{name} = {pprint.pformat(value)}" for name, value in values.items()]
    lines += [
        "c.VoilaExecutor.timeout_func = cell_timeout",
        "c.VoilaConfiguration.multi_kernel_manager_class = AppKernelManager",
        f"c.ToolkitVoila.identity_provider_class = {identity}",
        "c.ToolkitVoila.authorizer_class = AppAuthorizer",
    ]
    private_folder(options.config_dir)
    path = options.config_dir / CONFIG_FILE
    path.write_text("\n".join(lines) + "\n")
    return path


def voila_command(options: ServeOptions) -> list[str]:
    """The Voila command line: the notebooks folder and where the config file is.

    Voila reads only the generated file (not the user's Jupyter config folders), so the
    server behaves the same on every machine. It is Voila with the toolkit's page template
    in front (:mod:`toolkit.voila_server`).
    """
    return [
        sys.executable,
        "-m",
        "toolkit.voila_server",
        str(options.apps_dir.resolve()),
        "--no-browser",
        f"--Voila.config_file_paths={options.config_dir.resolve()}",
    ]


def place_apps(options: ServeOptions) -> Path:
    """Copy the app notebooks (and plotly.js) into the served folder, which holds nothing
    else: a learner notebook or the report notebook cannot be opened through the server."""
    folder = options.apps_dir
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in options.pools:
        source = options.notebooks / name
        if not source.is_file():
            raise ToolkitError(f"no app notebook at {source}")
        shutil.copyfile(source, folder / name)
    place_plotly_js(folder)
    return folder


def place_plotly_js(notebooks: Path) -> Path:
    """Copy the installed plotly's ``plotly.min.js`` to ``<notebooks>/static/`` when it is
    missing or differs in size (plotly was upgraded); return where it is."""
    source = resources.files("plotly") / "package_data" / "plotly.min.js"
    target = notebooks / PLOTLY_JS
    with resources.as_file(source) as path:
        if not target.is_file() or target.stat().st_size != path.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return target


def check_port(options: ServeOptions) -> None:
    """Refuse a taken port (another ``retention serve``, say) before the links are printed.

    Voila itself, with ``port_retries=0``, also refuses it instead of moving to another port
    while the printed links lead elsewhere; this check only says so before anything else.
    """
    with socket.socket() as sock:
        # as Tornado does, so a just-stopped server's closing connections do not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((options.host, options.port))
        except OSError as error:
            raise ToolkitError(
                f"cannot listen on {options.host}:{options.port} ({error.strerror}); "
                "is the toolkit already being served? Stop it, or pass another --port"
            ) from None


def serve(options: ServeOptions) -> None:
    """Replace this process with Voila, so Ctrl+C and service managers reach it directly."""
    if not options.notebooks.is_dir():
        raise ToolkitError(f"no notebooks folder at {options.notebooks}")
    from toolkit.exercises import ExerciseError, check

    problems = check()
    if problems:
        raise ExerciseError(problems)
    write_config(options)
    place_apps(options)
    env = {
        **os.environ,
        "TOOLKIT_WORKSPACE": str(options.workspace.resolve()),
        CHARTS_ENV: IFRAME_CHARTS,
        SERVED_ENV: "1",
        EXERCISES_CHECKED_ENV: "1",
    }
    env.pop(member_token.SECRET_ENV, None)
    if options.hub:
        env[member_token.SECRET_ENV] = member_token.new_secret()
    sys.stdout.flush()
    sys.stderr.flush()
    command = voila_command(options)
    os.execve(command[0], command, env)
