"""The five root causes of a concession: one list for the excuse log, the analytics, the
excuse audit exercise and the demo.

Each cause needs its own remedy, so they are kept apart: a client pushing on price is a
question of whom the firm sells to; a client changing scope one of contracts and change
requests; over-promising (or a capability the firm lacks) one of how it sells; its own
execution mistakes one of how it delivers; and what nobody controlled needs no remedy but
a record. An imported excuse log writes causes in its own words; :func:`cause_of` reads
the usual spellings (case and spaces do not matter) as one of the five.

Pure Python on purpose: checking an exercise file must not import pandas.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cause:
    """One root cause: its ``id`` (the excuse audit's option id), its ``name`` in the log
    and ``spellings``, the other log texts that mean the same."""

    id: str
    name: str
    spellings: tuple[str, ...] = ()


CAUSES: tuple[Cause, ...] = (
    Cause("price_pressure", "price pressure", ("discount demanded", "price hunter")),
    Cause("scope_change", "client changed scope", ("scope change", "unclear requirements")),
    Cause("over_promised", "over-promised or capability gap", ("over-promised", "capability gap")),
    Cause("execution_mistake", "our execution mistake", ("our mistake", "missed follow-up")),
    Cause("outside", "outside our control", ("supplier delay",)),
)
#: The cause ids in their fixed order.
CAUSE_IDS: tuple[str, ...] = tuple(cause.id for cause in CAUSES)


def _folded(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


_BY_TEXT: dict[str, str] = {
    _folded(text): cause.id for cause in CAUSES for text in (cause.id, cause.name, *cause.spellings)
}


def cause_of(text: object) -> str | None:
    """The id of the cause a log text names, or None for a text that names none.

    >>> cause_of(" Capability  gap"), cause_of("client changed scope"), cause_of("weather")
    ('over_promised', 'scope_change', None)
    """
    if not isinstance(text, str):
        return None
    return _BY_TEXT.get(_folded(text))


def name_of(text: object) -> object:
    """The name of the cause a log text names (``"over-promised or capability gap"`` for
    ``"capability gap"``), or the text unchanged when it names none."""
    cause = cause_of(text)
    return text if cause is None else _NAMES[cause]


_NAMES = {cause.id: cause.name for cause in CAUSES}


def spellings_of(cause_id: str) -> tuple[str, ...]:
    """Every log text read as ``cause_id`` (its name first), case-folded."""
    return tuple(text for text, known in _BY_TEXT.items() if known == cause_id)
