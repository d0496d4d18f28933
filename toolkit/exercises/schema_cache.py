"""Which exercise files passed the JSON Schema check, remembered between runs.

Importing jsonschema and checking the six shipped exercises takes 1.5-2 s, longer than the
rest of ``retention report``. A file that passed, unchanged since (same modification time
and size) and checked against the same schema, passes again, so the check is skipped for
it. A file that changed, or a new schema, is checked again in full: its problems are
reported exactly as on the first check, with file and line.

The verdicts live in one small JSON file, ``exercise-schema.json``, in the toolkit's
cache folder (:func:`cache_folder`). It holds paths and numbers, never exercise content;
losing or deleting it only costs the next check its time. When the folder cannot be
written, every check simply runs in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

#: Chooses the cache folder (tests point it at a temporary folder).
CACHE_ENV = "TOOLKIT_CACHE"
CACHE_FILE = "exercise-schema.json"


def cache_folder() -> Path:
    """``$TOOLKIT_CACHE``, else ``$XDG_CACHE_HOME/client-retention-toolkit``, else
    ``~/.cache/client-retention-toolkit``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "client-retention-toolkit"


def stamp(path: Path) -> list[int]:
    """What identifies a version of ``path``: modification time (ns) and size."""
    info = path.stat()
    return [info.st_mtime_ns, info.st_size]


def fingerprint(schema_text: str) -> str:
    """A short hash of the schema: verdicts given under another schema do not count."""
    return hashlib.sha256(schema_text.encode("utf-8")).hexdigest()[:16]


def _verdicts(schema: str) -> dict[str, list[int]]:
    """The stamps of the files that passed under ``schema`` ({} when none or unreadable)."""
    try:
        stored = json.loads((cache_folder() / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("schema") != schema:
        return {}
    files = stored.get("files")
    return files if isinstance(files, dict) else {}


def passed(path: Path, version: list[int], schema: str) -> bool:
    """Whether ``path``, at ``version`` (its :func:`stamp`), passed under ``schema``."""
    return _verdicts(schema).get(str(path.resolve())) == version


def remember(path: Path, version: list[int], schema: str) -> None:
    """Record that ``path`` at ``version`` passed under ``schema``, forgetting files that
    no longer exist. The file is replaced in one step (a reader never sees half of it);
    failures to write are ignored."""
    kept = {name: seen for name, seen in _verdicts(schema).items() if Path(name).is_file()}
    files = kept | {str(path.resolve()): version}
    folder = cache_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".exercise-schema-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({"schema": schema, "files": files}, file)
        Path(temporary).replace(folder / CACHE_FILE)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
