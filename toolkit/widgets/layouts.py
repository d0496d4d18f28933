"""Layouts shared by the widgets and the apps.

One Layout instance serves every widget that uses it: one widget model instead of one per
widget, so a page has fewer models to fetch when it opens. Never change an attribute of
a shared layout through one widget (``widget.layout.display = ...``): that widget needs a
Layout of its own.
"""

from __future__ import annotations

import ipywidgets as widgets

#: As wide as the container.
FULL = widgets.Layout(width="100%")
#: A dropdown as wide as its container, up to 480 px.
CHOICE = widgets.Layout(width="100%", max_width="480px")
