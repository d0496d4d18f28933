"""The exercise form: any exercise as an ipywidgets form that saves as you go.

``ExerciseForm(exercise, workspace, participant_id)`` restores the latest saved answers,
saves each change within ``delay`` seconds and says truthfully whether it worked
(:mod:`toolkit.widgets.saving`: pending until committed, retried when the database is
busy, merged with another window's changes), shows how many required questions are
left, and once the exercise is complete shows the score, its interpretation, a chart,
and the commitments the exercise proposes.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from toolkit.answer_saving import record_result
from toolkit.exercises import (
    Exercise,
    Proposal,
    Result,
    agreement,
    decision_proposals,
    plan_of,
    select_clients,
    with_shared_causes,
)
from toolkit.store import Workspace, coaching
from toolkit.widgets.items import ClientRatingWidget, ItemWidget, item_widget
from toolkit.widgets.layouts import FULL
from toolkit.widgets.saving import SAVE_DELAY_SECONDS, AnswerSaver, SaveStatus

if TYPE_CHECKING:
    import pandas as pd

#: The status line's words for each state of :class:`toolkit.widgets.saving.SaveStatus`.
STATUS_TEXT = {
    "saving": "Saving…",
    "saved": "Saved",
    "retrying": "Not saved yet: retrying",
    "failed": "Could not save: {reason}; your text is kept here",
}
CONFLICT_TEXT = "Changed in another window: reload to see the latest"


class ProposalRow(widgets.HBox):
    """A proposed commitment: tick to accept, edit the text and the due date."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.accept = widgets.Checkbox(
            value=True, indent=False, layout=widgets.Layout(width="2.5em")
        )
        self.text = widgets.Textarea(
            value=proposal.text, rows=2, layout=widgets.Layout(width="60%")
        )
        self.due_on = widgets.DatePicker(value=proposal.due_on, layout=widgets.Layout(width="30%"))
        super().__init__(
            [self.accept, self.text, self.due_on],
            layout=widgets.Layout(width="100%", flex_flow="row wrap"),
        )


