"""Scoring rules and the :class:`Result` of scoring a set of answers.

A rule combines *terms* with a *method*:

- ``mean``: weighted mean, ``sum(w * v) / sum(w)`` over the terms that have a value;
- ``sum``: weighted sum, ``sum(w * v)``;
- ``ratio``: ``(w1 * v1) / (w2 * v2)`` of exactly two terms (None when the second is 0);

and the result is multiplied by ``multiplier`` (default 1, e.g. 100 for a percentage).
A term is an item's number (see :meth:`Item.numeric`), optionally reverse-scored
(``min + max - v``), or an earlier section score. For table and client-rating items a term
names a ``field`` and an ``aggregate`` over the rows (kept by ``where``): ``mean`` or
``sum`` of the field, ``count`` of the rows, or ``share`` = rows kept / all rows. Any
other item may take ``aggregate: answered``: 1 when its answer says something (see
:meth:`Item.given`), else 0, so a score can count how specific a plan is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.exercises.items import ROW_KINDS, Item


@dataclass(frozen=True)
class Term:
    item: str | None = None
    score: str | None = None
    field: str | None = None
    aggregate: str | None = None
    where: dict[str, Any] | None = None
    weight: float = 1.0
    reverse: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Term:
        return cls(
            item=data.get("item"),
            score=data.get("score"),
            field=data.get("field"),
            aggregate=data.get("aggregate"),
            where=data.get("where"),
            weight=float(data.get("weight", 1.0)),
            reverse=data.get("reverse", False),
        )

    def value(self, items: dict[str, Item], answers: dict[str, Any], scores: dict) -> float | None:
        """This term's unweighted number for ``answers`` (None when it has none yet)."""
        if self.score is not None:
            return scores.get(self.score)
        if self.item is None:
            raise ValueError("a scoring term names an item or a score")
        item = items[self.item]
        answer = answers.get(self.item)
        if self.aggregate == "answered":
            return float(item.given(answer))
        if item.kind in ROW_KINDS:
            number = self._rows_value(item, answer if isinstance(answer, list) else None)
        else:
            number = item.numeric(answer)
        low_high = self.value_range(items)
        if number is not None and self.reverse and low_high:
            number = low_high[0] + low_high[1] - number
        return number

    def _rows_value(self, item: Item, rows: list[dict[str, Any]] | None) -> float | None:
        if rows is None or item.problem(rows):
            return None
        kept = rows
        if self.where:
            kept = [r for r in rows if r.get(self.where["field"]) in self.where["in"]]
        aggregate = self.aggregate or "mean"
        if aggregate == "count":
            return float(len(kept))
        if aggregate == "share":
            return len(kept) / len(rows) if rows else None
        field = self.field
        spec = item.field(field) if field else None
        if field is None or spec is None:
            return None
        numbers = [n for n in (spec.numeric(r.get(field)) for r in kept) if n is not None]
        if aggregate == "sum":
            return float(sum(numbers))
        return sum(numbers) / len(numbers) if numbers else None

    def value_range(self, items: dict[str, Item]) -> tuple[float, float] | None:
        """The range of :meth:`value` when known (used to reverse and to rank weak items)."""
        if self.item is None:
            return None
        item = items[self.item]
        if self.aggregate in ("share", "answered"):
            return 0.0, 1.0
        if item.kind not in ROW_KINDS:
            return item.value_range()
            return 0.0, 1.0
        spec = item.field(self.field) if self.field else None
        if self.aggregate in (None, "mean") and spec is not None:
            return spec.value_range()
        return None


