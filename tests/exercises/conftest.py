"""Shared fixtures for the exercise engine tests."""

from pathlib import Path

import pytest

from toolkit.exercises import Exercise, load_all

FILES = Path(__file__).with_name("files")


@pytest.fixture(scope="session")
def exercises() -> dict[str, Exercise]:
    """The six shipped exercises, loaded once."""
    return load_all()


def checklist(done: int, entries: int = 6) -> list[dict]:
    """A written checklist with the first ``done`` entries ticked."""
    return [{"text": f"target {n}", "done": n < done} for n in range(entries)]
