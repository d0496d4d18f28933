"""A member's kernel stays small: the participant app's first tab imports no heavy library.

Built in a fresh interpreter, as in a served kernel (exercise files checked by the server
already): the app on the demo workspace, a
member's key accepted and the "This month" tab drawn. pandas, plotly, the analytics and
the like are imported only when a later tab or the targets form needs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from toolkit.served import EXERCISES_CHECKED_ENV

HEAVY = (
    "plotly",
    "toolkit.analytics",
    "toolkit.charts",
    "duckdb",
    "scipy",
    "lifelines",
    "jsonschema",  # the server checked the exercise files before its kernels started
    "pandas",
    "numpy",
    "pyarrow",
)

BUILD_FIRST_TAB = """
import json, sys
from toolkit.apps.participant import ParticipantApp
from toolkit.store import Workspace

app = ParticipantApp(Workspace.open(sys.argv[1]))
app.start("key=" + sys.argv[2])
print(json.dumps({"built": app.tabs.built, "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def first_tab(demo) -> dict:
    key = next(iter(demo.keys.values()))
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BUILD_FIRST_TAB), str(demo.directory), key],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, EXERCISES_CHECKED_ENV: "1"},
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_the_first_tab_is_built(first_tab):
    assert first_tab["built"] == ["This month"]


@pytest.mark.parametrize("module", HEAVY)
def test_the_first_tab_does_not_import(first_tab, module):
    assert module not in first_tab["modules"]
