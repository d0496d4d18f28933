"""The one clock: naive UTC, read in one place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from toolkit.clock import utc_now

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit"


def test_utc_now_is_the_current_utc_moment_without_a_time_zone():
    before = dt.datetime.now(dt.UTC)
    now = utc_now()
    after = dt.datetime.now(dt.UTC)
    assert now.tzinfo is None
    assert before.replace(tzinfo=None) <= now <= after.replace(tzinfo=None)


def test_no_module_reads_the_utc_clock_another_way():
    """``datetime.now(UTC)`` or ``datetime.utcnow()`` outside toolkit/clock.py would be a
    second spelling of the workspace's "now"."""
    spelled = re.compile(r"datetime\.now\((dt\.)?UTC\)|datetime\.utcnow\(")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if spelled.search(line)
    ]
    assert found == []
