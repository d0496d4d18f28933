"""Private folders and files: owner only, whatever the umask, without changing it."""

from __future__ import annotations

import os

import pytest

from toolkit.store.private import open_private, private_folder

pytestmark = [
    pytest.mark.usefixtures("permissive_umask"),
    pytest.mark.sqlite_only("file modes, with no database"),
]


def mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_folder_is_private_and_its_missing_parents_are_not(tmp_path):
    folder = private_folder(tmp_path / "parent" / "folder")
    assert folder.is_dir()
    assert mode(folder) == 0o700
    assert mode(tmp_path / "parent") == 0o755


def test_an_existing_folder_keeps_the_mode_its_owner_gave_it(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o750)
    assert mode(private_folder(shared)) == 0o750


def test_a_file_is_written_private_and_the_umask_is_left_as_it_was(tmp_path):
    path = tmp_path / "notes.csv"
    with open_private(path, encoding="utf-8") as file:
        assert mode(path) == 0o600  # before any content is written
        file.write("client,note\n")
    assert path.read_text(encoding="utf-8") == "client,note\n"
    assert mode(path) == 0o600
    assert os.umask(0o022) == 0o022


def test_a_file_rewritten_in_place_is_made_private(tmp_path):
    path = tmp_path / "summary.html"
    path.write_bytes(b"old")
    assert mode(path) == 0o644
    with open_private(path, "wb") as file:
        file.write(b"new")
    assert (path.read_bytes(), mode(path)) == (b"new", 0o600)
