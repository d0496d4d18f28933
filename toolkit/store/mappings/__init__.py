"""Column mappings: which column of an exported file holds which field of a record.

A mapping is YAML. The presets shipped here (``generic``, ``hubspot``, ``salesforce``,
``pipedrive``) and a user's own file have the same shape::

    name: my-crm                 # optional, shown in reports
    description: ...             # optional
    extends: hubspot             # optional: start from a preset (or another file)
    date_order: DMY              # optional: how to read 03/04/2024 (DMY, MDY or YMD)
    decimal: ","                 # optional: decimal mark of amounts ("." by default)
    ids: salesforce              # optional: 18-character Salesforce ids -> 15
    won_stages: [Closed won]     # optional: deal stages that mean "won"
    file:                        # optional: a text file's layout (see .layout)
      delimiter: whitespace
      columns: [client_id, occurred_on, quantity, amount]   # no header row
    kinds:
      clients:
        columns:                 # field: header, or a list of headers tried in order
          client_id: Account ID
          name: [Account Name, Company]
          owner_id: {join: [First Name, Last Name]}        # columns joined by a space
        values:                  # optional: translate values of a field
          is_internal: {Internal: yes, External: no}
      transactions:
        columns:
          client_id: {first: Associated Company IDs, separator: ";"}  # first of a list

A field the mapping does not mention is looked up under its own name, so the ``generic``
preset is empty and a user's file only lists the columns that differ. Headers match
ignoring case, spaces, underscores and dashes (``Record ID`` = ``record_id``). With
``extends``, a kind's ``columns`` and ``values`` are merged field by field: a field the
file names replaces the base's entry for that field only.

Besides the stored fields of each kind (:data:`toolkit.store.records.RECORD_KINDS`), a mapping
may name the columns that steer an import without being stored
(:data:`IMPORT_ONLY_FIELDS`): a deal's ``stage``, ``won`` and ``closed`` flags and its
``currency``.

A broken file or an unknown key is reported as ``file:line:column: problem`` using the
YAML parser's marks.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

from toolkit.errors import ToolkitError
from toolkit.store.mapping_presets import preset_files
from toolkit.store.mappings.layout import FileLayout, LayoutError, column_names, delimiter, widths
from toolkit.store.parsing import DateOrder, ParseOptions
from toolkit.store.records import RECORD_KINDS

DEFAULT = "generic"
Choice = TypeVar("Choice", bound=str)
TOP_KEYS = (
    "name",
    "description",
    "extends",
    "date_order",
    "decimal",
    "ids",
    "won_stages",
    "file",
    "kinds",
)
FILE_KEYS = ("delimiter", "columns", "widths")
KIND_KEYS = ("columns", "values")
DATE_ORDERS: tuple[DateOrder, ...] = ("DMY", "MDY", "YMD")
DECIMAL_MARKS: tuple[Literal[".", ","], ...] = (".", ",")
#: Ways of writing ids that a mapping can ask to bring to one form.
ID_FORMS = ("salesforce",)
#: Deal stages (compared ignoring case) that mean the deal was won, unless a mapping
#: says otherwise: HubSpot's and Salesforce's default won stages, Pipedrive's status.
WON_STAGES = ("won", "closed won")
#: Fields a mapping may name that steer the import of a kind but are not stored.
IMPORT_ONLY_FIELDS: dict[str, tuple[str, ...]] = {
    "transactions": ("stage", "won", "closed", "currency"),
}


class MappingError(ToolkitError):
    """A mapping file that cannot be used; the message starts with file:line:column."""


@dataclass(frozen=True)
class Source:
    """Where a field's value comes from: one column, several joined, or a list's first item.

    ``headers`` has one header, or several whose values are joined with a space
    (``First Name`` + ``Last Name``). With ``separator``, the column holds a list and
    its first item is taken (``123;456`` -> ``123``).
    """

    headers: tuple[str, ...]
    separator: str | None = None

    def describe(self) -> str:
        """How the source reads in a message: ``'A'``, ``'A' + 'B'``, ``first of 'A'``."""
        names = " + ".join(map(repr, self.headers))
        return f"first of {names} ({self.separator!r}-separated)" if self.separator else names


@dataclass(frozen=True)
class KindMapping:
    """How one kind of record is laid out in a file.

    ``columns`` maps a field to the sources that may hold it, in order of preference;
    ``values`` maps a field to a translation of its values (keys compared ignoring case).
    """

    columns: dict[str, tuple[Source, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def sources(self, name: str) -> tuple[Source, ...]:
        """The sources to look for ``name`` in: the mapped ones, then its own name."""
        return (*self.columns.get(name, ()), Source((name,)))

    def headers(self, name: str) -> tuple[str, ...]:
        """Every header that may feed ``name``, in order, without repeats."""
        return tuple(dict.fromkeys(h for source in self.sources(name) for h in source.headers))

    def merged(self, override: KindMapping) -> KindMapping:
        """This layout with ``override``'s fields replacing this one's, field by field."""
        return KindMapping(
            columns={**self.columns, **override.columns},
            values={**self.values, **override.values},
        )


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: parse options, import options, and a layout per kind.

    ``ids`` names a form ids are brought to (``salesforce``: an 18-character id becomes
    its 15-character form, so report and API exports of one record agree);
    ``won_stages`` are the deal stages that count as won; ``layout`` how a text file
    cuts its columns and, without a header row, what they are called.
    """

    name: str
    source: str
    options: ParseOptions = field(default_factory=ParseOptions)
    kinds: dict[str, KindMapping] = field(default_factory=dict)
    ids: str | None = None
    won_stages: tuple[str, ...] = WON_STAGES
    layout: FileLayout = field(default_factory=FileLayout)

    def kind(self, name: str) -> KindMapping:
        """The layout of ``name`` records (every field under its own name if unmapped)."""
        return self.kinds.get(name, KindMapping())

    def with_date_order(self, order: DateOrder | None) -> Mapping:
        """The same mapping reading slashed dates in ``order`` (unchanged for None)."""
        if order is None:
            return self
        return replace(self, options=replace(self.options, date_order=order))

    def with_layout(self, layout: FileLayout) -> Mapping:
        """The same mapping with what ``layout`` says replacing its file layout."""
        return replace(self, layout=self.layout.merged(layout))


