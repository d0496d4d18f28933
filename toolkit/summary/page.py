"""The session summary as one self-contained HTML page: no script, no file or host it
loads, charts as inline SVG, a print stylesheet for A4 in black and white.

Rendering is string building from the data (milliseconds), so the coach app can offer
the page at once instead of starting a kernel to run a notebook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd

from toolkit.summary.content import Chart, SessionSummary
from toolkit.summary.svg import chart_svg, score_bars

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2937; max-width: 860px; margin: 0 auto; padding: 16px; font-size: 14px;
  line-height: 1.4; }
h1 { font-size: 1.6em; margin: 0; }
h2 { font-size: 1.15em; margin: 18px 0 6px; border-bottom: 2px solid #0f4c5c; }
.muted { color: #4b5563; }
.notes { white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid #d1d5db; text-align: left;
  vertical-align: top; }
th { background: #f3f4f6; }
ul { margin: 4px 0; padding-left: 20px; }
svg.tk-svg { width: 100%; height: auto; display: block; }
@media screen and (max-width: 600px) {
  body { padding: 8px; }
  table { font-size: 12px; display: block; overflow-x: auto; }
  th, td { padding: 3px 4px; hyphens: auto; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; border-bottom-color: #000; }
  section, table, figure, svg { break-inside: avoid; page-break-inside: avoid; }
  section.charts { break-before: page; page-break-before: always; }
  th { background: none; border-bottom: 1.5pt solid #000; }
  .muted { color: #333; }
}
"""


def render_summary(summary: SessionSummary) -> str:
    """``summary`` as a complete HTML document (UTF-8 text), in page order: notes,
    decisions (only when the session took any), new commitments, exercise scores before
    and after, highlights, what to import next (a thin workspace), tables, then the
    charts on a page of their own when printed."""
    when = f"{summary.session_on:%-d %B %Y}"
    context = f" · {escape(summary.context)}" if summary.context else ""
    sections = [
        f'<header><h1>{escape(summary.participant)}</h1><p class="muted">Session of '
        f"{when}{context}</p></header>",
        _section("Notes", _notes(summary.notes)),
    ]
    if _lines(summary.decisions):
        sections.append(_section("Decisions", _items(summary.decisions)))
    sections += [
        _section("New commitments", _commitments(summary.commitments)),
        _section("Exercise scores", _scores(summary)),
    ]
    if summary.highlights:
        sections.append(_section("Highlights", _items(summary.highlights)))
    if summary.imports:
        sections.append(_section("To import next", _imports(summary.imports)))
    sections += [_section(title, _table(frame)) for title, frame in summary.tables.items()]
    if summary.charts:
        charts = "".join(_figure(title, figure) for title, figure in summary.charts.items())
        sections.append(f'<section class="charts"><h2>Charts</h2>{charts}</section>')
    title = escape(f"Session summary: {summary.participant}, {when}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"{''.join(sections)}</body></html>\n"
    )


def _figure(title: str, chart: Chart) -> str:
    """A chart as inline SVG, captioned with ``title`` when the chart has none."""
    caption = "" if chart.title else f"<figcaption>{escape(title)}</figcaption>"
    return f"<figure>{chart_svg(chart)}{caption}</figure>"


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>"


def _notes(notes: str) -> str:
    if not notes.strip():
        return '<p class="muted">No notes taken.</p>'
    return f'<p class="notes">{escape(notes.strip())}</p>'


def _lines(items: Sequence[str]) -> list[str]:
    """The non-blank ``items`` as text."""
    return [str(item) for item in items if str(item).strip()]


def _items(items: Sequence[str]) -> str:
    """The non-blank ``items`` as a bulleted list."""
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in _lines(items)) + "</ul>"


def _imports(imports: Mapping[str, str]) -> str:
    """Each missing kind of data and the command that imports it."""
    rows = "".join(
        f"<li>{escape(what)}: <code>{escape(how)}</code></li>" for what, how in imports.items()
    )
    return f'<p class="muted">These sections say more once you import:</p><ul>{rows}</ul>'


def _commitments(frame: pd.DataFrame) -> str:
    if frame.empty:
        return '<p class="muted">No new commitments.</p>'
    rows = frame.assign(due_on=frame["due_on"].map(day_text))[["text", "due_on"]]
    return _table(rows.rename(columns={"text": "Commitment", "due_on": "Due"}))


def day_text(value: object) -> str:
    """A date as '5 Mar 2027' ('' when missing), as every date in the summary reads."""
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%-d %b %Y}"


def _scores(summary: SessionSummary) -> str:
    if not summary.scores:
        return '<p class="muted">No exercise completed yet.</p>'
    rows = pd.DataFrame(
        {
            "Exercise": [
                f"{s.exercise}: {s.measure[:1].lower()}{s.measure[1:]}" if s.measure else s.exercise
                for s in summary.scores
            ],
            "Before": [s.was for s in summary.scores],
            "Now": [s.now for s in summary.scores],
            "Scale": [s.scale for s in summary.scores],
            "Reading": [s.reading for s in summary.scores],
        }
    )
    return score_bars(summary.scores) + _table(rows)


def _table(frame: pd.DataFrame) -> str:
    """A DataFrame as a plain escaped table (no index); an empty one says so."""
    if frame.empty:
        return '<p class="muted">Nothing to show.</p>'
    return frame.to_html(index=False, escape=True, na_rep="", border=0)
