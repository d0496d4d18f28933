"""Concurrent writers lose nothing, on SQLite and on PostgreSQL (the ``backend`` fixture).

Six writers here, to fit CI; ``benchmarks/store_concurrency_bench.py`` runs twenty.
"""

from __future__ import annotations

from tests.store.concurrency import import_clients, race_for_one_version, save_answers

WRITERS = 6


def test_answers_saved_at_once_are_all_kept(tmp_path, exercises):
    run = save_answers(tmp_path, exercises["abandonment-audit"], WRITERS, each=5)
    assert run.written == 2 * 6 * 5
    assert run.found == 60


def test_of_writers_based_on_the_same_version_exactly_one_is_accepted(tmp_path, exercises):
    assert race_for_one_version(tmp_path, exercises["abandonment-audit"], WRITERS) == 1


def test_imports_into_one_firm_at_once_keep_every_client(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    run = import_clients(tmp_path / "workspace", folder, WRITERS, each=40)
    assert run.found == run.written == 6 * 40


def test_one_file_imported_by_every_writer_at_once_is_imported_once(tmp_path):
    """Each import keeps its rejects in a file of its own while it runs (they once shared
    one, and all but the first import failed when it was moved into place)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    run = import_clients(tmp_path / "workspace", folder, WRITERS, each=40, same_file=True)
    assert run.found == run.written == 40
