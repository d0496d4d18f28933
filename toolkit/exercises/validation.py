"""Check exercise files: YAML syntax, schema version, JSON Schema, then the rules a schema
cannot express (unique ids, scoring that points at real items, bands without gaps).

Every problem carries the file and the line it is about, so ``retention exercises check``
can print ``file:line: message`` lines an editor jumps to.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from toolkit.excuse_causes import CAUSE_IDS
from toolkit.exercises import schema_cache
from toolkit.exercises.items import ROW_KINDS
from toolkit.exercises.source import Document, read

SCHEMA_VERSION = 1
Path_ = tuple[str | int, ...]
#: Shared option lists a choice field can promise to use (``vocabulary: <name>``): its
#: option ids must be exactly these, so answers and imported data speak the same words.
VOCABULARIES: dict[str, tuple[str, ...]] = {"excuse-causes": CAUSE_IDS}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an exercise file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@cache
def schema_text(version: int = SCHEMA_VERSION) -> str:
    """The JSON Schema of exercise files as shipped, ``toolkit/exercises/schema/v<N>.json``."""
    return resources.files("toolkit.exercises").joinpath(f"schema/v{version}.json").read_text()


@cache
def schema(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema of exercise files (:func:`schema_text`, parsed)."""
    return json.loads(schema_text(version))


def check_file(path: Path, schema: bool = True) -> tuple[Document | None, list[Problem]]:
    """Read and check one exercise file; the document is None when it cannot be parsed.

    ``schema=False`` skips the JSON Schema (and the import of jsonschema, about 2 s and
    15 MB) for files checked already, e.g. by ``retention serve`` before its kernels start.
    With ``schema``, a file that passed it before, unchanged since, is not checked again
    (:mod:`~toolkit.exercises.schema_cache`); a changed file is checked in full.
    """
    name = str(path)
    version = schema_cache.stamp(path)  # before reading: a later change is seen next time
    try:
        document = read(path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(name, line, f"not valid YAML: {reason}")]
    found = [
        (line, f"duplicate key {key!r} (the later value would win)")
        for key, line in document.duplicate_keys
    ]
    version_problem = _version_problem(document.data)
    if version_problem:
        found.append((document.line(["schema_version"]), version_problem))
    else:
        schema_problems = _schema_problems(document.data, path, version) if schema else []
        found += [(document.line(p), m) for p, m in schema_problems]
        if not schema_problems:
            found += [(document.line(p), m) for p, m in _rule_problems(document.data)]
    return document, sorted(Problem(name, line, message) for line, message in found)


def _version_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "an exercise file holds a mapping of fields (id, title, sections, ...)"
    version = data.get("schema_version")
    if version is None:
        return f"schema_version is missing: add 'schema_version: {SCHEMA_VERSION}'"
    if not isinstance(version, int) or isinstance(version, bool):
        return f"schema_version must be a whole number ({SCHEMA_VERSION})"
    if version < SCHEMA_VERSION:
        return (
            f"schema_version {version} is too old: this toolkit reads version {SCHEMA_VERSION}; "
            "see 'Schema versions' in docs/exercises.md to update the file"
        )
    if version > SCHEMA_VERSION:
        return (
            f"schema_version {version} is newer than this toolkit understands (it reads "
            f"version {SCHEMA_VERSION}); upgrade the toolkit to use this file"
        )
    return None


