"""The personal page's first view without a kernel: this month's targets, editable.

A member's personal link (``/voila/render/participant.ipynb?key=...``) opens this page.
The full personal page is a Voila app whose browser side (JupyterLab's widget front end,
about 5 MB of scripts) costs a phone or laptop about two CPU seconds to start, and a
kernel on the server; when a whole mastermind group opens its links at once, that is the
wait. What members do at a meeting is tick and edit their six monthly targets, so that is
what this page does, as plain HTML the server renders from the store and a small script:

- :mod:`toolkit.month_page.targets`: what the page shows (:func:`month_view`) and saving a
  posted checklist (:func:`save_targets`): text normalised on the server (the box keeps what
  was typed), saved on the version the page last saw and merged with another window's
  save line by line (:mod:`toolkit.answer_saving`), the score stored when complete.
- :mod:`toolkit.month_page.render`: the page's HTML, with its styles and script inlined
  (one request).
- :mod:`toolkit.month_page.handlers`: the page for a valid key, and ``POST``
  :data:`SAVE_PATH`, where the script saves (the key in the body is the credential).

The other tabs link to the full page on that tab (``&tab=exercises``,
:data:`toolkit.served.PARTICIPANT_TABS`).
"""

from __future__ import annotations

#: Where the page's script saves the targets.
SAVE_PATH = "/voila/month/save"
