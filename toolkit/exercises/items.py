"""Exercise items: what each kind of question accepts, and the number it contributes.

Answers are plain JSON values, one per item:

=============== ==================================================================
kind            value
=============== ==================================================================
scale           an integer between ``min`` and ``max``
choice          the id of one option
multi-choice    a list of option ids (at most ``max_selected``)
text            a string (at most ``max_length`` characters)
number          a number between ``min`` and ``max`` (either may be absent)
date            an ISO date string, ``"2026-11-30"``
checklist       a list of ``{"text": ..., "done": true/false}`` entries; ``text`` is an
                option id for a fixed list, or the participant's own words
table           a list of rows, each a dict of field id -> value of the field's kind
client-rating   like table, one row per client, each with ``client_id`` and ``client``
=============== ==================================================================
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    import pandas as pd


#: An item's kind: what it asks and what its answer looks like (the table above). The one
#: list of kinds: the JSON Schema's enum, the docs and the form's widget registry
#: (``toolkit.widgets.items.WIDGETS``) are checked against it (tests/test_vocabularies.py).
ItemKind = Literal[
    "scale",
    "choice",
    "multi-choice",
    "text",
    "number",
    "date",
    "checklist",
    "table",
    "client-rating",
]
ITEM_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
#: The kinds whose answer is a list of rows, and the kinds a row's field may have.
ROW_KINDS: tuple[ItemKind, ...] = ("table", "client-rating")
FIELD_KINDS: tuple[ItemKind, ...] = ("scale", "choice", "text", "number", "date")


@dataclass(frozen=True)
class Option:
    """One option of a choice, multi-choice or checklist item."""

    id: str
    label: str
    score: float | None = None


@dataclass(frozen=True)
class Item:
    """One question of an exercise, or one field of a table / client-rating row."""

    id: str
    kind: ItemKind
    prompt: str
    help: str | None = None
    required: bool = True
    min: float | None = None
    max: float | None = None
    anchors: dict[int, str] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    max_selected: int | None = None
    multiline: bool = False
    max_length: int | None = None
    unit: str | None = None
    entries: int | None = None
    fields: tuple[Item, ...] = ()
    min_rows: int = 0
    max_rows: int | None = None
    order_by: str | None = None
    limit: int | None = None
    suggest: dict[str, Any] | None = None
    vocabulary: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        """Build an item (or a row field) from its validated YAML mapping (an unknown kind
        raises ValueError, even when the mapping skipped the schema check)."""
        if data["kind"] not in ITEM_KINDS:
            raise ValueError(f"item {data['id']!r}: unknown kind {data['kind']!r}")
        return cls(
            id=data["id"],
            kind=data["kind"],
            prompt=data.get("prompt") or data.get("label", ""),
            help=data.get("help"),
            required=data.get("required", True),
            min=data.get("min"),
            max=data.get("max"),
            anchors={int(k): v for k, v in data.get("anchors", {}).items()},
            options=tuple(
                Option(o["id"], o["label"], o.get("score")) for o in data.get("options", [])
            ),
            max_selected=data.get("max_selected"),
            multiline=data.get("multiline", False),
            max_length=data.get("max_length"),
            unit=data.get("unit"),
            entries=data.get("entries"),
            fields=tuple(cls.from_dict(f) for f in data.get("fields", [])),
            min_rows=data.get("min_rows", 0),
            max_rows=data.get("max_rows"),
            order_by=data.get("order_by"),
            limit=data.get("limit"),
            suggest=data.get("suggest"),
            vocabulary=data.get("vocabulary"),
        )

    # --- lookups ------------------------------------------------------------------------

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def field(self, field_id: str) -> Item | None:
        return next((f for f in self.fields if f.id == field_id), None)

    @property
    def scored_options(self) -> bool:
        return any(o.score is not None for o in self.options)

    # --- checking an answer -------------------------------------------------------------

    def is_answered(self, value: Any) -> bool:
        """Whether ``value`` counts as an answer (complete rows, written checklist entries)."""
        if value is None or value == "" or value == []:
            return self.kind == "table" and value == [] and self.min_rows == 0
        if self.kind == "checklist":
            written = [e for e in value if str(e.get("text", "")).strip()]
            return len(written) == (self.entries or len(self.options))
        if self.kind in ROW_KINDS:
            return len(value) >= self.min_rows and all(
                f.is_answered(row.get(f.id)) for row in value for f in self.fields if f.required
            )
        return True

    def given(self, value: Any) -> bool:
        """Whether ``value`` says something: acceptable and not blank (a text of spaces, an
        empty list). What a specificity score counts, whether or not the item is required."""
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            return False
        return self.problem(value) is None

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable for this item, or None. Absent values pass:
        whether an item is required is :meth:`is_answered`'s business."""
        if value is None or value == "":
            return None
        check = getattr(self, f"_problem_{self.kind.replace('-', '_')}")
        return check(value)

    def _problem_scale(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            return "choose a whole number on the scale"
        return self._out_of_range(value)

    def _problem_number(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            return "enter a number, for example 1250 or 12.5"
        return self._out_of_range(value)

    def _out_of_range(self, value: float) -> str | None:
        if self.min is not None and value < self.min:
            return f"enter {_fmt(self.min)} or more"
        if self.max is not None and value > self.max:
            return f"enter {_fmt(self.max)} or less"
        return None

    def _problem_choice(self, value: Any) -> str | None:
        return None if self.option(value) else "choose one of the options"

    def _problem_multi_choice(self, value: Any) -> str | None:
        if not isinstance(value, list) or any(self.option(v) is None for v in value):
            return "choose from the options"
        if self.max_selected and len(value) > self.max_selected:
            return f"choose at most {self.max_selected}"
        return None

    def _problem_text(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return "enter text"
        if self.max_length and len(value) > self.max_length:
            return f"keep it under {self.max_length} characters (now {len(value)})"
        return None

    def _problem_date(self, value: Any) -> str | None:
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return "enter a date as YYYY-MM-DD"
        return None

    def _problem_checklist(self, value: Any) -> str | None:
        size = self.entries or len(self.options)
        if not isinstance(value, list) or len(value) > size:
            return f"a checklist has {size} entries"
        return None

    def _problem_table(self, value: Any) -> str | None:
        if not isinstance(value, list):
            return "a table is a list of rows"
        if self.max_rows and len(value) > self.max_rows:
            return f"at most {self.max_rows} rows"
        for number, row in enumerate(value, start=1):
            for spec in self.fields:
                message = spec.problem(row.get(spec.id))
                if message:
                    return f"row {number}, {spec.prompt}: {message}"
        return None

    _problem_client_rating = _problem_table

    # --- the number an answer contributes to a score ------------------------------------

    def numeric(self, value: Any) -> float | None:
        """The number a single (non-row) answer contributes, or None if it contributes none.

        scale and number: the value; choice: the option's score; multi-choice: the sum of
        the chosen options' scores (their count when options carry no score); checklist: the
        number of entries done.
        """
        if value is None or value == "" or self.problem(value):
            return None
        if self.kind in ("scale", "number"):
            return float(value)
        if self.kind == "choice":
            option = self.option(value)
            return option.score if option else None
        if self.kind == "multi-choice":
            if not self.scored_options:
                return float(len(value))
            chosen = [self.option(v) for v in value]
            return float(sum(option.score or 0 for option in chosen if option))
        if self.kind == "checklist":
            return float(sum(bool(e.get("done")) for e in value))
        return None

    def scale_ends(self) -> tuple[float, float]:
        """``min`` and ``max``, which every scale item has (the schema requires them)."""
        if self.min is None or self.max is None:
            raise ValueError(f"the item {self.id!r} has no min and max")
        return self.min, self.max

    def value_range(self) -> tuple[float, float] | None:
        """The smallest and largest number :meth:`numeric` can give, when known."""
        if self.kind in ("scale", "number") and self.min is not None and self.max is not None:
            return float(self.min), float(self.max)
        scores = [o.score for o in self.options if o.score is not None]
        if self.kind == "choice" and scores:
            return min(scores), max(scores)
        if self.kind == "multi-choice":
            top = sum(s for s in scores if s > 0) if scores else len(self.options)
            return min(0.0, sum(s for s in scores if s < 0)), float(top)
        if self.kind == "checklist":
            return 0.0, float(self.entries or len(self.options))
        return None

    # --- client-rating rows -------------------------------------------------------------

    def client_rows(
        self,
        suggestions: pd.DataFrame | None,
        saved: list[dict[str, Any]] | None,
        blind: bool = False,
    ) -> list[dict[str, Any]]:
        """The rows a client-rating item shows: one per suggested client, saved values first.

        ``suggestions`` has ``client_id`` and ``name`` columns plus any columns the fields
        name in ``suggest`` (for example the output of ``toolkit.analytics.client_map``).
        Clients are sorted by ``order_by`` (largest first) and cut to ``limit``. A field with
        ``suggest: {column, range}`` is pre-filled from that column, rescaled linearly from
        ``range`` to the field's ``min``..``max``. Without suggestions the saved rows are
        shown as they are. ``blind`` lists the same clients with nothing pre-filled, so the
        participant rates before seeing the data's view (saved values still show).
        """
        saved_by_id = {row["client_id"]: row for row in saved or []}
        if suggestions is None or suggestions.empty:
            return [dict(row) for row in saved or []]
        frame = suggestions
        if self.order_by and self.order_by in frame:
            frame = frame.sort_values(self.order_by, ascending=False, kind="stable")
        if self.limit:
            frame = frame.head(self.limit)
        rows = []
        for record in frame.to_dict("records"):
            row = {"client_id": record["client_id"], "client": record.get("name", "")}
            row.update({f.id: None if blind else f.suggested(record) for f in self.fields})
            row.update(saved_by_id.get(record["client_id"], {}))
            rows.append(row)
        return rows

    def suggested(self, record: dict[str, Any]) -> Any:
        """This field's pre-filled value from one suggestion record, or None."""
        import pandas as pd

        if not self.suggest or self.suggest["column"] not in record:
            return None
        raw = record[self.suggest["column"]]
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            return None
        if self.kind in ("scale", "number"):
            value = float(raw)
            if "range" in self.suggest and self.min is not None and self.max is not None:
                low, high = self.suggest["range"]
                value = self.min + (value - low) / (high - low) * (self.max - self.min)
                value = min(max(value, self.min), self.max)
            return round(value) if self.kind == "scale" else value
        if self.kind == "date":
            return pd.Timestamp(raw).date().isoformat()
        if self.kind == "choice":
            return raw if self.option(str(raw)) else None
        return str(raw)


def checklist_answer(lines: Iterable[tuple[str, bool]]) -> list[dict[str, Any]] | None:
    """A checklist's answer from its lines as shown, ``(text, ticked)`` each: the text
    without surrounding whitespace (how typed text is stored), None when no line has text
    or a tick."""
    entries = [{"text": text.strip(), "done": bool(done)} for text, done in lines]
    return entries if any(e["text"] or e["done"] for e in entries) else None


def _fmt(number: float) -> str:
    return f"{number:g}"
