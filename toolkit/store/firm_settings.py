"""The firm settings the analyses read: lists a coach agrees with a participant.

- ``core_industries``: the industries the firm serves best; the client map's fit score
  counts a client in one of them (``core_industry`` = 1).
- ``record_template``: the fields every client record should have; the record audit
  measures completeness against it.

Each is stored as a JSON list under ``<name>:<participant id>`` (a workspace-wide
``<name>`` is the default for firms without their own; the demo stores its first firm's
lists as the defaults). An empty list means *not set*, everywhere: the analyses treat a
firm whose list was cleared exactly like one that never had it, and clearing a firm's
list in a workspace with a default stores an empty list for that firm, so the default
does not come back in its place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from toolkit.errors import ToolkitError
from toolkit.store.workspace import Workspace

#: The firm settings, with what each is for (the CLI's and the coach app's help).
FIRM_LISTS = {
    "core_industries": "industries the firm serves best (the client map's fit score)",
    "record_template": "fields every client record should have (the record audit)",
}


def _key(name: str, participant_id: str) -> str:
    if name not in FIRM_LISTS:
        raise ToolkitError(f"no firm setting {name!r}; known: {', '.join(FIRM_LISTS)}")
    return f"{name}:{participant_id}"


def firm_list(ws: Workspace, name: str, participant_id: str) -> list[str]:
    """The firm's own list ``name`` (``[]`` when cleared), else the workspace's default,
    else ``[]``: not set."""
    own = ws.setting(_key(name, participant_id))
    text = own if own is not None else ws.setting(name)
    return [str(value) for value in json.loads(text)] if text else []


def parse_list(text: str) -> list[str]:
    """A list typed as one line, separated by commas (or semicolons): each entry
    trimmed, blanks and repeats (ignoring case) dropped, in the order typed.

    >>> parse_list(" Utilities, mining;; utilities ,")
    ['Utilities', 'mining']
    """
    seen: set[str] = set()
    values: list[str] = []
    for part in text.replace(";", ",").split(","):
        value = part.strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            values.append(value)
    return values


def set_firm_list(ws: Workspace, name: str, participant_id: str, values: Iterable[str]) -> None:
    """Set the firm's list ``name`` to ``values`` (trimmed, blanks and repeats dropped);
    with no values the firm's list is *not set*: forgotten, or stored empty when the
    workspace has a default that would otherwise apply."""
    key = _key(name, ws.resolve_participant(participant_id))
    cleaned = parse_list(",".join(values))
    if cleaned or ws.setting(name) is not None:
        ws.set_setting(key, json.dumps(cleaned))
    else:
        ws.delete_setting(key)
