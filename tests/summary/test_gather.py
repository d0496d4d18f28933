"""What the summary gathers from the workspace: each score beside the one before it, the
day's notes and commitments, the report's highlights as plain sentences."""

from __future__ import annotations

import stat

import pandas as pd
import pytest

from tests.summary.conftest import DECISIONS, NEW_COMMITMENT
from toolkit.exercises import load_all
from toolkit.store import Workspace
from toolkit.summary import render_summary, write_summary
from toolkit.summary.gather import score_changes


def results(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["exercise_id", "period", "total", "band"])


def test_latest_score_beside_the_one_before():
    frame = results(
        [
            ("abandonment-audit", "2026-09", 4.5, "dependable"),
            ("abandonment-audit", "2026-03", 2.0, "abandoned"),
            ("abandonment-audit", "2026-06", 3.0, "patchy"),
            ("excuse-audit", "2026-06", 40.0, "x"),
            ("retired-exercise", "2026-06", 1.0, "x"),
        ]
    )
    exercises = load_all()
    changes = {c.exercise: c for c in score_changes(frame, exercises)}
    audit = changes[exercises["abandonment-audit"].title]
    assert (audit.before, audit.after) == (3.0, 4.5), "the two latest periods, in order"
    labels = {band.id: band.label for band in exercises["abandonment-audit"].bands}
    assert audit.reading == labels["dependable"], "the latest band, in the reader's words"
    assert (audit.low, audit.high) == (
        exercises["abandonment-audit"].min,
        exercises["abandonment-audit"].max,
    )
    excuses = changes[exercises["excuse-audit"].title]
    assert excuses.before is None and excuses.after == 40.0
    assert excuses.higher_is_better == exercises["excuse-audit"].higher_is_better
    assert excuses.scale == "0-100 % of invoiced revenue, lower is better", "the file's words"
    assert excuses.measure == "Revenue given away"
    assert len(changes) == 2, "an exercise no longer shipped is left out"


def test_an_exercise_answered_per_client_has_a_score_per_client():
    frame = results(
        [
            ("retention-plan", "2026-06", 2.0, "x"),
            ("retention-plan", "2026-09", 3.5, "x"),
            ("retention-plan", "2026-09", 4.0, "x"),
            ("retention-plan", "2026-10", 4.5, "x"),
        ]
    ).assign(subject=["C1", "C1", "C2", "C9"])
    exercises = load_all()
    title = exercises["retention-plan"].title
    changes = score_changes(frame, exercises, {"C1": "Kiln Foods", "C2": "Alder Ltd"})
    assert [(c.exercise, c.before, c.after) for c in changes] == [
        (f"{title}: Kiln Foods", 2.0, 3.5),
        (f"{title}: Alder Ltd", None, 4.0),
        (f"{title}: C9", None, 4.5),
    ], "never one client's score beside another's; an unknown client by its id"


@pytest.mark.slow
def test_the_session_day_gives_notes_and_new_commitments(demo_summary):
    assert demo_summary.notes.strip(), "the stored notes of that day's session"
    assert demo_summary.commitments["text"].to_list() == [NEW_COMMITMENT]
    earlier = demo_summary.tables["Open commitments from earlier sessions"]
    assert NEW_COMMITMENT not in earlier["Commitment"].to_list()
    assert list(demo_summary.decisions) == DECISIONS


@pytest.mark.slow
def test_every_score_has_its_scale_and_direction(demo_summary):
    assert demo_summary.scores
    for score in demo_summary.scores:
        assert score.scale.startswith(f"{score.low:g}-{score.high:g}")
        better = "higher is better" if score.higher_is_better else "lower is better"
        assert score.scale.endswith(better), score.scale


@pytest.mark.slow
def test_highlights_are_plain_sentences(demo_summary):
    assert demo_summary.highlights
    assert not any("<" in line or "&amp;" in line for line in demo_summary.highlights)
    assert any("point-person" in line for line in demo_summary.highlights)
    assert set(demo_summary.charts) == {"Client-base map", "Clients waiting longest"}


@pytest.mark.slow
@pytest.mark.usefixtures("permissive_umask")
def test_write_summary_keeps_the_page_private_in_reports(demo_session, demo_summary):
    with Workspace.open(demo_session.directory) as ws:
        path = write_summary(ws, demo_session.member, demo_summary)
        assert path == ws.reports_dir / f"{demo_session.member}-{demo_session.day}.html"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == render_summary(demo_summary)
