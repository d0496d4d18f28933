"""The abandonment audit's measured figures, checked against small hand-made frames."""

import datetime as dt

import numpy as np
import pandas as pd

from toolkit.exercises.audit_figures import (
    coverage_figures,
    dated,
    process_figures,
    record_figures,
)


def test_point_person_lines_count_the_flags_of_the_active_clients():
    coverage = pd.DataFrame(
        {
            "client_id": ["a", "b", "c", "d"],
            "no_owner": [False, False, True, False],
            "owner_absent": [False, True, True, False],
            "scattered": [True, False, False, False],
        }
    )
    lines = coverage_figures(coverage)
    # 3 of 4 have an owner: 75 %
    assert lines["owner_clarity"] == "3 of 4 active clients (75%) have a named point-person"
    assert lines["whoever_free"].startswith("1 of 4 active clients dealt with 4 or more")
    assert lines["cover"].startswith("for 2 of 4 active clients the named point-person made none")
    assert coverage_figures(coverage.iloc[:0]) == {}


def test_process_lines_average_only_the_processes_two_people_described():
    variation = pd.DataFrame(
        {
            "process": ["onboarding", "complaints", "renewal"],
            "similarity": [0.5, 0.25, np.nan],  # renewal: one person, nothing to compare
        }
    )
    lines = process_figures(variation)
    assert lines["documented"].startswith("3 processes written down as steps: complaints,")
    # (0.5 + 0.25) / 2 = 0.375 -> 38 %, over 2 processes
    assert "38% alike on average over 2 processes" in lines["consistent"]
    assert lines["most_varied"] == "least alike: complaints (25%)"
    assert process_figures(variation.iloc[:0]) == {}


def test_record_lines_weigh_each_keepers_completeness_by_their_clients():
    completeness = pd.DataFrame({"clients": [3, 1], "completeness": [0.5, 1.0]})
    lines = record_figures(["email", "phone"], completeness)
    assert lines["template"] == "an agreed template of 2 fields: email, phone"
    # (3 * 0.5 + 1 * 1.0) / 4 = 0.625 -> 62 % (round half to even)
    assert lines["completeness"] == (
        "client records hold 62% of the agreed fields on average (4 clients)"
    )
    assert record_figures([], None) == {
        "template": "no record template is agreed in the toolkit yet"
    }


def test_every_line_says_the_date_its_figures_are_as_of():
    assert dated({"template": "no template"}, dt.date(2026, 10, 3)) == {
        "template": "no template (as of 3 October 2026)"
    }
