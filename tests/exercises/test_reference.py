"""docs/exercises.md keeps up with the schema and the shipped exercises."""

from pathlib import Path

import pytest

from toolkit.exercises import exercise_files
from toolkit.exercises.validation import schema

DOC = (Path(__file__).parents[2] / "docs" / "exercises.md").read_text()
DEFS = schema()["$defs"]


def documented_names() -> list[str]:
    names = set(schema()["properties"]) | set(DEFS["scoring"]["properties"])
    names |= set(DEFS["term"]["properties"]) | set(DEFS["band"]["properties"])
    names |= set(DEFS["follow_up"]["properties"]) | set(DEFS["section"]["properties"])
    names |= set(DEFS["common"]["properties"]) | set(DEFS["common"]["properties"]["kind"]["enum"])
    for rule in DEFS["kinds"]["allOf"]:
        names |= set(rule["then"].get("properties", {}))
    return sorted(names)


@pytest.mark.parametrize("name", documented_names())
def test_every_field_and_item_kind_is_documented(name):
    assert f"`{name}" in DOC


@pytest.mark.parametrize("path", exercise_files(), ids=lambda p: p.name)
def test_every_shipped_exercise_is_listed(path):
    assert f"`{path.name}`" in DOC
