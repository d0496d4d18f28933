"""Three-way merges of answers, worked out by hand."""

import pytest

from toolkit.exercises import Item
from toolkit.exercises.merging import WHOLE, merge, overlay, parts

LINES = Item(id="targets", kind="checklist", prompt="Targets", entries=3)
RATING = Item(id="clients", kind="client-rating", prompt="Clients")
SCALE = Item(id="clarity", kind="scale", prompt="Clarity", min=1, max=5)


def line(text: str = "", done: bool = False) -> dict:
    return {"text": text, "done": done}


def test_blank_lines_are_no_part_and_client_rows_are_keyed_by_client():
    assert parts(LINES, [line(), line("Call"), line(done=True)]) == {
        1: line("Call"),
        2: line(done=True),
    }
    rows = [{"client_id": "c2", "fit": 3}, {"client_id": "c1", "fit": None}]
    assert parts(RATING, rows) == {"c2": rows[0], "c1": rows[1]}
    assert parts(SCALE, 4) == {WHOLE: 4}
    assert parts(SCALE, None) == parts(LINES, None) == {}


def test_different_lines_filled_from_nothing_merge():
    mine = [line("Call"), line(), line()]
    theirs = [line(), line("Visit"), line()]
    result = merge(LINES, None, mine, theirs)
    assert result.value == [line("Call"), line("Visit"), line()]
    assert result.conflicts == frozenset()


def test_the_same_line_changed_both_ways_conflicts_and_keeps_the_stored_one():
    base = [line("Call"), line(), line()]
    mine = [line("Call Kiln"), line("Write"), line()]
    theirs = [line("Call Mesa"), line(), line()]
    result = merge(LINES, base, mine, theirs)
    assert result.value == [line("Call Mesa"), line("Write"), line()]
    assert result.conflicts == {0}
    # shown in the window: its own text where it conflicts
    assert overlay(LINES, result.value, mine, result.conflicts) == mine


def test_the_same_change_on_both_sides_is_no_conflict_and_a_clearing_is_kept():
    base = [line("Call"), line("Write"), line()]
    mine = [line("Call", done=True), line(), line()]
    theirs = [line("Call", done=True), line("Write"), line("Visit")]
    result = merge(LINES, base, mine, theirs)
    assert result.value == [line("Call", done=True), line(), line("Visit")]
    assert not result.conflicts


def test_known_conflicts_keep_the_stored_value_without_counting_again():
    base = [line("Call"), line(), line()]
    mine = [line("Call Kiln"), line(), line()]
    result = merge(LINES, base, mine, base, keep={0})
    assert result.value == base and not result.conflicts


def test_client_rows_merge_per_client_and_keep_the_window_order():
    base = [{"client_id": "c1", "fit": 1}, {"client_id": "c2", "fit": 1}]
    mine = [{"client_id": "c2", "fit": 1}, {"client_id": "c1", "fit": 4}]
    theirs = [{"client_id": "c1", "fit": 1}, {"client_id": "c2", "fit": 5}]
    result = merge(RATING, base, mine, theirs)
    assert result.value == [{"client_id": "c2", "fit": 5}, {"client_id": "c1", "fit": 4}]


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "value", "conflicts"),
    [(2, 2, 5, 5, set()), (2, 4, 2, 4, set()), (2, 4, 5, 5, {WHOLE}), (None, 3, None, 3, set())],
)
def test_a_whole_answer_is_one_part(base, mine, theirs, value, conflicts):
    result = merge(SCALE, base, mine, theirs)
    assert (result.value, set(result.conflicts)) == (value, conflicts)
