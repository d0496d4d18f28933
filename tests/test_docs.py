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


#: Where the project's own text lives: everything a user or contributor reads.
PROJECT_TEXT = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    *(
        path
        for folder in ("toolkit", "docs", "notebooks", "exercises", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".md", ".ipynb", ".yaml", ".json", ".j2", ".js", ".html"}
    ),
]
#: Markdown documents a reader opens.
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "benchmarks" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]


def test_the_project_refers_to_nothing_outside_it():
    """Formulas and definitions live in docs/, not in files that do not ship with it."""
    outside = re.compile(r"DOMAIN\.md|\.\./shared\b")
    found = [
        str(path.relative_to(ROOT))
        for path in PROJECT_TEXT
        if outside.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_test_path_a_document_names_exists(document):
    named = set(re.findall(r"\btests/[\w./-]*\w", document.read_text()))
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == []


def test_the_recipes_name_files_and_tests_that_exist():
    """CONTRIBUTING's recipes say which files to touch and which test to copy."""
    recipes = (ROOT / "CONTRIBUTING.md").read_text().split("## Recipes")[1]
    paths = set(re.findall(r"\b(?:toolkit|tests|exercises|docs)/[\w./-]*\w", recipes))
    assert len(paths) >= 20
    assert sorted(path for path in paths if not (ROOT / path).exists()) == []
    tests = set(re.findall(r"`(test_\w+)`", recipes))
    defined = "\n".join(path.read_text() for path in (ROOT / "tests").rglob("test_*.py"))
    assert tests and sorted(name for name in tests if f"def {name}(" not in defined) == []


def test_every_cited_docs_section_exists():
    """A docstring citing ``docs/analytics.md, "Retention measures"`` finds that heading."""
    cited = re.compile(r"""(docs/[\w-]+\.md)(?:'s)?,?\s+"([^"]+)\"""")
    citations = {
        (document, section)
        for path in PROJECT_TEXT
        if path.suffix == ".py"
        for document, section in cited.findall(path.read_text())
    }
    assert len(citations) >= 10  # the analytics docstrings cite their sections
    missing = [
        f"{document}, {section!r}"
        for document, section in sorted(citations)
        if not re.search(rf"^#+ {re.escape(section)}$", (ROOT / document).read_text(), re.M)
    ]
    assert missing == []
