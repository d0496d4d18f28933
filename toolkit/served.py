"""What ``retention serve`` (:mod:`toolkit.serve`) and the app kernels it starts agree on:
the environment variables it sets in each kernel, the chart mode they select, and the
names of the files it serves.

A module of constants only, so the kernels' side (the apps, the chart widget, the key
check) reads them without importing the server and its Voila configuration.
"""

#: The members' app, opened with a personal link.
PARTICIPANT_APP = "participant.ipynb"
#: The personal page's tabs: the ``tab`` argument of its address -> the tab's title. A
#: personal link without ``tab`` opens the kernel-free month page (:mod:`toolkit.month_page`);
#: with one (``?key=...&tab=exercises``), the full page, a Voila app, on that tab.
PARTICIPANT_TABS = {
    "this-month": "This month",
    "exercises": "Exercises",
    "commitments": "Commitments",
    "hot-seat": "Hot seat",
    "progress": "My progress",
    "group": "Group",
}
#: The personal page's own arguments besides who it is for: the tab it opens on, and
#: ``form=open`` to open the month's targets form at once (the month page's "full form").
PAGE_ARGUMENTS = ("tab", "form")
#: Environment variable telling the kernels how to draw charts, and its value under serve.
CHARTS_ENV = "TOOLKIT_CHARTS"
IFRAME_CHARTS = "iframe"
#: plotly.js inside the served notebooks folder (copied by ``serve.place_plotly_js``).
PLOTLY_JS = "static/plotly.min.js"
#: Environment variable set to "1" in the kernels of ``retention serve`` (apps then show
#: what only makes sense under the server, such as the coach's "Log out" link).
SERVED_ENV = "TOOLKIT_SERVED"
#: Environment variable set to "1" in the kernels once the server checked the exercise
#: files: the kernels then load them without the JSON Schema (about 2 s of CPU and 15 MB
#: each). Restart the server after editing exercise files.
EXERCISES_CHECKED_ENV = "TOOLKIT_EXERCISES_CHECKED"
