"""Twenty writers at once on one workspace, on SQLite and on PostgreSQL: nothing lost, and
how many rows a second they write together.

Each writer is a thread with a workspace of its own (as each app page's kernel has); the
workload is :mod:`tests.store.concurrency`: answers saved (each writer to its own firm and
to one firm all share), a race of every writer for one answer's version (one must win),
and CSV imports of clients into one shared firm. PostgreSQL runs on a throw-away database
of the server in ``TOOLKIT_TEST_POSTGRES`` (``.ci/start-postgres`` starts Debian's one).

    TOOLKIT_TEST_POSTGRES=postgresql+psycopg://... \\
        .venv/bin/python benchmarks/store_concurrency_bench.py [--writers 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.postgres import ENV, PostgresServer
from tests.store.concurrency import (
    import_clients,
    race_for_one_version,
    save_answers,
)
from toolkit.exercises import load_all


def measure(location: str | Path, folder: Path, writers: int, answers: int, clients: int) -> None:
    """Run the three workloads on one fresh workspace and print a line for each."""
    exercise = load_all()["abandonment-audit"]
    saved = save_answers(location, exercise, writers, answers)
    print(
        f"  answers: {saved.found}/{saved.written} kept, {saved.per_second:,.0f} a second "
        f"({saved.seconds:.2f} s)"
    )
    print(f"  race for one version: {race_for_one_version(location, exercise, writers)} accepted")
    imported = import_clients(location, folder, writers, clients)
    print(
        f"  imported clients: {imported.found}/{imported.written} kept, "
        f"{imported.per_second:,.0f} a second ({imported.seconds:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--answers", type=int, default=25, help="answers per writer and firm")
    parser.add_argument("--clients", type=int, default=200, help="clients per writer's file")
    args = parser.parse_args()
    sizes = (args.writers, args.answers, args.clients)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        print(f"SQLite, {args.writers} writers:")
        measure(folder / "workspace", folder, *sizes)
        url = os.environ.get(ENV)
        if not url:
            print(f"PostgreSQL: skipped, {ENV} is not set")
            return
        server = PostgresServer(url)
        database = server.create()
        try:
            print(f"PostgreSQL, {args.writers} writers:")
            # The URL in the variable, so the workspace's folder (its imports) is the temporary one.
            os.environ["TOOLKIT_DATABASE_URL"] = server.url_of(database)
            measure(folder / "postgresql", folder, *sizes)
        finally:
            server.drop(database)
            server.close()


if __name__ == "__main__":
    main()
