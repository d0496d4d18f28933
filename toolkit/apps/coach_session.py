"""The coach session app: pick the participant you are meeting, set the date their data
is as of, read the prep panel (last session, commitments due, what changed in the data,
scores before and after), and walk through their client map, audits, excuse log and call
topics, treasure review, exercises, commitments (with calendar and mail reminders) and
notes, then hand over a one-page session summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from toolkit import analytics, reminders
from toolkit import session_prep as prep
from toolkit.apps.app import App
from toolkit.apps.errors import guarded
from toolkit.apps.exercise_forms import exercise_form
from toolkit.apps.page import LazyTabs, card, html, info
from toolkit.apps.prep_panel import PrepPanel
from toolkit.apps.treasure_review import treasure_review
from toolkit.calendar import calendar_file
from toolkit.charts import excuse_cause_bars, topic_trend_chart
from toolkit.excuse_causes import cause_of
from toolkit.exercises import Exercise
from toolkit.firm import FirmAnalyses, firm_analyses
from toolkit.store import Workspace, coaching, views
from toolkit.summary import gather_summary, write_summary
from toolkit.widgets.as_of_picker import AsOfPicker
from toolkit.widgets.chart import Chart, warm_up
from toolkit.widgets.client_map_explorer import ClientMapExplorer
from toolkit.widgets.commitments import CommitmentsPanel
from toolkit.widgets.download import download_link, mail_link
from toolkit.widgets.exercise_form import ExerciseForm
from toolkit.widgets.exercise_picker import ExercisePicker
from toolkit.widgets.firm_settings import FirmSettingsForm
from toolkit.widgets.frame_table import FrameTable, percent
from toolkit.widgets.layouts import FULL
from toolkit.widgets.participant_picker import ParticipantPicker
from toolkit.widgets.session_notes import SessionNotes

#: Who signs reminders when the workspace has no coach participant with a name.
COACH = "Your coach"
#: Months of call topics the chart shows.
TOPIC_MONTHS = 12


class CoachSessionApp(App):
    """A one-to-one session. ``picker.value`` is the participant being coached;
    ``as_of`` shows and sets the date their figures are as of."""

    APP_NAME = "Coaching session"
    COACH_ONLY = True

    def __init__(self, workspace: Workspace, exercises: dict[str, Exercise] | None = None) -> None:
        super().__init__(workspace, exercises)
        warm_up()  # charts on the first tab: plotly's validators ready before the visit
        self.analyses: FirmAnalyses | None = None
        self.forms: dict[str, ExerciseForm] = {}
        self.picker = ParticipantPicker(views.members(workspace))
        self.as_of = AsOfPicker(workspace, guarded(self.alert, "changing the date")(self._refresh))
        self.summary_button = widgets.Button(
            description="Session summary", icon="file-text", disabled=True
        )
        self.summary_button.on_click(
            guarded(self.alert, "preparing the session summary")(lambda _b: self.summary())
        )
        self.summary_link = widgets.HTML()
        self.set_header("Coaching session", "Choose the participant you are meeting.")
        self.toolbar = widgets.HBox(
            [self.picker, self.as_of, self.summary_button, self.summary_link],
            layout=widgets.Layout(width="100%", flex_flow="row wrap", align_items="center"),
        )
        self.content = widgets.VBox(layout=FULL)
        self.show(self.toolbar, self.content)
        self.picker.observe(guarded(self.alert, "opening the participant")(self._picked), "value")

    @property
    def participant_id(self) -> str:
        return self.picker.value

    def _picked(self, change: dict) -> None:
        self.clear_alert()
        self.forms = {}
        self.summary_link.value = ""
        self.as_of.show(change["new"] or None)
        if not change["new"]:
            self.content.children = []
            self.summary_button.disabled = True
            return
        self._open()

    def _refresh(self) -> None:
        """Show the participant's analyses again for a new as-of date, on the same tab."""
        if self.tabs is None:  # no participant open yet: nothing to show again
            return
        shown = self.tabs.selected_index
        for form in self.forms.values():
            form.flush()
        self.forms = {}
        self.summary_link.value = ""
        self._open()
        self.tabs.select(shown)

    def _open(self) -> None:
        """The header, the note of what the figures leave out, and the tabs of the
        participant being coached, as of their date."""
        me = views.profile(self.workspace, self.participant_id)
        self.analyses = firm_analyses(
            self.workspace, self.participant_id, self.exercises, purchase_model=True
        )
        firm = self.analyses.firm
        group = f"{me.group_name} · " if me.group_name else ""
        self.set_header(me.display_name, f"{group}session on data as of {firm.as_of:%-d %B %Y}")
        self.tabs = LazyTabs(
            {
                "Prep": self._prep,
                "Client map": self._client_map,
                "Audits": self._audits,
                "Excuses and calls": self._excuses_and_calls,
                "Treasure review": self._treasure,
                "Exercises": self._exercises,
                "Commitments": self._commitments,
                "Notes": self._notes,
            },
            self.alert,
        )
        note = [info(firm.left_out_note)] if firm.left_out_note else []
        self.content.children = [*note, self.tabs]
        self.summary_button.disabled = False

    @property
    def opened(self) -> FirmAnalyses:
        """The analyses of the participant being coached: the tabs are built only after
        :meth:`_open` computed them."""
        if self.analyses is None:
            raise RuntimeError("no participant is open")
        return self.analyses

    # --- tabs -------------------------------------------------------------------------

    def _prep(self) -> widgets.Widget:
        return PrepPanel(
            self.workspace, self.participant_id, self.today, self.opened, self.exercises
        )

    def _client_map(self) -> widgets.Widget:
        """The map under what it lacks; or, when it cannot be drawn, what to import."""
        missing = self.opened.map_missing
        if missing:
            return missing.widget()
        explorer = ClientMapExplorer(self.opened.client_map)
        if not missing.tables:
            return explorer
        return widgets.VBox([missing.widget(), explorer], layout=FULL)

    def _audits(self) -> widgets.Widget:
        analyses = self.opened
        sections = [
            self._audit("Point-person coverage", "point_person_coverage", self._coverage),
            self._audit("Process variation", "process_variation", self._variation),
        ]
        if analyses.firm.record_template:
            sections.append(
                self._audit("Record completeness", "record_completeness", self._completeness)
            )
        else:
            sections.append(
                info(
                    "No record template agreed yet, so completeness is not shown: "
                    "agree one in the firm settings below."
                )
            )
        settings = FirmSettingsForm(
            self.workspace,
            self.participant_id,
            guarded(self.alert, "recomputing the figures")(self._refresh),
        )
        intro = "What this firm's analyses count as its core industries and complete records."
        sections.append(card("Firm settings", settings, intro=intro))
        return widgets.VBox(sections, layout=FULL)

    def _audit(
        self, title: str, analysis: str, build: Callable[[], tuple[widgets.Widget, str]]
    ) -> widgets.Widget:
        """An audit's card: what ``build`` shows and its intro, or what to import first."""
        missing = self.opened.lacks(analysis)
        if missing:
            return card(title, missing.widget())
        content, intro = build()
        return card(title, content, intro=intro)

    def _coverage(self) -> tuple[widgets.Widget, str]:
        coverage = self.opened.coverage
        flagged = coverage[coverage["no_owner"] | coverage["owner_absent"] | coverage["scattered"]]
        coverage_table = FrameTable(
            {
                "name": "Client",
                "owner": "Point-person",
                "members": "People in contact",
                "top": "Most contact",
                "owner_share": "Owner's share",
            },
            {"owner_share": percent},
            empty="Every active client has one point-person who keeps in touch.",
            optional=("members", "top"),
        )
        coverage_table.show(flagged)
        return (
            coverage_table,
            f"{len(flagged)} of {len(coverage)} active clients have no owner, an owner "
            "who is not in touch, or many different people answering them.",
        )

    def _variation(self) -> tuple[widgets.Widget, str]:
        variation = FrameTable(
            {
                "process": "Process",
                "members": "People",
                "shared_steps": "Steps all follow",
                "similarity": "Alike",
                "unshared": "Steps only some follow",
            },
            {"similarity": percent},
            empty="No processes described yet.",
            optional=("members", "shared_steps"),
        )
        variation.show(self.opened.process_variation)
        return variation, "How alike the steps each team member follows are (100% = identical)."

    def _completeness(self) -> tuple[widgets.Widget, str]:
        analyses = self.opened
        completeness = FrameTable(
            {
                "keeper": "Record keeper",
                "clients": "Clients",
                "completeness": "Complete",
                "most_missing": "Most often missing",
            },
            {"completeness": percent},
            optional=("clients",),
        )
        completeness.show(analyses.completeness_by_member)
        return completeness, f"Agreed fields: {', '.join(analyses.firm.record_template)}."

    def _excuses_and_calls(self) -> widgets.Widget:
        return widgets.VBox(
            [
                self._audit("Excuse log by cause", "excuse_breakdown", self._excuses),
                self._audit("Call topics", "topic_trends", self._topics),
            ],
            layout=FULL,
        )

    def _excuses(self) -> tuple[widgets.Widget, str]:
        """The imported excuse log by shared cause, with each cause's remedy (the excuse
        audit's follow-up for that cause)."""
        firm = self.opened.firm
        causes = analytics.excuse_breakdown(firm.excuses, as_of=firm.as_of, by_cause=True)
        audit = self.exercises.get("excuse-audit")
        remedy = prep.remedies(audit) if audit else {}
        causes = causes.assign(remedy=causes["root_cause"].map(cause_of).map(remedy))
        table = FrameTable(
            {
                "root_cause": "Cause",
                "excuses": "Excuses",
                "concession_value": "Given back",
                "share_of_value": "Share of value",
                "remedy": "Remedy",
            },
            {"concession_value": ",.0f", "share_of_value": percent},
            optional=("concession_value", "share_of_value"),  # a phone: cause, count, remedy
        )
        table.show(causes)
        chart = Chart(excuse_cause_bars(causes, title="Excuses by cause"))
        return widgets.VBox([chart, table], layout=FULL), (
            f"{int(causes['excuses'].sum())} entries up to {firm.as_of:%-d %B %Y}, read as "
            "the five shared causes; each cause has its own remedy."
        )

    def _topics(self) -> tuple[widgets.Widget, str]:
        """What clients contacted the firm about, month by month, and what is rising."""
        firm = self.opened.firm
        trends = analytics.topic_trends(firm.interactions, "M", as_of=firm.as_of)
        rising = sorted(trends.loc[trends["emerging"], "topic"].unique())
        said = (
            f"Rising: {', '.join(rising)} (in the last two months at least three times as "
            "often as in the six months before)."
            if rising
            else "No topic is rising: none came up in the last two months three times as "
            "often as in the six months before."
        )
        recent = prep.recent_topics(trends, TOPIC_MONTHS)
        return Chart(topic_trend_chart(recent, top=6, title="Contacts per month by topic")), said

    def _treasure(self) -> widgets.Widget:
        return treasure_review(self.opened)

    def form(self, exercise_id: str) -> widgets.Widget:
        """The (cached) form of one exercise for the participant being coached, with what
        their data offers it (:func:`toolkit.apps.exercise_forms.exercise_form`)."""
        if exercise_id not in self.forms:
            self.forms[exercise_id] = exercise_form(
                self.exercises[exercise_id],
                self.workspace,
                self.participant_id,
                self.analyses,
                self.today,
            )
        return self.forms[exercise_id]

    def _exercises(self) -> widgets.Widget:
        titles = {i: e.title for i, e in self.exercises.items()}
        return ExercisePicker(titles, guarded(self.alert, "opening the exercise")(self.form))

    def _commitments(self) -> widgets.Widget:
        """The commitments panel, and its open commitments as a calendar file and a mail,
        both redone whenever a commitment is added or checked in on."""
        panel = CommitmentsPanel(self.workspace, self.participant_id, self.opened.firm.as_of)
        links = html("")
        links.add_class("tk-reminders")

        def remind(_change: object = None) -> None:
            links.value = self._reminders()

        panel.observe(guarded(self.alert, "writing the reminders")(remind), ["count", "open_count"])
        remind()
        return widgets.VBox([panel, links], layout=FULL)

    def _reminders(self) -> str:
        """HTML of the reminders of the member's open commitments: an .ics file of those
        with a due date and a mailto: link listing them all (the store keeps no member
        email address, so the coach fills in the recipient)."""
        me = views.profile(self.workspace, self.participant_id)
        frame = coaching.commitments(self.workspace, self.participant_id)
        frame = frame.assign(display_name=me.display_name)
        if frame["status"].ne("open").all():
            return '<p class="tk-muted">No open commitments to remind of.</p>'
        coach = self._coach()
        events = reminders.commitment_events(frame, coach=coach)
        parts = ["<b>Reminders</b> "]
        if events:
            name = f"{self.participant_id}-commitments.ics"
            calendar = calendar_file(events, name=f"Commitments of {me.display_name}")
            dates = "1 due date" if len(events) == 1 else f"{len(events)} due dates"
            label = f"Calendar file ({dates})"
            parts.append(download_link(name, calendar, "text/calendar", label))
        mail = reminders.commitments_mail(frame, member=me.display_name, coach=coach)
        parts.append(mail_link(mail, "Write the reminder mail"))
        return " ".join(parts)

    def _coach(self) -> str:
        """The name of the workspace's coach (its first coach participant), else
        :data:`COACH`."""
        people = self.workspace.table("participants")
        coaches = people.loc[people["role"] == "coach", "display_name"]
        return str(coaches.iloc[0]) if len(coaches) else COACH

    def _notes(self) -> widgets.Widget:
        return SessionNotes(self.workspace, self.today, participant_id=self.participant_id)

    # --- the summary ------------------------------------------------------------------

    def summary(self) -> Path:
        """Write the session summary of the chosen participant and offer it for download.

        Uses the analyses and exercises the app already has (about 0.2 s, no kernel), and
        the notes typed but not yet saved for today in the Notes tab (else the notes
        stored for today)."""
        for form in self.forms.values():
            form.flush()
        summary = gather_summary(
            self.workspace,
            self.participant_id,
            session_on=self.today,
            notes=self._unsaved_notes(),
            exercises=self.exercises,
            analyses=self.analyses,
        )
        path = write_summary(self.workspace, self.participant_id, summary)
        self.summary_link.value = download_link(
            path.name, path.read_bytes(), "text/html", f"Download the summary ({path.name})"
        )
        return path

    def _unsaved_notes(self) -> str | None:
        """The notes typed for today in the Notes tab and not saved yet (None when the tab
        is not open, the text is empty or is for another day)."""
        if self.tabs is None or "Notes" not in self.tabs.built:
            return None
        (notes,) = self.tabs.children[self.tabs.titles.index("Notes")].children
        typed = notes.notes.value.strip()
        return typed if typed and notes.held_on.value == self.today else None
