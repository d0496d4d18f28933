"""Who may open what under ``retention serve``, on Jupyter Server's own extension points.

- Everybody is a *visitor* (:class:`AppIdentityProvider`); a visitor may open the
  participant app, whose page then shows data only for a valid personal key.
- The *coach* is a visitor holding a valid login cookie: signed by the server, HttpOnly,
  SameSite=Strict (Secure behind HTTPS), tied to the current password
  (:func:`toolkit.store.coach_password.fingerprint`) and valid for
  :data:`SESSION_HOURS`. Only the coach opens the coach and facilitator apps and talks to
  their kernels (:class:`AppAuthorizer`).
- Logging in is slowed down after a failure and locked for a while after repeated ones
  (:class:`LoginThrottle`), per client address.
- What a request for an app gets is the identity provider's say (:class:`AppAccess`), so
  that under JupyterHub (:mod:`toolkit.hub_access`) the hub's user decides instead.

Kernels are matched to their app by :class:`toolkit.kernel_manager.AppKernelManager`,
which notes the page each kernel was started for (preheated kernels are known from Voila's
pools).
"""

from __future__ import annotations

import asyncio
import html
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from urllib.parse import quote, urlparse

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.base.handlers import JupyterHandler
from tornado import web

from toolkit.apps.access import key_from_query, member_for_key, member_for_query
from toolkit.kernel_manager import AppKernelManager
from toolkit.served import PARTICIPANT_APP
from toolkit.store import coach_password
from toolkit.store.workspace import Workspace

COACH = "coach"
VISITOR = "visitor"
COOKIE = "toolkit_coach"
SESSION_HOURS = 12
#: The apps only the coach opens, and the one for members.
COACH_APPS = frozenset({"coach_session.ipynb", "facilitator.ipynb"})
#: Failed logins from one address within the window before it is locked out.
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 900
LOCKOUT_SECONDS = 300
FAILURE_DELAY_SECONDS = 1.0


def page(title: str, body: str, status_note: str = "") -> str:
    """A small self-contained HTML page (no script, nothing from other hosts)."""
    note = f'<p class="note">{html.escape(status_note)}</p>' if status_note else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f6f8;
