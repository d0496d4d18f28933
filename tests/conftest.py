"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Run the test under umask 022, which leaves new files 0644 and folders 0755, so a
    private mode the test finds was given by the toolkit, not by the shell's umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)
