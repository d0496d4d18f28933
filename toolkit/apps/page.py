"""The frame every app shares: a header naming whose page it is, a line for friendly
messages, the body, and the style sheet that makes it read well from 390 px up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import traitlets

from toolkit.apps.errors import guarded
from toolkit.served import SERVED_ENV
from toolkit.widgets.layouts import FULL

#: Colours and sizes of the apps. Widths are relative, so the page reflows on a phone;
#: tab bars wrap instead of hiding tabs; on a phone tables drop their optional columns and
#: wrap long words (a table still too wide scrolls sideways inside its card).
STYLE = """
<style>
.tk-page { width: 100%; max-width: 1160px; margin: 0 auto; box-sizing: border-box;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2937; font-size: 15px; }
.tk-page * { box-sizing: border-box; }
body.jp-Notebook .jp-Cell { padding: 2px 8px; }
body.jp-Notebook .jp-OutputArea-output { margin-left: 0; width: 100%; }
.tk-page > .widget-html { margin: 0 0 4px 0; }
.tk-page .jupyter-widgets { max-width: 100%; }
.tk-page .widget-tab, .tk-page .jupyter-widget-tab, .tk-page .widget-vbox { margin-left: 0;
  margin-right: 0; }
.tk-header { background: #0f4c5c; color: #fff; padding: 14px 20px; border-radius: 8px;
  margin-bottom: 8px; }
.tk-header h1 { margin: 0; font-size: 1.6em; line-height: 1.25; color: #fff;
  overflow-wrap: anywhere; }
.tk-header p { margin: 4px 0 0; opacity: 0.9; }
.tk-header { position: relative; }
.tk-logout { position: absolute; top: 12px; right: 16px; z-index: 1; color: #fff;
  font-size: 0.9em; text-decoration: underline; }
.tk-app-name { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8em;
  opacity: 0.85; margin: 0 0 2px; }
.tk-alert { background: #fff7ed; border-left: 4px solid #d97706; padding: 8px 12px;
  border-radius: 4px; margin: 4px 0; }
.tk-info { background: #eff6ff; border-left: 4px solid #2563eb; padding: 8px 12px;
  border-radius: 4px; margin: 4px 0; }
