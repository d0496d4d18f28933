"""Migrations run from an empty database and from an older head with data in it.

``test_workspace.py`` checks that the head matches ``schema.py``; here each revision that
rebuilds a table is run over rows, so an upgrade never loses what a workspace held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from toolkit.store import Workspace
from toolkit.store.workspace import _alembic_config, _sqlite_pragmas

MEETING_TABLES = {"meetings", "attendance", "hot_seats"}


@pytest.fixture
def engine(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """An empty database with no schema yet: a SQLite file with the workspace's pragmas
    (foreign keys on), or an empty PostgreSQL database, which ``Workspace.open(tmp_path)``
    then opens too."""
    if backend == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'workspace.db'}")
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        postgres = request.getfixturevalue("postgres")
        empty = postgres.create(migrated=False)
        engine = sa.create_engine(postgres.url_of(empty))
        request.getfixturevalue("monkeypatch").setenv(
            "TOOLKIT_DATABASE_URL", postgres.url_of(empty)
        )
        request.addfinalizer(lambda: postgres.drop(empty))
    yield engine
    engine.dispose()


def migrate_to(engine: sa.Engine, revision: str, direction: str = "upgrade") -> None:
    with engine.begin() as connection:
        getattr(command, direction)(_alembic_config(connection), revision)


def tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_an_empty_database_goes_up_to_the_meetings_and_back(engine):
    migrate_to(engine, "head")
    assert tables(engine) >= MEETING_TABLES
    columns = {c["name"] for c in sa.inspect(engine).get_columns("commitments")}
    assert "meeting_id" in columns
    migrate_to(engine, "0004", "downgrade")
    assert not MEETING_TABLES & tables(engine)
    assert "meeting_id" not in {c["name"] for c in sa.inspect(engine).get_columns("commitments")}


def test_revision_0005_keeps_commitments_and_their_checkins(engine, tmp_path):
    """Adding commitments.meeting_id rebuilds the table on SQLite; the check-ins, which
    cascade from it, survive, and the old commitments belong to no meeting."""
    migrate_to(engine, "0004")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO groups VALUES ('thursday', 'Thursday mastermind')")
        connection.exec_driver_sql(
            "INSERT INTO participants (participant_id, display_name, role, group_id, created_at)"
            " VALUES ('ana', 'Ana Works', 'member', 'thursday', '2026-01-01 09:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO commitments (participant_id, text, status, created_at) VALUES"
            " ('ana', 'Call the three lapsed clients', 'done', '2026-09-01 10:00:00'),"
            " ('ana', 'Write the onboarding checklist', 'open', '2026-09-02 10:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO checkins (commitment_id, at, status, note) VALUES"
            " (1, '2026-09-10 17:00:00', 'done', 'Two of three booked'),"
            " (2, '2026-09-11 17:00:00', 'open', NULL)"
        )
    engine.dispose()
    ws = Workspace.open(tmp_path)
    commitments = ws.table("commitments")
    assert commitments["text"].tolist() == [
        "Call the three lapsed clients",
        "Write the onboarding checklist",
    ]
    assert commitments["meeting_id"].isna().all()
    checkins = ws.table("checkins")
    assert checkins[["commitment_id", "status", "note"]].values.tolist() == [
        [1, "done", "Two of three booked"],
        [2, "open", None],
    ]
    assert checkins["at"].tolist() == [dt.datetime(2026, 9, 10, 17), dt.datetime(2026, 9, 11, 17)]
    for name in MEETING_TABLES:
        assert ws.table(name).empty, name
    ws.close()


def test_a_deleted_meeting_leaves_its_commitments_without_a_meeting(tmp_path):
    ws = Workspace.open(tmp_path)
    ws.upsert("groups", [{"group_id": "g", "name": "G"}])
    ws.upsert(
        "participants",
        [
            {
                "participant_id": "ana",
                "display_name": "Ana",
                "role": "member",
                "group_id": "g",
                "created_at": dt.datetime(2026, 1, 1),
            }
        ],
    )
    ws.upsert("meetings", [{"group_id": "g", "meeting_id": "g-1", "held_on": dt.date(2026, 10, 8)}])
    ws.upsert("attendance", [{"meeting_id": "g-1", "participant_id": "ana"}])
    ws.upsert(
        "commitments",
        [
            {
                "participant_id": "ana",
                "text": "Ask two clients for a referral",
                "status": "open",
                "created_at": dt.datetime(2026, 10, 8, 19),
                "meeting_id": "g-1",
            }
        ],
    )
    with ws.connect() as connection:
        connection.exec_driver_sql("DELETE FROM meetings WHERE meeting_id = 'g-1'")
    assert ws.table("attendance").empty
    assert ws.table("commitments")["meeting_id"].isna().tolist() == [True]
    ws.close()


def test_revision_0004_forgets_the_demo_keys_and_keeps_the_other_settings(engine, tmp_path):
    """A workspace really at 0003 (not a newer one stamped back, which would run 0005
    over tables it already has) loses the ``demo_keys`` setting older demos kept."""
    migrate_to(engine, "0003")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO settings VALUES ('demo_keys', '{\"northfield\": \"a-key-in-clear\"}'),"
            " ('as_of', '2026-10-31')"
        )
    engine.dispose()
    ws = Workspace.open(tmp_path)
    assert ws.setting("demo_keys") is None
    assert ws.setting("as_of") == "2026-10-31"
    ws.close()


def test_revision_0006_keeps_the_results_as_about_the_whole_business(engine, tmp_path):
    """Adding results.subject to the primary key rebuilds the table on SQLite: the rows
    survive with subject "", and a client's result of the same day is a row of its own."""
    migrate_to(engine, "0005")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO participants (participant_id, display_name, role, created_at)"
            " VALUES ('ana', 'Ana Works', 'member', '2026-01-01 09:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO results (participant_id, exercise_id, period, exercise_version,"
            " scored_at, total, band, sections, answers) VALUES"
            " ('ana', 'retention-plan', '2026-09-01', 2, '2026-09-01 10:00:00', 3.5,"
            " 'workable', '{\"promise\": 3.5}', '{\"why\": \"growth\"}')"
        )
    engine.dispose()
    ws = Workspace.open(tmp_path)
    (kept,) = ws.table("results").itertuples()
    assert (kept.subject, kept.total, kept.sections) == ("", 3.5, {"promise": 3.5})
    row = {**ws.table("results").iloc[0].to_dict(), "subject": "kiln", "total": 4.0}
    ws.upsert("results", [row])
    assert ws.table("results").sort_values("subject")["total"].tolist() == [3.5, 4.0]
    ws.close()
