"""The served process's start-up: jsonschema's "iri" format check is left out (its grammar
costs 0.8 s of CPU at every start), and no schema the server validates needs it."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from toolkit.voila_server import IRI_FORMAT_CHECKER

#: The packages of the served process that validate with JSON schemas.
SCHEMA_PACKAGES = ("jupyter_server", "jupyter_events", "jupyterlab_server", "voila", "nbformat")
#: A schema's ``format`` keyword, in JSON or YAML, and the format's name.
FORMAT = re.compile(r"""["']?format["']?\s*:\s*["']?([\w-]+)""")


def test_the_server_process_loads_jsonschema_without_the_iri_grammar():
    probe = (
        "import sys, toolkit.voila_server, jupyter_server.serverapp, jsonschema;"
        f"print(sys.modules[{IRI_FORMAT_CHECKER!r}] is None,"
        "sorted(jsonschema.FormatChecker().checkers))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    blocked, checked = result.stdout.split(" ", 1)
    assert blocked == "True"
    assert "'iri'" not in checked and "'date-time'" in checked  # the other formats remain


def schema_formats() -> dict[Path, set[str]]:
    """Every JSON or YAML file of :data:`SCHEMA_PACKAGES` and the formats it names."""
    formats = {}
    for package in SCHEMA_PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin is not None, package
        for path in Path(spec.origin).parent.rglob("*"):
            if path.suffix in {".json", ".yaml", ".yml"}:
                formats[path] = set(FORMAT.findall(path.read_text(errors="replace")))
    return formats


def test_no_schema_of_the_server_names_an_iri_format():
    formats = schema_formats()
    named = set().union(*formats.values())
    assert {"datetime", "uri"} <= named  # the scan sees the formats used (event schemas)
    assert {"iri", "iri-reference"}.isdisjoint(named), [
        str(path) for path, names in formats.items() if names & {"iri", "iri-reference"}
    ]
