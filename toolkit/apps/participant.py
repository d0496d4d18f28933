"""The participant app: a mastermind member's own page, opened with a personal link.

The notebook builds the app while the kernel is preheated (imports, exercises, the
database connection), waits for the visitor's request, then calls :meth:`ParticipantApp.start`
with the query string. Only a link whose key matches a member's stored hash shows data,
and then only that member's data plus group medians.

A personal link opens the kernel-free month page (:mod:`toolkit.month_page`); its tabs
link here with ``&tab=<slug>`` (:data:`toolkit.served.PARTICIPANT_TABS`), and this page
opens on that tab. The "This month" tab needs only the key check, the profile and the saved
monthly targets; the modules of the other tabs (the exercise form, the analyses, charts,
progress) are imported when a tab or the targets form first needs them, so a member's
kernel stays small (see ``tests/apps/test_participant_imports.py``).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import ipywidgets as widgets

from toolkit.apps.access import link_not_valid, member_for_query
from toolkit.apps.app import App
from toolkit.apps.errors import guarded
from toolkit.apps.page import LazyTabs, info
from toolkit.exercises import Exercise
from toolkit.progress import MONTHLY_TARGETS
from toolkit.served import PARTICIPANT_TABS
from toolkit.store import Workspace, coaching, views
from toolkit.widgets.layouts import FULL
from toolkit.widgets.monthly_targets import MonthlyTargets

if TYPE_CHECKING:
    from toolkit.firm import FirmAnalyses
    from toolkit.widgets.exercise_form import ExerciseForm


class ParticipantApp(App):
    """One member's page: this month's targets, exercises, commitments, progress, group.

    ``participant_id`` is None until :meth:`start` accepted a key.
    """

    APP_NAME = "Personal page"

    def __init__(self, workspace: Workspace, exercises: dict[str, Exercise] | None = None) -> None:
        super().__init__(workspace, exercises)
        self.participant_id: str | None = None
        self.forms: dict[str, ExerciseForm] = {}
        self.analyses: FirmAnalyses | None = None
        self.open_form = False

    def start(self, query: str | None) -> None:
        """Show the page of the member whose key is in ``query``, or the 'link not valid' page."""
        guarded(self.alert, "opening your page")(self._start)(query)

    def _start(self, query: str | None) -> None:
        participant_id = member_for_query(self.workspace, query)
        if participant_id is None:
            self.set_header("Client Retention Toolkit", self.APP_NAME)
            self.show(link_not_valid())
            return
        self.participant_id = participant_id
        me = views.profile(self.workspace, participant_id)
        group = f"{me.group_name} · " if me.group_name else ""
        # Targets, commitments and progress count from the firm's own as-of date, like
        # the analyses of its exercises.
        self.today = self.workspace.as_of(participant_id)
        self.set_header(me.display_name, f"{group}figures as of {self.today:%-d %B %Y}")
        self.group_id = me.group_id
        builders = {
            "this-month": self._this_month,
            "exercises": self._exercise_picker,
            "commitments": self._commitments,
            "hot-seat": self._hot_seat,
            "progress": self._progress,
            "group": self._group,
        }
        arguments = parse_qs(query or "")
        asked = arguments.get("tab", [""])[0]
        self.open_form = arguments.get("form", [""])[0] == "open"
        self.tabs = LazyTabs(
            {PARTICIPANT_TABS[slug]: build for slug, build in builders.items()},
            self.alert,
            first=list(builders).index(asked) if asked in builders else 0,
        )
        self.show(self.tabs)

    @property
    def member(self) -> str:
        """The participant shown: the tabs are built only after :meth:`start` set it."""
        if self.participant_id is None:
            raise RuntimeError("the page has no participant before a key is accepted")
        return self.participant_id

    # --- tabs -------------------------------------------------------------------------

    def form(self, exercise_id: str) -> widgets.Widget:
        """The (cached) form of one exercise for this participant, with what their firm's
        data offers it (:func:`toolkit.apps.exercise_forms.exercise_form`); the analyses
        are computed for the first exercise that uses them."""
        from toolkit.apps.exercise_forms import exercise_form, uses_data
        from toolkit.firm import firm_analyses

        if exercise_id not in self.forms:
            exercise = self.exercises[exercise_id]
            if self.analyses is None and uses_data(exercise):
                self.analyses = firm_analyses(self.workspace, self.member, self.exercises)
            self.forms[exercise_id] = exercise_form(
                exercise, self.workspace, self.member, self.analyses, self.today
            )
        return self.forms[exercise_id]

    def _exercise(self, exercise_id: str) -> widgets.Widget:
        """An exercise's form, under what its client list leaves out (if anything), or,
        before the firm's data can place clients, what to import for suggested ratings."""
        form, analyses = self.form(exercise_id), self.analyses
        if form.suggestions is None or analyses is None:
            return form
        above: list[widgets.Widget] = []
        if analyses.map_missing:
            intro = "Client ratings are suggested from your data once these are imported:"
            above.append(replace(analyses.map_missing, intro=intro).widget())
        if analyses.firm.left_out_note:
            above.append(info(analyses.firm.left_out_note))
        return widgets.VBox([*above, form], layout=FULL) if above else form

    def _this_month(self) -> widgets.Widget:
        """The light first tab: the saved targets as text and a button that opens the form
        (the page is usable before the form's ~140 widget models are built and drawn); with
        ``form=open`` in the address (the month page's "full form" link) the form itself."""
        intro = info(
            f"Your six targets for {self.today:%B %Y}. Tick each one as you finish it; "
            "every change is saved as you go."
        )
        saved = coaching.latest_answers(self.workspace, self.member, MONTHLY_TARGETS)
        checklist = self.exercises[MONTHLY_TARGETS].items["targets"]
        targets = MonthlyTargets(
            saved.get("targets"),
            guarded(self.alert, "opening your targets")(lambda: self.form(MONTHLY_TARGETS)),
            checklist.entries or 6,
        )
        if self.open_form:
            targets.show_form()
        return widgets.VBox([intro, targets], layout=FULL)

    def _exercise_picker(self) -> widgets.Widget:
        from toolkit.widgets.exercise_picker import ExercisePicker

        others = {i: e.title for i, e in self.exercises.items() if i != MONTHLY_TARGETS}
        return ExercisePicker(others, guarded(self.alert, "opening the exercise")(self._exercise))

    def _commitments(self) -> widgets.Widget:
        from toolkit.widgets.commitments import CommitmentsPanel

        return CommitmentsPanel(self.workspace, self.member, self.today)

    def _hot_seat(self) -> widgets.Widget:
        from toolkit.store.meetings import MemberMeetings
        from toolkit.widgets.hot_seat_prep import hot_seat_prep

        member = MemberMeetings(self.workspace, self.member)
        forms = hot_seat_prep(member, self.today, functools.partial(guarded, self.alert))
        if not forms:
            return info(
                "You have no hot seat at the coming meetings. When your facilitator gives "
                "you one, a short form to prepare it appears here."
            )
        intro = info(
            "Prepare your hot seat so the group can help from the first minute. Your "
            "facilitator reads this before the meeting."
        )
        return widgets.VBox([intro, *forms], layout=FULL)

    def _progress(self) -> widgets.Widget:
        from toolkit.apps.progress_views import own_progress

        return own_progress(self.workspace, self.member, self.exercises, self.today)

    def _group(self) -> widgets.Widget:
        if self.group_id is None:
            return info("You are not in a mastermind group, so there is nothing to compare.")
        from toolkit.apps.progress_views import group_benchmark

        return group_benchmark(
            self.workspace, self.group_id, self.exercises, self.today, self.participant_id
        )
