"""Errors inside an app: a friendly line in the page, the full traceback in the server log.

Voila shows a kernel's output in the page, and ipykernel forwards whatever a kernel
writes to ``sys.stderr`` there too. :func:`server_log` therefore writes to the stream the
kernel process was started with (``sys.stderr.fileno()`` is the original descriptor
under ipykernel), which is the terminal or service log of ``retention serve``.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

LOGGER = "toolkit.apps"
P = ParamSpec("P")
T = TypeVar("T")


def server_log() -> logging.Logger:
    """The apps' logger, writing to the server's own stderr (never to the page)."""
    logger = logging.getLogger(LOGGER)
    if not logger.handlers:
        stream = os.fdopen(os.dup(sys.stderr.fileno()), "w", buffering=1)
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("[toolkit %(asctime)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def friendly_message(doing: str) -> str:
    """What a user reads when something fails while ``doing`` (no technical detail)."""
    return (
        f"Sorry, something went wrong while {doing}. What you entered before is saved. "
        "Try again in a moment; if it keeps happening, tell your coach."
    )


def guarded(
    tell: Callable[[str], None], doing: str
) -> Callable[[Callable[P, T]], Callable[P, T | None]]:
    """Decorate a widget callback: on an exception, log it and ``tell`` the user kindly.

    ``tell`` shows a message in the page (e.g. :meth:`toolkit.apps.page.Page.alert`).
    """

    def decorate(callback: Callable[P, T]) -> Callable[P, T | None]:
        @functools.wraps(callback)
        def run(*args: P.args, **kwargs: P.kwargs) -> T | None:
            try:
                return callback(*args, **kwargs)
            except Exception:
                server_log().exception("app error while %s", doing)
                tell(friendly_message(doing))
                return None

        return run

    return decorate
