"""The JSON Schema check remembered per file: a file that passed and has not changed is
not checked again (jsonschema is not even imported), a changed file is checked in full
and its problems read exactly as on a first check, and an unwritable cache changes
nothing but the time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from toolkit.exercises import check, exercises_folder, load_all
from toolkit.exercises.schema_cache import CACHE_ENV, CACHE_FILE, fingerprint, passed, stamp
from toolkit.exercises.validation import schema_text

#: Checks every exercise of a folder, then says whether jsonschema was imported.
PROBE = (
    "import sys; from toolkit.exercises import check; check(sys.argv[1]); "
    "print('jsonschema' in sys.modules)"
)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A folder holding one shipped exercise, with a cache of its own."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    shutil.copy(exercises_folder() / "treasure-review.yaml", exercises)
    return exercises


def imports_jsonschema(folder) -> bool:
    """Whether checking ``folder`` in a fresh interpreter imports jsonschema."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    return run.stdout.strip() == "True"


def test_a_file_that_passed_is_remembered_with_its_time_and_size(folder, tmp_path):
    path = folder / "treasure-review.yaml"
    assert check(folder) == []
    stored = json.loads((tmp_path / "cache" / CACHE_FILE).read_text())
    assert stored["files"] == {str(path.resolve()): stamp(path)}
    hashed = fingerprint(schema_text())
    assert passed(path, stamp(path), hashed)
    assert not passed(path, stamp(path), fingerprint(schema_text() + " ")), "another schema"
    assert not passed(path, [stamp(path)[0], stamp(path)[1] + 1], hashed), "another size"


def test_an_unchanged_file_is_checked_without_jsonschema(folder):
    assert imports_jsonschema(folder), "the first load checks the schema"
    assert not imports_jsonschema(folder), "the second trusts the first"
    assert set(load_all(folder)) == {"treasure-review"}


def test_a_changed_file_is_checked_in_full_with_file_and_line(folder, tmp_path, monkeypatch):
    path = folder / "treasure-review.yaml"
    assert check(folder) == []
    text = path.read_text()
    path.write_text(text.replace("kind: scale", "kind: slider", 1))
    problems = check(folder)
    kind_line = next(n for n, row in enumerate(text.splitlines(), 1) if "kind: scale" in row)
    assert [(p.file, p.line) for p in problems] == [(str(path), kind_line)]
    assert "unknown item kind 'slider'" in problems[0].message
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "empty-cache"))
    assert check(folder) == problems, "as without any cache"
    assert imports_jsonschema(folder), "a file that failed is checked again every time"


def test_an_unwritable_cache_only_costs_time(folder, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))
    assert check(folder) == []
    assert check(folder) == []
    assert list(tmp_path.glob("**/.exercise-schema-*")) == []
