"""Who a participant page is for, under JupyterHub: a member token signed by the server.

Under the hub (``retention serve --hub``, :mod:`toolkit.hub`) nobody brings a personal key:
the server learns from the hub who is asking and puts the member's participant id in the
request it hands the participant app's kernel, as ``hub_member=<id>.<expires>.<signature>``.
The kernel reads that request like any visitor's query string, so the server replaces the
visitor's own query with it; what makes it trustworthy is the signature, an HMAC-SHA256
with a secret the server draws at start and passes to its kernels in the environment
(:data:`SECRET_ENV`). A visitor who types ``?hub_member=...`` into the address bar has no
secret to sign with; a token is good for :data:`LIFETIME_SECONDS` (a page's kernel reads it
within seconds, or once started when no preheated one was ready).

A module of the standard library only: the kernels import it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from urllib.parse import parse_qs, urlencode

#: Environment variable holding the secret (set by ``retention serve --hub`` only).
SECRET_ENV = "TOOLKIT_MEMBER_SECRET"
#: The query parameter carrying the token.
PARAMETER = "hub_member"
LIFETIME_SECONDS = 600


def new_secret() -> str:
    """A fresh secret for one server's run."""
    return secrets.token_hex(32)


def secret_from_environment() -> str | None:
    """The secret of the server this kernel belongs to, or None outside the hub mode."""
    return os.environ.get(SECRET_ENV) or None


def _signature(secret: str, participant_id: str, expires: int) -> str:
    message = f"{participant_id}.{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def member_query(secret: str, participant_id: str, now: float | None = None) -> str:
    """The query string naming ``participant_id`` that the kernel will accept."""
    expires = int((time.time() if now is None else now) + LIFETIME_SECONDS)
    token = f"{participant_id}.{expires}.{_signature(secret, participant_id, expires)}"
    return urlencode({PARAMETER: token})


def member_from_query(secret: str, query: str | None, now: float | None = None) -> str | None:
    """The participant id of a well-signed, unexpired token in ``query``, else None."""
    values = parse_qs(query or "").get(PARAMETER, [])
    if len(values) != 1:
        return None
    participant_id, _, rest = values[0].partition(".")
    expires_text, _, signature = rest.partition(".")
    if not expires_text.isdigit():
        return None
    expires = int(expires_text)
    if expires < (time.time() if now is None else now):
        return None
    expected = _signature(secret, participant_id, expires)
    return participant_id if hmac.compare_digest(signature, expected) else None
