"""Who opens what when the apps run as a coach's JupyterHub server (``retention serve --hub``).

Identity comes from the hub, by OAuth, exactly as in ``jupyterhub-singleuser``:
:class:`HubIdentityProvider` is JupyterHub's own ``JupyterHubIdentityProvider`` (a visitor
without a hub login is sent to the hub's login page; one whose hub roles give no
``access:servers`` scope on this server is refused with 403), mapped to the toolkit's
two kinds of people:

- the **coach** is the hub user who owns the server (``JUPYTERHUB_USER``): the same
  ``coach`` user as after the login of ``retention serve``, so the coach apps and their
  kernels (:class:`toolkit.access.AppAuthorizer`) are theirs alone;
- anybody else the hub lets in (members of a group granted ``access:servers!user=<coach>``)
  is a :class:`HubUser`, and opens the participant app as the member whose participant id
  is their hub user name. The server signs that id into the request the page's kernel
  reads (:mod:`toolkit.member_token`); a hub user with no member of that id in the
  workspace gets :data:`NO_MEMBER_PAGE`, and nobody's data.

The server's root (``/user/<coach>/``, where the hub sends people) leads the coach to the
coach app and everybody else to their page (:class:`LandingHandler`).

The coach's hub API token stays in the server process: kernels inherit the server's
environment, and members' pages run in kernels, so the token leaves the environment as
soon as the identity provider has it.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import JupyterHandler
from jupyterhub.services.auth import HubOAuth
from jupyterhub.singleuser.extension import (
    JupyterHubIdentityProvider,
    JupyterHubLogoutHandler,
    JupyterHubOAuthCallbackHandler,
)
from jupyterhub.utils import url_path_join
from tornado import web
from traitlets import default

from toolkit import member_token
from toolkit.access import COACH, AppAccess, is_coach, page, workspace
from toolkit.errors import ToolkitError
from toolkit.served import PAGE_ARGUMENTS, PARTICIPANT_APP
from toolkit.store import Workspace
from toolkit.store.views import profile

#: Environment variables holding the server's hub API token (the second is its old name).
TOKEN_ENV = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")
COACH_APP = "coach_session.ipynb"

NO_MEMBER_PAGE = page(
    "There is no personal page for you here",
    "<p>You are logged in to the hub, but this coach's workspace has no member under "
    "your user name. If you expected your page here, ask your coach to check the name "
    "they gave you; if you have another coach, open their server instead.</p>",
)


def coach_only_page(server_root: str) -> str:
    """What a member who asked for a coach app sees: a way to their own page."""
    return page(
        "This page is your coach's",
        "<p>The coach and facilitator apps open for the coach only. "
        f'<a href="{html.escape(server_root)}">Open your own page</a>.</p>',
    )


@dataclass
class HubUser(User):
    """A hub user who is not the server's owner; ``hub_name`` is their hub user name."""

    hub_name: str = ""


def member_for_hub_user(ws: Workspace, hub_name: str) -> str | None:
    """The id of the member whose participant id is ``hub_name``, or None (nobody, or a
    coach)."""
    try:
        return hub_name if profile(ws, hub_name).role == "member" else None
    except ToolkitError:  # no participant of that id
        return None


class LandingHandler(JupyterHandler):
    """The server's root: the coach app for the coach, one's own page for the others."""

    @web.authenticated
    def get(self) -> None:
        app = COACH_APP if is_coach(self.current_user) else PARTICIPANT_APP
        self.redirect(url_path_join(self.base_url, "voila/render", app))


class HubIdentityProvider(JupyterHubIdentityProvider, AppAccess):
    """JupyterHub's OAuth identity, as the coach or a :class:`HubUser` (see the module)."""

    no_member_page = NO_MEMBER_PAGE
    month_by_cookie = True
    month_gone = "you are no longer logged in to this page: reload it to log in again"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owner = os.environ["JUPYTERHUB_USER"]
        self.secret = os.environ[member_token.SECRET_ENV]
        self.hub_auth  # noqa: B018 (takes the token out of the environment now)

    @default("hub_auth")
    def _default_hub_auth(self) -> HubOAuth:
        tokens = [os.environ.pop(name, "") for name in TOKEN_ENV]
        return HubOAuth(parent=self, api_token=tokens[0])

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        user = await super().get_user(handler)
        if user is None:
            return None
        if user.username == self.owner:
            return User(username=COACH, name=user.name, display_name=user.display_name)
        return HubUser(username=f"hub-user:{user.username}", name=user.name, hub_name=user.username)

    def get_handlers(self) -> list[tuple[Any, ...]]:
        prefix = self.hub_auth.base_url
        return [
            (
                url_path_join(prefix, "oauth_callback"),
                JupyterHubOAuthCallbackHandler,
                {"hub_auth": self.hub_auth},
            ),
            (url_path_join(prefix, "logout"), JupyterHubLogoutHandler),
            (prefix.rstrip("/") + "/?", LandingHandler),
        ]

    def member(self, handler: JupyterHandler) -> str | None:
        """The member named like the hub user asking (the coach is nobody's member)."""
        user = handler.current_user
        if not isinstance(user, HubUser):
            return None
        return member_for_hub_user(workspace(handler), user.hub_name)

    def month_key(self, handler: JupyterHandler) -> str:
        """None: the month page saves with the hub's login cookie."""
        return ""

    def month_member(self, handler: JupyterHandler, key: str | None) -> str | None:
        """The hub user's member, whatever key the save carries."""
        return self.member(handler)

    def kernel_query(self, handler: JupyterHandler, member: str) -> str:
        """The signed member token instead of the visitor's query (only the page's own
        arguments, :data:`toolkit.served.PAGE_ARGUMENTS`, are kept), so a visitor cannot
        name a member."""
        query = member_token.member_query(self.secret, member)
        kept = {
            name: value
            for name in PAGE_ARGUMENTS
            if (value := handler.get_query_argument(name, None)) is not None
        }
        return f"{query}&{urlencode(kept)}" if kept else query

    def refuse_coach_app(self, handler: JupyterHandler) -> None:
        """403: a member (or another hub user let in) asked for a coach app."""
        handler.set_status(403)
        handler.finish(coach_only_page(handler.base_url))