color:#1f2933;margin:0;padding:24px}}
main{{max-width:560px;margin:40px auto;background:#fff;border-radius:10px;padding:28px;
box-shadow:0 1px 3px rgba(0,0,0,.12)}}
h1{{font-size:1.4rem;margin:0 0 12px;color:#12505e}}
label{{display:block;margin:16px 0 6px;font-weight:600}}
input[type=password]{{width:100%;box-sizing:border-box;padding:10px;font-size:1rem;
border:1px solid #9aa5b1;border-radius:6px}}
button{{margin-top:16px;padding:10px 18px;font-size:1rem;border:0;border-radius:6px;
background:#12505e;color:#fff;cursor:pointer}}
.note{{color:#b42318;font-weight:600}}
</style></head>
<body><main><h1>{html.escape(title)}</h1>{note}{body}</main></body></html>"""


LINK_NOT_VALID = page(
    "This link does not open a page",
    "<p>The link you used is incomplete, mistyped, or has been replaced by a newer one. "
    "Personal links stop working when your coach issues a new one, which keeps your page "
    "private.</p><p><b>What to do:</b> ask your coach to send you a new personal link, "
    "then open that link. Nothing you entered earlier is lost.</p>",
)
SERVER_FULL = page(
    "The server is full right now",
    "<p>Too many pages are open at the same time. Please try again in a minute; "
    "nothing you entered earlier is lost.</p>",
)


def workspace(handler: web.RequestHandler) -> Workspace:
    """The workspace ``retention serve`` serves (opened once by the server)."""
    return handler.settings["toolkit_workspace"]


def is_coach(user: User | None) -> bool:
    return user is not None and user.username == COACH


@dataclass
class LoginThrottle:
    """Failed logins per client address: a delay after each, a lockout after many."""

    failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self.failures[address]
        while times and now - times[0] > FAILURE_WINDOW_SECONDS:
            times.popleft()
        return times

    def locked_for(self, address: str, now: float | None = None) -> float:
        """Seconds until ``address`` may try again (0 when it may now)."""
        now = time.monotonic() if now is None else now
        times = self._recent(address, now)
        if len(times) < MAX_FAILURES:
            return 0.0
        return max(0.0, times[-1] + LOCKOUT_SECONDS - now)

    def failed(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._recent(address, now).append(now)

    def succeeded(self, address: str) -> None:
        self.failures.pop(address, None)


class LoginHandler(JupyterHandler):
    """``/login``: the coach's password form; a good password sets the session cookie."""

    throttle = LoginThrottle()

    def check_origin(self, origin_to_satisfy_tornado: str = "") -> bool:
        """Browsers send ``Origin: null`` with a form under ``Referrer-Policy:
        no-referrer``; the form's ``_xsrf`` token (checked still) proves it is ours."""
        if self.request.headers.get("Origin") == "null":
            return True
        return super().check_origin(origin_to_satisfy_tornado)

    def _next(self) -> str:
        """Where to go after logging in: a path on this server only."""
        target = self.get_argument("next", "/voila/render/coach_session.ipynb")
        parsed = urlparse(target)
        if parsed.scheme or parsed.netloc or not target.startswith("/") or "\\" in target:
            return "/voila/render/coach_session.ipynb"
        return target

    def _form(self, note: str = "") -> str:
        body = (
            '<form method="post" action="/login">'
            f"{self.xsrf_form_html()}"
            f'<input type="hidden" name="next" value="{html.escape(self._next())}">'
            '<label for="password">Coach password</label>'
            '<input id="password" name="password" type="password" autocomplete="current-password"'
            " autofocus required>"
            '<button type="submit">Log in</button></form>'
        )
        if not coach_password.has_password(workspace(self)):
            body = (
                "<p>No coach password is set for this workspace yet. On the machine that "
                "serves the apps, run <code>retention coach set-password</code>, then "
                "reload this page.</p>"
            )
        return page("Coach login", body, note)

    def get(self) -> None:
        self.finish(self._form())

    async def post(self) -> None:
        address = self.request.remote_ip or "?"
        wait = self.throttle.locked_for(address)
        if wait:
            self.set_status(429)
            minutes = max(1, round(wait / 60))
            self.finish(self._form(f"Too many failed attempts; try again in {minutes} min."))
            return
        password = self.get_body_argument("password", "")
        ws = workspace(self)
        ok = await asyncio.get_running_loop().run_in_executor(
            None, coach_password.verify, ws, password
        )
        if not ok:
            self.throttle.failed(address)
            await asyncio.sleep(FAILURE_DELAY_SECONDS)
            self.set_status(403)
            self.finish(self._form("That password is not right."))
            return
        self.throttle.succeeded(address)
        self.set_secure_cookie(
            COOKIE,
            coach_password.fingerprint(ws),
            expires_days=None,
            httponly=True,
            samesite="Strict",
            secure=self.settings.get("toolkit_secure_cookies", False),
        )
        self.redirect(self._next())


class LogoutHandler(JupyterHandler):
    """``/logout``: ends the coach's session on this browser."""

    def get(self) -> None:
        self.clear_cookie(COOKIE)
        self.finish(
            page("Logged out", '<p>You are logged out. <a href="/login">Log in again</a>.</p>')
        )


class AppAccess:
    """What the app pages ask the identity provider (:class:`toolkit.voila_server.AppHandler`)."""

    #: The page shown for a participant app request that opens nobody's page.
    no_member_page: str = LINK_NOT_VALID
    #: Whether the month page's saves are the login cookie's (then checked against XSRF
    #: as any cookie-authenticated request), rather than the personal key's they carry.
    month_by_cookie: bool = False
    #: Why a month page's save found no member (said on the page).
    month_gone: str = "this link no longer opens your page; ask your coach for a new one"

    def member(self, handler: JupyterHandler) -> str | None:
        """The member whose page this participant app request opens, or None."""
        raise NotImplementedError

    def month_key(self, handler: JupyterHandler) -> str:
        """The personal key the month page's saves carry ("" where the cookie decides)."""
        raise NotImplementedError

    def month_member(self, handler: JupyterHandler, key: str | None) -> str | None:
        """The member a month page's save (carrying ``key``) is for, or None."""
        raise NotImplementedError

    def kernel_query(self, handler: JupyterHandler, member: str) -> str:
        """The query string the participant app's kernel gets to open ``member``'s page."""
        raise NotImplementedError

    def refuse_coach_app(self, handler: JupyterHandler) -> None:
        """Answer a request for a coach app from somebody who is not the coach."""
        raise NotImplementedError


def app_access(handler: JupyterHandler) -> AppAccess:
    """The server's identity provider, which is always one of the toolkit's."""
    provider = handler.identity_provider
    if not isinstance(provider, AppAccess):
        raise TypeError(f"{type(provider).__name__} is not a toolkit identity provider")
    return provider


class AppIdentityProvider(IdentityProvider, AppAccess):
    """Everybody is a visitor; whoever holds a valid coach cookie is the coach."""

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return True

    def get_user(self, handler: web.RequestHandler) -> User:
        value = handler.get_secure_cookie(COOKIE, max_age_days=SESSION_HOURS / 24)
        current = coach_password.fingerprint(workspace(handler))
        if value is not None and current and value.decode() == current:
            return User(username=COACH, name="Coach")
        return User(username=VISITOR, name="Visitor")

    def get_handlers(self) -> list[tuple[str, object]]:
        return [(r"/login", LoginHandler), (r"/logout", LogoutHandler)]

    def member(self, handler: JupyterHandler) -> str | None:
        """The member whose personal key is in the request."""
        return member_for_query(workspace(handler), handler.request.query)

    def month_key(self, handler: JupyterHandler) -> str:
        """The key of the link: the page's saves carry it."""
        return key_from_query(handler.request.query) or ""

    def month_member(self, handler: JupyterHandler, key: str | None) -> str | None:
        """The member whose personal key the save carries."""
        return member_for_key(workspace(handler), key)

    def kernel_query(self, handler: JupyterHandler, member: str) -> str:
        """The visitor's own query: the kernel checks the key again."""
        return handler.request.query

    def refuse_coach_app(self, handler: JupyterHandler) -> None:
        """To the coach's login form, and back to the app after it."""
        handler.redirect(f"/login?next={quote(handler.request.path)}")

    def validate_security(self, app, ssl_options=None) -> None:
        """Nothing to warn about: access is decided per app (see the module docstring)."""


class AppAuthorizer(Authorizer):
    """A kernel of a coach app is the coach's alone; a member's kernel anybody's who
    has its id (it shows only that member's data, and only to the holder of the key)."""

    def is_authorized(
        self, handler: JupyterHandler, user: User, action: str, resource: str
    ) -> bool:
        if resource != "kernels":
            return is_coach(user)
        kernel_id = handler.path_kwargs.get("kernel_id") or next(iter(handler.path_args), None)
        manager = handler.kernel_manager
        # Only the toolkit's kernel manager knows which app a kernel runs.
        app = None
        if kernel_id and isinstance(manager, AppKernelManager):
            app = manager.app_of(kernel_id)
        if app == PARTICIPANT_APP:
            return True
        return is_coach(user)
