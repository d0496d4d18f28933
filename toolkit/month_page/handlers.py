"""The month page on the server: rendered for a valid personal key, and its saves.

The personal key is the credential for both, as for the full personal page: the page is
rendered only for a member's key (:class:`toolkit.voila_server.AppHandler` checks it
first), and every save carries the key in its JSON body, so a save from another site
would need the key; there is no cookie to borrow, hence no XSRF token. The store is
used from a worker thread, so a busy database never stalls the server's other pages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

from jupyter_server.base.handlers import JupyterHandler
from tornado.ioloop import IOLoop

from toolkit.access import workspace
from toolkit.answer_saving import TRANSIENT
from toolkit.apps.access import member_for_key
from toolkit.exercises import Exercise
from toolkit.month_page.render import page_html
from toolkit.month_page.targets import Refused, month_view, save_targets

log = logging.getLogger(__name__)
#: Largest save accepted (bytes): six targets of 500 characters fit many times over.
MAX_BODY = 64 * 1024
#: The monthly-targets exercise, in the server's settings (loaded once at start-up).
EXERCISE_SETTING = "toolkit_month_exercise"
LINK_GONE = "this link no longer opens your page; ask your coach for a new one"

T = TypeVar("T")


async def in_thread(work: Callable[[], T]) -> T:
    """Run ``work`` (which uses the store) in a worker thread."""
    return await IOLoop.current().run_in_executor(None, work)


def exercise(handler: JupyterHandler) -> Exercise:
    return handler.settings[EXERCISE_SETTING]


async def render_month(handler: JupyterHandler, participant_id: str, key: str) -> None:
    """Answer ``handler``'s request with the month page of ``participant_id``."""
    ws = workspace(handler)
    view = await in_thread(lambda: month_view(ws, participant_id, exercise(handler)))
    handler.set_header("Cache-Control", "no-store")
    handler.finish(page_html(view, key))


class SaveHandler(JupyterHandler):
    """``POST`` :data:`toolkit.month_page.SAVE_PATH`: save a month page's targets.

    Answers JSON: the saved state (200), ``{"error": ...}`` with 400 for a malformed save,
    404 for a key that opens no page, 413 for an oversized body, and 503 (the page retries)
    when the database is busy.
    """

    def check_xsrf_cookie(self) -> None:
        """No XSRF token: the personal key in the body is the credential (see the module)."""

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
        ws = workspace(self)
        member = await in_thread(lambda: member_for_key(ws, key if isinstance(key, str) else None))
        if member is None:
            self.reply(404, {"error": LINK_GONE})
            return
        today = ws.as_of(member)
        try:
            outcome = await in_thread(lambda: save_targets(ws, member, exercise(self), body, today))
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
