"""The toolkit's one clock: the current moment as the workspace stores it.

Every stored timestamp (answers, commitments, check-ins, a member's hot-seat prep, when a
participant was added) is naive UTC (docs/architecture.md, "Workspace"), so moments from
machines in different time zones compare correctly and SQLite, which has no time-zone type,
keeps them as written. Read the clock through :func:`utc_now` only, so there is one place
that decides what "now" means.
"""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """The current moment in UTC, without a time zone (how the workspace stores moments)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
