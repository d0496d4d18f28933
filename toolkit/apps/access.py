"""Who is asking: the personal key in the link, and the page shown when it does not work.

A personal link ends in ``?key=...``. :func:`member_for_query` finds the member whose
stored key hash matches; anything else (no key, a wrong key, a key that was rotated, a
coach's key) gives None, and the app shows :func:`link_not_valid` instead of any data.
Under JupyterHub there are no keys: the server signs the member the hub user is into the
query (:mod:`toolkit.member_token`), and only that signature counts.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import ipywidgets as widgets

from toolkit import member_token
from toolkit.apps.page import html
from toolkit.store import Workspace
from toolkit.store.participants import participant_for_key
from toolkit.store.views import profile

LINK_NOT_VALID = """
<div class="tk-card" style="max-width:640px;margin:24px auto;">
<h3>This link does not open a page</h3>
<p>The link you used is incomplete, mistyped, or has been replaced by a newer one.
Personal links stop working when your coach issues a new one, which keeps your page
private.</p>
<p><b>What to do:</b> ask your coach to send you a new personal link, then open that
link. Nothing you entered earlier is lost.</p>
</div>
"""


def key_from_query(query: str | None) -> str | None:
    """The ``key`` parameter of a query string (``"key=abc&x=1"`` -> ``"abc"``), or None."""
    values = parse_qs(query or "").get("key", [])
    return values[0].strip() or None if values else None


def member_for_key(ws: Workspace, key: str | None) -> str | None:
    """The id of the member whose personal key is ``key``, or None (also for a coach's)."""
    participant_id = participant_for_key(ws, key)
    if participant_id is None or profile(ws, participant_id).role != "member":
        return None
    return participant_id


def member_for_query(ws: Workspace, query: str | None) -> str | None:
    """The id of the member whose personal key is in ``query`` (under JupyterHub: whose
    signed member token is), or None."""
    secret = member_token.secret_from_environment()
    if secret is None:
        return member_for_key(ws, key_from_query(query))
    participant_id = member_token.member_from_query(secret, query)
    if participant_id is None or profile(ws, participant_id).role != "member":
        return None
    return participant_id


def link_not_valid() -> widgets.HTML:
    """The friendly page for a missing, wrong or rotated key: what to do, and no data."""
    return html(LINK_NOT_VALID)