.tk-card { border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px;
  margin: 8px 0; background: #fff; width: 100%; }
.tk-card h3, .tk-page h3 { margin: 4px 0 8px; font-size: 1.15em; }
.tk-muted { color: #6b7280; font-size: 0.9em; }
.tk-table-wrap { overflow-x: auto; width: 100%; }
table.tk-table { border-collapse: collapse; width: 100%; font-size: 14px; }
table.tk-table th { background: #f3f4f6; font-weight: 600; }
table.tk-table th, table.tk-table td { padding: 5px 8px; border-bottom: 1px solid #e5e7eb;
  text-align: left; vertical-align: top; }
table.tk-table td.tk-num, table.tk-table th.tk-num { text-align: right;
  font-variant-numeric: tabular-nums; }
.tk-badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.85em;
  background: #e5e7eb; }
.tk-badge.open { background: #dbeafe; } .tk-badge.done { background: #d1fae5; }
.tk-badge.dropped { background: #f3f4f6; color: #6b7280; }
.tk-badge.overdue { background: #fee2e2; }
.tk-page .widget-tab > .lm-TabBar, .tk-page .jupyter-widget-tab > .lm-TabBar {
  height: auto; min-height: 0; overflow: visible; }
.tk-page .lm-TabBar-content { flex-wrap: wrap; }
.tk-page .lm-TabBar-tab { flex: 0 0 auto !important; min-width: 0 !important;
  max-width: none !important; }
.tk-page .widget-tab > .widget-tab-contents,
.tk-page .jupyter-widget-tab > .widget-tab-contents { padding: 10px 6px; overflow: visible; }
.tk-page .widget-label { min-width: 0; }
/* ipywidgets gives controls 2 px side margins; at width 100% they overran their box and
   were clipped at its edge. Boxes space the controls here. */
.tk-page .widget-inline-hbox { margin-left: 0; margin-right: 0; }
.tk-page .js-plotly-plot, .tk-page .plot-container { max-width: 100%; }
.tk-chart .jp-OutputArea, .tk-chart .jp-OutputArea-child,
.tk-chart .jp-RenderedPlotly { height: 100%; }
ul.tk-targets { list-style: none; padding-left: 0; margin: 4px 0 10px; }
ul.tk-targets li { padding: 3px 0; } ul.tk-targets li.done { color: #047857; }
.tk-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
@media (max-width: 640px) {
  .tk-page { font-size: 14px; }
  .tk-header { padding: 10px 12px; }
  .tk-header h1 { font-size: 1.25em; }
  .tk-card { padding: 8px; }
  .tk-page .widget-tab > .widget-tab-contents,
  .tk-page .jupyter-widget-tab > .widget-tab-contents { padding: 8px 4px; }
  table.tk-table { font-size: 13px; }
  table.tk-table th, table.tk-table td { padding: 4px 5px; }
  /* Long values may break anywhere; column headings only between words. */
  table.tk-table td { overflow-wrap: anywhere; }
  table.tk-table .tk-opt { display: none; }
}
</style>
"""


def html(text: str, css_class: str = "") -> widgets.HTML:
    """An HTML widget taking the full width (``text`` is trusted markup)."""
    widget = widgets.HTML(text, layout=FULL)
    if css_class:
        widget.add_class(css_class)
    return widget


def card(title: str, *children: widgets.Widget, intro: str = "") -> widgets.VBox:
    """A bordered section with a heading, an optional plain-text intro and its widgets."""
    intro_html = f'<p class="tk-muted">{escape(intro)}</p>' if intro else ""
    box = widgets.VBox([html(f"<h3>{escape(title)}</h3>{intro_html}"), *children], layout=FULL)
    box.add_class("tk-card")
    return box


def info(text: str) -> widgets.HTML:
    """A blue note, e.g. why a figure is hidden (plain text, escaped)."""
    return html(f'<div class="tk-info">{escape(text)}</div>')


class LazyTabs(widgets.Tab):
    """Tabs whose pages are built the first time they are opened, so an app shows its
    first tab (``first``, an index) quickly. A page that fails to build shows the friendly
    message instead.

    ``built`` lists the titles built so far.
    """

    built: traitlets.List[str] = traitlets.List()

    def __init__(
        self,
        builders: dict[str, Callable[[], widgets.Widget]],
        tell: Callable[[str], None],
        first: int = 0,
    ) -> None:
        self.builders = builders
        self.tell = tell
        slots = [widgets.VBox(layout=FULL) for _ in builders]
        super().__init__(children=slots, layout=FULL)
        self.titles = tuple(builders)
        self.observe(self._opened, "selected_index")
        self.select(first)

    def _opened(self, change: dict) -> None:
        if change["new"] is not None:
            self.select(change["new"])

    def select(self, index: int) -> None:
        """Build page ``index`` unless it is built already, and select it."""
        title = self.titles[index]
        if title not in self.built:
            build = guarded(self.tell, f"opening '{title}'")(self.builders[title])
            content = build()
            if content is not None:
                self.children[index].children = [content]
                self.built = [*self.built, title]
        self.selected_index = index


class Page(widgets.VBox):
    """An app page: header, message line, body. ``show`` swaps the body's content.

    A page of an app that needs the coach's login (``COACH_ONLY``) shows a "Log out" link
    in its header when ``retention serve`` serves it.
    """

    COACH_ONLY = False

    def __init__(self, app_name: str) -> None:
        self.app_name = app_name
        self.header = html("")
        self.notice = html("")
        self.body = widgets.VBox(layout=FULL)
        super().__init__([html(STYLE), self.header, self.notice, self.body], layout=FULL)
        self.add_class("tk-page")
        self.set_header("Client Retention Toolkit", "Opening the page...")

    def set_header(self, title: str, subtitle: str = "") -> None:
        """Name whose page this is (a participant, a firm or a group) in large type."""
        sub = f"<p>{escape(subtitle)}</p>" if subtitle else ""
        served = os.environ.get(SERVED_ENV) == "1"
        logout = (
            '<a class="tk-logout" href="/logout">Log out</a>' if self.COACH_ONLY and served else ""
        )
        self.header.value = (
            f'<header class="tk-header">{logout}'
            f'<p class="tk-app-name">{escape(self.app_name)}</p>'
            f"<h1>{escape(title)}</h1>{sub}</header>"
        )

    def show(self, *children: widgets.Widget) -> None:
        """Replace the body with ``children`` and clear any message."""
        self.clear_alert()
        self.body.children = children

    def alert(self, message: str) -> None:
        """Show a friendly message above the body (plain text, escaped)."""
        self.notice.value = f'<div class="tk-alert" role="alert">{escape(message)}</div>'

    def clear_alert(self) -> None:
        self.notice.value = ""
