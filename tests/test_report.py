"""The one-page session summary written by ``build_report`` and ``retention report``:
no kernel, a small file that names the participant and nobody else, holds the session's
notes and new commitments, loads nothing from other hosts and is readable by its owner
only; a thin participant's summary names the imports it lacks."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from html import escape

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.thin import AS_OF, STATES, display_name, make_thin
from toolkit import cli
from toolkit.demo import create_demo
from toolkit.errors import ToolkitError
from toolkit.report import build_report
from toolkit.store import Workspace, coaching, views
from toolkit.widgets.missing import command

#: An address on a host: http://, https:// or protocol-relative //host.
ADDRESS = re.compile(r"(?:https?:)?//[\w.-]+")
#: The SVG namespace: a name, not an address anything is loaded from.
XMLNS = re.compile(r'xmlns(?::\w+)?="http://www\.w3\.org/[\w/]+"')
NOTE = "Talked through the <neglected> accounts & agreed a call list."
PROMISE = "Call the five longest-waiting clients"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A demo workspace where Northfield had a session on its as-of date: notes and one
    commitment made that day."""
    directory = tmp_path_factory.mktemp("report-workspace")
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=3, clients=30)
        day = ws.as_of("northfield")
        views.add_session(ws, day, NOTE, participant_id="northfield")
        made = dt.datetime.combine(day, dt.time(10))
        coaching.add_commitment(ws, "northfield", PROMISE, day + dt.timedelta(days=14), at=made)
    return directory


@pytest.fixture(scope="module")
def summary_file(demo_dir, tmp_path_factory):
    """Northfield's session summary, written once to a file of the caller's choosing."""
    out = tmp_path_factory.mktemp("summary") / "summary.html"
    assert build_report(demo_dir, "northfield", out) == out
    return out


def test_the_summary_is_small_and_names_the_participant_and_nobody_else(summary_file):
    html = summary_file.read_text(encoding="utf-8")
    assert summary_file.stat().st_size < 1_000_000
    assert "<title>Session summary: Northfield Engineering" in html
    assert "<h1>Northfield Engineering</h1>" in html
    assert "Kestrel Automation" not in html
    assert "Traceback" not in html and "<script" not in html


def test_the_summary_holds_the_sessions_notes_and_commitments(summary_file):
    html = summary_file.read_text(encoding="utf-8")
    assert escape(NOTE) in html
    assert escape(PROMISE) in html


