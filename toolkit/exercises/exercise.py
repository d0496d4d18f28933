"""An exercise: sections of items, scoring rules, interpretation bands and follow-ups.

Built from a YAML file that passed :func:`toolkit.exercises.validation.check_file`; the
field reference is ``docs/exercises.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.exercises.items import Item
from toolkit.exercises.scoring import Band, Result, Rule, weakest_items

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    intro: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """A commitment to propose when the result matches ``when`` (bands and/or a score
    range ``min <= score < max``)."""

    text: str
    when: dict[str, Any]
    due_in_days: int = 7

    def matches(self, result: Result) -> bool:
        bands = self.when.get("bands")
        if bands is not None and (result.band is None or result.band.id not in bands):
            return False
        if "score" in self.when:
            score_id = self.when["score"]
            value = result.total if score_id == "total" else result.sections.get(score_id)
            if value is None:
                return False
            if "min" in self.when and value < self.when["min"]:
                return False
            if "max" in self.when and value >= self.when["max"]:
                return False
        return True


@dataclass(frozen=True)
class Proposal:
    """A commitment the participant may accept (and edit) after an exercise."""

    text: str
    due_on: dt.date
    source_exercise_id: str


@dataclass(frozen=True)
class Exercise:
    """One exercise, read from ``exercises/<id>.yaml``."""

    id: str
    version: int
    title: str
    purpose: str
    duration_minutes: int
    instructions: str
    sections: tuple[Section, ...]
    scores: tuple[Rule, ...]
    total: Rule
    bands: tuple[Band, ...]
    follow_ups: tuple[FollowUp, ...] = ()
    score_label: str = "Score"
    unit: str = ""
    min: float = 0.0
    max: float = 100.0
    higher_is_better: bool = True
    results_per: str = "day"
    answers_per: str = "participant"
    path: Path | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> Exercise:
        scoring = data["scoring"]
        return cls(
            id=data["id"],
            version=data["version"],
            title=data["title"],
            purpose=data["purpose"],
            duration_minutes=data["duration_minutes"],
            instructions=data["instructions"],
            sections=tuple(
                Section(
                    s["id"],
                    s["title"],
                    tuple(Item.from_dict(i) for i in s["items"]),
                    s.get("intro"),
                )
                for s in data["sections"]
            ),
            scores=tuple(Rule.from_dict(r) for r in scoring["sections"]),
            total=Rule.from_dict(
                scoring["total"], scoring.get("label", "Score"), scoring.get("scale")
            ),
            bands=tuple(
                Band(b["id"], b["min"], b["max"], b["label"], b["text"], tuple(b["next_steps"]))
                for b in sorted(data["bands"], key=lambda b: b["min"])
            ),
            follow_ups=tuple(
                FollowUp(f["text"], f["when"], f.get("due_in_days", 7))
                for f in data.get("follow_ups", [])
            ),
            score_label=scoring.get("label", "Score"),
            unit=scoring.get("unit", ""),
            min=scoring["min"],
            max=scoring["max"],
            higher_is_better=scoring.get("higher_is_better", True),
            results_per=data.get("results_per", "day"),
            answers_per=data.get("answers_per", "participant"),
            path=path,
        )

    @property
    def items(self) -> dict[str, Item]:
        """Every item by id, in the order the exercise asks them."""
        return {item.id: item for section in self.sections for item in section.items}

    def missing(self, answers: dict[str, Any]) -> tuple[str, ...]:
        """Ids of the required items not (completely) answered yet."""
        return tuple(
            item.id
            for item in self.items.values()
            if item.required and not item.is_answered(answers.get(item.id))
        )

    def band_for(self, total: float | None) -> Band | None:
        """The band holding ``total`` (``min <= total < max``; the top band includes max)."""
        if total is None:
            return None
        for band in self.bands:
            if band.min <= total < band.max:
                return band
        last = self.bands[-1]
        return last if total == last.max else None

    def score(self, answers: dict[str, Any]) -> Result:
        """Score ``answers`` (item id -> JSON value): section scores, total, band, weakest
        items and the required items still missing. Answers to unknown items are ignored."""
        items = self.items
        sections: dict[str, float | None] = {}
        for rule in self.scores:
            sections[rule.id] = rule.apply(items, answers, sections)
        total = self.total.apply(items, answers, sections)
        return Result(
            exercise_id=self.id,
            exercise_version=self.version,
            sections=sections,
            total=total,
            band=self.band_for(total),
            weakest=weakest_items(self.scores, items, answers, self.higher_is_better),
            missing=self.missing(answers),
            labels={rule.id: rule.label for rule in (*self.scores, self.total)},
            scales={rule.id: rule.scale for rule in (*self.scores, self.total) if rule.scale},
        )

    def proposals(self, result: Result, today: dt.date | None = None) -> list[Proposal]:
        """The commitments this exercise suggests for ``result`` (empty when incomplete)."""
        if not result.complete:
            return []
        today = today or dt.date.today()
        return [
            Proposal(f.text, today + dt.timedelta(days=f.due_in_days), self.id)
            for f in self.follow_ups
            if f.matches(result)
        ]

    def period(self, when: dt.date) -> str:
        """The results period a date falls in: the day, or the month for monthly exercises."""
        return when.strftime("%Y-%m") if self.results_per == "month" else when.isoformat()

    def compare(self, answers: dict[str, Any], suggestions: pd.DataFrame) -> pd.DataFrame:
        """The participant's client ratings next to the suggested (data-driven) ones.

        One row per client and suggested field of each client-rating item: ``item``,
        ``client_id``, ``client``, ``field``, ``rated``, ``suggested``, ``difference``
        (rated - suggested, on the field's own scale).
        """
        import pandas as pd

        rows = []
        for item in self.items.values():
            if item.kind != "client-rating":
                continue
            suggested = {r["client_id"]: r for r in item.client_rows(suggestions, None)}
            for row in answers.get(item.id) or []:
                for spec in item.fields:
                    guess = suggested.get(row["client_id"], {}).get(spec.id)
                    if spec.kind not in ("scale", "number") or guess is None:
                        continue
                    rated = spec.numeric(row.get(spec.id))
                    rows.append(
                        {
                            "item": item.id,
                            "client_id": row["client_id"],
                            "client": row.get("client", ""),
                            "field": spec.id,
                            "rated": rated,
                            "suggested": float(guess),
                            "difference": None if rated is None else rated - float(guess),
                        }
                    )
        columns = ["item", "client_id", "client", "field", "rated", "suggested", "difference"]
        return pd.DataFrame(rows, columns=columns)
