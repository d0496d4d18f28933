"""Private folders and files: only the workspace's owner may read them.

A workspace holds firms' client lists, invoices and notes, and the hashes of personal keys,
so the folders it creates are 0700 and the files it writes 0600, whatever the umask of the
shell that runs the toolkit. The modes are given when each folder or file is created,
without touching the process-wide umask, which other threads (a server, a kernel) share.
Folders that exist already keep the mode their owner gave them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create the folder ``path`` readable by its owner only, unless it exists; return it.

    Missing parent folders are created with the usual permissions, as ``mkdir -p`` does.
    """
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    return path


def _owner_only(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open` that leaves the file readable and writable by its
    owner only, also when it existed with a wider mode."""
    descriptor = os.open(path, flags, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return descriptor


def open_private(path: Path, mode: str = "w", **options: Any) -> IO[Any]:
    """:func:`open` for writing a file that only its owner may read (mode 0600); its
    content never sits in a file others can open, not even for a moment."""
    return open(path, mode, opener=_owner_only, **options)