class ExerciseForm(widgets.VBox):
    """A whole exercise as a form bound to one participant in a workspace.

    ``suggestions`` (a DataFrame with ``client_id``, ``name`` and the columns the exercise's
    fields name in ``suggest``) is the data's view of the clients to rate; ``client_map``
    (``toolkit.analytics.client_map`` output) chooses them by stratum instead
    (:func:`toolkit.exercises.select_clients`: top value, worst health, highest
    concessions, internal; ended and lapsed left out). Client ratings with a data view are
    rated *blind*: nothing is pre-filled until the participant presses "Show the data's
    view", which shows the data's rating and the difference beside each own rating, and
    how far the ratings given before looking agree (:func:`toolkit.exercises.agreement`;
    ratings restored from an earlier visit that equal the data's count as accepted, not
    as agreement, since nobody can tell whether they were given blind). With a
    ``client_map``, "Add a client" puts any other active client on the list to rate.
    ``figures`` maps item ids to a line of data-driven text shown next to the item.
    ``initial`` answers (by item id) fill the items nothing is saved for yet, for example
    the excuse log pre-filled from the imported one (:mod:`toolkit.exercises.prefill`);
    they are saved with the participant's first change, so a form only looked at (a
    client's plan picked in passing) stores nothing.
    ``client``: for an exercise answered per client, the client key whose plan this form
    edits (:mod:`toolkit.exercises.plans`); its answers and its result are kept apart from
    the other clients' plans. Each client decision becomes a proposed commitment naming
    the client (:func:`toolkit.exercises.decision_proposals`).
    """

    answers = traitlets.Dict()
    remaining: traitlets.List[str] = traitlets.List()
    complete = traitlets.Bool(False)
    revealed = traitlets.Bool(False)
    last_saved = traitlets.Any(None, allow_none=True)

    def __init__(
        self,
        exercise: Exercise,
        workspace: Workspace,
        participant_id: str,
        suggestions: pd.DataFrame | None = None,
        figures: dict[str, str] | None = None,
        delay: float = SAVE_DELAY_SECONDS,
        today: dt.date | None = None,
        client_map: pd.DataFrame | None = None,
        initial: dict[str, Any] | None = None,
        client: str | None = None,
    ) -> None:
        self.exercise = exercise
        self.workspace = workspace
        self.participant_id = participant_id
        self.client = client
        self.client_map = client_map
        if suggestions is None and client_map is not None:
            suggestions = select_clients(client_map)
        self.suggestions = suggestions
        self.blind = suggestions is not None and not suggestions.empty and _has_data_view(exercise)
        self.today = today or workspace.as_of()
        self.result: Result | None = None
        self.accepted: list[int] = []
        self._restoring = True
        self._charted: float | None = None

        versions = coaching.answer_versions(workspace, participant_id, exercise.id)
        if exercise.answers_per == "client":
            versions = plan_of(versions, client)
        # an excuse log stored with the first version's causes is read with the shared ones
        saved = with_shared_causes(exercise, {i: v.value for i, v in versions.items()})
        rated = [i for i, item in exercise.items.items() if item.kind == "client-rating"]
        #: whether every rating given here is the participant's own (none restored)
        self._all_own = not any(saved.get(item_id) for item_id in rated)
        self._rated_before: dict[str, Any] = {}
        self.saver = AnswerSaver(
            workspace,
            participant_id,
            exercise,
            versions,
            on_status=self._show_status,
            on_merged=self._merged,
            after_save=self._save_result,
            delay=delay,
            client=client,
        )
        self.comparison = widgets.HTML(layout=FULL)
        self.reveal_button = widgets.Button(
            description="Show the data's view", icon="eye", layout=widgets.Layout(width="auto")
        )
        self.reveal_button.on_click(lambda _b: self.reveal())
        data_view = widgets.VBox([self.reveal_button, self.comparison], layout=FULL)
        self.items: dict[str, ItemWidget] = {}
        sections = [self._header()]
        for section in exercise.sections:
            intro = f"<p>{escape(section.intro)}</p>" if section.intro else ""
            children: list[widgets.Widget] = [
                widgets.HTML(f"<h3>{escape(section.title)}</h3>{intro}")
            ]
            for item in section.items:
                start = saved[item.id] if item.id in saved else (initial or {}).get(item.id)
                widget = self._item_widget(item, start)
                widget.figure = (figures or {}).get(item.id, "")
                widget.observe(self._answered, "value")
                self.items[item.id] = widget
                children.append(widget)
                if isinstance(widget, ClientRatingWidget) and client_map is not None:
                    children.append(self._add_client(widget, client_map))
                if self.blind and item.kind == "client-rating":
                    children.append(data_view)
            sections.append(widgets.VBox(children, layout=FULL))

        self.left = widgets.HTML(layout=FULL)
        self.check_button = widgets.Button(description="Check my answers", icon="check")
        self.check_button.on_click(lambda _b: self.show_missing())
        self.status = widgets.HTML(layout=FULL)
        self.status.add_class("tk-save-status")
        self.summary = widgets.HTML(layout=FULL)
        self.chart_box = widgets.VBox(layout=FULL)
        self.proposal_rows: list[ProposalRow] = []
        self.proposals_box = widgets.VBox(layout=FULL)
        self.accept_button = widgets.Button(description="Add the ticked commitments", icon="plus")
        self.accept_button.on_click(lambda _b: self.accept_proposals())
        self.result_box = widgets.VBox(
            [self.summary, self.chart_box, self.proposals_box],
            layout=widgets.Layout(width="100%", display="none"),
        )
        super().__init__(
            [*sections, self.left, widgets.HBox([self.check_button, self.status]), self.result_box],
            layout=widgets.Layout(width="100%", max_width="100%", padding="0 4px"),
        )
        self.add_class("toolkit-exercise-form")

        self.answers = {i: w.value for i, w in self.items.items() if w.value is not None}
        self._restoring = False
        self._refresh()
        #: answers pre-filled (from ``initial``) and not saved yet: stored with the
        #: participant's first change, so opening a form to look stores nothing
        self._prefilled = {i: v for i, v in self.answers.items() if saved.get(i) != v}

    # --- building ---------------------------------------------------------------------

    def _header(self) -> widgets.HTML:
        ex = self.exercise
        return widgets.HTML(
            f"<h2>{escape(ex.title)}</h2>"
            f"<p><i>About {ex.duration_minutes} minutes.</i> {escape(ex.purpose)}</p>"
            f"<p>{escape(ex.instructions)}</p>",
            layout=FULL,
        )

    def _item_widget(self, item: Any, saved: Any) -> ItemWidget:
        valid = saved if item.problem(saved) is None else None
        if item.kind == "client-rating":
            rows = item.client_rows(self.suggestions, valid, blind=self.blind)
            listed = {row["client_id"] for row in rows}
            # clients added to the list on an earlier visit keep their rows
            rows += [dict(row) for row in valid or [] if row["client_id"] not in listed]
            self._include(row["client_id"] for row in rows)
            return ClientRatingWidget(item, rows=rows)
        widget = item_widget(item)
        widget.value = valid
        return widget

    def _include(self, client_ids: Any) -> None:
        """Add the client map's rows of ``client_ids`` missing from the suggestions, so
        the data's view covers clients the participant added to the list."""
        if self.client_map is None or self.suggestions is None:
            return
        import pandas as pd

        known = set(self.suggestions["client_id"])
        added = self.client_map[
            self.client_map["client_id"].isin([c for c in client_ids if c not in known])
        ]
        if not added.empty:
            extra = added.assign(stratum="added by you")
            self.suggestions = pd.concat([self.suggestions, extra], ignore_index=True)

    def _add_client(self, widget: ClientRatingWidget, client_map: pd.DataFrame) -> widgets.HBox:
        """'Add a client': a picker of the map's other active clients (by name) and a
        button that adds the chosen one to ``widget``'s list, with nothing pre-filled."""
        clients = client_map[client_map["status"] == "active"]
        picker = widgets.Dropdown(description="Add a client", layout=widgets.Layout(width="auto"))
        picker.style.description_width = "initial"
        button = widgets.Button(description="Add", icon="plus", layout=widgets.Layout(width="auto"))

        def offer() -> None:
            listed = set(widget.rows)
            others = clients[~clients["client_id"].isin(listed)].sort_values("name")
            choices = list(zip(others["name"], others["client_id"], strict=True))
            picker.options = [("Choose a client...", ""), *choices]
            picker.value = ""
            button.disabled = picker.disabled = not choices

        def add(_button: widgets.Button) -> None:
            if not picker.value:
                return
            row = {"client_id": picker.value, "client": picker.label}
            row |= {spec.id: None for spec in widget.item.fields}
            self._include([picker.value])
            widget.value = [*(widget.value or []), row]
            offer()

        button.on_click(add)
        offer()
        return widgets.HBox(
            [picker, button], layout=widgets.Layout(width="100%", flex_flow="row wrap")
        )

    # --- answering and saving ---------------------------------------------------------

    def _answered(self, change: dict[str, Any]) -> None:
        if self._restoring:
            return
        item_id = next(i for i, w in self.items.items() if w is change["owner"])
        self._prefilled.pop(item_id, None)
        self.save_prefilled()
        self.saver.change(item_id, change["new"])
        answers = dict(self.answers)
        if change["new"] is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = change["new"]
        self.answers = answers
        self._refresh()

    def save_prefilled(self) -> None:
        """Save the pre-filled answers not saved yet: on the participant's first change,
        or when they chose to start from them (a new client's plan, named by them)."""
        for item_id, value in self._prefilled.items():
            self.saver.change(item_id, value)
        self._prefilled = {}

    def _merged(self, item_id: str, value: Any) -> None:
        """Show an answer merged with what another window saved (saved again by
        :meth:`_answered`, which finds nothing new to write)."""
        self.items[item_id].value = value

    def flush(self) -> int:
        """Save pending answers now (and the result when complete); return how many."""
        return self.saver.flush()

    def _save_result(self, at: dt.datetime) -> None:
        """After answers were saved: store the score, when the exercise is complete."""
        if self.result is not None:
            record_result(
                self.workspace,
                self.participant_id,
                self.exercise,
                self.result,
                self.answers,
                self.today,
                at,
                subject=self.client or "",
            )
        self.last_saved = at

    def _show_status(self, status: SaveStatus) -> None:
        """The status line: what is true about saving right now, and when it last worked
        (``tk-last-saved`` is read by the page's connection-lost banner)."""
        text = escape(STATUS_TEXT[status.state].format(reason=status.reason))
        if status.saved_at is not None:
            time = f'<span class="tk-last-saved">{status.saved_at:%H:%M}</span>'
            text += f" {time}" if status.state == "saved" else f" (last saved {time})"
        if status.conflict:
            # "Saved" alone would read as if the refused text had been saved too
            if status.state == "saved" and status.saved_at is not None:
                text = f"Your other changes were saved at {time}."
            text = f"<b>{escape(CONFLICT_TEXT)}.</b> {text}"
        role = ' role="alert"' if status.state == "failed" or status.conflict else ""
        self.status.value = f"<small{role}>{text}</small>"

    def close(self) -> None:
        """Save what is pending, then close the widgets."""
        self.flush()
        super().close()

    # --- feedback ---------------------------------------------------------------------

    def show_missing(self) -> list[str]:
        """Mark every required item still unanswered; return their ids."""
        for item_id in self.remaining:
            if not self.items[item_id].error:
                self.items[item_id].error = "this question needs an answer"
        return list(self.remaining)

    def _refresh(self) -> None:
        result = self.result = self.exercise.score(self.answers)
        self.remaining = list(result.missing)
        for item_id, widget in self.items.items():
            if item_id not in self.remaining and widget.error == "this question needs an answer":
                widget.error = ""
        count = len(self.remaining)
        self.left.value = (
            "<b>All questions answered.</b>"
            if not count
            else f"<b>{count} required question{'s' * (count != 1)} left.</b>"
        )
        self.complete = result.complete
        if self.revealed:
            self._show_comparison()
        self.result_box.layout.display = "flex" if self.complete else "none"
        if self.complete:
            self._show_result(result)

    def _show_result(self, result: Result) -> None:
        ex, band = self.exercise, result.band
        if band is None:  # no band holds the total: there is no verdict to show
            return
        scores = "".join(f"<li>{escape(result.text(rule.id))}</li>" for rule in ex.scores)
        steps = "".join(f"<li>{escape(step)}</li>" for step in band.next_steps)
        weakest = ", ".join(escape(ex.items[i].prompt) for i in result.weakest)
        weak_line = f"<p><b>Held the score back most:</b> {weakest}</p>" if weakest else ""
        self.summary.value = (
            f"<h3>{escape(result.text())} - {escape(band.label)}</h3>"
            f"<p>{escape(band.text)}</p><ul>{scores}</ul>"
            f"{weak_line}<p><b>Next steps</b></p><ul>{steps}</ul>"
        )
        if result.total != self._charted:
            from toolkit.charts.progress import result_chart  # plotly: only once complete
            from toolkit.widgets.chart import Chart

            figure = result_chart(
                result.total, ex.bands, ex.score_label, ex.higher_is_better, ex.unit
            )
            self.chart_box.children = [Chart(figure)]
            self._charted = result.total
        self._show_proposals(result)

    def reveal(self) -> None:
        """Show the data's view beside the ratings; the ratings given so far are the ones
        given blind, which :meth:`_show_comparison` compares with the data."""
        self._rated_before = dict(self.answers)
        self.revealed = True
        self.reveal_button.layout.display = "none"
        self._show_comparison()

    def _show_comparison(self) -> None:
        """How far the ratings given before looking agree with the data, then the data's
        rating and the difference beside each current rating (the table scrolls sideways
        on a phone rather than widening the page)."""
        suggestions = self.suggestions
        if suggestions is None:  # only a form with suggestions shows the data's view
            return
        found = agreement(self.exercise, self._rated_before, suggestions, self._all_own)
        names = dict(zip(suggestions["client_id"], suggestions["name"], strict=True))
        apart = ", ".join(f"{names.get(c, c)} ({field})" for c, field in found.differing)
        apart_line = (
            f"<p><b>Two or more points apart before you looked:</b> {escape(apart)}</p>"
            if apart
            else ""
        )
        beside = "".join(
            f"<tr><td>{escape(str(r.client))}</td><td>{escape(r.field)}</td>"
            f"<td>{_number(r.rated)}</td><td>{_number(r.suggested)}</td>"
            f"<td>{_number(r.difference, signed=True)}</td></tr>"
            for r in self.exercise.compare(self.answers, suggestions).itertuples()
        )
        self.comparison.value = (
            f"<p>{escape(found.text)}</p>{apart_line}"
            '<div style="overflow-x:auto"><table><tr><th>Client</th><th>Rating</th>'
            f"<th>Yours</th><th>Data</th><th>Difference</th></tr>{beside}</table></div>"
        )

    def _show_proposals(self, result: Result) -> None:
        proposals = [
            *self.exercise.proposals(result, self.today),
            *decision_proposals(self.exercise, self.answers, self.today),
        ]
        if [p.text for p in proposals] == [r.proposal.text for r in self.proposal_rows]:
            return
        self.proposal_rows = [ProposalRow(p) for p in proposals]
        heading = widgets.HTML(
            "<b>Proposed commitments</b> - untick or edit before adding them." if proposals else ""
        )
        buttons = [self.accept_button] if proposals else []
        self.proposals_box.children = [heading, *self.proposal_rows, *buttons]

    def accept_proposals(self) -> list[int]:
        """Store the ticked proposals as commitments; return their new ids."""
        ids = []
        for row in self.proposal_rows:
            if row.accept.value and not row.accept.disabled and row.text.value.strip():
                ids.append(
                    coaching.add_commitment(
                        self.workspace,
                        self.participant_id,
                        row.text.value,
                        row.due_on.value,
                        self.exercise.id,
                    )
                )
                row.accept.disabled = row.text.disabled = row.due_on.disabled = True
        self.accepted += ids
        if ids:
            self.status.value = f"<small>Added {len(ids)} commitment(s).</small>"
        return ids


def _has_data_view(exercise: Exercise) -> bool:
    """Whether any client rating of ``exercise`` has a field the data can rate too."""
    return any(
        item.kind == "client-rating" and any(spec.suggest for spec in item.fields)
        for item in exercise.items.values()
    )


def _number(value: float | None, signed: bool = False) -> str:
    """``value`` for a table cell: ``-`` when unknown (None or NaN), ``+`` before a
    positive difference when ``signed``."""
    if value is None or value != value:
        return "-"
    if signed:
        return f"{value:+.3g}"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
