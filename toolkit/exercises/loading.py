"""Find the exercise folder, load every exercise, and check a folder for problems."""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.exercises.exercise import Exercise
from toolkit.exercises.source import Document
from toolkit.exercises.validation import Problem, check_file
from toolkit.resources import shipped_folder

ENV_VAR = "TOOLKIT_EXERCISES"
PATTERNS = ("*.yaml", "*.yml")


class ExerciseError(ToolkitError):
    """An exercise file has problems; ``problems`` lists them (``file:line: message``)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("invalid exercise file(s):\n" + "\n".join(map(str, problems)))


def exercises_folder(folder: str | os.PathLike[str] | None = None) -> Path:
    """The folder of exercise files: ``folder``, else ``$TOOLKIT_EXERCISES``, else the
    ``exercises/`` folder of the source tree the package lives in, else the copy a wheel
    ships inside the package (``toolkit/exercises/shipped``)."""
    if folder is not None:
        return Path(folder)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return shipped_folder("exercises", "exercises/shipped")


def exercise_files(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """The exercise files of a folder, sorted by name."""
    root = exercises_folder(folder)
    if not root.is_dir():
        raise ToolkitError(f"no exercise folder at {root} (set {ENV_VAR} to choose one)")
    return sorted(path for pattern in PATTERNS for path in root.glob(pattern))


def _checked(
    folder: str | os.PathLike[str] | None, schema: bool
) -> tuple[list[tuple[Path, Document]], list[Problem]]:
    """Each file of ``folder`` read and checked once: the documents read and every
    problem found (see :func:`check`)."""
    documents: list[tuple[Path, Document]] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    for path in exercise_files(folder):
        document, found = check_file(path, schema)
        problems += found
        if document is None or found:
            continue
        documents.append((path, document))
        exercise_id = document.data["id"]
        if exercise_id in first_file:
            problems.append(
                Problem(
                    str(path),
                    document.line(["id"]),
                    f"exercise id {exercise_id!r} is already used by {first_file[exercise_id]}",
                )
            )
        first_file.setdefault(exercise_id, path)
    return documents, problems


def check(folder: str | os.PathLike[str] | None = None, schema: bool = True) -> list[Problem]:
    """Every problem of every exercise file in ``folder`` (empty when all are valid),
    including two files that use the same exercise id (``schema``: see
    :func:`~toolkit.exercises.validation.check_file`)."""
    return _checked(folder, schema)[1]


def load(path: str | os.PathLike[str], schema: bool = True) -> Exercise:
    """Load one exercise file; raises :class:`ExerciseError` listing its problems."""
    document, problems = check_file(Path(path), schema)
    if problems or document is None:  # no document comes without a problem saying why
        raise ExerciseError(problems)
    return Exercise.from_dict(document.data, Path(path))


def load_all(
    folder: str | os.PathLike[str] | None = None, schema: bool = True
) -> dict[str, Exercise]:
    """Every exercise of ``folder`` (see :func:`exercises_folder`) by id, in file order.

    Raises :class:`ExerciseError` with every problem when any file is invalid.
    ``schema=False`` leaves the JSON Schema out, for files checked already. Each file is
    read once.
    """
    documents, problems = _checked(folder, schema)
    if problems:
        raise ExerciseError(problems)
    exercises = (Exercise.from_dict(document.data, path) for path, document in documents)
    return {exercise.id: exercise for exercise in exercises}
