"""Column mappings: which column of an exported file holds which field of a record.

A mapping is YAML. The presets shipped here (``generic``, ``hubspot``, ``salesforce``,
``pipedrive``) and a user's own file have the same shape::

    name: my-crm                 # optional, shown in reports
    description: ...             # optional
    date_order: DMY              # optional: how to read 03/04/2024 (DMY or MDY)
    decimal: ","                 # optional: decimal mark of amounts ("." by default)
    kinds:
      clients:
        columns:                 # field: header, or a list of headers tried in order
          client_id: Account ID
          name: [Account Name, Company]
        values:                  # optional: translate values of a field
          is_internal: {Internal: yes, External: no}

A field the mapping does not mention is looked up under its own name, so the ``generic``
preset is empty and a user's file only lists the columns that differ. Headers match
ignoring case, spaces, underscores and dashes (``Record ID`` = ``record_id``).

A broken file or an unknown key is reported as ``file:line:column: problem`` using the
YAML parser's marks.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from toolkit.errors import ToolkitError
from toolkit.store.records import KINDS, ParseOptions

DEFAULT = "generic"
TOP_KEYS = ("name", "description", "date_order", "decimal", "kinds")
KIND_KEYS = ("columns", "values")


class MappingError(ToolkitError):
    """A mapping file that cannot be used; the message starts with file:line:column."""


@dataclass(frozen=True)
class KindMapping:
    """How one kind of record is laid out in a file.

    ``columns`` maps a field to the headers that may hold it, in order of preference;
    ``values`` maps a field to a translation of its values (keys compared ignoring case).
    """

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def headers(self, name: str) -> tuple[str, ...]:
        """The headers to look for ``name`` under: the mapped ones, then its own name."""
        return (*self.columns.get(name, ()), name)


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: parse options plus a layout per kind."""

    name: str
    source: str
    options: ParseOptions = field(default_factory=ParseOptions)
    kinds: dict[str, KindMapping] = field(default_factory=dict)

    def kind(self, name: str) -> KindMapping:
        """The layout of ``name`` records (every field under its own name if unmapped)."""
        return self.kinds.get(name, KindMapping())


def normalise_header(header: str) -> str:
    """A header reduced for matching: lower case, runs of space, ``_`` and ``-`` as one space."""
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


def presets() -> dict[str, str]:
    """The shipped presets: name -> their one-line description."""
    found = {}
    for entry in resources.files(__name__).iterdir():
        if entry.name.endswith(".yaml"):
            found[entry.name.removesuffix(".yaml")] = yaml.safe_load(entry.read_text("utf-8"))[
                "description"
            ]
    return dict(sorted(found.items()))


def load_mapping(name_or_path: str | os.PathLike[str] | None = None) -> Mapping:
    """A preset by name (default ``generic``) or a user's YAML file by path."""
    value = str(name_or_path or DEFAULT)
    path = Path(value)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise MappingError(f"{path}: mapping file not found")
        return parse_mapping(path.read_text("utf-8"), str(path))
    preset = resources.files(__name__).joinpath(f"{value}.yaml")
    if not preset.is_file():
        raise MappingError(
            f"unknown mapping {value!r}: give a preset ({', '.join(presets())}) "
            "or the path of a .yaml file"
        )
    return parse_mapping(preset.read_text("utf-8"), f"preset {value}")


def _fail(source: str, node: yaml.Node, problem: str) -> MappingError:
    mark = node.start_mark
    return MappingError(f"{source}:{mark.line + 1}:{mark.column + 1}: {problem}")


def _pairs(
    source: str, node: yaml.Node, what: str, allowed: tuple[str, ...] | None = None
) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """The (key, key node, value node) entries of a YAML mapping node, checked."""
    if not isinstance(node, yaml.MappingNode):
        raise _fail(source, node, f"{what} must be a mapping of keys to values")
    entries = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise _fail(source, key_node, f"keys of {what} must be plain names")
        if allowed is not None and key not in allowed:
            raise _fail(
                source, key_node, f"unknown key {key!r} in {what}; allowed: {', '.join(allowed)}"
            )
        entries.append((key, key_node, value_node))
    return entries


def _scalar(source: str, node: yaml.Node, what: str, choices: tuple[str, ...] = ()) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        raise _fail(source, node, f"{what} must be a single value")
    if choices and node.value not in choices:
        raise _fail(source, node, f"{what} must be one of {', '.join(choices)}")
    return node.value


def _kind_mapping(source: str, kind: str, node: yaml.Node) -> KindMapping:
    fields = KINDS[kind].names
    columns: dict[str, tuple[str, ...]] = {}
    values: dict[str, dict[str, str]] = {}
    for key, _, value_node in _pairs(source, node, f"kinds.{kind}", KIND_KEYS):
        for name, name_node, entry in _pairs(source, value_node, f"kinds.{kind}.{key}", fields):
            what = f"{kind}.{key}.{name}"
            if key == "values":
                values[name] = {
                    k.lower(): _scalar(source, v, f"{what}.{k}")
                    for k, _, v in _pairs(source, entry, what)
                }
            elif isinstance(entry, yaml.SequenceNode) and entry.value:
                columns[name] = tuple(_scalar(source, item, what) for item in entry.value)
            elif isinstance(entry, yaml.SequenceNode):
                raise _fail(source, name_node, f"{what} lists no header")
            else:
                columns[name] = (_scalar(source, entry, what),)
    return KindMapping(columns=columns, values=values)


def parse_mapping(text: str, source: str) -> Mapping:
    """Read mapping YAML; ``source`` names it in error messages (``file:line:column``)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise MappingError(f"{source}:{where}: not valid YAML: {error.problem}") from None
    if root is None:
        raise MappingError(f"{source}:1:1: the mapping is empty")
    settings: dict[str, str] = {}
    kinds: dict[str, KindMapping] = {}
    for key, _, node in _pairs(source, root, "the mapping", TOP_KEYS):
        if key == "kinds":
            for kind, _, kind_node in _pairs(source, node, "kinds", tuple(KINDS)):
                kinds[kind] = _kind_mapping(source, kind, kind_node)
        elif key == "date_order":
            settings[key] = _scalar(source, node, key, ("DMY", "MDY"))
        elif key == "decimal":
            settings[key] = _scalar(source, node, key, (".", ","))
        else:
            settings[key] = _scalar(source, node, key)
    return Mapping(
        name=settings.get("name", Path(source).stem),
        source=source,
        options=ParseOptions(
            date_order=settings.get("date_order"), decimal=settings.get("decimal", ".")
        ),
        kinds=kinds,
    )
