"""One source per vocabulary: the migrations, the models, the CLI's help and the docs say
the same as it.

- transaction kinds: :data:`toolkit.transaction_kinds.TRANSACTION_KINDS`;
- record kinds (what ``retention import KIND`` loads): :data:`toolkit.store.records.RECORD_KINDS`;
- mapping presets: the YAML files, :func:`toolkit.store.mapping_presets.preset_files`;
- exercise item kinds: the exercise JSON Schema, ``toolkit/exercises/schema/v1.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from toolkit.analytics.revenue import kind_codes
from toolkit.cli import app
from toolkit.exercises.items import FIELD_KINDS, ITEM_KINDS, ROW_KINDS
from toolkit.store import Workspace, schema
from toolkit.store.mapping_presets import preset_files
from toolkit.store.mappings import DEFAULT, load_mapping
from toolkit.store.records import RECORD_KINDS
from toolkit.transaction_kinds import CONCESSION_KINDS, TRANSACTION_KINDS
from toolkit.widgets.items import WIDGETS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _words(text: str) -> str:
    """``text`` with every run of whitespace as one space (help is wrapped to the terminal)."""
    return " ".join(text.split())


def _names(text: str, pattern: str) -> list[str]:
    """The names (``client_records``, ``multi-choice``) in the first group of ``pattern``
    matched in ``text`` (whitespace runs read as one space), "or" and "and" left out."""
    found = re.search(pattern, _words(text))
    assert found, f"nothing matches {pattern!r}"
    return [w for w in re.findall(r"[a-z][a-z_-]*", found.group(1)) if w not in ("or", "and")]


def _in_values(sql: str, column: str) -> list[str]:
    """The quoted values of ``column IN ('a', 'b')`` in a CHECK constraint's SQL."""
    found = re.search(rf"\b{column} IN \(([^)]*)\)", str(sql))
    assert found, f"no '{column} IN (...)' in {sql}"
    return re.findall(r"'([^']*)'", found.group(1))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> sa.Inspector:
    """A workspace brought to the head revision by the shipped migrations."""
    return sa.inspect(Workspace.open(tmp_path_factory.mktemp("vocabularies")).engine)


