"""Packages that import a public name's module only when the name is first used (PEP 562).

A served participant kernel imports ``toolkit.widgets`` and ``toolkit.apps`` for a few
names; importing every module of them up front would load pandas, plotly and the
analytics for tabs the member may never open.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``modules`` maps each public name to the
    submodule defining it; the name is imported from there on first use, then kept."""

    def __getattr__(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{modules[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
