"""What every app starts from: a page on one workspace, with the exercises loaded, so the
work is done while a kernel preheats rather than on a visit. Apps that draw charts on their
first tab also warm plotly up (:func:`toolkit.widgets.chart.warm_up`)."""

from __future__ import annotations

import os
from typing import ClassVar, Self

from toolkit.apps.page import LazyTabs, Page
from toolkit.exercises import Exercise, load_all
from toolkit.served import EXERCISES_CHECKED_ENV
from toolkit.store import Workspace


class App(Page):
    """An app page on ``workspace``. Subclasses name themselves in ``APP_NAME``.

    ``today`` is the workspace's 'today' (:meth:`Workspace.as_of`), or the participant's
    own as-of date once the page is one participant's; ``tabs`` is set once the app knows
    whose page it shows.
    """

    APP_NAME: ClassVar[str] = ""

    def __init__(self, workspace: Workspace, exercises: dict[str, Exercise] | None = None) -> None:
        super().__init__(self.APP_NAME)
        self.workspace = workspace
        if exercises is None:
            # ``retention serve`` checked the exercise files against the schema already
            exercises = load_all(schema=os.environ.get(EXERCISES_CHECKED_ENV) != "1")
        self.exercises = exercises
        self.today = workspace.as_of()
        self.tabs: LazyTabs | None = None

    @classmethod
    def from_environment(cls) -> Self:
        """The app on the workspace named by ``TOOLKIT_WORKSPACE`` (set by ``retention serve``)."""
        return cls(Workspace.open())
