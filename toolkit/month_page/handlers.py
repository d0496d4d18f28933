"""The month page on the server: rendered for a member, and its saves.

Who may save is the server's identity provider's say (:class:`toolkit.access.AppAccess`):
under ``retention serve`` the personal key is the credential, as for the full personal
page: the page is rendered only for a member's key (:class:`toolkit.voila_server.AppHandler`
checks it first) and every save carries the key in its JSON body, so a save from another
site would need the key; there is no cookie to borrow, hence no XSRF token. Under
JupyterHub the hub's login cookie is the credential, so the page carries the server's XSRF
token and every save is checked against it. The store is used from a worker thread, so a
busy database never stalls the server's other pages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

from jupyter_server.base.handlers import JupyterHandler
from tornado.ioloop import IOLoop

from toolkit.access import app_access, workspace
from toolkit.answer_saving import TRANSIENT
from toolkit.exercises import Exercise
from toolkit.month_page.render import page_html
from toolkit.month_page.targets import Refused, month_view, save_targets

log = logging.getLogger(__name__)
#: Largest save accepted (bytes): six targets of 500 characters fit many times over.
MAX_BODY = 64 * 1024
#: The monthly-targets exercise, in the server's settings (loaded once at start-up).
EXERCISE_SETTING = "toolkit_month_exercise"

T = TypeVar("T")


async def in_thread(work: Callable[[], T]) -> T:
    """Run ``work`` (which uses the store) in a worker thread."""
    return await IOLoop.current().run_in_executor(None, work)


def exercise(handler: JupyterHandler) -> Exercise:
    return handler.settings[EXERCISE_SETTING]


async def render_month(handler: JupyterHandler, participant_id: str, key: str) -> None:
    """Answer ``handler``'s request with the month page of ``participant_id``, whose saves
    carry ``key`` (and the XSRF token where the login cookie is the credential)."""
    ws = workspace(handler)
    view = await in_thread(lambda: month_view(ws, participant_id, exercise(handler)))
    xsrf = handler.xsrf_token.decode() if app_access(handler).month_by_cookie else ""
    handler.set_header("Cache-Control", "no-store")
    handler.finish(page_html(view, key, handler.base_url, xsrf))


class SaveHandler(JupyterHandler):
    """``POST`` :data:`toolkit.month_page.SAVE_PATH`: save a month page's targets.

    Answers JSON: the saved state (200), ``{"error": ...}`` with 400 for a malformed save,
    404 for a key that opens no page, 413 for an oversized body, and 503 (the page retries)
    when the database is busy.
    """

    def check_xsrf_cookie(self) -> None:
        """The XSRF token only where the login cookie is the credential (see the module)."""
        if app_access(self).month_by_cookie:
            super().check_xsrf_cookie()

    def reply(self, status: int, content: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(content))

    async def post(self) -> None:
        if len(self.request.body) > MAX_BODY:
            self.reply(413, {"error": "the page sent too much"})
            return
        try:
            body = json.loads(self.request.body)
        except ValueError:
            self.reply(400, {"error": "the page sent something that is not a save"})
            return
        key = body.get("key") if isinstance(body, dict) else None
        ws, access = workspace(self), app_access(self)
        member = await in_thread(
            lambda: access.month_member(self, key if isinstance(key, str) else None)
        )
        if member is None:
            self.reply(404, {"error": access.month_gone})
            return
        try:
            outcome = await in_thread(
                lambda: save_targets(ws, member, exercise(self), body, ws.as_of(member))
            )
        except Refused as refused:
            self.reply(400, {"error": str(refused)})
        except TRANSIENT as error:
            log.warning("targets of %s not saved, the page retries: %s", member, error)
            self.reply(503, {"error": "the database is busy"})
        except Exception:
            log.exception("targets of %s not saved", member)
            self.reply(500, {"error": "the server could not save them"})
        else:
            self.reply(200, asdict(outcome))
