"""The one-page session summary: papermill runs the report notebook, nbconvert drops the
code, and the file names the participant and nobody else."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from toolkit.demo import create_demo
from toolkit.errors import ToolkitError
from toolkit.report import build_report, summary_sections
from toolkit.store import Workspace


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("report-workspace")
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=3, clients=30)
    return directory


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
def test_report_file_is_standalone_html_without_code(demo_dir, tmp_path):
    out = build_report(demo_dir, "northfield", tmp_path / "summary.html")
    html = out.read_text(encoding="utf-8")
    assert out == tmp_path / "summary.html"
    assert "<title>Session summary: Northfield Engineering</title>" in html
    assert "show_summary" not in html and "participant_id =" not in html  # no code
    assert "Traceback" not in html
    assert re.search(r"plotly\.js v\d", html)  # the chart works offline
    assert "Kestrel Automation" not in html


@pytest.mark.slow
def test_default_file_goes_to_the_workspace_reports_folder(demo_dir):
    out = build_report(demo_dir, "kestrel")
    assert out == demo_dir / "reports" / "kestrel-2026-10-31.html"
    assert out.is_file()


def test_the_summary_is_as_of_the_participants_date_and_says_what_it_leaves_out(tmp_path):
    with Workspace.open(tmp_path) as ws:
        create_demo(ws, participants=1, clients=20)
        deal = {"transaction_id": ["T-2027"], "client_id": ["C0001"], "amount": [900]}
        ws.write("transactions", pd.DataFrame(deal).assign(occurred_on="2027-02-01"), "northfield")
        ws.set_as_of("northfield", dt.date(2026, 11, 30))
        text = " ".join(summary_sections(ws, "northfield"))
    assert "data as of 30 November 2026" in text
    assert "Left out of these figures: 1 transaction dated after 30 November 2026" in text
