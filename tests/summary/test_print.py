"""The demo summary printed by a real Chromium on A4: it fits the page's width, takes a
few pages, and looks the same with scripts switched off."""

from __future__ import annotations

import re

import pytest

from toolkit.summary import render_summary

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: A4's printable width at 96 px per inch, inside the stylesheet's 12 mm side margins.
A4_CONTENT_PX = (210 - 2 * 12) / 25.4 * 96


@pytest.fixture
def printed(browser, demo_summary, tmp_path):
    """A page showing the demo summary as printed, with JavaScript off."""
    path = tmp_path / "summary.html"
    path.write_text(render_summary(demo_summary), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    yield page
    context.close()


def test_printed_summary_fits_a4(printed):
    pdf = printed.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 4, f"{pages} pages"
    printed.set_viewport_size({"width": int(A4_CONTENT_PX), "height": 1000})
    rights = "[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right)"
    widest = printed.evaluate(f"Math.max(...{rights})")
    assert widest <= A4_CONTENT_PX + 1, "nothing runs off the printed page"


def test_charts_show_without_scripts(printed):
    sizes = printed.evaluate(
        "[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(sizes) == 3 and all(height > 50 for height in sizes)
