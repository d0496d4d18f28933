"""How a widget reports a failed callback without importing the apps (imports point
down): the app hands it ``guard``, such as ``functools.partial(guarded, app.alert)``, and
the widget wraps each callback in ``guard("what it was doing")``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: ``guard(doing)`` decorates a callback so a failure shows a kind message in the page.
Guard = Callable[[str], Callable[[Callable[..., Any]], Callable[..., Any]]]
