"""Deterministic demo data: firms whose clients' hidden types drive the observable rows.

>>> from toolkit.demo import create_demo  # doctest: +SKIP
>>> create_demo(Workspace.open("workspace"), participants=4)  # doctest: +SKIP
"""

from toolkit.demo.generate import AS_OF, DemoSummary, create_demo
from toolkit.demo.profiles import LATENT_TYPES

__all__ = ["AS_OF", "LATENT_TYPES", "DemoSummary", "create_demo"]