@dataclass(frozen=True)
class Rule:
    method: str
    terms: tuple[Term, ...]
    multiplier: float = 1.0
    id: str = "total"
    label: str = "Total"
    scale: str | None = None

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], default_label: str = "Total", default_scale: str | None = None
    ) -> Rule:
        return cls(
            method=data["method"],
            terms=tuple(Term.from_dict(t) for t in data["terms"]),
            multiplier=float(data.get("multiplier", 1.0)),
            id=data.get("id", "total"),
            label=data.get("label", default_label),
            scale=data.get("scale", default_scale),
        )

    def apply(self, items: dict[str, Item], answers: dict[str, Any], scores: dict) -> float | None:
        """This rule's score (see the module docstring for the formulas)."""
        pairs = [(t.weight, t.value(items, answers, scores)) for t in self.terms]
        if self.method == "ratio":
            (w1, top), (w2, bottom) = pairs
            if top is None or not bottom:
                return None
            return w1 * top / (w2 * bottom) * self.multiplier
        known = [(w, v) for w, v in pairs if v is not None]
        if not known:
            return None
        total = sum(w * v for w, v in known)
        if self.method == "mean":
            total /= sum(w for w, _ in known)
        return total * self.multiplier


@dataclass(frozen=True)
class Band:
    """A range of the total with its interpretation: ``min <= total < max`` (the last band
    also holds its ``max``)."""

    id: str
    min: float
    max: float
    label: str
    text: str
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The scored answers of one exercise.

    ``sections`` maps each scoring section id to its score (None while its items are
    unanswered); ``weakest`` lists the ids of up to three items that held the total back
    most, worst first; ``missing`` the required items still unanswered. ``labels`` and
    ``scales`` give each score (and ``"total"``) its name and its scale and direction as
    the exercise states them (``"0-100 %, lower is better"``), so a score is never shown
    as a bare number (:meth:`text`).
    """

    exercise_id: str
    exercise_version: int
    sections: dict[str, float | None]
    total: float | None
    band: Band | None
    weakest: tuple[str, ...] = ()
    missing: tuple[str, ...] = field(default=())
    labels: dict[str, str] = field(default_factory=dict)
    scales: dict[str, str] = field(default_factory=dict)

    def text(self, score_id: str = "total") -> str:
        """One score in words: ``"Revenue given away: 5 (0-100 %, lower is better)"``;
        ``"not scored yet"`` in place of a score without a value.

        The value is rounded to one decimal; the scale comes from the exercise file.
        """
        value = self.total if score_id == "total" else self.sections[score_id]
        shown = "not scored yet" if value is None else f"{round(value, 1):g}"
        scale = self.scales.get(score_id)
        label = self.labels.get(score_id, score_id)
        return f"{label}: {shown}" + (f" ({scale})" if scale else "")

    @property
    def complete(self) -> bool:
        """All required items answered and a total computed."""
        return not self.missing and self.total is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (band as its id)."""
        return {
            "exercise_id": self.exercise_id,
            "exercise_version": self.exercise_version,
            "sections": dict(self.sections),
            "total": self.total,
            "band": self.band.id if self.band else None,
            "weakest": list(self.weakest),
            "missing": list(self.missing),
        }


def weakest_items(
    rules: tuple[Rule, ...],
    items: dict[str, Item],
    answers: dict[str, Any],
    higher_is_better: bool,
    count: int = 3,
) -> tuple[str, ...]:
    """The items whose answers held the result back most, worst first.

    Each item term with a known range gets a shortfall ``weight * (1 - g)`` where ``g`` is
    its value scaled to 0..1 (after reverse-scoring), or ``1 - g`` when lower totals are
    better; items with no shortfall are left out, ties keep the exercise's order.
    """
    shortfalls: dict[str, float] = {}
    for rule in rules:
        for term in rule.terms:
            if not term.item:
                continue
            bounds = term.value_range(items)
            value = term.value(items, answers, {})
            if value is None or not bounds or bounds[1] == bounds[0]:
                continue
            good = (value - bounds[0]) / (bounds[1] - bounds[0])
            if not higher_is_better:
                good = 1 - good
            gap = term.weight * (1 - good)
            shortfalls[term.item] = max(shortfalls.get(term.item, 0.0), gap)
    ranked = sorted(
        (item_id for item_id, gap in shortfalls.items() if gap > 1e-9),
        key=lambda item_id: -shortfalls[item_id],
    )
    return tuple(ranked[:count])
