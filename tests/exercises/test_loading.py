"""Loading and checking exercise files: the shipped ones pass, every broken fixture fails
with the right file, line and message."""

import shutil

import pytest

from toolkit.errors import ToolkitError
from toolkit.exercises import ExerciseError, Problem, check, exercises_folder, load, load_all

from .conftest import FILES

#: The shipped exercises, one file each, named after the exercise's id: read from the
#: folder, so adding an exercise file adds it to every test below.
SHIPPED = {path.stem for path in exercises_folder().glob("*.yaml")}

#: fixture file -> every (line, part of the message) check() must report for it
BROKEN = {
    "unknown-item-kind.yaml": [(19, "unknown item kind 'slider'")],
    "duplicate-item-id.yaml": [
        (18, "duplicate item id 'q1'"),
        (33, "scoring refers to missing item 'q2'"),
    ],
    "band-gap.yaml": [(46, "gap between bands 'low' and 'high': nothing covers 3 to 3.5")],
    "band-overlap.yaml": [(46, "bands 'low' and 'high' overlap from 2.5 to 3")],
    "band-not-covering-max.yaml": [(47, "gap: no band covers 4 to 5")],
    "scoring-missing-item.yaml": [(33, "scoring refers to missing item 'q3'")],
    "scoring-text-item.yaml": [(30, "item 'q2' (text) has no number to score")],
    "score-used-before-defined.yaml": [(37, "scoring refers to unknown score 'extra'")],
    "schema-version-too-new.yaml": [(3, "schema_version 2 is newer than this toolkit")],
    "schema-version-too-old.yaml": [(3, "schema_version 0 is too old")],
    "broken-yaml.yaml": [(18, "not valid YAML")],
    "missing-field.yaml": [(1, "'purpose' is a required property")],
    "anchor-outside-scale.yaml": [(17, "anchor 7 lies outside the scale 1..5")],
    "follow-up-unknown-band.yaml": [(53, "follow-up refers to unknown band 'medium'")],
    "duplicate-key.yaml": [(5, "duplicate key 'title'")],
    "vocabulary-options-differ.yaml": [
        (20, "vocabulary 'excuse-causes' is a choice of exactly the options price_pressure")
    ],
    "vocabulary-unknown.yaml": [(20, "unknown vocabulary 'excuse-reasons'")],
}


def test_the_shipped_exercises_pass_the_check():
    assert check() == []


def test_load_all_returns_every_exercise_file_by_its_id(exercises):
    assert len(SHIPPED) >= 6
    assert set(exercises) == SHIPPED


#: Realistic minutes for a first sitting of the first exercises (the client map takes
#: 35-45 minutes); any exercise fits in a coaching hour.
MINUTES = {
    "client-love-map": (35, 45),
    "excuse-audit": (20, 30),
    "six-monthly-targets": (10, 15),
    "treasure-review": (15, 25),
    "retention-plan": (25, 35),
    "abandonment-audit": (10, 20),
}


@pytest.mark.parametrize("exercise_id", sorted(SHIPPED))
def test_each_exercise_fits_in_an_hour_and_proposes_commitments(exercises, exercise_id):
    exercise = exercises[exercise_id]
    low, high = MINUTES.get(exercise_id, (5, 60))
    assert low <= exercise.duration_minutes <= high
    assert exercise.follow_ups
    assert all(band.next_steps for band in exercise.bands)


def test_every_broken_fixture_is_listed():
    assert {path.name for path in FILES.glob("*.yaml")} == set(BROKEN)


@pytest.mark.parametrize(("name", "expected"), sorted(BROKEN.items()))
def test_check_reports_every_error_with_file_and_line(name, expected, tmp_path):
    shutil.copy(FILES / name, tmp_path / name)
    problems = check(tmp_path)
    assert [(p.file, p.line) for p in problems] == [
        (str(tmp_path / name), line) for line, _ in expected
    ]
    for problem, (_, message) in zip(problems, expected, strict=True):
        assert message in problem.message


def test_check_of_the_fixture_folder_reports_each_file():
    files = {problem.file.rsplit("/", 1)[-1] for problem in check(FILES)}
    assert files == set(BROKEN)


def test_problem_prints_as_file_line_message():
    assert str(Problem("a.yaml", 7, "bad")) == "a.yaml:7: bad"


def test_load_raises_with_every_problem():
    with pytest.raises(ExerciseError) as raised:
        load(FILES / "duplicate-item-id.yaml")
    assert len(raised.value.problems) == 2
    assert "duplicate-item-id.yaml:18: duplicate item id 'q1'" in str(raised.value)


def test_load_all_refuses_a_folder_with_a_broken_file(tmp_path):
    shutil.copy(FILES / "band-gap.yaml", tmp_path)
    with pytest.raises(ExerciseError, match=r"band-gap\.yaml:46"):
        load_all(tmp_path)


def test_two_files_with_the_same_id_are_reported(tmp_path):
    source = exercises_folder() / "excuse-audit.yaml"
    shutil.copy(source, tmp_path / "a.yaml")
    shutil.copy(source, tmp_path / "b.yaml")
    (problem,) = check(tmp_path)
    assert (problem.file, problem.line) == (str(tmp_path / "b.yaml"), 1)
    assert "already used by" in problem.message


def test_the_folder_comes_from_the_environment(tmp_path, monkeypatch):
    shutil.copy(exercises_folder() / "retention-plan.yaml", tmp_path)
    monkeypatch.setenv("TOOLKIT_EXERCISES", str(tmp_path))
    assert exercises_folder() == tmp_path
    assert list(load_all()) == ["retention-plan"]


def test_the_default_folder_is_the_repositorys_exercises(monkeypatch):
    monkeypatch.delenv("TOOLKIT_EXERCISES", raising=False)
    assert (exercises_folder() / "client-love-map.yaml").is_file()


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ToolkitError, match="no exercise folder"):
        check(tmp_path / "nowhere")
