"""One ipywidgets control per exercise item kind, each holding its answer as JSON.

Every widget is an :class:`ItemWidget` (a VBox) with two traitlets: ``value``, the answer
in the JSON form the engine scores (see :mod:`toolkit.exercises.items`), and ``error``,
the message shown next to the item when the input is not acceptable. Invalid input (a
word in a number field, too many choices) sets ``error`` and leaves ``value`` unchanged,
so nothing invalid is ever saved. Widths are in percent so items reflow on a phone.

What the member types is never written back into the control: ``value`` holds the
normalised answer (text without surrounding spaces, ``1 250`` as 1250), the control keeps
the member's own characters. A ``value`` set from outside (restoring, or a change merged
from another window) is shown only in the controls that show something else, so the box
being typed in is left alone. Rewriting a box while the member types loses characters:
a phone keyboard's completion arrives as one input event ending in a space, and the
stripped echo would arrive after it.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.exercises import Item
from toolkit.exercises.items import checklist_answer
from toolkit.exercises.prefill import FROM_DATA
from toolkit.widgets.layouts import FULL

NO_CLIENTS = "<i>No clients to rate yet: import your client list first.</i>"


def _label(item: Item) -> widgets.HTML:
    star = ' <span title="required" aria-label="required">*</span>' if item.required else ""
    help_text = f'<br><small style="opacity:.75">{escape(item.help)}</small>' if item.help else ""
    return widgets.HTML(f"<b>{escape(item.prompt)}</b>{star}{help_text}", layout=FULL)


class ItemWidget(widgets.VBox):
    """Base class: a label, the control(s) of one item kind, and a message line."""

    value = traitlets.Any(None, allow_none=True)
    error = traitlets.Unicode("")
    figure = traitlets.Unicode("")

    def __init__(self, item: Item, compact: bool = False, **kwargs: Any) -> None:
        self.item = item
        self.compact = compact
        self._syncing = False
        self._own_change = False
        self._message = widgets.HTML(layout=widgets.Layout(display="none", width="100%"))
        self._figure = widgets.HTML(layout=widgets.Layout(display="none", width="100%"))
        control = self._build()
        super().__init__(
            [_label(item), self._figure, control, self._message],
            layout=widgets.Layout(width="100%", margin="0 0 12px 0"),
            **kwargs,
        )
        self.add_class("toolkit-item")

    # subclasses build their control and show a JSON value in it
    def _build(self) -> widgets.Widget:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    @traitlets.observe("value")
    def _value_changed(self, change: dict[str, Any]) -> None:
        if self._own_change:
            return
        self._syncing = True
        try:
            self._show(change["new"])
        finally:
            self._syncing = False

    @traitlets.observe("error")
    def _error_changed(self, change: dict[str, Any]) -> None:
        text = change["new"]
        self._message.value = f'<span role="alert" style="color:#b91c1c">{escape(text)}</span>'
        self._message.layout.display = "block" if text else "none"

    @traitlets.observe("figure")
    def _figure_changed(self, change: dict[str, Any]) -> None:
        text = change["new"]
        self._figure.value = (
            f'<div style="background:#eef6ff;padding:4px 8px;border-radius:4px">'
            f"<small>From your data: {escape(text)}</small></div>"
        )
        self._figure.layout.display = "block" if text else "none"

    def _from_control(self, value: Any, problem: str | None = None) -> None:
        """A control changed: keep ``value`` if acceptable, else show why not."""
        if self._syncing:
            return
        problem = problem or self.item.problem(value)
        self.error = problem or ""
        if not problem:
            self._own_change = True
            try:
                self.value = value
            finally:
                self._own_change = False


def _show_text(control: widgets.Text | widgets.Textarea, text: str) -> None:
    """Put ``text`` in ``control`` unless what it holds already normalises to the same."""
    if _normal_text(control.value) != _normal_text(text):
        control.value = text


def _normal_text(text: str) -> str | None:
    """Typed text as stored: without surrounding whitespace, None when blank."""
    return text.strip() or None


class ScaleWidget(ItemWidget):
    """A row of numbered buttons with the anchors written underneath."""

    def _build(self) -> widgets.Widget:
        low, high = self.item.scale_ends()
        numbers = range(int(low), int(high) + 1)
        self.control = widgets.ToggleButtons(
            options=[(str(n), n) for n in numbers],
            value=None,
            tooltips=[self.item.anchors.get(n, "") for n in numbers],
            style={"button_width": "2.6em"},
        )
        self.control.observe(lambda c: self._from_control(c["new"]), "value")
        anchors = " · ".join(
            f"{n} = {escape(text)}" for n, text in sorted(self.item.anchors.items())
        )
        return widgets.VBox([self.control, widgets.HTML(f"<small>{anchors}</small>")])

    def _show(self, value: Any) -> None:
        self.control.value = value if self.control.options and value is not None else None


class ChoiceWidget(ItemWidget):
    """Radio buttons, or a dropdown inside table rows."""

    def _build(self) -> widgets.Widget:
        control = widgets.Dropdown if self.compact else widgets.RadioButtons
        self.control = control(
            options=[(o.label, o.id) for o in self.item.options], value=None, layout=FULL
        )
        self.control.observe(lambda c: self._from_control(c["new"]), "value")
        return self.control

    def _show(self, value: Any) -> None:
        self.control.value = value if self.item.option(value or "") else None


class MultiChoiceWidget(ItemWidget):
    """One checkbox per option; ``max_selected`` limits how many may be ticked."""

    def _build(self) -> widgets.Widget:
        self.boxes = {
            o.id: widgets.Checkbox(description=o.label, indent=False, layout=FULL)
            for o in self.item.options
        }
        for box in self.boxes.values():
            box.observe(self._ticked, "value")
        return widgets.VBox(list(self.boxes.values()), layout=FULL)

    def _ticked(self, _change: dict[str, Any]) -> None:
        chosen = [option_id for option_id, box in self.boxes.items() if box.value]
        self._from_control(chosen or None)

    def _show(self, value: Any) -> None:
        for option_id, box in self.boxes.items():
            box.value = option_id in (value or [])


class TextWidget(ItemWidget):
    """A text line, or a text area for ``multiline`` items."""

    def _build(self) -> widgets.Widget:
        control = widgets.Textarea if self.item.multiline else widgets.Text
        self.control = control(layout=FULL, continuous_update=True)
        self.control.observe(self._typed, "value")
        return self.control

    def _typed(self, change: dict[str, Any]) -> None:
        self._from_control(_normal_text(change["new"]))

    def _show(self, value: Any) -> None:
        _show_text(self.control, value or "")


class NumberWidget(ItemWidget):
    """A text box that accepts numbers like ``1250``, ``1 250`` or ``12.5``."""

    def _build(self) -> widgets.Widget:
        unit = f" ({self.item.unit})" if self.item.unit else ""
        self.control = widgets.Text(
            placeholder=f"a number{unit}", layout=widgets.Layout(width="60%")
        )
        self.control.observe(self._typed, "value")
        return self.control

    def _typed(self, change: dict[str, Any]) -> None:
        try:
            number = _number(change["new"])
        except ValueError:
            self._from_control(None, "enter a number, for example 1250 or 12.5")
            return
        self._from_control(number)

    def _show(self, value: Any) -> None:
        try:
            shown = _number(self.control.value)
        except ValueError:
            shown = None
        if shown != value or (value is None and self.control.value):
            self.control.value = "" if value is None else f"{value:g}"


def _number(text: str) -> int | float | None:
    """A typed number (``1 250``, ``12.5``) as stored; None when blank; ValueError if not
    a number."""
    text = text.replace(" ", "").replace("_", "").strip()
    if not text:
        return None
    number = float(text)
    return int(number) if number.is_integer() else number


class DateWidget(ItemWidget):
    """A date picker; the answer is the ISO date string."""

    def _build(self) -> widgets.Widget:
        self.control = widgets.DatePicker(layout=widgets.Layout(width="60%"))
        self.control.observe(
            lambda c: self._from_control(c["new"].isoformat() if c["new"] else None), "value"
        )
        return self.control

    def _show(self, value: Any) -> None:
        self.control.value = dt.date.fromisoformat(value) if value else None


class ChecklistWidget(ItemWidget):
    """Fixed options to tick, or ``entries`` lines the participant writes and ticks."""

    def _build(self) -> widgets.Widget:
        self.lines: list[tuple[widgets.Checkbox, widgets.Text | None, str]] = []
        lines = []
        if self.item.options:
            for option in self.item.options:
                box = widgets.Checkbox(description=option.label, indent=False, layout=FULL)
                self.lines.append((box, None, option.id))
                lines.append(box)
        else:
            for number in range(1, (self.item.entries or 0) + 1):
                box = widgets.Checkbox(indent=False, layout=widgets.Layout(width="2.5em"))
                text = widgets.Text(
                    placeholder=f"target {number}", layout=widgets.Layout(width="85%")
                )
                self.lines.append((box, text, ""))
                lines.append(widgets.HBox([box, text], layout=FULL))
        for box, text, _ in self.lines:
            box.observe(self._changed, "value")
            if text is not None:
                text.observe(self._changed, "value")
        return widgets.VBox(lines, layout=FULL)

    def _changed(self, _change: dict[str, Any]) -> None:
        self._from_control(
            checklist_answer(
                (text.value if text is not None else option_id, box.value)
                for box, text, option_id in self.lines
            )
        )

    def _show(self, value: Any) -> None:
        entries = list(value or [])
        for index, (box, text, option_id) in enumerate(self.lines):
            entry = entries[index] if index < len(entries) else {}
            if text is None:
                entry = next((e for e in entries if e.get("text") == option_id), {})
            else:
                _show_text(text, entry.get("text", ""))
            box.value = bool(entry.get("done"))


class RowsWidget(ItemWidget):
    """Shared by table and client-rating items: rows of field widgets."""

    def _build(self) -> widgets.Widget:
        self._row_widgets: list[tuple[dict[str, Any], dict[str, ItemWidget]]] = []
        self._rows_box = widgets.VBox(layout=FULL)
        return widgets.VBox(self._controls(), layout=FULL)

    def _controls(self) -> list[widgets.Widget]:
        return [self._rows_box]

    def _row(self, keys: dict[str, Any], values: dict[str, Any]) -> widgets.Widget:
        fields = {spec.id: item_widget(spec, compact=True) for spec in self.item.fields}
        for spec_id, field in fields.items():
            field.value = values.get(spec_id)
            field.observe(self._changed, "value")
            field.observe(self._changed, "error")
        self._row_widgets.append((keys, fields))
        return widgets.VBox(
            self._row_header(keys) + list(fields.values()),
            layout=widgets.Layout(
                width="100%", border="1px solid #d1d5db", padding="6px", margin="0 0 8px 0"
            ),
        )

    def _row_header(self, keys: dict[str, Any]) -> list[widgets.Widget]:
        return []

    def _from_data(self, keys: dict[str, Any]) -> list[widgets.Widget]:
        """The row's mark naming the fields filled from the firm's data, if any."""
        filled = keys.get(FROM_DATA) or []
        labels = [spec.prompt for spec in self.item.fields if spec.id in filled]
        if not labels:
            return []
        text = f"From the data: {', '.join(labels)}. Correct what you know better."
        return [widgets.HTML(f'<small class="tk-from-data">{escape(text)}</small>')]

    def _collect(self) -> list[dict[str, Any]]:
        return [
            {**keys, **{spec_id: field.value for spec_id, field in fields.items()}}
            for keys, fields in self._row_widgets
        ]

    def _changed(self, _change: dict[str, Any]) -> None:
        errors = [f.error for _, fields in self._row_widgets for f in fields.values() if f.error]
        self._from_control(self._collect(), "some fields need a correction" if errors else None)

    def _rebuild(self, rows: list[dict[str, Any]]) -> None:
        self._row_widgets = []
        self._rows_box.children = [self._row(*self._split(row)) for row in rows]

    def _split(self, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return {}, row


def _marks(row: dict[str, Any]) -> dict[str, Any]:
    """The row's :data:`~toolkit.exercises.prefill.FROM_DATA` key, kept with the row."""
    return {FROM_DATA: row[FROM_DATA]} if row.get(FROM_DATA) else {}


