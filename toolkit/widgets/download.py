"""A file offered for download from a page: a link whose address holds the file itself
(a ``data:`` URL), so a Voila page can hand over a summary, a calendar file or an export
without a download route on the server (which would be one more path to keep private).
"""

from __future__ import annotations

import base64
from html import escape


def download_link(name: str, content: bytes | str, mime: str, label: str) -> str:
    """HTML of a link that saves ``content`` as the file ``name`` when clicked.

    ``content`` as text is encoded as UTF-8; ``mime`` is its type (``text/html``,
    ``text/calendar``, ``text/csv``). Styled as the toolkit's badge so it reads as a
    button on a phone too.
    """
    data = content.encode() if isinstance(content, str) else content
    encoded = base64.b64encode(data).decode()
    return (
        f'<a download="{escape(name)}" href="data:{escape(mime)};base64,{encoded}" '
        f'class="tk-badge done">{escape(label)}</a>'
    )


def mail_link(url: str, label: str) -> str:
    """HTML of a ``mailto:`` link (see :func:`toolkit.reminders.mailto`) that opens the
    visitor's own mail program."""
    return f'<a href="{escape(url)}" class="tk-badge" target="_blank">{escape(label)}</a>'
