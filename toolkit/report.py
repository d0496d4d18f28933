"""The one-page session summary of a participant, as a standalone HTML file.

:func:`build_report` runs ``notebooks/report.ipynb`` with papermill (parameters
``workspace`` and ``participant_id``) and exports the executed notebook without code
with nbconvert. The notebook itself only calls :func:`show_summary`, which displays the
sections: scores, the client map, audit highlights and commitments. The file embeds
plotly.js once and loads nothing from other hosts (:data:`OFFLINE_TEMPLATE`), so it opens
offline and nobody outside learns that it was opened. Like every file the workspace keeps,
it is readable by its owner only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

from toolkit.apps.analyses import FirmAnalyses
from toolkit.charts import client_map_bubble
from toolkit.errors import ToolkitError
from toolkit.exercises import Exercise, load_all
from toolkit.serve import NOTEBOOKS
from toolkit.store import Workspace, views
from toolkit.store.private import open_private, private_folder
from toolkit.widgets.frame_table import table_html

REPORT_NOTEBOOK = NOTEBOOKS / "report.ipynb"
#: Rows of each highlight list in the summary (it must stay one page).
TOP = 5
#: Height (px) of the client map in the summary: the page column's width, one printed page.
CHART_HEIGHT = 340
#: nbconvert's lab page without the scripts it fetches from public CDNs: require.js (the
#: inline plotly.js draws without it), MathJax (no formulas here) and mermaid (no diagrams).
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
STYLE = """
<style>
.tk-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2937; max-width: 980px; margin: 0 auto; font-size: 14px; }
.tk-report h1 { font-size: 1.6em; margin: 0; }
.tk-report h2 { font-size: 1.15em; margin: 14px 0 6px; border-bottom: 2px solid #0f4c5c; }
.tk-report .tk-muted { color: #6b7280; }
.tk-report table.tk-table { border-collapse: collapse; width: 100%; table-layout: auto; }
.tk-report table.tk-table th, .tk-report table.tk-table td { padding: 3px 8px;
  border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top;
  max-width: none; white-space: normal; }
.tk-report table.tk-table th { background: #f3f4f6; }
.tk-report table.tk-table .tk-num { text-align: right; }
.tk-report ul { margin: 4px 0; padding-left: 20px; }
.tk-report .tk-chart { width: 100%; }
.jp-Notebook, body.jp-Notebook { padding: 12px; }
.jp-Cell { padding: 0; }
.jp-OutputArea-output { overflow: visible; }
@media print {
  @page { size: A4; margin: 12mm; }
  .tk-report { max-width: none; font-size: 12px; }
  .tk-report h2 { break-after: avoid; }
  .tk-report table, .tk-report .tk-chart { break-inside: avoid; }
}
</style>
"""


def summary_sections(ws: Workspace, participant_id: str) -> list[str]:
    """The summary as HTML parts, in page order (the client map is a plotly chart with
    plotly.js embedded). Raises :class:`ToolkitError` for an unknown participant."""
    me = views.profile(ws, participant_id)
    exercises = load_all()
    firm = views.firm_data(ws, participant_id)
    analyses = FirmAnalyses(firm)
    group = f"{escape(me.group_name)} · " if me.group_name else ""
    note = f'<p class="tk-muted">{escape(firm.left_out_note)}</p>' if firm.left_out_note else ""
    parts = [
        (
            f'{STYLE}<div class="tk-report"><h1>{escape(me.display_name)}</h1>'
            f'<p class="tk-muted">Session summary · {group}data as of {firm.as_of:%-d %B %Y}</p>'
            f"{note}</div>"
        )
    ]
    latest = views.latest_results(ws, [participant_id])
    known = latest["exercise_id"].isin(list(exercises))
    latest = latest.assign(
        title=latest["exercise_id"].map(lambda i: exercises[i].title if i in exercises else i),
        band=[
            _band_label(exercises[e], b) if k else b
            for e, b, k in zip(latest["exercise_id"], latest["band"], known, strict=True)
        ],
    )
    parts.append(
        '<div class="tk-report"><h2>Exercise scores</h2>'
        + table_html(
            latest,
            {"title": "Exercise", "period": "Period", "total": "Score", "band": "Reading"},
            {"total": ".3g"},
            empty="No exercise completed yet.",
        )
        + "</div>"
    )
    parts.append(_client_map(analyses))
    parts.append(_audit_highlights(analyses))
    parts.append(_commitments(ws, participant_id))
    return parts


def _client_map(analyses: FirmAnalyses) -> str:
    """The client map as an inline chart, under what it lacks; or, when it cannot be drawn,
    what to import first."""
    missing = analyses.map_missing
    shown = missing.html() if missing.tables else ""
    if not missing:
        figure = client_map_bubble(analyses.client_map, title="")
        figure.update_layout(height=CHART_HEIGHT, autosize=True, width=None, margin_t=40)
        chart = figure.to_html(
            full_html=False,
            include_plotlyjs=True,
            default_width="100%",
            default_height=f"{CHART_HEIGHT}px",
            config={"responsive": True, "displaylogo": False},
        )
        shown += f'<div class="tk-chart">{chart}</div>'
    return f'<div class="tk-report"><h2>Client-base map</h2>{shown}</div>'


def _band_label(exercise: Exercise, band_id: str) -> str:
    """The reader's words for a stored band id (the id itself when the band is gone)."""
    return next((band.label for band in exercise.bands if band.id == band_id), band_id)


#: The audits the summary highlights, in page order.
AUDITS = ("attention_gaps", "point_person_coverage", "process_variation", "record_completeness")


def _audit_highlights(analyses: FirmAnalyses) -> str:
    """One line per audit the firm's data allows, then what to import for the others."""
    # Without an agreed template, completeness is not measured at all.
    audits = AUDITS if analyses.firm.record_template else AUDITS[:-1]
    shown = [a for a in audits if not analyses.lacks(a)]
    items = [line for audit in shown if (line := HIGHLIGHTS[audit](analyses))]
    missing = analyses.lacks(
        *(a for a in audits if a not in shown),
        intro="The audit says more once you import:",
    )
    listed = f"<ul>{''.join(items)}</ul>" if items else ""
    panel = missing.html() if missing else ""
    return f'<div class="tk-report"><h2>Audit highlights</h2>{listed}{panel}</div>'


def _neglected(analyses: FirmAnalyses) -> str:
    gaps = analyses.attention_gaps
    neglected = gaps[gaps["neglected"]]
    names = escape(", ".join(neglected["name"].head(TOP).astype(str)))
    return (
        f"<li><b>{len(neglected)}</b> valuable clients have waited at least twice as long as "
        f"they deserve for a real contact{': ' + names if len(neglected) else ''}.</li>"
    )


def _coverage(analyses: FirmAnalyses) -> str:
    coverage = analyses.coverage
    flagged = coverage[coverage["no_owner"] | coverage["owner_absent"] | coverage["scattered"]]
    return (
        f"<li><b>{len(flagged)}</b> of {len(coverage)} active clients lack a consistent "
        "point-person.</li>"
    )


def _variation(analyses: FirmAnalyses) -> str:
    variation = analyses.process_variation.dropna(subset=["similarity"])
    if variation.empty:
        return ""
    worst = variation.iloc[0]
    return (
        f"<li>The least consistent process is <b>{escape(str(worst['process']))}</b>: "
        f"{worst['similarity']:.0%} alike across {int(worst['members'])} people.</li>"
    )


def _completeness(analyses: FirmAnalyses) -> str:
    keepers = analyses.completeness_by_member
    if keepers.empty:
        return ""
    low = keepers.iloc[0]
    return (
        f"<li>Least complete client records: kept by <b>{escape(str(low['keeper']))}</b>"
        f" ({low['completeness']:.0%} of the agreed fields).</li>"
    )


#: Each audit's line in the summary ('' when it has nothing to say).
HIGHLIGHTS: dict[str, Callable[[FirmAnalyses], str]] = {
    "attention_gaps": _neglected,
    "point_person_coverage": _coverage,
    "process_variation": _variation,
    "record_completeness": _completeness,
}


def _commitments(ws: Workspace, participant_id: str) -> str:
    frame = views.commitments_with_checkins(ws, participant_id)
    open_ones = frame[frame["status"] == "open"].sort_values("due_on")
    table = table_html(
        open_ones,
        {"text": "Commitment", "due_on": "Due", "last_note": "Latest note"},
        empty="No open commitments.",
    )
    done = int((frame["status"] == "done").sum())
    return (
        f'<div class="tk-report"><h2>Commitments</h2><p>{len(open_ones)} open, {done} done so '
        f"far.</p>{table}</div>"
    )


def show_summary(workspace: str | os.PathLike[str] | None, participant_id: str | None) -> None:
    """Display the summary in a notebook (``None``: the environment's workspace, and the
    first member by name)."""
    from IPython.display import HTML, display

    with Workspace.open(workspace) as ws:
        if participant_id is None:
            people = views.members(ws)
            if people.empty:
                raise ToolkitError("the workspace has no participants to summarise")
            participant_id = people["participant_id"].iloc[0]
        for html in summary_sections(ws, participant_id):
            display(HTML(html))


def build_report(
    ws_dir: str | os.PathLike[str], participant_id: str, out: str | os.PathLike[str] | None = None
) -> Path:
    """Write the session summary of ``participant_id`` to ``out`` (default
    ``<workspace>/reports/<id>-<as_of>.html``) and return its path."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    with Workspace.open(ws_dir) as ws:
        me = views.profile(ws, participant_id)
        as_of = ws.as_of(participant_id)
        target = Path(out) if out else ws.reports_dir / f"{participant_id}-{as_of}.html"
    private_folder(target.parent)
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / "report.ipynb"
        papermill.execute_notebook(
            str(REPORT_NOTEBOOK),
            str(executed),
            parameters={"workspace": str(Path(ws_dir).resolve()), "participant_id": participant_id},
            progress_bar=False,
            cwd=tmp,
        )
        notebook = nbformat.read(executed, as_version=4)
    # The kernel's widget models (made by importing the toolkit; the summary shows none)
    # would make the page fetch a widget manager from a CDN.
    notebook.metadata.pop("widgets", None)
    exporter = HTMLExporter(
        template_name="lab",
        raw_template=OFFLINE_TEMPLATE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources = {"metadata": {"name": f"Session summary: {me.display_name}"}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    with open_private(target, encoding="utf-8") as file:
        file.write(body)
    return target
