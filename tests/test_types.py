"""The package type-checks: mypy, configured in pyproject.toml ([tool.mypy]), finds nothing.

Run by ``make typecheck`` too; see pyproject.toml for the strictness and why pandas-stubs
is left out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # mypy in a process of its own: 20 s without its cache (make test-fast runs it)
def test_mypy_finds_no_error_in_the_toolkit():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