def _where(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "exercise"


def _schema_problems(data: Any, path: Path, version: list[int]) -> list[tuple[Path_, str]]:
    """The JSON Schema's complaints about ``data`` (read from ``path`` at ``version``),
    or none when that version of the file passed before; a pass is remembered."""
    hashed = schema_cache.fingerprint(schema_text())
    if schema_cache.passed(path, version, hashed):
        return []
    problems = list(_schema_errors(data))
    if not problems:
        schema_cache.remember(path, version, hashed)
    return problems


def _schema_errors(data: Any) -> Iterator[tuple[Path_, str]]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    unknown_kinds = [
        tuple(e.absolute_path)[:-1]
        for e in errors
        if e.validator == "enum" and list(e.absolute_path)[-1:] == ["kind"]
    ]
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "enum" and path[-1:] == ("kind",):
            known = ", ".join(error.validator_value)
            yield path, f"unknown item kind {error.instance!r} (known kinds: {known})"
        elif any(path[: len(p)] == p for p in unknown_kinds):
            continue
        elif error.validator == "oneOf":
            choices = " or ".join(
                "/".join(option.get("required", [])) for option in error.validator_value
            )
            yield path, f"{_where(path)}: give exactly one of {choices}"
        else:
            yield path, f"{_where(path)}: {error.message}"


def _rule_problems(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Rules beyond the schema; ``data`` already matches the schema."""
    items: dict[str, dict[str, Any]] = {}
    for s, section in enumerate(data["sections"]):
        for i, item in enumerate(section["items"]):
            path: Path_ = ("sections", s, "items", i)
            if item["id"] in items:
                yield (*path, "id"), f"duplicate item id {item['id']!r}"
            items.setdefault(item["id"], item)
            yield from _item_problems(item, path)
    yield from _duplicates(data["sections"], ("sections",), "section id")
    score_ids = yield from _scoring_problems(data["scoring"], items)
    yield from _band_problems(data["bands"], data["scoring"])
    band_ids = {band["id"] for band in data["bands"]}
    for f, follow_up in enumerate(data.get("follow_ups", [])):
        path = ("follow_ups", f, "when")
        for band_id in follow_up["when"].get("bands", []):
            if band_id not in band_ids:
                yield (*path, "bands"), f"follow-up refers to unknown band {band_id!r}"
        score_id = follow_up["when"].get("score")
        if score_id is not None and score_id not in {*score_ids, "total"}:
            yield (*path, "score"), f"follow-up refers to unknown score {score_id!r}"


def _duplicates(entries: list[dict], path: Path_, what: str) -> Iterator[tuple[Path_, str]]:
    counts = Counter(entry["id"] for entry in entries)
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if counts[entry["id"]] > 1 and entry["id"] in seen:
            yield (*path, index, "id"), f"duplicate {what} {entry['id']!r}"
        seen.add(entry["id"])


def _item_problems(item: dict[str, Any], path: Path_) -> Iterator[tuple[Path_, str]]:
    yield from _duplicates(item.get("options", []), (*path, "options"), "option id")
    yield from _duplicates(item.get("fields", []), (*path, "fields"), "field id")
    low, high = item.get("min"), item.get("max")
    if low is not None and high is not None and low >= high:
        yield (*path, "min"), f"min ({low}) must be below max ({high})"
    elif item["kind"] == "scale" and low is not None and high is not None:
        for key in item["anchors"]:
            if not low <= int(key) <= high:
                yield (*path, "anchors", key), f"anchor {key} lies outside the scale {low}..{high}"
    for f, spec in enumerate(item.get("fields", [])):
        field_path = (*path, "fields", f)
        yield from _item_problems(spec, field_path)
        if "suggest" in spec and item["kind"] != "client-rating":
            yield (*field_path, "suggest"), "only client-rating fields can be pre-filled (suggest)"
        if "vocabulary" in spec:
            yield from _vocabulary_problems(spec, field_path)
    if item["kind"] == "checklist" and "options" in item and "entries" in item:
        yield (*path, "entries"), "a checklist has either fixed options or free entries"


def _vocabulary_problems(spec: dict[str, Any], path: Path_) -> Iterator[tuple[Path_, str]]:
    name = spec["vocabulary"]
    if name not in VOCABULARIES:
        known = ", ".join(VOCABULARIES)
        yield (*path, "vocabulary"), f"unknown vocabulary {name!r} (known: {known})"
        return
    expected = VOCABULARIES[name]
    given = [option["id"] for option in spec.get("options", [])]
    if spec["kind"] != "choice" or sorted(given) != sorted(expected):
        yield (
            (*path, "vocabulary"),
            f"a field using vocabulary {name!r} is a choice of exactly the options "
            f"{', '.join(expected)} (has: {', '.join(given) or 'none'})",
        )


def _scoring_problems(scoring: dict[str, Any], items: dict[str, dict]):
    """Yield problems of the scoring rules; return the ids of the section scores."""
    known: list[str] = []
    rules: list[tuple[Path_, dict[str, Any]]] = [
        (("scoring", "sections", r), rule) for r, rule in enumerate(scoring["sections"])
    ]
    rules.append((("scoring", "total"), scoring["total"]))
    for path, rule in rules:
        rule_id = rule.get("id")
        if rule_id in known:
            yield (*path, "id"), f"duplicate score id {rule_id!r}"
        if rule["method"] == "ratio" and len(rule["terms"]) != 2:
            yield (*path, "terms"), "a ratio needs exactly two terms (numerator, denominator)"
        for t, term in enumerate(rule["terms"]):
            yield from _term_problems(term, (*path, "terms", t), items, known)
        if rule_id is not None:
            known.append(rule_id)
    return known


def _term_problems(
    term: dict[str, Any], path: Path_, items: dict[str, dict], scores: list[str]
) -> Iterator[tuple[Path_, str]]:
    if "score" in term:
        if term["score"] not in scores:
            yield (
                (*path, "score"),
                (
                    f"scoring refers to unknown score {term['score']!r} "
                    "(define it earlier, under scoring.sections)"
                ),
            )
        return
    item = items.get(term["item"])
    if item is None:
        yield (*path, "item"), f"scoring refers to missing item {term['item']!r}"
        return
    kind = item["kind"]
    if kind in ROW_KINDS and term.get("aggregate") != "answered":
        fields = {f["id"]: f for f in item["fields"]}
        aggregate = term.get("aggregate", "mean")
        if aggregate in ("mean", "sum"):
            spec = fields.get(term.get("field"))
            if spec is None:
                yield (
                    (*path, "field"),
                    (
                        f"scoring needs a field of {item['id']!r} to {aggregate} "
                        f"(fields: {', '.join(fields)})"
                    ),
                )
            elif not _scorable(spec):
                yield (
                    (*path, "field"),
                    f"field {spec['id']!r} ({spec['kind']}) has no number to score",
                )
        where = term.get("where")
        if where and where["field"] not in fields:
            yield (*path, "where", "field"), f"{item['id']!r} has no field {where['field']!r}"
        if aggregate == "share" and not where:
            yield (*path, "aggregate"), "a share needs 'where' to say which rows count"
    elif term.get("aggregate") == "answered":
        if "field" in term or "where" in term:
            yield path, "an 'answered' term counts a whole item: no field or where"
    else:
        if "field" in term or "aggregate" in term or "where" in term:
            yield path, f"field/aggregate/where apply to table and client-rating items, not {kind}"
        if not _scorable(item):
            yield (*path, "item"), f"item {item['id']!r} ({kind}) has no number to score"
    if term.get("reverse") and not _has_range(item, term):
        yield (*path, "reverse"), "only terms with a known range (scale, scored options) reverse"


def _scorable(spec: dict[str, Any]) -> bool:
    if spec["kind"] in ("scale", "number", "checklist", "multi-choice"):
        return True
    return spec["kind"] == "choice" and any("score" in o for o in spec["options"])


def _has_range(item: dict[str, Any], term: dict[str, Any]) -> bool:
    if term.get("aggregate") == "answered":
        return True
    if item["kind"] in ROW_KINDS:
        if term.get("aggregate") == "share":
            return True
        spec = next((f for f in item["fields"] if f["id"] == term.get("field")), None)
        return spec is not None and term.get("aggregate", "mean") == "mean" and _has_range(spec, {})
    if item["kind"] == "number":
        return "min" in item and "max" in item
    return item["kind"] in ("scale", "checklist", "multi-choice") or _scorable(item)


def _band_problems(bands: list[dict], scoring: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    yield from _duplicates(bands, ("bands",), "band id")
    order = sorted(range(len(bands)), key=lambda b: bands[b]["min"])
    for b in order:
        if bands[b]["min"] >= bands[b]["max"]:
            yield ("bands", b, "min"), f"band {bands[b]['id']!r}: min must be below max"
    first, last = bands[order[0]], bands[order[-1]]
    if first["min"] > scoring["min"]:
        yield (
            ("bands", order[0], "min"),
            (
                f"gap: no band covers {scoring['min']:g} to {first['min']:g} (scoring min is "
                f"{scoring['min']:g})"
            ),
        )
    if last["max"] < scoring["max"]:
        yield (
            ("bands", order[-1], "max"),
            (
                f"gap: no band covers {last['max']:g} to {scoring['max']:g} (scoring max is "
                f"{scoring['max']:g})"
            ),
        )
    for before, after in itertools.pairwise(order):
        low, high = bands[before]["max"], bands[after]["min"]
        if high > low:
            yield (
                ("bands", after, "min"),
                (
                    f"gap between bands {bands[before]['id']!r} and {bands[after]['id']!r}: "
                    f"nothing covers {low:g} to {high:g}"
                ),
            )
        elif high < low:
            yield (
                ("bands", after, "min"),
                (
                    f"bands {bands[before]['id']!r} and {bands[after]['id']!r} overlap from "
                    f"{high:g} to {low:g}"
                ),
            )
