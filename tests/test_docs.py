"""Docs that stay honest: every CLI verb is documented, the quick start is the Makefile's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from toolkit.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _verbs(command, prefix: str = "retention") -> list[str]:
    found = []
    for name, sub in getattr(command, "commands", {}).items():
        path = f"{prefix} {name}"
        found += _verbs(sub, path) if getattr(sub, "commands", None) else [path]
    return found


VERBS = _verbs(typer.main.get_command(app))


def test_the_cli_has_the_verbs_of_the_design():
    for verb in ("init", "demo", "import", "export", "serve", "participants add"):
        assert f"retention {verb}" in VERBS


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_is_documented(verb):
    assert f"### `{verb}" in (ROOT / "docs" / "cli.md").read_text()


def test_readme_quick_start_is_the_two_make_targets():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M)
    assert re.search(r"^test:", makefile, re.M)


def test_ci_calls_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "export CI=true" in script
    assert re.search(r"^make test$", script, re.M)


@pytest.mark.parametrize(
    "document",
    [
        "README.md",
        "CONTRIBUTING.md",
        *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "docs").glob("*.md")),
    ],
)
def test_relative_links_point_at_existing_files(document):
    path = ROOT / document
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text()):
        assert (path.parent / target).exists(), f"{document} links to missing {target}"