def normalise_header(header: str) -> str:
    """A header reduced for matching: lower case, runs of space, ``_`` and ``-`` as one space."""
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


def near_misses(wanted: str, found: list[str], count: int = 2) -> list[str]:
    """Headers of ``found`` that look like ``wanted`` (typos, singular for plural...).

    >>> near_misses("Associated Company ID", ["Deal Name", "Associated Company IDs"])
    ['Associated Company IDs']
    """
    by_key = {normalise_header(header): header for header in found}
    close = difflib.get_close_matches(normalise_header(wanted), list(by_key), count, 0.75)
    return [by_key[key] for key in close]


def presets() -> dict[str, str]:
    """The shipped presets: name -> their one-line description."""
    return {
        name: yaml.safe_load(file.read_text("utf-8"))["description"]
        for name, file in preset_files().items()
    }


def load_mapping(name_or_path: str | os.PathLike[str] | None = None) -> Mapping:
    """A preset by name (default ``generic``) or a user's YAML file by path."""
    return _load(str(name_or_path or DEFAULT), ())


def _load(value: str, chain: tuple[str, ...]) -> Mapping:
    path = Path(value)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise MappingError(f"{path}: mapping file not found")
        return _parse(path.read_text("utf-8"), str(path), (*chain, value), path.parent)
    preset = preset_files().get(value)
    if preset is None:
        raise MappingError(
            f"unknown mapping {value!r}: give a preset ({', '.join(preset_files())}) "
            "or the path of a .yaml file"
        )
    return _parse(preset.read_text("utf-8"), f"preset {value}", (*chain, value), None)


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
            hint = difflib.get_close_matches(key, allowed, 1)
            did_you_mean = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise _fail(
                source,
                key_node,
                f"unknown key {key!r} in {what}{did_you_mean}; allowed: {', '.join(allowed)}",
            )
        entries.append((key, key_node, value_node))
    return entries


def _scalar(source: str, node: yaml.Node, what: str, choices: tuple[str, ...] = ()) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        raise _fail(source, node, f"{what} must be a single value")
    if choices and node.value not in choices:
        raise _fail(source, node, f"{what} must be one of {', '.join(choices)}")
    return node.value


def _choice(source: str, node: yaml.Node, what: str, choices: tuple[Choice, ...]) -> Choice:
    """A single value that must be one of ``choices``, typed as they are."""
    value = _scalar(source, node, what, choices)
    return choices[choices.index(value)]


def _scalars(source: str, node: yaml.Node, what: str) -> tuple[str, ...]:
    """One value or a non-empty list of values."""
    if isinstance(node, yaml.SequenceNode):
        if not node.value:
            raise _fail(source, node, f"{what} lists nothing")
        return tuple(_scalar(source, item, what) for item in node.value)
    return (_scalar(source, node, what),)