@pytest.fixture(scope="module")
def import_help() -> str:
    result = CliRunner().invoke(app, ["import", "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return _words(result.output)


# Transaction kinds ------------------------------------------------------------------------


def test_transaction_kinds_are_the_invoice_and_the_three_concessions():
    assert TRANSACTION_KINDS == ("invoice", "discount", "refund", "credit")
    assert set(CONCESSION_KINDS) == set(TRANSACTION_KINDS) - {"invoice"}


def test_the_migrated_database_checks_the_transaction_kinds(migrated):
    checks = [c["sqltext"] for c in migrated.get_check_constraints("transactions")]
    kinds = [_in_values(sql, "kind") for sql in checks if "kind" in str(sql)]
    assert kinds == [list(TRANSACTION_KINDS)]


def test_the_model_checks_and_defaults_the_transaction_kinds():
    table = schema.metadata.tables["transactions"]
    checks = [c.sqltext for c in table.constraints if isinstance(c, sa.CheckConstraint)]
    assert [_in_values(sql, "kind") for sql in checks if "kind" in str(sql)] == [
        list(TRANSACTION_KINDS)
    ]
    assert table.c.kind.default.arg == TRANSACTION_KINDS[0]


def test_the_importer_accepts_exactly_the_transaction_kinds():
    kind = RECORD_KINDS["transactions"].field("kind")
    assert kind.choices == TRANSACTION_KINDS
    assert kind.default == TRANSACTION_KINDS[0]


def test_the_analytics_code_each_transaction_kind_by_its_position():
    import pandas as pd

    frame = pd.DataFrame({"kind": list(reversed(TRANSACTION_KINDS))})
    assert list(kind_codes(frame)) == [3, 2, 1, 0]


@pytest.mark.parametrize(
    ("document", "pattern"),
    [
        ("importing.md", r"\*\*amount\*\* \(>= 0\), kind \(([^;]*); default invoice\)"),
        ("architecture.md", r"\| participant_id, transaction_id \| kind ([a-z/]*),"),
        ("analytics.md", r"kinds spelled exactly as (.*?) are compared in SQL"),
    ],
)
def test_the_docs_list_the_transaction_kinds(document, pattern):
    assert _names((DOCS / document).read_text(), pattern) == list(TRANSACTION_KINDS)


# Record kinds -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_every_record_kind_has_its_table_and_columns_in_models_and_migrations(kind, migrated):
    columns = {field.column for field in RECORD_KINDS[kind].fields}
    assert columns <= set(schema.metadata.tables[kind].c.keys())
    assert columns <= {column["name"] for column in migrated.get_columns(kind)}


def test_the_cli_help_lists_the_record_kinds(import_help):
    assert _names(import_help, r"What the file holds, one of: (.*?)\. ") == list(RECORD_KINDS)


def test_the_docs_list_the_record_kinds():
    importing = (DOCS / "importing.md").read_text()
    assert _names(importing, r"`KIND` is one of (.*?)\. ") == list(RECORD_KINDS)
    table = re.search(r"\| kind \| fields \| key \|\n\|[-|]+\|\n(.*?)\n\n", importing, re.S)
    assert [row.split("|")[1].strip() for row in table.group(1).splitlines()] == list(RECORD_KINDS)
    cli = (DOCS / "cli.md").read_text()
    assert _names(cli, r"KIND is one of (.*?)\. ") == list(RECORD_KINDS)


# Mapping presets ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(preset_files()))
def test_every_preset_file_is_a_mapping_of_that_name(name):
    assert load_mapping(name).name == name


def test_the_default_mapping_is_a_preset():
    assert DEFAULT in preset_files()


def test_the_cli_help_lists_the_presets(import_help):
    assert _names(import_help, r"Column layout: a preset \((.*?)\)") == list(preset_files())


def test_the_docs_have_a_section_per_preset_and_name_no_other():
    importing = (DOCS / "importing.md").read_text()
    for name in preset_files():
        assert re.search(rf"^### .*\b{name}\b", importing, re.M | re.I), name
    documents = [ROOT / "README.md", *DOCS.glob("*.md")]
    preset = re.compile(r"--mapping ([a-z]+)(?![\w.-])")  # a name, not a file
    named = {name for path in documents for name in preset.findall(path.read_text())}
    assert named <= set(preset_files())


# Exercise item kinds ------------------------------------------------------------------------


def _schema_enum(definition: str) -> list[str]:
    """The item kinds the exercise JSON Schema allows in ``$defs/<definition>``."""
    schema_file = ROOT / "toolkit" / "exercises" / "schema" / "v1.json"
    found = json.loads(schema_file.read_text())["$defs"][definition]
    for part in (found, *found.get("allOf", [])):
        kind = part.get("properties", {}).get("kind", {})
        if "enum" in kind:
            return kind["enum"]
    raise AssertionError(f"no kind enum in $defs/{definition}")


def test_the_exercise_docs_list_the_item_kinds_of_the_schema():
    exercises = (DOCS / "exercises.md").read_text()
    table = exercises.split("| kind | extra fields | answer |")[1].split("\n\n")[0]
    documented = re.findall(r"^\| `([a-z-]+)` \|", table, re.M)
    assert documented == _schema_enum("common")
    assert _names(exercises, r"have `id`, `kind` \((.*?)\)") == list(FIELD_KINDS)


def test_item_kinds_are_the_schemas_and_each_has_one_widget():
    assert list(ITEM_KINDS) == _schema_enum("common")
    assert list(WIDGETS) == list(ITEM_KINDS)


def test_row_fields_and_row_items_are_kinds_of_the_schema():
    assert _schema_enum("field") == list(FIELD_KINDS)
    assert set(ROW_KINDS) | set(FIELD_KINDS) <= set(_schema_enum("common"))
