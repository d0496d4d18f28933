"""The `retention` command, run as users run it: through its entry point."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from toolkit.cli import app, main
from toolkit.serve import free_port
from toolkit.store import Workspace, coach_password, schema, views
from toolkit.store.participants import add_participant, participant_for_key

#: The commands run through the console script's entry point (:func:`toolkit.cli.main`) in
#: this process, their output and exit status kept as a process's would be; what only a
#: process of its own shows (a traceback, a password read from standard input, a port
#: refused) runs in one (:func:`in_a_process`, about a second each: marked slow).
VERBS = [
    [],
    ["init"],
    ["demo"],
    ["import"],
    ["export"],
    ["serve"],
    ["participants"],
    ["participants", "add"],
    ["participants", "list"],
    ["participants", "rotate-key"],
    ["participants", "as-of"],
    ["exercises"],
    ["exercises", "check"],
    ["report"],
]


def options(workspace) -> list[str]:
    return ["--workspace", str(workspace)] if workspace is not None else []


def retention(*args, workspace=None, check: bool = True) -> subprocess.CompletedProcess:
    """``retention [--workspace workspace] *args`` through :func:`toolkit.cli.main`: what
    it printed to standard output and error, and the status it exits with."""
    argv = [*options(workspace), *map(str, args)]
    stdout, stderr = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            main(argv)
        except SystemExit as exit_:
            code = exit_.code
    result = subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())
    if check:
        assert result.returncode == 0, result.stderr
    return result


def in_a_process(*args, workspace=None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m toolkit.cli [--workspace workspace] *args`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit.cli", *options(workspace), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: " ".join(v) or "retention")
def test_every_verb_explains_itself(verb):
    """In this process (the help is the same; the other tests run the command's own)."""
    result = CliRunner().invoke(app, [*verb, "--help"], prog_name="retention")
    assert result.exit_code == 0, result.output
    assert "Usage: retention" in result.stdout
    description = result.stdout.split("\n\n")[1].strip()
    assert len(description) > 20, result.stdout


@pytest.mark.usefixtures("backend")  # and on PostgreSQL (tests/postgres.py)
def test_coach_workflow_from_an_empty_workspace(tmp_path):
    ws = tmp_path / "ws"
    retention("init", workspace=ws)
    retention("participants", "add", "Northfield Engineering", "--id", "northfield", workspace=ws)
    team = tmp_path / "team.csv"
    team.write_text("member_id,name,role\nm1,Ann Lee,engineer\nm2,Bo Park,sales\n")
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "client_id,name,owner_id,acquired_on\n"
        "c1,Acme Pumps,m1,2024-01-31\n"
        "c2,Bright Water,m9,2024-02-30\n"
    )
    assert "2 team row(s) imported" in retention("import", "team", team, workspace=ws).stdout
    result = retention("import", "clients", clients, "--participant", "northfield", workspace=ws)
    assert "1 clients row(s) imported, 1 set aside, 0 with a warning" in result.stdout
    listed = retention("participants", "list", workspace=ws).stdout
    assert "northfield" in listed
    link = retention("participants", "rotate-key", "northfield", workspace=ws).stdout
    assert "participant.ipynb?key=" in link
    out = tmp_path / "out" / "clients.xlsx"
    assert "wrote 1 row(s)" in retention("export", "clients", out, workspace=ws).stdout
    assert pd.read_excel(out)["client_id"].tolist() == ["c1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "clients", "missing.csv"], "no such file"),
        (["import", "gadgets", "missing.csv"], "unknown kind of record 'gadgets'"),
        (["export", "secrets", "x.csv"], "unknown table 'secrets'"),
        (["export", "clients", "x.pdf"], "export writes .csv or .xlsx"),
        (["participants", "rotate-key", "ghost"], "unknown participant 'ghost'"),
        (["participants", "as-of", "ghost"], "unknown participant 'ghost'"),
        (["participants", "as-of", "ghost", "2026-11-30", "--clear"], "a DATE or --clear"),
        (["report", "ghost"], "ghost"),
    ],
)
def test_bad_input_gives_one_line_and_a_non_zero_exit(tmp_path, args, message):
    result = retention(*args, workspace=tmp_path, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_debug_shows_the_traceback(tmp_path):
    result = in_a_process("--debug", "export", "secrets", "x.csv", workspace=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_unknown_option_is_a_usage_error(tmp_path):
    result = retention("init", "--colour", workspace=tmp_path, check=False)
    assert result.returncode == 2
    assert "No such option" in result.stderr


@pytest.mark.usefixtures("backend")  # and on PostgreSQL (tests/postgres.py)
def test_demo_prints_working_personal_links_and_refuses_a_second_run(tmp_path):
    result = retention("demo", "--participants", "2", "--clients", "30", workspace=tmp_path)
    keys = [line.split("?key=")[1] for line in result.stdout.splitlines() if "?key=" in line]
    assert len(keys) == 2
    ws = Workspace.open(tmp_path)
    owners = {participant_for_key(ws, key) for key in keys}
    members = ws.table("participants").query("role == 'member'")["participant_id"]
    assert owners == set(members)
    again = retention("demo", workspace=tmp_path, check=False)
    assert again.returncode == 1
    assert "already has participants" in again.stderr


def test_a_demo_on_postgresql_holds_the_rows_of_a_demo_on_sqlite(
    tmp_path, postgres_database, monkeypatch
):
    """The same seed gives the same rows on both backends: every table's count."""
    counts = {}
    for backend in ("postgresql", "sqlite"):
        if backend == "sqlite":
            monkeypatch.delenv("TOOLKIT_DATABASE_URL")
        retention("demo", "--participants", "2", "--clients", "30", workspace=tmp_path / backend)
        with Workspace.open(tmp_path / backend) as ws:
            counts[backend] = {name: len(ws.table(name)) for name in schema.metadata.tables}
    assert counts["postgresql"]["clients"] >= 2 * 30  # 30 a firm, and the leads won since
    assert counts["postgresql"] == counts["sqlite"]


def test_demo_keys_are_kept_only_as_hashes_and_never_exported(tmp_path):
    result = retention("demo", "--participants", "2", "--clients", "20", workspace=tmp_path)
    keys = [line.split("?key=")[1] for line in result.stdout.splitlines() if "?key=" in line]
    with Workspace.open(tmp_path) as ws:
        settings = ws.table("settings")
        hashes = ws.table("participants")["access_key_hash"].dropna().tolist()
    assert len(keys) == len(hashes) == 2
    stored = " ".join(settings["value"])
    assert not any(key in stored for key in keys)
    out = tmp_path / "settings.csv"
    retention("export", "settings", out, workspace=tmp_path)
    exported = out.read_text(encoding="utf-8")
    assert "as_of" in exported
    assert not any(secret in exported for secret in [*keys, *hashes])


def test_serve_shows_the_apps_and_how_to_make_a_link_but_no_link(tmp_path, monkeypatch):
    """Run in this process, with Voila replaced by a stand-in, to read what is printed
    before the server starts."""
    retention("demo", "--clients", "20", workspace=tmp_path)
    started = []
    monkeypatch.setattr("toolkit.serve.serve", started.append)
    port = free_port()
    result = CliRunner().invoke(app, ["--workspace", str(tmp_path), "serve", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert [options.port for options in started] == [port]
    assert f"http://127.0.0.1:{port}/voila/render/coach_session.ipynb" in result.output
    assert "`retention participants rotate-key ID` makes a new one" in result.output
    assert "?key=" not in result.output


def test_a_participants_as_of_date_is_shown_set_and_cleared(tmp_path):
    retention("demo", "--participants", "2", "--clients", "20", workspace=tmp_path)
    shown = retention("participants", "as-of", "northfield", workspace=tmp_path).stdout
    assert shown.strip() == "northfield: data as of 2026-10-31 (the workspace's date)"
    result = retention("participants", "as-of", "northfield", "2026-11-30", workspace=tmp_path)
    assert result.stdout.strip() == "northfield: data as of 2026-11-30 (their own date)"
    with Workspace.open(tmp_path) as ws:
        assert (ws.as_of("northfield"), ws.as_of("kestrel")) == (
            dt.date(2026, 11, 30),
            dt.date(2026, 10, 31),
        )
    retention("participants", "as-of", "northfield", "--clear", workspace=tmp_path)
    with Workspace.open(tmp_path) as ws:
        assert ws.setting("as_of:northfield") is None
        assert ws.as_of("northfield") == dt.date(2026, 10, 31)


def test_a_firms_settings_are_shown_set_and_cleared(tmp_path):
    with Workspace.open(tmp_path) as ws:
        add_participant(ws, "Ana Works", "ana")
    shown = retention("participants", "settings", "ana", workspace=tmp_path).stdout
    assert "ana core industries: not set" in shown
    retention(
        "participants",
        "settings",
        "ana",
        "--core-industries",
        " Utilities, mining,,",
        workspace=tmp_path,
    )
    with Workspace.open(tmp_path) as ws:
        assert views.firm_data(ws, "ana").core_industries == ["Utilities", "mining"]
    retention("participants", "settings", "ana", "--core-industries", "", workspace=tmp_path)
    with Workspace.open(tmp_path) as ws:
        assert views.firm_data(ws, "ana").core_industries == []


def test_an_as_of_date_must_be_written_year_month_day(tmp_path):
    retention("init", workspace=tmp_path)
    result = retention("participants", "as-of", "x", "30.11.2026", workspace=tmp_path, check=False)
    assert result.returncode == 2
    assert "does not match the formats '%Y-%m-%d'" in result.stderr


def test_exercises_check_passes_on_the_shipped_files():
    result = retention("exercises", "check")
    assert "no problems" in result.stdout


def test_exercises_check_reports_file_and_line_and_fails(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: x\n  title: [unclosed\n")
    result = retention("exercises", "check", str(tmp_path), check=False)
    assert result.returncode == 1
    assert f"{broken}:" in result.stdout
    assert "1 problem(s) in 1 exercise file(s)" in result.stdout


@pytest.mark.slow
def test_serve_refuses_a_port_in_use_before_printing_links(tmp_path):
    retention("init", workspace=tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = in_a_process("serve", "--port", port, workspace=tmp_path)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert "apps:" not in result.stdout


@pytest.mark.slow
def test_the_coach_password_is_read_from_standard_input_and_stored_as_a_hash(tmp_path):
    ws = tmp_path / "ws"

    short = in_a_process("coach", "set-password", workspace=ws, stdin="short\n")
    done = in_a_process("coach", "set-password", workspace=ws, stdin="a long coach password\n")

    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert done.returncode == 0, done.stderr
    with Workspace.open(ws) as opened:
        stored = opened.setting(coach_password.SETTING)
        assert stored.startswith("$argon2id$") and "a long coach password" not in stored
        assert coach_password.verify(opened, "a long coach password")
        assert not coach_password.verify(opened, "a long coach passwore")


CDNOW_EXCERPT = Path(__file__).parent / "store" / "files" / "cdnow-master-first-300-lines.txt"
CDNOW_COLUMNS = ["--columns", "client_id,occurred_on,quantity,amount"]


def test_a_purchase_log_imports_in_one_command_per_table(tmp_path):
    ws = tmp_path / "ws"
    retention("init", workspace=ws)
    retention("participants", "add", "CD shop", "--id", "cd", workspace=ws)

    early = retention(
        "import", "transactions", CDNOW_EXCERPT, *CDNOW_COLUMNS, workspace=ws, check=False
    )
    made = retention(
        "import", "clients", CDNOW_EXCERPT, "--from-transactions", *CDNOW_COLUMNS, workspace=ws
    )
    again = retention(
        "import", "clients", "--from-transactions", CDNOW_EXCERPT, *CDNOW_COLUMNS, workspace=ws
    )
    purchases = retention("import", "transactions", CDNOW_EXCERPT, *CDNOW_COLUMNS, workspace=ws)

    assert early.returncode == 1
    assert "first rows set aside:\n  line 2, client_id: unknown client '00001'" in early.stdout
    assert f"`retention import clients --from-transactions {CDNOW_EXCERPT}`" in early.stdout
    assert "name 76 client(s): 76 created, 0 already in the workspace" in made.stdout
    assert "0 created, 76 already in the workspace (left as they were)" in again.stdout
    assert "299 transactions row(s) imported, 0 set aside" in purchases.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--delimiter", "ab"], "unknown delimiter 'ab'"),
        (["--widths", "6,x"], "give whole numbers above 0"),
        (["--columns", "a,,b"], "name every column"),
        (["--delimiter", "tab", "--widths", "4,4"], "either widths"),
        (["--from-transactions"], "--from-transactions makes clients"),
    ],
)
def test_bad_reading_options_give_one_line_and_a_non_zero_exit(tmp_path, options, message):
    result = retention(
        "import", "transactions", CDNOW_EXCERPT, *options, workspace=tmp_path, check=False
    )

    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
