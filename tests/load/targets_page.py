"""A member's targets, driven the way people type: on the full personal page (Voila) with
the targets form open, or on the month page the personal link opens (``month=True``).

Also keeps a log of every text the form's status line showed (a MutationObserver in the
page), so a test can tell "Saved" that came after a change from a "Saved" left over from
before it.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PAGE_TIMEOUT_MS
from tests.load.outcomes import stored_once
from tests.load.script import Step

#: The status line of the full page's form, and of the month page.
STATUS = ".tk-save-status"
MONTH_STATUS = "#status"
SAVED = re.compile(r"^\s*Saved\b")
RETRYING = "Not saved yet: retrying"
CONFLICT = "Changed in another window: reload to see the latest"
#: Milliseconds between two keys typed one by one.
KEY_DELAY_MS = 40
#: Milliseconds a test waits for the server to shut a kernel down (it goes on without).
SHUTDOWN_TIMEOUT_MS = 5_000
#: Records each new text of the status line in ``window.tkStatus``.
STATUS_LOG = """(selector) => {
  window.tkStatus = [];
  const note = () => {
    const element = document.querySelector(selector);
    const text = element ? element.textContent.trim() : null;
    const log = window.tkStatus;
    if (text !== null && log[log.length - 1] !== text) { log.push(text); }
  };
  note();
  new MutationObserver(note).observe(document.body,
    {subtree: true, childList: true, characterData: true});
}"""
#: True once the status log shows a save that started after entry ``since`` and ended.
SAVED_SINCE = """([since, saved]) => {
  const log = window.tkStatus.slice(since);
  return log.length > 1 && log.some(t => !t.startsWith(saved))
    && log[log.length - 1].startsWith(saved);
}"""


class TargetsPage:
    """One member's page in its own browser context."""

    def __init__(
        self,
        page: Page,
        base_url: str,
        workspace: Path,
        participant_id: str,
        month: bool = False,
    ) -> None:
        self.page = page
        self.month = month
        self.base_url = base_url
        self.workspace = workspace
        self.participant_id = participant_id
        self.focused: int | None = None
        page.set_default_timeout(PAGE_TIMEOUT_MS)

    def navigate(self, link: str) -> None:
        """Start loading ``link`` without waiting (many pages can load at once)."""
        self.page.evaluate("link => { window.location.href = link; }", link)

    def ready(self) -> None:
        """Wait for the page (and on the full page open the targets form), then start
        logging the status line."""
        if self.month:
            self.page.locator("body[data-ready='1']").wait_for(timeout=PAGE_TIMEOUT_MS)
        else:
            self.page.locator(".tk-page .tk-header").wait_for(timeout=PAGE_TIMEOUT_MS)
            self.page.get_by_role("button", name="Tick or edit my targets").click()
            self.box(6).wait_for(timeout=PAGE_TIMEOUT_MS)
        self.page.evaluate(STATUS_LOG, self.status_selector)

    # --- the form ---------------------------------------------------------------------

    def box(self, target: int) -> Locator:
        return self.page.get_by_placeholder(f"target {target}", exact=True)

    def tick_box(self, target: int) -> Locator:
        """The checkbox on the target's line (the nearest one around its text box)."""
        return self.box(target).locator(
            "xpath=ancestor::*[.//input[@type='checkbox']][1]//input[@type='checkbox']"
        )

    @property
    def status_selector(self) -> str:
        return MONTH_STATUS if self.month else STATUS

    @property
    def status(self) -> Locator:
        return self.page.locator(self.status_selector)

    def boxes(self) -> list[str]:
        return [self.box(n).input_value() for n in range(1, 7)]

    def ticks(self) -> list[bool]:
        return [self.tick_box(n).is_checked() for n in range(1, 7)]

    # --- typing -----------------------------------------------------------------------

    def focus(self, target: int) -> None:
        """Put the caret at the end of the target's box (clicking it first if needed)."""
        if self.focused != target:
            self.box(target).click()
            self.focused = target
        self.page.keyboard.press("End")

    def clear(self, target: int) -> None:
        """Empty the target's box (select all, Backspace) and leave the caret in it."""
        self.focus(target)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Backspace")

    def write(self, target: int, text: str) -> None:
        """Replace the target's text by ``text`` (one input event) and wait until the
        database has it (the test's starting point; asserted, so a save that never comes
        fails here)."""
        if self.box(target).input_value() != text:
            self.clear(target)
            self.page.keyboard.insert_text(text)
        wanted = text.strip()
        stored = stored_once(
            self.workspace, self.participant_id, lambda t: t[target - 1].text == wanted
        )
        assert stored[target - 1].text == wanted

    def paste(self, target: int, text: str) -> None:
        """Paste ``text`` with Ctrl+V from the clipboard, as a person pastes a sentence."""
        self.focus(target)
        self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
        self.page.keyboard.press("Control+V")

    def do(self, step: Step) -> None:
        """Carry out one scripted step on the page."""
        keyboard = self.page.keyboard
        if step.kind == "tick":
            self.tick_box(step.target).click()
            self.focused = None
            return
        if step.kind == "paste":
            self.paste(step.target, step.text)
            return
        self.focus(step.target)
        if step.kind == "backspace":
            for _ in range(step.count):
                keyboard.press("Backspace")
        elif step.kind == "type":
            keyboard.type(step.text, delay=KEY_DELAY_MS)
        else:  # "complete": a phone keyboard's word completion, one input event
            keyboard.insert_text(step.text)

    # --- saving -----------------------------------------------------------------------

    def status_log(self) -> list[str]:
        return self.page.evaluate("() => window.tkStatus")

    def expect_saved(self, timeout_ms: float = 30_000) -> None:
        expect(self.status).to_have_text(SAVED, timeout=timeout_ms)

    def wait_saved_since(self, since: int, timeout_ms: float = 30_000) -> None:
        """Wait until a save that began after status-log entry ``since`` has ended."""
        self.page.wait_for_function(SAVED_SINCE, arg=[since, "Saved"], timeout=timeout_ms)

    # --- the kernel -------------------------------------------------------------------

    @property
    def kernel_id(self) -> str | None:
        """The id of the page's kernel (None before the page has loaded)."""
        config = self.page.evaluate(
            "() => document.getElementById('jupyter-config-data')?.textContent ?? null"
        )
        return json.loads(config)["kernelId"] if config else None

    def shut_down_kernel(self) -> None:
        """Ask the server to shut the page's kernel down (as culling would)."""
        api = self.page.context.request
        api.get(f"{self.base_url}/login")  # sets the _xsrf cookie a DELETE must echo
        cookies = self.page.context.cookies()
        xsrf = next(c["value"] for c in cookies if c["name"] == "_xsrf")
        api.delete(
            f"{self.base_url}/api/kernels/{self.kernel_id}",
            headers={"X-XSRFToken": xsrf},
            timeout=SHUTDOWN_TIMEOUT_MS,
        )

    def close(self) -> None:
        """Shut the kernel down (if the server still runs) and close the page."""
        with contextlib.suppress(PlaywrightError):  # the server is gone: nothing to free
            if self.kernel_id is not None:
                self.shut_down_kernel()
        self.page.close()