def test_the_summary_covers_scores_highlights_charts_and_open_commitments(summary_file):
    html = summary_file.read_text(encoding="utf-8")
    for heading in (
        "Exercise scores",
        "Highlights",
        "Charts",
        "Open commitments from earlier sessions",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "point-person" in html
    assert "<svg" in html  # the client map, drawn without a script


def test_unknown_participant_fails_before_writing_anything(demo_dir, tmp_path):
    with pytest.raises(ToolkitError, match="unknown participant"):
        build_report(demo_dir, "nobody", tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def test_the_file_loads_nothing_from_other_hosts(summary_file):
    """No script, style sheet or image from elsewhere: the file opens offline and no
    other host learns that it was opened (tests/browser/test_report.py watches a browser
    open it)."""
    html = summary_file.read_text(encoding="utf-8")
    assert "<svg" in html
    assert ADDRESS.findall(XMLNS.sub("", html)) == []


def test_default_file_goes_to_the_workspace_reports_folder_readable_by_its_owner_only(
    permissive_umask, demo_dir
):
    out = build_report(demo_dir, "kestrel")
    assert out == demo_dir / "reports" / "kestrel-2026-10-31.html"
    assert out.is_file()
    assert out.parent.stat().st_mode & 0o777 == 0o700
    assert out.stat().st_mode & 0o777 == 0o600


def test_retention_report_prints_the_path_on_its_last_line(demo_dir, tmp_path):
    out = tmp_path / "cli.html"
    result = CliRunner().invoke(
        cli.app, ["--workspace", str(demo_dir), "report", "kestrel", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith(str(out))
    assert "Kestrel Automation" in out.read_text(encoding="utf-8")


def test_the_summary_is_as_of_the_participants_date_and_says_what_it_leaves_out(tmp_path):
    with Workspace.open(tmp_path) as ws:
        create_demo(ws, participants=1, clients=20)
        deal = {"transaction_id": ["T-2027"], "client_id": ["C0001"], "amount": [900]}
        ws.write("transactions", pd.DataFrame(deal).assign(occurred_on="2027-02-01"), "northfield")
        ws.set_as_of("northfield", dt.date(2026, 11, 30))
    html = build_report(tmp_path, "northfield").read_text(encoding="utf-8")
    assert "data as of 30 November 2026" in html
    assert "Left out of these figures: 1 transaction dated after 30 November 2026" in html


#: Runs ``retention`` as its console script does, then lists the loaded modules.
RUN_AND_LIST = (
    "import json, sys\n"
    "from toolkit.cli import app\n"
    "app(args=sys.argv[1:], prog_name='retention', standalone_mode=False)\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)
#: What a kernel-free summary has no use for: widgets, plotly's figures, the server.
UNNEEDED = ("ipywidgets", "plotly.graph_objects", "voila", "jsonschema")


@pytest.mark.slow  # end to end: the command twice, each in an interpreter of its own
def test_retention_report_loads_no_widgets_plotly_or_server(demo_dir, tmp_path, monkeypatch):
    """The command's speed comes from what it does not import (timings are measured in
    benchmarks/summary_bench.py, not here). The exercise files' schema check is cached
    after the first run, so the second run needs no jsonschema either."""
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    command = [sys.executable, "-c", RUN_AND_LIST, "--workspace", str(demo_dir), "report"]
    for run in range(2):
        out = tmp_path / f"run{run}.html"
        done = subprocess.run(
            [*command, "northfield", "--out", str(out)], capture_output=True, text=True, check=True
        )
        *printed, modules = done.stdout.strip().splitlines()
        assert printed[-1].endswith(str(out)) and out.is_file()
    loaded = [m for m in json.loads(modules) if m.startswith(UNNEEDED)]
    assert loaded == []


@pytest.fixture(scope="module")
def thin_dir(tmp_path_factory):
    return make_thin(tmp_path_factory.mktemp("thin-report"))


@pytest.mark.parametrize("state", list(STATES))
def test_a_thin_summary_says_what_to_import_instead_of_each_missing_section(
    thin_dir, state, tmp_path
):
    html = build_report(thin_dir, state, tmp_path / "thin.html").read_text(encoding="utf-8")
    assert f"<h1>{escape(display_name(state))}</h1>" in html
    assert f"data as of {AS_OF:%-d %B %Y}" in html
    for heading in ("Exercise scores", "Open commitments from earlier sessions"):
        assert f"<h2>{heading}</h2>" in html
    for table in ("clients", "transactions", "interactions", "team"):
        wanted = f"{escape(command(table, state))}</code>"
        assert (wanted in html) == (table not in STATES[state]), table
    drawn = "clients" in STATES[state] and {"transactions", "interactions"} & set(STATES[state])
    assert ("<h2>Charts</h2>" in html) == bool(drawn)


@pytest.mark.slow
@pytest.mark.parametrize("state", list(STATES))
def test_retention_report_writes_a_thin_participants_summary(thin_dir, state, tmp_path):
    """``retention report ID`` on each thin participant: a file, no traceback."""
    out = tmp_path / f"{state}.html"
    result = CliRunner().invoke(
        cli.app, ["--workspace", str(thin_dir), "report", state, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert f"Session summary: {escape(display_name(state))}" in html
    assert "Traceback" not in html
    if "interactions" not in STATES[state]:
        assert escape(command("interactions", state)) in html
