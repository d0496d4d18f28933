"""What every app starts from: a page on one workspace, with the exercises loaded and
plotly warmed up, so the work is done while a kernel preheats rather than on a visit."""

from __future__ import annotations

from typing import ClassVar, Self

from toolkit.apps.page import LazyTabs, Page
from toolkit.exercises import Exercise, load_all
from toolkit.store import Workspace
from toolkit.widgets.chart import warm_up


class App(Page):
    """An app page on ``workspace``. Subclasses name themselves in ``APP_NAME``.

    ``today`` is the workspace's 'today' (:meth:`Workspace.as_of`); ``tabs`` is set once
    the app knows whose page it shows.
    """

    APP_NAME: ClassVar[str] = ""

    def __init__(self, workspace: Workspace, exercises: dict[str, Exercise] | None = None) -> None:
        super().__init__(self.APP_NAME)
        self.workspace = workspace
        self.exercises = load_all() if exercises is None else exercises
        self.today = workspace.as_of()
        self.tabs: LazyTabs | None = None
        warm_up()

    @classmethod
    def from_environment(cls) -> Self:
        """The app on the workspace named by ``TOOLKIT_WORKSPACE`` (set by ``retention serve``)."""
        return cls(Workspace.open())
