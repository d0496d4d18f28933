"""The Voila server that ``retention serve`` runs: Voila, closed down to the three apps.

- **Only the apps.** The participant, coach and facilitator apps render; every other path
  (a learner notebook, the file tree, the contents API) answers 404. A URL cannot choose
  another template or theme, so it cannot skip the preheated kernels either.
- **Who opens what** (:mod:`toolkit.access`): the coach apps after the coach's login; the
  participant app for a valid personal key only, checked before any kernel is given out,
  so a wrong link costs no kernel. A personal link without ``tab`` opens the kernel-free
  month page (:mod:`toolkit.month_page`), whose saves go to ``/voila/month/save``.
- **Only the expected host names.** Requests whose ``Host`` is not the server's own name
  (127.0.0.1, localhost, or a ``--public-url``) find nothing: a web page the coach visits
  cannot reach the server by pointing a domain of its own at 127.0.0.1.
- **Browser hardening**: a Content-Security-Policy the apps pass, ``Referrer-Policy:
  no-referrer``, no tracebacks in responses, and access logs without query strings (which
  hold personal keys).
- **Closing a tab** shuts its kernel down (:class:`TabClosedHandler`); kernels no page is
  connected to are culled besides (:mod:`toolkit.kernels`).
- **Error pages** are the toolkit's own (``voila_templates/server/error.html``): a status
  and a sentence, no traceback, no server path, nothing loaded.
- **Page weight**: Voila's lab page links Font Awesome on a public CDN although Voila's
  bundle already carries those fonts. ``voila_templates/index.html.j2`` extends the lab
  page and drops the two links; its folder is searched before the lab template's own.
  The scripts, styles and fonts every page loads (about 5 MB, the same for everyone) are
  sent gzipped (:class:`StaticGzip`, about a third of that): a group on one venue's
  network downloads 20 times less than 100 MB. So is plotly.js (4.8 MB, 1.7 MB gzipped),
  which a page fetches with its first chart. Pages and API answers are never compressed.

    python -m toolkit.voila_server APPS_FOLDER --Voila.config_file_paths=...
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

# Before jupyter_server is imported: jupyter-events installs rfc3987_syntax, with which
# jsonschema checks the "iri" string formats; importing it builds an Earley parser from its
# grammar, 0.8 s of CPU at every start (half of this server's imports), for a format that
# no schema the server validates uses (tests/test_voila_server.py checks both). Marked
# missing, jsonschema leaves that one check out.
IRI_FORMAT_CHECKER = "rfc3987_syntax"
sys.modules.setdefault(IRI_FORMAT_CHECKER, None)  # type: ignore[arg-type]

import jinja2
import tornado.web
from jupyter_server.utils import url_path_join
from tornado import httputil, web
from traitlets import Bool, List, Unicode
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from toolkit.access import COACH_APPS, PARTICIPANT_APP, SERVER_FULL, app_access, is_coach
from toolkit.exercises import load_all
from toolkit.month_page import SAVE_PATH
from toolkit.month_page.handlers import EXERCISE_SETTING, SaveHandler, render_month
from toolkit.progress import MONTHLY_TARGETS
from toolkit.served import PLOTLY_JS
from toolkit.store.workspace import Workspace

#: Templates that take precedence over the configured Voila template's files.
TEMPLATES = Path(__file__).resolve().parent / "voila_templates"
APPS = frozenset({PARTICIPANT_APP, *COACH_APPS})
#: What pages may load and from where: this server only. Voila's page and the widgets
#: run inline scripts (and require.js evaluates modules); charts are frames built from
#: this server's plotly.js.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' blob: data:",
        "child-src 'self' blob: data:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
#: Where the files every page loads are served (Voila's bundle, the template's styles, the
#: front-end extensions, and plotly.js for a page with a chart): the same for every visitor.
SHARED_FILES = (
    "/voila/static/",
    "/voila/templates/",
    "/voila/labextensions/",
    f"/voila/files/{PLOTLY_JS}",
)


def log_request(handler: web.RequestHandler) -> None:
    """One access-log line per request, with the path but never the query string."""
    request = handler.request
    status = handler.get_status()
    log = handler.settings["toolkit_log"]
    level = log.info if status < 400 else log.warning
    level(
        "%d %s %s %.1fms",
        status,
        request.method,
        request.path,
        1000 * request.request_time(),
    )


def host_pattern(names: list[str]) -> str:
    """A Tornado host pattern matching exactly these names (any port)."""
    return "^(" + "|".join(re.escape(name.lower()) for name in names) + ")$"


class StaticGzip(web.GZipContentEncoding):
    """Gzip for the files every page loads (:data:`SHARED_FILES`) and nothing else.

    A page or an API answer holds secrets (the kernel id, the page's own data) next to
    text a visitor may influence, so compressing it would let a length-measuring attacker
    guess them (BREACH); the shared files hold none. Level 1: about 4 times smaller for
    the scripts, at a third of the server CPU of the default level 6 (measured with
    ``benchmarks/page_cost_bench.py``).
    """

    GZIP_LEVEL = 1
    #: :data:`SHARED_FILES` below the server's base URL (:func:`static_gzip`).
    shared_files: tuple[str, ...] = SHARED_FILES

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        super().__init__(request)
        self._gzipping = self._gzipping and request.path.startswith(self.shared_files)


def static_gzip(base_url: str) -> type[StaticGzip]:
    """:class:`StaticGzip` for a server whose paths start with ``base_url`` (``/user/<coach>/``
    under JupyterHub)."""
    shared = tuple(base_url.rstrip("/") + path for path in SHARED_FILES)
    return type("StaticGzip", (StaticGzip,), {"shared_files": shared})


class AppHandler(TornadoVoilaHandler):
    """``/voila/render/<app>``: the three apps, each for whom it is meant."""

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        name = (path or "").strip("/")
        if name not in APPS:
            raise web.HTTPError(404)
        # who is asking: the coach's login and keys, or JupyterHub's user (toolkit.hub_access)
        access = app_access(self)
        if name in COACH_APPS and not is_coach(self.current_user):
            access.refuse_coach_app(self)
            return
        if name == PARTICIPANT_APP:
            member = access.member(self)
            if member is None:
                self.set_status(404)
                self.finish(access.no_member_page)
                return
            if "tab" not in self.request.arguments:
                await render_month(self, member, access.month_key(self))
                return
            self.request.query = access.kernel_query(self, member)
        for argument in ("template", "theme"):
            self.request.arguments.pop(argument, None)
            self.request.query_arguments.pop(argument, None)
        manager = self.kernel_manager
        if manager.full and manager.get_pool_size(name) == 0:
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.finish(SERVER_FULL)
            return
        manager.visitor_arrives(name)
        await super().get(path)


class TabClosedHandler(VoilaShutdownKernelHandler):
    """``/voila/api/shutdown/<kernel id>``: a page's beacon as its tab closes shuts its
    kernel down at once.

    Voila 0.5's page sends the ``_xsrf`` of a cookie the server never set, so Jupyter
    Server's XSRF check refused every one of them (voila-dashboards/voila#1458) and closed
    tabs held their kernels until culled. The kernel id (random, known only to the page
    that holds it) is what proves the right here, as for the kernel's websocket: a page of
    another site cannot know it. Coach apps' kernels still need the coach's login
    (:class:`toolkit.access.AppAuthorizer`); an unknown id is 404.
    """

    def check_xsrf_cookie(self) -> None:
        """No XSRF token: the kernel id in the path is the secret (see the class)."""

    async def post(self, kernel_id: str) -> None:
        allowed = kernel_id in self.kernel_manager and self.authorizer.is_authorized(
            self, self.current_user, "write", "kernels"
        )
        if not allowed:
            raise web.HTTPError(404)
        await super().post(kernel_id)


class ToolkitVoila(Voila):
    """Voila serving only the apps (see the module docstring)."""

    public_names = List(
        Unicode(), config=True, help="Host names the server answers to besides loopback."
    )
    secure_cookies = Bool(
        False, config=True, help="Mark the login cookie Secure (served behind HTTPS)."
    )

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        self.template_paths: list[str] = [str(TEMPLATES), *self.template_paths]

    def init_settings(self) -> dict:
        settings = super().init_settings()
        server_pages = settings["jinja2_env"]
        server_pages.loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(TEMPLATES / "server")), server_pages.loader]
        )
        settings.update(
            toolkit_workspace=Workspace.open(os.environ.get("TOOLKIT_WORKSPACE")),
            # checked by `retention serve` before it started this server
            **{EXERCISE_SETTING: load_all(schema=False)[MONTHLY_TARGETS]},
            toolkit_secure_cookies=self.secure_cookies,
            toolkit_log=self.log,
            headers=dict(HEADERS),
            serve_traceback=False,
            log_function=log_request,
        )
        return settings

    def init_handlers(self) -> list:
        handlers = []
        for route in super().init_handlers():
            target = route[1]
            if target in (TornadoVoilaTreeHandler, VoilaContentsHandler):
                continue
            if target is TornadoVoilaHandler:
                route = (route[0], AppHandler, *route[2:])
            if target is VoilaShutdownKernelHandler:
                route = (route[0], TabClosedHandler, *route[2:])
            handlers.append(route)
        return [(url_path_join(self.base_url, SAVE_PATH), SaveHandler), *handlers]

    def start(self) -> None:
        """Voila's start, with the handlers bound to the allowed host names only."""
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        settings = self.init_settings()
        self.app = tornado.web.Application(**settings)
        self.app.settings.update(self.tornado_settings)
        names = [*LOOPBACK_NAMES, *self.public_names]
        self.app.add_handlers(host_pattern(names), self.init_handlers())
        self.app.add_transform(static_gzip(self.base_url))
        self.listen()


if __name__ == "__main__":
    ToolkitVoila.launch_instance()
