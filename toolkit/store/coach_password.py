"""The coach's password: stored as an Argon2id hash, checked in constant time.

The coach and facilitator apps show every member's data, so ``retention serve`` opens
them only after a login with this password (:mod:`toolkit.access`). The hash lives in
the workspace settings; the password itself is never stored or logged. Its
:func:`fingerprint` goes into the login cookie, so setting a new password ends every
session signed in with the old one.
"""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from toolkit.errors import ToolkitError
from toolkit.store.workspace import Workspace

SETTING = "coach_password_hash"
MIN_LENGTH = 10
_HASHER = PasswordHasher()  # Argon2id with the library's current recommended costs


def set_password(ws: Workspace, password: str) -> None:
    """Store the Argon2id hash of a new coach password (at least :data:`MIN_LENGTH`
    characters; surrounding spaces count as typed)."""
    if len(password) < MIN_LENGTH:
        raise ToolkitError(f"the coach password needs at least {MIN_LENGTH} characters")
    ws.set_setting(SETTING, _HASHER.hash(password))


def has_password(ws: Workspace) -> bool:
    """Whether a coach password was set (the coach apps stay closed until then)."""
    return ws.setting(SETTING) is not None


def verify(ws: Workspace, password: str) -> bool:
    """Whether ``password`` is the coach password (False when none is set)."""
    stored = ws.setting(SETTING)
    if stored is None or not password:
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def fingerprint(ws: Workspace) -> str:
    """A short digest of the stored hash ('' without one): it changes with the password."""
    stored = ws.setting(SETTING)
    return hashlib.sha256(stored.encode()).hexdigest()[:16] if stored else ""
