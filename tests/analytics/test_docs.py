"""Keep the analytics docs honest: docstring examples run, every public name is documented."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import toolkit.analytics

MODULES = [
    "attention",
    "audit",
    "client_map",
    "cohorts",
    "concessions",
    "inputs",
    "lapse",
    "purchase_model",
    "retention",
    "survival",
    "topics",
]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "analytics.md"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(f"toolkit.analytics.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name", [n for n in toolkit.analytics.__all__ if n.islower()])
def test_public_function_is_documented(name):
    assert f"`{name}(" in DOCS.read_text(encoding="utf-8")
    assert ">>>" in getattr(toolkit.analytics, name).__doc__
