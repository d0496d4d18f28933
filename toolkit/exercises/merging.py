"""Merging two windows' answers to one item, part by part.

A member may have their page open twice (a laptop and a phone, two tabs). Each window
saves the whole answer of an item, so without care the later save silently reverts what
the other window changed. An answer is therefore split into *parts* that can change
independently:

- a checklist of the member's own lines: each line (its text and tick) by position;
- a client rating: each client's row, by ``client_id``;
- every other kind: the whole answer is one part.

:func:`merge` is a three-way merge of parts: ``base`` is the stored answer the window
started from, ``mine`` what the window holds now, ``theirs`` what is stored now. A part
only one side changed takes that side's value; a part both changed to different values
is a *conflict*: the stored value stays, and the window is told. Blank checklist lines
count as absent, so two windows filling different empty lines merge.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass
from typing import Any

from toolkit.exercises.items import Item

#: The key of the single part of an item answered as a whole.
WHOLE = "whole"
_ABSENT = object()


@dataclass(frozen=True)
class Merge:
    """The merged answer, and the parts where both sides changed the same thing."""

    value: Any
    conflicts: frozenset[Hashable]


def parts(item: Item, value: Any) -> dict[Hashable, Any]:
    """The independently changeable parts of an answer to ``item`` (see the module)."""
    if value is None:
        return {}
    if _lines(item):
        return {index: entry for index, entry in enumerate(value) if not _blank(entry)}
    if item.kind == "client-rating":
        return {row["client_id"]: row for row in value}
    return {WHOLE: value}


def compose(item: Item, by_part: dict[Hashable, Any], order: Any = None) -> Any:
    """The answer made of ``by_part`` (the inverse of :func:`parts`); client rows keep the
    order they have in the answer ``order``, new ones follow."""
    if not by_part:
        return None
    if _lines(item):
        indexes = [key for key in by_part if isinstance(key, int)]
        count = max(item.entries or 0, max(indexes, default=-1) + 1)
        return [by_part.get(index, {"text": "", "done": False}) for index in range(count)]
    if item.kind == "client-rating":
        known = [row["client_id"] for row in order or ()]
        keys = [k for k in known if k in by_part] + [k for k in by_part if k not in known]
        return [by_part[key] for key in keys]
    return by_part[WHOLE]


def merge(item: Item, base: Any, mine: Any, theirs: Any, keep: Collection[Hashable] = ()) -> Merge:
    """Three-way merge of an answer to ``item``; ``keep`` are parts of ``mine`` already
    known to conflict, which take the stored value without counting again."""
    base_parts, my_parts, their_parts = parts(item, base), parts(item, mine), parts(item, theirs)
    merged: dict[Hashable, Any] = {}
    conflicts = set()
    for key in [*their_parts, *(k for k in my_parts if k not in their_parts)]:
        before = base_parts.get(key, _ABSENT)
        mine_now = before if key in keep else my_parts.get(key, _ABSENT)
        theirs_now = their_parts.get(key, _ABSENT)
        if mine_now in (before, theirs_now):
            chosen = theirs_now
        elif theirs_now == before:
            chosen = mine_now
        else:
            conflicts.add(key)
            chosen = theirs_now
        if chosen is not _ABSENT:
            merged[key] = chosen
    return Merge(compose(item, merged, order=mine), frozenset(conflicts))


def overlay(item: Item, value: Any, source: Any, keys: Collection[Hashable]) -> Any:
    """``value`` with its parts ``keys`` as they are in ``source`` (removed where
    ``source`` has none): what a window shows after a merge, its own text kept where it
    conflicts."""
    by_part, taken = parts(item, value), parts(item, source)
    for key in keys:
        if key in taken:
            by_part[key] = taken[key]
        else:
            by_part.pop(key, None)
    return compose(item, by_part, order=source)


def _lines(item: Item) -> bool:
    return item.kind == "checklist" and not item.options


def _blank(entry: dict[str, Any]) -> bool:
    return not (entry.get("text") or entry.get("done"))
