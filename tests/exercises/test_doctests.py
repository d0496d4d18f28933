"""The docstring examples of the engine's modules run."""

import doctest
import importlib

import pytest

MODULES = ["toolkit.excuse_causes", "toolkit.exercises.plans", "toolkit.exercises.prefill"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0 and result.attempted > 0
