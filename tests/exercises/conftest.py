"""Shared fixtures for the exercise engine tests."""

from pathlib import Path

FILES = Path(__file__).with_name("files")


def checklist(done: int, entries: int = 6) -> list[dict]:
    """A written checklist with the first ``done`` entries ticked."""
    return [{"text": f"target {n}", "done": n < done} for n in range(entries)]
