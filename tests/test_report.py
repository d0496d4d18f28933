"""The one-page session summary: papermill runs the report notebook, nbconvert drops the
code, and the file names the participant and nobody else, loads nothing from other hosts
and is readable by its owner only."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.thin import STATES, display_name, make_thin
from toolkit import cli
from toolkit.demo import create_demo
from toolkit.errors import ToolkitError
from toolkit.report import build_report, summary_sections
from toolkit.store import Workspace
from toolkit.widgets.missing import command

#: The inline plotly.js: its code names sites of its own (map tiles, fonts, a logo link)
#: that only kinds of chart the summary never draws would fetch.
PLOTLY_JS = re.compile(r"<script>/\*\*\n\* plotly\.js v.*?</script>", re.S)
#: Comments of the style sheets and scripts, which credit their sources with addresses.
COMMENT = re.compile(r"/\*.*?\*/", re.S)
#: An address on a host: http://, https:// or protocol-relative //host.
ADDRESS = re.compile(r"(?:https?:)?//[\w.-]+")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("report-workspace")
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=3, clients=30)
    return directory


@pytest.fixture(scope="module")
def summary_file(demo_dir, tmp_path_factory):
    """Northfield's session summary, written once to a file of the caller's choosing."""
    out = tmp_path_factory.mktemp("summary") / "summary.html"
    assert build_report(demo_dir, "northfield", out) == out
    return out


def test_sections_cover_scores_map_audit_and_commitments(demo_dir):
    with Workspace.open(demo_dir) as ws:
        parts = summary_sections(ws, "kestrel")
    text = " ".join(parts)
    assert "Kestrel Automation" in text
    for heading in ("Exercise scores", "Client-base map", "Audit highlights", "Commitments"):
        assert f"<h2>{heading}</h2>" in text
    assert "Northfield Engineering" not in text


def test_unknown_participant_fails_before_running_anything(demo_dir, tmp_path):
    with pytest.raises(ToolkitError, match="unknown participant"):
        build_report(demo_dir, "nobody", tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.slow
def test_report_file_is_standalone_html_without_code(summary_file):
    html = summary_file.read_text(encoding="utf-8")
    assert "<title>Session summary: Northfield Engineering</title>" in html
    assert "show_summary" not in html and "participant_id =" not in html  # no code
    assert "Traceback" not in html
    assert re.search(r"plotly\.js v\d", html)  # the chart works offline
    assert "Kestrel Automation" not in html


@pytest.mark.slow
def test_the_file_loads_nothing_from_other_hosts(summary_file):
    """No require.js, MathJax, mermaid or widget manager from a CDN: the file opens offline
    and no other host learns that it was opened (tests/browser/test_report.py watches a
    browser open it)."""
    html = summary_file.read_text(encoding="utf-8")
    assert len(PLOTLY_JS.findall(html)) == 1
    rest = COMMENT.sub("", PLOTLY_JS.sub("", html))
    assert ADDRESS.findall(rest) == []


@pytest.mark.slow
def test_default_file_goes_to_the_workspace_reports_folder_readable_by_its_owner_only(
    permissive_umask, demo_dir
):
    out = build_report(demo_dir, "kestrel")
    assert out == demo_dir / "reports" / "kestrel-2026-10-31.html"
    assert out.is_file()
    assert out.parent.stat().st_mode & 0o777 == 0o700
    assert out.stat().st_mode & 0o777 == 0o600


def test_the_summary_is_as_of_the_participants_date_and_says_what_it_leaves_out(tmp_path):
    with Workspace.open(tmp_path) as ws:
        create_demo(ws, participants=1, clients=20)
        deal = {"transaction_id": ["T-2027"], "client_id": ["C0001"], "amount": [900]}
        ws.write("transactions", pd.DataFrame(deal).assign(occurred_on="2027-02-01"), "northfield")
        ws.set_as_of("northfield", dt.date(2026, 11, 30))
        text = " ".join(summary_sections(ws, "northfield"))
    assert "data as of 30 November 2026" in text
    assert "Left out of these figures: 1 transaction dated after 30 November 2026" in text


@pytest.fixture(scope="module")
def thin_dir(tmp_path_factory):
    return make_thin(tmp_path_factory.mktemp("thin-report"))


@pytest.mark.parametrize("state", list(STATES))
def test_a_thin_summary_says_what_to_import_instead_of_each_missing_section(thin_dir, state):
    with Workspace.open(thin_dir) as ws:
        text = " ".join(summary_sections(ws, state))
    for heading in ("Exercise scores", "Client-base map", "Audit highlights", "Commitments"):
        assert f"<h2>{heading}</h2>" in text
    for table in ("clients", "transactions", "interactions", "team"):
        wanted = f"{escape(command(table, state))}</code>"
        assert (wanted in text) == (table not in STATES[state]), table
    drawn = "clients" in STATES[state] and {"transactions", "interactions"} & set(STATES[state])
    assert bool(re.search(r"plotly\.js v\d", text)) == bool(drawn)


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
    assert f"Session summary: {display_name(state)}" in html
    assert "Traceback" not in html
    if "interactions" not in STATES[state]:
        assert escape(command("interactions", state)) in html