class TableWidget(RowsWidget):
    """Rows the participant adds and removes, each with the table's typed fields."""

    def _controls(self) -> list[widgets.Widget]:
        self._add = widgets.Button(description="Add a row", icon="plus")
        self._add.on_click(lambda _b: self._add_row())
        self._none = widgets.Checkbox(
            description="Nothing to record", indent=False, layout=widgets.Layout(width="auto")
        )
        self._none.observe(self._nothing, "value")
        extra = [self._none] if self.item.min_rows == 0 else []
        return [self._rows_box, widgets.HBox([self._add, *extra], layout=FULL)]

    def _row_header(self, keys: dict[str, Any]) -> list[widgets.Widget]:
        remove = widgets.Button(
            description="Remove row", icon="trash", layout=widgets.Layout(width="auto")
        )
        remove.on_click(lambda _b, keys=keys: self._remove_row(keys))
        return [remove, *self._from_data(keys)]

    def _split(self, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return {"_row": object(), **_marks(row)}, row

    def _collect(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != "_row"} for row in super()._collect()]

    def add_row(self, values: dict[str, Any] | None = None) -> dict[str, ItemWidget]:
        """Append a row (optionally filled) and return its field widgets by field id."""
        self._none.value = False
        self._rows_box.children = [
            *self._rows_box.children,
            self._row({"_row": object()}, values or {}),
        ]
        self._changed({})
        return self._row_widgets[-1][1]

    def _add_row(self) -> None:
        self.add_row()

    def _remove_row(self, keys: dict[str, Any]) -> None:
        index = next(i for i, (k, _) in enumerate(self._row_widgets) if k is keys)
        self._row_widgets.pop(index)
        children = list(self._rows_box.children)
        children.pop(index)
        self._rows_box.children = children
        self._changed({})

    def _nothing(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self._row_widgets = []
            self._rows_box.children = []
            self._from_control([])

    @property
    def rows(self) -> list[dict[str, ItemWidget]]:
        """The field widgets of each row, for filling a table from code or tests."""
        return [fields for _, fields in self._row_widgets]

    def _show(self, value: Any) -> None:
        if value != self._collect():
            self._rebuild(list(value or []))
        self._none.value = value == [] and self.item.min_rows == 0


class ClientRatingWidget(RowsWidget):
    """One row per client (given at construction), headed by the client's name."""

    def __init__(self, item: Item, rows: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(item, **kwargs)
        self._rebuild(rows or [])
        if rows:
            self._from_control(self._collect())

    def _rebuild(self, rows: list[dict[str, Any]]) -> None:
        super()._rebuild(rows)
        if not rows:
            self._rows_box.children = [widgets.HTML(NO_CLIENTS)]

    def _split(self, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        keys = {"client_id": row["client_id"], "client": row.get("client", row["client_id"])}
        return keys | _marks(row), row

    def _row_header(self, keys: dict[str, Any]) -> list[widgets.Widget]:
        return [widgets.HTML(f"<b>{escape(str(keys['client']))}</b>"), *self._from_data(keys)]

    @property
    def rows(self) -> dict[str, dict[str, ItemWidget]]:
        """The field widgets of each client's row, by client id."""
        return {keys["client_id"]: fields for keys, fields in self._row_widgets}

    def _show(self, value: Any) -> None:
        rows = list(value or [])
        if [r["client_id"] for r in rows] != [k["client_id"] for k, _ in self._row_widgets]:
            self._rebuild(rows)
            return
        for row, (_, fields) in zip(rows, self._row_widgets, strict=True):
            for spec_id, field in fields.items():
                field.value = row.get(spec_id)


#: The one registry of the form's controls: a widget class per item kind (every kind of
#: ``toolkit.exercises.items.ITEM_KINDS``, tests/test_vocabularies.py checks).
WIDGETS: dict[str, type[ItemWidget]] = {
    "scale": ScaleWidget,
    "choice": ChoiceWidget,
    "multi-choice": MultiChoiceWidget,
    "text": TextWidget,
    "number": NumberWidget,
    "date": DateWidget,
    "checklist": ChecklistWidget,
    "table": TableWidget,
    "client-rating": ClientRatingWidget,
}


def item_widget(item: Item, compact: bool = False, **kwargs: Any) -> ItemWidget:
    """The widget for ``item``'s kind (``rows=`` for client-rating items)."""
    return WIDGETS[item.kind](item, compact=compact, **kwargs)
