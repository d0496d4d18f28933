"""The exercise engine: load and check YAML exercises, score answers, interpret results.

No widgets and no analytics here: the form lives in :mod:`toolkit.widgets`, and
data-driven suggestions come in as plain DataFrames.
"""

from toolkit.exercises.client_fit import (
    Agreement,
    agreement,
    decision_proposals,
    ratings,
    select_clients,
)
from toolkit.exercises.exercise import Exercise, FollowUp, Proposal, Section
from toolkit.exercises.items import Item, Option
from toolkit.exercises.loading import (
    ExerciseError,
    check,
    exercise_files,
    exercises_folder,
    load,
    load_all,
)
from toolkit.exercises.plans import plan_of, plan_paragraph, planned_clients, scoped
from toolkit.exercises.prefill import from_attention, from_excuses, with_shared_causes
from toolkit.exercises.scoring import Band, Result
from toolkit.exercises.validation import Problem

__all__ = [
    "Agreement",
    "Band",
    "Exercise",
    "ExerciseError",
    "FollowUp",
    "Item",
    "Option",
    "Problem",
    "Proposal",
    "Result",
    "Section",
    "agreement",
    "check",
    "decision_proposals",
    "exercise_files",
    "exercises_folder",
    "from_attention",
    "from_excuses",
    "load",
    "load_all",
    "plan_of",
    "plan_paragraph",
    "planned_clients",
    "ratings",
    "scoped",
    "select_clients",
    "with_shared_causes",
]
