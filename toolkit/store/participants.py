"""Participants, mastermind groups and personal access keys.

A participant's personal link carries a key (``?key=...``). The key is 32 random bytes
from :mod:`secrets`, shown once when it is made and stored only as a salted SHA-256 hash.
A slow password hash would add nothing here: nobody can guess a 256-bit random key, and a
fast check keeps the participant app quick to open. Rotating a key makes old links fail.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import TYPE_CHECKING

import sqlalchemy as sa

from toolkit.clock import utc_now
from toolkit.errors import ToolkitError
from toolkit.store import schema
from toolkit.store.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

HASH_SCHEME = "sha256"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: The app notebook a personal link opens.
PARTICIPANT_APP = "participant.ipynb"


def new_key() -> str:
    """A fresh personal key: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


def hash_key(key: str, salt: str | None = None) -> str:
    """The stored form of ``key``: ``sha256$<salt>$<hex digest of salt + key>``."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256(f"{salt}{key}".encode()).hexdigest()
    return f"{HASH_SCHEME}${salt}${digest}"


def key_matches(key: str, stored: str | None) -> bool:
    """Whether ``key`` is the key whose hash is ``stored`` (constant-time comparison)."""
    if not key or not stored or stored.count("$") != 2:
        return False
    scheme, salt, _ = stored.split("$")
    return scheme == HASH_SCHEME and hmac.compare_digest(hash_key(key, salt), stored)


def slug(name: str) -> str:
    """A participant id made from a display name: ``"Northfield Eng."`` -> ``northfield-eng``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:64] or "participant"


def add_participant(
    ws: Workspace,
    display_name: str,
    participant_id: str | None = None,
    role: str = "member",
    group_id: str | None = None,
) -> str:
    """Add a participant (a member being coached, or a coach) and return their id.

    A group named by ``group_id`` is created when it does not exist yet. Refuses an id
    that is taken or not made of lowercase letters, digits, ``-`` and ``_``.
    """
    participant_id = participant_id or slug(display_name)
    if not ID_PATTERN.match(participant_id):
        raise ToolkitError(
            f"participant id {participant_id!r} may use only lowercase letters, digits, "
            "'-' and '_' (at most 64 characters)"
        )
    if not display_name.strip():
        raise ToolkitError("a participant needs a display name")
    if role not in ("member", "coach"):
        raise ToolkitError(f"role must be 'member' or 'coach', not {role!r}")
    with ws.connect() as connection:
        taken = connection.scalar(
            sa.select(schema.Participant.participant_id).where(
                schema.Participant.participant_id == participant_id
            )
        )
        if taken:
            raise ToolkitError(f"a participant with id {participant_id!r} already exists")
        if group_id is not None:
            ws.upsert(
                "groups",
                [{"group_id": group_id, "name": group_id.replace("-", " ").title()}],
                connection,
            )
        connection.execute(
            sa.insert(schema.Participant).values(
                participant_id=participant_id,
                display_name=display_name.strip(),
                role=role,
                group_id=group_id,
                created_at=utc_now(),
            )
        )
    return participant_id


def participants(ws: Workspace) -> pd.DataFrame:
    """Every participant with their group, client count and whether they have a key.

    Columns: participant_id, display_name, role, group_id, group_name, clients, has_key.
    """
    import pandas as pd

    p, g, c = schema.Participant, schema.Group, schema.Client
    counts = (
        sa.select(c.participant_id, sa.func.count().label("clients"))
        .group_by(c.participant_id)
        .subquery()
    )
    query = (
        sa.select(
            p.participant_id,
            p.display_name,
            p.role,
            p.group_id,
            g.name.label("group_name"),
            sa.func.coalesce(counts.c.clients, 0).label("clients"),
            (p.access_key_hash.is_not(None)).label("has_key"),
        )
        .outerjoin(g, g.group_id == p.group_id)
        .outerjoin(counts, counts.c.participant_id == p.participant_id)
        .order_by(p.role, p.display_name)
    )
    with ws.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    return frame.astype({"clients": "int64", "has_key": bool})


def rotate_key(ws: Workspace, participant_id: str) -> str:
    """Give a participant a new personal key, invalidating the old one; return the key.

    The key is returned once and never stored in clear.
    """
    key = new_key()
    with ws.connect() as connection:
        updated = connection.execute(
            sa.update(schema.Participant)
            .where(schema.Participant.participant_id == participant_id)
            .values(access_key_hash=hash_key(key))
        ).rowcount
    if not updated:
        raise ToolkitError(f"unknown participant {participant_id!r}")
    return key


def participant_for_key(ws: Workspace, key: str | None) -> str | None:
    """The id of the participant whose personal key is ``key``, or None."""
    if not key:
        return None
    query = sa.select(schema.Participant.participant_id, schema.Participant.access_key_hash)
    with ws.engine.connect() as connection:
        rows = connection.execute(query).all()
    return next((row[0] for row in rows if key_matches(key, row[1])), None)


def personal_link(base_url: str, key: str, tab: str | None = None) -> str:
    """The link that opens the participant app for the holder of ``key``: its kernel-free
    month page, or with ``tab`` (a slug of :data:`toolkit.served.PARTICIPANT_TABS`) the
    full page on that tab."""
    link = f"{base_url.rstrip('/')}/voila/render/{PARTICIPANT_APP}?key={key}"
    return link if tab is None else f"{link}&tab={tab}"
