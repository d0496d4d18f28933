"""Read a YAML file and remember the line of every key and list entry.

Validation messages point at ``file:line``; PyYAML's node marks give the lines. The data
comes back as ordinary dicts and lists (subclasses carrying a ``lines`` map), so it can be
validated with JSON Schema and parsed like any other YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class LinedDict(dict):
    """A mapping that knows the line of each of its keys."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}


class LinedList(list):
    """A sequence that knows the line of each of its entries."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}


@dataclass
class Document:
    """A parsed YAML file: its data, and the duplicate keys met while reading it."""

    path: Path
    data: Any
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)

    def line(self, path: Iterable[str | int]) -> int:
        """The line of the deepest node on ``path`` that exists (1 for the document)."""
        line, node = 1, self.data
        for part in path:
            lines = getattr(node, "lines", None)
            if lines is None or part not in lines:
                break
            line, node = lines[part], node[part]
        return line


#: libyaml's parser when PyYAML was built with it (about ten times faster on the shipped
#: exercises, which every app and test loads); its nodes carry the same line marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]  # a class chosen at import
    duplicates: list[tuple[str, int]]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicates.append((str(key), line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList()
    for index, child in enumerate(node.value):
        result.append(loader.construct_object(child, deep=True))
        result.lines[index] = child.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def read(path: Path) -> Document:
    """Parse ``path``; raises :class:`yaml.YAMLError` (with a mark) on broken YAML."""
    loader = _Loader(path.read_text(encoding="utf-8"))
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return Document(path, data, loader.duplicates)