def _source(source: str, node: yaml.Node, what: str) -> Source:
    """A header, ``{join: [headers]}`` or ``{first: header, separator: ";"}``."""
    if not isinstance(node, yaml.MappingNode):
        return Source((_scalar(source, node, what),))
    entries = {key: value for key, _, value in _pairs(source, node, what, SOURCE_KEYS)}
    if ("join" in entries) == ("first" in entries):
        raise _fail(source, node, f"{what} needs either join: [headers] or first: header")
    if "join" in entries:
        if "separator" in entries:
            raise _fail(source, entries["separator"], f"{what}: separator goes with first")
        return Source(_scalars(source, entries["join"], f"{what}.join"))
    separator = entries.get("separator")
    return Source(
        (_scalar(source, entries["first"], f"{what}.first"),),
        _scalar(source, separator, f"{what}.separator") if separator is not None else ";",
    )


SOURCE_KEYS = ("join", "first", "separator")


def _kind_mapping(source: str, kind: str, node: yaml.Node) -> KindMapping:
    fields = (*RECORD_KINDS[kind].names, *IMPORT_ONLY_FIELDS.get(kind, ()))
    columns: dict[str, tuple[Source, ...]] = {}
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
                columns[name] = tuple(_source(source, item, what) for item in entry.value)
            elif isinstance(entry, yaml.SequenceNode):
                raise _fail(source, name_node, f"{what} lists no header")
            else:
                columns[name] = (_source(source, entry, what),)
    return KindMapping(columns=columns, values=values)


def parse_mapping(text: str, source: str) -> Mapping:
    """Read mapping YAML; ``source`` names it in error messages (``file:line:column``)."""
    return _parse(text, source, (), None)


def _parse(text: str, source: str, chain: tuple[str, ...], folder: Path | None) -> Mapping:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise MappingError(f"{source}:{where}: not valid YAML: {error.problem}") from None
    if root is None:
        raise MappingError(f"{source}:1:1: the mapping is empty")
    settings: dict[str, str] = {}
    date_order: DateOrder | None = None
    decimal: Literal[".", ","] | None = None
    kinds: dict[str, KindMapping] = {}
    base = Mapping(name="", source=source)
    won_stages: tuple[str, ...] | None = None
    layout = FileLayout()
    for key, _, node in _pairs(source, root, "the mapping", TOP_KEYS):
        if key == "file":
            layout = _file_layout(source, node)
        elif key == "kinds":
            for kind, _, kind_node in _pairs(source, node, "kinds", tuple(RECORD_KINDS)):
                kinds[kind] = _kind_mapping(source, kind, kind_node)
        elif key == "extends":
            base = _base(source, node, chain, folder)
        elif key == "won_stages":
            won_stages = _scalars(source, node, key)
        elif key == "date_order":
            date_order = _choice(source, node, key, DATE_ORDERS)
        elif key == "decimal":
            decimal = _choice(source, node, key, DECIMAL_MARKS)
        elif key == "ids":
            settings[key] = _scalar(source, node, key, ID_FORMS)
        else:
            settings[key] = _scalar(source, node, key)
    merged = {kind: base.kind(kind).merged(layout) for kind, layout in kinds.items()}
    return Mapping(
        name=settings.get("name", Path(source).stem),
        source=source,
        options=ParseOptions(
            date_order=date_order or base.options.date_order,
            decimal=decimal or base.options.decimal,
        ),
        kinds={**base.kinds, **merged},
        ids=settings.get("ids", base.ids),
        won_stages=won_stages or base.won_stages,
        layout=base.layout.merged(layout),
    )


def _file_layout(source: str, node: yaml.Node) -> FileLayout:
    """The ``file:`` block: delimiter, columns (one name or a list), widths (a list)."""
    # FileLayout's keyword arguments: a delimiter (text) or columns and widths (tuples).
    found: dict[str, Any] = {}
    for key, key_node, value in _pairs(source, node, "file", FILE_KEYS):
        try:
            if key == "delimiter":
                found[key] = delimiter(_scalar(source, value, "file.delimiter"))
            elif key == "columns":
                found[key] = column_names(_scalars(source, value, "file.columns"))
            else:
                found[key] = widths(_scalars(source, value, "file.widths"))
        except LayoutError as error:
            raise _fail(source, key_node, f"file.{key}: {error}") from None
    try:
        return FileLayout(**found)
    except LayoutError as error:
        raise _fail(source, node, f"file: {error}") from None


def _base(source: str, node: yaml.Node, chain: tuple[str, ...], folder: Path | None) -> Mapping:
    """The mapping named by ``extends``: a preset, or a file relative to this one."""
    name = _scalar(source, node, "extends")
    looked_up = (
        str(folder / name) if folder is not None and name.endswith((".yaml", ".yml")) else name
    )
    if looked_up in chain:
        raise _fail(source, node, f"extends {name!r} goes round in a circle")
    try:
        return _load(looked_up, chain)
    except MappingError as error:
        raise _fail(source, node, f"cannot extend {name!r}: {error}") from None
